namespace KubeSharp.Api.Labels;

/// <summary>Go string helpers shared by the selectors.</summary>
internal static class GoStrings
{
    /// <summary>
    /// Compares as Go compares strings (UTF-8 byte order). This equals UTF-16 ordinal order except that
    /// supplementary characters (surrogate pairs) sort after U+E000..U+FFFF.
    /// </summary>
    public static int Compare(string? a, string? b)
    {
        if (ReferenceEquals(a, b))
        {
            return 0;
        }

        if (a is null)
        {
            return -1;
        }

        if (b is null)
        {
            return 1;
        }

        var n = Math.Min(a.Length, b.Length);
        for (var i = 0; i < n; i++)
        {
            var x = a[i];
            var y = b[i];
            if (x == y)
            {
                continue;
            }

            var xs = char.IsSurrogate(x);
            var ys = char.IsSurrogate(y);
            if (xs != ys && (x >= '\uE000' || y >= '\uE000'))
            {
                return xs ? 1 : -1;
            }

            return x < y ? -1 : 1;
        }

        return a.Length.CompareTo(b.Length);
    }

    /// <summary>Go's <c>strconv.ParseInt(s, 10, 64)</c>: optional sign, ASCII digits, in range.</summary>
    public static bool TryParseInt64(ReadOnlySpan<char> s, out long value)
    {
        value = 0;
        if (s.IsEmpty)
        {
            return false;
        }

        var negative = false;
        if (s[0] is '+' or '-')
        {
            negative = s[0] == '-';
            s = s[1..];
            if (s.IsEmpty)
            {
                return false;
            }
        }

        ulong acc = 0;
        const ulong limit = 9223372036854775808UL; // |long.MinValue|
        foreach (var c in s)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            if (acc > limit / 10)
            {
                return false;
            }

            acc = (acc * 10) + (ulong)(c - '0');
            if (acc > limit)
            {
                return false;
            }
        }

        if (!negative && acc == limit)
        {
            return false;
        }

        value = negative ? (long)(0 - acc) : (long)acc;
        return true;
    }
}
