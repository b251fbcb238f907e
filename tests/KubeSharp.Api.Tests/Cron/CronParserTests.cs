using System.Globalization;
using KubeSharp.Api.Cron;

namespace KubeSharp.Api.Tests.Cron;

/// <summary>robfig/cron v3 semantics (cases after robfig's spec_test.go, in the 5-field standard form).</summary>
public class CronParserTests
{
    private static DateTimeOffset T(string s) => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("2012-07-09T14:45:00Z", "0/15 * * * *", "2012-07-09T15:00:00Z")]
    [InlineData("2012-07-09T14:59:00Z", "0/15 * * * *", "2012-07-09T15:00:00Z")]
    [InlineData("2012-07-09T14:59:59Z", "0/15 * * * *", "2012-07-09T15:00:00Z")]
    [InlineData("2012-07-09T15:45:00Z", "20-35/15 * * * *", "2012-07-09T16:20:00Z")]
    [InlineData("2012-07-09T23:46:00Z", "*/15 * * * *", "2012-07-10T00:00:00Z")]
    [InlineData("2012-07-09T23:45:00Z", "20-35/15 * * * *", "2012-07-10T00:20:00Z")]
    [InlineData("2012-07-09T23:35:51Z", "20-35/15 1/2 * * *", "2012-07-10T01:20:00Z")]
    [InlineData("2012-07-09T23:35:51Z", "20-35/15 10-12 * * *", "2012-07-10T10:20:00Z")]
    [InlineData("2012-07-09T23:35:51Z", "20-35/15 1/2 */2 * *", "2012-07-11T01:20:00Z")]
    [InlineData("2012-07-09T23:35:51Z", "20-35/15 * 9-20 Jul *", "2012-07-10T00:20:00Z")]
    [InlineData("2012-07-09T23:35:00Z", "0 0 9 Apr-Oct ?", "2012-08-09T00:00:00Z")]
    [InlineData("2012-07-09T23:35:00Z", "0 0 */5 Apr,Aug,Oct Mon", "2012-08-01T00:00:00Z")]
    [InlineData("2012-07-09T23:35:00Z", "0 0 */5 Oct Mon", "2012-10-01T00:00:00Z")]
    [InlineData("2012-07-09T23:35:00Z", "0 0 * Feb Mon", "2013-02-04T00:00:00Z")]
    [InlineData("2012-07-09T23:35:00Z", "0 0 * Feb Mon/2", "2013-02-01T00:00:00Z")]
    [InlineData("2012-12-31T23:59:45Z", "* * * * *", "2013-01-01T00:00:00Z")]
    [InlineData("2012-07-09T23:35:00Z", "0 0 29 Feb ?", "2016-02-29T00:00:00Z")]
    [InlineData("2012-07-09T23:35:00Z", "@yearly", "2013-01-01T00:00:00Z")]
    [InlineData("2012-07-09T23:35:00Z", "@annually", "2013-01-01T00:00:00Z")]
    [InlineData("2012-07-09T23:35:00Z", "@monthly", "2012-08-01T00:00:00Z")]
    [InlineData("2012-07-09T23:35:00Z", "@weekly", "2012-07-15T00:00:00Z")]
    [InlineData("2012-07-09T23:35:00Z", "@daily", "2012-07-10T00:00:00Z")]
    [InlineData("2012-07-09T23:35:00Z", "@midnight", "2012-07-10T00:00:00Z")]
    [InlineData("2012-07-09T23:35:00Z", "@hourly", "2012-07-10T00:00:00Z")]
    [InlineData("2012-07-09T23:35:10.5Z", "@every 1h30m", "2012-07-10T01:05:10Z")]
    [InlineData("2012-07-09T23:35:10Z", "@every 100ms", "2012-07-09T23:35:11Z")]
    [InlineData("2012-07-09T23:35:00Z", "0 12 * * sun,SAT", "2012-07-14T12:00:00Z")]
    public void Next_MatchesRobfig(string from, string spec, string expected)
    {
        var schedule = CronParser.ParseStandard(spec, TimeZoneInfo.Utc);
        schedule.Next(T(from)).ShouldBe(T(expected));
    }

    [Theory]
    // New York, spring forward (02:00 EST -> 03:00 EDT on 2012-03-11).
    [InlineData("2012-03-11T00:00:00-05:00", "TZ=America/New_York 30 2 11 Mar ?", "2013-03-11T02:30:00-04:00")]
    [InlineData("2012-03-11T00:00:00-05:00", "TZ=America/New_York 0 * * * ?", "2012-03-11T01:00:00-05:00")]
    [InlineData("2012-03-11T01:00:00-05:00", "TZ=America/New_York 0 * * * ?", "2012-03-11T03:00:00-04:00")]
    [InlineData("2012-03-11T03:00:00-04:00", "CRON_TZ=America/New_York 0 * * * ?", "2012-03-11T04:00:00-04:00")]
    [InlineData("2012-03-11T00:00:00-05:00", "TZ=America/New_York 0 1 * * ?", "2012-03-11T01:00:00-05:00")]
    [InlineData("2012-03-11T01:00:00-05:00", "TZ=America/New_York 0 1 * * ?", "2012-03-12T01:00:00-04:00")]
    [InlineData("2012-03-11T00:00:00-05:00", "TZ=America/New_York 0 2 * * ?", "2012-03-12T02:00:00-04:00")]
    // New York, fall back (02:00 EDT -> 01:00 EST on 2012-11-04): 01:xx happens twice.
    [InlineData("2012-11-04T00:00:00-04:00", "TZ=America/New_York 30 2 04 Nov ?", "2012-11-04T02:30:00-05:00")]
    [InlineData("2012-11-04T01:45:00-04:00", "TZ=America/New_York 30 1 04 Nov ?", "2012-11-04T01:30:00-05:00")]
    [InlineData("2012-11-04T00:00:00-04:00", "TZ=America/New_York 0 * * * ?", "2012-11-04T01:00:00-04:00")]
    [InlineData("2012-11-04T01:00:00-04:00", "TZ=America/New_York 0 * * * ?", "2012-11-04T01:00:00-05:00")]
    [InlineData("2012-11-04T01:00:00-05:00", "TZ=America/New_York 0 * * * ?", "2012-11-04T02:00:00-05:00")]
    [InlineData("2012-11-04T00:00:00-04:00", "TZ=America/New_York 0 1 * * ?", "2012-11-04T01:00:00-04:00")]
    [InlineData("2012-11-04T01:00:00-04:00", "TZ=America/New_York 0 1 * * ?", "2012-11-04T01:00:00-05:00")]
    [InlineData("2012-11-04T01:00:00-05:00", "TZ=America/New_York 0 1 * * ?", "2012-11-05T01:00:00-05:00")]
    [InlineData("2012-11-04T00:00:00-04:00", "TZ=America/New_York 0 2 * * ?", "2012-11-04T02:00:00-05:00")]
    [InlineData("2012-11-04T02:00:00-05:00", "TZ=America/New_York 0 2 * * ?", "2012-11-05T02:00:00-05:00")]
    [InlineData("2012-11-04T00:00:00-04:00", "TZ=America/New_York 0 3 * * ?", "2012-11-04T03:00:00-05:00")]
    [InlineData("2012-11-04T00:00:00-04:00", "TZ=America/New_York 0 3 3 * ?", "2012-12-03T03:00:00-05:00")]
    // Sao Paulo 2018: DST started at midnight, so 2018-11-04T00:00 did not exist (robfig issue 157).
    [InlineData("2018-10-17T05:00:00-04:00", "TZ=America/Sao_Paulo 0 9 10 * ?", "2018-11-10T06:00:00-05:00")]
    [InlineData("2018-02-14T05:00:00-05:00", "TZ=America/Sao_Paulo 0 9 22 * ?", "2018-02-22T07:00:00-05:00")]
    public void Next_AcrossDaylightSavingTime_MatchesRobfig(string from, string spec, string expected)
    {
        var schedule = CronParser.ParseStandard(spec, TimeZoneInfo.Utc);
        var next = schedule.Next(T(from));
        next.ShouldNotBeNull();
        next.Value.UtcDateTime.ShouldBe(T(expected).UtcDateTime);
    }

    [Fact]
    public void Next_DefaultLocation_ReadsFieldsInThatZone()
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var schedule = CronParser.ParseStandard("0 9 * * *", berlin);
        schedule.Next(T("2024-07-01T00:00:00Z")).ShouldBe(T("2024-07-01T07:00:00Z"));
        // 02:30 does not exist on 2024-03-31 in Berlin: robfig advances hours as absolute time, so that day's run is skipped.
        CronParser.ParseStandard("30 2 * * *", berlin).Next(T("2024-03-30T23:00:00Z")).ShouldBe(T("2024-04-01T00:30:00Z"));
        // 02:30 happens twice on 2024-10-27: both run.
        var overlap = CronParser.ParseStandard("30 2 * * *", berlin);
        var first = overlap.Next(T("2024-10-26T23:00:00Z"));
        first.ShouldBe(T("2024-10-27T00:30:00Z"));
        overlap.Next(first!.Value).ShouldBe(T("2024-10-27T01:30:00Z"));
    }

    [Theory]
    [InlineData("0 0 30 Feb ?")]
    [InlineData("0 0 31 Apr ?")]
    [InlineData("59 23 31 2 *")]
    public void Next_Unsatisfiable_IsNull(string spec)
        => CronParser.ParseStandard(spec, TimeZoneInfo.Utc).Next(T("2012-07-09T23:35:00Z")).ShouldBeNull();

    [Theory]
    [InlineData("", "empty spec string")]
    [InlineData("* * * *", "expected exactly 5 fields, found 4: [* * * *]")]
    [InlineData("0 * * * * *", "expected exactly 5 fields, found 6: [0 * * * * *]")]
    [InlineData("xyz * * * *", "failed to parse int from xyz: strconv.Atoi: parsing \"xyz\": invalid syntax")]
    [InlineData("60 * * * *", "end of range (60) above maximum (59): 60")]
    [InlineData("0-60 * * * *", "end of range (60) above maximum (59): 0-60")]
    [InlineData("* 24 * * *", "end of range (24) above maximum (23): 24")]
    [InlineData("* * 0 * *", "beginning of range (0) below minimum (1): 0")]
    [InlineData("* * * 13 *", "end of range (13) above maximum (12): 13")]
    [InlineData("* * * * 7", "end of range (7) above maximum (6): 7")]
    [InlineData("*/-12 * * * *", "negative number (-12) not allowed: -12")]
    [InlineData("*//2 * * * *", "too many slashes: *//2")]
    [InlineData("1--9 * * * *", "too many hyphens: 1--9")]
    [InlineData("1-9/0 * * * *", "step of range should be a positive number: 1-9/0")]
    [InlineData("5-1 * * * *", "beginning of range (5) beyond end of range (1): 5-1")]
    [InlineData("* * * foo *", "failed to parse int from foo: strconv.Atoi: parsing \"foo\": invalid syntax")]
    [InlineData("@fortnightly", "unrecognized descriptor: @fortnightly")]
    [InlineData("@every 5x", "failed to parse duration @every 5x: time: unknown unit \"x\" in duration \"5x\"")]
    [InlineData("@every 5", "failed to parse duration @every 5: time: missing unit in duration \"5\"")]
    [InlineData("TZ=Nowhere/Atlantis * * * * *", "provided bad location Nowhere/Atlantis: unknown time zone Nowhere/Atlantis")]
    public void Parse_Invalid_ReportsRobfigError(string spec, string expected)
    {
        CronParser.TryParseStandard(spec, TimeZoneInfo.Utc, out var schedule, out var error).ShouldBeFalse();
        schedule.ShouldBeNull();
        error.ShouldBe(expected);
    }

    [Fact]
    public void Parse_DayOfMonthAndDayOfWeek_StarMeansBothMustMatch()
    {
        // "*" day-of-month with a weekday: only that weekday. Two restricted fields: either matches.
        CronParser.ParseStandard("0 0 * * 1", TimeZoneInfo.Utc).Next(T("2024-01-02T00:00:00Z")).ShouldBe(T("2024-01-08T00:00:00Z"));
        CronParser.ParseStandard("0 0 5 * 1", TimeZoneInfo.Utc).Next(T("2024-01-02T00:00:00Z")).ShouldBe(T("2024-01-05T00:00:00Z"));
        // A step > 1 drops the star bit: "*/1" stays a star, "*/2" does not.
        CronParser.ParseStandard("0 0 */2 * 1", TimeZoneInfo.Utc).Next(T("2024-01-01T00:00:00Z")).ShouldBe(T("2024-01-03T00:00:00Z"));
        CronParser.ParseStandard("0 0 */1 * 1", TimeZoneInfo.Utc).Next(T("2024-01-01T00:00:00Z")).ShouldBe(T("2024-01-08T00:00:00Z"));
    }
}
