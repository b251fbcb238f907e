using System.Buffers;
using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using KubeSharp.Api.Registry;
using KubeSharp.Api.Schema;
using KubeSharp.Api.Serialization;
using KubeSharp.ApiServer.Discovery;

namespace KubeSharp.ApiServer.OpenApi;

/// <summary>
/// The OpenAPI v3 documents of one catalog snapshot: one per group version (<c>api/v1</c>, <c>apis/apps/v1</c>), one
/// per group (<c>apis/apps</c>), <c>api</c>, <c>apis</c> and <c>version</c>, each encoded lazily on first request and
/// cached, plus the root index whose <c>serverRelativeURL</c>s carry each document's content hash.
/// </summary>
public sealed class OpenApiDocumentSet
{
    private readonly FrozenDictionary<string, Lazy<EncodedDocument>> _documents;
    private readonly FrozenDictionary<string, IReadOnlyList<ApiResource>> _resourcesByKey;
    private readonly Lazy<EncodedDocument> _index;

    /// <summary>Builds the (lazy) documents of <paramref name="snapshot"/>, reusing those of <paramref name="previous"/>
    /// whose group version did not change.</summary>
    public OpenApiDocumentSet(ApiCatalogSnapshot snapshot, ApiSchema? schema = null, OpenApiDocumentSet? previous = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        schema ??= ApiSchema.Default;
        Snapshot = snapshot;
        var registry = snapshot.Registry;
        var documents = new Dictionary<string, Lazy<EncodedDocument>>(StringComparer.Ordinal);
        var resourcesByKey = new Dictionary<string, IReadOnlyList<ApiResource>>(StringComparer.Ordinal);
        documents["api"] = Simple("/api/", "getCoreAPIVersions", OpenApiDefinitions.ApiVersions, "core", OpenApiContentTypes.Object, schema);
        documents["apis"] = Simple("/apis/", "getAPIVersions", OpenApiDefinitions.ApiGroupList, "apis", OpenApiContentTypes.Object, schema);
        documents["version"] = Simple("/version/", "getCodeVersion", OpenApiDefinitions.VersionInfo, "version", OpenApiContentTypes.Json, schema);
        foreach (var group in registry.Groups)
        {
            if (group.Name.Length > 0)
            {
                documents["apis/" + group.Name] = Simple(
                    "/apis/" + group.Name + "/",
                    "get" + OpenApiNames.GroupPart(group.Name) + "APIGroup",
                    OpenApiDefinitions.ApiGroup,
                    OpenApiNames.GroupTag(group.Name),
                    OpenApiContentTypes.Object,
                    schema);
            }
            foreach (var version in group.Versions)
            {
                var groupVersion = new GroupVersion(group.Name, version);
                var key = KeyOf(groupVersion);
                var resources = DiscoveryDocumentBuilder.ResourcesOf(registry, group.Name, version).ToList();
                resourcesByKey[key] = resources;
                var reusable = previous is not null
                    && previous._resourcesByKey.TryGetValue(key, out var old)
                    && old.SequenceEqual(resources, ReferenceEqualityComparer.Instance)
                    && !resources.Any(snapshot.ExtensionResources.Contains);
                documents[key] = reusable
                    ? previous!._documents[key]
                    : new Lazy<EncodedDocument>(() => BuildGroupVersion(groupVersion, resources, schema, snapshot.ExtensionSchemas));
            }
        }
        _documents = documents.ToFrozenDictionary(StringComparer.Ordinal);
        _resourcesByKey = resourcesByKey.ToFrozenDictionary(StringComparer.Ordinal);
        _index = new Lazy<EncodedDocument>(BuildIndex);
    }

    /// <summary>The snapshot these documents describe.</summary>
    public ApiCatalogSnapshot Snapshot { get; }

    /// <summary>Document keys (<c>api/v1</c>, <c>apis/apps/v1</c>, ...), sorted.</summary>
    public IEnumerable<string> Keys => _documents.Keys.Order(StringComparer.Ordinal);

    /// <summary>The root index <c>{"paths":{"api/v1":{"serverRelativeURL":"/openapi/v3/api/v1?hash=..."}}}</c>
    /// (encoding it encodes every document, since each URL carries its document's hash).</summary>
    public EncodedDocument Index => _index.Value;

    /// <summary>The document key of a group version: <c>api/v1</c> or <c>apis/&lt;group&gt;/&lt;version&gt;</c>.</summary>
    public static string KeyOf(GroupVersion groupVersion)
        => groupVersion.Group.Length == 0 ? "api/" + groupVersion.Version : "apis/" + groupVersion.Group + "/" + groupVersion.Version;

    /// <summary>The server-relative URL of a document: <c>/openapi/v3/&lt;key&gt;?hash=&lt;HASH&gt;</c>.</summary>
    public static string ServerRelativeUrl(string key, EncodedDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return "/openapi/v3/" + key + "?hash=" + document.Hash;
    }

    /// <summary>The document with <paramref name="key"/>, encoding it on first use.</summary>
    public bool TryGetDocument(string key, [NotNullWhen(true)] out EncodedDocument? document)
    {
        if (_documents.TryGetValue(key, out var lazy))
        {
            document = lazy.Value;
            return true;
        }
        document = null;
        return false;
    }

    private EncodedDocument BuildIndex()
    {
        var buffer = new ArrayBufferWriter<byte>(8 * 1024);
        using (var writer = new Utf8JsonWriter(buffer, KubeJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("paths");
            foreach (var key in Keys)
            {
                writer.WriteStartObject(key);
                writer.WriteString("serverRelativeURL", ServerRelativeUrl(key, _documents[key].Value));
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        return new EncodedDocument(buffer.WrittenSpan.ToArray(), "application/json");
    }

    private static EncodedDocument BuildGroupVersion(GroupVersion groupVersion, IReadOnlyList<ApiResource> resources, ApiSchema schema,
        IReadOnlyDictionary<string, JsonElement> extensions)
    {
        var builder = new OpenApiPathBuilder(groupVersion);
        var fallbackKinds = new Dictionary<string, List<GroupVersionKind>>(StringComparer.Ordinal);
        foreach (var resource in resources)
        {
            builder.Add(resource);
            AddFallback(fallbackKinds, resource.Definition, resource.GroupVersionKind);
            if (resource.ListDefinition is { } list)
            {
                AddFallback(fallbackKinds, list, resource.GroupVersionKind with { Kind = resource.ListKind! });
            }
        }
        var definitions = OpenApiSchemaWriter.Reachable(schema, builder.ReferencedDefinitions, extensions);
        var bytes = OpenApiDocumentWriter.Write(builder.Paths, definitions, schema, extensions, fallbackKinds);
        return new EncodedDocument(bytes, "application/json");
    }

    private static void AddFallback(Dictionary<string, List<GroupVersionKind>> into, string definition, GroupVersionKind kind)
    {
        if (definition.Length == 0)
        {
            return;
        }
        if (!into.TryGetValue(definition, out var kinds))
        {
            into[definition] = kinds = [];
        }
        kinds.Add(kind);
    }

    private static Lazy<EncodedDocument> Simple(string path, string operationId, string definition, string tag, IReadOnlyList<string> contentTypes, ApiSchema schema)
        => new(() =>
        {
            var operation = new OpenApiOperation(
                "get",
                operationId,
                null,
                null,
                [],
                null,
                [new OpenApiResponse("200", "OK", new OpenApiBody(contentTypes, definition)), new OpenApiResponse("401", "Unauthorized", null)],
                tag);
            var empty = FrozenDictionary<string, JsonElement>.Empty;
            var definitions = OpenApiSchemaWriter.Reachable(schema, [definition], empty);
            var bytes = OpenApiDocumentWriter.Write([new OpenApiPathItem(path, [operation], [])], definitions, schema, empty,
                new Dictionary<string, List<GroupVersionKind>>());
            return new EncodedDocument(bytes, "application/json");
        });
}
