using System.Text.Json;
using KubeSharp.Api.Serialization;

namespace KubeSharp.Api.ApiExtensions.V1;

/// <summary>JSONSchemaPropsOrBool: a schema, or a boolean (additionalProperties: false).</summary>
public sealed class JSONSchemaPropsOrBool : IJsonModel<JSONSchemaPropsOrBool>, IDeepCopyable<JSONSchemaPropsOrBool>, KubeSharp.Api.Protobuf.IProtoModel<JSONSchemaPropsOrBool>
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

    internal static readonly JSONSchemaPropsOrBool Empty = new();

    public static JSONSchemaPropsOrBool ReadProto(ref KubeSharp.Api.Protobuf.ProtoReader reader)
    {
        var value = new JSONSchemaPropsOrBool();
        while (reader.TryReadTag(out var field, out var wireType))
        {
            switch (field)
            {
                case 1:
                    value.Allows = reader.ReadBool();
                    break;
                case 2:
                    value.Schema = KubeSharp.Api.Protobuf.ProtoCodec.ReadMessage<JSONSchemaProps>(ref reader);
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }
        return value;
    }

    public void WriteProto(KubeSharp.Api.Protobuf.ProtoWriter writer)
    {
        if (Schema is { } schema)
        {
            var mark = writer.BeginMessage();
            schema.WriteProto(writer);
            writer.EndMessage(2, mark);
        }
        writer.WriteBool(1, Allows || Schema is not null);
    }

    public JSONSchemaPropsOrBool DeepCopy()
    {
        var copy = (JSONSchemaPropsOrBool)MemberwiseClone();
        copy.Schema = Schema?.DeepCopy();
        return copy;
    }
}
