namespace KubeSharp.Api;

/// <summary>Go's <c>math.Pow10</c>, computed the same way (two table entries) so results match bit for bit.</summary>
internal static class GoMath
{
    private static readonly double[] Pow10Tab =
    [
        1e00, 1e01, 1e02, 1e03, 1e04, 1e05, 1e06, 1e07, 1e08, 1e09,
        1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22, 1e23, 1e24, 1e25, 1e26, 1e27, 1e28, 1e29,
        1e30, 1e31,
    ];

    private static readonly double[] Pow10PosTab32 =
    [
        1e00, 1e32, 1e64, 1e96, 1e128, 1e160, 1e192, 1e224, 1e256, 1e288,
    ];

    private static readonly double[] Pow10NegTab32 =
    [
        1e-00, 1e-32, 1e-64, 1e-96, 1e-128, 1e-160, 1e-192, 1e-224, 1e-256, 1e-288, 1e-320,
    ];

    /// <summary>10^n: +infinity above 308, 0 below -323.</summary>
    internal static double Pow10(long n)
    {
        if (n is >= 0 and <= 308)
        {
            return Pow10PosTab32[n / 32] * Pow10Tab[n % 32];
        }
        if (n is >= -323 and <= 0)
        {
            return Pow10NegTab32[-n / 32] / Pow10Tab[-n % 32];
        }
        return n > 0 ? double.PositiveInfinity : 0;
    }

    /// <summary>Go's <c>int64(f)</c> on amd64: out-of-range values and NaN give <see cref="long.MinValue"/>.</summary>
    internal static long ToInt64(double value)
        => value is >= -9223372036854775808.0 and < 9223372036854775808.0 ? (long)value : long.MinValue;
}
