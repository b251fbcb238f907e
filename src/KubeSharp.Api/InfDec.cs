using System.Globalization;
using System.Numerics;

namespace KubeSharp.Api;

/// <summary>
/// An immutable arbitrary-precision decimal <c>Unscaled × 10^-Scale</c>, mirroring the parts of
/// <c>gopkg.in/inf.v0</c>'s <c>Dec</c> that <c>resource.Quantity</c> uses. <see cref="Scale"/> counts digits
/// after the decimal point (the opposite sign of a Quantity scale). Operations keep inf.Dec's
/// representation (not just its value) because a few Quantity results depend on it.
/// </summary>
internal sealed class InfDec
{
    /// <summary>Rescales beyond this many digits are not materialised (upstream would try to and
    /// exhaust memory); see <see cref="Round"/>.</summary>
    private const long MaxRescaleDigits = 4096;

    private static readonly BigInteger MaxInt64 = long.MaxValue;

    internal InfDec(BigInteger unscaled, int scale)
    {
        Unscaled = unscaled;
        Scale = scale;
    }

    internal BigInteger Unscaled { get; }

    /// <summary>Digits after the decimal point; negative for multiples of powers of ten.</summary>
    internal int Scale { get; }

    internal int Sign => Unscaled.Sign;

    internal static InfDec MaxAllowed { get; } = new(long.MaxValue, 0);

    /// <summary>The value <paramref name="value"/> × 10^<paramref name="quantityScale"/>.</summary>
    internal static InfDec FromInt64(long value, int quantityScale) => new(value, unchecked(-quantityScale));

    internal InfDec Neg() => new(-Unscaled, Scale);

    internal InfDec Abs() => Unscaled.Sign < 0 ? Neg() : this;

    /// <summary>inf.Dec.Add: the result has the larger of the two scales.</summary>
    internal static InfDec Add(InfDec x, InfDec y)
    {
        if (x.Scale == y.Scale)
        {
            return new InfDec(x.Unscaled + y.Unscaled, x.Scale);
        }
        if (x.Scale > y.Scale)
        {
            return new InfDec(x.Unscaled + (y.Unscaled * Pow10((long)x.Scale - y.Scale)), x.Scale);
        }
        return new InfDec((x.Unscaled * Pow10((long)y.Scale - x.Scale)) + y.Unscaled, y.Scale);
    }

    internal static InfDec Sub(InfDec x, InfDec y) => Add(x, y.Neg());

    /// <summary>Compares the values of <paramref name="x"/> and <paramref name="y"/>, settling what the
    /// magnitudes already decide before aligning the scales (which can be arbitrarily far apart).</summary>
    internal static int Compare(InfDec x, InfDec y)
    {
        int xs = x.Unscaled.Sign, ys = y.Unscaled.Sign;
        if (xs != ys)
        {
            return xs > ys ? 1 : -1;
        }
        if (xs == 0)
        {
            return 0;
        }
        if (x.Scale == y.Scale)
        {
            return x.Unscaled.CompareTo(y.Unscaled);
        }
        // 10^(lo-1) <= |v| < 10^hi brackets the magnitude using only the bit length.
        var (xLo, xHi) = DecimalExponentBounds(x);
        var (yLo, yHi) = DecimalExponentBounds(y);
        if (xLo > yHi)
        {
            return xs;
        }
        if (xHi < yLo)
        {
            return -xs;
        }
        if (x.Scale > y.Scale)
        {
            return x.Unscaled.CompareTo(y.Unscaled * Pow10((long)x.Scale - y.Scale));
        }
        return (x.Unscaled * Pow10((long)y.Scale - x.Scale)).CompareTo(y.Unscaled);
    }

    /// <summary>
    /// inf.Dec.Round(x, s, RoundUp): the value at exactly scale <paramref name="scale"/>, rounded away
    /// from zero. <paramref name="exact"/> tells whether no precision was lost.
    /// </summary>
    internal static InfDec Round(InfDec x, int scale, out bool exact)
    {
        var diff = (long)scale - x.Scale;
        if (diff >= 0)
        {
            exact = true;
            if (diff == 0 || x.Unscaled.IsZero)
            {
                return diff == 0 ? x : new InfDec(BigInteger.Zero, scale);
            }
            if (diff > MaxRescaleDigits)
            {
                // Exact either way; keep the coarser representation instead of writing out the zeros.
                return x;
            }
            return new InfDec(x.Unscaled * Pow10(diff), scale);
        }
        var down = -diff;
        if (x.Unscaled.IsZero)
        {
            exact = true;
            return new InfDec(BigInteger.Zero, scale);
        }
        if (down > DecimalExponentBounds(x.Unscaled).Hi)
        {
            // |x.Unscaled| < 10^down: the quotient is 0 and the remainder is everything.
            exact = false;
            return new InfDec(x.Unscaled.Sign, scale);
        }
        var quotient = BigInteger.DivRem(x.Unscaled, Pow10(down), out var remainder);
        exact = remainder.IsZero;
        if (!exact)
        {
            quotient += x.Unscaled.Sign;
        }
        return new InfDec(quotient, scale);
    }

    /// <summary>Go's <c>big.Int.Int64</c>: the low 64 bits of the magnitude, with the sign applied.</summary>
    internal static long WrapToInt64(BigInteger value)
    {
        var magnitude = BigInteger.Abs(value);
        var low = unchecked((long)(ulong)(magnitude & ulong.MaxValue));
        return value.Sign < 0 ? unchecked(-low) : low;
    }

    internal static bool FitsInt64(BigInteger value) => value >= long.MinValue && value <= MaxInt64;

    /// <summary>The nearest double to <paramref name="value"/> (what <c>big.Float.Float64</c> gives).</summary>
    internal static double ToDouble(BigInteger value)
    {
        if (FitsInt64(value))
        {
            return (long)value;
        }
        return double.Parse(value.ToString(CultureInfo.InvariantCulture), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
    }

    internal static BigInteger Pow10(long exponent)
    {
        if (exponent is < 0 or > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(exponent));
        }
        return exponent < Pow10Cache.Length ? Pow10Cache[exponent] : BigInteger.Pow(10, (int)exponent);
    }

    private static readonly BigInteger[] Pow10Cache = BuildPow10Cache();

    private static BigInteger[] BuildPow10Cache()
    {
        var cache = new BigInteger[40];
        var value = BigInteger.One;
        for (var i = 0; i < cache.Length; i++)
        {
            cache[i] = value;
            value *= 10;
        }
        return cache;
    }

    private static (long Lo, long Hi) DecimalExponentBounds(InfDec x)
    {
        var (lo, hi) = DecimalExponentBounds(x.Unscaled);
        return (lo - x.Scale, hi - x.Scale);
    }

    // An n-bit magnitude has more than (n-1)*log10(2) and at most n*log10(2)+1 decimal digits;
    // n/4 and n/3+1 are cheap integer bounds for those.
    private static (long Lo, long Hi) DecimalExponentBounds(BigInteger unscaled)
    {
        var bits = (long)BigInteger.Abs(unscaled).GetBitLength();
        return (bits / 4, (bits / 3) + 1);
    }
}
