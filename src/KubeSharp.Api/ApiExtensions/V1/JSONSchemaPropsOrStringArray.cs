using System.Text.Json;
using KubeSharp.Api.Serialization;

namespace KubeSharp.Api.ApiExtensions.V1;

/// <summary>JSONSchemaPropsOrStringArray: <c>dependencies</c> values, a schema or a list of property names.</summary>
public sealed class JSONSchemaPropsOrStringArray : IJsonModel<JSONSchemaPropsOrStringArray>, IDeepCopyable<JSONSchemaPropsOrStringArray>, KubeSharp.Api.Protobuf.IProtoModel<JSONSchemaPropsOrStringArray>
{
    public JSONSchemaProps? Schema { get; set; }

    public List<string>? Property { get; set; }

    public static JSONSchemaPropsOrStringArray ReadJson(ref Utf8JsonReader reader, JsonDecodeContext context)
    {
        var value = new JSONSchemaPropsOrStringArray();
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                value.Schema = JSONSchemaProps.ReadJson(ref reader, context);
                break;
            case JsonTokenType.StartArray:
                value.Property = JsonCodec.ReadStringList(ref reader, context, "JSONSchemaPropsOrStringArray");
                break;
            case JsonTokenType.Null:
                break;
            default:
                throw new JsonDecodeException("JSONSchemaPropsOrStringArray: expected an object or an array", context.CurrentPath);
        }
        return value;
    }

    public void WriteJson(Utf8JsonWriter writer)
    {
        if (Property is { Count: > 0 })
        {
            JsonCodec.WriteStringList(writer, Property);
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

    internal static readonly JSONSchemaPropsOrStringArray Empty = new();

    public static JSONSchemaPropsOrStringArray ReadProto(ref KubeSharp.Api.Protobuf.ProtoReader reader)
    {
        var value = new JSONSchemaPropsOrStringArray();
        while (reader.TryReadTag(out var field, out var wireType))
        {
            switch (field)
            {
                case 1:
                    value.Schema = KubeSharp.Api.Protobuf.ProtoCodec.ReadMessage<JSONSchemaProps>(ref reader);
                    break;
                case 2:
                    (value.Property ??= []).Add(reader.ReadString());
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
        if (Property is { } property)
        {
            for (var i = property.Count - 1; i >= 0; i--)
            {
                writer.WriteString(2, property[i]);
            }
        }
        if (Schema is { } schema)
        {
            var mark = writer.BeginMessage();
            schema.WriteProto(writer);
            writer.EndMessage(1, mark);
        }
    }

    public JSONSchemaPropsOrStringArray DeepCopy()
    {
        var copy = (JSONSchemaPropsOrStringArray)MemberwiseClone();
        copy.Schema = Schema?.DeepCopy();
        copy.Property = KubeSharp.Api.DeepCopy.Values(Property);
        return copy;
    }
}
