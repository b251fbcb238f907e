using System.Text.Json;
using KubeSharp.Api.Serialization;

namespace KubeSharp.Api;

/// <summary>TEMPORARY stand-in kept only until the real type lands (branch special-types).</summary>
public readonly record struct Quantity(string? Text) : IJsonModel<Quantity>, KubeSharp.Api.Protobuf.IProtoModel<Quantity>
{
    public bool IsZero => Text is null;

    public static Quantity ReadJson(ref Utf8JsonReader reader, JsonDecodeContext context)
        => reader.TokenType == JsonTokenType.Null ? default : new Quantity(reader.TokenType == JsonTokenType.String ? reader.GetString() : System.Text.Encoding.UTF8.GetString(reader.ValueSpan));

    public void WriteJson(Utf8JsonWriter writer)
    {
        if (Text is null) { writer.WriteNullValue(); } else { writer.WriteStringValue(Text); }
    }

    public static Quantity ReadProto(ref KubeSharp.Api.Protobuf.ProtoReader reader)
    {
        string? text = null;
        while (reader.TryReadTag(out var field, out var wireType)) { if (field == 1 && wireType == 2) text = reader.ReadString(); else reader.Skip(wireType); }
        return new(text);
    }

    public void WriteProto(KubeSharp.Api.Protobuf.ProtoWriter writer)
    {
        writer.WriteString(1, Text ?? "0");
    }
}
