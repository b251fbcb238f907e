using System.Buffers;
using System.Text;
using System.Numerics;
using System.Text.Json;
using KubeSharp.Api.Serialization;

namespace KubeSharp.Api;

/// <summary>
/// A fixed-point number with a unit suffix, upstream's <c>resource.Quantity</c>
/// (<c>k8s.io/apimachinery/pkg/api/resource</c>): <c>100m</c>, <c>128Mi</c>, <c>1.5</c>, <c>1e3</c>.
/// </summary>
/// <remarks>
/// <para>
/// The serialization format is <c>&lt;signedNumber&gt;&lt;suffix&gt;</c> where the suffix is a binary SI suffix
/// (<c>Ki Mi Gi Ti Pi Ei</c>), a decimal SI suffix (<c>n u m "" k M G T P E</c>) or a decimal exponent
/// (<c>e3</c>, <c>E-3</c>). Parsing remembers which kind of suffix was used (<see cref="Format"/>) and
/// <see cref="ToString"/> writes the canonical form in that format: no fractional digits, the largest
/// exponent that loses no precision (<c>1.5</c> is <c>1500m</c>, <c>1.5Gi</c> is <c>1536Mi</c>). A string that
/// is already canonical is kept exactly as it was parsed, as upstream does.
/// </para>
/// <para>
/// Values are exact: small ones live in a 64-bit mantissa with a power-of-ten scale, larger or more
/// precise ones in an arbitrary-precision decimal, with the same choice of representation as upstream.
/// Parsing keeps precision only down to nano units, rounding a finer non-zero value away from zero, and
/// caps a binary SI value at 2^63-1. The default value is zero and prints <c>0</c>.
/// </para>
/// <para>Equality follows upstream's <c>Equal</c>: two quantities are equal when their values are
/// (<c>1000m</c> equals <c>1</c>), whatever their format.</para>
/// </remarks>
public readonly partial struct Quantity : IJsonModel<Quantity>, IEquatable<Quantity>, IComparable<Quantity>
{
    // Upstream's Quantity{i int64Amount; d infDecAmount; s string; Format}: when _dec is null the value is
    // _value × 10^_scale, otherwise _dec. _cached is the parsed string when it was already canonical.
    private readonly long _value;
    private readonly int _scale;
    private readonly InfDec? _dec;
    private readonly string? _cached;
    private readonly QuantityFormat _format;

    private Quantity(long value, int scale, QuantityFormat format, string? cached = null)
    {
        _value = value;
        _scale = scale;
        _format = format;
        _cached = cached;
    }

    private Quantity(InfDec dec, QuantityFormat format)
    {
        _dec = dec;
        _format = format;
    }

    /// <summary>The zero quantity (format <see cref="QuantityFormat.None"/>), which prints <c>0</c>.</summary>
    public static Quantity Zero => default;

    /// <summary>The format used by <see cref="ToString"/>.</summary>
    public QuantityFormat Format => _format;

    /// <summary>True when the value is zero.</summary>
    public bool IsZero => _dec is null ? _value == 0 : _dec.Sign == 0;

    /// <summary>-1, 0 or 1 as the value is negative, zero or positive.</summary>
    public int Sign => _dec is null ? Math.Sign(_value) : _dec.Sign;

    /// <summary>A quantity of <paramref name="value"/> in <paramref name="format"/> (upstream's <c>NewQuantity</c>).</summary>
    public static Quantity FromInt64(long value, QuantityFormat format) => new(value, 0, format);

    /// <summary>A quantity of <paramref name="value"/>/1000 in <paramref name="format"/> (upstream's
    /// <c>NewMilliQuantity</c>). A fractional value in <see cref="QuantityFormat.BinarySI"/> is written as
    /// decimal SI.</summary>
    public static Quantity FromMilli(long value, QuantityFormat format) => new(value, QuantityScale.Milli, format);

    /// <summary>A quantity of <paramref name="value"/> × 10^<paramref name="scale"/> in
    /// <see cref="QuantityFormat.DecimalSI"/> (upstream's <c>NewScaledQuantity</c>).</summary>
    public static Quantity FromScaled(long value, int scale) => new(value, scale, QuantityFormat.DecimalSI);

    /// <summary>The same value written in <paramref name="format"/>.</summary>
    public Quantity WithFormat(QuantityFormat format)
        => _dec is null ? new Quantity(_value, _scale, format) : new Quantity(_dec, format);

    /// <summary>The value as an arbitrary-precision decimal (upstream's <c>AsDec</c>).</summary>
    internal InfDec AsDec() => _dec ?? InfDec.FromInt64(_value, _scale);

    /// <inheritdoc/>
    public bool Equals(Quantity other) => Cmp(other) == 0;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Quantity other && Equals(other);

    /// <summary>A hash of the value alone, so that equal values (<c>1000m</c>, <c>1</c>) hash alike.</summary>
    public override int GetHashCode()
    {
        if (_dec is null)
        {
            if (_value == 0)
            {
                return 0;
            }
            var value = _value;
            long scale = _scale;
            while (value % 10 == 0)
            {
                value /= 10;
                scale++;
            }
            return HashCode.Combine(value, scale);
        }
        var unscaled = _dec.Unscaled;
        if (unscaled.IsZero)
        {
            return 0;
        }
        long exponent = -(long)_dec.Scale;
        while (true)
        {
            var quotient = BigInteger.DivRem(unscaled, 10, out var remainder);
            if (!remainder.IsZero)
            {
                break;
            }
            unscaled = quotient;
            exponent++;
        }
        return InfDec.FitsInt64(unscaled)
            ? HashCode.Combine((long)unscaled, exponent)
            : HashCode.Combine(unscaled, exponent);
    }

    /// <inheritdoc/>
    public int CompareTo(Quantity other) => Cmp(other);

    /// <summary>Equal values.</summary>
    public static bool operator ==(Quantity left, Quantity right) => left.Cmp(right) == 0;

    /// <summary>Different values.</summary>
    public static bool operator !=(Quantity left, Quantity right) => left.Cmp(right) != 0;

    /// <summary>Compares values.</summary>
    public static bool operator <(Quantity left, Quantity right) => left.Cmp(right) < 0;

    /// <summary>Compares values.</summary>
    public static bool operator >(Quantity left, Quantity right) => left.Cmp(right) > 0;

    /// <summary>Compares values.</summary>
    public static bool operator <=(Quantity left, Quantity right) => left.Cmp(right) <= 0;

    /// <summary>Compares values.</summary>
    public static bool operator >=(Quantity left, Quantity right) => left.Cmp(right) >= 0;

    /// <summary>The sum; see <see cref="Add"/>.</summary>
    public static Quantity operator +(Quantity left, Quantity right) => left.Add(right);

    /// <summary>The difference; see <see cref="Sub"/>.</summary>
    public static Quantity operator -(Quantity left, Quantity right) => left.Sub(right);

    /// <summary>The negation; see <see cref="Neg"/>.</summary>
    public static Quantity operator -(Quantity value) => value.Neg();

    /// <summary>Named alternative of <c>+</c>.</summary>
    public static Quantity Add(Quantity left, Quantity right) => left.Add(right);

    /// <summary>Named alternative of binary <c>-</c>.</summary>
    public static Quantity Subtract(Quantity left, Quantity right) => left.Sub(right);

    /// <summary>Named alternative of unary <c>-</c>.</summary>
    public static Quantity Negate(Quantity value) => value.Neg();

    /// <summary>
    /// Reads a JSON string or number, as upstream's <c>UnmarshalJSON</c> does: the raw text (without
    /// quotes, escapes left as they are) is trimmed of white space and parsed. JSON null is zero.
    /// </summary>
    public static Quantity ReadJson(ref Utf8JsonReader reader, JsonDecodeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return default;
            case JsonTokenType.String:
            case JsonTokenType.Number:
                var raw = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan;
                if (TryParseUtf8(raw, out var quantity, out var error))
                {
                    return quantity;
                }
                throw new JsonDecodeException(error!, context.CurrentPath);
            default:
                // Upstream hands the raw JSON text (true, {...}, [...]) to ParseQuantity, which rejects it.
                throw new JsonDecodeException(ErrFormatWrong, context.CurrentPath);
        }
    }

    /// <summary>Writes the canonical string, quoted.</summary>
    public void WriteJson(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (_cached is not null)
        {
            writer.WriteStringValue(_cached);
            return;
        }
        Span<char> buffer = stackalloc char[64];
        if (TryFormatCanonical(buffer, out var written))
        {
            writer.WriteStringValue(buffer[..written]);
            return;
        }
        writer.WriteStringValue(ToString());
    }

    private static bool TryParseUtf8(ReadOnlySpan<byte> raw, out Quantity quantity, out string? error)
    {
        if (Ascii.IsValid(raw))
        {
            char[]? rented = null;
            var chars = raw.Length <= 128 ? stackalloc char[raw.Length] : (rented = ArrayPool<char>.Shared.Rent(raw.Length));
            chars = chars[..raw.Length];
            Ascii.ToUtf16(raw, chars, out _);
            // strings.TrimSpace: raw JSON text holds no control characters, so only spaces can be trimmed.
            var ok = TryParseCore(chars.Trim(' '), null, out quantity, out error);
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
            return ok;
        }
        var text = Encoding.UTF8.GetString(raw).Trim();
        return TryParseCore(text, text, out quantity, out error);
    }
}
