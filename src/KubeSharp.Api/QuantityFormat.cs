namespace KubeSharp.Api;

/// <summary>
/// How a <see cref="Quantity"/> is written: upstream's <c>resource.Format</c>. Parsing remembers the
/// format of the suffix that was used, and the canonical string uses it again.
/// </summary>
public enum QuantityFormat
{
    /// <summary>Go's empty (or any unknown) format, the format of a zero <see cref="Quantity"/>;
    /// it is written like <see cref="DecimalExponent"/>.</summary>
    None = 0,

    /// <summary>Decimal exponent notation, e.g. <c>12e6</c>.</summary>
    DecimalExponent,

    /// <summary>Binary SI suffixes, e.g. <c>12Mi</c> (12 × 2^20).</summary>
    BinarySI,

    /// <summary>Decimal SI suffixes, e.g. <c>12M</c> (12 × 10^6).</summary>
    DecimalSI,
}
