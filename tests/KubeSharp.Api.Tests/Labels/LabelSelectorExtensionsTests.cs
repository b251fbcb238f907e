using KubeSharp.Api.Labels;
using KubeSharp.Api.Meta.V1;

namespace KubeSharp.Api.Tests.Labels;

public class LabelSelectorExtensionsTests
{
    [Fact]
    public void ToSelector_GeneratedLabelSelector_MatchesLabelsAndExpressions()
    {
        var labelSelector = new LabelSelector
        {
            MatchLabels = new() { ["app"] = "web" },
            MatchExpressions = [new LabelSelectorRequirement { Key = "tier", Operator = "In", Values = ["a", "b"] }],
        };

        var selector = labelSelector.ToSelector();

        selector.ToString().ShouldBe("app=web,tier in (a,b)");
        selector.Matches(new Dictionary<string, string> { ["app"] = "web", ["tier"] = "b" }).ShouldBeTrue();
        selector.Matches(new Dictionary<string, string> { ["app"] = "web" }).ShouldBeFalse();
    }

    [Fact]
    public void ToSelector_NullAndEmpty_FollowUpstream()
    {
        ((LabelSelector?)null).ToSelector().MatchesNothing.ShouldBeTrue();
        new LabelSelector().ToSelector().IsEmpty.ShouldBeTrue();
    }

    [Fact]
    public void TryToSelector_BadOperator_ReturnsUpstreamError()
    {
        var labelSelector = new LabelSelector { MatchExpressions = [new LabelSelectorRequirement { Key = "a", Operator = "Foo" }] };
        labelSelector.TryToSelector(out _, out var error).ShouldBeFalse();
        error.ShouldBe("\"Foo\" is not a valid label selector operator");
    }
}
