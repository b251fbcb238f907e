using System.Globalization;
using System.Numerics;

namespace KubeSharp.Api;

public readonly partial struct Quantity
{
    /// <summary>
    /// The canonical string (upstream's <c>String</c>): <c>0</c> for zero; otherwise the mantissa with no
    /// fractional digits and the largest suffix of <see cref="Format"/> that loses no precision. A binary SI
    /// value between -1024 and 1024, or one with a fractional part, is written in decimal SI. A decimal SI
    /// exponent beyond the suffixes (above 10^18, below 10^-9) falls back to exponent notation.
    /// A string that was parsed in canonical form is returned as it was given.
    /// </summary>
    public override string ToString()
    {
        if (_cached is not null)
        {
            return _cached;
        }
        Span<char> buffer = stackalloc char[64];
        if (TryFormatCanonical(buffer, out var written))
        {
            return new string(buffer[..written]);
        }
        Canonicalize(out var small, out var big, out var suffix);
        return (big?.ToString(CultureInfo.InvariantCulture) ?? small.ToString(CultureInfo.InvariantCulture)) + suffix;
    }

    /// <summary>Writes the canonical string into <paramref name="destination"/>; false when it does not fit
    /// (or needs an arbitrary-precision mantissa).</summary>
    private bool TryFormatCanonical(Span<char> destination, out int written)
    {
        written = 0;
        if (_cached is not null)
        {
            if (!_cached.AsSpan().TryCopyTo(destination))
            {
                return false;
            }
            written = _cached.Length;
            return true;
        }
        if (IsZero)
        {
            if (destination.IsEmpty)
            {
                return false;
            }
            destination[0] = '0';
            written = 1;
            return true;
        }
        Canonicalize(out var small, out var big, out var suffix);
        if (big is not null)
        {
            return false;
        }
        if (!small.TryFormat(destination, out var n, default, CultureInfo.InvariantCulture)
            || !suffix.AsSpan().TryCopyTo(destination[n..]))
        {
            return false;
        }
        written = n + suffix.Length;
        return true;
    }

    /// <summary>
    /// Upstream's <c>CanonicalizeBytes</c>: the mantissa (in <paramref name="small"/>, or in
    /// <paramref name="big"/> when it does not fit an int64) and the suffix. Not for zero.
    /// </summary>
    private void Canonicalize(out long small, out BigInteger? big, out string suffix)
    {
        var format = _format;
        var rounded = default(Quantity);
        switch (format)
        {
            case QuantityFormat.DecimalExponent:
            case QuantityFormat.DecimalSI:
                break;
            case QuantityFormat.BinarySI:
                if (CmpInt64(-1024) > 0 && CmpInt64(1024) < 0)
                {
                    // Small binary values are shown in decimal: no rounding, and less confusion.
                    format = QuantityFormat.DecimalSI;
                }
                else
                {
                    rounded = RoundUp(0, out var exact);
                    if (!exact)
                    {
                        // Don't lose precision: show as DecimalSI.
                        format = QuantityFormat.DecimalSI;
                    }
                }
                break;
            default:
                format = QuantityFormat.DecimalExponent;
                break;
        }

        if (format == QuantityFormat.BinarySI)
        {
            rounded.AsCanonicalBase1024(out small, out big, out var exponent1024);
            suffix = BinarySuffix(unchecked(exponent1024 * 10));
            return;
        }
        AsCanonicalBase10(out small, out big, out var exponent);
        suffix = (format == QuantityFormat.DecimalSI ? DecimalSuffix(exponent) : null)
            ?? (exponent == 0 ? "" : "e" + exponent.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>AsCanonicalBytes: mantissa and a base-10 exponent that is a multiple of 3 (1.1e5 is 110, 3).</summary>
    private void AsCanonicalBase10(out long small, out BigInteger? big, out int exponent)
    {
        big = null;
        if (_dec is null)
        {
            var amount = RemoveInt64Factors(_value, 10, out var times);
            exponent = unchecked(_scale + times);
            var ok = true;
            switch (exponent % 3)
            {
                case 1:
                case -2:
                    ok = TryMultiply(amount, 10, out amount);
                    exponent--;
                    break;
                case 2:
                case -1:
                    ok = TryMultiply(amount, 100, out amount);
                    exponent -= 2;
                    break;
            }
            if (ok)
            {
                small = amount;
                return;
            }
        }
        var dec = AsDec();
        var mantissa = RemoveBigIntegerFactors(dec.Unscaled, 10, out var bigTimes);
        exponent = unchecked(-dec.Scale + bigTimes);
        while (exponent % 3 != 0)
        {
            mantissa *= 10;
            exponent--;
        }
        small = 0;
        big = mantissa;
        if (InfDec.FitsInt64(mantissa))
        {
            small = (long)mantissa;
            big = null;
        }
    }

    /// <summary>AsCanonicalBase1024Bytes: the mantissa and power of 1024 of the value rounded up to an
    /// integer (2048 is 2, 1).</summary>
    private void AsCanonicalBase1024(out long small, out BigInteger? big, out int exponent)
    {
        big = null;
        if (_dec is null)
        {
            var value = AsScaledInt64(_value, _scale, 0, out var ok);
            if (ok)
            {
                small = RemoveInt64Factors(value, 1024, out exponent);
                return;
            }
        }
        var integer = InfDec.Round(AsDec(), 0, out _).Unscaled;
        var mantissa = RemoveBigIntegerFactors(integer, 1024, out exponent);
        small = 0;
        big = mantissa;
        if (InfDec.FitsInt64(mantissa))
        {
            small = (long)mantissa;
            big = null;
        }
    }

    /// <summary>removeInt64Factors: value = result × factor^times.</summary>
    private static long RemoveInt64Factors(long value, long factor, out int times)
    {
        times = 0;
        var negative = value < 0;
        var result = negative ? unchecked(-value) : value;
        while (result >= factor && result % factor == 0)
        {
            times++;
            result /= factor;
        }
        return negative ? unchecked(-result) : result;
    }

    /// <summary>removeBigIntFactors: value = result × factor^times (0 gives 0, 0).</summary>
    private static BigInteger RemoveBigIntegerFactors(BigInteger value, int factor, out int times)
    {
        times = 0;
        while (!value.IsZero)
        {
            var quotient = BigInteger.DivRem(value, factor, out var remainder);
            if (!remainder.IsZero)
            {
                break;
            }
            times++;
            value = quotient;
        }
        return value;
    }

    private static string? DecimalSuffix(int exponent) => exponent switch
    {
        -9 => "n",
        -6 => "u",
        -3 => "m",
        0 => "",
        3 => "k",
        6 => "M",
        9 => "G",
        12 => "T",
        15 => "P",
        18 => "E",
        _ => null,
    };

    // Upstream has no binary suffix for 2^0 or past 2^60 and then writes no suffix at all.
    private static string BinarySuffix(int exponent) => exponent switch
    {
        10 => "Ki",
        20 => "Mi",
        30 => "Gi",
        40 => "Ti",
        50 => "Pi",
        60 => "Ei",
        _ => "",
    };
}
