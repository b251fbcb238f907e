using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KubeSharp.Api;
using KubeSharp.Api.Meta.V1;
using KubeSharp.Api.Registry;
using KubeSharp.Api.Serialization;
using KubeSharp.Client.Cache;

namespace KubeSharp.Client;

/// <summary>
/// The operations on one resource (a typed kind or any group/version/resource), scoped to a namespace or to all
/// namespaces. <see cref="ResourceClient{T}"/> (generated kinds) and <see cref="DynamicResourceClient"/> (JsonObject)
/// are the two flavours; code written against this class (reflectors, informers, the garbage collector) works with
/// both. Instances are immutable and thread-safe. Every method takes a cancellation token.
/// </summary>
/// <remarks>
/// Namespaces: a client made for a namespace uses it for every call. An all-namespaces client (namespace "") lists and
/// watches across namespaces, and for Create/Update takes the namespace from the object's metadata; Get, Patch and
/// Delete of a namespaced resource then need a namespace and throw <see cref="InvalidOperationException"/>.
/// </remarks>
public abstract class ResourceClientBase<T> : IListerWatcher<T>
    where T : class
{
    private protected ResourceClientBase(RestClient rest, ApiResource resource, string @namespace, ObjectAdapter<T> adapter)
    {
        ArgumentNullException.ThrowIfNull(rest);
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(adapter);
        Rest = rest;
        Resource = resource;
        Namespace = resource.Namespaced ? @namespace ?? "" : "";
        Adapter = adapter;
    }

    /// <summary>The REST layer requests go through.</summary>
    public RestClient Rest { get; }

    /// <summary>The resource (group, version, plural, kind, scope).</summary>
    public ApiResource Resource { get; }

    /// <summary>The namespace calls are scoped to; "" for all namespaces or a cluster-scoped resource.</summary>
    public string Namespace { get; }

    /// <summary>How objects are read and written.</summary>
    public ObjectAdapter<T> Adapter { get; }

    /// <summary>Gets one object.</summary>
    /// <exception cref="KubeApiException">NotFound and other errors.</exception>
    public async Task<T> GetAsync(string name, string? resourceVersion = null, CancellationToken cancellationToken = default)
    {
        var request = new RestRequest(HttpMethod.Get, ObjectPath(RequireNamespace(null), name)).AddQuery("resourceVersion", resourceVersion);
        return await SendAndDecodeAsync(request, cancellationToken);
    }

    /// <summary>Gets one object, or null when it does not exist.</summary>
    public async Task<T?> TryGetAsync(string name, CancellationToken cancellationToken = default)
    {
        try
        {
            return await GetAsync(name, null, cancellationToken);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            return null;
        }
    }

    /// <summary>Lists one page (or everything when no limit is set).</summary>
    public async Task<ResourceList<T>> ListAsync(ListParams? parameters = null, CancellationToken cancellationToken = default)
    {
        var request = new RestRequest(HttpMethod.Get, CollectionPath(Namespace));
        (parameters ?? new ListParams()).AddTo(request, watch: false);
        return await Rest.SendAsync(request, this, static (client, body) => client.DecodeList(body.Span, body), cancellationToken);
    }

    /// <summary>Lists every page (following continue tokens) into one list carrying the first page's resourceVersion.</summary>
    public async Task<ResourceList<T>> ListAllAsync(ListParams? parameters = null, CancellationToken cancellationToken = default)
    {
        parameters ??= new ListParams();
        var items = new List<T>();
        var page = await ListAsync(parameters, cancellationToken);
        var resourceVersion = page.ResourceVersion;
        items.AddRange(page.Items);
        while (page.Continue.Length > 0)
        {
            page = await ListAsync(parameters with { Continue = page.Continue, ResourceVersion = null, ResourceVersionMatch = null }, cancellationToken);
            items.AddRange(page.Items);
        }
        return new ResourceList<T>(items, resourceVersion, "");
    }

    /// <summary>
    /// Watches for changes: the stream of events until the server ends it (timeoutSeconds) or the token is cancelled.
    /// ERROR events are thrown as <see cref="KubeApiException"/> (410 Gone: start again from a fresh list).
    /// </summary>
    public async IAsyncEnumerable<WatchEvent<T>> WatchAsync(ListParams? parameters = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var request = new RestRequest(HttpMethod.Get, CollectionPath(Namespace));
        (parameters ?? new ListParams()).AddTo(request, watch: true);
        using var response = await Rest.OpenStreamAsync(request, cancellationToken);
        using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        await foreach (var evt in WatchDecoder.ReadAsync(stream, Adapter, cancellationToken))
        {
            yield return evt;
        }
    }

    /// <summary>Creates an object (its namespace: this client's, else the object's).</summary>
    public async Task<T> CreateAsync(T obj, WriteParams? parameters = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var request = new RestRequest(HttpMethod.Post, CollectionPath(RequireNamespace(obj)));
        SetBody(request, obj);
        parameters?.AddTo(request);
        return await SendAndDecodeAsync(request, cancellationToken);
    }

    /// <summary>Replaces an object (PUT); metadata.resourceVersion, when set, is the optimistic-concurrency precondition (409 Conflict).</summary>
    public Task<T> UpdateAsync(T obj, WriteParams? parameters = null, CancellationToken cancellationToken = default)
        => UpdateSubresourceAsync(null, obj, parameters, cancellationToken);

    /// <summary>Replaces the status subresource.</summary>
    public Task<T> UpdateStatusAsync(T obj, WriteParams? parameters = null, CancellationToken cancellationToken = default)
        => UpdateSubresourceAsync("status", obj, parameters, cancellationToken);

    /// <summary>Replaces a subresource that has the object's own type (status; null: the object itself).</summary>
    public async Task<T> UpdateSubresourceAsync(string? subresource, T obj, WriteParams? parameters = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var request = new RestRequest(HttpMethod.Put, ObjectPath(RequireNamespace(obj), Adapter.GetName(obj), subresource));
        SetBody(request, obj);
        parameters?.AddTo(request);
        return await SendAndDecodeAsync(request, cancellationToken);
    }

    /// <summary>Patches an object (or a subresource such as "status"). <paramref name="patch"/> is the patch document (UTF-8 JSON).</summary>
    public async Task<T> PatchAsync(string name, PatchType type, ReadOnlyMemory<byte> patch, PatchParams? parameters = null, string? subresource = null, CancellationToken cancellationToken = default)
    {
        var request = new RestRequest(HttpMethod.Patch, ObjectPath(RequireNamespace(null), name, subresource)) { Body = patch, ContentType = type.ContentType() };
        parameters?.AddTo(request);
        return await SendAndDecodeAsync(request, cancellationToken);
    }

    /// <summary>Patches an object with a patch document given as a string.</summary>
    public Task<T> PatchAsync(string name, PatchType type, string patch, PatchParams? parameters = null, string? subresource = null, CancellationToken cancellationToken = default)
        => PatchAsync(name, type, Encoding.UTF8.GetBytes(patch ?? throw new ArgumentNullException(nameof(patch))), parameters, subresource, cancellationToken);

    /// <summary>Server-side apply of <paramref name="obj"/> (its namespace: this client's, else the object's). Missing
    /// apiVersion and kind are filled in from the resource (on a copy).</summary>
    public async Task<T> ApplyAsync(T obj, string fieldManager, bool force = false, bool dryRun = false, string? subresource = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentException.ThrowIfNullOrEmpty(fieldManager);
        var request = new RestRequest(HttpMethod.Patch, ObjectPath(RequireNamespace(obj), Adapter.GetName(obj), subresource)) { ContentType = PatchType.Apply.ContentType() };
        SetBody(request, WithTypeMeta(obj));
        new PatchParams { FieldManager = fieldManager, Force = force ? true : null, DryRun = dryRun }.AddTo(request);
        return await SendAndDecodeAsync(request, cancellationToken);
    }

    /// <summary>
    /// Deletes an object. Returns the object when the server answers with it (graceful deletion, finalizers pending:
    /// it still exists with deletionTimestamp set), null when the server answers with a Status (it is gone).
    /// </summary>
    public async Task<T?> DeleteAsync(string name, DeleteOptions? options = null, CancellationToken cancellationToken = default)
    {
        var request = new RestRequest(HttpMethod.Delete, ObjectPath(RequireNamespace(null), name));
        AddDeleteOptions(request, options);
        return await Rest.SendAsync(request, Adapter, static (adapter, body) => IsStatus(body.Span) ? null : adapter.Decode(body), cancellationToken);
    }

    /// <summary>Deletes every object matching the selectors (in this client's namespace, or cluster-wide).</summary>
    public async Task DeleteCollectionAsync(ListParams? parameters = null, DeleteOptions? options = null, CancellationToken cancellationToken = default)
    {
        var request = new RestRequest(HttpMethod.Delete, CollectionPath(Namespace));
        (parameters ?? new ListParams()).AddTo(request, watch: false);
        AddDeleteOptions(request, options);
        await Rest.SendIgnoringBodyAsync(request, cancellationToken);
    }

    /// <summary>Gets a subresource of another type (for example <c>scale</c>).</summary>
    public async Task<TResult> GetSubresourceAsync<TResult>(string name, string subresource, CancellationToken cancellationToken = default)
        where TResult : IJsonModel<TResult>
        => await Rest.SendAsync<TResult>(new RestRequest(HttpMethod.Get, ObjectPath(RequireNamespace(null), name, subresource)), cancellationToken);

    /// <summary>Replaces a subresource of another type (for example <c>scale</c>).</summary>
    public async Task<TResult> UpdateSubresourceAsync<TBody, TResult>(string name, string subresource, TBody body, WriteParams? parameters = null, CancellationToken cancellationToken = default)
        where TBody : IJsonModel<TBody>
        where TResult : IJsonModel<TResult>
    {
        var request = new RestRequest(HttpMethod.Put, ObjectPath(RequireNamespace(null), name, subresource));
        SetBody(request, body);
        parameters?.AddTo(request);
        return await Rest.SendAsync<TResult>(request, cancellationToken);
    }

    /// <summary>POSTs to a subresource (for example <c>eviction</c>, <c>binding</c>); returns the raw answer body.</summary>
    public async Task<byte[]> CreateSubresourceAsync<TBody>(string name, string subresource, TBody body, WriteParams? parameters = null, CancellationToken cancellationToken = default)
        where TBody : IJsonModel<TBody>
    {
        var request = new RestRequest(HttpMethod.Post, ObjectPath(RequireNamespace(null), name, subresource));
        SetBody(request, body);
        parameters?.AddTo(request);
        return await Rest.SendAsync(request, cancellationToken);
    }

    /// <summary>The request's body: the object's JSON in a pooled buffer (the request returns it once sent).</summary>
    private void SetBody(RestRequest request, T obj)
    {
        var (array, length) = Adapter.EncodePooled(obj);
        request.SetPooledBody(array, length);
    }

    /// <summary>The request's body: a model's JSON in a pooled buffer (the request returns it once sent).</summary>
    private static void SetBody<TBody>(RestRequest request, TBody body)
        where TBody : IJsonModel<TBody>
    {
        var (array, length) = EncodeState.EncodePooled(0, body, static (_, writer, b) => b.WriteJson(writer));
        request.SetPooledBody(array, length);
    }

    /// <summary>Sends the request and decodes the answer as <typeparamref name="T"/> straight from the pooled body buffer.</summary>
    private Task<T> SendAndDecodeAsync(RestRequest request, CancellationToken cancellationToken)
        => Rest.SendAsync(request, Adapter, static (adapter, body) => adapter.Decode(body), cancellationToken);

    /// <summary>The collection path: /api/v1/namespaces/ns/pods, /apis/apps/v1/deployments, ...</summary>
    public string CollectionPath(string? @namespace) => PathOf(@namespace, null, null);

    /// <summary>The path of one object (and optionally a subresource).</summary>
    public string ObjectPath(string? @namespace, string name, string? subresource = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return PathOf(@namespace, name, subresource);
    }

    /// <summary>A collection's or object's path, built as one string (no builder, no intermediate strings).</summary>
    private string PathOf(string? @namespace, string? name, string? subresource)
    {
        var core = Resource.Group.Length == 0;
        var namespaced = Resource.Namespaced && !string.IsNullOrEmpty(@namespace);
        var hasName = !string.IsNullOrEmpty(name);
        var hasSubresource = hasName && !string.IsNullOrEmpty(subresource);
        return string.Concat(
        [
            core ? "/api/" : "/apis/", core ? "" : Resource.Group, core ? "" : "/", Resource.Version,
            namespaced ? "/namespaces/" : "", namespaced ? Uri.EscapeDataString(@namespace!) : "",
            "/", Resource.Resource,
            hasName ? "/" : "", hasName ? Uri.EscapeDataString(name!) : "",
            hasSubresource ? "/" : "", hasSubresource ? subresource : "",
        ]);
    }

    /// <summary>The list decoder: items as <typeparamref name="T"/>, plus the list metadata.</summary>
    public ResourceList<T> DecodeList(ReadOnlySpan<byte> json) => DecodeList(json, default);

    /// <summary>The list decoder over a buffer (raw values are sliced from it rather than re-parsed).</summary>
    public ResourceList<T> DecodeList(byte[] json) => DecodeList(json, (ReadOnlyMemory<byte>)json);

    private ResourceList<T> DecodeList(ReadOnlySpan<byte> json, ReadOnlyMemory<byte> source)
    {
        var items = new List<T>();
        string resourceVersion = "", next = "";
        long? remaining = null;
        var reader = new Utf8JsonReader(json, KubeJson.ReaderOptions);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonDecodeException("list is not a JSON object");
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("items"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.StartArray)
                    {
                        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                        {
                            items.Add(Adapter.Read(ref reader, source));
                        }
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
                else if (reader.ValueTextEquals("metadata"u8))
                {
                    reader.Read();
                    var meta = ListMeta.ReadJson(ref reader, new JsonDecodeContext(collectFindings: false));
                    resourceVersion = meta.ResourceVersion;
                    next = meta.Continue;
                    remaining = meta.RemainingItemCount;
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        catch (JsonException e)
        {
            throw new JsonDecodeException("malformed list: " + e.Message, e);
        }
        return new ResourceList<T>(items, resourceVersion, next, remaining);
    }

    /// <inheritdoc/>
    Task<ResourceList<T>> IListerWatcher<T>.ListAsync(ListParams parameters, CancellationToken cancellationToken) => ListAsync(parameters, cancellationToken);

    /// <inheritdoc/>
    IAsyncEnumerable<WatchEvent<T>> IListerWatcher<T>.WatchAsync(ListParams parameters, CancellationToken cancellationToken) => WatchAsync(parameters, cancellationToken);

    private string RequireNamespace(T? obj)
    {
        if (!Resource.Namespaced)
        {
            return "";
        }
        if (Namespace.Length > 0)
        {
            return Namespace;
        }
        var fromObject = obj is null ? "" : Adapter.GetNamespace(obj);
        return fromObject.Length > 0
            ? fromObject
            : throw new InvalidOperationException($"{Resource.Resource} is namespaced: use a client for a namespace or set metadata.namespace");
    }

    /// <summary>The object with apiVersion and kind set (apply requires them): a copy when they were missing.</summary>
    private T WithTypeMeta(T obj)
    {
        switch (obj)
        {
            case IKubeObject typed when typed.Kind.Length == 0 || typed.ApiVersion.Length == 0:
                var copy = Adapter.DeepCopy(obj);
                var copyMeta = (IKubeObject)copy;
                copyMeta.Kind = copyMeta.Kind.Length == 0 ? Resource.Kind : copyMeta.Kind;
                copyMeta.ApiVersion = copyMeta.ApiVersion.Length == 0 ? Resource.ApiVersion : copyMeta.ApiVersion;
                return copy;
            case JsonObject json when json["kind"] is null || json["apiVersion"] is null:
                var clone = (JsonObject)json.DeepClone();
                clone["kind"] ??= Resource.Kind;
                clone["apiVersion"] ??= Resource.ApiVersion;
                return (T)(object)clone;
            default:
                return obj;
        }
    }

    private static void AddDeleteOptions(RestRequest request, DeleteOptions? options)
    {
        if (options is not null)
        {
            if (options.DryRun?.Contains("All") == true)
            {
                // Also as a parameter: the server reads dryRun from the query as well as from the body.
                request.AddQuery("dryRun", "All");
            }
            if (options.Kind.Length == 0)
            {
                options = options.DeepCopy();
                options.Kind = "DeleteOptions";
                options.ApiVersion = "v1";
            }
            request.Body = KubeJson.SerializeToUtf8Bytes(options);
        }
    }

    private static bool IsStatus(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, KubeJson.ReaderOptions);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isKind = reader.ValueTextEquals("kind"u8);
            reader.Read();
            if (isKind)
            {
                return reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("Status"u8);
            }
            reader.Skip();
        }
        return false;
    }
}
