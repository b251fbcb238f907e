using KubeSharp.Controllers.Benchmarks;

namespace KubeSharp.Controllers.Tests.Integration;

/// <summary>
/// Runs bench/KubeSharp.Controllers.Benchmarks at a tiny scale so the harness cannot rot: every scenario must do all
/// its work against the real API server and controller manager (every pod of every Deployment created, the cache
/// scenario's pods counted). No timing is asserted.
/// </summary>
public sealed class ControllerBenchmarkSmokeTests
{
    [Fact]
    public async Task EveryScenario_RunsAtTinyScale_AndCreatesEveryPod()
    {
        var options = new ControllerBenchOptions { Scale = 0.02, Timeout = TimeSpan.FromMinutes(2) };
        var log = new StringWriter();

        var results = await ControllerBench.RunAsync(options, log, CancellationToken.None);

        results.Count.ShouldBe(3, log.ToString());
        results[0].Count.ShouldBe(options.Replicas, log.ToString());
        results[0].Figure.StartsWith("timeout", StringComparison.Ordinal).ShouldBeFalse(log.ToString());
        results[1].Count.ShouldBe(options.Deployments * options.ReplicasEach, log.ToString());
        results[1].Figure.StartsWith("timeout", StringComparison.Ordinal).ShouldBeFalse(log.ToString());
        results[2].Count.ShouldBeGreaterThanOrEqualTo(options.CachePods, log.ToString());
    }
}
