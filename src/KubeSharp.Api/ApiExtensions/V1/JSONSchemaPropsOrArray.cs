using System.Text.Json;
using KubeSharp.Api.Serialization;

namespace KubeSharp.Api.ApiExtensions.V1;

/// <summary>JSONSchemaPropsOrArray: <c>items</c> of a schema, either one schema or an array of schemas.</summary>
public sealed class JSONSchemaPropsOrArray : IJsonModel<JSONSchemaPropsOrArray>, IDeepCopyable<JSONSchemaPropsOrArray>, KubeSharp.Api.Protobuf.IProtoModel<JSONSchemaPropsOrArray>
{
    public JSONSchemaProps? Schema { get; set; }

    public List<JSONSchemaProps>? JSONSchemas { get; set; }

    public static JSONSchemaPropsOrArray ReadJson(ref Utf8JsonReader reader, JsonDecodeContext context)
    {
        var value = new JSONSchemaPropsOrArray();
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                value.Schema = JSONSchemaProps.ReadJson(ref reader, context);
                break;
            case JsonTokenType.StartArray:
                value.JSONSchemas = JsonCodec.ReadList<JSONSchemaProps>(ref reader, context, "JSONSchemaPropsOrArray", "[]v1.JSONSchemaProps");
                break;
            case JsonTokenType.Null:
                break;
            default:
                throw new JsonDecodeException("JSONSchemaPropsOrArray: expected an object or an array", context.CurrentPath);
        }
        return value;
    }

    public void WriteJson(Utf8JsonWriter writer)
    {
        if (JSONSchemas is { Count: > 0 })
        {
            JsonCodec.WriteList(writer, JSONSchemas);
        }
        else if (Schema is not null)
        {
            Schema.WriteJson(writer);
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    internal static readonly JSONSchemaPropsOrArray Empty = new();

    public static JSONSchemaPropsOrArray ReadProto(ref KubeSharp.Api.Protobuf.ProtoReader reader)
    {
        var value = new JSONSchemaPropsOrArray();
        while (reader.TryReadTag(out var field, out var wireType))
        {
            switch (field)
            {
                case 1:
                    value.Schema = KubeSharp.Api.Protobuf.ProtoCodec.ReadMessage<JSONSchemaProps>(ref reader);
                    break;
                case 2:
                    (value.JSONSchemas ??= []).Add(KubeSharp.Api.Protobuf.ProtoCodec.ReadMessage<JSONSchemaProps>(ref reader));
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
        if (JSONSchemas is { } schemas)
        {
            for (var i = schemas.Count - 1; i >= 0; i--)
            {
                var mark = writer.BeginMessage();
                schemas[i].WriteProto(writer);
                writer.EndMessage(2, mark);
            }
        }
        if (Schema is { } schema)
        {
            var mark = writer.BeginMessage();
            schema.WriteProto(writer);
            writer.EndMessage(1, mark);
        }
    }

    public JSONSchemaPropsOrArray DeepCopy()
    {
        var copy = (JSONSchemaPropsOrArray)MemberwiseClone();
        copy.Schema = Schema?.DeepCopy();
        copy.JSONSchemas = KubeSharp.Api.DeepCopy.Objects(JSONSchemas);
        return copy;
    }
}
