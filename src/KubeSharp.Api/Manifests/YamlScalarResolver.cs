using System.Collections.Frozen;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.RegularExpressions;

namespace KubeSharp.Api.Manifests;

/// <summary>
/// Resolves scalars the way goyaml v2 (<c>sigs.k8s.io/yaml/goyaml.v2/resolve.go</c>) does when decoding into
/// <c>interface{}</c>: YAML 1.1 booleans (<c>yes</c>/<c>no</c>/<c>on</c>/<c>off</c>/<c>y</c>/<c>n</c>), nulls,
/// integers through Go's <c>strconv.ParseInt(s, 0, 64)</c> after removing underscores (so <c>0x1F</c>, <c>0o17</c>,
/// <c>0755</c>, <c>0b101</c>, <c>+1_000</c>), floats, and timestamps (kept as their text).
/// </summary>
internal static partial class YamlScalarResolver
{
    private static readonly FrozenDictionary<string, (ResolvedScalar Value, string Tag)> Known = BuildKnown();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex YamlStyleFloat();

    [GeneratedRegex(@"^\.[0-9]+([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex DotFloat();

    /// <summary>Resolves a scalar node. Quoted and block scalars without a tag are strings; a plain scalar without a
    /// tag is resolved implicitly; an explicit tag must agree with the resolution (goyaml's <c>cannot decode</c>).</summary>
    public static ResolvedScalar Resolve(YamlNode node)
    {
        if (node.Tag is null)
        {
            return node.Plain ? ResolveTagged("", node) : ResolvedScalar.FromString(node.Value);
        }
        return ResolveTagged(node.Tag, node);
    }

    /// <summary>True for goyaml's merge key: a plain <c>&lt;&lt;</c> or one tagged <c>!!merge</c>.</summary>
    public static bool IsMergeKey(YamlNode node)
        => node.Kind == YamlNodeKind.Scalar && node.Value == "<<" && ((node.Tag is null && node.Plain) || node.Tag == YamlTags.Merge);

    private static ResolvedScalar ResolveTagged(string tag, YamlNode node)
    {
        var input = node.Value;
        if (tag == YamlTags.Binary)
        {
            return ResolvedScalar.FromString(DecodeBinary(node));
        }
        if (!IsResolvable(tag))
        {
            // Custom, non-specific (!) and !!merge tags: goyaml keeps the text.
            return ResolvedScalar.FromString(input);
        }
        if (tag == YamlTags.Str)
        {
            return ResolvedScalar.FromString(input);
        }
        var (resolved, resolvedTag) = ResolveImplicit(tag, input);
        if (tag.Length == 0 || tag == resolvedTag)
        {
            return resolved;
        }
        if (tag == YamlTags.Float && resolvedTag == YamlTags.Int && resolved.Kind == ResolvedScalarKind.Int)
        {
            return ResolvedScalar.FromFloat(resolved.Int);
        }
        throw new YamlConversionError(
            $"yaml: line {node.Line}: cannot decode {GoText.ShortTag(resolvedTag)} `{input}` as a {GoText.ShortTag(tag)}", node.Line, node.Column);
    }

    private static bool IsResolvable(string tag)
        => tag.Length == 0 || tag is YamlTags.Str or YamlTags.Bool or YamlTags.Int or YamlTags.Float or YamlTags.Null or YamlTags.Timestamp;

    private static (ResolvedScalar Value, string Tag) ResolveImplicit(string tag, string input)
    {
        var hint = input.Length == 0 ? 'N' : Hint(input[0]);
        if (hint == '\0')
        {
            return (ResolvedScalar.FromString(input), YamlTags.Str);
        }
        if (Known.TryGetValue(input, out var known))
        {
            return known;
        }
        switch (hint)
        {
            case '.':
                if (TryParseGoFloat(input, out var dotFloat))
                {
                    return (ResolvedScalar.FromFloat(dotFloat), YamlTags.Float);
                }
                break;
            case 'D':
            case 'S':
                if ((tag.Length == 0 || tag == YamlTags.Timestamp) && IsTimestamp(input))
                {
                    // goyaml resolves a time.Time but stores the original text when the target is interface{}.
                    return (ResolvedScalar.FromString(input), YamlTags.Timestamp);
                }
                var plain = input.Replace("_", "", StringComparison.Ordinal);
                var unsigned = ParseGoUnsigned(plain, allowSign: true, out var value);
                if (unsigned == ParseStatus.Ok && value >= long.MinValue && value <= long.MaxValue)
                {
                    return (ResolvedScalar.FromInt((long)value), YamlTags.Int);
                }
                // strconv.ParseUint: no sign, up to 2^64-1.
                var unsignedOnly = ParseGoUnsigned(plain, allowSign: false, out var uvalue);
                if (unsignedOnly == ParseStatus.Ok && uvalue <= ulong.MaxValue)
                {
                    return (ResolvedScalar.FromUInt((ulong)uvalue), YamlTags.Int);
                }
                if (YamlStyleFloat().IsMatch(plain)
                    && double.TryParse(plain, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                    && !double.IsInfinity(number))
                {
                    return (ResolvedScalar.FromFloat(number), YamlTags.Float);
                }
                if (unsignedOnly == ParseStatus.Ok)
                {
                    // ParseUint failed with ErrRange: goyaml falls back to big.Int.
                    return (ResolvedScalar.FromBig(uvalue), YamlTags.Int);
                }
                break;
        }
        return (ResolvedScalar.FromString(input), YamlTags.Str);
    }

    private static char Hint(char first) => first switch
    {
        '+' or '-' => 'S',
        >= '0' and <= '9' => 'D',
        'y' or 'Y' or 'n' or 'N' or 't' or 'T' or 'f' or 'F' or 'o' or 'O' or '~' => 'M',
        '.' => '.',
        _ => '\0',
    };

    private enum ParseStatus
    {
        Ok,
        Syntax,
    }

    /// <summary>Go's <c>strconv.ParseUint(s, 0, ...)</c> syntax (base prefixes <c>0x</c>, <c>0o</c>, <c>0b</c>,
    /// a leading <c>0</c> for octal) with an optional sign, to arbitrary precision; the caller checks the range.</summary>
    private static ParseStatus ParseGoUnsigned(string s, bool allowSign, out BigInteger value)
    {
        value = BigInteger.Zero;
        var i = 0;
        var negative = false;
        if (allowSign && s.Length > 0 && (s[0] == '+' || s[0] == '-'))
        {
            negative = s[0] == '-';
            i = 1;
        }
        if (i == s.Length)
        {
            return ParseStatus.Syntax;
        }
        var radix = 10;
        if (s[i] == '0')
        {
            var rest = s.Length - i;
            var marker = rest >= 3 ? char.ToLowerInvariant(s[i + 1]) : '\0';
            switch (marker)
            {
                case 'x':
                    radix = 16;
                    i += 2;
                    break;
                case 'o':
                    radix = 8;
                    i += 2;
                    break;
                case 'b':
                    radix = 2;
                    i += 2;
                    break;
                default:
                    radix = 8;
                    i += 1;
                    break;
            }
        }
        for (; i < s.Length; i++)
        {
            var digit = HexDigit(s[i]);
            if (digit < 0 || digit >= radix)
            {
                return ParseStatus.Syntax;
            }
            value = (value * radix) + digit;
        }
        if (negative)
        {
            value = -value;
        }
        return ParseStatus.Ok;
    }

    private static int HexDigit(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    /// <summary>Go's <c>strconv.ParseFloat</c> for text starting with <c>.</c>: decimal digits and an exponent,
    /// underscores only between digits.</summary>
    private static bool TryParseGoFloat(string input, out double value)
    {
        value = 0;
        var text = input;
        if (text.Contains('_', StringComparison.Ordinal))
        {
            if (!UnderscoresOk(text))
            {
                return false;
            }
            text = text.Replace("_", "", StringComparison.Ordinal);
        }
        return DotFloat().IsMatch(text)
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value)
            && !double.IsInfinity(value);
    }

    /// <summary>Go's <c>underscoreOK</c> for a decimal literal: every underscore sits between two digits.</summary>
    private static bool UnderscoresOk(string s)
    {
        var saw = '^';
        foreach (var c in s)
        {
            if (char.IsAsciiDigit(c))
            {
                saw = '0';
                continue;
            }
            if (c == '_')
            {
                if (saw != '0')
                {
                    return false;
                }
                saw = '_';
                continue;
            }
            if (saw == '_')
            {
                return false;
            }
            saw = '!';
        }
        return saw != '_';
    }

    /// <summary>goyaml's <c>parseTimestamp</c>: <c>2006-1-2</c>, <c>2006-1-2T15:4:5.999999999Z07:00</c> (also with
    /// a lower-case <c>t</c>) and <c>2006-1-2 15:4:5.999999999</c>.</summary>
    private static bool IsTimestamp(string s)
    {
        var i = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            i++;
        }
        if (i != 4 || i == s.Length || s[i] != '-')
        {
            return false;
        }
        var pos = 5;
        if (!Number(s, ref pos, 1, 2, out var month) || !Expect(s, ref pos, '-') || !Number(s, ref pos, 1, 2, out var day))
        {
            return false;
        }
        var year = int.Parse(s.AsSpan(0, 4), CultureInfo.InvariantCulture);
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Max(year, 1), month))
        {
            return false;
        }
        if (pos == s.Length)
        {
            return true;
        }
        var separator = s[pos];
        if (separator is not ('T' or 't' or ' '))
        {
            return false;
        }
        pos++;
        if (!Number(s, ref pos, 1, 2, out var hour) || !Expect(s, ref pos, ':')
            || !Number(s, ref pos, 1, 2, out var minute) || !Expect(s, ref pos, ':')
            || !Number(s, ref pos, 1, 2, out var second)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }
        if (pos < s.Length && s[pos] == '.')
        {
            pos++;
            if (!Number(s, ref pos, 1, 9, out _))
            {
                return false;
            }
        }
        if (separator == ' ')
        {
            return pos == s.Length;
        }
        if (pos < s.Length && s[pos] == 'Z')
        {
            return pos + 1 == s.Length;
        }
        if (pos < s.Length && (s[pos] == '+' || s[pos] == '-'))
        {
            pos++;
            return Number(s, ref pos, 2, 2, out var zoneHour) && Expect(s, ref pos, ':') && Number(s, ref pos, 2, 2, out var zoneMinute)
                && pos == s.Length && zoneHour <= 24 && zoneMinute <= 59;
        }
        return false;

        static bool Expect(string s, ref int pos, char c)
        {
            if (pos < s.Length && s[pos] == c)
            {
                pos++;
                return true;
            }
            return false;
        }

        static bool Number(string s, ref int pos, int min, int max, out int value)
        {
            value = 0;
            var start = pos;
            while (pos < s.Length && pos - start < max && char.IsAsciiDigit(s[pos]))
            {
                value = (value * 10) + (s[pos] - '0');
                pos++;
            }
            return pos - start >= min;
        }
    }

    /// <summary>goyaml decodes <c>!!binary</c> with Go's standard base64 (padding required, line breaks ignored)
    /// into a Go string; <c>encoding/json</c> then writes invalid UTF-8 as U+FFFD.</summary>
    private static string DecodeBinary(YamlNode node)
    {
        var text = node.Value.Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal);
        var buffer = new byte[((text.Length + 3) / 4) * 3];
        if (text.Contains(' ', StringComparison.Ordinal) || text.Contains('\t', StringComparison.Ordinal)
            || text.Length % 4 != 0 || !Convert.TryFromBase64String(text, buffer, out var written))
        {
            throw new YamlConversionError($"yaml: line {node.Line}: !!binary value contains invalid base64 data", node.Line, node.Column);
        }
        return Encoding.UTF8.GetString(buffer, 0, written);
    }

    private static FrozenDictionary<string, (ResolvedScalar Value, string Tag)> BuildKnown()
    {
        var map = new Dictionary<string, (ResolvedScalar, string)>(StringComparer.Ordinal);
        Add(map, (ResolvedScalar.FromBool(true), YamlTags.Bool), "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON");
        Add(map, (ResolvedScalar.FromBool(false), YamlTags.Bool), "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF");
        Add(map, (ResolvedScalar.Null, YamlTags.Null), "", "~", "null", "Null", "NULL");
        Add(map, (ResolvedScalar.FromFloat(double.NaN), YamlTags.Float), ".nan", ".NaN", ".NAN");
        Add(map, (ResolvedScalar.FromFloat(double.PositiveInfinity), YamlTags.Float), ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF");
        Add(map, (ResolvedScalar.FromFloat(double.NegativeInfinity), YamlTags.Float), "-.inf", "-.Inf", "-.INF");
        return map.ToFrozenDictionary(StringComparer.Ordinal);

        static void Add(Dictionary<string, (ResolvedScalar, string)> map, (ResolvedScalar, string) value, params string[] keys)
        {
            foreach (var key in keys)
            {
                map[key] = value;
            }
        }
    }
}
