namespace KubeSharp.Api.Cron;

/// <summary>A parsed cron schedule (robfig/cron v3's <c>Schedule</c>): the activation times it describes.</summary>
public abstract class CronSchedule
{
    private protected CronSchedule()
    {
    }

    /// <summary>
    /// The next activation time strictly after <paramref name="time"/> (at whole-second precision), or null when the
    /// schedule has none within five years (robfig returns Go's zero time then; e.g. <c>0 0 30 2 *</c>).
    /// </summary>
    public abstract DateTimeOffset? Next(DateTimeOffset time);
}

/// <summary>
/// robfig/cron's <c>SpecSchedule</c>: one bit set per allowed value of each field (bit 63 marks a field written as
/// <c>*</c> or <c>?</c>, which changes how day-of-month and day-of-week combine).
/// </summary>
public sealed class SpecSchedule : CronSchedule
{
    internal const ulong StarBit = 1UL << 63;

    internal SpecSchedule(ulong second, ulong minute, ulong hour, ulong dom, ulong month, ulong dow, TimeZoneInfo location)
    {
        Second = second;
        Minute = minute;
        Hour = hour;
        Dom = dom;
        Month = month;
        Dow = dow;
        Location = location;
    }

    internal ulong Second { get; }

    internal ulong Minute { get; }

    internal ulong Hour { get; }

    internal ulong Dom { get; }

    internal ulong Month { get; }

    internal ulong Dow { get; }

    /// <summary>The zone the fields are read in (a <c>TZ=</c> prefix, CronJob's spec.timeZone, or the controller's zone).</summary>
    public TimeZoneInfo Location { get; }

    /// <inheritdoc/>
    public override DateTimeOffset? Next(DateTimeOffset time)
    {
        var t = ZonedTime.FromInstant(time, Location);
        // Start at the earliest possible time (the upcoming second).
        t = t.Add(TimeSpan.TicksPerSecond - t.SubSecondTicks);
        var added = false;
        var yearLimit = t.Year + 5;

    Wrap:
        if (t.Year > yearLimit)
        {
            return null;
        }

        while (((1UL << t.Month) & Month) == 0)
        {
            if (!added)
            {
                added = true;
                t = ZonedTime.Date(t.Year, t.Month, 1, 0, 0, 0, 0, Location);
            }
            t = t.AddDate(0, 1, 0);
            if (t.Month == 1)
            {
                goto Wrap;
            }
        }

        while (!DayMatches(t))
        {
            if (!added)
            {
                added = true;
                t = ZonedTime.Date(t.Year, t.Month, t.Day, 0, 0, 0, 0, Location);
            }
            t = t.AddDate(0, 0, 1);
            // Midnight may not exist on a DST day (it became 01:00): move back to the day's start as robfig does.
            if (t.Hour != 0)
            {
                t = t.Hour > 12 ? t.Add((24 - t.Hour) * TimeSpan.TicksPerHour) : t.Add(-t.Hour * TimeSpan.TicksPerHour);
            }
            if (t.Day == 1)
            {
                goto Wrap;
            }
        }

        while (((1UL << t.Hour) & Hour) == 0)
        {
            if (!added)
            {
                added = true;
                t = ZonedTime.Date(t.Year, t.Month, t.Day, t.Hour, 0, 0, 0, Location);
            }
            t = t.Add(TimeSpan.TicksPerHour);
            if (t.Hour == 0)
            {
                goto Wrap;
            }
        }

        while (((1UL << t.Minute) & Minute) == 0)
        {
            if (!added)
            {
                added = true;
                t = t.Truncate(TimeSpan.TicksPerMinute);
            }
            t = t.Add(TimeSpan.TicksPerMinute);
            if (t.Minute == 0)
            {
                goto Wrap;
            }
        }

        while (((1UL << t.Second) & Second) == 0)
        {
            if (!added)
            {
                added = true;
                t = t.Truncate(TimeSpan.TicksPerSecond);
            }
            t = t.Add(TimeSpan.TicksPerSecond);
            if (t.Second == 0)
            {
                goto Wrap;
            }
        }

        return t.ToDateTimeOffset().ToOffset(time.Offset);
    }

    /// <summary>Day-of-month and day-of-week: both must match when either is a star, else either may match (cron's rule).</summary>
    private bool DayMatches(ZonedTime t)
    {
        var domMatch = ((1UL << t.Day) & Dom) != 0;
        var dowMatch = ((1UL << t.Weekday) & Dow) != 0;
        if ((Dom & StarBit) != 0 || (Dow & StarBit) != 0)
        {
            return domMatch && dowMatch;
        }
        return domMatch || dowMatch;
    }
}

/// <summary>robfig/cron's <c>ConstantDelaySchedule</c> (<c>@every 1h30m</c>): a fixed period, rounded to whole seconds, at least 1 s.</summary>
public sealed class ConstantDelaySchedule : CronSchedule
{
    internal ConstantDelaySchedule(TimeSpan delay)
    {
        Delay = delay;
    }

    /// <summary>The period.</summary>
    public TimeSpan Delay { get; }

    /// <inheritdoc/>
    public override DateTimeOffset? Next(DateTimeOffset time)
        => time.AddTicks(Delay.Ticks - (time.UtcTicks % TimeSpan.TicksPerSecond));
}
