using KubeSharp.Scheduler.Benchmarks;

namespace KubeSharp.Scheduler.Tests.Integration;

/// <summary>
/// The end-to-end benchmark (bench/KubeSharp.Scheduler.Benchmarks --api, linked) at 1 % size: every scenario runs
/// through a real API server, simulated nodes and the scheduler, and every pod gets bound. Correctness only: the
/// figures are measured in bench/, never asserted here.
/// </summary>
public class ApiBenchSmokeTests
{
    [Theory]
    [InlineData("SchedulingBasic")]
    [InlineData("RequiredPodAntiAffinity")]
    [InlineData("HardTopologySpread")]
    [InlineData("NodeAffinity")]
    public async Task Scenario_AtOnePercent_BindsEveryPod(string name)
    {
        var scenario = ApiScenario.All(0.01).Single(s => s.Name == name);
        var result = await ApiBench.RunAsync(scenario, new ApiBenchOptions { Creators = 4, Timeout = TimeSpan.FromMinutes(5) });
        result.Bound.ShouldBe(scenario.Pods);
        // Every pod went through the instrumented cycle. (The stats' bind counter is bumped after the binding call
        // returns, which can be after the run ends on seeing the last binding; it lagged 17/20 once under load.)
        result.Stats.Attempts.ShouldBeGreaterThanOrEqualTo(scenario.Pods);
        result.Breakdown().ShouldContain("scheduler loop");
    }
}
