using KubeSharp.Api.Serialization;

namespace KubeSharp.Api.Tests;

public class TimeTests
{
    private const string Layout = "\"2006-01-02T15:04:05Z07:00\"";

    // Input, UTC output at second precision, nanoseconds kept from the input.
    public static TheoryData<string, string, int> ParseCases => new()
    {
        { "2008-01-01T01:01:01Z", "2008-01-01T01:01:01Z", 0 },
        { "1998-05-05T05:05:05Z", "1998-05-05T05:05:05Z", 0 },
        { "2008-01-01T01:01:01.5Z", "2008-01-01T01:01:01Z", 500_000_000 },
        { "2008-01-01T01:01:01.123456789Z", "2008-01-01T01:01:01Z", 123_456_789 },
        { "2008-01-01T01:01:01.123456789123Z", "2008-01-01T01:01:01Z", 123_456_789 },
        { "2008-01-01T01:01:01,25Z", "2008-01-01T01:01:01Z", 250_000_000 },
        { "2008-01-01T01:01:01+01:00", "2008-01-01T00:01:01Z", 0 },
        { "2008-01-01T01:01:01-07:30", "2008-01-01T08:31:01Z", 0 },
        { "2008-01-01T01:01:01.75-01:00", "2008-01-01T02:01:01Z", 750_000_000 },
        { "2008-01-01T1:01:01Z", "2008-01-01T01:01:01Z", 0 },
        { "2008-01-01T01:01:01+24:00", "2007-12-31T01:01:01Z", 0 },
        { "2008-01-01T01:01:01+00:60", "2008-01-01T00:01:01Z", 0 },
        { "2000-02-29T00:00:00Z", "2000-02-29T00:00:00Z", 0 },
        { "1970-01-01T00:00:00Z", "1970-01-01T00:00:00Z", 0 },
        { "1969-12-31T23:59:59.999999999Z", "1969-12-31T23:59:59Z", 999_999_999 },
        { "0000-01-01T00:00:00Z", "0000-01-01T00:00:00Z", 0 },
        { "0000-01-01T00:00:00+01:00", "-0001-12-31T23:00:00Z", 0 },
        { "9999-12-31T23:59:59-01:00", "10000-01-01T00:59:59Z", 0 },
    };

    [Theory]
    [MemberData(nameof(ParseCases))]
    public void Parse_Rfc3339_NormalisesToUtcSeconds(string input, string expected, int nanoseconds)
    {
        var time = Time.Parse(input);

        time.ToString().ShouldBe(expected);
        time.Nanosecond.ShouldBe(nanoseconds);
        KubeJson.Serialize(KubeJson.Deserialize<Time>("\"" + input + "\"")).ShouldBe("\"" + expected + "\"");
        if (expected[4] == '-')
        {
            // Years outside 0000-9999 are written as Go writes them but do not parse back.
            Time.Parse(expected).ShouldBe(time.Rfc3339Copy());
        }
    }

    public static TheoryData<string, string> ParseErrorCases => new()
    {
        { "x", "parsing time \"x\" as " + Layout + ": cannot parse \"x\" as \"2006\"" },
        { "", "parsing time \"\" as " + Layout + ": cannot parse \"\" as \"2006\"" },
        { "2008", "parsing time \"2008\" as " + Layout + ": cannot parse \"\" as \"-\"" },
        { "20a8-01-01T00:00:00Z", "parsing time \"20a8-01-01T00:00:00Z\" as " + Layout + ": cannot parse \"20a8-01-01T00:00:00Z\" as \"2006\"" },
        { "2008-1-01T00:00:00Z", "parsing time \"2008-1-01T00:00:00Z\" as " + Layout + ": cannot parse \"1-01T00:00:00Z\" as \"01\"" },
        { "2008-01-1T00:00:00Z", "parsing time \"2008-01-1T00:00:00Z\" as " + Layout + ": cannot parse \"1T00:00:00Z\" as \"02\"" },
        { "2008-01-01 00:00:00Z", "parsing time \"2008-01-01 00:00:00Z\" as " + Layout + ": cannot parse \" 00:00:00Z\" as \"T\"" },
        { "2008-01-01T00:0:00Z", "parsing time \"2008-01-01T00:0:00Z\" as " + Layout + ": cannot parse \"0:00Z\" as \"04\"" },
        { "2008-01-01T00:00:00", "parsing time \"2008-01-01T00:00:00\" as " + Layout + ": cannot parse \"\" as \"Z07:00\"" },
        { "2008-01-01T00:00:00z", "parsing time \"2008-01-01T00:00:00z\" as " + Layout + ": cannot parse \"z\" as \"Z07:00\"" },
        { "2008-01-01T00:00:00+0100", "parsing time \"2008-01-01T00:00:00+0100\" as " + Layout + ": cannot parse \"+0100\" as \"Z07:00\"" },
        { "2008-01-01T00:00:00*01:00", "parsing time \"2008-01-01T00:00:00*01:00\" as " + Layout + ": cannot parse \"*01:00\" as \"Z07:00\"" },
        { "2008-01-01T00:00:00.Z", "parsing time \"2008-01-01T00:00:00.Z\" as " + Layout + ": cannot parse \".Z\" as \"Z07:00\"" },
        { "2008-13-01T00:00:00Z", "parsing time \"2008-13-01T00:00:00Z\": month out of range" },
        { "2008-00-01T00:00:00Z", "parsing time \"2008-00-01T00:00:00Z\": month out of range" },
        { "2008-02-30T00:00:00Z", "parsing time \"2008-02-30T00:00:00Z\": day out of range" },
        { "2007-02-29T00:00:00Z", "parsing time \"2007-02-29T00:00:00Z\": day out of range" },
        { "2008-01-00T00:00:00Z", "parsing time \"2008-01-00T00:00:00Z\": day out of range" },
        { "2008-01-01T24:00:00Z", "parsing time \"2008-01-01T24:00:00Z\": hour out of range" },
        { "2008-01-01T00:60:00Z", "parsing time \"2008-01-01T00:60:00Z\": minute out of range" },
        { "2008-01-01T00:00:60Z", "parsing time \"2008-01-01T00:00:60Z\": second out of range" },
        { "2008-01-01T00:00:00+25:00", "parsing time \"2008-01-01T00:00:00+25:00\": time zone offset hour out of range" },
        { "2008-01-01T00:00:00+01:61", "parsing time \"2008-01-01T00:00:00+01:61\": time zone offset minute out of range" },
        { "2008-01-01T00:00:00Zjunk", "parsing time \"2008-01-01T00:00:00Zjunk\": extra text: \"junk\"" },
        { "2008-01-01T00:00:00Zé", "parsing time \"2008-01-01T00:00:00Z\\xc3\\xa9\": extra text: \"\\xc3\\xa9\"" },
        { "\"x", "parsing time \"\\\"x\" as " + Layout + ": cannot parse \"\\\"x\" as \"2006\"" },
    };

    [Theory]
    [MemberData(nameof(ParseErrorCases))]
    public void Parse_Invalid_ReportsGoError(string input, string expected)
    {
        Time.TryParse(input, out _, out var error).ShouldBeFalse();
        error.ShouldBe(expected);
        Should.Throw<FormatException>(() => Time.Parse(input)).Message.ShouldBe(expected);
    }

    [Fact]
    public void Default_IsZeroAndWritesNull()
    {
        var zero = default(Time);

        zero.IsZero.ShouldBeTrue();
        KubeJson.Serialize(zero).ShouldBe("null");
        KubeJson.Deserialize<Time>("null").ShouldBe(zero);
        zero.ToString().ShouldBe("0001-01-01T00:00:00Z");
        Time.Parse("0001-01-01T00:00:00Z").IsZero.ShouldBeTrue();
        Time.Parse("0001-01-01T01:00:00+01:00").IsZero.ShouldBeTrue();
        zero.ToDateTimeOffset().ShouldBe(DateTimeOffset.MinValue);
    }

    [Fact]
    public void Json_RoundTripsAtSecondPrecision()
    {
        var time = Time.FromDateTimeOffset(new DateTimeOffset(2008, 1, 1, 1, 1, 1, 500, TimeSpan.FromHours(2)));

        var json = KubeJson.Serialize(time);

        json.ShouldBe("\"2007-12-31T23:01:01Z\"");
        KubeJson.Deserialize<Time>(json).ShouldBe(time.Rfc3339Copy());
        KubeJson.Deserialize<Time>(json).ShouldNotBe(time);
    }

    [Fact]
    public void ReadJson_EscapedOrNonAscii_TakesTheStringPath()
    {
        // The reader parses plain values from their bytes; escaped text must decode the same, bad text fail the same.
        KubeJson.Deserialize<Time>("\"\\u0032008-01-01T01:01:01+01:00\"").ShouldBe(Time.Parse("2008-01-01T00:01:01Z"));
        Should.Throw<JsonDecodeException>(() => KubeJson.Deserialize<Time>("\"2008-01-01T01:01:01\u00e9\""))
            .Message.ShouldBe(Should.Throw<FormatException>(() => Time.Parse("2008-01-01T01:01:01\u00e9")).Message);
    }

    [Fact]
    public void ReadJson_Invalid_ThrowsWithPath()
    {
        var error = Should.Throw<JsonDecodeException>(() => KubeJson.Deserialize<Time>("\"yesterday\""));

        error.Message.ShouldBe("parsing time \"yesterday\" as " + Layout + ": cannot parse \"yesterday\" as \"2006\"");
        Should.Throw<JsonDecodeException>(() => KubeJson.Deserialize<Time>("5")).Message.ShouldStartWith("json: cannot unmarshal number");
        Should.Throw<JsonDecodeException>(() => KubeJson.Deserialize<Time>("true"))
            .Message.ShouldBe("json: cannot unmarshal bool into Go value of type string");
    }

    [Fact]
    public void Now_UsesTimeProvider()
    {
        var provider = new FixedTimeProvider(new DateTimeOffset(2024, 2, 29, 12, 30, 45, 123, TimeSpan.Zero));

        var now = Time.Now(provider);

        now.ToString().ShouldBe("2024-02-29T12:30:45Z");
        now.Nanosecond.ShouldBe(123_000_000);
        now.ToDateTimeOffset().ShouldBe(provider.GetUtcNow());
        MicroTime.Now(provider).ToString().ShouldBe("2024-02-29T12:30:45.123000Z");
        (Time.Now() > now).ShouldBeTrue();
    }

    [Fact]
    public void DateTimeOffset_ConvertsBothWays()
    {
        var value = new DateTimeOffset(2021, 6, 1, 8, 0, 0, TimeSpan.FromHours(-5)).AddTicks(1234567);

        Time time = value;

        ((DateTimeOffset)time).ShouldBe(value);
        time.ToDateTimeOffset().Offset.ShouldBe(TimeSpan.Zero);
        time.UnixSeconds.ShouldBe(value.ToUnixTimeSeconds());
        time.Nanosecond.ShouldBe(123_456_700);
        Should.Throw<ArgumentOutOfRangeException>(() => Time.Parse("0000-06-01T00:00:00Z").ToDateTimeOffset());
    }

    public static TheoryData<long, long, string, int> UnixCases => new()
    {
        { 0, 0, "1970-01-01T00:00:00Z", 0 },
        { 1199149261, 0, "2008-01-01T01:01:01Z", 0 },
        { 1, -1, "1970-01-01T00:00:00Z", 999_999_999 },
        { 0, -1, "1969-12-31T23:59:59Z", 999_999_999 },
        { 0, 2_500_000_000, "1970-01-01T00:00:02Z", 500_000_000 },
        { -62135596800, 0, "0001-01-01T00:00:00Z", 0 },
    };

    [Theory]
    [MemberData(nameof(UnixCases))]
    public void FromUnix_NormalisesNanoseconds(long seconds, long nanoseconds, string expected, int expectedNanos)
    {
        var time = Time.FromUnix(seconds, nanoseconds);

        time.ToString().ShouldBe(expected);
        time.Nanosecond.ShouldBe(expectedNanos);
    }

    [Fact]
    public void Comparison_OrdersInstants()
    {
        var early = Time.Parse("2008-01-01T01:01:01Z");
        var late = Time.Parse("2008-01-01T01:01:01.000000001Z");
        var sameAsEarly = Time.Parse("2008-01-01T02:01:01+01:00");

        (early < late).ShouldBeTrue();
        (late > early).ShouldBeTrue();
        (early <= sameAsEarly).ShouldBeTrue();
        (early >= sameAsEarly).ShouldBeTrue();
        (early == sameAsEarly).ShouldBeTrue();
        (early != late).ShouldBeTrue();
        early.Before(late).ShouldBeTrue();
        late.After(early).ShouldBeTrue();
        early.CompareTo(late).ShouldBe(-1);
        early.GetHashCode().ShouldBe(sameAsEarly.GetHashCode());
        late.Rfc3339Copy().ShouldBe(early);
    }

    private sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
