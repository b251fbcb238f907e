using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using KubeSharp.Api;
using KubeSharp.Api.Serialization;

namespace KubeSharp.Client;

/// <summary>
/// How the client and the caches read, write and inspect one object representation: typed API objects
/// (<see cref="ObjectAdapter.For{T}"/>) or JsonObject (<see cref="ObjectAdapter.Json"/>). Lets lists, watches,
/// reflectors, informers and listers be written once for both. Implementations are stateless and thread-safe.
/// </summary>
public abstract class ObjectAdapter<T>
    where T : class
{
    /// <summary>metadata.namespace ("" for cluster-scoped objects).</summary>
    public abstract string GetNamespace(T obj);

    /// <summary>metadata.name.</summary>
    public abstract string GetName(T obj);

    /// <summary>metadata.resourceVersion.</summary>
    public abstract string GetResourceVersion(T obj);

    /// <summary>metadata.uid.</summary>
    public abstract string GetUid(T obj);

    /// <summary>metadata.labels (null when none).</summary>
    public abstract IReadOnlyDictionary<string, string>? GetLabels(T obj);

    /// <summary>metadata.annotations (null when none).</summary>
    public abstract IReadOnlyDictionary<string, string>? GetAnnotations(T obj);

    /// <summary>
    /// Whether <c>metadata.managedFields</c> is dropped while decoding (upstream's informer transform that trims it,
    /// done without ever allocating it). Objects read this way must not be used to reset managedFields; a PUT of them
    /// keeps the server's (no managedFields in an update means "keep the live ones").
    /// </summary>
    public abstract bool SkipsManagedFields { get; }

    /// <summary>The same representation with <see cref="SkipsManagedFields"/> turned on or off.</summary>
    public abstract ObjectAdapter<T> WithSkipManagedFields(bool skip);

    /// <summary>Decodes one JSON value at the reader's current token (the reader ends on its last token). Unknown fields are ignored.</summary>
    public T Read(ref Utf8JsonReader reader) => Read(ref reader, default);

    /// <summary>
    /// Decodes one JSON value at the reader's current token. <paramref name="source"/>, when not empty, is the whole
    /// buffer the reader reads (its positions index it): raw values (FieldsV1, RawExtension) are sliced from it
    /// instead of being re-parsed.
    /// </summary>
    public abstract T Read(ref Utf8JsonReader reader, ReadOnlyMemory<byte> source);

    /// <summary>Writes the object as JSON.</summary>
    public abstract void Write(Utf8JsonWriter writer, T obj);

    /// <summary>A copy sharing no mutable state.</summary>
    public abstract T DeepCopy(T obj);

    /// <summary>Decodes one JSON document.</summary>
    public T Decode(ReadOnlySpan<byte> json) => Decode(json, default);

    /// <summary>Decodes one JSON document (raw values are sliced from it rather than re-parsed).</summary>
    public T Decode(ReadOnlyMemory<byte> json) => Decode(json.Span, json);

    /// <summary>Decodes one JSON document (raw values are sliced from it rather than re-parsed).</summary>
    public T Decode(byte[] json) => Decode((ReadOnlyMemory<byte>)json);

    private T Decode(ReadOnlySpan<byte> json, ReadOnlyMemory<byte> source)
    {
        var reader = new Utf8JsonReader(json, KubeJson.ReaderOptions);
        try
        {
            if (!reader.Read())
            {
                throw new JsonDecodeException("unexpected end of JSON input");
            }
            return Read(ref reader, source);
        }
        catch (JsonException e)
        {
            throw new JsonDecodeException(e.Message, e);
        }
    }

    /// <summary>Encodes the object as compact JSON.</summary>
    public byte[] Encode(T obj)
    {
        // One writer and buffer per thread (kept while small): the only allocation per call is the result.
        var state = EncodeState.Rent();
        try
        {
            Write(state.Writer, obj);
            state.Writer.Flush();
            return state.Buffer.WrittenSpan.ToArray();
        }
        finally
        {
            EncodeState.Return(state);
        }
    }

    /// <summary>Encodes the object as compact JSON into an array rented from the shared pool (the bytes are its first
    /// <c>Length</c>); the caller returns it (see <see cref="RestRequest.SetPooledBody"/>).</summary>
    internal (byte[] Array, int Length) EncodePooled(T obj) => EncodeState.EncodePooled(this, obj, static (adapter, writer, o) => adapter.Write(writer, o));

    /// <summary>The cache key: "namespace/name", or "name" for cluster-scoped objects (client-go's MetaNamespaceKeyFunc).</summary>
    public string KeyOf(T obj) => CacheKeys.Of(GetNamespace(obj), GetName(obj));
}

/// <summary>The built-in adapters.</summary>
public static class ObjectAdapter
{
    /// <summary>The adapter of a generated API kind.</summary>
    public static ObjectAdapter<T> For<T>()
        where T : class, IKubeMetaObject, IJsonModel<T>
        => TypedAdapter<T>.Instance;

    /// <summary>The adapter of a generated API kind, optionally dropping metadata.managedFields while decoding.</summary>
    public static ObjectAdapter<T> For<T>(bool skipManagedFields)
        where T : class, IKubeMetaObject, IJsonModel<T>
        => skipManagedFields ? TypedAdapter<T>.Trimmed : TypedAdapter<T>.Instance;

    /// <summary>The adapter of JSON objects (the dynamic client).</summary>
    public static ObjectAdapter<JsonObject> Json { get; } = new JsonObjectAdapter(skipManagedFields: false);

    /// <summary>The adapter of JSON objects that removes metadata.managedFields after parsing.</summary>
    public static ObjectAdapter<JsonObject> JsonWithoutManagedFields { get; } = new JsonObjectAdapter(skipManagedFields: true);

    private sealed class TypedAdapter<T>(bool skipManagedFields) : ObjectAdapter<T>
        where T : class, IKubeMetaObject, IJsonModel<T>
    {
        public static readonly TypedAdapter<T> Instance = new(skipManagedFields: false);

        public static readonly TypedAdapter<T> Trimmed = new(skipManagedFields: true);

        public override bool SkipsManagedFields => skipManagedFields;

        public override ObjectAdapter<T> WithSkipManagedFields(bool skip) => skip ? Trimmed : Instance;

        public override string GetNamespace(T obj) => obj.Metadata.Namespace;

        public override string GetName(T obj) => obj.Metadata.Name;

        public override string GetResourceVersion(T obj) => obj.Metadata.ResourceVersion;

        public override string GetUid(T obj) => obj.Metadata.Uid;

        public override IReadOnlyDictionary<string, string>? GetLabels(T obj) => obj.Metadata.Labels;

        public override IReadOnlyDictionary<string, string>? GetAnnotations(T obj) => obj.Metadata.Annotations;

        public override T Read(ref Utf8JsonReader reader, ReadOnlyMemory<byte> source)
        {
            var context = JsonDecodeContext.RentLenient(source, skipManagedFields);
            try
            {
                return T.ReadJson(ref reader, context);
            }
            finally
            {
                JsonDecodeContext.ReturnLenient(context);
            }
        }

        public override void Write(Utf8JsonWriter writer, T obj) => obj.WriteJson(writer);

        public override T DeepCopy(T obj) => obj is IDeepCopyable<T> copyable ? copyable.DeepCopy() : Decode(Encode(obj));
    }

    private sealed class JsonObjectAdapter(bool skipManagedFields) : ObjectAdapter<JsonObject>
    {
        public override bool SkipsManagedFields => skipManagedFields;

        public override ObjectAdapter<JsonObject> WithSkipManagedFields(bool skip) => skip ? JsonWithoutManagedFields : Json;

        public override string GetNamespace(JsonObject obj) => MetaString(obj, "namespace");

        public override string GetName(JsonObject obj) => MetaString(obj, "name");

        public override string GetResourceVersion(JsonObject obj) => MetaString(obj, "resourceVersion");

        public override string GetUid(JsonObject obj) => MetaString(obj, "uid");

        public override IReadOnlyDictionary<string, string>? GetLabels(JsonObject obj) => MetaMap(obj, "labels");

        public override IReadOnlyDictionary<string, string>? GetAnnotations(JsonObject obj) => MetaMap(obj, "annotations");

        public override JsonObject Read(ref Utf8JsonReader reader, ReadOnlyMemory<byte> source)
        {
            var obj = JsonNode.Parse(ref reader) as JsonObject ?? throw new JsonDecodeException("expected a JSON object");
            if (skipManagedFields && obj["metadata"] is JsonObject meta)
            {
                meta.Remove("managedFields");
            }
            return obj;
        }

        public override void Write(Utf8JsonWriter writer, JsonObject obj) => obj.WriteTo(writer);

        public override JsonObject DeepCopy(JsonObject obj) => (JsonObject)obj.DeepClone();

        private static string MetaString(JsonObject obj, string field)
            => obj["metadata"] is JsonObject meta && meta[field] is JsonValue value && value.TryGetValue<string>(out var s) ? s : "";

        private static Dictionary<string, string>? MetaMap(JsonObject obj, string field)
        {
            if (obj["metadata"] is not JsonObject meta || meta[field] is not JsonObject map)
            {
                return null;
            }
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, value) in map)
            {
                if (value is JsonValue v && v.TryGetValue<string>(out var s))
                {
                    result[key] = s;
                }
            }
            return result;
        }
    }
}

/// <summary>Cache keys: "namespace/name", or "name" without a namespace (client-go's MetaNamespaceKeyFunc).</summary>
public static class CacheKeys
{
    /// <summary>The key of a namespace and name.</summary>
    public static string Of(string? @namespace, string name)
        => string.IsNullOrEmpty(@namespace) ? name : @namespace + "/" + name;

    /// <summary>Splits a key into namespace ("" when none) and name.</summary>
    public static (string Namespace, string Name) Split(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? ("", key) : (key[..slash], key[(slash + 1)..]);
    }
}

/// <summary>A reusable JSON writer over a growable buffer for <see cref="ObjectAdapter{T}.Encode"/>.</summary>
internal sealed class EncodeState
{
    private const int MaxKeptBytes = 256 * 1024;

    [ThreadStatic]
    private static EncodeState? t_cached;

    private EncodeState()
    {
        Writer = new Utf8JsonWriter(Buffer, KubeJson.WriterOptions);
    }

    public ArrayBufferWriter<byte> Buffer { get; } = new(4096);

    public Utf8JsonWriter Writer { get; }

    /// <summary>Writes with <paramref name="write"/> and copies the JSON into an array rented from the shared pool.</summary>
    public static (byte[] Array, int Length) EncodePooled<TState, TValue>(TState state, TValue value, Action<TState, Utf8JsonWriter, TValue> write)
    {
        var encoder = Rent();
        try
        {
            write(state, encoder.Writer, value);
            encoder.Writer.Flush();
            var written = encoder.Buffer.WrittenSpan;
            var array = ArrayPool<byte>.Shared.Rent(written.Length);
            written.CopyTo(array);
            return (array, written.Length);
        }
        finally
        {
            Return(encoder);
        }
    }

    public static EncodeState Rent()
    {
        var state = t_cached;
        if (state is null)
        {
            return new EncodeState();
        }
        t_cached = null;
        return state;
    }

    public static void Return(EncodeState state)
    {
        if (state.Buffer.Capacity > MaxKeptBytes)
        {
            return;
        }
        state.Buffer.ResetWrittenCount();
        state.Writer.Reset(state.Buffer);
        t_cached = state;
    }
}
