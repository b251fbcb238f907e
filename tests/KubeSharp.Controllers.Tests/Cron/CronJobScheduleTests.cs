using System.Globalization;
using KubeSharp.Api.Cron;
using KubeSharp.Controllers.Cron;

namespace KubeSharp.Controllers.Tests.Cron;

/// <summary>Upstream pkg/controller/cronjob/utils_test.go: TestMostRecentScheduleTime and TestNextScheduleTimeDuration.</summary>
public class CronJobScheduleTests
{
    private static readonly DateTimeOffset TopOfTheHour = DateTimeOffset.Parse("2016-05-19T10:00:00Z", CultureInfo.InvariantCulture);

    private static DateTimeOffset After(TimeSpan d) => TopOfTheHour + d;

    private static CronSchedule Parse(string spec) => CronParser.ParseStandard(spec, TimeZoneInfo.Utc);

    public static TheoryData<string, string, DateTimeOffset, DateTimeOffset?, long?, bool, DateTimeOffset, DateTimeOffset, DateTimeOffset?, MissedSchedules> Cases => new()
    {
        { "now before next schedule", "0 * * * *", TopOfTheHour, null, null, false, After(TimeSpan.FromSeconds(30)), TopOfTheHour, null, MissedSchedules.None },
        { "now just after next schedule", "0 * * * *", TopOfTheHour, null, null, false, After(TimeSpan.FromMinutes(61)), TopOfTheHour, After(TimeSpan.FromMinutes(60)), MissedSchedules.None },
        { "missed 5 schedules", "0 * * * *", After(TimeSpan.FromSeconds(10)), null, null, false, After(TimeSpan.FromMinutes(301)), After(TimeSpan.FromSeconds(10)), After(TimeSpan.FromMinutes(300)), MissedSchedules.Few },
        { "complex schedule", "30 6-16/4 * * 1-5", TopOfTheHour, After(TimeSpan.FromMinutes(30)), null, false, After(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(31)), After(TimeSpan.FromMinutes(30)), After(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(30)), MissedSchedules.Few },
        { "another complex schedule", "30 10,11,12 * * 1-5", TopOfTheHour, After(TimeSpan.FromMinutes(30)), null, false, After(TimeSpan.FromHours(30) + TimeSpan.FromMinutes(30)), After(TimeSpan.FromMinutes(30)), null, MissedSchedules.Few },
        { "longer diff", "30 6-16/4 * * 1-5", TopOfTheHour, After(TimeSpan.FromMinutes(30)), null, false, After(TimeSpan.FromHours(96) + TimeSpan.FromMinutes(31)), After(TimeSpan.FromMinutes(30)), After(TimeSpan.FromHours(96) + TimeSpan.FromMinutes(30)), MissedSchedules.Few },
        { "shorter diff", "30 6-16/4 * * 1-5", TopOfTheHour, null, null, false, After(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(31)), TopOfTheHour, After(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(30)), MissedSchedules.Few },
        { "@every schedule", "@every 1h", After(TimeSpan.FromMinutes(-59)), After(TimeSpan.FromMinutes(1)), 10L, false, After(TimeSpan.FromDays(7)), After(TimeSpan.FromMinutes(1)), After(TimeSpan.FromDays(6) + TimeSpan.FromHours(23) + TimeSpan.FromMinutes(1)), MissedSchedules.Many },
        { "earliest = creation = last", "0 * * * *", TopOfTheHour, TopOfTheHour, null, false, After(TimeSpan.FromSeconds(30)), TopOfTheHour, null, MissedSchedules.None },
        { "earliest = last", "*/5 * * * *", TopOfTheHour, After(TimeSpan.FromMinutes(30)), null, false, After(TimeSpan.FromMinutes(31)), After(TimeSpan.FromMinutes(30)), null, MissedSchedules.None },
        { "within deadline", "*/5 * * * *", TopOfTheHour, After(TimeSpan.FromMinutes(30)), 60L, false, After(TimeSpan.FromMinutes(31)), After(TimeSpan.FromMinutes(30)), null, MissedSchedules.None },
        { "outside deadline", "*/5 * * * *", TopOfTheHour, After(TimeSpan.FromMinutes(30)), 60L, true, After(TimeSpan.FromMinutes(32)), After(TimeSpan.FromMinutes(31)), null, MissedSchedules.None },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void MostRecentScheduleTime_MatchesUpstream(string name, string spec, DateTimeOffset created, DateTimeOffset? last, long? deadline, bool includeDeadline,
        DateTimeOffset now, DateTimeOffset expectedEarliest, DateTimeOffset? expectedRecent, MissedSchedules expectedMissed)
    {
        _ = name;
        var result = CronJobSchedule.MostRecentScheduleTime(created, last, deadline, now, Parse(spec), includeDeadline);
        result.Error.ShouldBeNull();
        result.EarliestTime.ShouldBe(expectedEarliest);
        result.MostRecent.ShouldBe(expectedRecent);
        result.Missed.ShouldBe(expectedMissed);
    }

    [Fact]
    public void MostRecentScheduleTime_RogueSchedule_IsAnError()
    {
        var result = CronJobSchedule.MostRecentScheduleTime(After(TimeSpan.FromSeconds(10)), null, null, After(TimeSpan.FromHours(1)), Parse("59 23 31 2 *"), false);
        result.Error.ShouldBe("time difference between two schedules is less than 1 second");
        result.MostRecent.ShouldBeNull();
    }

    [Fact]
    public void NextScheduleTime_StartingDeadlineHidesOldTimes_AndTooManyMissedStillStartsTheLatest()
    {
        // Created 2 days ago, every minute, no deadline: > 100 missed; the most recent one is returned (upstream warns).
        var now = After(TimeSpan.FromDays(2) + TimeSpan.FromSeconds(5));
        var next = CronJobSchedule.NextScheduleTime(TopOfTheHour, null, null, now, Parse("* * * * *"), out var missed, out var error);
        error.ShouldBeNull();
        missed.ShouldBe(MissedSchedules.Many);
        next.ShouldBe(After(TimeSpan.FromDays(2)));

        // With a 3 s deadline the 5 s old time is out of reach.
        CronJobSchedule.NextScheduleTime(TopOfTheHour, null, 3, now, Parse("* * * * *"), out _, out _).ShouldBeNull();
        // With a 10 s deadline it is due.
        CronJobSchedule.NextScheduleTime(TopOfTheHour, null, 10, now, Parse("* * * * *"), out missed, out _).ShouldBe(After(TimeSpan.FromDays(2)));
        missed.ShouldBe(MissedSchedules.None);
    }

    [Theory]
    [InlineData("30 6-16/4 * * 1-5", 30, 24 * 60 + 31, 3 * 60 + 59)]
    [InlineData("30 10,11,12 * * 1-5", 30, 30 * 60 + 30, 66 * 60)]
    [InlineData("0 12 * * 4", 120, 19 * 24 * 60 + 90, 48 * 60 + 30)]
    [InlineData("0 12 * * 5", -1, 6 * 60, 20 * 60)]
    public void NextScheduleTimeDuration_MatchesUpstream(string spec, int lastMinutes, int nowMinutes, int expectedMinutes)
    {
        DateTimeOffset? last = lastMinutes < 0 ? null : After(TimeSpan.FromMinutes(lastMinutes));
        var duration = CronJobSchedule.NextScheduleTimeDuration(TopOfTheHour, last, null, After(TimeSpan.FromMinutes(nowMinutes)), Parse(spec));
        duration.ShouldBe(TimeSpan.FromMinutes(expectedMinutes) + CronJobSchedule.NextScheduleDelta);
    }

    [Fact]
    public void FormatSchedule_TimeZoneBecomesPrefix_AndTzInScheduleIsFlagged()
    {
        CronJobSchedule.FormatSchedule("0 * * * *", "Europe/Berlin", out var flagged).ShouldBe("TZ=Europe/Berlin 0 * * * *");
        flagged.ShouldBeFalse();
        CronJobSchedule.FormatSchedule("CRON_TZ=UTC 0 * * * *", null, out flagged).ShouldBe("CRON_TZ=UTC 0 * * * *");
        flagged.ShouldBeTrue();
        var schedule = CronParser.ParseStandard(CronJobSchedule.FormatSchedule("0 9 * * *", "Asia/Tokyo", out _), TimeZoneInfo.Utc);
        schedule.Next(DateTimeOffset.Parse("2024-01-01T00:30:00Z", CultureInfo.InvariantCulture)).ShouldBe(DateTimeOffset.Parse("2024-01-02T00:00:00Z", CultureInfo.InvariantCulture));
    }
}
