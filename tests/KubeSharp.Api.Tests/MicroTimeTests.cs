using KubeSharp.Api.Serialization;

namespace KubeSharp.Api.Tests;

public class MicroTimeTests
{
    private const string Layout = "\"2006-01-02T15:04:05.000000Z07:00\"";

    public static TheoryData<string, string, int> ParseCases => new()
    {
        { "2003-01-01T01:01:01.000003Z", "2003-01-01T01:01:01.000003Z", 3000 },
        { "2003-01-01T01:01:01.000000Z", "2003-01-01T01:01:01.000000Z", 0 },
        { "2003-01-01T01:01:01.999999Z", "2003-01-01T01:01:01.999999Z", 999_999_000 },
        { "2003-01-01T01:01:01.000003+01:00", "2003-01-01T00:01:01.000003Z", 3000 },
        { "2003-01-01T01:01:01,000003Z", "2003-01-01T01:01:01.000003Z", 3000 },
        { "2003-01-01T01:01:01.+00003Z", "2003-01-01T01:01:01.000003Z", 3000 },
        { "2003-01-01T1:01:01.000003Z", "2003-01-01T01:01:01.000003Z", 3000 },
    };

    [Theory]
    [MemberData(nameof(ParseCases))]
    public void Parse_MicroLayout_WritesSixDigitsInUtc(string input, string expected, int nanoseconds)
    {
        var time = MicroTime.Parse(input);

        time.ToString().ShouldBe(expected);
        time.Nanosecond.ShouldBe(nanoseconds);
        KubeJson.Serialize(KubeJson.Deserialize<MicroTime>("\"" + input + "\"")).ShouldBe("\"" + expected + "\"");
    }

    public static TheoryData<string, string> ParseErrorCases => new()
    {
        { "2003-01-01T01:01:01Z", "parsing time \"2003-01-01T01:01:01Z\" as " + Layout + ": cannot parse \"Z\" as \".000000\"" },
        { "2003-01-01T01:01:01.12345Z", "parsing time \"2003-01-01T01:01:01.12345Z\" as " + Layout + ": cannot parse \".12345Z\" as \".000000\"" },
        { "2003-01-01T01:01:01.000003000Z", "parsing time \"2003-01-01T01:01:01.000003000Z\" as " + Layout + ": cannot parse \"000Z\" as \"Z07:00\"" },
        { "2003-01-01T01:01:01.-00001Z", "parsing time \"2003-01-01T01:01:01.-00001Z\": fractional second out of range" },
        { "2003-01-01T01:01:01:000003Z", "parsing time \"2003-01-01T01:01:01:000003Z\" as " + Layout + ": cannot parse \":000003Z\" as \".000000\"" },
        { "x", "parsing time \"x\" as " + Layout + ": cannot parse \"x\" as \"2006\"" },
        { "2003-01-32T01:01:01.000003Z", "parsing time \"2003-01-32T01:01:01.000003Z\": day out of range" },
    };

    [Theory]
    [MemberData(nameof(ParseErrorCases))]
    public void Parse_Invalid_ReportsGoError(string input, string expected)
    {
        MicroTime.TryParse(input, out _, out var error).ShouldBeFalse();
        error.ShouldBe(expected);
        Should.Throw<JsonDecodeException>(() => KubeJson.Deserialize<MicroTime>("\"" + input + "\"")).Message.ShouldBe(expected);
    }

    [Fact]
    public void ToString_TruncatesToMicroseconds()
    {
        var time = MicroTime.FromDateTimeOffset(new DateTimeOffset(2003, 1, 1, 1, 1, 1, TimeSpan.Zero).AddTicks(39));

        time.ToString().ShouldBe("2003-01-01T01:01:01.000003Z");
        MicroTime.FromUnix(0, 999_999_999).ToString().ShouldBe("1970-01-01T00:00:00.999999Z");
    }

    [Fact]
    public void Default_IsZeroAndWritesNull()
    {
        default(MicroTime).IsZero.ShouldBeTrue();
        KubeJson.Serialize(default(MicroTime)).ShouldBe("null");
        KubeJson.Deserialize<MicroTime>("null").IsZero.ShouldBeTrue();
    }

    [Fact]
    public void Time_ComparesAcrossPrecisions()
    {
        var micro = MicroTime.Parse("2003-01-01T01:01:01.000003Z");
        var seconds = Time.Parse("2003-01-01T01:01:01Z");

        micro.EqualTime(seconds).ShouldBeFalse();
        MicroTime.FromTime(seconds).EqualTime(seconds).ShouldBeTrue();
        MicroTime.FromTime(seconds).BeforeTime(micro.ToTime()).ShouldBeTrue();
        micro.ToTime().ToString().ShouldBe("2003-01-01T01:01:01Z");
        (MicroTime.FromTime(seconds) < micro).ShouldBeTrue();
        micro.Before(MicroTime.Parse("2003-01-01T01:01:01.000004Z")).ShouldBeTrue();
        ((DateTimeOffset)micro).ShouldBe(new DateTimeOffset(2003, 1, 1, 1, 1, 1, TimeSpan.Zero).AddTicks(30));
    }
}
