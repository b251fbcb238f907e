using System.Text.Json;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Labels;
using KubeSharp.Scheduler.Framework;
using KubeSharp.Scheduler.Plugins;
using static KubeSharp.Scheduler.Tests.PluginHarness;

namespace KubeSharp.Scheduler.Tests;

public class PodTopologySpreadTests
{
    private const string Skew = "Unschedulable: node(s) didn't match pod topology spread constraints";
    private const string MissingLabel = "UnschedulableAndUnresolvable: node(s) didn't match pod topology spread constraints (missing required label)";

    private static PodWrapper Spread(PodWrapper pod, string constraintsYaml) => pod.Spec("topologySpreadConstraints: " + constraintsYaml);

    private static string C(int maxSkew, string key, string when = "DoNotSchedule", string extra = "") =>
        $"{{maxSkew: {maxSkew}, topologyKey: {key}, whenUnsatisfiable: {when}, labelSelector: {{matchExpressions: [{{key: foo, operator: Exists}}]}}{extra}}}";

    private static NodeWrapper[] FourNodes() =>
    [
        St.MakeNode("node-a").Label("zone", "zone1").Label("node", "node-a"),
        St.MakeNode("node-b").Label("zone", "zone1").Label("node", "node-b"),
        St.MakeNode("node-x").Label("zone", "zone2").Label("node", "node-x"),
        St.MakeNode("node-y").Label("zone", "zone2").Label("node", "node-y"),
    ];

    private static PodWrapper[] Pods(params (string Node, int Count)[] placement) =>
        [.. placement.SelectMany(p => Enumerable.Range(0, p.Count).Select(i => St.MakePod($"p-{p.Node}-{i}").Node(p.Node).Label("foo", "")))];

    private static Dictionary<string, string> FilterAll(PodWrapper pod, NodeWrapper[] nodes, PodWrapper[] pods)
    {
        var snapshot = Snapshot.Create(pods.Select(p => p.Obj()), nodes.Select(n => n.Obj()));
        var plugin = new PodTopologySpread(new TestHandle(snapshot));
        var state = new CycleState();
        var (_, pre) = plugin.PreFilter(state, pod, snapshot.NodeInfos);
        return snapshot.NodeInfos.ToDictionary(n => n.Name, n => pre.IsSkip ? "Success" : Describe(plugin.Filter(state, pod, n)));
    }

    [Fact]
    public void Filter_NoExistingPods_AllFit()
    {
        var pod = Spread(St.MakePod().Label("foo", ""), "[" + C(1, "zone") + "]");
        FilterAll(pod, FourNodes(), []).Values.ShouldAllBe(v => v == "Success");
    }

    [Fact]
    public void Filter_PodsInOtherNamespacesDoNotCount()
    {
        var pod = Spread(St.MakePod().Label("foo", ""), "[" + C(1, "zone") + "]");
        var others = new[] { St.MakePod("o1", "other").Node("node-a").Label("foo", ""), St.MakePod("o2", "other").Node("node-a").Label("foo", "") };
        FilterAll(pod, FourNodes(), others).Values.ShouldAllBe(v => v == "Success");
    }

    [Fact]
    public void Filter_ZonesThreeAndThree_AllFit()
    {
        var pod = Spread(St.MakePod().Label("foo", ""), "[" + C(1, "zone") + "]");
        FilterAll(pod, FourNodes(), Pods(("node-a", 2), ("node-b", 1), ("node-x", 1), ("node-y", 2))).Values.ShouldAllBe(v => v == "Success");
    }

    [Fact]
    public void Filter_NodeWithoutTheTopologyLabel_IsUnresolvable()
    {
        NodeWrapper[] nodes = [St.MakeNode("node-a").Label("zone", "zone1"), St.MakeNode("node-b"), St.MakeNode("node-x").Label("zone", "zone2"), St.MakeNode("node-y").Label("zone", "zone2")];
        var pod = Spread(St.MakePod().Label("foo", ""), "[" + C(1, "zone") + "]");
        var result = FilterAll(pod, nodes, Pods(("node-a", 1), ("node-b", 1), ("node-y", 2)));
        result["node-a"].ShouldBe("Success");
        result["node-b"].ShouldBe(MissingLabel);
        result["node-x"].ShouldBe(Skew);
        result["node-y"].ShouldBe(Skew);
    }

    [Fact]
    public void Filter_NoNodeHasTheKey_AllUnresolvable()
    {
        var pod = Spread(St.MakePod().Label("foo", ""), "[" + C(1, "rack") + "]");
        FilterAll(pod, FourNodes(), []).Values.ShouldAllBe(v => v == MissingLabel);
    }

    [Theory]
    [InlineData(1, "node-x")]
    [InlineData(2, "node-b,node-x")]
    public void Filter_SpreadAcrossNodes_2_1_0_3(int maxSkew, string fitting)
    {
        var pod = Spread(St.MakePod().Label("foo", ""), "[" + C(maxSkew, "node") + "]");
        var result = FilterAll(pod, FourNodes(), Pods(("node-a", 2), ("node-b", 1), ("node-y", 3)));
        result.Where(r => r.Value == "Success").Select(r => r.Key).Order(StringComparer.Ordinal).ShouldBe(fitting.Split(','));
        result.Where(r => r.Value != "Success").ShouldAllBe(r => r.Value == Skew);
    }

    [Fact]
    public void Filter_IncomingPodNotMatchingItself_DoesNotCountSelf()
    {
        var pod = Spread(St.MakePod().Label("bar", ""), "[" + C(1, "node") + "]");
        var result = FilterAll(pod, FourNodes(), Pods(("node-a", 1), ("node-b", 1), ("node-x", 1)));
        // node-y has 0, others 1: 1 + 0 - 0 <= 1 everywhere.
        result.Values.ShouldAllBe(v => v == "Success");
    }

    [Fact]
    public void Filter_TwoConstraints_BothMustHold()
    {
        var pod = Spread(St.MakePod().Label("foo", ""), "[" + C(1, "zone") + ", " + C(1, "node") + "]");
        // zone1: 3, zone2: 3 -> zone ok everywhere; nodes 2/1/0/3 -> only node-x.
        var result = FilterAll(pod, FourNodes(), Pods(("node-a", 2), ("node-b", 1), ("node-y", 3)));
        result.Where(r => r.Value == "Success").Select(r => r.Key).ShouldBe(["node-x"]);
    }

    [Fact]
    public void Filter_MinDomainsAboveTheDomainCount_TreatsTheMinimumAsZero()
    {
        var pod = Spread(St.MakePod().Label("foo", ""), "[" + C(1, "zone", extra: ", minDomains: 3") + "]");
        FilterAll(pod, FourNodes(), Pods(("node-a", 2), ("node-x", 2))).Values.ShouldAllBe(v => v == Skew);
        var two = Spread(St.MakePod().Label("foo", ""), "[" + C(1, "zone", extra: ", minDomains: 2") + "]");
        FilterAll(two, FourNodes(), Pods(("node-a", 2), ("node-x", 2))).Values.ShouldAllBe(v => v == "Success");
    }

    [Theory]
    [InlineData("", true)]
    [InlineData(", nodeAffinityPolicy: Honor", true)]
    [InlineData(", nodeAffinityPolicy: Ignore", false)]
    public void Filter_NodeAffinityPolicy(string policy, bool nodeAFits)
    {
        // Only zone1's node carries ssd=true, which the pod selects; zone1 has 1 matching pod, zone2 none. Honoring
        // the pod's node affinity (the default) leaves zone2 out of the domains, so the minimum is 1, not 0.
        NodeWrapper[] nodes = [St.MakeNode("node-a").Label("zone", "zone1").Label("ssd", "true"), St.MakeNode("node-x").Label("zone", "zone2")];
        var pod = Spread(St.MakePod().Label("foo", ""), "[" + C(1, "zone", extra: policy) + "]").NodeSelector("ssd", "true");
        FilterAll(pod, nodes, Pods(("node-a", 1)))["node-a"].ShouldBe(nodeAFits ? "Success" : Skew);
    }

    [Theory]
    [InlineData("", false)]
    [InlineData(", nodeTaintsPolicy: Ignore", false)]
    [InlineData(", nodeTaintsPolicy: Honor", true)]
    public void Filter_NodeTaintsPolicy(string policy, bool nodeAFits)
    {
        NodeWrapper[] nodes = [St.MakeNode("node-a").Label("zone", "zone1"), St.MakeNode("node-x").Label("zone", "zone2").Taint("k", "v", "NoSchedule")];
        var pod = Spread(St.MakePod().Label("foo", ""), "[" + C(1, "zone", extra: policy) + "]");
        var result = FilterAll(pod, nodes, Pods(("node-a", 1)));
        result["node-a"].ShouldBe(nodeAFits ? "Success" : Skew);
    }

    [Fact]
    public void Filter_TerminatingPodsDoNotCount()
    {
        var pods = Pods(("node-a", 2));
        foreach (var p in pods)
        {
            p.Obj().Metadata.DeletionTimestamp = KubeSharp.Api.Time.Now();
        }

        var pod = Spread(St.MakePod().Label("foo", ""), "[" + C(1, "node") + "]");
        FilterAll(pod, FourNodes(), pods).Values.ShouldAllBe(v => v == "Success");
    }

    [Fact]
    public void PreFilter_NoConstraints_Skips()
    {
        var snapshot = Snapshot.Create([], FourNodes().Select(n => n.Obj()));
        new PodTopologySpread(new TestHandle(snapshot)).PreFilter(new CycleState(), St.MakePod(), snapshot.NodeInfos).Status.IsSkip.ShouldBeTrue();
    }

    [Fact]
    public void CriticalPaths_TrackTheTwoSmallestDomains()
    {
        var paths = new PodTopologySpread.CriticalPaths();
        paths.Update("a", 3);
        paths.Update("b", 1);
        paths.Update("c", 2);
        paths.MinMatchNum.ShouldBe(1);
        paths.Update("b", 4);
        paths.MinMatchNum.ShouldBe(2);
    }

    private static long[]? ScoreAll(PodWrapper pod, NodeWrapper[] nodes, PodWrapper[] pods, Func<Pod, Selector>? defaultSelector = null)
    {
        var snapshot = Snapshot.Create(pods.Select(p => p.Obj()), nodes.Select(n => n.Obj()));
        return RunScore(new PodTopologySpread(new TestHandle(snapshot, defaultSelector)), pod, snapshot);
    }

    [Fact]
    public void Score_OneConstraintOnNodes()
    {
        var pod = Spread(St.MakePod().Label("foo", ""), "[" + C(1, "node", "ScheduleAnyway") + "]");
        ScoreAll(pod, FourNodes(), []).ShouldBe([100, 100, 100, 100]);
        // Counts 2/1/0/3, weight ln(6): 3.58->4, 1.79->2, 0, 5.38->5; normalised 100*(max+min-s)/max.
        ScoreAll(pod, FourNodes(), Pods(("node-a", 2), ("node-b", 1), ("node-y", 3))).ShouldBe([20, 60, 100, 0]);
    }

    [Fact]
    public void Score_OneConstraintOnZones()
    {
        var pod = Spread(St.MakePod().Label("foo", ""), "[" + C(1, "zone", "ScheduleAnyway") + "]");
        // zone1: 3 pods, zone2: 1; weight ln(4): 4.16->4 and 1.39->1.
        ScoreAll(pod, FourNodes(), Pods(("node-a", 2), ("node-b", 1), ("node-y", 1))).ShouldBe([25, 25, 100, 100]);
    }

    [Fact]
    public void Score_NodesMissingTheKeyAreIgnored()
    {
        NodeWrapper[] nodes = [St.MakeNode("node-a").Label("zone", "zone1"), St.MakeNode("node-b")];
        var pod = Spread(St.MakePod().Label("foo", ""), "[" + C(1, "zone", "ScheduleAnyway") + "]");
        ScoreAll(pod, nodes, []).ShouldBe([100, 0]);
    }

    [Fact]
    public void Score_SystemDefaults_UseTheOwnersSelectorAndSpreadByHostname()
    {
        NodeWrapper[] nodes = [St.MakeNode("a").Label(PodTopologySpread.LabelHostname, "a"), St.MakeNode("b").Label(PodTopologySpread.LabelHostname, "b")];
        PodWrapper[] pods = [St.MakePod("web-1").Node("a").Label("app", "web")];
        var pod = St.MakePod("web-2").Label("app", "web");
        ScoreAll(pod, nodes, pods).ShouldBeNull();
        // hostname maxSkew 3, weight ln(4): a = 1.39 + 2 -> 3, b = 2; normalised 66 / 100. Zone is absent: ignored.
        ScoreAll(pod, nodes, pods, _ => Selector.Parse("app=web")).ShouldBe([66, 100]);
    }

    [Theory]
    [InlineData("""{"defaultingType":"System","defaultConstraints":[{"maxSkew":1,"topologyKey":"zone","whenUnsatisfiable":"DoNotSchedule"}]}""", "must be empty")]
    [InlineData("""{"defaultingType":"List","defaultConstraints":[{"maxSkew":0,"topologyKey":"zone","whenUnsatisfiable":"DoNotSchedule"}]}""", "greater than zero")]
    [InlineData("""{"defaultingType":"List","defaultConstraints":[{"maxSkew":1,"topologyKey":"zone","whenUnsatisfiable":"Maybe"}]}""", "Unsupported value")]
    [InlineData("""{"defaultingType":"Other"}""", "Unsupported value")]
    public void Args_Invalid(string json, string message) =>
        Should.Throw<JsonException>(() => PodTopologySpread.FromArgs(JsonDocument.Parse(json).RootElement, new TestHandle(Snapshot.Empty))).Message.ShouldContain(message);
}
