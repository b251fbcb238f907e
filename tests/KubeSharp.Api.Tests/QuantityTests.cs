using KubeSharp.Api.Serialization;

namespace KubeSharp.Api.Tests;

public class QuantityTests
{
    // Input, canonical output (String()), format remembered from the suffix. Cases follow upstream's
    // quantity_test.go tables (TestQuantityParse, TestQuantityString, TestQuantityParseEmit, TestParseQuantity).
    public static TheoryData<string, string, QuantityFormat> CanonicalCases => new()
    {
        // Already canonical: kept as given.
        { "0", "0", QuantityFormat.DecimalSI },
        { "100m", "100m", QuantityFormat.DecimalSI },
        { "1", "1", QuantityFormat.DecimalSI },
        { "-1", "-1", QuantityFormat.DecimalSI },
        { "1Ki", "1Ki", QuantityFormat.BinarySI },
        { "1Mi", "1Mi", QuantityFormat.BinarySI },
        { "1Gi", "1Gi", QuantityFormat.BinarySI },
        { "128Mi", "128Mi", QuantityFormat.BinarySI },
        { "5n", "5n", QuantityFormat.DecimalSI },
        { "4u", "4u", QuantityFormat.DecimalSI },
        { "50k", "50k", QuantityFormat.DecimalSI },
        { "300T", "300T", QuantityFormat.DecimalSI },
        { "2P", "2P", QuantityFormat.DecimalSI },
        { "1E", "1E", QuantityFormat.DecimalSI },
        { "12E", "12E", QuantityFormat.DecimalSI },
        { "1e3", "1e3", QuantityFormat.DecimalExponent },
        { "1E-3", "1E-3", QuantityFormat.DecimalExponent },
        // Canonicalised: binary.
        { "1024Mi", "1Gi", QuantityFormat.BinarySI },
        { "307200Ki", "300Mi", QuantityFormat.BinarySI },
        { "1025024Mi", "1001Gi", QuantityFormat.BinarySI },
        { "1024Gi", "1Ti", QuantityFormat.BinarySI },
        { "2048Ki", "2Mi", QuantityFormat.BinarySI },
        { "8Ki", "8Ki", QuantityFormat.BinarySI },
        { "1.5Gi", "1536Mi", QuantityFormat.BinarySI },
        { "-1.5Gi", "-1536Mi", QuantityFormat.BinarySI },
        { "0.5Mi", "512Ki", QuantityFormat.BinarySI },
        { "7Ei", "7Ei", QuantityFormat.BinarySI },
        { "100Ti", "100Ti", QuantityFormat.BinarySI },
        // Binary with a fraction, or below 1024: written in decimal SI.
        { "1.1Ki", "1126400m", QuantityFormat.BinarySI },
        { "100.035Ki", "102435840m", QuantityFormat.BinarySI },
        { "0.05Gi", "53687091200m", QuantityFormat.BinarySI },
        { "0.025Ti", "27487790694400m", QuantityFormat.BinarySI },
        { ".001Ki", "1024m", QuantityFormat.BinarySI },
        { ".000001Ki", "1024u", QuantityFormat.DecimalSI },
        { ".000000001Ki", "1024n", QuantityFormat.DecimalSI },
        { ".000000000001Ki", "2n", QuantityFormat.DecimalSI },
        { "1023", "1023", QuantityFormat.DecimalSI },
        // Binary values are capped at 2^63-1.
        { "8Ei", "9223372036854775807", QuantityFormat.BinarySI },
        { "9Ei", "9223372036854775807", QuantityFormat.BinarySI },
        { "9223372036854775807Ki", "9223372036854775807", QuantityFormat.BinarySI },
        // Canonicalised: decimal SI.
        { "1.5", "1500m", QuantityFormat.DecimalSI },
        { "0.1", "100m", QuantityFormat.DecimalSI },
        { "1000m", "1", QuantityFormat.DecimalSI },
        { "1000M", "1G", QuantityFormat.DecimalSI },
        { "0.001T", "1G", QuantityFormat.DecimalSI },
        { "1000u", "1m", QuantityFormat.DecimalSI },
        { "1.08", "1080m", QuantityFormat.DecimalSI },
        { "1080000000n", "1080m", QuantityFormat.DecimalSI },
        { "0.5", "500m", QuantityFormat.DecimalSI },
        { "5000m", "5", QuantityFormat.DecimalSI },
        { "10.0365M", "10036500", QuantityFormat.DecimalSI },
        { "100.03k", "100030", QuantityFormat.DecimalSI },
        { "7.12345M", "7123450", QuantityFormat.DecimalSI },
        { "6.98765432G", "6987654320", QuantityFormat.DecimalSI },
        { "1.01E", "1010P", QuantityFormat.DecimalSI },
        { ".0001k", "100m", QuantityFormat.DecimalSI },
        { "0.0005k", "500m", QuantityFormat.DecimalSI },
        { "00", "0", QuantityFormat.DecimalSI },
        { "-0", "0", QuantityFormat.DecimalSI },
        { "-1.5", "-1500m", QuantityFormat.DecimalSI },
        // Beyond the suffixes, decimal SI falls back to exponent notation.
        { "1000E", "1e21", QuantityFormat.DecimalSI },
        { "5000E", "5e21", QuantityFormat.DecimalSI },
        { "1000000E", "1e24", QuantityFormat.DecimalSI },
        // Canonicalised: decimal exponent.
        { ".001e12", "1e9", QuantityFormat.DecimalExponent },
        { "0.001e0", "1e-3", QuantityFormat.DecimalExponent },
        { "1000e-12", "1e-9", QuantityFormat.DecimalExponent },
        { "1.2e3", "1200", QuantityFormat.DecimalExponent },
        { "1.3E+6", "1300e3", QuantityFormat.DecimalExponent },
        { "0.5e0", "500e-3", QuantityFormat.DecimalExponent },
        { "1e100", "10e99", QuantityFormat.DecimalExponent },
        // Below nano: rounded up (away from zero) to the nearest nano.
        { "3.001n", "4n", QuantityFormat.DecimalSI },
        { "0.9n", "1n", QuantityFormat.DecimalSI },
        { "0.0000000001", "1n", QuantityFormat.DecimalSI },
        { "0.00000012345", "124n", QuantityFormat.DecimalSI },
        { "-0.00000012345", "-124n", QuantityFormat.DecimalSI },
        { "1.1E-9", "2e-9", QuantityFormat.DecimalExponent },
        { "1e-10", "1e-9", QuantityFormat.DecimalExponent },
        // Beyond int64.
        { "9223372036854775808", "9223372036854775808", QuantityFormat.DecimalSI },
        { "-9223372036854775809", "-9223372036854775809", QuantityFormat.DecimalSI },
        { "9999999999999999999", "9999999999999999999", QuantityFormat.DecimalSI },
        { "999999999999999999.1", "999999999999999999100m", QuantityFormat.DecimalSI },
        { "-9223372036854775808.1", "-9223372036854775808100m", QuantityFormat.DecimalSI },
        { "1000000000000000000", "1E", QuantityFormat.DecimalSI },
        { "10000000000000000000000m", "10E", QuantityFormat.DecimalSI },
        { "1.0000000000000000001E", "1000000000000000000100m", QuantityFormat.DecimalSI },
        { "123456789012345678901234567890", "123456789012345678901234567890", QuantityFormat.DecimalSI },
        { "12345678901234567890123456789000000", "12345678901234567890123456789M", QuantityFormat.DecimalSI },
        // Upstream keeps a parsed string whose digits are already canonical, even if it is spelled oddly.
        { "+1", "+1", QuantityFormat.DecimalSI },
        { "1.", "1.", QuantityFormat.DecimalSI },
        { "1.G", "1.G", QuantityFormat.DecimalSI },
        { "1.500k", "1.500k", QuantityFormat.DecimalSI },
        { "05Mi", "05Mi", QuantityFormat.BinarySI },
        { "100.035k", "100.035k", QuantityFormat.DecimalSI },
        { "10.035M", "10.035M", QuantityFormat.DecimalSI },
        { "7.123456M", "7.123456M", QuantityFormat.DecimalSI },
        // Forms with no digits at all parse as zero.
        { "-", "0", QuantityFormat.DecimalSI },
        { ".", "0", QuantityFormat.DecimalSI },
        { "Ki", "0", QuantityFormat.BinarySI },
    };

    [Theory]
    [MemberData(nameof(CanonicalCases))]
    public void Parse_Valid_ProducesUpstreamCanonicalString(string input, string expected, QuantityFormat format)
    {
        var quantity = Quantity.Parse(input);

        quantity.ToString().ShouldBe(expected);
        quantity.Format.ShouldBe(format);
        Quantity.Parse(expected).ShouldBe(quantity);
    }

    [Theory]
    [MemberData(nameof(CanonicalCases))]
    public void Json_Valid_WritesCanonicalString(string input, string expected, QuantityFormat format)
    {
        var quantity = KubeJson.Deserialize<Quantity>("\"" + input + "\"");

        quantity.Format.ShouldBe(format);
        KubeJson.Serialize(quantity).ShouldBe("\"" + expected + "\"");
    }

    // Upstream's invalid inputs and the error each gets.
    public static TheoryData<string, string> InvalidCases => new()
    {
        { "", Quantity.ErrFormatWrong },
        { "1.1.M", Quantity.ErrFormatWrong },
        { "1+1.0M", Quantity.ErrFormatWrong },
        { "0.1am", Quantity.ErrFormatWrong },
        { "aoeu", Quantity.ErrFormatWrong },
        { " 1", Quantity.ErrFormatWrong },
        { "1 ", Quantity.ErrFormatWrong },
        { "1Mi ", Quantity.ErrFormatWrong },
        { "1.5.5", Quantity.ErrFormatWrong },
        { "Non-Numeric", Quantity.ErrFormatWrong },
        { "true", Quantity.ErrFormatWrong },
        { "1,5", Quantity.ErrFormatWrong },
        { "0.1mi", Quantity.ErrSuffix },
        { ".5i", Quantity.ErrSuffix },
        { "1i", Quantity.ErrSuffix },
        { "-3.01i", Quantity.ErrSuffix },
        { "-3.01e-", Quantity.ErrSuffix },
        { "1e", Quantity.ErrSuffix },
        { "1ki", Quantity.ErrSuffix },
        { "1KI", Quantity.ErrFormatWrong },
        { "1Ki1", Quantity.ErrSuffix },
        { "1mm", Quantity.ErrSuffix },
        { "1+3", Quantity.ErrSuffix },
        { "1e99999999999999999999", Quantity.ErrSuffix },
        { ".e-10", Quantity.ErrNumeric },
        { "-e-10", Quantity.ErrNumeric },
    };

    [Theory]
    [MemberData(nameof(InvalidCases))]
    public void TryParse_Invalid_ReportsUpstreamError(string input, string expectedError)
    {
        Quantity.TryParse(input, out _, out var error).ShouldBeFalse();
        error.ShouldBe(expectedError);
        Should.Throw<FormatException>(() => Quantity.Parse(input)).Message.ShouldBe(expectedError);
    }

    [Fact]
    public void ErrFormatWrong_NamesUpstreamRegularExpression()
        => Quantity.ErrFormatWrong.ShouldBe("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");

    [Fact]
    public void MustParse_Invalid_ThrowsWithInput()
        => Should.Throw<FormatException>(() => Quantity.MustParse("Non-Numeric"))
            .Message.ShouldBe("cannot parse 'Non-Numeric': " + Quantity.ErrFormatWrong);

    [Fact]
    public void Default_IsZeroAndPrintsZero()
    {
        var zero = default(Quantity);

        zero.IsZero.ShouldBeTrue();
        zero.Sign.ShouldBe(0);
        zero.ToString().ShouldBe("0");
        zero.Value().ShouldBe(0);
        zero.Format.ShouldBe(QuantityFormat.None);
        KubeJson.Serialize(zero).ShouldBe("\"0\"");
        zero.ShouldBe(Quantity.Parse("0"));
    }

    public static TheoryData<string, string, int> CompareCases => new()
    {
        { "0", "0", 0 },
        { "100m", "50m", 1 },
        { "50m", "100m", -1 },
        { "10000T", "100Gi", 1 },
        { "1000m", "1", 0 },
        { "1Ki", "1024", 0 },
        { "1k", "1Ki", -1 },
        { "-1", "1n", -1 },
        { "9223372036854775807", "9223372036854775808", -1 },
        { "1e21", "1000E", 0 },
        { "1e-9", "1n", 0 },
        { "1.0000000000000000001", "1", 1 },
        { "-9223372036854775809", "-9223372036854775808", -1 },
        { "1e1000", "1e999", 1 },
        { "123456789012345678901234567890", "1e29", 1 },
    };

    [Theory]
    [MemberData(nameof(CompareCases))]
    public void Cmp_ComparesValues(string x, string y, int expected)
    {
        var a = Quantity.Parse(x);
        var b = Quantity.Parse(y);

        a.Cmp(b).ShouldBe(expected);
        b.Cmp(a).ShouldBe(-expected);
        a.CompareTo(b).ShouldBe(expected);
        (a == b).ShouldBe(expected == 0);
        (a != b).ShouldBe(expected != 0);
        (a < b).ShouldBe(expected < 0);
        (a > b).ShouldBe(expected > 0);
        (a <= b).ShouldBe(expected <= 0);
        (a >= b).ShouldBe(expected >= 0);
        if (expected == 0)
        {
            a.Equals(b).ShouldBeTrue();
            a.GetHashCode().ShouldBe(b.GetHashCode());
        }
    }

    // Upstream's TestQuantityCmpInt64AndDec: int64 amounts at scales whose alignment overflows.
    public static TheoryData<long, int, long, int, int> ScaledCompareCases => new()
    {
        { 901, -2, 901, -2, 0 },
        { 90, -1, 901, -2, -1 },
        { 901, -2, 900, -2, 1 },
        { 0, 1, 0, -1, 0 },
        { 800, -3, 1, 0, -1 },
        { 800, -3, 79, -2, 1 },
        { long.MaxValue, 0, 1, -1, 1 },
        { long.MaxValue, 1, 1, 0, 1 },
        { long.MaxValue, 1, 1, 1, 1 },
        { long.MaxValue, -16, 1, 3, -1 },
        { long.MinValue, 0, 0, 0, -1 },
        { long.MinValue, -18, -1, 0, -1 },
        { long.MinValue, -19, -1, 0, 1 },
        { 1_000_000_000_000_000_000, -17, 1, 1, 0 },
        { 1_000_000_000_000_000_000, -17, -10, 0, 1 },
        { -1_000_000_000_000_000_000, -17, -10, 0, 0 },
        { 1_000_000_000_000_000_001, -17, 1, 1, 1 },
        { 999_999_999_999_999_999, -17, 1, 1, -1 },
    };

    [Theory]
    [MemberData(nameof(ScaledCompareCases))]
    public void Cmp_ScaledInt64Amounts_ComparesExactly(long a, int aScale, long b, int bScale, int expected)
    {
        var x = Quantity.FromScaled(a, aScale);
        var y = Quantity.FromScaled(b, bScale);

        x.Cmp(y).ShouldBe(expected);
        y.Cmp(x).ShouldBe(-expected);
        // The same through the arbitrary-precision form: adding a decimal-backed zero moves x there.
        var tiny = Quantity.Parse("0.0000000000000000000000000001");
        var decimalZero = tiny.Sub(tiny);
        x.Add(decimalZero).Cmp(y).ShouldBe(expected);
        y.Cmp(x.Add(decimalZero)).ShouldBe(-expected);
    }

    public static TheoryData<string, string, string> AddCases => new()
    {
        { "1", "500m", "1500m" },
        { "10", "1e1", "20" },
        { "100m", "0", "100m" },
        { "0", "100m", "100m" },
        { "1Gi", "0", "1Gi" },
        { "0", "1Gi", "1Gi" },
        { "1Gi", "1Gi", "2Gi" },
        { "1Gi", "1", "1073741825" },
        { "1", "1Gi", "1073741825" },
        { "1.5Gi", "512Mi", "2Gi" },
        { "9223372036854775807", "1", "9223372036854775808" },
        { "-9223372036854775808", "-1", "-9223372036854775809" },
        { "1E", "9E", "10E" },
        { "1n", "1E", "1000000000000000000000000001n" },
        { "100m", "-100m", "0" },
    };

    [Theory]
    [MemberData(nameof(AddCases))]
    public void Add_SumsAndKeepsFormat(string x, string y, string expected)
    {
        var sum = Quantity.Parse(x).Add(Quantity.Parse(y));

        sum.ToString().ShouldBe(expected);
        (Quantity.Parse(x) + Quantity.Parse(y)).ToString().ShouldBe(expected);
        Quantity.Add(Quantity.Parse(x), Quantity.Parse(y)).ToString().ShouldBe(expected);
    }

    public static TheoryData<string, string, string> SubCases => new()
    {
        { "10", "1e1", "0" },
        { "10", "1", "9" },
        { "0", "100m", "-100m" },
        { "0", "1Gi", "-1Gi" },
        { "100m", "0", "100m" },
        { "1Gi", "0", "1Gi" },
        { "1Gi", "512Mi", "512Mi" },
        { "1", "1.5", "-500m" },
        { "-9223372036854775808", "1", "-9223372036854775809" },
        { "0", "-9223372036854775808", "9223372036854775808" },
        { "1", "-9223372036854775808", "9223372036854775809" },
        { "10", "-9223372036854775808", "9223372036854775818" },
    };

    [Theory]
    [MemberData(nameof(SubCases))]
    public void Sub_SubtractsAndKeepsFormat(string x, string y, string expected)
    {
        var difference = Quantity.Parse(x).Sub(Quantity.Parse(y));

        difference.ToString().ShouldBe(expected);
        (Quantity.Parse(x) - Quantity.Parse(y)).ToString().ShouldBe(expected);
        Quantity.Subtract(Quantity.Parse(x), Quantity.Parse(y)).ToString().ShouldBe(expected);
    }

    [Fact]
    public void Sub_ZeroMinusMostNegativeBinary_IsTwoToTheSixtyThird()
    {
        var result = new Quantity().Sub(Quantity.FromInt64(long.MinValue, QuantityFormat.BinarySI));

        result.Format.ShouldBe(QuantityFormat.BinarySI);
        result.ToString().ShouldBe("8Ei");
        result.ShouldBe(Quantity.Parse("9223372036854775808"));
    }

    public static TheoryData<string, string> NegCases => new()
    {
        { "0", "0" },
        { "100m", "-100m" },
        { "-100m", "100m" },
        { "1Gi", "-1Gi" },
        { "9.01", "-9010m" },
        { "-9223372036854775808", "9223372036854775808" },
        { "123456789012345678901234567890", "-123456789012345678901234567890" },
    };

    [Theory]
    [MemberData(nameof(NegCases))]
    public void Neg_NegatesValue(string input, string expected)
    {
        Quantity.Parse(input).Neg().ToString().ShouldBe(expected);
        (-Quantity.Parse(input)).ToString().ShouldBe(expected);
        Quantity.Parse(input).Neg().Neg().ShouldBe(Quantity.Parse(input));
    }

    [Fact]
    public void Neg_MostNegativeMilli_KeepsScale()
        => Quantity.FromScaled(long.MinValue, QuantityScale.Milli).Neg().ToString().ShouldBe("9223372036854775808m");

    [Fact]
    public void Add_ZeroOperandAndRoundTripsAcrossScales_Cancel()
    {
        var random = new Random(42);
        var sum = Quantity.FromInt64(0, QuantityFormat.DecimalSI);
        var terms = new List<Quantity>();
        for (var i = 0; i < 200; i++)
        {
            var term = Quantity.FromScaled(random.NextInt64(), random.Next(-10, 11));
            terms.Add(term);
            sum = sum.Add(term);
        }
        foreach (var term in terms)
        {
            sum = sum.Sub(term);
        }
        sum.IsZero.ShouldBeTrue();
    }

    public static TheoryData<string, int, string, bool> RoundUpCases => new()
    {
        { "9.01", -3, "9010m", true },
        { "9.01", -2, "9010m", true },
        { "9.01", -1, "9100m", false },
        { "9.01", 0, "10", false },
        { "9.01", 1, "10", false },
        { "9.01", 2, "100", false },
        { "-9.01", -3, "-9010m", true },
        { "-9.01", -1, "-9100m", false },
        { "-9.01", 0, "-10", false },
        { "-9.01", 2, "-100", false },
        { "1.5Gi", 6, "1611M", false },
        { "12345678901234567890.5", 0, "12345678901234567891", false },
        { "100m", 0, "1", false },
        { "1k", 0, "1k", true },
    };

    [Theory]
    [MemberData(nameof(RoundUpCases))]
    public void RoundUp_RoundsAwayFromZero(string input, int scale, string expected, bool expectedExact)
    {
        var rounded = Quantity.Parse(input).RoundUp(scale, out var exact);

        exact.ShouldBe(expectedExact);
        rounded.ShouldBe(Quantity.Parse(expected));
        Quantity.Parse(input).RoundUp(scale).ShouldBe(Quantity.Parse(expected));
    }

    public static TheoryData<string, long, long> ValueCases => new()
    {
        { "0", 0, 0 },
        { "1", 1, 1000 },
        { "1.5", 2, 1500 },
        { "100m", 1, 100 },
        { "1n", 1, 1 },
        { "1Ki", 1024, 1024000 },
        { "1.5Gi", 1610612736, 1610612736000 },
        { "-1.5", -2, -1500 },
        { "-100m", -1, -100 },
        { "1E", 1_000_000_000_000_000_000, 0 },
        { "9223372036854775807", long.MaxValue, -1000 },
        { "9Ei", long.MaxValue, -1000 },
        // Upstream rounds negative fractions held as decimals towards +infinity.
        { "-1.0000000000000000001", 0, -999 },
    };

    [Theory]
    [MemberData(nameof(ValueCases))]
    public void Value_RoundsUpLikeUpstream(string input, long value, long milliValue)
    {
        var quantity = Quantity.Parse(input);

        quantity.Value().ShouldBe(value);
        if (input != "1E")
        {
            quantity.MilliValue().ShouldBe(milliValue);
        }
    }

    [Fact]
    public void MilliValue_OverflowingInt64Amount_Saturates()
        => Quantity.Parse("1E").MilliValue().ShouldBe(long.MaxValue);

    // Upstream's TestScaledValue: NewScaledQuantity(1, from).ScaledValue(to).
    public static TheoryData<int, int, long> ScaledValueCases => new()
    {
        { QuantityScale.Nano, QuantityScale.Nano, 1 },
        { QuantityScale.Nano, QuantityScale.Micro, 1 },
        { QuantityScale.Nano, QuantityScale.Milli, 1 },
        { QuantityScale.Nano, 0, 1 },
        { QuantityScale.Micro, QuantityScale.Nano, 1000 },
        { QuantityScale.Micro, QuantityScale.Micro, 1 },
        { QuantityScale.Micro, 0, 1 },
        { QuantityScale.Milli, QuantityScale.Nano, 1000 * 1000 },
        { QuantityScale.Milli, QuantityScale.Micro, 1000 },
        { QuantityScale.Milli, 0, 1 },
        { 0, QuantityScale.Nano, 1000 * 1000 * 1000 },
        { 0, QuantityScale.Milli, 1000 },
        { 0, 0, 1 },
        { 2, -2, 100 * 100 },
    };

    [Theory]
    [MemberData(nameof(ScaledValueCases))]
    public void ScaledValue_ConvertsBetweenScales(int fromScale, int toScale, long expected)
    {
        Quantity.FromScaled(1, fromScale).ScaledValue(toScale).ShouldBe(expected);
        // The decimal representation gives the same answer for positive values.
        Quantity.FromScaled(1, fromScale).Add(Quantity.Parse("1e30")).Sub(Quantity.Parse("1e30"))
            .ScaledValue(toScale).ShouldBe(expected);
    }

    public static TheoryData<long, QuantityFormat, string> FromInt64Cases => new()
    {
        { 1, QuantityFormat.DecimalSI, "1" },
        { 1000, QuantityFormat.DecimalSI, "1k" },
        { 1234000, QuantityFormat.DecimalSI, "1234k" },
        { 1024, QuantityFormat.BinarySI, "1Ki" },
        { 1000000, QuantityFormat.None, "1e6" },
        { 1024 * 1024, QuantityFormat.BinarySI, "1Mi" },
        { 1000, QuantityFormat.BinarySI, "1k" },
        { -2048, QuantityFormat.BinarySI, "-2Ki" },
        { 0, QuantityFormat.BinarySI, "0" },
        { long.MinValue, QuantityFormat.DecimalSI, "-9223372036854775808" },
    };

    [Theory]
    [MemberData(nameof(FromInt64Cases))]
    public void FromInt64_FormatsInGivenFormat(long value, QuantityFormat format, string expected)
    {
        var quantity = Quantity.FromInt64(value, format);

        quantity.ToString().ShouldBe(expected);
        Quantity.Parse(expected).Value().ShouldBe(value);
    }

    public static TheoryData<long, QuantityFormat, string> FromMilliCases => new()
    {
        { 1, QuantityFormat.DecimalSI, "1m" },
        { 1000, QuantityFormat.DecimalSI, "1" },
        { 1234000, QuantityFormat.DecimalSI, "1234" },
        { 1024, QuantityFormat.BinarySI, "1024m" },
        { 1000000, QuantityFormat.None, "1e3" },
        { 1024 * 1024, QuantityFormat.BinarySI, "1048576m" },
        { 1024 * 1000, QuantityFormat.BinarySI, "1Ki" },
    };

    [Theory]
    [MemberData(nameof(FromMilliCases))]
    public void FromMilli_FormatsInGivenFormat(long value, QuantityFormat format, string expected)
        => Quantity.FromMilli(value, format).ToString().ShouldBe(expected);

    public static TheoryData<long, int, string> FromScaledCases => new()
    {
        { 1, QuantityScale.Nano, "1n" },
        { 1000, QuantityScale.Nano, "1u" },
        { 1, QuantityScale.Micro, "1u" },
        { 1000, QuantityScale.Micro, "1m" },
        { 1, QuantityScale.Milli, "1m" },
        { 1000, QuantityScale.Milli, "1" },
        { 1, 0, "1" },
        { 0, QuantityScale.Nano, "0" },
        { 1, 21, "1e21" },
        { 1, -12, "1e-12" },
        { 1_000_000, 10, "10P" },
    };

    [Theory]
    [MemberData(nameof(FromScaledCases))]
    public void FromScaled_FormatsAsDecimalSI(long value, int scale, string expected)
    {
        var quantity = Quantity.FromScaled(value, scale);

        quantity.ToString().ShouldBe(expected);
        quantity.Format.ShouldBe(QuantityFormat.DecimalSI);
        if (scale >= QuantityScale.Nano)
        {
            Quantity.Parse(expected).Cmp(quantity).ShouldBe(0);
        }
    }

    [Fact]
    public void WithFormat_ChangesOutputOnly()
    {
        var quantity = Quantity.Parse("1Gi").WithFormat(QuantityFormat.DecimalSI);

        quantity.ToString().ShouldBe("1073741824");
        quantity.WithFormat(QuantityFormat.DecimalExponent).ToString().ShouldBe("1073741824");
        Quantity.Parse("1k").WithFormat(QuantityFormat.DecimalExponent).ToString().ShouldBe("1e3");
        Quantity.Parse("1.5").WithFormat(QuantityFormat.BinarySI).ToString().ShouldBe("1500m");
    }

    public static TheoryData<string, double> FloatCases => new()
    {
        { "0", 0 },
        { "1", 1 },
        { "2Ki", 2048 },
        { "1.1Ki", 1126.4 },
        { "1Mi", 1048576 },
        { "2Gi", 2147483648 },
        { "12E", 1.2e19 },
        { "9Ei", 9223372036854775807 },
        { "100m", 0.1 },
        { "-1.5", -1.5 },
        { "12e500", double.PositiveInfinity },
        { "-12e500", double.NegativeInfinity },
    };

    [Theory]
    [MemberData(nameof(FloatCases))]
    public void AsApproximateFloat64_ConvertsValue(string input, double expected)
        => Quantity.Parse(input).AsApproximateFloat64().ShouldBe(expected);

    [Fact]
    public void AsApproximateFloat64_MultipliesByGoPow10()
    {
        // Upstream multiplies by math.Pow10 rather than dividing, which rounds differently.
        Quantity.FromScaled(7 * 1024 * 1024, -1).AsApproximateFloat64().ShouldBe(7 * 1024 * 1024 * 0.1);
        Quantity.FromScaled(7 * 1024 * 1024, -8).AsApproximateFloat64().ShouldBe(7 * 1024 * 1024 * 1e-8);
        Quantity.FromScaled(7 * 1024 * 1024, 8).AsApproximateFloat64().ShouldBe(7 * 1024 * 1024 * 1e8);
    }

    public static TheoryData<string, string> JsonInputCases => new()
    {
        { "\"100m\"", "100m" },
        { "\" 1\"", "1" },
        { "\"1 \"", "1" },
        { "1", "1" },
        { " 1", "1" },
        { "1 ", "1" },
        { "10", "10" },
        { "-1", "-1" },
        { " -1", "-1" },
        { "1.5", "1500m" },
        { "1e3", "1e3" },
        { "1E+3", "1E+3" },
        { "0.000001", "1u" },
        { "null", "0" },
        { "\"128Mi\"", "128Mi" },
        { "123456789012345678901234567890", "123456789012345678901234567890" },
    };

    [Theory]
    [MemberData(nameof(JsonInputCases))]
    public void ReadJson_StringOrNumber_ParsesLikeUpstream(string json, string expected)
    {
        var quantity = KubeJson.Deserialize<Quantity>(json);

        quantity.ToString().ShouldBe(expected);
        KubeJson.Serialize(quantity).ShouldBe("\"" + expected + "\"");
        KubeJson.Deserialize<Quantity>(KubeJson.Serialize(quantity)).ShouldBe(quantity);
    }

    public static TheoryData<string, string> JsonErrorCases => new()
    {
        { "true", Quantity.ErrFormatWrong },
        { "{}", Quantity.ErrFormatWrong },
        { "[1]", Quantity.ErrFormatWrong },
        { "\"\"", Quantity.ErrFormatWrong },
        { "\"abc\"", Quantity.ErrFormatWrong },
        { "\"1\\u0030\"", Quantity.ErrFormatWrong },
        { "\"1Ki1\"", Quantity.ErrSuffix },
    };

    [Theory]
    [MemberData(nameof(JsonErrorCases))]
    public void ReadJson_Invalid_ThrowsUpstreamError(string json, string expected)
        => Should.Throw<JsonDecodeException>(() => KubeJson.Deserialize<Quantity>(json)).Message.ShouldBe(expected);

    [Theory]
    [InlineData("100m")]
    [InlineData("128Mi")]
    [InlineData("1.5")]
    [InlineData("2Gi")]
    [InlineData("-250m")]
    public void Parse_TypicalValues_DoesNotAllocate(string input)
    {
        // Warm up (JIT, static tables), then measure: the int64 fast path needs no heap at all.
        Quantity.Parse(input).Add(Quantity.Parse(input)).Cmp(Quantity.Parse(input));
        var before = GC.GetAllocatedBytesForCurrentThread();
        var quantity = Quantity.Parse(input);
        var sum = quantity.Add(quantity);
        var compared = sum.Cmp(quantity);
        var milli = sum.MilliValue();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        allocated.ShouldBe(0);
        compared.ShouldBe(quantity.Sign);
        milli.ShouldBe(2 * quantity.MilliValue());
    }

    [Fact]
    public void ReadJson_InvalidInsideObject_ReportsPath()
    {
        var context = new JsonDecodeContext();
        context.Push("resources");
        context.Push("limits");
        context.Push("cpu");
        var reader = new System.Text.Json.Utf8JsonReader("\"x\""u8);
        reader.Read();
        JsonDecodeException? error = null;
        try
        {
            Quantity.ReadJson(ref reader, context);
        }
        catch (JsonDecodeException e)
        {
            error = e;
        }
        error.ShouldNotBeNull().Path.ShouldBe("resources.limits.cpu");
    }
}
