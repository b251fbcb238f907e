namespace KubeSharp.Api;

/// <summary>
/// An instant as Go's <c>time.Time</c> holds it, without a location: whole seconds since
/// 0001-01-01T00:00:00Z (Go's zero time) and nanoseconds within the second.
/// </summary>
internal readonly record struct GoInstant(long Seconds, int Nanos) : IComparable<GoInstant>
{
    /// <summary>Seconds from Go's zero time to the Unix epoch.</summary>
    internal const long UnixToInternal = 62_135_596_800;

    private const long NanosPerSecond = 1_000_000_000;

    internal bool IsZero => Seconds == 0 && Nanos == 0;

    internal long UnixSeconds => Seconds - UnixToInternal;

    /// <summary>Go's <c>time.Unix(sec, nsec)</c>: nanoseconds outside [0, 1e9) carry into the seconds.</summary>
    internal static GoInstant FromUnix(long seconds, long nanoseconds)
    {
        if (nanoseconds is < 0 or >= NanosPerSecond)
        {
            var carry = nanoseconds / NanosPerSecond;
            seconds += carry;
            nanoseconds -= carry * NanosPerSecond;
            if (nanoseconds < 0)
            {
                nanoseconds += NanosPerSecond;
                seconds--;
            }
        }
        return new GoInstant(seconds + UnixToInternal, (int)nanoseconds);
    }

    internal static GoInstant FromDateTimeOffset(DateTimeOffset value)
    {
        var ticks = value.UtcTicks;
        return new GoInstant(ticks / TimeSpan.TicksPerSecond, (int)(ticks % TimeSpan.TicksPerSecond * 100));
    }

    /// <summary>The instant as a UTC <see cref="DateTimeOffset"/>, truncated to 100 ns ticks.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The instant is outside the years 1 to 9999.</exception>
    internal DateTimeOffset ToDateTimeOffset()
    {
        if (Seconds < 0 || Seconds > DateTimeOffset.MaxValue.UtcTicks / TimeSpan.TicksPerSecond)
        {
            throw new ArgumentOutOfRangeException(nameof(Seconds), "The time is outside the range of DateTimeOffset.");
        }
        return new DateTimeOffset((Seconds * TimeSpan.TicksPerSecond) + (Nanos / 100), TimeSpan.Zero);
    }

    /// <summary>The instant with the fraction of a second dropped.</summary>
    internal GoInstant TruncateToSeconds() => new(Seconds, 0);

    public int CompareTo(GoInstant other)
    {
        var bySeconds = Seconds.CompareTo(other.Seconds);
        return bySeconds != 0 ? bySeconds : Nanos.CompareTo(other.Nanos);
    }
}
