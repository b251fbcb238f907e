using System.Globalization;

namespace KubeSharp.ApiServer.Tables;

/// <summary>
/// Upstream's <c>k8s.io/apimachinery/pkg/util/duration</c>: the short texts of ages and durations
/// (<c>5m</c>, <c>3h12m</c>, <c>2d4h</c>, <c>3y120d</c>). Durations are Go's: signed nanoseconds.
/// </summary>
public static class HumanDuration
{
    private const long NanosPerSecond = 1_000_000_000;
    private const long NanosPerMinute = 60 * NanosPerSecond;
    private const long NanosPerHour = 60 * NanosPerMinute;

    /// <summary>
    /// <c>HumanDuration</c>: about two or three significant figures (<c>90s</c>, <c>5m3s</c>, <c>7h5m</c>, <c>47h</c>,
    /// <c>6d23h</c>, <c>400d</c>, <c>2y3d</c>, <c>9y</c>). Up to a second in the future reads <c>0s</c>, further
    /// <c>&lt;invalid&gt;</c>. This is what the server's Table cells (AGE and others) use.
    /// </summary>
    public static string Format(long nanoseconds)
    {
        var seconds = nanoseconds / NanosPerSecond;
        if (seconds < -1)
        {
            return "<invalid>";
        }
        if (seconds < 0)
        {
            return "0s";
        }
        if (seconds < 60 * 2)
        {
            return Text(seconds, "s");
        }
        var minutes = nanoseconds / NanosPerMinute;
        if (minutes < 10)
        {
            var s = seconds % 60;
            return s == 0 ? Text(minutes, "m") : Text(minutes, "m", s, "s");
        }
        if (minutes < 60 * 3)
        {
            return Text(minutes, "m");
        }
        var hours = nanoseconds / NanosPerHour;
        if (hours < 8)
        {
            var m = minutes % 60;
            return m == 0 ? Text(hours, "h") : Text(hours, "h", m, "m");
        }
        if (hours < 48)
        {
            return Text(hours, "h");
        }
        if (hours < 24 * 8)
        {
            var h = hours % 24;
            return h == 0 ? Text(hours / 24, "d") : Text(hours / 24, "d", h, "h");
        }
        if (hours < 24 * 365 * 2)
        {
            return Text(hours / 24, "d");
        }
        if (hours < 24 * 365 * 8)
        {
            var dy = hours / 24 % 365;
            return dy == 0 ? Text(hours / 24 / 365, "y") : Text(hours / 24 / 365, "y", dy, "d");
        }
        return Text(hours / 24 / 365, "y");
    }

    /// <summary>As <see cref="Format(long)"/>, for a <see cref="TimeSpan"/> (100 ns ticks).</summary>
    public static string Format(TimeSpan duration) => Format(ToNanoseconds(duration));

    /// <summary>
    /// <c>ShortHumanDuration</c>: one unit only (<c>59s</c>, <c>59m</c>, <c>23h</c>, <c>364d</c>, <c>2y</c>); the
    /// kubectl client's form, which the server's tables do not use.
    /// </summary>
    public static string FormatShort(long nanoseconds)
    {
        var seconds = nanoseconds / NanosPerSecond;
        if (seconds < -1)
        {
            return "<invalid>";
        }
        if (seconds < 0)
        {
            return "0s";
        }
        if (seconds < 60)
        {
            return Text(seconds, "s");
        }
        var minutes = nanoseconds / NanosPerMinute;
        if (minutes < 60)
        {
            return Text(minutes, "m");
        }
        var hours = nanoseconds / NanosPerHour;
        if (hours < 24)
        {
            return Text(hours, "h");
        }
        if (hours < 24 * 365)
        {
            return Text(hours / 24, "d");
        }
        return Text(hours / 24 / 365, "y");
    }

    /// <summary>As <see cref="FormatShort(long)"/>, for a <see cref="TimeSpan"/>.</summary>
    public static string FormatShort(TimeSpan duration) => FormatShort(ToNanoseconds(duration));

    private static long ToNanoseconds(TimeSpan duration)
        => duration.Ticks > long.MaxValue / 100 ? long.MaxValue
            : duration.Ticks < long.MinValue / 100 ? long.MinValue
            : duration.Ticks * 100;

    private static string Text(long value, string unit) => value.ToString(CultureInfo.InvariantCulture) + unit;

    private static string Text(long value, string unit, long value2, string unit2)
        => string.Concat(value.ToString(CultureInfo.InvariantCulture), unit, value2.ToString(CultureInfo.InvariantCulture), unit2);
}
