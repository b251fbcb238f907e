namespace KubeSharp.Grpc.Tests;

public class GrpcProtocolTests
{
    [Theory]
    [InlineData(1, "100n")]
    [InlineData(10_000, "1000000n")]
    [InlineData(TimeSpan.TicksPerSecond, "1000000u")]
    [InlineData(TimeSpan.TicksPerMinute, "60000000u")]
    [InlineData(TimeSpan.TicksPerHour, "3600000m")]
    [InlineData(TimeSpan.TicksPerDay * 10_000, "864000000S")]
    public void Timeout_Encode_UsesTheFinestUnitThatFitsEightDigits(long ticks, string expected)
    {
        var encoded = GrpcTimeout.Encode(TimeSpan.FromTicks(ticks));

        if (expected.Length - 1 > 8)
        {
            // Too long for the unit named: the next coarser one is used.
            encoded.Length.ShouldBeLessThanOrEqualTo(9);
        }
        else
        {
            encoded.ShouldBe(expected);
        }
        GrpcTimeout.TryParse(encoded, out var parsed).ShouldBeTrue();
        parsed.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromTicks(ticks));
    }

    [Theory]
    [InlineData("5S", 5_000)]
    [InlineData("250m", 250)]
    [InlineData("2M", 120_000)]
    [InlineData("1H", 3_600_000)]
    [InlineData("1500u", 1.5)]
    public void Timeout_Parse_ReadsEveryUnit(string value, double milliseconds)
    {
        GrpcTimeout.TryParse(value, out var timeout).ShouldBeTrue();
        timeout.TotalMilliseconds.ShouldBe(milliseconds);
    }

    [Theory]
    [InlineData("")]
    [InlineData("S")]
    [InlineData("123456789S")]
    [InlineData("12x")]
    [InlineData("-1S")]
    public void Timeout_Parse_RejectsMalformedValues(string value)
    {
        GrpcTimeout.TryParse(value, out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("caf%C3%A9", "café")]
    [InlineData("100%25", "100%")]
    [InlineData("bad%zzescape", "bad%zzescape")]
    [InlineData("trailing%4", "trailing%4")]
    [InlineData("%E2%9C%93 done%0A", "✓ done\n")]
    public void PercentEncoding_Decode(string encoded, string expected)
    {
        GrpcPercentEncoding.Decode(encoded).ShouldBe(expected);
    }

    [Fact]
    public void PercentEncoding_RoundTrips()
    {
        const string text = "etcdserver: 100% \"quoted\" ünïcødé 🙂\r\n";

        GrpcPercentEncoding.Decode(GrpcPercentEncoding.Encode(text)).ShouldBe(text);
    }
}
