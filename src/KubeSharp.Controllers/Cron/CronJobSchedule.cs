using KubeSharp.Api.Cron;

namespace KubeSharp.Controllers.Cron;

/// <summary>How many schedule times were missed since the last one (upstream's missedSchedulesType).</summary>
public enum MissedSchedules
{
    /// <summary>None.</summary>
    None,

    /// <summary>Some, at most 100: the most recent one is started.</summary>
    Few,

    /// <summary>More than 100: upstream records a TooManyMissedTimes warning (and still starts the most recent one).</summary>
    Many,
}

/// <summary>The result of <see cref="CronJobSchedule.MostRecentScheduleTime"/>.</summary>
/// <param name="EarliestTime">The last schedule time, else the creation time, moved up to now - startingDeadlineSeconds when asked.</param>
/// <param name="MostRecent">The most recent schedule time not after now, or null when none is due.</param>
/// <param name="Missed">How many were missed.</param>
/// <param name="Error">Set when the schedule has no two distinct times (e.g. <c>0 0 31 2 *</c>).</param>
public readonly record struct ScheduleTimes(DateTimeOffset EarliestTime, DateTimeOffset? MostRecent, MissedSchedules Missed, string? Error);

/// <summary>
/// CronJob's use of cron schedules (upstream pkg/controller/cronjob/utils.go): which scheduled time is due now, when to
/// look again, and how spec.schedule and spec.timeZone combine. The parser is <see cref="CronParser"/> (shared with the
/// API server's CronJob validation).
/// </summary>
public static class CronJobSchedule
{
    /// <summary>The padding added to the requeue delay so that clock skew never makes the controller wake up just early.</summary>
    public static readonly TimeSpan NextScheduleDelta = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// The spec the controller parses (upstream formatSchedule): a schedule containing "TZ" is used as is (validation
    /// refuses it on create; <paramref name="unsupportedTimeZonePrefix"/> tells the caller to record an
    /// UnsupportedSchedule warning), else spec.timeZone becomes a <c>TZ=</c> prefix.
    /// </summary>
    public static string FormatSchedule(string schedule, string? timeZone, out bool unsupportedTimeZonePrefix)
    {
        unsupportedTimeZonePrefix = schedule.Contains("TZ", StringComparison.Ordinal);
        if (unsupportedTimeZonePrefix)
        {
            return schedule;
        }
        return timeZone is null ? schedule : "TZ=" + timeZone + " " + schedule;
    }

    /// <summary>
    /// Upstream mostRecentScheduleTime: from the last schedule time (else the creation time), raised to
    /// now - startingDeadlineSeconds when <paramref name="includeStartingDeadlineSeconds"/>, the most recent schedule
    /// time that is not after <paramref name="now"/>. The number of missed times is estimated from the distance
    /// between the next two schedule times, as upstream does (no walk over a century of missed minutes).
    /// </summary>
    public static ScheduleTimes MostRecentScheduleTime(
        DateTimeOffset creationTimestamp,
        DateTimeOffset? lastScheduleTime,
        long? startingDeadlineSeconds,
        DateTimeOffset now,
        CronSchedule schedule,
        bool includeStartingDeadlineSeconds)
    {
        var earliestTime = lastScheduleTime ?? creationTimestamp;
        if (includeStartingDeadlineSeconds && startingDeadlineSeconds is { } deadline)
        {
            var schedulingDeadline = now.AddSeconds(-deadline);
            if (schedulingDeadline > earliestTime)
            {
                earliestTime = schedulingDeadline;
            }
        }

        var t1 = schedule.Next(earliestTime);
        var t2 = t1 is { } first ? schedule.Next(first) : null;
        if (t1 is { } a && now < a)
        {
            return new(earliestTime, null, MissedSchedules.None, null);
        }
        if (t1 is not null && t2 is { } b && now < b)
        {
            return new(earliestTime, t1, MissedSchedules.None, null);
        }

        // Go's zero time stands in for "no next time": the distance is then zero or negative.
        var secondsBetween = t1 is null || t2 is null ? 0 : (long)Math.Round((t2.Value - t1.Value).TotalSeconds, MidpointRounding.AwayFromZero);
        if (secondsBetween < 1)
        {
            return new(earliestTime, null, MissedSchedules.None, "time difference between two schedules is less than 1 second");
        }
        var elapsed = (long)(now - t1!.Value).TotalSeconds;
        var missed = (elapsed / secondsBetween) + 1;

        // Start one interval before the estimated last one (schedules are not always regular: 30 6-16/4 * * 1-5) and
        // walk forward to the last time not after now.
        DateTimeOffset? mostRecent = null;
        var potentialEarliest = t1.Value.AddSeconds((missed - 1 - 1) * secondsBetween);
        for (var t = schedule.Next(potentialEarliest); t is { } next && next <= now; t = schedule.Next(next))
        {
            mostRecent = next;
        }

        var missedKind = missed > 100 ? MissedSchedules.Many : missed > 0 ? MissedSchedules.Few : MissedSchedules.None;
        return new(earliestTime, mostRecent, missedKind, null);
    }

    /// <summary>
    /// Upstream nextScheduleTime: the schedule time to start a Job for now (startingDeadlineSeconds applied), or null.
    /// <paramref name="missed"/> is <see cref="MissedSchedules.Many"/> when the caller should warn TooManyMissedTimes.
    /// </summary>
    public static DateTimeOffset? NextScheduleTime(
        DateTimeOffset creationTimestamp,
        DateTimeOffset? lastScheduleTime,
        long? startingDeadlineSeconds,
        DateTimeOffset now,
        CronSchedule schedule,
        out MissedSchedules missed,
        out string? error)
    {
        var result = MostRecentScheduleTime(creationTimestamp, lastScheduleTime, startingDeadlineSeconds, now, schedule, includeStartingDeadlineSeconds: true);
        error = result.Error;
        missed = result.Missed;
        if (result.MostRecent is not { } mostRecent || mostRecent > now)
        {
            return null;
        }
        return mostRecent;
    }

    /// <summary>Upstream nextScheduleTimeDuration: how long until the next schedule time after the last one (plus
    /// <see cref="NextScheduleDelta"/>); null when the schedule has no next time.</summary>
    public static TimeSpan? NextScheduleTimeDuration(
        DateTimeOffset creationTimestamp,
        DateTimeOffset? lastScheduleTime,
        long? startingDeadlineSeconds,
        DateTimeOffset now,
        CronSchedule schedule)
    {
        var result = MostRecentScheduleTime(creationTimestamp, lastScheduleTime, startingDeadlineSeconds, now, schedule, includeStartingDeadlineSeconds: false);
        DateTimeOffset from;
        if (result.Error is not null)
        {
            from = now;
        }
        else if (result.MostRecent is { } mostRecent)
        {
            from = mostRecent;
        }
        else
        {
            from = result.Missed == MissedSchedules.None ? result.EarliestTime : now;
        }
        return schedule.Next(from) is { } next ? next + NextScheduleDelta - now : null;
    }
}
