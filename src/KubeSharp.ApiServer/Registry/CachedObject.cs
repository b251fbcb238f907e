using System.Buffers;
using System.Text.Json;
using KubeSharp.Api;
using KubeSharp.Api.Serialization;
using KubeSharp.Storage;

namespace KubeSharp.ApiServer.Registry;

/// <summary>
/// One object as the server holds it: decoded, with its resourceVersion set, its selector attributes, and its JSON
/// encoded at most once and shared by every list and watcher that sends it. Never mutated after creation.
/// </summary>
public sealed class CachedObject
{
    private byte[]? _json;
    private byte[]?[]? _versions;
    private byte[]?[]? _protoItems;
    private Dictionary<string, string>? _fields;
    private Func<string, string?>? _podField;

    public CachedObject(ResourceDefinition resource, string key, IKubeMetaObject obj, long revision)
    {
        Resource = resource;
        Key = key;
        Object = obj;
        Revision = revision;
        Labels = obj.Metadata.Labels ?? (IReadOnlyDictionary<string, string>)EmptyLabels;
    }

    /// <summary>An object just written: its JSON is the stored bytes with the resourceVersion spliced in at
    /// <paramref name="storageSlot"/> (see <see cref="StorageEncoding"/>), so it is never encoded again.</summary>
    internal CachedObject(ResourceDefinition resource, string key, IKubeMetaObject obj, long revision, byte[] json, int storageSlot)
        : this(resource, key, obj, revision)
    {
        _json = json;
        StorageSlot = storageSlot;
    }

    /// <summary>Where <see cref="Json"/> holds the <c>,"resourceVersion":"N"</c> that the stored bytes lack, or -1 when
    /// not known (the object was decoded from the store and its JSON is encoded on demand).</summary>
    internal int StorageSlot { get; } = -1;

    /// <summary>Whether <paramref name="storage"/> (an object encoded for the store, contiguous or a
    /// <see cref="GappedValue"/>) is exactly this object's stored form; only for objects with a known
    /// <see cref="StorageSlot"/>.</summary>
    internal bool StorageFormEquals(ReadOnlyMemory<byte> storage)
    {
        if (StorageSlot < 0)
        {
            throw new InvalidOperationException("the stored form of this object is not known");
        }
        var json = Json;
        var head = json.AsSpan(0, StorageSlot);
        var tail = json.AsSpan(StorageSlot + StorageEncoding.SegmentLength(Revision));
        return GappedValue.TryGet(storage, out var gapped)
            ? PartsEqual(gapped.Head, gapped.Tail, head, tail)
            : PartsEqual(storage.Span, default, head, tail);
    }

    /// <summary>Whether <paramref name="a1"/> + <paramref name="a2"/> and <paramref name="b1"/> + <paramref name="b2"/>
    /// are the same bytes.</summary>
    private static bool PartsEqual(ReadOnlySpan<byte> a1, ReadOnlySpan<byte> a2, ReadOnlySpan<byte> b1, ReadOnlySpan<byte> b2)
    {
        if (a1.Length + a2.Length != b1.Length + b2.Length)
        {
            return false;
        }
        if (a1.Length > b1.Length)
        {
            return PartsEqual(b1, b2, a1, a2);
        }
        var rest = b1[a1.Length..];
        return b1[..a1.Length].SequenceEqual(a1) && a2[..rest.Length].SequenceEqual(rest) && a2[rest.Length..].SequenceEqual(b2);
    }

    /// <summary>The fields a field selector can use on <paramref name="obj"/>: metadata.name and metadata.namespace
    /// (upstream's DefaultMetaV1FieldSelectorConversion) plus the strategy's own.</summary>
    public static Dictionary<string, string> SelectableFields(ResourceDefinition resource, IKubeMetaObject obj)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(obj);
        // Sized for the most any strategy adds (pods: 8), so it never grows.
        var fields = new Dictionary<string, string>(12, StringComparer.Ordinal)
        {
            ["metadata.name"] = obj.Metadata.Name,
            ["metadata.namespace"] = obj.Metadata.Namespace,
        };
        resource.Strategy.AddSelectableFields(obj, fields);
        return fields;
    }

    private static readonly Dictionary<string, string> EmptyLabels = [];

    public ResourceDefinition Resource { get; }

    public string Key { get; }

    /// <summary>The object (read-only: copy before changing it).</summary>
    public IKubeMetaObject Object { get; }

    /// <summary>The store revision of the last write to it (its resourceVersion).</summary>
    public long Revision { get; }

    public IReadOnlyDictionary<string, string> Labels { get; }

    /// <summary>The selectable fields (<see cref="SelectableFields"/>), computed on first use: only lists and watches
    /// with a field selector need them (the object never changes, so later is the same as now).</summary>
    public IReadOnlyDictionary<string, string> Fields
    {
        get
        {
            var fields = Volatile.Read(ref _fields);
            if (fields is null)
            {
                fields = SelectableFields(Resource, Object);
                fields = Interlocked.CompareExchange(ref _fields, fields, null) ?? fields;
            }
            return fields;
        }
    }

    /// <summary>Whether the object's selectable fields satisfy <paramref name="selector"/>. A pod's are read straight
    /// from it (one small delegate per object, on first use) instead of building the map of <see cref="Fields"/>:
    /// pod watches with field selectors (the scheduler's, the kubelets') test every pod event.</summary>
    public bool FieldsMatch(KubeSharp.Api.Fields.Selector selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        if (Object is Api.Core.V1.Pod && Resource.Strategy is PodStrategy)
        {
            return selector.Matches(_podField ??= PodField);
        }
        return selector.Matches(Fields);
    }

    private string? PodField(string name) => name switch
    {
        "metadata.name" => Object.Metadata.Name,
        "metadata.namespace" => Object.Metadata.Namespace,
        _ => PodStrategy.SelectableField((Api.Core.V1.Pod)Object, name),
    };

    /// <summary>The object's JSON with apiVersion, kind and resourceVersion, encoded on first use.</summary>
    public byte[] Json
    {
        get
        {
            var json = Volatile.Read(ref _json);
            if (json is null)
            {
                json = Encode(Resource, Object);
                Volatile.Write(ref _json, json);
            }
            return json;
        }
    }

    /// <summary>
    /// The object's JSON in the version <paramref name="served"/> serves (its own JSON for the storage version): each
    /// served version's encoding is converted and encoded on first use and then shared, like <see cref="Json"/>.
    /// </summary>
    public byte[] JsonFor(ResourceDefinition served)
    {
        ArgumentNullException.ThrowIfNull(served);
        if (served.IsStorageVersion)
        {
            return Json;
        }
        var versions = Volatile.Read(ref _versions);
        if (versions is null)
        {
            Interlocked.CompareExchange(ref _versions, new byte[]?[Resource.ServedSlots + 1], null);
            versions = Volatile.Read(ref _versions)!;
        }
        var json = Volatile.Read(ref versions[served.ServedIndex]);
        if (json is null)
        {
            json = Encode(served, ObjectFor(served));
            Volatile.Write(ref versions[served.ServedIndex], json);
        }
        return json;
    }

    /// <summary>Whether objects of <paramref name="served"/> and their list have a Kubernetes protobuf encoding
    /// (built-in kinds; not Tables or custom resources).</summary>
    public static bool HasProtobuf(ResourceDefinition served)
    {
        ArgumentNullException.ThrowIfNull(served);
        return served.Type.WriteProto is not null
            && ApiTypes.TryGet(served.Type.ApiVersion, served.Type.Kind + "List", out var list) && list.WriteProto is not null;
    }

    /// <summary>
    /// The object as one element of a protobuf list in the version <paramref name="served"/> serves: field 2
    /// (<c>items</c>, length-delimited) of a &lt;Kind&gt;List message, tag and length included, so a list body is
    /// these pieces concatenated. Encoded on first use per version and shared, like <see cref="JsonFor"/>; only for
    /// resources where <see cref="HasProtobuf"/> holds.
    /// </summary>
    public byte[] ProtoListItemFor(ResourceDefinition served)
    {
        ArgumentNullException.ThrowIfNull(served);
        var items = Volatile.Read(ref _protoItems);
        if (items is null)
        {
            Interlocked.CompareExchange(ref _protoItems, new byte[]?[Resource.ServedSlots + 1], null);
            items = Volatile.Read(ref _protoItems)!;
        }
        var bytes = Volatile.Read(ref items[served.ServedIndex]);
        if (bytes is null)
        {
            var write = served.Type.WriteProto ?? throw new InvalidOperationException($"{served.Type} has no protobuf encoding");
            using var writer = new KubeSharp.Api.Protobuf.ProtoWriter(8192);
            var mark = writer.BeginMessage();
            write(writer, ObjectFor(served));
            writer.EndMessage(2, mark);
            bytes = writer.ToArray();
            Volatile.Write(ref items[served.ServedIndex], bytes);
        }
        return bytes;
    }

    /// <summary>The object converted to the version <paramref name="served"/> serves (a new object each call, except
    /// for the storage version, which gets <see cref="Object"/>).</summary>
    public IKubeMetaObject ObjectFor(ResourceDefinition served)
    {
        ArgumentNullException.ThrowIfNull(served);
        return served.FromStorage(Object);
    }

    /// <summary>Decodes a stored value and stamps it with its kind and revision.</summary>
    public static CachedObject FromStorage(ResourceDefinition resource, string key, ReadOnlyMemory<byte> value, long revision)
    {
        // With the value as the context's source, raw values (managedFields' FieldsV1) are sliced, not re-parsed.
        var obj = (IKubeMetaObject)KubeJson.Deserialize(resource.Type, value.Span, new JsonDecodeContext(collectFindings: false) { Source = value });
        obj.ApiVersion = resource.Type.ApiVersion;
        obj.Kind = resource.Type.Kind;
        obj.Metadata.ResourceVersion = revision.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new CachedObject(resource, key, obj, revision);
    }

    /// <summary>Encodes an object for the store: without resourceVersion, which the store's revision supplies.</summary>
    public static byte[] EncodeForStorage(ResourceDefinition resource, KubeSharp.Api.IKubeMetaObject obj)
    {
        var resourceVersion = obj.Metadata.ResourceVersion;
        obj.Metadata.ResourceVersion = "";
        try
        {
            return Encode(resource, obj);
        }
        finally
        {
            obj.Metadata.ResourceVersion = resourceVersion;
        }
    }

    /// <summary>Encodes an object as JSON.</summary>
    public static byte[] Encode(ResourceDefinition resource, object obj)
    {
        ArgumentNullException.ThrowIfNull(resource);
        // A per-thread scratch buffer and writer: only the result is allocated.
        var buffer = StorageEncoding.Scratch.Rent();
        var writer = StorageEncoding.Scratch.Writer(buffer);
        resource.Type.WriteJson(writer, obj);
        writer.Flush();
        var json = buffer.WrittenSpan.ToArray();
        StorageEncoding.Scratch.Return(buffer, writer);
        return json;
    }
}
