using System.Numerics;

namespace KubeSharp.Api;

public readonly partial struct Quantity
{
    // 10^19 exceeds long.MaxValue: scaling by that much or more always overflows or empties.
    private const int Log10MaxInt64 = 19;

    /// <summary>Compares values: -1, 0 or 1 as this is less than, equal to or greater than <paramref name="y"/>.</summary>
    public int Cmp(Quantity y)
    {
        if (_dec is null && y._dec is null)
        {
            return CompareInt64Amounts(_value, _scale, y._value, y._scale);
        }
        return InfDec.Compare(AsDec(), y.AsDec());
    }

    /// <summary>Compares the value with <paramref name="y"/> (upstream's <c>CmpInt64</c>).</summary>
    public int CmpInt64(long y)
        => _dec is null ? CompareInt64Amounts(_value, _scale, y, 0) : InfDec.Compare(_dec, new InfDec(y, 0));

    /// <summary>
    /// The sum. When this value is zero the result takes <paramref name="y"/>'s format, otherwise it
    /// keeps this one's (upstream's <c>Add</c>).
    /// </summary>
    public Quantity Add(Quantity y)
    {
        var format = _format;
        if (_dec is null && y._dec is null)
        {
            if (_value == 0)
            {
                format = y._format;
            }
            if (TryAddInt64Amounts(_value, _scale, y._value, y._scale, out var value, out var scale))
            {
                return new Quantity(value, scale, format);
            }
        }
        else if (IsZero)
        {
            format = y._format;
        }
        return new Quantity(InfDec.Add(AsDec(), y.AsDec()), format);
    }

    /// <summary>
    /// The difference. When this value is zero the result takes <paramref name="y"/>'s format, otherwise
    /// it keeps this one's (upstream's <c>Sub</c>).
    /// </summary>
    public Quantity Sub(Quantity y)
    {
        var format = IsZero ? y._format : _format;
        if (_dec is null && y._dec is null)
        {
            if (_value == 0 && y._value == long.MinValue)
            {
                // 0 - y is exactly -y, at y's own scale.
                return y.WithFormat(format).Neg();
            }
            if (y._value != long.MinValue
                && TryAddInt64Amounts(_value, _scale, -y._value, y._scale, out var value, out var scale))
            {
                return new Quantity(value, scale, format);
            }
        }
        return new Quantity(InfDec.Sub(AsDec(), y.AsDec()), format);
    }

    /// <summary>The negated value, in the same format (upstream's <c>Neg</c>).</summary>
    public Quantity Neg()
    {
        if (_dec is null)
        {
            if (_value != long.MinValue)
            {
                return new Quantity(-_value, _scale, _format);
            }
            // -long.MinValue does not fit: move to the decimal form.
            return new Quantity(AsDec().Neg(), _format);
        }
        return new Quantity(_dec.Neg(), _format);
    }

    /// <summary>
    /// The value rounded away from zero to a multiple of 10^<paramref name="scale"/> (upstream's
    /// <c>RoundUp</c>; -9 at scale 1 becomes -10). A value already that coarse is returned unchanged.
    /// </summary>
    public Quantity RoundUp(int scale) => RoundUp(scale, out _);

    /// <summary>As <see cref="RoundUp(int)"/>; <paramref name="exact"/> tells whether no precision was lost.</summary>
    public Quantity RoundUp(int scale, out bool exact)
    {
        if (_dec is not null)
        {
            return new Quantity(InfDec.Round(_dec, unchecked(-scale), out exact), _format);
        }
        if (_scale >= scale)
        {
            exact = true;
            return this;
        }
        var value = NegativeScaleInt64(_value, (long)scale - _scale, out exact);
        return new Quantity(value, scale, _format);
    }

    /// <summary>
    /// The value rounded up (away from zero) to an integer (upstream's <c>Value</c>). A value outside the
    /// int64 range overflows silently; compare with <see cref="Cmp"/> first when that matters.
    /// </summary>
    public long Value() => ScaledValue(0);

    /// <summary>ceil(value × 1000) (upstream's <c>MilliValue</c>); overflows silently like <see cref="Value"/>.</summary>
    public long MilliValue() => ScaledValue(QuantityScale.Milli);

    /// <summary>
    /// The value in units of 10^<paramref name="scale"/>, rounded up (upstream's <c>ScaledValue</c>):
    /// <c>FromInt64(1, DecimalSI).ScaledValue(QuantityScale.Milli)</c> is 1000. Overflows silently.
    /// </summary>
    /// <remarks>Rounding of negative fractions follows upstream, which depends on the representation:
    /// away from zero for small values, towards positive infinity for values held as decimals.</remarks>
    public long ScaledValue(int scale)
    {
        if (_dec is null)
        {
            return AsScaledInt64(_value, _scale, scale);
        }
        return DecScaledValue(_dec.Unscaled, _dec.Scale, unchecked(-scale));
    }

    /// <summary>
    /// A double close to the value (upstream's <c>AsApproximateFloat64</c>): the mantissa as a double
    /// times a power of ten, so it may be off by a few units in the last place; ±infinity when out of range.
    /// </summary>
    public double AsApproximateFloat64()
    {
        double mantissa;
        long exponent;
        if (_dec is not null)
        {
            mantissa = InfDec.ToDouble(_dec.Unscaled);
            exponent = -(long)_dec.Scale;
        }
        else
        {
            mantissa = _value;
            exponent = _scale;
        }
        if (exponent == 0)
        {
            return mantissa;
        }
        return mantissa * GoMath.Pow10(exponent);
    }

    /// <summary>int64Amount.Cmp: an exact comparison of a × 10^aScale with b × 10^bScale.</summary>
    private static int CompareInt64Amounts(long a, int aScale, long b, int bScale)
    {
        if (aScale == bScale)
        {
            return a.CompareTo(b);
        }
        // Bring the coarser operand to the finer scale when that fits in an int64.
        if (aScale > bScale)
        {
            var diff = (long)aScale - bScale;
            if (diff < Log10MaxInt64 && TryMultiply(a, Pow10Int64[diff], out var scaled))
            {
                return scaled.CompareTo(b);
            }
        }
        else
        {
            var diff = (long)bScale - aScale;
            if (diff < Log10MaxInt64 && TryMultiply(b, Pow10Int64[diff], out var scaled))
            {
                return a.CompareTo(scaled);
            }
        }
        return InfDec.Compare(InfDec.FromInt64(a, aScale), InfDec.FromInt64(b, bScale));
    }

    /// <summary>int64Amount.Add: the sum at the finer scale, or false when it does not fit an int64.</summary>
    private static bool TryAddInt64Amounts(long a, int aScale, long b, int bScale, out long value, out int scale)
    {
        value = a;
        scale = aScale;
        if (b == 0)
        {
            return true;
        }
        if (a == 0)
        {
            value = b;
            scale = bScale;
            return true;
        }
        if (aScale == bScale)
        {
            return TryAdd(a, b, out value);
        }
        if (aScale > bScale)
        {
            if (!TryPositiveScale(a, (long)aScale - bScale, out var scaled) || !TryAdd(scaled, b, out value))
            {
                return false;
            }
            scale = bScale;
            return true;
        }
        if (!TryPositiveScale(b, (long)bScale - aScale, out var scaledB) || !TryAdd(a, scaledB, out value))
        {
            return false;
        }
        return true;
    }

    private static bool TryAdd(long a, long b, out long sum)
    {
        sum = unchecked(a + b);
        return ((a ^ sum) & (b ^ sum)) >= 0;
    }

    /// <summary>value × 10^scale for scale ≥ 0, or false on overflow.</summary>
    private static bool TryPositiveScale(long value, long scale, out long result)
    {
        result = value;
        if (value == 0 || scale == 0)
        {
            return true;
        }
        if (scale >= Log10MaxInt64)
        {
            return false;
        }
        return TryMultiply(value, Pow10Int64[scale], out result);
    }

    /// <summary>
    /// negativeScaleInt64: value ÷ 10^scale for scale ≥ 0, rounded away from zero when inexact.
    /// </summary>
    private static long NegativeScaleInt64(long value, long scale, out bool exact)
    {
        exact = true;
        if (scale == 0)
        {
            return value;
        }
        var result = value;
        var fraction = false;
        for (long i = 0; i < scale; i++)
        {
            if (!fraction && result % 10 != 0)
            {
                fraction = true;
            }
            result /= 10;
            if (result == 0)
            {
                if (fraction)
                {
                    exact = false;
                    return value > 0 ? 1 : -1;
                }
                return 0;
            }
        }
        if (fraction)
        {
            exact = false;
            result += value > 0 ? 1 : -1;
        }
        return result;
    }

    /// <summary>int64Amount.AsScaledInt64: rounds away from zero, saturates on overflow.</summary>
    private static long AsScaledInt64(long value, int scale, int target) => AsScaledInt64(value, scale, target, out _);

    private static long AsScaledInt64(long value, int scale, int target, out bool ok)
    {
        ok = true;
        if (value == 0)
        {
            return 0;
        }
        var delta = (long)scale - target;
        if (delta < 0)
        {
            var down = -delta;
            if (down >= Log10MaxInt64)
            {
                return value < 0 ? -1 : 1;
            }
            return NegativeScaleInt64(value, down, out _);
        }
        if (TryPositiveScale(value, delta, out var result))
        {
            return result;
        }
        ok = false;
        return value < 0 ? long.MinValue : long.MaxValue;
    }

    /// <summary>scaledValue: unscaled × 10^-scale in units of 10^-newScale, rounded up, wrapping on overflow.</summary>
    private static long DecScaledValue(BigInteger unscaled, int scale, int newScale)
    {
        var dif = (long)scale - newScale;
        if (dif == 0)
        {
            return InfDec.WrapToInt64(unscaled);
        }
        if (dif < 0)
        {
            // Upstream multiplies by int64(math.Pow10(-dif)); past 10^18 that conversion yields MinInt64 on amd64.
            var factor = -dif < Log10MaxInt64 ? Pow10Int64[-dif] : long.MinValue;
            return unchecked(InfDec.WrapToInt64(unscaled) * factor);
        }
        if (BigInteger.Abs(unscaled) < long.MaxValue && dif < Log10MaxInt64)
        {
            // Truncating division plus one when inexact (so negative fractions move towards +infinity).
            var u = (long)unscaled;
            var divide = Pow10Int64[dif];
            var result = u / divide;
            return u % divide != 0 ? result + 1 : result;
        }
        // Upstream takes the Euclidean quotient (the floor) plus one when inexact: the ceiling.
        // Rounding away from zero gives the ceiling of a positive value and the floor of a negative one.
        var rounded = InfDec.Round(new InfDec(unscaled, scale), newScale, out var exact).Unscaled;
        if (!exact && unscaled.Sign < 0)
        {
            rounded += 1;
        }
        return InfDec.WrapToInt64(rounded);
    }

    private static readonly long[] Pow10Int64 =
    [
        1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L, 1_000_000_000L,
        10_000_000_000L, 100_000_000_000L, 1_000_000_000_000L, 10_000_000_000_000L, 100_000_000_000_000L,
        1_000_000_000_000_000L, 10_000_000_000_000_000L, 100_000_000_000_000_000L, 1_000_000_000_000_000_000L,
    ];
}
