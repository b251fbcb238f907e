using System.Globalization;
using System.Text;

namespace KubeSharp.Api.Validation;

/// <summary>
/// Go's <c>fmt</c> renderings that upstream error messages depend on: <c>%q</c> (strconv.Quote),
/// <c>%v</c> of floats and <c>%#v</c> of string slices.
/// </summary>
internal static class GoFormat
{
    /// <summary>Go's <c>strconv.Quote</c>: double-quoted, with Go escapes for non-printable runes.</summary>
    public static string Quote(string value)
    {
        var sb = new StringBuilder(value.Length + 2);
        AppendQuoted(sb, value);
        return sb.ToString();
    }

    /// <summary>Appends Go's <c>strconv.Quote</c> form of <paramref name="value"/>.</summary>
    public static void AppendQuoted(StringBuilder sb, string value)
    {
        sb.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            int rune = value[i];
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                rune = char.ConvertToUtf32(value[i], value[i + 1]);
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                // Go strings cannot hold a lone surrogate; its UTF-8 decoding yields U+FFFD.
                rune = 0xFFFD;
            }

            AppendRune(sb, rune);
        }

        sb.Append('"');
    }

    private static void AppendRune(StringBuilder sb, int rune)
    {
        switch (rune)
        {
            case '"': sb.Append("\\\""); return;
            case '\\': sb.Append("\\\\"); return;
            case '\a': sb.Append("\\a"); return;
            case '\b': sb.Append("\\b"); return;
            case '\f': sb.Append("\\f"); return;
            case '\n': sb.Append("\\n"); return;
            case '\r': sb.Append("\\r"); return;
            case '\t': sb.Append("\\t"); return;
            case '\v': sb.Append("\\v"); return;
        }

        if (IsPrint(rune))
        {
            sb.Append(char.ConvertFromUtf32(rune));
        }
        else if (rune < 0x80)
        {
            sb.Append("\\x").Append(rune.ToString("x2", CultureInfo.InvariantCulture));
        }
        else if (rune < 0x10000)
        {
            sb.Append("\\u").Append(rune.ToString("x4", CultureInfo.InvariantCulture));
        }
        else
        {
            sb.Append("\\U").Append(rune.ToString("x8", CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Approximates Go's <c>strconv.IsPrint</c>: graphic runes plus the ASCII space.</summary>
    private static bool IsPrint(int rune)
    {
        if (rune < 0x80)
        {
            return rune >= 0x20 && rune < 0x7F;
        }

        var category = CharUnicodeInfo.GetUnicodeCategory(rune);
        return category switch
        {
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
                or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned
                or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                or UnicodeCategory.SpaceSeparator => false,
            _ => true,
        };
    }

    /// <summary>Go's <c>%#v</c> of a <c>[]string</c>; <see langword="null"/> prints <c>[]string(nil)</c>.</summary>
    public static string StringSlice(IReadOnlyList<string>? values)
    {
        if (values is null)
        {
            return "[]string(nil)";
        }

        var sb = new StringBuilder("[]string{");
        for (var i = 0; i < values.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(", ");
            }

            AppendQuoted(sb, values[i]);
        }

        return sb.Append('}').ToString();
    }

    /// <summary>Go's <c>%v</c> of a float64 (<c>strconv.FormatFloat(f, 'g', -1, 64)</c>).</summary>
    public static string Float(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsPositiveInfinity(value))
        {
            return "+Inf";
        }

        if (double.IsNegativeInfinity(value))
        {
            return "-Inf";
        }

        if (value == 0)
        {
            return double.IsNegative(value) ? "-0" : "0";
        }

        // Shortest round-trip digits, then Go's %g layout: exponent form when exp < -4 || exp >= 6
        // (strconv uses precision 6 for that decision when formatting the shortest representation).
        var shortest = value.ToString("R", CultureInfo.InvariantCulture);
        var negative = shortest.StartsWith('-');
        if (negative)
        {
            shortest = shortest[1..];
        }

        // Decompose the shortest representation into digits and a decimal exponent.
        string mantissa;
        var exp10 = 0;
        var ePos = shortest.IndexOfAny(['E', 'e']);
        if (ePos >= 0)
        {
            mantissa = shortest[..ePos];
            exp10 = int.Parse(shortest[(ePos + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }
        else
        {
            mantissa = shortest;
        }

        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = dot >= 0 ? mantissa.Remove(dot, 1) : mantissa;
        var pointPos = (dot >= 0 ? dot : mantissa.Length) + exp10;
        var trimmedLeading = digits.TrimStart('0');
        pointPos -= digits.Length - trimmedLeading.Length;
        digits = trimmedLeading.TrimEnd('0');
        if (digits.Length == 0)
        {
            return negative ? "-0" : "0";
        }

        var exponent = pointPos - 1;
        var sb = new StringBuilder();
        if (negative)
        {
            sb.Append('-');
        }

        if (exponent < -4 || exponent >= 6)
        {
            sb.Append(digits[0]);
            if (digits.Length > 1)
            {
                sb.Append('.').Append(digits, 1, digits.Length - 1);
            }

            sb.Append('e').Append(exponent < 0 ? '-' : '+');
            var abs = Math.Abs(exponent);
            sb.Append(abs < 10 ? "0" + abs.ToString(CultureInfo.InvariantCulture) : abs.ToString(CultureInfo.InvariantCulture));
        }
        else if (pointPos <= 0)
        {
            sb.Append("0.").Append('0', -pointPos).Append(digits);
        }
        else if (pointPos >= digits.Length)
        {
            sb.Append(digits).Append('0', pointPos - digits.Length);
        }
        else
        {
            sb.Append(digits, 0, pointPos).Append('.').Append(digits, pointPos, digits.Length - pointPos);
        }

        return sb.ToString();
    }
}
