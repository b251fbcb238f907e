using System.Numerics;

namespace KubeSharp.Api.Manifests;

/// <summary>A scalar after goyaml v2's resolution: <c>nil</c>, <c>bool</c>, <c>int</c>, <c>uint64</c>,
/// <c>*big.Int</c>, <c>float64</c> or <c>string</c>.</summary>
internal readonly struct ResolvedScalar
{
    private ResolvedScalar(ResolvedScalarKind kind, bool boolean = false, long integer = 0, ulong unsigned = 0,
        BigInteger big = default, double number = 0, string? text = null)
    {
        Kind = kind;
        Bool = boolean;
        Int = integer;
        UInt = unsigned;
        Big = big;
        Float = number;
        String = text ?? "";
    }

    public ResolvedScalarKind Kind { get; }

    public bool Bool { get; }

    public long Int { get; }

    public ulong UInt { get; }

    public BigInteger Big { get; }

    public double Float { get; }

    public string String { get; }

    public static ResolvedScalar Null => new(ResolvedScalarKind.Null);

    public static ResolvedScalar FromBool(bool value) => new(ResolvedScalarKind.Bool, boolean: value);

    public static ResolvedScalar FromInt(long value) => new(ResolvedScalarKind.Int, integer: value);

    public static ResolvedScalar FromUInt(ulong value) => new(ResolvedScalarKind.UInt, unsigned: value);

    public static ResolvedScalar FromBig(BigInteger value) => new(ResolvedScalarKind.BigInt, big: value);

    public static ResolvedScalar FromFloat(double value) => new(ResolvedScalarKind.Float, number: value);

    public static ResolvedScalar FromString(string value) => new(ResolvedScalarKind.String, text: value);
}
