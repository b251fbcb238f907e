using System.Numerics;
using KubeSharp.Api.Serialization;

namespace KubeSharp.Api;

public readonly partial struct Quantity
{
    /// <summary>The regular expression named by <see cref="ErrFormatWrong"/> (upstream's <c>splitREString</c>).</summary>
    private const string SplitRegex = "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$";

    /// <summary>Upstream's <c>ErrFormatWrong</c>.</summary>
    public const string ErrFormatWrong = "quantities must match the regular expression '" + SplitRegex + "'";

    /// <summary>Upstream's <c>ErrNumeric</c>.</summary>
    public const string ErrNumeric = "unable to parse numeric part of quantity";

    /// <summary>Upstream's <c>ErrSuffix</c>.</summary>
    public const string ErrSuffix = "unable to parse quantity's suffix";

    // Upstream's maxInt64Factors: at most this many digits take the int64 fast path.
    private const int MaxInt64Factors = 18;

    /// <summary>Parses <paramref name="s"/> as upstream's <c>ParseQuantity</c> does.</summary>
    /// <exception cref="FormatException">The text is not a quantity; the message is upstream's error.</exception>
    public static Quantity Parse(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        if (!TryParse(s, out var quantity, out var error))
        {
            throw new FormatException(error);
        }
        return quantity;
    }

    /// <summary>Parses <paramref name="s"/> as upstream's <c>ParseQuantity</c> does; on failure
    /// <paramref name="error"/> is upstream's error text.</summary>
    public static bool TryParse(string? s, out Quantity quantity, out string? error)
    {
        if (s is null)
        {
            quantity = default;
            error = ErrFormatWrong;
            return false;
        }
        return TryParseCore(s, s, out quantity, out error);
    }

    /// <summary>Parses <paramref name="s"/> or throws, like upstream's <c>MustParse</c>
    /// (for constants and tests).</summary>
    /// <exception cref="FormatException">The text is not a quantity.</exception>
    public static Quantity MustParse(string s)
    {
        if (!TryParse(s, out var quantity, out var error))
        {
            throw new FormatException($"cannot parse '{s}': {error}");
        }
        return quantity;
    }

    /// <summary>
    /// ParseQuantity. <paramref name="original"/> is <paramref name="str"/> as a string when the caller
    /// has one (it becomes the cached canonical string); otherwise one is allocated only if needed.
    /// </summary>
    private static bool TryParseCore(ReadOnlySpan<char> str, string? original, out Quantity quantity, out string? error)
    {
        quantity = default;
        error = null;
        if (str.IsEmpty)
        {
            error = ErrFormatWrong;
            return false;
        }
        if (str is "0")
        {
            quantity = new Quantity(0, 0, QuantityFormat.DecimalSI, original ?? "0");
            return true;
        }

        if (!TrySplit(str, out var parts))
        {
            error = ErrFormatWrong;
            return false;
        }
        // No integer digits (all zeros, ".5", "-.") is the integer part "0".
        var num = parts.NumIsZero || parts.NumLength == 0 ? "0" : str.Slice(parts.NumStart, parts.NumLength);
        var denom = str.Slice(parts.DenomStart, parts.DenomLength);
        var suffix = str[parts.SuffixStart..];
        if (!TryInterpretSuffix(suffix, out var binary, out var exponent, out var format))
        {
            error = ErrSuffix;
            return false;
        }

        int precision;
        var scale = 0;
        var mantissa = 1L;
        if (format is QuantityFormat.DecimalExponent or QuantityFormat.DecimalSI)
        {
            scale = exponent;
            precision = MaxInt64Factors - (num.Length + denom.Length);
        }
        else if (exponent >= 0 && denom.IsEmpty)
        {
            // Only whole binary numbers take the fast path; 1Mi (2^20) has ~6 decimal digits.
            mantissa <<= exponent;
            precision = 15 - num.Length - (exponent * 3 / 10) - 1;
        }
        else
        {
            precision = -1;
        }

        if (precision >= 0)
        {
            scale = unchecked(scale - denom.Length);
            if (scale >= QuantityScale.Nano)
            {
                // At most 18 digits: always fits.
                long value = 0;
                foreach (var c in num)
                {
                    value = (value * 10) + (c - '0');
                }
                foreach (var c in denom)
                {
                    value = (value * 10) + (c - '0');
                }
                if (TryMultiply(value, mantissa, out var result))
                {
                    if (!parts.Positive)
                    {
                        result = -result;
                    }
                    // When the string is already in canonical form, keep it.
                    bool canonical;
                    if (format == QuantityFormat.BinarySI)
                    {
                        canonical = exponent % 10 == 0 && (value & 0x07) != 0;
                    }
                    else
                    {
                        canonical = scale % 3 == 0 && !EndsWithThreeZeros(num, denom) && num[0] != '0';
                    }
                    quantity = new Quantity(result, scale, format, canonical ? original ?? JsonStringPool.Get(str) : null);
                    return true;
                }
            }
        }

        var valueText = parts.NumIsZero ? "0" : str[..parts.ValueLength];
        if (!TryParseDecimal(valueText, out var amount))
        {
            error = ErrNumeric;
            return false;
        }
        // So that no one else has to think about suffixes, fold the suffix into the amount.
        amount = binary
            ? new InfDec(amount.Unscaled << exponent, amount.Scale)
            : new InfDec(amount.Unscaled, unchecked(amount.Scale - exponent));

        var sign = amount.Sign;
        amount = amount.Abs();
        if (sign != 0)
        {
            // Round a non-zero value up to the smallest representable one: if you ask for some
            // resources you get some, however small the amount.
            amount = InfDec.Round(amount, -QuantityScale.Nano, out _);
        }
        // The max is just a simple cap.
        if (format == QuantityFormat.BinarySI && InfDec.Compare(amount, InfDec.MaxAllowed) > 0)
        {
            amount = InfDec.MaxAllowed;
        }
        if (format == QuantityFormat.BinarySI && amount.Sign > 0 && InfDec.Compare(amount, DecOne) < 0)
        {
            // A binary fraction below one would round; show it as decimal instead.
            format = QuantityFormat.DecimalSI;
        }
        if (sign < 0)
        {
            amount = amount.Neg();
        }
        quantity = new Quantity(amount, format);
        return true;
    }

    private static readonly InfDec DecOne = new(BigInteger.One, 0);

    /// <summary>Positions found by upstream's <c>parseQuantityString</c> scanner.</summary>
    private struct SplitParts
    {
        public bool Positive;
        public bool NumIsZero;
        public int ValueLength;
        public int NumStart;
        public int NumLength;
        public int DenomStart;
        public int DenomLength;
        public int SuffixStart;
    }

    /// <summary>
    /// Upstream's <c>parseQuantityString</c>: sign, number (leading zeros stripped), optional fraction,
    /// then a suffix of letters from <c>eEinumkKMGTP</c>, an optional sign and digits.
    /// </summary>
    private static bool TrySplit(ReadOnlySpan<char> str, out SplitParts parts)
    {
        parts = new SplitParts { Positive = true };
        var end = str.Length;
        var pos = 0;
        if (str[0] == '-')
        {
            parts.Positive = false;
            pos++;
        }
        else if (str[0] == '+')
        {
            pos++;
        }

        // Strip leading zeros; all zeros (or nothing) is the number 0.
        var i = pos;
        while (i < end && str[i] == '0')
        {
            i++;
        }
        if (i >= end)
        {
            parts.NumIsZero = true;
            parts.SuffixStart = end;
            parts.DenomStart = end;
            return true;
        }
        pos = i;

        // The integer part.
        while (i < end && char.IsAsciiDigit(str[i]))
        {
            i++;
        }
        parts.NumStart = pos;
        parts.NumLength = i - pos;
        parts.DenomStart = i;
        parts.SuffixStart = end;
        if (i >= end)
        {
            parts.ValueLength = end;
            return true;
        }
        pos = i;

        // The fraction.
        if (str[pos] == '.')
        {
            pos++;
            i = pos;
            while (i < end && char.IsAsciiDigit(str[i]))
            {
                i++;
            }
            parts.DenomStart = pos;
            parts.DenomLength = i - pos;
            if (i >= end)
            {
                parts.ValueLength = end;
                return true;
            }
            pos = i;
        }
        else
        {
            parts.DenomStart = pos;
        }
        parts.ValueLength = pos;

        // The suffix: letters, an optional sign, digits.
        var suffixStart = pos;
        parts.SuffixStart = suffixStart;
        i = pos;
        while (i < end && IsSuffixLetter(str[i]))
        {
            i++;
        }
        if (i >= end)
        {
            return true;
        }
        pos = i;
        if (str[pos] is '-' or '+')
        {
            pos++;
        }
        i = pos;
        while (i < end && char.IsAsciiDigit(str[i]))
        {
            i++;
        }
        return i >= end;
    }

    private static bool IsSuffixLetter(char c) => c is 'e' or 'E' or 'i' or 'n' or 'u' or 'm' or 'k' or 'K' or 'M' or 'G' or 'T' or 'P';

    /// <summary>Upstream's suffixer: decimal SI, binary SI, then <c>e</c>/<c>E</c> exponents.</summary>
    private static bool TryInterpretSuffix(ReadOnlySpan<char> suffix, out bool binary, out int exponent, out QuantityFormat format)
    {
        binary = false;
        format = QuantityFormat.DecimalSI;
        exponent = suffix switch
        {
            "" => 0,
            "n" => -9,
            "u" => -6,
            "m" => -3,
            "k" => 3,
            "M" => 6,
            "G" => 9,
            "T" => 12,
            "P" => 15,
            "E" => 18,
            _ => int.MinValue,
        };
        if (exponent != int.MinValue)
        {
            return true;
        }
        exponent = suffix switch
        {
            "Ki" => 10,
            "Mi" => 20,
            "Gi" => 30,
            "Ti" => 40,
            "Pi" => 50,
            "Ei" => 60,
            _ => int.MinValue,
        };
        if (exponent != int.MinValue)
        {
            binary = true;
            format = QuantityFormat.BinarySI;
            return true;
        }
        format = QuantityFormat.DecimalExponent;
        if (suffix.Length > 1 && suffix[0] is 'e' or 'E'
            && GoStrconv.ParseInt(suffix[1..], 64, out var parsed) == GoStrconv.NumErrorKind.None)
        {
            // Upstream converts the int64 exponent to int32 without a check.
            exponent = unchecked((int)parsed);
            return true;
        }
        exponent = 0;
        return false;
    }

    /// <summary>inf.Dec.SetString: an optional sign, digits with at most one decimal point, at least one digit.</summary>
    private static bool TryParseDecimal(ReadOnlySpan<char> text, out InfDec value)
    {
        value = null!;
        var negative = false;
        if (!text.IsEmpty && text[0] is '+' or '-')
        {
            negative = text[0] == '-';
            text = text[1..];
        }
        var point = text.IndexOf('.');
        var digitCount = text.Length - (point >= 0 ? 1 : 0);
        if (digitCount == 0)
        {
            return false;
        }
        Span<char> digits = digitCount <= 256 ? stackalloc char[digitCount] : new char[digitCount];
        if (point >= 0)
        {
            text[..point].CopyTo(digits);
            text[(point + 1)..].CopyTo(digits[point..]);
        }
        else
        {
            text.CopyTo(digits);
        }
        var unscaled = BigInteger.Parse(digits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture);
        value = new InfDec(negative ? -unscaled : unscaled, point >= 0 ? text.Length - point - 1 : 0);
        return true;
    }

    private static bool EndsWithThreeZeros(ReadOnlySpan<char> num, ReadOnlySpan<char> denom)
    {
        var total = num.Length + denom.Length;
        if (total < 3)
        {
            return false;
        }
        for (var k = total - 3; k < total; k++)
        {
            var c = k < num.Length ? num[k] : denom[k - num.Length];
            if (c != '0')
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>a × b, or false on int64 overflow.</summary>
    private static bool TryMultiply(long a, long b, out long result)
    {
        var high = Math.BigMul(a, b, out result);
        return high == (result >> 63);
    }
}
