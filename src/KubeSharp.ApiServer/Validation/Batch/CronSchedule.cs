using KubeSharp.Api.Cron;

namespace KubeSharp.ApiServer.Validation.Batch;

/// <summary>
/// The schedule check of CronJob validation (upstream validateScheduleFormat calls robfig/cron's
/// <c>ParseStandard</c>): the one parser in <see cref="CronParser"/>, which the CronJob controller runs too, so what
/// validation accepts is exactly what the controller schedules.
/// </summary>
public static class CronSchedule
{
    /// <summary>Returns null when <paramref name="spec"/> parses, otherwise robfig/cron's error text.</summary>
    public static string? Validate(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return CronParser.TryParseStandard(spec, TimeZoneInfo.Utc, out _, out var error) ? null : error;
    }
}
