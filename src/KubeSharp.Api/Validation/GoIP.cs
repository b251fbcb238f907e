using System.Text.RegularExpressions;

namespace KubeSharp.Api.Validation;

/// <summary>
/// Go's IP parsing as upstream validation uses it: <c>net.ParseIP</c> / <c>net.ParseCIDR</c> (built on
/// <c>netip.ParseAddr</c>: strict IPv4 dotted quads, IPv6 with one <c>::</c> and an optional embedded
/// IPv4 tail) and <c>k8s.io/utils/net</c>'s "sloppy" variants that first retry with leading zeros stripped.
/// </summary>
internal static partial class GoIP
{
    private const int Big = 0xFFFFFF;

    [GeneratedRegex(@"(^|:)0*(0|[1-9][0-9]*)\.0*(0|[1-9][0-9]*)\.0*(0|[1-9][0-9]*)\.0*(0|[1-9][0-9]*)((/)0*(0|[1-9][0-9]*))?\z", RegexOptions.CultureInvariant)]
    private static partial Regex MatchZeros();

    /// <summary><c>netutils.ParseIPSloppy</c>; on success <paramref name="ip"/> holds the 16-byte form.</summary>
    public static bool TryParseIPSloppy(string value, out byte[] ip)
    {
        ip = new byte[16];
        if (TryParseIP(value, ip))
        {
            return true;
        }

        var stripped = MatchZeros().Replace(value, "$1$2.$3.$4.$5$7$8");
        return TryParseIP(stripped, ip);
    }

    /// <summary>Whether <see cref="TryParseIPSloppy"/> succeeds, without allocating for a well-formed address.</summary>
    public static bool IsValidIPSloppy(string value)
    {
        Span<byte> ip = stackalloc byte[16];
        return TryParseIP(value, ip) || TryParseIP(MatchZeros().Replace(value, "$1$2.$3.$4.$5$7$8"), ip);
    }

    /// <summary><c>netutils.ParseCIDRSloppy</c> succeeded.</summary>
    public static bool TryParseCIDRSloppy(string value)
    {
        if (TryParseCIDR(value))
        {
            return true;
        }

        var stripped = MatchZeros().Replace(value, "$1$2.$3.$4.$5$7$8");
        return TryParseCIDR(stripped);
    }

    /// <summary>Go's <c>ip.To4() != nil</c> for a 16-byte address: the IPv4-mapped prefix.</summary>
    public static bool IsIPv4(ReadOnlySpan<byte> ip16)
    {
        for (var i = 0; i < 10; i++)
        {
            if (ip16[i] != 0)
            {
                return false;
            }
        }

        return ip16[10] == 0xFF && ip16[11] == 0xFF;
    }

    /// <summary><c>net.ParseIP</c>: <c>netip.ParseAddr</c> without a zone.</summary>
    private static bool TryParseIP(string value, Span<byte> ip16) =>
        TryParseAddr(value, ip16, out _, out var zone) && !zone;

    /// <summary><c>net.ParseCIDR</c>.</summary>
    private static bool TryParseCIDR(string value)
    {
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return false;
        }

        Span<byte> ip = stackalloc byte[16];
        if (!TryParseAddr(value.AsSpan(0, slash), ip, out var is4, out var zone) || zone)
        {
            return false;
        }

        var mask = value.AsSpan(slash + 1);
        var (n, consumed, ok) = Dtoi(mask);
        var bits = is4 ? 32 : 128;
        return ok && consumed == mask.Length && n >= 0 && n <= bits;
    }

    private static (int N, int Consumed, bool Ok) Dtoi(ReadOnlySpan<char> s)
    {
        var n = 0;
        var i = 0;
        for (; i < s.Length && s[i] is >= '0' and <= '9'; i++)
        {
            n = (n * 10) + (s[i] - '0');
            if (n >= Big)
            {
                return (Big, i, false);
            }
        }

        return i == 0 ? (0, 0, false) : (n, i, true);
    }

    /// <summary><c>netip.ParseAddr</c>; <paramref name="is4"/> is true for a dotted-quad IPv4 input.</summary>
    private static bool TryParseAddr(ReadOnlySpan<char> s, Span<byte> ip16, out bool is4, out bool hasZone)
    {
        is4 = false;
        hasZone = false;
        foreach (var c in s)
        {
            switch (c)
            {
                case '.':
                    is4 = true;
                    ip16.Clear();
                    ip16[10] = 0xFF;
                    ip16[11] = 0xFF;
                    return ParseIPv4Fields(s, ip16[12..]);
                case ':':
                    return ParseIPv6(s, ip16, out hasZone);
                case '%':
                    return false;
            }
        }

        return false;
    }

    private static bool ParseIPv4Fields(ReadOnlySpan<char> s, Span<byte> fields)
    {
        var val = 0;
        var pos = 0;
        var digits = 0;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c is >= '0' and <= '9')
            {
                if (digits == 1 && val == 0)
                {
                    return false; // leading zero
                }

                val = (val * 10) + (c - '0');
                digits++;
                if (val > 255)
                {
                    return false;
                }
            }
            else if (c == '.')
            {
                if (i == 0 || i == s.Length - 1 || s[i - 1] == '.' || pos == 3)
                {
                    return false;
                }

                fields[pos++] = (byte)val;
                val = 0;
                digits = 0;
            }
            else
            {
                return false;
            }
        }

        if (pos < 3)
        {
            return false;
        }

        fields[3] = (byte)val;
        return true;
    }

    private static bool ParseIPv6(ReadOnlySpan<char> input, Span<byte> ip, out bool hasZone)
    {
        hasZone = false;
        var s = input;
        var percent = s.IndexOf('%');
        if (percent >= 0)
        {
            if (percent == s.Length - 1)
            {
                return false; // empty zone
            }

            hasZone = true;
            s = s[..percent];
        }

        ip.Clear();
        var ellipsis = -1;
        if (s.Length >= 2 && s[0] == ':' && s[1] == ':')
        {
            ellipsis = 0;
            s = s[2..];
            if (s.IsEmpty)
            {
                return true;
            }
        }

        var i = 0;
        while (i < 16)
        {
            var off = 0;
            uint acc = 0;
            for (; off < s.Length; off++)
            {
                var c = s[off];
                if (c is >= '0' and <= '9')
                {
                    acc = (acc << 4) + (uint)(c - '0');
                }
                else if (c is >= 'a' and <= 'f')
                {
                    acc = (acc << 4) + (uint)(c - 'a' + 10);
                }
                else if (c is >= 'A' and <= 'F')
                {
                    acc = (acc << 4) + (uint)(c - 'A' + 10);
                }
                else
                {
                    break;
                }

                if (off > 3 || acc > ushort.MaxValue)
                {
                    return false;
                }
            }

            if (off == 0)
            {
                return false;
            }

            if (off < s.Length && s[off] == '.')
            {
                if ((ellipsis < 0 && i != 12) || i + 4 > 16)
                {
                    return false;
                }

                if (!ParseIPv4Fields(s, ip.Slice(i, 4)))
                {
                    return false;
                }

                s = [];
                i += 4;
                break;
            }

            ip[i] = (byte)(acc >> 8);
            ip[i + 1] = (byte)acc;
            i += 2;

            s = s[off..];
            if (s.IsEmpty)
            {
                break;
            }

            if (s[0] != ':' || s.Length == 1)
            {
                return false;
            }

            s = s[1..];
            if (s[0] == ':')
            {
                if (ellipsis >= 0)
                {
                    return false;
                }

                ellipsis = i;
                s = s[1..];
                if (s.IsEmpty)
                {
                    break;
                }
            }
        }

        if (!s.IsEmpty)
        {
            return false;
        }

        if (i < 16)
        {
            if (ellipsis < 0)
            {
                return false;
            }

            var n = 16 - i;
            for (var j = i - 1; j >= ellipsis; j--)
            {
                ip[j + n] = ip[j];
            }

            ip.Slice(ellipsis, n).Clear();
        }
        else if (ellipsis >= 0)
        {
            return false;
        }

        return true;
    }
}
