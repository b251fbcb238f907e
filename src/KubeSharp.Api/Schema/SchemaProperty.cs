using System.Text.Json;

namespace KubeSharp.Api.Schema;

/// <summary>One property of a definition, with the facts patching and OpenAPI need.</summary>
public sealed class SchemaProperty
{
    internal SchemaProperty(string name, JsonElement raw)
    {
        Name = name;
        Raw = raw;
        Type = Str(raw, "type");
        Format = Str(raw, "format");
        Ref = Str(raw, "$ref");
        if (raw.TryGetProperty("items", out var items))
        {
            ItemsType = Str(items, "type");
            ItemsRef = Str(items, "$ref");
        }
        if (raw.TryGetProperty("additionalProperties", out var values))
        {
            IsMap = true;
            ValuesType = Str(values, "type");
            ValuesRef = Str(values, "$ref");
        }
        PatchStrategy = Str(raw, "patchStrategy");
        PatchMergeKey = Str(raw, "patchMergeKey");
        ListType = Str(raw, "listType");
        MapType = Str(raw, "mapType");
        ListMapKeys = raw.TryGetProperty("listMapKeys", out var keys) ? keys.EnumerateArray().Select(k => k.GetString()!).ToArray() : [];
        Optional = raw.TryGetProperty("optional", out var optional) && optional.GetBoolean();
        Pointer = raw.TryGetProperty("pointer", out var pointer) && pointer.GetBoolean();
        OmitEmpty = raw.TryGetProperty("omitempty", out var omitEmpty) && omitEmpty.GetBoolean();
    }

    /// <summary>The JSON name.</summary>
    public string Name { get; }

    /// <summary>OpenAPI type (string, integer, boolean, number, array, object) or null for a $ref.</summary>
    public string? Type { get; }

    public string? Format { get; }

    /// <summary>Model name of the referenced definition, for struct-typed properties.</summary>
    public string? Ref { get; }

    /// <summary>For arrays: the element's type or model name.</summary>
    public string? ItemsType { get; }

    public string? ItemsRef { get; }

    /// <summary>True for string-keyed maps.</summary>
    public bool IsMap { get; }

    /// <summary>For maps: the value's type or model name.</summary>
    public string? ValuesType { get; }

    public string? ValuesRef { get; }

    /// <summary>Strategic-merge-patch strategy: "merge", "retainKeys", "merge,retainKeys", "replace", or null.</summary>
    public string? PatchStrategy { get; }

    /// <summary>Strategic-merge-patch merge key of list elements (e.g. "name", "containerPort").</summary>
    public string? PatchMergeKey { get; }

    /// <summary>+listType: atomic, set, map, or null.</summary>
    public string? ListType { get; }

    /// <summary>+listMapKey values for listType=map.</summary>
    public IReadOnlyList<string> ListMapKeys { get; }

    /// <summary>+mapType: atomic or granular, or null.</summary>
    public string? MapType { get; }

    public bool Optional { get; }

    public bool Pointer { get; }

    public bool OmitEmpty { get; }

    public bool IsList => Type == "array";

    /// <summary>The raw property object.</summary>
    public JsonElement Raw { get; }

    private static string? Str(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public override string ToString() => Name;
}
