using KubeSharp.Api;
using KubeSharp.Api.Registry;
using KubeSharp.ApiServer.Conversion;

namespace KubeSharp.ApiServer.Registry;

/// <summary>Everything the generic REST layer needs to serve one resource in one version: its discovery facts, its
/// type's codecs, where it is stored and its strategy. A resource served in a version other than its storage version
/// points at the <see cref="Storage"/> definition (whose store, cache and objects it shares) and converts through
/// <see cref="Converter"/>.</summary>
public sealed class ResourceDefinition
{
    public ResourceDefinition(ApiResource resource, ApiTypeInfo type, string keyPrefix, IResourceStrategy strategy)
    {
        Resource = resource;
        Type = type;
        KeyPrefix = keyPrefix.TrimEnd('/');
        Strategy = strategy;
        Storage = this;
    }

    /// <summary>A view of <paramref name="storage"/> served in another version (or group, for cohabiting resources).</summary>
    public ResourceDefinition(ApiResource resource, ApiTypeInfo type, ResourceDefinition storage, IVersionConverter converter, IResourceStrategy strategy, int servedIndex)
    {
        ArgumentNullException.ThrowIfNull(storage);
        Resource = resource;
        Type = type;
        KeyPrefix = storage.KeyPrefix;
        Strategy = strategy;
        Storage = storage;
        Converter = converter;
        ServedIndex = servedIndex;
    }

    public ApiResource Resource { get; }

    /// <summary>The field labels field selectors may use on this resource's stored objects (anything else is upstream's
    /// 400 "field label not supported"): the selectable fields of an empty object, so the list is the strategy's own.</summary>
    public IReadOnlySet<string> FieldLabels => _fieldLabels ??= EmptyObjectFieldLabels();

    private IReadOnlySet<string>? _fieldLabels;

    private HashSet<string> EmptyObjectFieldLabels()
    {
        var reader = new System.Text.Json.Utf8JsonReader("{}"u8);
        reader.Read();
        var empty = (IKubeMetaObject)Type.ReadJson(ref reader, new Api.Serialization.JsonDecodeContext(collectFindings: false));
        return [.. CachedObject.SelectableFields(this, empty).Keys];
    }

    /// <summary>The type of this version (what requests and responses carry).</summary>
    public ApiTypeInfo Type { get; }

    /// <summary>Storage key prefix, as upstream lays keys out (e.g. /registry/pods, /registry/minions).</summary>
    public string KeyPrefix { get; }

    public IResourceStrategy Strategy { get; }

    /// <summary>The definition of the storage version: this one, or the one this version converts to.</summary>
    public ResourceDefinition Storage { get; }

    /// <summary>Converts between this version and the storage version; null for the storage version itself.</summary>
    public IVersionConverter? Converter { get; }

    /// <summary>1-based slot of this version among its storage's other served versions (0 for the storage version);
    /// <see cref="CachedObject"/> keeps one lazily computed encoding per slot.</summary>
    public int ServedIndex { get; }

    public bool IsStorageVersion => Converter is null;

    /// <summary>On a storage definition: how many other versions are served from it (set by the catalog).</summary>
    public int ServedSlots { get; internal set; }

    /// <summary>The resource as errors name it: upstream's REST storage of a cohabiting resource keeps the storage
    /// resource's name (events.k8s.io events report errors as core <c>events</c>).</summary>
    public GroupResource GroupResource => IsStorageVersion ? Resource.GroupResource : Storage.GroupResource;

    public bool Namespaced => Resource.Namespaced;

    /// <summary>The stores upstream builds with <c>ReturnDeletedObject: true</c> (pods, podtemplates, services,
    /// serviceaccounts, namespaces, storageclasses): their DELETE answers with the deleted object; every other
    /// resource answers a Success Status naming it (genericregistry.Store.finalizeDelete).</summary>
    private static readonly HashSet<(string Group, string Resource)> ReturnDeletedObjectResources =
    [
        ("", "pods"), ("", "podtemplates"), ("", "services"), ("", "serviceaccounts"), ("", "namespaces"), ("storage.k8s.io", "storageclasses"),
    ];

    /// <summary>Whether a DELETE that removed the object answers with it (else with a Success Status).</summary>
    public bool ReturnsDeletedObject => ReturnDeletedObjectResources.Contains((Storage.Resource.Group, Storage.Resource.Resource));

    /// <summary>True when the resource has a /status subresource (its main endpoint then ignores status changes).</summary>
    public bool HasStatusSubresource => Resource.TryGetSubresource("status", out _);

    /// <summary>The key of one object: prefix/namespace/name, or prefix/name when cluster-scoped.</summary>
    public string Key(string ns, string name) => Namespaced ? $"{KeyPrefix}/{ns}/{name}" : $"{KeyPrefix}/{name}";

    /// <summary>The prefix of every key in a namespace (or of all keys when <paramref name="ns"/> is empty).</summary>
    public string Prefix(string ns) => Namespaced && ns.Length > 0 ? $"{KeyPrefix}/{ns}/" : $"{KeyPrefix}/";

    /// <summary>A request's object (decoded in this version) in the storage version; the object itself when this is the
    /// storage version. Bad round-trip data gives a 400.</summary>
    public IKubeMetaObject ToStorage(IKubeMetaObject obj)
    {
        if (Converter is null)
        {
            return obj;
        }
        var stored = Converter.ToStorage(obj);
        stored.ApiVersion = Storage.Type.ApiVersion;
        stored.Kind = Storage.Type.Kind;
        return stored;
    }

    /// <summary>A stored object (not changed) in this version, with this version's apiVersion and kind.</summary>
    public IKubeMetaObject FromStorage(IKubeMetaObject stored)
    {
        if (Converter is null)
        {
            return stored;
        }
        var obj = Converter.FromStorage(stored);
        obj.ApiVersion = Type.ApiVersion;
        obj.Kind = Type.Kind;
        return obj;
    }

    public override string ToString() => Resource.ToString();
}
