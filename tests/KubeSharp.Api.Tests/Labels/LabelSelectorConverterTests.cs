using KubeSharp.Api.Labels;

namespace KubeSharp.Api.Tests.Labels;

public class LabelSelectorConverterTests
{
    public static TheoryData<string, Dictionary<string, string>?, LabelSelectorRequirementInput[]?, string> ValidCases => new()
    {
        { "EmptyIsEverything", null, null, "" },
        { "MatchLabelsOnly", new() { ["foo"] = "bar", ["baz"] = "blah" }, null, "baz=blah,foo=bar" },
        { "AllOperators", new() { ["a"] = "1" }, [new("z", "In", ["y", "x"]), new("b", "NotIn", ["q"]), new("c", "Exists", null), new("d", "DoesNotExist", [])], "a=1,b notin (q),c,!d,z in (x,y)" },
    };

    public static TheoryData<string, Dictionary<string, string>?, LabelSelectorRequirementInput[]?, string> InvalidCases => new()
    {
        { "UnknownOperator", null, [new("foo", "Foo", ["a"])], "\"Foo\" is not a valid label selector operator" },
        { "LowercaseOperator", null, [new("foo", "in", ["a"])], "\"in\" is not a valid label selector operator" },
        { "InWithoutValues", null, [new("foo", "In", [])], "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty" },
        { "NotInWithNullValues", null, [new("foo", "NotIn", null)], "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty" },
        { "ExistsWithValues", null, [new("foo", "Exists", ["a"])], "values: Invalid value: []string{\"a\"}: values set must be empty for exists and does not exist" },
        { "InvalidMatchLabelKey", new() { ["a/b/c"] = "x" }, null, "key: Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')" },
    };

    [Theory]
    [MemberData(nameof(ValidCases))]
    public void TryToSelector_ValidSelector_ConvertsLikeUpstream(string name, Dictionary<string, string>? matchLabels, LabelSelectorRequirementInput[]? expressions, string expected)
    {
        LabelSelectorConverter.TryToSelector(matchLabels, expressions, out var selector, out var error).ShouldBeTrue($"{name}: {error}");
        selector.ToString().ShouldBe(expected, name);
    }

    [Theory]
    [MemberData(nameof(InvalidCases))]
    public void TryToSelector_InvalidSelector_ReturnsUpstreamError(string name, Dictionary<string, string>? matchLabels, LabelSelectorRequirementInput[]? expressions, string expected)
    {
        LabelSelectorConverter.TryToSelector(matchLabels, expressions, out _, out var error).ShouldBeFalse(name);
        error.ShouldBe(expected, name);
    }

    [Fact]
    public void TryToSelector_NullSelector_ReturnsNothing()
    {
        LabelSelectorConverter.TryToSelector((LabelSelectorInput?)null, out var selector, out _).ShouldBeTrue();
        selector.ShouldBeSameAs(Selector.Nothing);
        selector.Matches(new Dictionary<string, string>()).ShouldBeFalse();
    }

    [Fact]
    public void TryToSelector_EmptySelector_ReturnsEverything()
    {
        LabelSelectorConverter.ToSelector(new LabelSelectorInput(null, [])).ShouldBeSameAs(Selector.Everything);
    }

    [Fact]
    public void ToSelector_Invalid_ThrowsFormatException()
    {
        Should.Throw<FormatException>(() => LabelSelectorConverter.ToSelector(null, [new("foo", "Foo", null)]))
            .Message.ShouldBe("\"Foo\" is not a valid label selector operator");
    }
}
