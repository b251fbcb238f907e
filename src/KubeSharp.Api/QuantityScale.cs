namespace KubeSharp.Api;

/// <summary>
/// Named powers of ten for <see cref="Quantity.ScaledValue"/>, <see cref="Quantity.RoundUp(int)"/> and
/// <see cref="Quantity.FromScaled"/>: upstream's <c>resource.Scale</c> constants. A scale is the
/// base-10 exponent: 1e2 has scale 2, 1e-2 has scale -2.
/// </summary>
public static class QuantityScale
{
    /// <summary>10^-9.</summary>
    public const int Nano = -9;

    /// <summary>10^-6.</summary>
    public const int Micro = -6;

    /// <summary>10^-3.</summary>
    public const int Milli = -3;

    /// <summary>10^3.</summary>
    public const int Kilo = 3;

    /// <summary>10^6.</summary>
    public const int Mega = 6;

    /// <summary>10^9.</summary>
    public const int Giga = 9;

    /// <summary>10^12.</summary>
    public const int Tera = 12;

    /// <summary>10^15.</summary>
    public const int Peta = 15;

    /// <summary>10^18.</summary>
    public const int Exa = 18;
}
