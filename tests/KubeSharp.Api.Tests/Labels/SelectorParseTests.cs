using KubeSharp.Api.Labels;

namespace KubeSharp.Api.Tests.Labels;

public class SelectorParseTests
{
    // Valid inputs and the canonical form upstream prints for them.
    public static TheoryData<string, string, string> ValidCases => new()
    {
        { "EqualityTerms", "x=a,y=b,z=c", "x=a,y=b,z=c" },
        { "EmptyString", "", "" },
        { "NotEqualsThenEquals", "x!=a,y=b", "x!=a,y=b" },
        { "EmptyValue", "x=", "x=" },
        { "EmptyValueTrailingSpace", "x= ", "x=" },
        { "TwoEmptyValues", "x= ,z= ", "x=,z=" },
        { "DoesNotExist", "!x", "!x" },
        { "GreaterThan", "x>1", "x>1" },
        { "GreaterAndLess", "x>1,z<5", "x>1,z<5" },
        { "SortedByKey", "x=a,a=x", "a=x,x=a" },
        { "DoubleEquals", "x==a", "x==a" },
        { "SetValuesSortedAndDeduplicated", "x in (c,a,b,a)", "x in (a,b,c)" },
        { "EmptySetMeansEmptyValue", "x in ()", "x in ()" },
        { "TrailingCommaAddsEmptyValue", "x in (abc,)", "x in (,abc)" },
        { "LeadingCommaAddsEmptyValue", "x notin (,abc)", "x notin (,abc)" },
        { "WhitespaceEverywhere", "  foo  in\t (abc) ,\n!bar ", "!bar,foo in (abc)" },
        { "CarriageReturnIsWhitespace", "\rx", "x" },
        { "KeywordsAsKeyAndValue", "in in (in,notin)", "in in (in,notin)" },
        { "NotinAsKeyEqualsIn", "notin=in", "notin=in" },
        { "PrefixedKey", "this-is-a-dns.domain.com/key-with-dash in (so,what)", "this-is-a-dns.domain.com/key-with-dash in (so,what)" },
        { "MixedRequirements", "x notin (abc,def),bar,z in (),w", "bar,w,x notin (abc,def),z in ()" },
        { "LeadingZeroBound", "x>0005", "x>0005" },
    };

    // Invalid inputs and upstream's exact error.
    public static TheoryData<string, string, string> InvalidCases => new()
    {
        { "DoublePipeIsNotAnOperator", "x=a||y=b", "unable to parse requirement: values[0][x]: Invalid value: \"a||y\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')" },
        { "DoubleEqualsTwice", "x==a==b", "found '==', expected: ',' or 'end of string'" },
        { "NotExistsWithValue", "!x=a", "found '=', expected: ',' or 'end of string'" },
        { "GreaterThanNonInteger", "x<a", "unable to parse requirement: values[0]: Invalid value: \"a\": for 'Gt', 'Lt' operators, the value must be an integer" },
        { "InWithoutParenthesis", "x in", "unable to parse requirement: found '' expected: '('" },
        { "InWithoutClosingParenthesis", "x in (a", "unable to parse requirement: found '', expected: ',' or ')'" },
        { "TrailingComma", "x=a,", "found '', expected: identifier after ','" },
        { "LeadingComma", ",x", "found ',', expected: !, identifier, or 'end of string'" },
        { "MissingOperator", "x y", "unable to parse requirement: found 'y', expected: in, notin, =, ==, !=, gt, lt" },
        { "BangAlone", "!", "unable to parse requirement: found '', expected: identifier" },
        { "InvalidKey", "x/y/z=a", "unable to parse requirement: <nil>: Invalid value: \"x/y/z\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')" },
        { "KeyStartingWithDash", "-x", "unable to parse requirement: <nil>: Invalid value: \"-x\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')" },
        { "ValueAfterSetIsOperator", "x in (a=b)", "unable to parse requirement: found '=', expected: ',' or ')'" },
        { "SetWithOperator", "x in (=)", "unable to parse requirement: found '=', expected: ',', ')' or identifier" },
        { "ExactValueIsParenthesis", "x=(", "unable to parse requirement: found '(', expected: identifier" },
        { "TwoValues", "x=a b", "found 'b', expected: ',' or 'end of string'" },
        { "NegativeBoundIsNotALabelValue", "x<-5", "unable to parse requirement: values[0][x]: Invalid value: \"-5\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')" },
        { "ValueTooLong", "x=" + new string('a', 64), "unable to parse requirement: values[0][x]: Invalid value: \"" + new string('a', 64) + "\": must be no more than 63 characters" },
    };

    [Theory]
    [MemberData(nameof(ValidCases))]
    public void TryParse_ValidInput_PrintsCanonicalForm(string name, string input, string canonical)
    {
        Selector.TryParse(input, out var selector, out var error).ShouldBeTrue($"{name}: {error}");
        selector.ToString().ShouldBe(canonical, name);
        Selector.Parse(selector.ToString()).ToString().ShouldBe(canonical, $"{name} round trip");
    }

    [Theory]
    [MemberData(nameof(InvalidCases))]
    public void TryParse_InvalidInput_ReturnsUpstreamError(string name, string input, string expected)
    {
        Selector.TryParse(input, out var selector, out var error).ShouldBeFalse(name);
        selector.ShouldBeNull();
        error.ShouldBe(expected, name);
    }

    [Fact]
    public void Parse_InvalidInput_ThrowsFormatExceptionWithUpstreamMessage()
    {
        Should.Throw<FormatException>(() => Selector.Parse("x in"))
            .Message.ShouldBe("unable to parse requirement: found '' expected: '('");
    }

    [Fact]
    public void Parse_InvalidKeyAndValue_AggregatesFieldErrors()
    {
        Requirement.TryCreate("a b", SelectionOperator.In, [], out _, out var error).ShouldBeFalse();
        error.ShouldBe("[key: Invalid value: \"a b\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]'), values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty]");
    }

    [Fact]
    public void Parse_SetValues_AreSortedInRequirement()
    {
        var selector = Selector.Parse("x in (b,a),!y");
        selector.Requirements.Count.ShouldBe(2);
        selector.Requirements[0].Key.ShouldBe("x");
        selector.Requirements[0].Operator.ShouldBe(SelectionOperator.In);
        selector.Requirements[0].Values.ShouldBe(["a", "b"]);
        selector.Requirements[1].Operator.ShouldBe(SelectionOperator.DoesNotExist);
        selector.Requirements[1].Values.ShouldBeEmpty();
    }
}
