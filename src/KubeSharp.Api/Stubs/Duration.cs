using System.Text.Json;
using KubeSharp.Api.Serialization;

namespace KubeSharp.Api;

/// <summary>TEMPORARY stand-in kept only until the real type lands (branch special-types).</summary>
public readonly record struct Duration(string? Text) : IJsonModel<Duration>, KubeSharp.Api.Protobuf.IProtoModel<Duration>
{
    public bool IsZero => Text is null;

    public static Duration ReadJson(ref Utf8JsonReader reader, JsonDecodeContext context)
        => reader.TokenType == JsonTokenType.Null ? default : new Duration(reader.TokenType == JsonTokenType.String ? reader.GetString() : System.Text.Encoding.UTF8.GetString(reader.ValueSpan));

    public void WriteJson(Utf8JsonWriter writer)
    {
        if (Text is null) { writer.WriteNullValue(); } else { writer.WriteStringValue(Text); }
    }

    public static Duration ReadProto(ref KubeSharp.Api.Protobuf.ProtoReader reader)
    {
        long n = 0;
        while (reader.TryReadTag(out var field, out var wireType)) { if (field == 1) n = reader.ReadInt64(); else reader.Skip(wireType); }
        return new(n == 0 ? "0s" : (n / 1_000_000_000) + "s");
    }

    public void WriteProto(KubeSharp.Api.Protobuf.ProtoWriter writer)
    {
        writer.WriteInt64(1, Text is null ? 0 : long.Parse(Text.TrimEnd('s'), System.Globalization.CultureInfo.InvariantCulture) * 1_000_000_000);
    }
}
