using KubeSharp.Api.Core.V1;
using KubeSharp.Scheduler.Config;
using KubeSharp.Scheduler.Framework;

namespace KubeSharp.Scheduler.Tests;

/// <summary>
/// A <see cref="PodScheduler"/> reuses its per-attempt buffers (filter statuses, feasible nodes, score rows and
/// totals): nothing of one attempt may show in the next, whatever the cluster sizes and outcomes in between.
/// </summary>
public class CycleBufferReuseTests
{
    private static SchedulerFramework Framework(Snapshot snapshot, PluginRegistry? registry = null, string? configYaml = null)
    {
        var config = configYaml is null ? SchedulerConfigLoader.Default() : SchedulerConfigLoader.Parse(configYaml);
        var fw = SchedulerFramework.Create(config.Profiles[0], registry ?? PluginRegistry.InTree(), config.Parallelism, config.PercentageOfNodesToScore);
        fw.SetSnapshot(snapshot);
        return fw;
    }

    private static NodeWrapper Node(string name, string cpu) => St.MakeNode(name).Capacity("cpu=" + cpu, "memory=16Gi").Label("kubernetes.io/hostname", name);

    private static Node[] Nodes(int count, Func<int, string> cpu) =>
        [.. Enumerable.Range(0, count).Select(i => (Node)Node("n" + i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture), cpu(i)))];

    private static ScheduleResult Run(PodScheduler scheduler, Pod pod, Node[] nodes, IEnumerable<Pod>? pods = null) =>
        scheduler.Schedule(Framework(Snapshot.Create(pods ?? [], nodes)), new CycleState(), pod);

    [Fact]
    public void FailuresOfALargerEarlierAttempt_DoNotShowInASmallerLaterOne()
    {
        var reused = new PodScheduler();

        // 300 nodes, two thirds too small: 200 filter failures are recorded in the reused slots.
        var big = Run(reused, St.MakePod("a").Req("cpu=3"), Nodes(300, i => i % 3 == 0 ? "4" : "2"));
        big.FeasibleNodes.ShouldBeGreaterThan(0);

        // Then a pod that fits nowhere on 3 nodes, for a different reason: only its own 3 statuses count.
        var small = Run(reused, St.MakePod("b").Req("cpu=1"), [Node("t0", "4").Taint("k", "v", "NoSchedule"), Node("t1", "4").Taint("k", "v", "NoSchedule"), Node("t2", "4").Taint("k", "v", "NoSchedule")]);
        small.FitError!.Message.ShouldBe("0/3 nodes are available: 3 node(s) had untolerated taint {k: v}.");
        small.EvaluatedNodes.ShouldBe(3);
        small.FitError.Diagnosis.NodeToStatus.Count.ShouldBe(3);
        small.FitError.Diagnosis.UnschedulablePlugins.ShouldBe(["TaintToleration"]);

        // And a pod that fits everywhere on the big cluster: nothing filtered out.
        var fits = Run(reused, St.MakePod("c").Req("cpu=1"), Nodes(300, _ => "4"));
        fits.FitError.ShouldBeNull();
        fits.EvaluatedNodes.ShouldBe(fits.FeasibleNodes);
    }

    [Fact]
    public void ASequenceOfAttempts_GivesTheSameResultsAsFreshSchedulers()
    {
        var reused = new PodScheduler(random: new Random(1));
        var clusters = new[]
        {
            Nodes(250, i => i % 2 == 0 ? "4" : "1"),
            Nodes(7, i => i < 3 ? "1" : "8"),
            Nodes(120, i => i % 5 == 0 ? "8" : "1"),
            Nodes(2, _ => "1"),
            Nodes(40, i => i == 17 ? "8" : "2"),
        };
        for (var round = 0; round < 3; round++)
        {
            for (var c = 0; c < clusters.Length; c++)
            {
                var pod = St.MakePod("p" + c.ToString(System.Globalization.CultureInfo.InvariantCulture)).Req(round == 1 ? "cpu=6" : "cpu=2").Obj();
                var got = Run(reused, pod, clusters[c]);
                var want = Run(new PodScheduler(random: new Random(1)), pod, clusters[c]);
                got.FitError?.Message.ShouldBe(want.FitError?.Message);
                got.FeasibleNodes.ShouldBe(want.FeasibleNodes);
                got.EvaluatedNodes.ShouldBe(want.EvaluatedNodes);
                if (want.FitError is not null)
                {
                    got.FitError!.Diagnosis.NodeToStatus.Count.ShouldBe(want.FitError.Diagnosis.NodeToStatus.Count);
                }
            }
        }
    }

    [Fact]
    public void ScoresOfALargerEarlierAttempt_DoNotLeakIntoTheTotals()
    {
        var reused = new PodScheduler();

        // 50 nodes scored first; the last ones are the emptiest, so their rows hold high scores.
        var existing = Enumerable.Range(0, 45).Select(i => (Pod)St.MakePod("e" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Node("n" + i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture)).Req("cpu=3"));
        Run(reused, St.MakePod("a").Req("cpu=1"), Nodes(50, _ => "4"), existing).FeasibleNodes.ShouldBe(50);

        // Then two nodes: the idle one must win every time (a leftover total would favour the busy one at index 0).
        for (var i = 0; i < 20; i++)
        {
            Run(reused, St.MakePod("b").Req("cpu=1"), [Node("busy", "4"), Node("idle", "4")], [St.MakePod("x").Node("busy").Req("cpu=3")])
                .SuggestedHost.ShouldBe("idle");
        }
    }

    private sealed class ThrowingFilter : IFilterPlugin
    {
        public string Name => "Throwing";

        public Status Filter(CycleState state, Pod pod, NodeInfo nodeInfo) =>
            pod.Metadata.Name == "boom" ? throw new InvalidOperationException("boom") : Status.Success;
    }

    [Fact]
    public void AnAttemptEndedByAnException_LeavesNoFailuresForTheNext()
    {
        var registry = PluginRegistry.InTree().Register("Throwing", (_, _) => new ThrowingFilter());
        const string config = """
            apiVersion: kubescheduler.config.k8s.io/v1
            kind: KubeSchedulerConfiguration
            profiles:
            - schedulerName: default-scheduler
              plugins:
                filter:
                  enabled: [{name: Throwing}]
            """;
        var reused = new PodScheduler();

        // NodeResourcesFit rejects the small nodes (statuses in the slots), then the throwing filter ends the attempt.
        var nodes = Nodes(60, i => i % 2 == 0 ? "4" : "1");
        Should.Throw<InvalidOperationException>(() =>
            reused.Schedule(Framework(Snapshot.Create([], nodes), registry, config), new CycleState(), St.MakePod("boom").Req("cpu=2")));

        // The next attempt fits everywhere: no failure from the aborted attempt may be counted or reported.
        var fits = reused.Schedule(Framework(Snapshot.Create([], Nodes(60, _ => "4")), registry, config), new CycleState(), St.MakePod("ok").Req("cpu=2"));
        fits.FeasibleNodes.ShouldBe(60);
        fits.EvaluatedNodes.ShouldBe(60);

        var fails = reused.Schedule(Framework(Snapshot.Create([], Nodes(60, _ => "1")), registry, config), new CycleState(), St.MakePod("big").Req("cpu=2"));
        fails.FitError!.Message.ShouldBe("0/60 nodes are available: 60 Insufficient cpu.");
    }
}
