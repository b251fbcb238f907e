using System.Text.Json;

namespace KubeSharp.Api.Serialization;

/// <summary>Reads and writes a JSON value kept as raw text (RawExtension, FieldsV1, apiextensions JSON).</summary>
public static class RawJsonCodec
{
    /// <summary>Captures the value at the reader as raw UTF-8 JSON; a JSON null gives null.</summary>
    public static byte[]? Read(ref Utf8JsonReader reader, JsonDecodeContext context)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }
        var start = (int)reader.TokenStartIndex;
        if (!context.Source.IsEmpty)
        {
            reader.Skip();
            var end = (int)reader.BytesConsumed;
            return context.Source.Span[start..end].ToArray();
        }
        using var document = JsonDocument.ParseValue(ref reader);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, KubeJson.WriterOptions))
        {
            document.RootElement.WriteTo(writer);
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes raw JSON, or null when there is none.</summary>
    public static void Write(Utf8JsonWriter writer, byte[]? raw)
    {
        if (raw is null || raw.Length == 0)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteRawValue(raw, skipInputValidation: true);
        }
    }
}
