using KubeSharp.Api.Labels;
using FieldSelector = KubeSharp.Api.Fields.Selector;
using TransformResult = KubeSharp.Api.Fields.TransformResult;

namespace KubeSharp.Api.Tests.Fields;

public class SelectorTests
{
    public static TheoryData<string, string, string> ValidCases => new()
    {
        { "SingleEquals", "a=b", "a=b" },
        { "DoubleEqualsPrintsAsEquals", "a==b", "a=b" },
        { "NotEquals", "a!=b", "a!=b" },
        { "EmptyValue", "a=", "a=" },
        { "EmptyString", "", "" },
        { "EmptyTermsSkipped", ",a=b,,", "a=b" },
        { "TermsSortedByRawText", "x=a,a=x", "a=x,x=a" },
        { "EscapedComma", @"a=b\,c", @"a=b\,c" },
        { "EscapedEquals", @"a=b\=c", @"a=b\=c" },
        { "EscapedBackslash", @"a=b\\c", @"a=b\\c" },
        { "FirstOperatorSplits", "a!=b,c==d", "a!=b,c=d" },
        { "EscapedEqualsRoundTrip", @"x=a\=\=b", @"x=a\=\=b" },
        { "PipesWithEscapedEquals", @"x=a||y\=b", @"x=a||y\=b" },
        { "MultiByte", "함=수,목=록", "목=록,함=수" },
        { "DottedFieldNames", "metadata.name=foo,spec.nodeName!=", "metadata.name=foo,spec.nodeName!=" },
    };

    public static TheoryData<string, string, string> InvalidCases => new()
    {
        { "NoOperator", "a", "invalid selector: 'a'; can't understand 'a'" },
        { "InIsNotSupported", "x in (a)", "invalid selector: 'x in (a)'; can't understand 'x in (a)'" },
        { "NoOperatorInSecondTerm", "a=b,c", "invalid selector: 'a=b,c'; can't understand 'c'" },
        { "UnescapedEqualsInValue", "a=b=c", "invalid field selector: unescaped character in value: 61" },
        { "UnknownEscape", @"a=b\c", @"invalid field selector: invalid escape sequence: \c" },
        { "TrailingBackslash", @"a=b\", @"invalid field selector: invalid escape sequence: \" },
    };

    [Theory]
    [MemberData(nameof(ValidCases))]
    public void TryParse_ValidInput_PrintsCanonicalForm(string name, string input, string canonical)
    {
        FieldSelector.TryParse(input, out var selector, out var error).ShouldBeTrue($"{name}: {error}");
        selector.ToString().ShouldBe(canonical, name);
    }

    [Theory]
    [MemberData(nameof(InvalidCases))]
    public void TryParse_InvalidInput_ReturnsUpstreamError(string name, string input, string expected)
    {
        FieldSelector.TryParse(input, out var selector, out var error).ShouldBeFalse(name);
        selector.ShouldBeNull();
        error.ShouldBe(expected, name);
    }

    [Theory]
    [InlineData("a=b", true)]
    [InlineData("a==b", true)]
    [InlineData("a!=b", false)]
    [InlineData("a=b,c=d", true)]
    [InlineData("a=b,c!=d", false)]
    [InlineData("missing=", true)]
    [InlineData("missing!=x", true)]
    [InlineData(@"comma=x\,y", true)]
    [InlineData("", true)]
    public void Matches_FieldSet_FollowsUpstreamSemantics(string selector, bool expected)
    {
        var fields = new Dictionary<string, string> { ["a"] = "b", ["c"] = "d", ["comma"] = "x,y" };
        var parsed = FieldSelector.Parse(selector);
        parsed.Matches(fields).ShouldBe(expected);
        parsed.Matches(f => fields.TryGetValue(f, out var v) ? v : null).ShouldBe(expected);
    }

    [Fact]
    public void Matches_ComplexEscapedValue_MatchesUnescapedField()
    {
        var fields = new Dictionary<string, string> { ["foo"] = "bar", ["baz"] = "blah", ["complex"] = @"=value\,\" };
        FieldSelector.Parse(@"foo=bar,baz=blah,complex=\=value\\\,\\").Matches(fields).ShouldBeTrue();
        FieldSelector.Parse("foo=bar,foobar=bar,baz=blah").Matches(fields).ShouldBeFalse();
    }

    [Fact]
    public void Matches_DoesNotAllocate()
    {
        var selector = FieldSelector.Parse("a=b,c!=x,e=");
        var fields = new Dictionary<string, string> { ["a"] = "b", ["c"] = "d" };
        selector.Matches(fields).ShouldBeTrue();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            selector.Matches(fields);
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).ShouldBe(0);
    }

    [Fact]
    public void RequiresExactMatch_FindsEqualityTermOnly()
    {
        var selector = FieldSelector.Parse("metadata.name=foo,spec.nodeName!=bar");
        selector.RequiresExactMatch("metadata.name", out var name).ShouldBeTrue();
        name.ShouldBe("foo");
        selector.RequiresExactMatch("spec.nodeName", out _).ShouldBeFalse();
        FieldSelector.Everything.RequiresExactMatch("metadata.name", out _).ShouldBeFalse();
    }

    [Fact]
    public void Requirements_ListsTermsWithUnescapedValues()
    {
        FieldSelector.Parse(@"b!=x\,y,a=1").Requirements.ShouldBe(
        [
            new KubeSharp.Api.Fields.Requirement("a", SelectionOperator.Equal, "1"),
            new KubeSharp.Api.Fields.Requirement("b", SelectionOperator.NotEqual, "x,y"),
        ]);
    }

    [Fact]
    public void TryTransform_RenamesDropsAndFails()
    {
        var selector = FieldSelector.Parse("a=1,drop=x,b!=2");
        selector.TryTransform(
            (field, value) => field switch
            {
                "drop" => TransformResult.Success("", ""),
                _ => TransformResult.Success("spec." + field, value + "0"),
            },
            out var transformed,
            out _).ShouldBeTrue();
        transformed.ToString().ShouldBe("spec.a=10,spec.b!=20");

        selector.TryTransform((field, _) => TransformResult.Failure($"field label not supported: {field}"), out _, out var error).ShouldBeFalse();
        error.ShouldBe("field label not supported: a");
    }

    [Fact]
    public void TryTransform_SingleTermDroppedBecomesEverything()
    {
        FieldSelector.TryParseAndTransform("a=b", (_, _) => TransformResult.Success("", ""), out var selector, out _).ShouldBeTrue();
        selector.IsEmpty.ShouldBeTrue();
        selector.ToString().ShouldBe("");
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData(@"a,b=c\d", @"a\,b\=c\\d")]
    public void EscapeValue_RoundTripsThroughUnescape(string raw, string escaped)
    {
        FieldSelector.EscapeValue(raw).ShouldBe(escaped);
        FieldSelector.TryUnescapeValue(escaped, out var value, out _).ShouldBeTrue();
        value.ShouldBe(raw);
    }

    [Fact]
    public void FromSet_BuildsEqualityTerms()
    {
        FieldSelector.FromSet(new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" }).ToString().ShouldBe("a=1,b=2");
        FieldSelector.FromSet(new Dictionary<string, string> { ["a"] = "x=y" }).ToString().ShouldBe(@"a=x\=y");
        FieldSelector.FromSet(null).IsEmpty.ShouldBeTrue();
        FieldSelector.OneTermEqual("metadata.name", "n").ToString().ShouldBe("metadata.name=n");
        FieldSelector.OneTermNotEqual("metadata.name", "n").ToString().ShouldBe("metadata.name!=n");
        FieldSelector.And(FieldSelector.OneTermEqual("a", "1"), FieldSelector.Everything).IsEmpty.ShouldBeFalse();
    }
}
