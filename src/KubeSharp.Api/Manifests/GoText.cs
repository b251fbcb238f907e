using System.Globalization;
using System.Text;

namespace KubeSharp.Api.Manifests;

/// <summary>Go's text formatting where the YAML to JSON conversion must produce the same text as upstream.</summary>
internal static class GoText
{
    /// <summary>Formats a finite float as Go's <c>encoding/json</c> does: shortest digits, <c>%f</c> style between
    /// 1e-6 and 1e21, otherwise exponent style without padding (<c>1e+21</c>, <c>1e-7</c>).</summary>
    public static string FormatJsonFloat(double value)
    {
        if (value == 0)
        {
            return double.IsNegative(value) ? "-0" : "0";
        }
        var abs = Math.Abs(value);
        Decompose(abs, out var digits, out var dp);
        var sb = new StringBuilder(digits.Length + 8);
        if (value < 0)
        {
            sb.Append('-');
        }
        if (abs < 1e-6 || abs >= 1e21)
        {
            AppendExponent(sb, digits, dp, padExponent: false);
        }
        else
        {
            AppendFixed(sb, digits, dp);
        }
        return sb.ToString();
    }

    /// <summary>Formats a float as Go's <c>strconv.FormatFloat(f, 'g', -1, 64)</c>: <c>1.5</c>, <c>1e+06</c>,
    /// <c>1e-05</c>, <c>+Inf</c>, <c>NaN</c>.</summary>
    public static string FormatFloatG(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }
        if (double.IsInfinity(value))
        {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == 0)
        {
            return double.IsNegative(value) ? "-0" : "0";
        }
        Decompose(Math.Abs(value), out var digits, out var dp);
        var sb = new StringBuilder(digits.Length + 8);
        if (value < 0)
        {
            sb.Append('-');
        }
        var exp = dp - 1;
        if (exp < -4 || exp >= 6)
        {
            AppendExponent(sb, digits, dp, padExponent: true);
        }
        else
        {
            AppendFixed(sb, digits, dp);
        }
        return sb.ToString();
    }

    /// <summary>Go's <c>strconv.Quote</c> (used by <c>%q</c> and <c>%#v</c> of strings).</summary>
    public static string Quote(string value) => GoStrconv.Quote(value);

    /// <summary>Compares strings by Unicode code point, which is the byte order of their UTF-8 encodings (Go's
    /// string order, used by <c>encoding/json</c> to sort map keys).</summary>
    public static int CompareCodePoints(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }
        if (x is null)
        {
            return -1;
        }
        if (y is null)
        {
            return 1;
        }
        var n = Math.Min(x.Length, y.Length);
        for (var i = 0; i < n; i++)
        {
            var a = x[i];
            var b = y[i];
            if (a != b)
            {
                return Fix(a).CompareTo(Fix(b));
            }
        }
        return x.Length.CompareTo(y.Length);

        // Surrogates (supplementary code points) sort after U+E000..U+FFFF in code point order.
        static int Fix(char c) => c >= 0xD800 && c <= 0xDFFF ? c + 0x2000 : c >= 0xE000 ? c - 0x800 : c;
    }

    /// <summary>goyaml's <c>shortTag</c>: <c>tag:yaml.org,2002:int</c> becomes <c>!!int</c>.</summary>
    public static string ShortTag(string tag)
        => tag.StartsWith(YamlTags.Prefix, StringComparison.Ordinal) ? "!!" + tag[YamlTags.Prefix.Length..] : tag;

    /// <summary>The shortest decimal digits of a positive finite value and the decimal point position:
    /// value = 0.d1d2... x 10^dp.</summary>
    private static void Decompose(double abs, out string digits, out int dp)
    {
        var text = abs.ToString("R", CultureInfo.InvariantCulture);
        var exponent = 0;
        var e = text.IndexOfAny(['E', 'e']);
        var mantissa = text;
        if (e >= 0)
        {
            exponent = int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            mantissa = text[..e];
        }
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var intPart = dot < 0 ? mantissa : mantissa[..dot];
        var all = dot < 0 ? mantissa : string.Concat(intPart, mantissa.AsSpan(dot + 1));
        dp = intPart.Length + exponent;
        var lead = 0;
        while (lead < all.Length - 1 && all[lead] == '0')
        {
            lead++;
        }
        digits = all[lead..].TrimEnd('0');
        dp -= lead;
        if (digits.Length == 0)
        {
            digits = "0";
            dp = 1;
        }
    }

    private static void AppendExponent(StringBuilder sb, string digits, int dp, bool padExponent)
    {
        sb.Append(digits[0]);
        if (digits.Length > 1)
        {
            sb.Append('.').Append(digits, 1, digits.Length - 1);
        }
        var exp = dp - 1;
        sb.Append('e').Append(exp < 0 ? '-' : '+');
        exp = Math.Abs(exp);
        if (exp < 10 && (padExponent || dp - 1 >= 0))
        {
            sb.Append('0');
        }
        sb.Append(exp.ToString(CultureInfo.InvariantCulture));
    }

    private static void AppendFixed(StringBuilder sb, string digits, int dp)
    {
        if (dp > 0)
        {
            if (dp >= digits.Length)
            {
                sb.Append(digits).Append('0', dp - digits.Length);
            }
            else
            {
                sb.Append(digits, 0, dp);
            }
        }
        else
        {
            sb.Append('0');
        }
        var decimals = Math.Max(digits.Length - dp, 0);
        if (decimals > 0)
        {
            sb.Append('.');
            for (var j = 0; j < decimals; j++)
            {
                var index = dp + j;
                sb.Append(index >= 0 && index < digits.Length ? digits[index] : '0');
            }
        }
    }
}
