using KubeSharp.Api.Labels;

namespace KubeSharp.Api.Tests.Labels;

public class SelectorMatchTests
{
    private static readonly Dictionary<string, string> FooBarBazBlah = new() { ["foo"] = "bar", ["baz"] = "blah" };

    public static TheoryData<string, string, Dictionary<string, string>?, bool> MatchCases => new()
    {
        { "EmptySelectorMatchesAnything", "", new() { ["x"] = "y" }, true },
        { "EqualsMatches", "x=y", new() { ["x"] = "y" }, true },
        { "TwoEqualsMatch", "x=y,z=w", new() { ["x"] = "y", ["z"] = "w" }, true },
        { "NotEqualsMatch", "x!=y,z!=w", new() { ["x"] = "z", ["z"] = "a" }, true },
        { "KeywordKeyAndValue", "notin=in", new() { ["notin"] = "in" }, true },
        { "ExistsMatches", "x", new() { ["x"] = "z" }, true },
        { "DoesNotExistMatches", "!x", new() { ["y"] = "z" }, true },
        { "GreaterThanMatches", "x>1", new() { ["x"] = "2" }, true },
        { "LessThanMatches", "x<1", new() { ["x"] = "0" }, true },
        { "EqualsOnEmptySetFails", "x=z", new(), false },
        { "EqualsOnOtherValueFails", "x=y", new() { ["x"] = "z" }, false },
        { "SecondTermFails", "x=y,z=w", new() { ["x"] = "w", ["z"] = "w" }, false },
        { "NotEqualsOnSameValueFails", "x!=y,z!=w", new() { ["x"] = "z", ["z"] = "w" }, false },
        { "ExistsOnMissingFails", "x", new() { ["y"] = "z" }, false },
        { "DoesNotExistOnPresentFails", "!x", new() { ["x"] = "z" }, false },
        { "GreaterThanOnSmallerFails", "x>1", new() { ["x"] = "0" }, false },
        { "LessThanOnLargerFails", "x<1", new() { ["x"] = "2" }, false },
        { "GreaterThanOnNonIntegerFails", "z>1", new() { ["z"] = "v2" }, false },
        { "GreaterThanOnMissingFails", "z>1", new(), false },
        { "NotInMatchesMissingKey", "x notin (a)", new() { ["y"] = "" }, true },
        { "InEmptyValueNeedsKey", "x in ()", new() { ["y"] = "baz" }, false },
        { "InEmptyValueMatchesEmpty", "x in ()", new() { ["x"] = "" }, true },
        { "NullLabelsMatchNotEquals", "x!=a", null, true },
        { "NullLabelsFailExists", "x", null, false },
        { "PlusSignedIntegerLabel", "x>1", new() { ["x"] = "+2" }, true },
    };

    [Theory]
    [MemberData(nameof(MatchCases))]
    public void Matches_ParsedSelector_FollowsUpstreamSemantics(string name, string selector, Dictionary<string, string>? labels, bool expected)
    {
        Selector.Parse(selector).Matches(labels).ShouldBe(expected, name);
    }

    [Theory]
    [InlineData("foo=bar", true)]
    [InlineData("baz=blah", true)]
    [InlineData("foo=bar,baz=blah", true)]
    [InlineData("foo=blah", false)]
    [InlineData("baz=bar", false)]
    [InlineData("foo=bar,foobar=bar,baz=blah", false)]
    public void Matches_LabelSet_ChecksEveryRequirement(string selector, bool expected)
    {
        Selector.Parse(selector).Matches(FooBarBazBlah).ShouldBe(expected);
    }

    [Fact]
    public void Matches_DoesNotAllocate()
    {
        var selector = Selector.Parse("a=b,c notin (x,y),d,!e,f>3,g in (1,2)");
        var labels = new Dictionary<string, string> { ["a"] = "b", ["c"] = "z", ["d"] = "", ["f"] = "10", ["g"] = "2" };
        selector.Matches(labels).ShouldBeTrue();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            selector.Matches(labels);
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).ShouldBe(0);
    }

    [Fact]
    public void Everything_MatchesAndIsEmpty()
    {
        Selector.Everything.Matches(new Dictionary<string, string> { ["x"] = "y" }).ShouldBeTrue();
        Selector.Everything.IsEmpty.ShouldBeTrue();
        Selector.Everything.ToString().ShouldBe("");
    }

    [Fact]
    public void Nothing_MatchesNothingAndIgnoresAdd()
    {
        Selector.Nothing.Matches(new Dictionary<string, string>()).ShouldBeFalse();
        Selector.Nothing.IsEmpty.ShouldBeFalse();
        Selector.Nothing.MatchesNothing.ShouldBeTrue();
        Selector.Nothing.Add(Requirement.Create("x", SelectionOperator.Exists)).ShouldBeSameAs(Selector.Nothing);
        Selector.Nothing.ToString().ShouldBe("");
    }

    [Fact]
    public void Add_KeepsRequirementsSortedAndOriginalUnchanged()
    {
        var original = Selector.Parse("b=1");
        var added = original.Add(Requirement.Create("a", SelectionOperator.NotIn, "y", "x"), Requirement.Create("c", SelectionOperator.DoesNotExist));
        added.ToString().ShouldBe("a notin (x,y),b=1,!c");
        original.ToString().ShouldBe("b=1");
    }

    [Theory]
    [InlineData("x=a", "x", true, "a")]
    [InlineData("x==a", "x", true, "a")]
    [InlineData("x in (a)", "x", true, "a")]
    [InlineData("x in (a,b)", "x", false, null)]
    [InlineData("x!=a", "x", false, null)]
    [InlineData("y=a", "x", false, null)]
    public void RequiresExactMatch_ReportsSingleRequiredValue(string selector, string label, bool found, string? value)
    {
        Selector.Parse(selector).RequiresExactMatch(label, out var actual).ShouldBe(found);
        actual.ShouldBe(value);
    }

    [Fact]
    public void FromSet_SortsByKeyAndMatchesExactly()
    {
        var selector = Selector.FromSet(new Dictionary<string, string> { ["foo"] = "bar", ["baz"] = "blah" });
        selector.ToString().ShouldBe("baz=blah,foo=bar");
        selector.Matches(FooBarBazBlah).ShouldBeTrue();
        Selector.FromSet(null).IsEmpty.ShouldBeTrue();
        Selector.FromValidatedSet(new Dictionary<string, string>()).IsEmpty.ShouldBeTrue();
    }

    [Fact]
    public void TryFromSetValidated_InvalidValue_ReturnsUpstreamError()
    {
        Selector.TryFromSetValidated(new Dictionary<string, string> { ["a"] = "-bad" }, out _, out var error).ShouldBeFalse();
        error.ShouldBe("values[0][a]: Invalid value: \"-bad\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')");
    }
}
