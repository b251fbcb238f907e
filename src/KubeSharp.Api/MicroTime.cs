using System.Text.Json;
using KubeSharp.Api.Serialization;

namespace KubeSharp.Api;

/// <summary>
/// An instant with microsecond precision in JSON, upstream's <c>metav1.MicroTime</c>: written as RFC 3339
/// in UTC with exactly six fraction digits (<c>2003-01-01T01:01:01.000003Z</c>), or <c>null</c> for the
/// zero value.
/// </summary>
/// <remarks>
/// Parsing uses upstream's layout <c>2006-01-02T15:04:05.000000Z07:00</c> literally, so the input
/// needs exactly six fraction digits. The value keeps nanoseconds; the JSON form truncates them.
/// </remarks>
public readonly partial struct MicroTime : IJsonModel<MicroTime>, IEquatable<MicroTime>, IComparable<MicroTime>
{
    private readonly GoInstant _instant;

    private MicroTime(GoInstant instant) => _instant = instant;

    /// <summary>True for the zero time, which is written as JSON null.</summary>
    public bool IsZero => _instant.IsZero;

    /// <summary>Seconds since the Unix epoch (negative before it), as in the protobuf <c>Timestamp</c>.</summary>
    public long UnixSeconds => _instant.UnixSeconds;

    /// <summary>Nanoseconds within the second, 0 to 999,999,999.</summary>
    public int Nanosecond => _instant.Nanos;

    /// <summary>The current time of <paramref name="timeProvider"/> (the system clock when null).</summary>
    public static MicroTime Now(TimeProvider? timeProvider = null)
        => FromDateTimeOffset((timeProvider ?? TimeProvider.System).GetUtcNow());

    /// <summary>The instant <paramref name="value"/> denotes.</summary>
    public static MicroTime FromDateTimeOffset(DateTimeOffset value) => new(GoInstant.FromDateTimeOffset(value));

    /// <summary>Go's <c>time.Unix</c>: nanoseconds outside [0, 1e9) carry into the seconds.</summary>
    public static MicroTime FromUnix(long seconds, long nanoseconds = 0) => new(GoInstant.FromUnix(seconds, nanoseconds));

    /// <summary>The same instant as a <see cref="MicroTime"/>.</summary>
    public static MicroTime FromTime(Time time) => new(time.Instant);

    /// <summary>The same instant as a <see cref="Time"/>.</summary>
    public Time ToTime() => Time.FromInstant(_instant);

    /// <summary>The instant as a UTC <see cref="DateTimeOffset"/> (nanoseconds truncated to 100 ns ticks).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The time is outside the years 1 to 9999.</exception>
    public DateTimeOffset ToDateTimeOffset() => _instant.ToDateTimeOffset();

    /// <summary>The same instant.</summary>
    public static implicit operator MicroTime(DateTimeOffset value) => FromDateTimeOffset(value);

    /// <summary>The same instant, truncated to 100 ns ticks.</summary>
    public static explicit operator DateTimeOffset(MicroTime value) => value.ToDateTimeOffset();

    /// <summary>Whether this instant is before <paramref name="other"/>.</summary>
    public bool Before(MicroTime other) => _instant.CompareTo(other._instant) < 0;

    /// <summary>Whether this instant is before the second-precision <paramref name="other"/> (upstream's <c>BeforeTime</c>).</summary>
    public bool BeforeTime(Time other) => _instant.CompareTo(other.Instant) < 0;

    /// <summary>Whether this instant equals <paramref name="other"/> (upstream's <c>EqualTime</c>).</summary>
    public bool EqualTime(Time other) => _instant == other.Instant;

    /// <summary>Parses upstream's <c>RFC3339Micro</c> layout, <c>2006-01-02T15:04:05.000000Z07:00</c>.</summary>
    /// <exception cref="FormatException">The text does not match; the message is Go's <c>time.Parse</c> error.</exception>
    public static MicroTime Parse(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        if (!TryParse(s, out var time, out var error))
        {
            throw new FormatException(error);
        }
        return time;
    }

    /// <summary>As <see cref="Parse"/>, reporting Go's error text instead of throwing.</summary>
    public static bool TryParse(string s, out MicroTime time, out string? error)
    {
        ArgumentNullException.ThrowIfNull(s);
        var ok = GoTime.TryParse(s, micro: true, out var instant, out error);
        time = new MicroTime(instant);
        return ok;
    }

    /// <summary>RFC 3339 in UTC with six fraction digits, e.g. <c>2003-01-01T01:01:01.000003Z</c>.</summary>
    public override string ToString() => GoTime.FormatUtc(_instant, 6);

    /// <inheritdoc/>
    public bool Equals(MicroTime other) => _instant == other._instant;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is MicroTime other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _instant.GetHashCode();

    /// <inheritdoc/>
    public int CompareTo(MicroTime other) => _instant.CompareTo(other._instant);

    /// <summary>Same instant.</summary>
    public static bool operator ==(MicroTime left, MicroTime right) => left.Equals(right);

    /// <summary>Different instants.</summary>
    public static bool operator !=(MicroTime left, MicroTime right) => !left.Equals(right);

    /// <summary>Earlier.</summary>
    public static bool operator <(MicroTime left, MicroTime right) => left.CompareTo(right) < 0;

    /// <summary>Later.</summary>
    public static bool operator >(MicroTime left, MicroTime right) => left.CompareTo(right) > 0;

    /// <summary>Earlier or the same.</summary>
    public static bool operator <=(MicroTime left, MicroTime right) => left.CompareTo(right) <= 0;

    /// <summary>Later or the same.</summary>
    public static bool operator >=(MicroTime left, MicroTime right) => left.CompareTo(right) >= 0;

    /// <summary>Reads an <c>RFC3339Micro</c> string; null is the zero time.</summary>
    public static MicroTime ReadJson(ref Utf8JsonReader reader, JsonDecodeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return default;
            case JsonTokenType.String:
                if (!TryParse(reader.GetString()!, out var time, out var error))
                {
                    throw new JsonDecodeException(error!, context.CurrentPath);
                }
                return time;
            default:
                context.ThrowTypeMismatch(ref reader, "MicroTime", "string");
                return default;
        }
    }

    /// <summary>Writes RFC 3339 in UTC with six fraction digits, or null for the zero time.</summary>
    public void WriteJson(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (IsZero)
        {
            writer.WriteNullValue();
            return;
        }
        Span<char> buffer = stackalloc char[40];
        writer.WriteStringValue(buffer[..GoTime.FormatUtc(_instant, 6, buffer)]);
    }
}
