using System.Globalization;
using System.Text;

namespace KubeSharp.Api;

/// <summary>
/// The few pieces of Go's <c>strconv</c> and <c>time</c> text handling that upstream error
/// messages depend on: <c>strconv.ParseInt</c> and <c>strconv.Atoi</c> with their
/// <c>*NumError</c> texts, <c>strconv.Quote</c> (<c>%q</c>) and the <c>time</c> package's own quoting.
/// </summary>
internal static class GoStrconv
{
    /// <summary>Outcome of <see cref="ParseInt"/>.</summary>
    internal enum NumErrorKind
    {
        None,
        Syntax,
        Range,
    }

    /// <summary>
    /// Go's <c>strconv.ParseInt(s, 10, bitSize)</c>: an optional sign and ASCII digits only. On a range
    /// error the value is clamped to the type's bounds (as Go returns it); on a syntax error it is 0.
    /// </summary>
    internal static NumErrorKind ParseInt(ReadOnlySpan<char> s, int bitSize, out long value)
    {
        value = 0;
        if (s.IsEmpty)
        {
            return NumErrorKind.Syntax;
        }
        var negative = false;
        if (s[0] == '+' || s[0] == '-')
        {
            negative = s[0] == '-';
            s = s[1..];
        }
        // strconv.ParseUint(s, 10, bitSize): digits only; an overflow is reported where it happens,
        // before any later invalid character is seen.
        var maxVal = bitSize == 64 ? ulong.MaxValue : (1UL << bitSize) - 1;
        const ulong cutoff = (ulong.MaxValue / 10) + 1;
        if (s.IsEmpty)
        {
            return NumErrorKind.Syntax;
        }
        ulong n = 0;
        var rangeError = false;
        foreach (var c in s)
        {
            if (c is < '0' or > '9')
            {
                return NumErrorKind.Syntax;
            }
            if (n >= cutoff)
            {
                n = maxVal;
                rangeError = true;
                break;
            }
            n *= 10;
            var n1 = n + (ulong)(c - '0');
            if (n1 < n || n1 > maxVal)
            {
                n = maxVal;
                rangeError = true;
                break;
            }
            n = n1;
        }
        var limit = 1UL << (bitSize - 1);
        if (!negative && (rangeError || n >= limit))
        {
            value = (long)(limit - 1);
            return NumErrorKind.Range;
        }
        if (negative && (rangeError || n > limit))
        {
            value = -(long)(limit - 1) - 1;
            return NumErrorKind.Range;
        }
        value = negative ? unchecked(-(long)n) : (long)n;
        return NumErrorKind.None;
    }

    /// <summary>Go's <c>strconv.Atoi</c> on a 64-bit platform; <paramref name="error"/> is the
    /// <c>*NumError</c> text, e.g. <c>strconv.Atoi: parsing "a": invalid syntax</c>.</summary>
    internal static bool TryAtoi(string s, out long value, out string? error)
    {
        var kind = ParseInt(s, 64, out value);
        error = kind switch
        {
            NumErrorKind.Syntax => "strconv.Atoi: parsing " + Quote(s) + ": invalid syntax",
            NumErrorKind.Range => "strconv.Atoi: parsing " + Quote(s) + ": value out of range",
            _ => null,
        };
        return kind == NumErrorKind.None;
    }

    /// <summary>Go's <c>strconv.Quote</c>, as printed by <c>%q</c>.</summary>
    internal static string Quote(string s)
    {
        var sb = new StringBuilder(s.Length + 2);
        sb.Append('"');
        foreach (var rune in s.EnumerateRunes())
        {
            var v = rune.Value;
            switch (v)
            {
                case '"':
                    sb.Append("\\\"");
                    continue;
                case '\\':
                    sb.Append("\\\\");
                    continue;
                case '\a':
                    sb.Append("\\a");
                    continue;
                case '\b':
                    sb.Append("\\b");
                    continue;
                case '\f':
                    sb.Append("\\f");
                    continue;
                case '\n':
                    sb.Append("\\n");
                    continue;
                case '\r':
                    sb.Append("\\r");
                    continue;
                case '\t':
                    sb.Append("\\t");
                    continue;
                case '\v':
                    sb.Append("\\v");
                    continue;
            }
            if (IsPrint(rune))
            {
                sb.Append(rune.ToString());
            }
            else if (v < ' ' || v == 0x7f)
            {
                sb.Append("\\x").Append(v.ToString("x2", CultureInfo.InvariantCulture));
            }
            else if (v < 0x10000)
            {
                sb.Append("\\u").Append(v.ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append("\\U").Append(v.ToString("x8", CultureInfo.InvariantCulture));
            }
        }
        sb.Append('"');
        return sb.ToString();
    }

    /// <summary>
    /// The <c>time</c> package's private <c>quote</c>, used in <c>time.Parse</c> and
    /// <c>time.ParseDuration</c> errors: ASCII is kept (with <c>"</c> and <c>\</c> escaped), every byte of a
    /// control or non-ASCII character is written as <c>\xHH</c> of its UTF-8 encoding.
    /// </summary>
    internal static string TimeQuote(ReadOnlySpan<char> s)
    {
        var sb = new StringBuilder(s.Length + 2);
        sb.Append('"');
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in s.EnumerateRunes())
        {
            var v = rune.Value;
            if (v >= 0x80 || v < ' ')
            {
                var n = rune.EncodeToUtf8(utf8);
                for (var j = 0; j < n; j++)
                {
                    sb.Append("\\x").Append(utf8[j].ToString("x2", CultureInfo.InvariantCulture));
                }
            }
            else
            {
                if (v is '"' or '\\')
                {
                    sb.Append('\\');
                }
                sb.Append((char)v);
            }
        }
        sb.Append('"');
        return sb.ToString();
    }

    // Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
    private static bool IsPrint(Rune rune)
    {
        if (rune.Value == ' ')
        {
            return true;
        }
        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
                or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned
                or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator
                or UnicodeCategory.ParagraphSeparator => false,
            _ => true,
        };
    }
}
