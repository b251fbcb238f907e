using System.Text.Json;
using KubeSharp.Api.Serialization;

namespace KubeSharp.Api;

/// <summary>
/// A span of time in nanoseconds, upstream's <c>metav1.Duration</c> (a Go <c>time.Duration</c>): written in
/// JSON as Go's duration string (<c>1m30s</c>, <c>1h0m0s</c>, <c>300ms</c>, <c>0s</c>) and read with
/// <c>time.ParseDuration</c> (<c>1h2m3.5s</c>, <c>-1.5h</c>, <c>2us</c>).
/// </summary>
public readonly partial struct Duration : IJsonModel<Duration>, IEquatable<Duration>, IComparable<Duration>
{
    /// <summary>One nanosecond.</summary>
    public const long Nanosecond = 1;

    /// <summary>One microsecond in nanoseconds.</summary>
    public const long Microsecond = 1000 * Nanosecond;

    /// <summary>One millisecond in nanoseconds.</summary>
    public const long Millisecond = 1000 * Microsecond;

    /// <summary>One second in nanoseconds.</summary>
    public const long Second = 1000 * Millisecond;

    /// <summary>One minute in nanoseconds.</summary>
    public const long Minute = 60 * Second;

    /// <summary>One hour in nanoseconds.</summary>
    public const long Hour = 60 * Minute;

    private Duration(long nanoseconds) => Nanoseconds = nanoseconds;

    /// <summary>The length in nanoseconds (negative for a negative duration).</summary>
    public long Nanoseconds { get; }

    /// <summary>A duration of <paramref name="nanoseconds"/>.</summary>
    public static Duration FromNanoseconds(long nanoseconds) => new(nanoseconds);

    /// <summary>The same length.</summary>
    /// <exception cref="OverflowException">It does not fit an int64 of nanoseconds (about 292 years).</exception>
    public static Duration FromTimeSpan(TimeSpan value) => new(checked(value.Ticks * 100));

    /// <summary>The length as a <see cref="TimeSpan"/>, truncated to 100 ns ticks.</summary>
    public TimeSpan ToTimeSpan() => TimeSpan.FromTicks(Nanoseconds / 100);

    /// <summary>The same length.</summary>
    public static implicit operator Duration(TimeSpan value) => FromTimeSpan(value);

    /// <summary>The same length, truncated to 100 ns ticks.</summary>
    public static explicit operator TimeSpan(Duration value) => value.ToTimeSpan();

    /// <summary>Parses a Go duration string as <c>time.ParseDuration</c> does.</summary>
    /// <exception cref="FormatException">The text is not a duration; the message is Go's, e.g.
    /// <c>time: unknown unit "d" in duration "1d"</c>.</exception>
    public static Duration Parse(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        if (!TryParse(s, out var duration, out var error))
        {
            throw new FormatException(error);
        }
        return duration;
    }

    /// <summary>As <see cref="Parse"/>, reporting Go's error text instead of throwing.</summary>
    public static bool TryParse(string s, out Duration duration, out string? error)
    {
        ArgumentNullException.ThrowIfNull(s);
        var ok = TryParseCore(s, out var nanoseconds, out error);
        duration = new Duration(nanoseconds);
        return ok;
    }

    /// <summary>Go's <c>time.Duration.String</c>: <c>72h3m0.5s</c>; below a second in the largest
    /// unit that keeps it at least 1 (<c>1.5ms</c>, <c>2µs</c>, <c>3ns</c>); <c>0s</c> for zero.</summary>
    public override string ToString()
    {
        Span<char> buffer = stackalloc char[32];
        var start = Format(buffer);
        return new string(buffer[start..]);
    }

    /// <inheritdoc/>
    public bool Equals(Duration other) => Nanoseconds == other.Nanoseconds;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Duration other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => Nanoseconds.GetHashCode();

    /// <inheritdoc/>
    public int CompareTo(Duration other) => Nanoseconds.CompareTo(other.Nanoseconds);

    /// <summary>Same length.</summary>
    public static bool operator ==(Duration left, Duration right) => left.Equals(right);

    /// <summary>Different lengths.</summary>
    public static bool operator !=(Duration left, Duration right) => !left.Equals(right);

    /// <summary>Shorter.</summary>
    public static bool operator <(Duration left, Duration right) => left.CompareTo(right) < 0;

    /// <summary>Longer.</summary>
    public static bool operator >(Duration left, Duration right) => left.CompareTo(right) > 0;

    /// <summary>Shorter or the same.</summary>
    public static bool operator <=(Duration left, Duration right) => left.CompareTo(right) <= 0;

    /// <summary>Longer or the same.</summary>
    public static bool operator >=(Duration left, Duration right) => left.CompareTo(right) >= 0;

    /// <summary>
    /// Reads a duration string. Like upstream, JSON null is not the zero duration: it decodes as the
    /// empty string and fails with <c>time: invalid duration ""</c>.
    /// </summary>
    public static Duration ReadJson(ref Utf8JsonReader reader, JsonDecodeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        string text;
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                text = reader.GetString()!;
                break;
            case JsonTokenType.Null:
                text = "";
                break;
            default:
                context.ThrowTypeMismatch(ref reader, "Duration", "string");
                return default;
        }
        if (!TryParse(text, out var duration, out var error))
        {
            throw new JsonDecodeException(error!, context.CurrentPath);
        }
        return duration;
    }

    /// <summary>Writes Go's duration string.</summary>
    public void WriteJson(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Span<char> buffer = stackalloc char[32];
        var start = Format(buffer);
        writer.WriteStringValue(buffer[start..]);
    }

    /// <summary>Go's <c>Duration.format</c>: writes right-aligned into the 32-character
    /// <paramref name="buffer"/> and returns where the text starts.</summary>
    private int Format(Span<char> buffer)
    {
        var w = buffer.Length;
        var negative = Nanoseconds < 0;
        var u = negative ? unchecked(0UL - (ulong)Nanoseconds) : (ulong)Nanoseconds;

        if (u < Second)
        {
            // Below one second use a smaller unit, like 1.2ms.
            int precision;
            buffer[--w] = 's';
            w--;
            if (u == 0)
            {
                buffer[w] = '0';
                return w;
            }
            if (u < Microsecond)
            {
                precision = 0;
                buffer[w] = 'n';
            }
            else if (u < Millisecond)
            {
                precision = 3;
                buffer[w] = '\u00B5'; // µ, MICRO SIGN, as Go writes it
            }
            else
            {
                precision = 6;
                buffer[w] = 'm';
            }
            w = FormatFraction(buffer[..w], ref u, precision);
            w = FormatInteger(buffer[..w], u);
        }
        else
        {
            buffer[--w] = 's';
            w = FormatFraction(buffer[..w], ref u, 9);
            // Whole seconds, then minutes, then hours (days differ in length, so they stop at hours).
            w = FormatInteger(buffer[..w], u % 60);
            u /= 60;
            if (u > 0)
            {
                buffer[--w] = 'm';
                w = FormatInteger(buffer[..w], u % 60);
                u /= 60;
                if (u > 0)
                {
                    buffer[--w] = 'h';
                    w = FormatInteger(buffer[..w], u);
                }
            }
        }
        if (negative)
        {
            buffer[--w] = '-';
        }
        return w;
    }

    // fmtFrac: the fraction of v/10^precision without trailing zeros (and without the point if it is 0).
    private static int FormatFraction(Span<char> buffer, ref ulong v, int precision)
    {
        var w = buffer.Length;
        var print = false;
        for (var i = 0; i < precision; i++)
        {
            var digit = v % 10;
            print = print || digit != 0;
            if (print)
            {
                buffer[--w] = (char)('0' + (int)digit);
            }
            v /= 10;
        }
        if (print)
        {
            buffer[--w] = '.';
        }
        return w;
    }

    private static int FormatInteger(Span<char> buffer, ulong v)
    {
        var w = buffer.Length;
        do
        {
            buffer[--w] = (char)('0' + (int)(v % 10));
            v /= 10;
        }
        while (v > 0);
        return w;
    }

    /// <summary>Go's <c>time.ParseDuration</c>: <c>[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+</c>.</summary>
    private static bool TryParseCore(string original, out long nanoseconds, out string? error)
    {
        nanoseconds = 0;
        error = null;
        var s = original.AsSpan();
        ulong d = 0;
        var negative = false;
        const ulong limit = 1UL << 63;

        if (!s.IsEmpty && s[0] is '-' or '+')
        {
            negative = s[0] == '-';
            s = s[1..];
        }
        // Special case: "0" alone is zero without a unit.
        if (s is "0")
        {
            return true;
        }
        if (s.IsEmpty)
        {
            error = Invalid(original);
            return false;
        }
        while (!s.IsEmpty)
        {
            // The next character must be [0-9.].
            if (!(s[0] == '.' || char.IsAsciiDigit(s[0])))
            {
                error = Invalid(original);
                return false;
            }
            // [0-9]*
            var before = s.Length;
            if (!TryLeadingInt(ref s, out var v))
            {
                error = Invalid(original);
                return false;
            }
            var pre = before != s.Length;

            // (\.[0-9]*)?
            var post = false;
            ulong f = 0;
            double scale = 1;
            if (!s.IsEmpty && s[0] == '.')
            {
                s = s[1..];
                before = s.Length;
                LeadingFraction(ref s, out f, out scale);
                post = before != s.Length;
            }
            if (!pre && !post)
            {
                // No digits, e.g. ".s" or "-.s".
                error = Invalid(original);
                return false;
            }

            // The unit: everything up to the next '.' or digit.
            var i = 0;
            while (i < s.Length && !(s[i] == '.' || char.IsAsciiDigit(s[i])))
            {
                i++;
            }
            if (i == 0)
            {
                error = "time: missing unit in duration " + GoStrconv.TimeQuote(original);
                return false;
            }
            var unitText = s[..i];
            s = s[i..];
            var unit = unitText switch
            {
                "ns" => (ulong)Nanosecond,
                "us" or "\u00B5s" or "\u03BCs" => (ulong)Microsecond,
                "ms" => (ulong)Millisecond,
                "s" => (ulong)Second,
                "m" => (ulong)Minute,
                "h" => (ulong)Hour,
                _ => 0UL,
            };
            if (unit == 0)
            {
                error = "time: unknown unit " + GoStrconv.TimeQuote(unitText) + " in duration " + GoStrconv.TimeQuote(original);
                return false;
            }
            if (v > limit / unit)
            {
                error = Invalid(original);
                return false;
            }
            v *= unit;
            if (f > 0)
            {
                // float64 is needed to be nanosecond accurate for fractions of hours.
                v += (ulong)(f * (unit / scale));
                if (v > limit)
                {
                    error = Invalid(original);
                    return false;
                }
            }
            d += v;
            if (d > limit)
            {
                error = Invalid(original);
                return false;
            }
        }
        if (negative)
        {
            nanoseconds = unchecked(-(long)d);
            return true;
        }
        if (d > limit - 1)
        {
            error = Invalid(original);
            return false;
        }
        nanoseconds = (long)d;
        return true;
    }

    private static string Invalid(string original) => "time: invalid duration " + GoStrconv.TimeQuote(original);

    // leadingInt: consumes [0-9]*, false on overflow past 2^63.
    private static bool TryLeadingInt(ref ReadOnlySpan<char> s, out ulong x)
    {
        x = 0;
        var i = 0;
        for (; i < s.Length && char.IsAsciiDigit(s[i]); i++)
        {
            if (x > (1UL << 63) / 10)
            {
                return false;
            }
            x = (x * 10) + (ulong)(s[i] - '0');
            if (x > 1UL << 63)
            {
                return false;
            }
        }
        s = s[i..];
        return true;
    }

    // leadingFraction: consumes [0-9]*, keeping precision only while it fits.
    private static void LeadingFraction(ref ReadOnlySpan<char> s, out ulong x, out double scale)
    {
        x = 0;
        scale = 1;
        var overflow = false;
        var i = 0;
        for (; i < s.Length && char.IsAsciiDigit(s[i]); i++)
        {
            if (overflow)
            {
                continue;
            }
            if (x > ((1UL << 63) - 1) / 10)
            {
                overflow = true;
                continue;
            }
            var y = (x * 10) + (ulong)(s[i] - '0');
            if (y > 1UL << 63)
            {
                overflow = true;
                continue;
            }
            x = y;
            scale *= 10;
        }
        s = s[i..];
    }
}
