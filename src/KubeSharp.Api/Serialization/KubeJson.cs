using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace KubeSharp.Api.Serialization;

/// <summary>Entry points for encoding and decoding API objects as JSON with the generated codecs.</summary>
public static class KubeJson
{
    /// <summary>Writer options matching Go's output closely: UTF-8 text is written as is, no indentation.</summary>
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    /// <summary>Same as <see cref="WriterOptions"/>, indented (for humans and golden files).</summary>
    public static readonly JsonWriterOptions IndentedWriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
        Indented = true,
    };

    /// <summary>Reader options: no comments or trailing commas (Go rejects both), deep nesting allowed.</summary>
    public static readonly JsonReaderOptions ReaderOptions = new()
    {
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
        MaxDepth = 1000,
    };

    /// <summary>Decodes one JSON document. Malformed JSON, trailing content and type mismatches throw
    /// <see cref="JsonDecodeException"/>; unknown and duplicate fields go to <paramref name="context"/>.</summary>
    public static T Deserialize<T>(ReadOnlySpan<byte> utf8Json, JsonDecodeContext? context = null) where T : IJsonModel<T>
    {
        if (context is not null)
        {
            return DeserializeCore<T>(utf8Json, context);
        }
        var rented = JsonDecodeContext.RentLenient(default, skipManagedFields: false);
        try
        {
            return DeserializeCore<T>(utf8Json, rented);
        }
        finally
        {
            JsonDecodeContext.ReturnLenient(rented);
        }
    }

    private static T DeserializeCore<T>(ReadOnlySpan<byte> utf8Json, JsonDecodeContext context) where T : IJsonModel<T>
    {
        var reader = new Utf8JsonReader(utf8Json, ReaderOptions);
        try
        {
            if (!reader.Read())
            {
                throw new JsonDecodeException("unexpected end of JSON input");
            }
            var value = T.ReadJson(ref reader, context);
            if (reader.Read())
            {
                throw new JsonDecodeException($"invalid character after top-level value at byte {reader.TokenStartIndex}");
            }
            return value;
        }
        catch (JsonException e)
        {
            throw new JsonDecodeException(DescribeSyntaxError(e), e);
        }
    }

    /// <summary>Decodes one JSON document as the kind <paramref name="info"/> describes (kind known at run time).</summary>
    public static object Deserialize(ApiTypeInfo info, ReadOnlySpan<byte> utf8Json, JsonDecodeContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(info);
        if (context is not null)
        {
            return DeserializeCore(info, utf8Json, context);
        }
        var rented = JsonDecodeContext.RentLenient(default, skipManagedFields: false);
        try
        {
            return DeserializeCore(info, utf8Json, rented);
        }
        finally
        {
            JsonDecodeContext.ReturnLenient(rented);
        }
    }

    private static object DeserializeCore(ApiTypeInfo info, ReadOnlySpan<byte> utf8Json, JsonDecodeContext context)
    {
        var reader = new Utf8JsonReader(utf8Json, ReaderOptions);
        try
        {
            if (!reader.Read())
            {
                throw new JsonDecodeException("unexpected end of JSON input");
            }
            var value = info.ReadJson(ref reader, context);
            if (reader.Read())
            {
                throw new JsonDecodeException($"invalid character after top-level value at byte {reader.TokenStartIndex}");
            }
            return value;
        }
        catch (JsonException e)
        {
            throw new JsonDecodeException(DescribeSyntaxError(e), e);
        }
    }

    /// <summary>Decodes one JSON document held in memory; raw values are sliced from it without re-parsing.</summary>
    public static T Deserialize<T>(ReadOnlyMemory<byte> utf8Json, JsonDecodeContext? context = null) where T : IJsonModel<T>
    {
        if (context is null)
        {
            var rented = JsonDecodeContext.RentLenient(utf8Json, skipManagedFields: false);
            try
            {
                return DeserializeCore<T>(utf8Json.Span, rented);
            }
            finally
            {
                JsonDecodeContext.ReturnLenient(rented);
            }
        }
        context.Source = utf8Json;
        try
        {
            return DeserializeCore<T>(utf8Json.Span, context);
        }
        finally
        {
            context.Source = default;
        }
    }

    /// <summary>Decodes one JSON document held in an array.</summary>
    public static T Deserialize<T>(byte[] utf8Json, JsonDecodeContext? context = null) where T : IJsonModel<T>
        => Deserialize<T>(new ReadOnlyMemory<byte>(utf8Json), context);

    /// <summary>Decodes one JSON document from a string.</summary>
    public static T Deserialize<T>(string json, JsonDecodeContext? context = null) where T : IJsonModel<T>
        => Deserialize<T>(System.Text.Encoding.UTF8.GetBytes(json), context);

    /// <summary>Encodes <paramref name="value"/> into <paramref name="output"/>.</summary>
    public static void Serialize<T>(IBufferWriter<byte> output, T value, bool indented = false) where T : IJsonModel<T>
    {
        using var writer = new Utf8JsonWriter(output, indented ? IndentedWriterOptions : WriterOptions);
        value.WriteJson(writer);
    }

    /// <summary>Encodes <paramref name="value"/> as UTF-8 JSON bytes.</summary>
    public static byte[] SerializeToUtf8Bytes<T>(T value, bool indented = false) where T : IJsonModel<T>
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        Serialize(buffer, value, indented);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Encodes <paramref name="value"/> as a JSON string.</summary>
    public static string Serialize<T>(T value, bool indented = false) where T : IJsonModel<T>
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        Serialize(buffer, value, indented);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    internal static string DescribeSyntaxError(JsonException e)
        => e.LineNumber is { } line
            ? $"invalid JSON at line {line + 1}, column {(e.BytePositionInLine ?? 0) + 1}: {e.Message}"
            : $"invalid JSON: {e.Message}";
}
