using System.Globalization;
using System.Text.Json;
using KubeSharp.Api.Serialization;

namespace KubeSharp.Api;

/// <summary>
/// An int32 or a string, upstream's <c>intstr.IntOrString</c>: written in JSON as a number or a
/// string, so that a field can take, for example, a port number or a port name. The default value is
/// the int 0.
/// </summary>
public readonly partial struct IntOrString : IJsonModel<IntOrString>, IEquatable<IntOrString>
{
    private readonly string? _stringValue;

    private IntOrString(IntOrStringType type, int intValue, string? stringValue)
    {
        Type = type;
        IntValue = intValue;
        _stringValue = stringValue;
    }

    /// <summary>Which value is held.</summary>
    public IntOrStringType Type { get; }

    /// <summary>The int value (upstream's <c>IntVal</c>); 0 for a string.</summary>
    public int IntValue { get; }

    /// <summary>The string value (upstream's <c>StrVal</c>); empty for an int.</summary>
    public string StringValue => _stringValue ?? "";

    /// <summary>True when an int is held.</summary>
    public bool IsInt => Type == IntOrStringType.Int;

    /// <summary>An int value.</summary>
    public static IntOrString FromInt32(int value) => new(IntOrStringType.Int, value, null);

    /// <summary>A string value.</summary>
    public static IntOrString FromString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new IntOrString(IntOrStringType.String, 0, value);
    }

    /// <summary>An int when <paramref name="value"/> parses as an int32 (Go's <c>strconv.ParseInt(s, 10, 32)</c>:
    /// optional sign, ASCII digits), otherwise the string.</summary>
    public static IntOrString Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return GoStrconv.ParseInt(value, 32, out var parsed) == GoStrconv.NumErrorKind.None
            ? FromInt32((int)parsed)
            : FromString(value);
    }

    /// <summary>Implicit int value.</summary>
    public static implicit operator IntOrString(int value) => FromInt32(value);

    /// <summary>Implicit string value.</summary>
    public static implicit operator IntOrString(string value) => FromString(value);

    /// <summary>
    /// Upstream's <c>IntValue()</c>: the int, or the string parsed as a (64-bit) Go int, which is 0 when
    /// it does not parse and clamped when it is out of range.
    /// </summary>
    public long ToInt64()
    {
        if (Type == IntOrStringType.String)
        {
            GoStrconv.ParseInt(StringValue, 64, out var parsed);
            return parsed;
        }
        return IntValue;
    }

    /// <summary>The string, or the int in decimal.</summary>
    public override string ToString()
        => Type == IntOrStringType.String ? StringValue : IntValue.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Upstream's <c>GetScaledValueFromIntOrPercent</c>: an int is returned as it is; a string must be a
    /// percentage (<c>"25%"</c>) and is scaled to <paramref name="total"/>, rounded up or down. Go's
    /// <c>int</c> is 64 bits wide, so the result (and the percentage) are <see cref="long"/>.
    /// </summary>
    /// <exception cref="FormatException">The value is null or a string that is not a whole percentage;
    /// the message is upstream's error, e.g. <c>invalid value for IntOrString: invalid type: string is not a percentage</c>.</exception>
    public static long GetScaledValueFromIntOrPercent(IntOrString? intOrPercent, long total, bool roundUp)
    {
        if (!TryGetScaledValueFromIntOrPercent(intOrPercent, total, roundUp, out var value, out var error))
        {
            throw new FormatException(error);
        }
        return value;
    }

    /// <summary>As <see cref="GetScaledValueFromIntOrPercent"/>, reporting upstream's error text instead of throwing.</summary>
    public static bool TryGetScaledValueFromIntOrPercent(IntOrString? intOrPercent, long total, bool roundUp, out long value, out string? error)
    {
        value = 0;
        if (intOrPercent is not { } v)
        {
            error = "nil value for IntOrString";
            return false;
        }
        if (v.Type == IntOrStringType.Int)
        {
            error = null;
            value = v.IntValue;
            return true;
        }
        var s = v.StringValue;
        if (!s.EndsWith('%'))
        {
            error = "invalid value for IntOrString: invalid type: string is not a percentage";
            return false;
        }
        if (!GoStrconv.TryAtoi(s[..^1], out var percent, out var atoiError))
        {
            error = "invalid value for IntOrString: invalid value " + GoStrconv.Quote(s) + ": " + atoiError;
            return false;
        }
        var scaled = (double)percent * total / 100;
        value = GoMath.ToInt64(roundUp ? Math.Ceiling(scaled) : Math.Floor(scaled));
        error = null;
        return true;
    }

    /// <inheritdoc/>
    public bool Equals(IntOrString other)
        => Type == other.Type && IntValue == other.IntValue && string.Equals(StringValue, other.StringValue, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is IntOrString other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Type, IntValue, StringComparer.Ordinal.GetHashCode(StringValue));

    /// <summary>Same type and value.</summary>
    public static bool operator ==(IntOrString left, IntOrString right) => left.Equals(right);

    /// <summary>Different type or value.</summary>
    public static bool operator !=(IntOrString left, IntOrString right) => !left.Equals(right);

    /// <summary>
    /// Reads a JSON string (a string value) or number (an int32 value); null is the int 0. Anything
    /// else fails as upstream's decoding into an int32 does.
    /// </summary>
    public static IntOrString ReadJson(ref Utf8JsonReader reader, JsonDecodeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return FromString(JsonStringPool.GetString(ref reader));
            case JsonTokenType.Null:
                return default;
            case JsonTokenType.Number when reader.TryGetInt32(out var value):
                return FromInt32(value);
            default:
                context.ThrowTypeMismatch(ref reader, "IntOrString", "int32");
                return default;
        }
    }

    /// <summary>Writes a number for an int, a string for a string.</summary>
    public void WriteJson(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (Type == IntOrStringType.String)
        {
            writer.WriteStringValue(StringValue);
        }
        else
        {
            writer.WriteNumberValue(IntValue);
        }
    }
}
