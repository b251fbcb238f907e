using System.Text.Json;
using System.Text.Json.Nodes;
using KubeSharp.Api.Schema;

namespace KubeSharp.ApiServer.Patching;

/// <summary>The shape of a value for server-side apply (structured-merge-diff's schema atoms).</summary>
internal enum SsaShape
{
    Scalar,
    Struct,
    Map,
    List,

    /// <summary>Untyped content (RawExtension, JSON): maps granular, lists atomic, as SMD's deduced type.</summary>
    Deduced,
}

/// <summary>How list items are identified (<c>x-kubernetes-list-type</c>, or the patch strategy as kube-openapi's converter reads it).</summary>
internal enum SsaListKind
{
    Atomic,
    Set,
    Map,
}

/// <summary>
/// The structured-merge-diff type of a point in an object, read from <see cref="ApiSchema"/> as kube-openapi's
/// schema converter reads OpenAPI: <c>listType</c> map/set/atomic (lists with <c>patchStrategy: merge</c> and no
/// list type are keyed by their merge key, or sets without one; other lists are atomic), <c>mapType</c> and
/// <c>structType</c> atomic, and untyped content for RawExtension and JSON.
/// </summary>
internal sealed class SsaType
{
    private readonly ApiSchema _schema;
    private readonly SchemaDefinition? _definition;
    private readonly JsonElement _element;

    private SsaType(ApiSchema schema, SsaShape shape, bool atomic, SchemaDefinition? definition, JsonElement element)
    {
        _schema = schema;
        Shape = shape;
        Atomic = atomic;
        _definition = definition;
        _element = element;
    }

    public SsaShape Shape { get; }

    /// <summary>True when the value is owned as a whole (atomic struct, map or list).</summary>
    public bool Atomic { get; }

    /// <summary>For lists: how items are identified.</summary>
    public SsaListKind ListKind { get; private init; }

    /// <summary>For list maps: the key fields.</summary>
    public IReadOnlyList<string> ListMapKeys { get; private init; } = [];

    public static SsaType ForDefinition(ApiSchema schema, SchemaDefinition definition)
    {
        switch (definition.SpecialKind)
        {
            case null:
                var atomic = definition.Raw.TryGetProperty("structType", out var st) && st.GetString() == "atomic";
                return new SsaType(schema, SsaShape.Struct, atomic, definition, default);
            case "raw-extension" or "json" or "fields-v1" or "json-schema-props-or-array" or "json-schema-props-or-bool" or "json-schema-props-or-string-array":
                return Deduced(schema);
            default:
                return new SsaType(schema, SsaShape.Scalar, false, null, default);
        }
    }

    private static SsaType Deduced(ApiSchema schema) => new(schema, SsaShape.Deduced, false, null, default);

    /// <summary>The type of a struct field or map value; null when a struct has no such field.</summary>
    public SsaType? Child(string name)
    {
        switch (Shape)
        {
            case SsaShape.Struct:
                return _definition!.PropertiesByName.TryGetValue(name, out var property) ? FromNode(property.Raw) : null;
            case SsaShape.Map:
                return FromNode(_element);
            default:
                return Deduced(_schema);
        }
    }

    /// <summary>The type of a field or map value, untyped content for fields the schema does not declare.</summary>
    public SsaType Field(string name) => Child(name) ?? Deduced(_schema);

    /// <summary>The item type of a list.</summary>
    public SsaType Item() => Shape == SsaShape.List ? FromNode(_element) : Deduced(_schema);

    /// <summary>The schema default of a struct field (list-map keys such as <c>protocol</c> default to <c>TCP</c>).</summary>
    public JsonNode? Default(string name)
        => Shape == SsaShape.Struct && _definition!.PropertiesByName.TryGetValue(name, out var p) && p.Raw.TryGetProperty("default", out var d)
            ? JsonNode.Parse(d.GetRawText())
            : null;

    private SsaType FromNode(JsonElement node)
    {
        if (node.ValueKind != JsonValueKind.Object)
        {
            return Deduced(_schema);
        }
        if (node.TryGetProperty("$ref", out var reference) && reference.GetString() is { } modelName)
        {
            return _schema.TryGetDefinition(modelName, out var definition) ? ForDefinition(_schema, definition) : Deduced(_schema);
        }
        if (node.TryGetProperty("additionalProperties", out var values))
        {
            var atomicMap = Str(node, "mapType") == "atomic";
            return new SsaType(_schema, SsaShape.Map, atomicMap, null, values);
        }
        if (node.TryGetProperty("items", out var items))
        {
            var (kind, keys) = ListSemantics(node);
            return new SsaType(_schema, SsaShape.List, kind == SsaListKind.Atomic, null, items) { ListKind = kind, ListMapKeys = keys };
        }
        return Str(node, "type") == "object" ? Deduced(_schema) : new SsaType(_schema, SsaShape.Scalar, false, null, default);
    }

    private static (SsaListKind Kind, IReadOnlyList<string> Keys) ListSemantics(JsonElement node)
    {
        switch (Str(node, "listType"))
        {
            case "atomic":
                return (SsaListKind.Atomic, []);
            case "set":
                return (SsaListKind.Set, []);
            case "map":
                var keys = node.TryGetProperty("listMapKeys", out var k) ? k.EnumerateArray().Select(e => e.GetString()!).ToArray() : [];
                return (SsaListKind.Map, keys);
        }
        var strategy = Str(node, "patchStrategy");
        if (strategy is "merge" or "merge,retainKeys" or "retainKeys,merge")
        {
            return Str(node, "patchMergeKey") is { Length: > 0 } mergeKey ? (SsaListKind.Map, [mergeKey]) : (SsaListKind.Set, []);
        }
        return (SsaListKind.Atomic, []);
    }

    private static string? Str(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
