using System.Collections.Immutable;
using System.Text.Json;

namespace KubeSharp.Api.Registry;

/// <summary>
/// Reads <c>Schema/resources.json</c> (format version 1): <c>{"formatVersion":1,"resources":[{group, version, kind,
/// resource, singularName, namespaced, verbs, shortNames, categories, subresources:[{name, kind:{group,version,kind},
/// verbs, definition}], definition, listDefinition?, introducedIn?}]}</c>. Unknown fields are ignored.
/// </summary>
internal static class ResourceRegistryLoader
{
    /// <summary>Name of the embedded copy of <c>Schema/resources.json</c>.</summary>
    public const string EmbeddedResourceName = "KubeSharp.Api.resources.json";

    public static List<ApiResource> Parse(ReadOnlySpan<byte> utf8Json)
    {
        using var document = JsonDocument.Parse(utf8Json.ToArray(), new JsonDocumentOptions { MaxDepth = 64 });
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException("resources.json: the root is not an object");
        }
        if (root.TryGetProperty("formatVersion", out var format) && (format.ValueKind != JsonValueKind.Number || format.GetInt32() != 1))
        {
            throw new InvalidDataException($"resources.json: unsupported formatVersion {format}");
        }
        if (!root.TryGetProperty("resources", out var resources) || resources.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException("resources.json: missing \"resources\" array");
        }
        var result = new List<ApiResource>(resources.GetArrayLength());
        var index = 0;
        foreach (var entry in resources.EnumerateArray())
        {
            result.Add(ReadResource(entry, index++));
        }
        return result;
    }

    public static List<ApiResource> LoadEmbedded()
    {
        using var stream = typeof(ResourceRegistryLoader).Assembly.GetManifestResourceStream(EmbeddedResourceName)
            ?? throw new InvalidOperationException($"embedded resource {EmbeddedResourceName} is missing from KubeSharp.Api");
        using var buffer = new MemoryStream(checked((int)stream.Length));
        stream.CopyTo(buffer);
        return Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    private static ApiResource ReadResource(JsonElement entry, int index)
    {
        var where = $"resources[{index}]";
        if (entry.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"resources.json: {where} is not an object");
        }
        var group = RequiredString(entry, "group", where);
        var version = RequiredString(entry, "version", where);
        var kind = RequiredString(entry, "kind", where);
        var resource = RequiredString(entry, "resource", where);
        var gvk = new GroupVersionKind(group, version, kind);
        var subresources = ImmutableArray.CreateBuilder<ApiSubresource>();
        if (entry.TryGetProperty("subresources", out var subs) && subs.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var sub in subs.EnumerateArray())
            {
                var subWhere = $"{where}.subresources[{i++}]";
                var name = RequiredString(sub, "name", subWhere);
                if (!sub.TryGetProperty("kind", out var subKind) || subKind.ValueKind != JsonValueKind.Object)
                {
                    throw new InvalidDataException($"resources.json: {subWhere}.kind is missing");
                }
                subresources.Add(new ApiSubresource(
                    name,
                    resource + "/" + name,
                    new GroupVersionKind(
                        RequiredString(subKind, "group", subWhere + ".kind"),
                        RequiredString(subKind, "version", subWhere + ".kind"),
                        RequiredString(subKind, "kind", subWhere + ".kind")),
                    Strings(sub, "verbs"),
                    OptionalString(sub, "definition") ?? ""));
            }
        }
        return new ApiResource(
            gvk,
            resource,
            OptionalString(entry, "singularName") ?? kind.ToLowerInvariant(),
            entry.TryGetProperty("namespaced", out var ns) && ns.ValueKind == JsonValueKind.True,
            Strings(entry, "verbs"),
            Strings(entry, "shortNames"),
            Strings(entry, "categories"),
            subresources.ToImmutable(),
            OptionalString(entry, "definition") ?? "",
            OptionalString(entry, "listDefinition"),
            OptionalString(entry, "introducedIn"));
    }

    private static string RequiredString(JsonElement element, string name, string where)
        => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new InvalidDataException($"resources.json: {where}.{name} is missing or not a string");

    private static string? OptionalString(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static ImmutableArray<string> Strings(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.Array)
        {
            return [];
        }
        var builder = ImmutableArray.CreateBuilder<string>(value.GetArrayLength());
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String)
            {
                builder.Add(item.GetString()!);
            }
        }
        return builder.ToImmutable();
    }
}
