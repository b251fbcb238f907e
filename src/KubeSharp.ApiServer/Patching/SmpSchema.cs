using System.Text.Json;
using KubeSharp.Api.Schema;

namespace KubeSharp.ApiServer.Patching;

/// <summary>A field's strategic-merge-patch metadata: its <c>patchStrategy</c> parts and <c>patchMergeKey</c>.</summary>
internal readonly record struct SmpPatchMeta(IReadOnlyList<string> Strategies, string MergeKey)
{
    public static readonly SmpPatchMeta None = new([], "");
}

/// <summary>
/// Upstream's <c>PatchMetaFromStruct</c> over <see cref="ApiSchema"/>: the Go type at a point of the document
/// (struct, map, slice, scalar, or a special type such as RawExtension) and the lookups strategic merge patch makes
/// into it, with upstream's error texts when the document and the type disagree.
/// </summary>
internal sealed class SmpSchema
{
    private readonly ApiSchema _schema;
    private readonly SchemaDefinition? _definition;
    private readonly JsonElement _element;
    private readonly bool _hasElement;

    private SmpSchema(ApiSchema schema, string goKind, string goName, SchemaDefinition? definition, JsonElement element, bool hasElement)
    {
        _schema = schema;
        GoKind = goKind;
        GoName = goName;
        _definition = definition;
        _element = element;
        _hasElement = hasElement;
    }

    /// <summary>Go's <c>reflect.Kind</c> name: struct, map, slice, string, int32, int64, bool, float64.</summary>
    public string GoKind { get; }

    /// <summary>The Go type name of a struct (e.g. <c>PodSpec</c>, <c>RawExtension</c>).</summary>
    public string GoName { get; }

    public static SmpSchema ForDefinition(ApiSchema schema, SchemaDefinition definition)
        => new(schema, "struct", ShortName(definition.ModelName), definition.SpecialKind is null ? definition : null, default, false);

    /// <summary>Upstream's <c>LookupPatchMetadataForStruct</c>: the type and metadata of <paramref name="key"/>.</summary>
    public SmpSchema LookupForStruct(string key, out SmpPatchMeta meta)
    {
        meta = SmpPatchMeta.None;
        switch (GoKind)
        {
            case "map":
                return Element();
            case "struct":
                if (_definition is not null && _definition.PropertiesByName.TryGetValue(key, out var property))
                {
                    meta = new SmpPatchMeta(
                        (property.PatchStrategy ?? "").Split(','),
                        property.PatchMergeKey ?? "");
                    return FromTypeNode(property.Raw);
                }
                throw new SmpFailure($"unable to find api field in struct {GoName} for the json field {GoFmt.Quote(key)}");
            default:
                throw new SmpFailure($"merging an object in json but data type is not map or struct, instead is: {GoKind}");
        }
    }

    /// <summary>Upstream's <c>LookupPatchMetadataForSlice</c>: the element type of the list <paramref name="key"/>.</summary>
    public SmpSchema LookupForSlice(string key, out SmpPatchMeta meta)
    {
        var list = LookupForStruct(key, out meta);
        if (list.GoKind != "slice")
        {
            throw new SmpFailure($"expected slice or array type, but got: {GoKind}");
        }
        var element = list.Element();
        if (element.GoKind == "slice")
        {
            throw new SmpFailure("unexpected slice of slice");
        }
        return element;
    }

    private SmpSchema Element()
        => _hasElement ? FromTypeNode(_element) : new SmpSchema(_schema, "interface", "", null, default, false);

    /// <summary>The type a property (or items / additionalProperties) node describes.</summary>
    private SmpSchema FromTypeNode(JsonElement node)
    {
        if (node.TryGetProperty("$ref", out var reference) && reference.GetString() is { } modelName)
        {
            return _schema.TryGetDefinition(modelName, out var definition)
                ? ForDefinition(_schema, definition)
                : new SmpSchema(_schema, "struct", ShortName(modelName), null, default, false);
        }
        var type = node.TryGetProperty("type", out var t) ? t.GetString() : null;
        if (node.TryGetProperty("additionalProperties", out var values))
        {
            return new SmpSchema(_schema, "map", "", null, values, true);
        }
        if (type == "array" || node.TryGetProperty("items", out _))
        {
            return node.TryGetProperty("items", out var items)
                ? new SmpSchema(_schema, "slice", "", null, items, true)
                : new SmpSchema(_schema, "slice", "", null, default, false);
        }
        var format = node.TryGetProperty("format", out var f) ? f.GetString() : null;
        var kind = type switch
        {
            "integer" => format == "int64" ? "int64" : "int32",
            "boolean" => "bool",
            "number" => "float64",
            "object" => "map",
            _ => format == "byte" ? "slice" : "string",
        };
        return new SmpSchema(_schema, kind, "", null, default, false);
    }

    private static string ShortName(string modelName)
    {
        var dot = modelName.LastIndexOf('.');
        return dot >= 0 ? modelName[(dot + 1)..] : modelName;
    }
}
