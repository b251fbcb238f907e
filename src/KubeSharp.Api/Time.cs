using System.Buffers;
using System.Text;
using System.Text.Json;
using KubeSharp.Api.Serialization;

namespace KubeSharp.Api;

/// <summary>
/// An instant, upstream's <c>metav1.Time</c>: written in JSON as RFC 3339 in UTC with whole seconds
/// (<c>2008-01-01T01:01:01Z</c>), or <c>null</c> for the zero value.
/// </summary>
/// <remarks>
/// Like Go's <c>time.Time</c> the value keeps nanoseconds (from the input's fraction or from
/// <see cref="Now"/>); only the JSON form drops them, so a value may not equal itself after a round
/// trip unless it was made with <see cref="Rfc3339Copy"/>. The default value is Go's zero time,
/// 0001-01-01T00:00:00Z, for which <see cref="IsZero"/> is true.
/// </remarks>
public readonly partial struct Time : IJsonModel<Time>, IEquatable<Time>, IComparable<Time>
{
    private readonly GoInstant _instant;

    private Time(GoInstant instant) => _instant = instant;

    /// <summary>True for the zero time, which is written as JSON null.</summary>
    public bool IsZero => _instant.IsZero;

    /// <summary>Seconds since the Unix epoch (negative before it), as in the protobuf <c>Timestamp</c>.</summary>
    public long UnixSeconds => _instant.UnixSeconds;

    /// <summary>Nanoseconds within the second, 0 to 999,999,999.</summary>
    public int Nanosecond => _instant.Nanos;

    /// <summary>The current time of <paramref name="timeProvider"/> (the system clock when null).</summary>
    public static Time Now(TimeProvider? timeProvider = null)
        => FromDateTimeOffset((timeProvider ?? TimeProvider.System).GetUtcNow());

    /// <summary>The instant <paramref name="value"/> denotes.</summary>
    public static Time FromDateTimeOffset(DateTimeOffset value) => new(GoInstant.FromDateTimeOffset(value));

    /// <summary>Go's <c>time.Unix</c>: nanoseconds outside [0, 1e9) carry into the seconds.</summary>
    public static Time FromUnix(long seconds, long nanoseconds = 0) => new(GoInstant.FromUnix(seconds, nanoseconds));

    /// <summary>The instant as a UTC <see cref="DateTimeOffset"/> (nanoseconds truncated to 100 ns ticks).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The time is outside the years 1 to 9999.</exception>
    public DateTimeOffset ToDateTimeOffset() => _instant.ToDateTimeOffset();

    /// <summary>The same instant.</summary>
    public static implicit operator Time(DateTimeOffset value) => FromDateTimeOffset(value);

    /// <summary>The same instant, truncated to 100 ns ticks.</summary>
    public static explicit operator DateTimeOffset(Time value) => value.ToDateTimeOffset();

    /// <summary>The time at second precision, as it reads back from JSON (upstream's <c>Rfc3339Copy</c>).</summary>
    public Time Rfc3339Copy() => new(_instant.TruncateToSeconds());

    /// <summary>Whether this instant is before <paramref name="other"/>.</summary>
    public bool Before(Time other) => _instant.CompareTo(other._instant) < 0;

    /// <summary>Whether this instant is after <paramref name="other"/>.</summary>
    public bool After(Time other) => _instant.CompareTo(other._instant) > 0;

    /// <summary>
    /// Parses RFC 3339 as Go's <c>time.Parse(time.RFC3339, s)</c> does: fractions of a second and zone
    /// offsets are accepted (the fraction is kept, to the nanosecond).
    /// </summary>
    /// <exception cref="FormatException">The text is not RFC 3339; the message is Go's, e.g.
    /// <c>parsing time "x" as "2006-01-02T15:04:05Z07:00": cannot parse "x" as "2006"</c>.</exception>
    public static Time Parse(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        if (!TryParse(s, out var time, out var error))
        {
            throw new FormatException(error);
        }
        return time;
    }

    /// <summary>As <see cref="Parse"/>, reporting Go's error text instead of throwing.</summary>
    public static bool TryParse(string s, out Time time, out string? error)
    {
        ArgumentNullException.ThrowIfNull(s);
        var ok = GoTime.TryParse(s, micro: false, out var instant, out error);
        time = new Time(instant);
        return ok;
    }

    /// <summary>RFC 3339 in UTC with whole seconds, e.g. <c>2008-01-01T01:01:01Z</c> (also for the zero time).</summary>
    public override string ToString() => GoTime.FormatUtc(_instant, 0);

    /// <inheritdoc/>
    public bool Equals(Time other) => _instant == other._instant;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Time other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _instant.GetHashCode();

    /// <inheritdoc/>
    public int CompareTo(Time other) => _instant.CompareTo(other._instant);

    /// <summary>Same instant.</summary>
    public static bool operator ==(Time left, Time right) => left.Equals(right);

    /// <summary>Different instants.</summary>
    public static bool operator !=(Time left, Time right) => !left.Equals(right);

    /// <summary>Earlier.</summary>
    public static bool operator <(Time left, Time right) => left.CompareTo(right) < 0;

    /// <summary>Later.</summary>
    public static bool operator >(Time left, Time right) => left.CompareTo(right) > 0;

    /// <summary>Earlier or the same.</summary>
    public static bool operator <=(Time left, Time right) => left.CompareTo(right) <= 0;

    /// <summary>Later or the same.</summary>
    public static bool operator >=(Time left, Time right) => left.CompareTo(right) >= 0;

    /// <summary>Reads an RFC 3339 string; null is the zero time.</summary>
    public static Time ReadJson(ref Utf8JsonReader reader, JsonDecodeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return default;
            case JsonTokenType.String:
                if (TryParseRfc3339Utf8(ref reader, out var parsed))
                {
                    return parsed;
                }
                if (!TryParse(reader.GetString()!, out var time, out var error))
                {
                    throw new JsonDecodeException(error!, context.CurrentPath);
                }
                return time;
            default:
                context.ThrowTypeMismatch(ref reader, "Time", "string");
                return default;
        }
    }

    /// <summary>The common case without a string: an unescaped RFC 3339 value parsed from its UTF-8 bytes (anything else,
    /// including every error, takes the string path).</summary>
    private static bool TryParseRfc3339Utf8(ref Utf8JsonReader reader, out Time time)
    {
        time = default;
        var raw = reader.ValueSpan;
        if (reader.ValueIsEscaped || reader.HasValueSequence || raw.Length > 40)
        {
            return false;
        }
        Span<char> chars = stackalloc char[raw.Length];
        if (Ascii.ToUtf16(raw, chars, out _) != OperationStatus.Done || !GoTime.TryParseRfc3339Fast(chars, out var instant))
        {
            return false;
        }
        time = new Time(instant);
        return true;
    }

    /// <summary>Writes RFC 3339 in UTC with whole seconds, or null for the zero time.</summary>
    public void WriteJson(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (IsZero)
        {
            writer.WriteNullValue();
            return;
        }
        Span<char> buffer = stackalloc char[40];
        writer.WriteStringValue(buffer[..GoTime.FormatUtc(_instant, 0, buffer)]);
    }

    internal GoInstant Instant => _instant;

    internal static Time FromInstant(GoInstant instant) => new(instant);
}
