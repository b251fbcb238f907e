using System.Text.Json;
using KubeSharp.Api.Serialization;

namespace KubeSharp.Api;

/// <summary>TEMPORARY stand-in kept only until the real type lands (branch special-types).</summary>
public readonly record struct MicroTime(string? Text) : IJsonModel<MicroTime>, KubeSharp.Api.Protobuf.IProtoModel<MicroTime>
{
    public bool IsZero => Text is null;

    public static MicroTime ReadJson(ref Utf8JsonReader reader, JsonDecodeContext context)
        => reader.TokenType == JsonTokenType.Null ? default : new MicroTime(reader.TokenType == JsonTokenType.String ? reader.GetString() : System.Text.Encoding.UTF8.GetString(reader.ValueSpan));

    public void WriteJson(Utf8JsonWriter writer)
    {
        if (Text is null) { writer.WriteNullValue(); } else { writer.WriteStringValue(Text); }
    }

    public static MicroTime ReadProto(ref KubeSharp.Api.Protobuf.ProtoReader reader)
    {
        long seconds = 0; int nanos = 0; var any = false;
        while (reader.TryReadTag(out var field, out var wireType)) { any = true; if (field == 1) seconds = reader.ReadInt64(); else if (field == 2) nanos = reader.ReadInt32(); else reader.Skip(wireType); }
        if (!any) return default;
        var t = DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(nanos / 1000 * 10);
        return new(t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", System.Globalization.CultureInfo.InvariantCulture));
    }

    public void WriteProto(KubeSharp.Api.Protobuf.ProtoWriter writer)
    {
        if (Text is null) return;
        var t = DateTimeOffset.Parse(Text, System.Globalization.CultureInfo.InvariantCulture);
        writer.WriteInt64(2, (t.Ticks % TimeSpan.TicksPerSecond) / 10 * 1000);
        writer.WriteInt64(1, t.ToUnixTimeSeconds());
    }
}
