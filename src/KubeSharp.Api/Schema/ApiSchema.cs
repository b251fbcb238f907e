using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace KubeSharp.Api.Schema;

/// <summary>
/// The embedded <c>schema.json</c> (upstream's API type facts) at run time: definitions by model name,
/// their properties with patch strategies, merge keys and list types, and the kinds they carry.
/// Loaded once on first use; immutable and thread-safe afterwards.
/// </summary>
public sealed class ApiSchema
{
    private static readonly Lazy<ApiSchema> s_default = new(Load);
    private readonly FrozenDictionary<string, SchemaDefinition> _definitions;
    private readonly FrozenDictionary<(string Group, string Version, string Kind), SchemaDefinition> _byKind;

    private ApiSchema(JsonDocument document)
    {
        Document = document;
        var definitions = new Dictionary<string, SchemaDefinition>(StringComparer.Ordinal);
        var byKind = new Dictionary<(string, string, string), SchemaDefinition>();
        foreach (var def in document.RootElement.GetProperty("definitions").EnumerateObject())
        {
            var definition = new SchemaDefinition(def.Name, def.Value);
            definitions[def.Name] = definition;
            foreach (var gvk in definition.GroupVersionKinds)
            {
                byKind.TryAdd(gvk, definition);
            }
        }
        _definitions = definitions.ToFrozenDictionary(StringComparer.Ordinal);
        _byKind = byKind.ToFrozenDictionary();
    }

    /// <summary>The schema embedded in this assembly.</summary>
    public static ApiSchema Default => s_default.Value;

    /// <summary>The whole document (definitions, enums, groupVersions, protobuf).</summary>
    public JsonDocument Document { get; }

    /// <summary>All definitions by model name.</summary>
    public IReadOnlyDictionary<string, SchemaDefinition> Definitions => _definitions;

    public bool TryGetDefinition(string modelName, [NotNullWhen(true)] out SchemaDefinition? definition)
        => _definitions.TryGetValue(modelName, out definition);

    /// <summary>The definition of a kind (first registration wins for the shared meta/v1 kinds).</summary>
    public bool TryGetByKind(string group, string version, string kind, [NotNullWhen(true)] out SchemaDefinition? definition)
        => _byKind.TryGetValue((group, version, kind), out definition);

    private static ApiSchema Load()
    {
        using var stream = typeof(ApiSchema).Assembly.GetManifestResourceStream("KubeSharp.Api.schema.json")
            ?? throw new InvalidOperationException("the embedded schema.json is missing");
        return new ApiSchema(JsonDocument.Parse(stream));
    }
}
