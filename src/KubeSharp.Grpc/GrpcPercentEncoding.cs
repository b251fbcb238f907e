using System.Text;

namespace KubeSharp.Grpc;

/// <summary>The percent-encoding of <c>grpc-message</c>: UTF-8 bytes outside printable ASCII (and '%')
/// are sent as <c>%XX</c>.</summary>
internal static class GrpcPercentEncoding
{
    /// <summary>Decodes <c>%XX</c> sequences as UTF-8; malformed sequences are kept as they are.</summary>
    public static string Decode(string value)
    {
        if (!value.Contains('%', StringComparison.Ordinal))
        {
            return value;
        }
        var bytes = new byte[Encoding.UTF8.GetMaxByteCount(value.Length)];
        var n = 0;
        var i = 0;
        while (i < value.Length)
        {
            if (value[i] == '%' && i + 2 < value.Length && HexValue(value[i + 1]) is var hi and >= 0 && HexValue(value[i + 2]) is var lo and >= 0)
            {
                bytes[n++] = (byte)((hi << 4) | lo);
                i += 3;
                continue;
            }
            // A run of literal text up to the next '%' (which never splits a surrogate pair).
            var next = value.IndexOf('%', i + 1);
            if (next < 0)
            {
                next = value.Length;
            }
            n += Encoding.UTF8.GetBytes(value.AsSpan(i, next - i), bytes.AsSpan(n));
            i = next;
        }
        return Encoding.UTF8.GetString(bytes, 0, n);
    }

    /// <summary>Encodes a message for <c>grpc-message</c> (used by tests' servers).</summary>
    public static string Encode(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (b is >= 0x20 and <= 0x7E && b != (byte)'%')
            {
                sb.Append((char)b);
            }
            else
            {
                sb.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return sb.ToString();
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
