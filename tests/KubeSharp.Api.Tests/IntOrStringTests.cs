using KubeSharp.Api.Serialization;

namespace KubeSharp.Api.Tests;

public class IntOrStringTests
{
    [Fact]
    public void FromInt32_HoldsInt()
    {
        var value = IntOrString.FromInt32(93);

        value.Type.ShouldBe(IntOrStringType.Int);
        value.IntValue.ShouldBe(93);
        value.StringValue.ShouldBe("");
        value.ToString().ShouldBe("93");
    }

    [Fact]
    public void FromString_HoldsString()
    {
        var value = IntOrString.FromString("76");

        value.Type.ShouldBe(IntOrStringType.String);
        value.StringValue.ShouldBe("76");
        value.IntValue.ShouldBe(0);
        value.ToString().ShouldBe("76");
        value.ShouldNotBe(IntOrString.FromInt32(76));
    }

    [Fact]
    public void Default_IsIntZero()
    {
        var value = default(IntOrString);

        value.Type.ShouldBe(IntOrStringType.Int);
        value.IntValue.ShouldBe(0);
        value.ShouldBe(IntOrString.FromInt32(0));
        KubeJson.Serialize(value).ShouldBe("0");
    }

    public static TheoryData<string, IntOrStringType, int> ParseCases => new()
    {
        { "123", IntOrStringType.Int, 123 },
        { "-5", IntOrStringType.Int, -5 },
        { "+7", IntOrStringType.Int, 7 },
        { "0", IntOrStringType.Int, 0 },
        { "2147483647", IntOrStringType.Int, int.MaxValue },
        { "-2147483648", IntOrStringType.Int, int.MinValue },
        { "2147483648", IntOrStringType.String, 0 },
        { "http", IntOrStringType.String, 0 },
        { "25%", IntOrStringType.String, 0 },
        { "", IntOrStringType.String, 0 },
        { " 1", IntOrStringType.String, 0 },
        { "1_000", IntOrStringType.String, 0 },
        { "0x10", IntOrStringType.String, 0 },
    };

    [Theory]
    [MemberData(nameof(ParseCases))]
    public void Parse_Int32OrElseString(string input, IntOrStringType type, int intValue)
    {
        var value = IntOrString.Parse(input);

        value.Type.ShouldBe(type);
        value.IntValue.ShouldBe(intValue);
        if (type == IntOrStringType.String)
        {
            value.StringValue.ShouldBe(input);
        }
    }

    public static TheoryData<string, string> JsonRoundTripCases => new()
    {
        { "123", "123" },
        { "-1", "-1" },
        { "\"123\"", "\"123\"" },
        { "\"http\"", "\"http\"" },
        { "\"25%\"", "\"25%\"" },
        { "\"\"", "\"\"" },
        { "null", "0" },
        { "-0", "0" },
        { "\"\\u0041\"", "\"A\"" },
    };

    [Theory]
    [MemberData(nameof(JsonRoundTripCases))]
    public void Json_NumberOrString_RoundTrips(string json, string expected)
    {
        var value = KubeJson.Deserialize<IntOrString>(json);

        KubeJson.Serialize(value).ShouldBe(expected);
        KubeJson.Deserialize<IntOrString>(expected).ShouldBe(value);
    }

    [Fact]
    public void ReadJson_NumberAndString_KeepType()
    {
        KubeJson.Deserialize<IntOrString>("123").ShouldBe(IntOrString.FromInt32(123));
        KubeJson.Deserialize<IntOrString>("\"123\"").ShouldBe(IntOrString.FromString("123"));
    }

    public static TheoryData<string, string> JsonErrorCases => new()
    {
        { "1.5", "json: cannot unmarshal number 1.5 into Go value of type int32" },
        { "3000000000", "json: cannot unmarshal number 3000000000 into Go value of type int32" },
        { "1e2", "json: cannot unmarshal number 1e2 into Go value of type int32" },
        { "true", "json: cannot unmarshal bool into Go value of type int32" },
        { "{}", "json: cannot unmarshal object into Go value of type int32" },
        { "[]", "json: cannot unmarshal array into Go value of type int32" },
    };

    [Theory]
    [MemberData(nameof(JsonErrorCases))]
    public void ReadJson_NotInt32OrString_ThrowsTypeMismatch(string json, string expected)
        => Should.Throw<JsonDecodeException>(() => KubeJson.Deserialize<IntOrString>(json)).Message.ShouldBe(expected);

    // Upstream's TestGetIntFromIntOrPercent and TestGetIntFromIntOrString, with the error texts.
    public static TheoryData<IntOrString, long, bool, long?, string?> ScaledCases => new()
    {
        { IntOrString.FromInt32(123), 0, false, 123, null },
        { IntOrString.FromInt32(200), 100, true, 200, null },
        { IntOrString.FromString("90%"), 100, true, 90, null },
        { IntOrString.FromString("90%"), 95, true, 86, null },
        { IntOrString.FromString("90%"), 95, false, 85, null },
        { IntOrString.FromString("40%"), 100, false, 40, null },
        { IntOrString.FromString("25%"), 3, true, 1, null },
        { IntOrString.FromString("25%"), 3, false, 0, null },
        { IntOrString.FromString("-10%"), 15, true, -1, null },
        { IntOrString.FromString("0%"), 10, true, 0, null },
        { IntOrString.FromString("5000000000%"), 10, false, 500000000, null },
        { IntOrString.FromString("9223372036854775807%"), 200, true, long.MinValue, null },
        { IntOrString.FromString("%"), 0, false, null, "invalid value for IntOrString: invalid value \"%\": strconv.Atoi: parsing \"\": invalid syntax" },
        { IntOrString.FromString("90#"), 0, false, null, "invalid value for IntOrString: invalid type: string is not a percentage" },
        { IntOrString.FromString("#%"), 0, false, null, "invalid value for IntOrString: invalid value \"#%\": strconv.Atoi: parsing \"#\": invalid syntax" },
        { IntOrString.FromString("90"), 0, false, null, "invalid value for IntOrString: invalid type: string is not a percentage" },
        { IntOrString.FromString("30%0"), 0, false, null, "invalid value for IntOrString: invalid type: string is not a percentage" },
        { IntOrString.FromString("40%%"), 0, false, null, "invalid value for IntOrString: invalid value \"40%%\": strconv.Atoi: parsing \"40%\": invalid syntax" },
        { IntOrString.FromString("a%"), 0, false, null, "invalid value for IntOrString: invalid value \"a%\": strconv.Atoi: parsing \"a\": invalid syntax" },
        { IntOrString.FromString("a"), 0, false, null, "invalid value for IntOrString: invalid type: string is not a percentage" },
        { IntOrString.FromString("99999999999999999999%"), 0, false, null, "invalid value for IntOrString: invalid value \"99999999999999999999%\": strconv.Atoi: parsing \"99999999999999999999\": value out of range" },
        { IntOrString.FromString("\"\t%"), 0, false, null, "invalid value for IntOrString: invalid value \"\\\"\\t%\": strconv.Atoi: parsing \"\\\"\\t\": invalid syntax" },
    };

    [Theory]
    [MemberData(nameof(ScaledCases))]
    public void GetScaledValueFromIntOrPercent_MatchesUpstream(IntOrString input, long total, bool roundUp, long? expected, string? expectedError)
    {
        var ok = IntOrString.TryGetScaledValueFromIntOrPercent(input, total, roundUp, out var value, out var error);

        ok.ShouldBe(expected is not null);
        error.ShouldBe(expectedError);
        if (expected is { } e)
        {
            value.ShouldBe(e);
            IntOrString.GetScaledValueFromIntOrPercent(input, total, roundUp).ShouldBe(e);
        }
        else
        {
            Should.Throw<FormatException>(() => IntOrString.GetScaledValueFromIntOrPercent(input, total, roundUp))
                .Message.ShouldBe(expectedError);
        }
    }

    [Fact]
    public void GetScaledValueFromIntOrPercent_Null_Fails()
    {
        IntOrString.TryGetScaledValueFromIntOrPercent(null, 0, false, out _, out var error).ShouldBeFalse();
        error.ShouldBe("nil value for IntOrString");
    }

    public static TheoryData<string, long> ToInt64Cases => new()
    {
        { "42", 42 },
        { "-42", -42 },
        { "abc", 0 },
        { "99999999999999999999", long.MaxValue },
        { "-99999999999999999999", long.MinValue },
    };

    [Theory]
    [MemberData(nameof(ToInt64Cases))]
    public void ToInt64_ParsesStringLikeAtoi(string input, long expected)
        => IntOrString.FromString(input).ToInt64().ShouldBe(expected);

    [Fact]
    public void Equality_ComparesTypeAndValue()
    {
        IntOrString a = 8080;
        IntOrString b = "http";

        (a == IntOrString.FromInt32(8080)).ShouldBeTrue();
        (b == IntOrString.FromString("http")).ShouldBeTrue();
        (a != b).ShouldBeTrue();
        a.GetHashCode().ShouldBe(IntOrString.FromInt32(8080).GetHashCode());
        a.IsInt.ShouldBeTrue();
        b.IsInt.ShouldBeFalse();
    }
}
