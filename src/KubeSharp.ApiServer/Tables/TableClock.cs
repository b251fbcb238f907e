using KubeSharp.Api;

namespace KubeSharp.ApiServer.Tables;

/// <summary>
/// "Now" read once per conversion from the injected clock, with Go's saturating <c>time.Sub</c> and the
/// printers' age texts (<c>translateTimestampSince</c>).
/// </summary>
internal readonly struct TableClock
{
    private const long NanosPerSecond = 1_000_000_000;
    private readonly long _unixSeconds;
    private readonly int _nanos;

    public TableClock(DateTimeOffset now)
    {
        var ticks = now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        _unixSeconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out var remainder);
        if (remainder < 0)
        {
            _unixSeconds--;
            remainder += TimeSpan.TicksPerSecond;
        }
        _nanos = (int)(remainder * 100);
    }

    /// <summary>Nanoseconds from <paramref name="time"/> to now (Go's <c>time.Since</c>).</summary>
    public long Since(Time time) => Between(time.UnixSeconds, time.Nanosecond, _unixSeconds, _nanos);

    /// <summary>Nanoseconds from <paramref name="time"/> to now.</summary>
    public long Since(MicroTime time) => Between(time.UnixSeconds, time.Nanosecond, _unixSeconds, _nanos);

    /// <summary>Go's <c>to.Sub(from)</c>, saturating at the limits of a Duration.</summary>
    public static long Between(Time from, Time to) => Between(from.UnixSeconds, from.Nanosecond, to.UnixSeconds, to.Nanosecond);

    /// <summary><c>translateTimestampSince</c>: <c>&lt;unknown&gt;</c> for the zero time, else the human age.</summary>
    public string Age(Time time) => time.IsZero ? "<unknown>" : HumanDuration.Format(Since(time));

    /// <summary><c>translateMicroTimestampSince</c>.</summary>
    public string Age(MicroTime time) => time.IsZero ? "<unknown>" : HumanDuration.Format(Since(time));

    private static long Between(long fromSeconds, int fromNanos, long toSeconds, int toNanos)
    {
        var nanos = ((Int128)toSeconds - fromSeconds) * NanosPerSecond + (toNanos - fromNanos);
        return nanos > long.MaxValue ? long.MaxValue : nanos < long.MinValue ? long.MinValue : (long)nanos;
    }
}
