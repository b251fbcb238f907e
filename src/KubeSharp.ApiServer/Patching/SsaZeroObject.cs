using System.Text.Json.Nodes;
using KubeSharp.Api.Schema;

namespace KubeSharp.ApiServer.Patching;

/// <summary>
/// The JSON of a kind's zero value as Go encodes it (non-pointer structs present, non-omitempty fields at their
/// zero): upstream compares a created object against this, not against nothing, when it records the creator's fields.
/// </summary>
internal static class SsaZeroObject
{
    public static JsonObject Of(ApiSchema schema, SchemaDefinition definition) => Struct(schema, definition, 0);

    private static JsonObject Struct(ApiSchema schema, SchemaDefinition definition, int depth)
    {
        var obj = new JsonObject();
        if (depth > 16)
        {
            return obj;
        }
        foreach (var property in definition.Properties)
        {
            if (property.Pointer)
            {
                if (!property.OmitEmpty)
                {
                    obj[property.Name] = null;
                }
                continue;
            }
            if (property.Ref is { } modelName && schema.TryGetDefinition(modelName, out var target))
            {
                switch (target.SpecialKind)
                {
                    case null:
                        obj[property.Name] = Struct(schema, target, depth + 1);
                        break;
                    case "time" or "micro-time":
                        obj[property.Name] = null;
                        break;
                    case "quantity" when !property.OmitEmpty:
                        obj[property.Name] = "0";
                        break;
                    case "int-or-string" when !property.OmitEmpty:
                        obj[property.Name] = 0;
                        break;
                    case "duration" when !property.OmitEmpty:
                        obj[property.Name] = "0s";
                        break;
                }
                continue;
            }
            if (property.OmitEmpty)
            {
                continue;
            }
            obj[property.Name] = property.IsList || property.IsMap
                ? null
                : property.Type switch
                {
                    "string" when property.Format != "byte" => "",
                    "integer" or "number" => 0,
                    "boolean" => false,
                    _ => null,
                };
        }
        return obj;
    }
}
