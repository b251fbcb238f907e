using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace KubeSharp.Storage.CrashWriter;

/// <summary>
/// The values the crash writer writes: deterministic from (key, sequence number), of varying length, and
/// self-checking (they end with a hash of the rest), so a torn or half-applied value cannot pass as intact.
/// </summary>
public static class CrashValue
{
    public static byte[] Make(string key, long sequence)
    {
        var filler = new string((char)('a' + (int)(sequence % 26)), 64 + (int)(sequence * 7919 % 3000));
        var body = string.Create(CultureInfo.InvariantCulture, $"{key}|{sequence}|{filler}");
        return Encoding.UTF8.GetBytes(body + "|" + Hash(body));
    }

    /// <summary>Whether <paramref name="value"/> is a whole value written for <paramref name="key"/>.</summary>
    public static bool IsIntact(string key, ReadOnlySpan<byte> value)
    {
        var text = Encoding.UTF8.GetString(value);
        var cut = text.LastIndexOf('|');
        if (cut < 0)
        {
            return false;
        }
        var body = text[..cut];
        return body.StartsWith(key + "|", StringComparison.Ordinal) && text[(cut + 1)..] == Hash(body);
    }

    private static string Hash(string body) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(body)), 0, 8);
}
