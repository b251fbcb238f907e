using KubeSharp.ApiServer.Tables;

namespace KubeSharp.ApiServer.Tests.Tables;

public class HumanDurationTests
{
    private const long Second = 1_000_000_000;

    public static TheoryData<string, long, string> HumanCases => new()
    {
        { "FarFuture_Invalid", -2 * Second, "<invalid>" },
        { "JustFuture_Zero", -1 * Second - 500_000_000, "0s" },
        { "Zero", 0, "0s" },
        { "Seconds", 59 * Second, "59s" },
        { "UpToTwoMinutesInSeconds", 119 * Second, "119s" },
        { "TwoMinutes", 120 * Second, "2m" },
        { "MinutesAndSeconds", (5 * 60 + 3) * Second, "5m3s" },
        { "TenMinutes", 10 * 60 * Second, "10m" },
        { "UnderThreeHoursInMinutes", 179 * 60 * Second, "179m" },
        { "ThreeHours", 3 * 3600 * Second, "3h" },
        { "HoursAndMinutes", (7 * 3600 + 59 * 60) * Second, "7h59m" },
        { "EightHours", 8 * 3600 * Second, "8h" },
        { "UnderTwoDaysInHours", 47 * 3600 * Second, "47h" },
        { "TwoDays", 48 * 3600 * Second, "2d" },
        { "DaysAndHours", (7 * 24 + 23) * 3600 * Second, "7d23h" },
        { "EightDays", 8 * 24 * 3600 * Second, "8d" },
        { "UnderTwoYearsInDays", 729L * 24 * 3600 * Second, "729d" },
        { "TwoYears", 730L * 24 * 3600 * Second, "2y" },
        { "YearsAndDays", (3L * 365 + 10) * 24 * 3600 * Second, "3y10d" },
        { "EightYears", 8L * 365 * 24 * 3600 * Second, "8y" },
        { "MaxDuration", long.MaxValue, "292y" },
    };

    [Theory]
    [MemberData(nameof(HumanCases))]
    public void Format_Duration_MatchesUpstream(string name, long nanoseconds, string expected)
    {
        _ = name;
        HumanDuration.Format(nanoseconds).ShouldBe(expected);
    }

    public static TheoryData<string, long, string> ShortCases => new()
    {
        { "FarFuture_Invalid", -2 * Second, "<invalid>" },
        { "JustFuture_Zero", -1 * Second, "0s" },
        { "Seconds", 59 * Second, "59s" },
        { "Minutes", 119 * Second, "1m" },
        { "Hours", 23 * 3600 * Second, "23h" },
        { "Days", 364L * 24 * 3600 * Second, "364d" },
        { "Years", 800L * 24 * 3600 * Second, "2y" },
    };

    [Theory]
    [MemberData(nameof(ShortCases))]
    public void FormatShort_Duration_MatchesUpstream(string name, long nanoseconds, string expected)
    {
        _ = name;
        HumanDuration.FormatShort(nanoseconds).ShouldBe(expected);
    }

    [Fact]
    public void Format_TimeSpan_SameAsNanoseconds()
        => HumanDuration.Format(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(3)).ShouldBe("5m3s");
}
