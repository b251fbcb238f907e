using KubeSharp.Api.Serialization;

namespace KubeSharp.Api.Tests;

public class DurationTests
{
    private const long Ns = Duration.Nanosecond;
    private const long Us = Duration.Microsecond;
    private const long Ms = Duration.Millisecond;
    private const long S = Duration.Second;
    private const long M = Duration.Minute;
    private const long H = Duration.Hour;

    // Go's time.Duration.String (the cases of Go's durationTests and more).
    public static TheoryData<long, string> FormatCases => new()
    {
        { 0, "0s" },
        { 1 * Ns, "1ns" },
        { 2 * Ns, "2ns" },
        { 1100 * Ns, "1.1µs" },
        { 1 * Us, "1µs" },
        { 2200 * Us, "2.2ms" },
        { 300 * Ms, "300ms" },
        { 3300 * Ms, "3.3s" },
        { 1500 * Ms, "1.5s" },
        { 1 * S, "1s" },
        { -1 * S, "-1s" },
        { 90 * S, "1m30s" },
        { (4 * M) + (5 * S), "4m5s" },
        { (4 * M) + (5001 * Ms), "4m5.001s" },
        { (5 * H) + (6 * M) + (7001 * Ms), "5h6m7.001s" },
        { (8 * M) + 1, "8m0.000000001s" },
        { 1 * H, "1h0m0s" },
        { 72 * H, "72h0m0s" },
        { -(1 * H) - (30 * M), "-1h30m0s" },
        { -1, "-1ns" },
        { -1500, "-1.5µs" },
        { long.MaxValue, "2562047h47m16.854775807s" },
        { long.MinValue, "-2562047h47m16.854775808s" },
    };

    [Theory]
    [MemberData(nameof(FormatCases))]
    public void ToString_FormatsLikeGo(long nanoseconds, string expected)
    {
        var duration = Duration.FromNanoseconds(nanoseconds);

        duration.ToString().ShouldBe(expected);
        KubeJson.Serialize(duration).ShouldBe("\"" + expected + "\"");
        Duration.Parse(expected).ShouldBe(duration);
    }

    // Go's time.ParseDuration (Go's parseDurationTests).
    public static TheoryData<string, long> ParseCases => new()
    {
        { "0", 0 },
        { "5s", 5 * S },
        { "30s", 30 * S },
        { "1478s", 1478 * S },
        { "-5s", -5 * S },
        { "+5s", 5 * S },
        { "-0", 0 },
        { "+0", 0 },
        { "5.0s", 5 * S },
        { "5.6s", (5 * S) + (600 * Ms) },
        { "5.s", 5 * S },
        { ".5s", 500 * Ms },
        { "1.0s", 1 * S },
        { "1.00s", 1 * S },
        { "1.004s", (1 * S) + (4 * Ms) },
        { "1.0040s", (1 * S) + (4 * Ms) },
        { "100.00100s", (100 * S) + (1 * Ms) },
        { "10ns", 10 * Ns },
        { "11us", 11 * Us },
        { "12µs", 12 * Us },
        { "12μs", 12 * Us },
        { "13ms", 13 * Ms },
        { "14s", 14 * S },
        { "15m", 15 * M },
        { "16h", 16 * H },
        { "3h30m", (3 * H) + (30 * M) },
        { "10.5s4m", (4 * M) + (10 * S) + (500 * Ms) },
        { "-2m3.4s", -((2 * M) + (3 * S) + (400 * Ms)) },
        { "1h2m3s4ms5us6ns", (1 * H) + (2 * M) + (3 * S) + (4 * Ms) + (5 * Us) + (6 * Ns) },
        { "1h2m3.5s", (1 * H) + (2 * M) + (3500 * Ms) },
        { "39h9m14.425s", (39 * H) + (9 * M) + (14 * S) + (425 * Ms) },
        { "52763797000ns", 52763797000 * Ns },
        { "0.3333333333333333333h", 20 * M },
        { "9007199254740993ns", (1L << 53) + 1 },
        { "9223372036854775807ns", long.MaxValue },
        { "9223372036854775.807us", long.MaxValue },
        { "9223372036s854ms775us807ns", long.MaxValue },
        { "-9223372036854775808ns", long.MinValue },
        { "-9223372036854775.808us", long.MinValue },
        { "-9223372036s854ms775us808ns", long.MinValue },
        { "-2562047h47m16.854775808s", long.MinValue },
        { "0.100000000000000000000h", 6 * M },
        { "0.830103483285477580700h", (49 * M) + (48 * S) + 372539827 },
        { "1.5h", 90 * M },
    };

    [Theory]
    [MemberData(nameof(ParseCases))]
    public void Parse_AcceptsGoDurations(string input, long expected)
    {
        Duration.Parse(input).Nanoseconds.ShouldBe(expected);
        KubeJson.Deserialize<Duration>("\"" + input + "\"").Nanoseconds.ShouldBe(expected);
    }

    public static TheoryData<string, string> ParseErrorCases => new()
    {
        { "", "time: invalid duration \"\"" },
        { "3", "time: missing unit in duration \"3\"" },
        { "1", "time: missing unit in duration \"1\"" },
        { "1s2", "time: missing unit in duration \"1s2\"" },
        { "-", "time: invalid duration \"-\"" },
        { "s", "time: invalid duration \"s\"" },
        { ".", "time: invalid duration \".\"" },
        { "-.", "time: invalid duration \"-.\"" },
        { ".s", "time: invalid duration \".s\"" },
        { "+.s", "time: invalid duration \"+.s\"" },
        { "x", "time: invalid duration \"x\"" },
        { " 1s", "time: invalid duration \" 1s\"" },
        { "1d", "time: unknown unit \"d\" in duration \"1d\"" },
        { "1.5d", "time: unknown unit \"d\" in duration \"1.5d\"" },
        { "1 s", "time: unknown unit \" s\" in duration \"1 s\"" },
        { "1S", "time: unknown unit \"S\" in duration \"1S\"" },
        { "1µ", "time: unknown unit \"\\xc2\\xb5\" in duration \"1\\xc2\\xb5\"" },
        { "1s\"", "time: unknown unit \"s\\\"\" in duration \"1s\\\"\"" },
        { "9223372036854775810ns", "time: invalid duration \"9223372036854775810ns\"" },
        { "9223372036854775808ns", "time: invalid duration \"9223372036854775808ns\"" },
        { "-9223372036854775809ns", "time: invalid duration \"-9223372036854775809ns\"" },
        { "9223372036854775.808us", "time: invalid duration \"9223372036854775.808us\"" },
        { "9223372036854ms775us808ns", "time: invalid duration \"9223372036854ms775us808ns\"" },
        { "3000000h", "time: invalid duration \"3000000h\"" },
        { "99999999999999999999s", "time: invalid duration \"99999999999999999999s\"" },
    };

    [Theory]
    [MemberData(nameof(ParseErrorCases))]
    public void Parse_Invalid_ReportsGoError(string input, string expected)
    {
        Duration.TryParse(input, out _, out var error).ShouldBeFalse();
        error.ShouldBe(expected);
        Should.Throw<FormatException>(() => Duration.Parse(input)).Message.ShouldBe(expected);
        Should.Throw<JsonDecodeException>(() => KubeJson.Deserialize<Duration>(KubeJson.Serialize(new StringJson(input))))
            .Message.ShouldBe(expected);
    }

    [Fact]
    public void ReadJson_Null_FailsLikeUpstream()
        => Should.Throw<JsonDecodeException>(() => KubeJson.Deserialize<Duration>("null"))
            .Message.ShouldBe("time: invalid duration \"\"");

    [Fact]
    public void ReadJson_Number_IsTypeMismatch()
        => Should.Throw<JsonDecodeException>(() => KubeJson.Deserialize<Duration>("5"))
            .Message.ShouldStartWith("json: cannot unmarshal number");

    [Fact]
    public void Default_IsZeroSeconds()
    {
        default(Duration).ToString().ShouldBe("0s");
        KubeJson.Serialize(default(Duration)).ShouldBe("\"0s\"");
    }

    [Fact]
    public void TimeSpan_ConvertsBothWays()
    {
        Duration d = TimeSpan.FromMinutes(1.5);

        d.ToString().ShouldBe("1m30s");
        ((TimeSpan)d).ShouldBe(TimeSpan.FromSeconds(90));
        Duration.FromNanoseconds(150).ToTimeSpan().ShouldBe(TimeSpan.FromTicks(1));
        Should.Throw<OverflowException>(() => Duration.FromTimeSpan(TimeSpan.MaxValue));
    }

    [Fact]
    public void Comparison_OrdersByLength()
    {
        var short1 = Duration.Parse("1s");
        var long1 = Duration.Parse("1m");

        (short1 < long1).ShouldBeTrue();
        (long1 > short1).ShouldBeTrue();
        (short1 <= Duration.Parse("1000ms")).ShouldBeTrue();
        (short1 == Duration.Parse("1000ms")).ShouldBeTrue();
        (short1 != long1).ShouldBeTrue();
        short1.CompareTo(long1).ShouldBe(-1);
        short1.GetHashCode().ShouldBe(Duration.Parse("1000ms").GetHashCode());
    }

    /// <summary>A JSON string, to write inputs with the same escaping the codecs use.</summary>
    private readonly struct StringJson(string value) : IJsonModel<StringJson>
    {
        public static StringJson ReadJson(ref System.Text.Json.Utf8JsonReader reader, JsonDecodeContext context)
            => new(reader.GetString()!);

        public void WriteJson(System.Text.Json.Utf8JsonWriter writer) => writer.WriteStringValue(value);
    }
}
