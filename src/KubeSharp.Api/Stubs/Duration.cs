using System.Text.Json;
using KubeSharp.Api.Serialization;

namespace KubeSharp.Api;

/// <summary>TEMPORARY stand-in kept only until the real type lands (branch special-types).</summary>
public readonly record struct Duration(string? Text) : IJsonModel<Duration>
{
    public bool IsZero => Text is null;

    public static Duration ReadJson(ref Utf8JsonReader reader, JsonDecodeContext context)
        => reader.TokenType == JsonTokenType.Null ? default : new Duration(reader.TokenType == JsonTokenType.String ? reader.GetString() : System.Text.Encoding.UTF8.GetString(reader.ValueSpan));

    public void WriteJson(Utf8JsonWriter writer)
    {
        if (Text is null) { writer.WriteNullValue(); } else { writer.WriteStringValue(Text); }
    }
}
