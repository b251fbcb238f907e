using System.Buffers.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using KubeSharp.Api;

namespace KubeSharp.ApiServer.Tables;

/// <summary>Table cells as JSON values: strings, integers, booleans and null, encoded once.</summary>
internal static class TableCell
{
    private static readonly RawJson[] SmallIntegers = CreateSmallIntegers();

    public static readonly RawJson Null = new(null);
    public static readonly RawJson True = new("true"u8.ToArray());
    public static readonly RawJson False = new("false"u8.ToArray());
    public static readonly RawJson EmptyString = new("\"\""u8.ToArray());
    public static readonly RawJson None = new("\"<none>\""u8.ToArray());
    public static readonly RawJson Unknown = new("\"<unknown>\""u8.ToArray());
    public static readonly RawJson Unset = new("\"<unset>\""u8.ToArray());

    /// <summary>A JSON string. Printable ASCII without quotes or backslashes (nearly every cell) is copied as is.</summary>
    public static RawJson String(string value)
    {
        if (value.Length == 0)
        {
            return EmptyString;
        }
        var bytes = new byte[value.Length + 2];
        bytes[0] = (byte)'"';
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c < 0x20 || c > 0x7E || c == '"' || c == '\\')
            {
                return Escaped(value);
            }
            bytes[i + 1] = (byte)c;
        }
        bytes[^1] = (byte)'"';
        return new RawJson(bytes);
    }

    /// <summary>A JSON integer (Go's <c>int64</c> cells).</summary>
    public static RawJson Integer(long value)
    {
        if ((ulong)value < (ulong)SmallIntegers.Length)
        {
            return SmallIntegers[value];
        }
        Span<byte> buffer = stackalloc byte[24];
        Utf8Formatter.TryFormat(value, buffer, out var written);
        return new RawJson(buffer[..written].ToArray());
    }

    /// <summary>A JSON boolean.</summary>
    public static RawJson Boolean(bool value) => value ? True : False;

    private static RawJson Escaped(string value)
    {
        var encoded = JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).EncodedUtf8Bytes;
        var bytes = new byte[encoded.Length + 2];
        bytes[0] = (byte)'"';
        encoded.CopyTo(bytes.AsSpan(1));
        bytes[^1] = (byte)'"';
        return new RawJson(bytes);
    }

    private static RawJson[] CreateSmallIntegers()
    {
        var values = new RawJson[256];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = new RawJson(System.Text.Encoding.ASCII.GetBytes(i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        return values;
    }
}
