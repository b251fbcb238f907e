using System.Text;

namespace KubeSharp.Api.Manifests;

/// <summary>Input text handling shared by the readers: byte order marks and UTF-8 validation.</summary>
internal static class ManifestText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Returns the input as UTF-8 without a byte order mark. UTF-16 input with a byte order mark is transcoded, as
    /// kubectl's file reader does (<c>unicode.BOMOverride</c>).
    /// </summary>
    public static ReadOnlyMemory<byte> ToUtf8(ReadOnlyMemory<byte> input)
    {
        var span = input.Span;
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return input[3..];
        }
        if (span.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return Encoding.UTF8.GetBytes(Encoding.Unicode.GetString(span[2..]));
        }
        if (span.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return Encoding.UTF8.GetBytes(Encoding.BigEndianUnicode.GetString(span[2..]));
        }
        return input;
    }

    /// <summary>Decodes UTF-8 (after removing a byte order mark), reporting invalid bytes as libyaml does.</summary>
    public static string DecodeUtf8(ReadOnlySpan<byte> utf8, string? source)
    {
        if (utf8.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            utf8 = utf8[3..];
        }
        try
        {
            return StrictUtf8.GetString(utf8);
        }
        catch (DecoderFallbackException e)
        {
            var offset = Math.Clamp(e.Index, 0, utf8.Length);
            var line = utf8[..offset].Count((byte)'\n') + 1;
            var column = offset - (utf8[..offset].LastIndexOf((byte)'\n') + 1) + 1;
            const string problem = "yaml: invalid leading UTF-8 octet";
            var prefix = source is null ? "" : $"error parsing {source}: ";
            throw new ManifestException(prefix + YamlToJson.Prefix + problem, problem, null, line, column, source, e);
        }
    }

    /// <summary>1-based line and column of a byte offset.</summary>
    public static (int Line, int Column) Locate(ReadOnlySpan<byte> utf8, int offset)
    {
        offset = Math.Clamp(offset, 0, utf8.Length);
        var before = utf8[..offset];
        var line = before.Count((byte)'\n') + 1;
        var column = offset - (before.LastIndexOf((byte)'\n') + 1) + 1;
        return (line, column);
    }
}
