using KubeSharp.Api;
using KubeSharp.Api.Metrics.V1Beta1;
using KubeSharp.Controllers.Autoscaling;
using KubeSharp.Controllers.Autoscaling.Metrics;

namespace KubeSharp.Controllers.Tests.Autoscaling;

/// <summary>PodMetrics to samples as upstream's rest_metrics_client.go, and Go's printing of selectors.</summary>
public class RestMetricsClientTests
{
    private static PodMetrics Metrics(string pod, params (string Container, string? Cpu)[] containers) => new()
    {
        Metadata = new Api.Meta.V1.ObjectMeta { Name = pod, Namespace = "ns" },
        Timestamp = Time.FromUnix(1_700_000_000),
        Window = Duration.FromTimeSpan(TimeSpan.FromSeconds(15)),
        Containers = [.. containers.Select(c => new ContainerMetrics
        {
            Name = c.Container,
            Usage = c.Cpu is null ? new() { ["memory"] = Quantity.Parse("1Mi") } : new() { ["cpu"] = Quantity.Parse(c.Cpu), ["memory"] = Quantity.Parse("1Mi") },
        })],
    };

    [Fact]
    public void PodMetrics_SumContainers_AndDropPodsWithAMissingContainerSample()
    {
        var result = RestMetricsClient.PodMetricsOf([Metrics("a", ("x", "100m"), ("y", "250m")), Metrics("b", ("x", "1"), ("y", null)), Metrics("c")], "cpu");
        result.Keys.ShouldBe(["a"]);
        result["a"].Value.ShouldBe(350);
        result["a"].Window.ShouldBe(TimeSpan.FromSeconds(15));
        result["a"].Timestamp.ShouldBe(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
    }

    [Fact]
    public void ContainerMetrics_OneContainer_AndAMissingContainerFails()
    {
        var result = RestMetricsClient.ContainerMetrics([Metrics("a", ("x", "100m"), ("y", "250m")), Metrics("b", ("x", "2"), ("y", null))], "cpu", "y");
        result.Keys.ShouldBe(["a"]);
        result["a"].Value.ShouldBe(250);
        Should.Throw<MetricsException>(() => RestMetricsClient.ContainerMetrics([Metrics("a", ("x", "100m"))], "cpu", "y"))
            .Message.ShouldBe("failed to get container metrics: container y not present in metrics for pod ns/a");
    }

    [Fact]
    public void GoFormat_LabelSelector()
    {
        GoFormat.LabelSelector(null).ShouldBe("nil");
        GoFormat.LabelSelector(new Api.Meta.V1.LabelSelector
        {
            MatchLabels = new() { ["b"] = "2", ["a"] = "1" },
            MatchExpressions = [new Api.Meta.V1.LabelSelectorRequirement { Key = "k", Operator = "In", Values = ["v1", "v2"] }],
        }).ShouldBe("&LabelSelector{MatchLabels:map[string]string{a: 1,b: 2,},MatchExpressions:[]LabelSelectorRequirement{LabelSelectorRequirement{Key:k,Operator:In,Values:[v1 v2],},},}");
    }

    [Theory]
    [InlineData("apps/v1", "apps", "v1", true)]
    [InlineData("v1", "", "v1", true)]
    [InlineData("", "", "", true)]
    [InlineData("a/b/c", "", "", false)]
    public void ParseGroupVersion(string apiVersion, string group, string version, bool ok)
    {
        ScaleTargets.TryParseGroupVersion(apiVersion, out var g, out var v, out var error).ShouldBe(ok);
        if (ok)
        {
            (g, v).ShouldBe((group, version));
        }
        else
        {
            error.ShouldBe("unexpected GroupVersion string: " + apiVersion);
        }
    }
}
