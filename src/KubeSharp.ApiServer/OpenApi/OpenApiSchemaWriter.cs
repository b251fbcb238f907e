using System.Text.Json;
using KubeSharp.Api.Schema;

namespace KubeSharp.ApiServer.OpenApi;

/// <summary>
/// Writes <c>components.schemas</c> entries from <c>schema.json</c> definitions in the form kube-apiserver v1.32
/// publishes in OpenAPI v3: property <c>$ref</c>s wrapped in <c>allOf</c>; zero-value <c>default</c>s of non-pointer
/// fields (<c>{}</c> for structs, <c>""</c>/<c>0</c>/<c>false</c> for scalars that are not omitempty, always for list
/// and map elements); sorted <c>enum</c>s; the list, map and patch extensions; <c>required</c>;
/// <c>x-kubernetes-group-version-kind</c>; the special encodings of Quantity, IntOrString, Time, MicroTime, Duration,
/// RawExtension and FieldsV1. <c>schema.json</c> has no descriptions, so none are written.
/// </summary>
internal static class OpenApiSchemaWriter
{
    /// <summary>Prefix of component references.</summary>
    public const string RefPrefix = "#/components/schemas/";

    /// <summary>Every definition reachable from <paramref name="roots"/> (roots included when they exist).</summary>
    public static SortedSet<string> Reachable(ApiSchema schema, IEnumerable<string> roots, IReadOnlyDictionary<string, JsonElement> extensions)
    {
        var result = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(roots);
        while (pending.Count > 0)
        {
            var name = pending.Pop();
            if (!result.Add(name))
            {
                continue;
            }
            if (extensions.TryGetValue(name, out var extension))
            {
                CollectRefs(extension, pending, v3: true);
            }
            else if (schema.TryGetDefinition(name, out var definition) && definition.Raw.TryGetProperty("properties", out var properties))
            {
                CollectRefs(properties, pending, v3: false);
            }
        }
        return result;
    }

    /// <summary>Writes one definition's schema object.</summary>
    public static void WriteDefinition(Utf8JsonWriter writer, SchemaDefinition definition, ApiSchema schema)
    {
        writer.WriteStartObject();
        switch (definition.SpecialKind)
        {
            case "quantity":
                WriteOneOf(writer, "string", "number");
                break;
            case "int-or-string":
                writer.WriteString("format", "int-or-string");
                WriteOneOf(writer, "integer", "string");
                break;
            case "time":
            case "micro-time":
                writer.WriteString("format", "date-time");
                writer.WriteString("type", "string");
                break;
            case "duration":
            case "group-version":
                writer.WriteString("type", "string");
                break;
            case "raw-extension":
            case "fields-v1":
                writer.WriteString("type", "object");
                break;
            case null:
                WriteStruct(writer, definition, schema);
                break;
            default:
                // JSON and JSONSchemaPropsOr*: any JSON value; upstream publishes no type for them.
                break;
        }
        writer.WriteEndObject();
    }

    private static void WriteStruct(Utf8JsonWriter writer, SchemaDefinition definition, ApiSchema schema)
    {
        if (definition.Properties.Count > 0)
        {
            writer.WriteStartObject("properties");
            foreach (var property in definition.Properties.OrderBy(p => p.Name, StringComparer.Ordinal))
            {
                writer.WritePropertyName(property.Name);
                WriteProperty(writer, property, schema);
            }
            writer.WriteEndObject();
        }
        if (definition.Required.Count > 0)
        {
            writer.WriteStartArray("required");
            foreach (var name in definition.Required)
            {
                writer.WriteStringValue(name);
            }
            writer.WriteEndArray();
        }
        writer.WriteString("type", "object");
        if (definition.GroupVersionKinds.Count > 0)
        {
            writer.WriteStartArray("x-kubernetes-group-version-kind");
            foreach (var (group, version, kind) in definition.GroupVersionKinds)
            {
                WriteGroupVersionKind(writer, group, version, kind);
            }
            writer.WriteEndArray();
        }
        if (definition.Raw.TryGetProperty("structType", out var structType) && structType.ValueKind == JsonValueKind.String)
        {
            writer.WriteString("x-kubernetes-map-type", structType.GetString());
        }
    }

    /// <summary>Writes <c>{"group":..,"kind":..,"version":..}</c>.</summary>
    public static void WriteGroupVersionKind(Utf8JsonWriter writer, string group, string version, string kind)
    {
        writer.WriteStartObject();
        writer.WriteString("group", group);
        writer.WriteString("kind", kind);
        writer.WriteString("version", version);
        writer.WriteEndObject();
    }

    private static void WriteProperty(Utf8JsonWriter writer, SchemaProperty property, ApiSchema schema)
    {
        var raw = property.Raw;
        writer.WriteStartObject();
        if (property.Ref is { } reference)
        {
            writer.WriteStartArray("allOf");
            writer.WriteStartObject();
            writer.WriteString("$ref", RefPrefix + reference);
            writer.WriteEndObject();
            writer.WriteEndArray();
            if (raw.TryGetProperty("default", out var explicitDefault))
            {
                writer.WritePropertyName("default");
                explicitDefault.WriteTo(writer);
            }
            else if (!property.Pointer && IsPlainStruct(schema, reference))
            {
                writer.WriteStartObject("default");
                writer.WriteEndObject();
            }
        }
        else if (property.IsMap)
        {
            writer.WritePropertyName("additionalProperties");
            WriteElement(writer, raw.GetProperty("additionalProperties"), schema);
            writer.WriteString("type", "object");
        }
        else if (property.IsList)
        {
            writer.WritePropertyName("items");
            WriteElement(writer, raw.GetProperty("items"), schema);
            writer.WriteString("type", "array");
        }
        else
        {
            var zero = !property.Pointer && !property.OmitEmpty;
            WriteScalar(writer, raw, zero);
        }
        if (property.ListMapKeys.Count > 0)
        {
            writer.WriteStartArray("x-kubernetes-list-map-keys");
            foreach (var key in property.ListMapKeys)
            {
                writer.WriteStringValue(key);
            }
            writer.WriteEndArray();
        }
        WriteOptionalString(writer, "x-kubernetes-list-type", property.ListType);
        WriteOptionalString(writer, "x-kubernetes-map-type", property.MapType);
        WriteOptionalString(writer, "x-kubernetes-patch-merge-key", property.PatchMergeKey);
        WriteOptionalString(writer, "x-kubernetes-patch-strategy", property.PatchStrategy);
        writer.WriteEndObject();
    }

    /// <summary>A list element or map value: elements are never pointers, so they always carry their zero default.</summary>
    private static void WriteElement(Utf8JsonWriter writer, JsonElement raw, ApiSchema schema)
    {
        writer.WriteStartObject();
        if (raw.TryGetProperty("$ref", out var reference) && reference.GetString() is { } name)
        {
            if (IsPlainStruct(schema, name))
            {
                writer.WriteStartArray("allOf");
                writer.WriteStartObject();
                writer.WriteString("$ref", RefPrefix + name);
                writer.WriteEndObject();
                writer.WriteEndArray();
                writer.WriteStartObject("default");
                writer.WriteEndObject();
            }
            else
            {
                writer.WriteString("$ref", RefPrefix + name);
            }
        }
        else if (raw.TryGetProperty("additionalProperties", out var values))
        {
            writer.WritePropertyName("additionalProperties");
            WriteElement(writer, values, schema);
            writer.WriteString("type", "object");
        }
        else if (raw.TryGetProperty("items", out var items))
        {
            writer.WritePropertyName("items");
            WriteElement(writer, items, schema);
            writer.WriteString("type", "array");
        }
        else
        {
            WriteScalar(writer, raw, zero: true);
        }
        writer.WriteEndObject();
    }

    /// <summary>Writes default, enum, format and type of a scalar (keys in sorted order).</summary>
    private static void WriteScalar(Utf8JsonWriter writer, JsonElement raw, bool zero)
    {
        var type = Str(raw, "type");
        var format = Str(raw, "format");
        if (raw.TryGetProperty("default", out var explicitDefault))
        {
            writer.WritePropertyName("default");
            explicitDefault.WriteTo(writer);
        }
        else if (zero && format != "byte")
        {
            switch (type)
            {
                case "string":
                    writer.WriteString("default", "");
                    break;
                case "integer":
                case "number":
                    writer.WriteNumber("default", 0);
                    break;
                case "boolean":
                    writer.WriteBoolean("default", false);
                    break;
                default:
                    break;
            }
        }
        if (raw.TryGetProperty("enum", out var values) && values.ValueKind == JsonValueKind.Array)
        {
            writer.WriteStartArray("enum");
            foreach (var value in values.EnumerateArray().Select(v => v.GetString() ?? "").Order(StringComparer.Ordinal))
            {
                writer.WriteStringValue(value);
            }
            writer.WriteEndArray();
        }
        WriteOptionalString(writer, "format", format);
        WriteOptionalString(writer, "type", type);
    }

    private static void WriteOneOf(Utf8JsonWriter writer, string first, string second)
    {
        writer.WriteStartArray("oneOf");
        foreach (var type in new[] { first, second })
        {
            writer.WriteStartObject();
            writer.WriteString("type", type);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    /// <summary>True for a struct definition (not one of the special encodings): its zero value defaults to <c>{}</c>.</summary>
    private static bool IsPlainStruct(ApiSchema schema, string name)
        => schema.TryGetDefinition(name, out var definition) && definition.SpecialKind is null;

    private static void WriteOptionalString(Utf8JsonWriter writer, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            writer.WriteString(name, value);
        }
    }

    private static string? Str(JsonElement e, string name)
        => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static void CollectRefs(JsonElement element, Stack<string> into, bool v3)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.NameEquals("$ref") && property.Value.ValueKind == JsonValueKind.String)
                    {
                        var target = property.Value.GetString()!;
                        if (!v3)
                        {
                            into.Push(target);
                        }
                        else if (target.StartsWith(RefPrefix, StringComparison.Ordinal))
                        {
                            into.Push(target[RefPrefix.Length..]);
                        }
                    }
                    else if (!property.NameEquals("protobuf"))
                    {
                        CollectRefs(property.Value, into, v3);
                    }
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    CollectRefs(item, into, v3);
                }
                break;
            default:
                break;
        }
    }
}
