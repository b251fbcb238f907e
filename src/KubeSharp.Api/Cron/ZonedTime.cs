namespace KubeSharp.Api.Cron;

/// <summary>
/// An instant seen in a time zone, with the few operations of Go's <c>time.Time</c> that robfig/cron's
/// <c>SpecSchedule.Next</c> uses. The DST behaviour matters: <see cref="Date"/> normalizes a wall-clock time that
/// falls into a gap or an overlap exactly as Go's <c>time.Date</c> does (Go looks up the zone offset in effect at the
/// wall time read as UTC, then re-checks the offset at the resulting instant), so schedules skip or repeat runs
/// around DST changes as they do upstream.
/// </summary>
internal readonly struct ZonedTime
{
    private ZonedTime(long utcTicks, TimeZoneInfo zone)
    {
        UtcTicks = utcTicks;
        Zone = zone;
        var offset = zone.GetUtcOffset(new DateTime(utcTicks, DateTimeKind.Utc));
        Local = new DateTime(utcTicks + offset.Ticks, DateTimeKind.Unspecified);
    }

    /// <summary>Ticks since 0001-01-01T00:00:00Z (the same epoch as Go's zero time).</summary>
    public long UtcTicks { get; }

    public TimeZoneInfo Zone { get; }

    /// <summary>The wall-clock time in <see cref="Zone"/>.</summary>
    public DateTime Local { get; }

    public int Year => Local.Year;

    public int Month => Local.Month;

    public int Day => Local.Day;

    public int Hour => Local.Hour;

    public int Minute => Local.Minute;

    public int Second => Local.Second;

    public int Weekday => (int)Local.DayOfWeek;

    /// <summary>Ticks within the current second (Go's Nanosecond(), at 100 ns resolution).</summary>
    public long SubSecondTicks => UtcTicks % TimeSpan.TicksPerSecond;

    public static ZonedTime FromInstant(DateTimeOffset instant, TimeZoneInfo zone) => new(instant.UtcTicks, zone);

    public DateTimeOffset ToDateTimeOffset() => new(UtcTicks, TimeSpan.Zero);

    /// <summary>Go's <c>time.Date</c>: fields out of range are normalized (month 13 is January of the next year, day 32 is
    /// in the next month), and a wall time in a DST gap or overlap resolves as Go resolves it.</summary>
    public static ZonedTime Date(int year, int month, int day, int hour, int minute, int second, long subSecondTicks, TimeZoneInfo zone)
    {
        // Normalize month into [1, 12] carrying into the year (Go's norm()).
        var monthIndex = month - 1;
        year += FloorDiv(monthIndex, 12);
        monthIndex -= FloorDiv(monthIndex, 12) * 12;
        var wall = new DateTime(year, 1, 1, 0, 0, 0, DateTimeKind.Unspecified).AddMonths(monthIndex).Ticks
            + ((day - 1L) * TimeSpan.TicksPerDay)
            + (hour * TimeSpan.TicksPerHour)
            + (minute * TimeSpan.TicksPerMinute)
            + (second * TimeSpan.TicksPerSecond)
            + subSecondTicks;
        // Go: offset o1 = lookup(wall read as UTC); utc = wall - o1; if utc is outside o1's zone period use the offset in
        // effect at utc. Both branches equal "the offset in effect at wall - o1".
        var firstOffset = zone.GetUtcOffset(new DateTime(wall, DateTimeKind.Utc)).Ticks;
        var finalOffset = zone.GetUtcOffset(new DateTime(wall - firstOffset, DateTimeKind.Utc)).Ticks;
        return new ZonedTime(wall - finalOffset, zone);
    }

    /// <summary>Go's <c>t.Add(d)</c>: absolute time.</summary>
    public ZonedTime Add(long ticks) => new(UtcTicks + ticks, Zone);

    /// <summary>Go's <c>t.AddDate(years, months, days)</c>: <see cref="Date"/> on the shifted wall-clock fields.</summary>
    public ZonedTime AddDate(int years, int months, int days)
        => Date(Year + years, Month + months, Day + days, Hour, Minute, Second, SubSecondTicks, Zone);

    /// <summary>Go's <c>t.Truncate(d)</c>: rounds down the absolute time since the zero time.</summary>
    public ZonedTime Truncate(long ticks) => new(UtcTicks - (UtcTicks % ticks), Zone);

    private static int FloorDiv(int a, int b) => a >= 0 ? a / b : -((-a + b - 1) / b);
}
