using System.Text.Json;
using KubeSharp.Api.Serialization;

namespace KubeSharp.Api.ApiExtensions.V1;

/// <summary>JSONSchemaPropsOrBool: a schema, or a boolean (additionalProperties: false).</summary>
public sealed class JSONSchemaPropsOrBool : IJsonModel<JSONSchemaPropsOrBool>
{
    /// <summary>True when any value is allowed, or when <see cref="Schema"/> is set.</summary>
    public bool Allows { get; set; }

    public JSONSchemaProps? Schema { get; set; }

    public static JSONSchemaPropsOrBool ReadJson(ref Utf8JsonReader reader, JsonDecodeContext context)
    {
        var value = new JSONSchemaPropsOrBool();
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                value.Schema = JSONSchemaProps.ReadJson(ref reader, context);
                value.Allows = true;
                break;
            default:
                value.Allows = JsonCodec.ReadBool(ref reader, context, "JSONSchemaPropsOrBool");
                break;
        }
        return value;
    }

    public void WriteJson(Utf8JsonWriter writer)
    {
        if (Schema is not null)
        {
            Schema.WriteJson(writer);
        }
        else
        {
            writer.WriteBooleanValue(Allows);
        }
    }
}
