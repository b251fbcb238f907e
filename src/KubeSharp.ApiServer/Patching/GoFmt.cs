using System.Globalization;
using System.Text;
using GoMap = System.Collections.Generic.OrderedDictionary<string, object?>;

namespace KubeSharp.ApiServer.Patching;

/// <summary>Go's <c>fmt</c> renderings that upstream's patch error messages contain.</summary>
internal static class GoFmt
{
    /// <summary><c>%v</c> of a <see cref="GoJson"/> value: <c>map[a:1 b:[x y]]</c>, <c>&lt;nil&gt;</c>, floats as <c>%g</c>.</summary>
    public static string Value(object? value)
    {
        var sb = new StringBuilder();
        Append(sb, value);
        return sb.ToString();
    }

    private static void Append(StringBuilder sb, object? value)
    {
        switch (value)
        {
            case null:
                sb.Append("<nil>");
                break;
            case string s:
                sb.Append(s);
                break;
            case bool b:
                sb.Append(b ? "true" : "false");
                break;
            case long l:
                sb.Append(l.ToString(CultureInfo.InvariantCulture));
                break;
            case double d:
                sb.Append(Float(d));
                break;
            case GoMap map:
                sb.Append("map[");
                var first = true;
                foreach (var key in map.Keys.Order(StringComparer.Ordinal))
                {
                    if (!first)
                    {
                        sb.Append(' ');
                    }
                    first = false;
                    sb.Append(key).Append(':');
                    Append(sb, map[key]);
                }
                sb.Append(']');
                break;
            case IEnumerable<object?> list:
                sb.Append('[');
                var firstItem = true;
                foreach (var item in list)
                {
                    if (!firstItem)
                    {
                        sb.Append(' ');
                    }
                    firstItem = false;
                    Append(sb, item);
                }
                sb.Append(']');
                break;
            default:
                sb.Append(value);
                break;
        }
    }

    /// <summary><c>%s</c> of a <see cref="GoJson"/> value: strings as they are, other scalars as <c>%!s(int64=1)</c>.</summary>
    public static string S(object? value) => value switch
    {
        null => "%!s(<nil>)",
        string s => s,
        GoMap or List<object?> => Value(value),
        _ => $"%!s({TypeName(value)}={Value(value)})",
    };

    /// <summary><c>%s</c> of <c>reflect.TypeOf(value)</c>.</summary>
    public static string TypeName(object? value) => value switch
    {
        null => "%!s(<nil>)",
        GoMap => "map[string]interface {}",
        List<object?> => "[]interface {}",
        string => "string",
        bool => "bool",
        long => "int64",
        double => "float64",
        _ => value.GetType().Name,
    };

    /// <summary>
    /// <c>%v</c> of a float64 (<c>strconv.FormatFloat(f, 'g', -1, 64)</c>): the shortest round-trip digits, in
    /// exponent form (<c>1e+06</c>) when the decimal exponent is below -4 or at least 6.
    /// </summary>
    public static string Float(double d)
    {
        if (double.IsNaN(d))
        {
            return "NaN";
        }
        if (double.IsInfinity(d))
        {
            return d > 0 ? "+Inf" : "-Inf";
        }
        if (d == 0)
        {
            return double.IsNegative(d) ? "-0" : "0";
        }

        // Shortest round-trip digits and decimal exponent.
        var shortest = Math.Abs(d).ToString("R", CultureInfo.InvariantCulture);
        var (digits, exp) = Decompose(shortest);
        const int eprec = 6;
        var sb = new StringBuilder();
        if (d < 0)
        {
            sb.Append('-');
        }
        if (exp < -4 || exp >= eprec)
        {
            sb.Append(digits[0]);
            if (digits.Length > 1)
            {
                sb.Append('.').Append(digits, 1, digits.Length - 1);
            }
            sb.Append('e').Append(exp < 0 ? '-' : '+');
            var e = Math.Abs(exp);
            if (e < 10)
            {
                sb.Append('0');
            }
            sb.Append(e.ToString(CultureInfo.InvariantCulture));
            return sb.ToString();
        }
        if (exp < 0)
        {
            sb.Append("0.").Append('0', -exp - 1).Append(digits);
        }
        else if (digits.Length <= exp + 1)
        {
            sb.Append(digits).Append('0', exp + 1 - digits.Length);
        }
        else
        {
            sb.Append(digits, 0, exp + 1).Append('.').Append(digits, exp + 1, digits.Length - exp - 1);
        }
        return sb.ToString();
    }

    /// <summary>Splits .NET's round-trip text into significant digits and the exponent of the first digit.</summary>
    private static (string Digits, int Exp) Decompose(string text)
    {
        var exp = 0;
        var e = text.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exp = int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var intPart = dot >= 0 ? text[..dot] : text;
        var fracPart = dot >= 0 ? text[(dot + 1)..] : "";
        var all = intPart + fracPart;
        var pointPos = intPart.Length + exp;
        var lead = 0;
        while (lead < all.Length - 1 && all[lead] == '0')
        {
            lead++;
        }
        var digits = all[lead..].TrimEnd('0');
        if (digits.Length == 0)
        {
            digits = "0";
        }
        return (digits, pointPos - lead - 1);
    }

    /// <summary>Go's <c>strconv.Quote</c> for the texts that reach error messages.</summary>
    public static string Quote(string value)
    {
        var sb = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\a': sb.Append("\\a"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\v': sb.Append("\\v"); break;
                default:
                    if (c < 0x20 || c == 0x7f)
                    {
                        sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }
                    break;
            }
        }
        return sb.Append('"').ToString();
    }
}
