using KubeSharp.Api.Core.V1;
using KubeSharp.Scheduler.Framework;
using KubeSharp.Scheduler.Plugins;
using static KubeSharp.Scheduler.Tests.PluginHarness;

namespace KubeSharp.Scheduler.Tests;

public class InterPodAffinityTests
{
    private const string AffinityMismatch = "UnschedulableAndUnresolvable: node(s) didn't match pod affinity rules";
    private const string AntiMismatch = "Unschedulable: node(s) didn't match pod anti-affinity rules";
    private const string ExistingAntiMismatch = "Unschedulable: node(s) didn't satisfy existing pods anti-affinity rules";

    private static Affinity Aff(string yaml) => St.FromYaml<Affinity>(yaml);

    private static string Term(string op, string values, string topologyKey, string extra = "") =>
        $"[{{labelSelector: {{matchExpressions: [{{key: service, operator: {op}{(values.Length > 0 ? ", values: [" + values + "]" : "")}}}]}}, topologyKey: {topologyKey}{extra}}}]";

    private static Status Run(PodWrapper pod, NodeWrapper[] nodes, PodWrapper[] pods, string nodeName, Func<string, IReadOnlyDictionary<string, string>?>? nsLabels = null)
    {
        var snapshot = Snapshot.Create(pods.Select(p => p.Obj()), nodes.Select(n => n.Obj()));
        if (nsLabels is not null)
        {
            snapshot.NamespaceLabels = nsLabels;
        }

        return RunFilter(new InterPodAffinity(new TestHandle(snapshot)), pod, snapshot.Get(nodeName)!, snapshot);
    }

    private static NodeWrapper Node1() => St.MakeNode("node1").Label("region", "r1").Label("zone", "z11").Label("hostname", "h1");

    private static PodWrapper Existing(string service = "securityscan", string node = "node1") => St.MakePod("existing").Node(node).Label("service", service);

    [Fact]
    public void Filter_NoAffinity_NoExistingPods_Fits() =>
        Run(St.MakePod(), [Node1()], [], "node1").IsSuccess.ShouldBeTrue();

    [Theory]
    [InlineData("In", "securityscan, value2", "Success")]
    [InlineData("NotIn", "other, value3", "Success")]
    [InlineData("Exists", "", "Success")]
    [InlineData("In", "antivirusscan, value2", AffinityMismatch)]
    [InlineData("DoesNotExist", "", AffinityMismatch)]
    public void Filter_RequiredAffinity_AgainstExistingPod(string op, string values, string expected)
    {
        // The incoming pod's own label matches none of the terms, so "first pod of a group" does not apply.
        var pod = St.MakePod().Label("service", "other").Affinity(Aff("podAffinity: {requiredDuringSchedulingIgnoredDuringExecution: " + Term(op, values, "region") + "}"));
        Describe(Run(pod, [Node1()], [Existing()], "node1")).ShouldBe(expected);
    }

    [Fact]
    public void Filter_RequiredAffinity_OtherNamespaceDoesNotCount()
    {
        var pod = St.MakePod("p", "ns1").Affinity(Aff("podAffinity: {requiredDuringSchedulingIgnoredDuringExecution: " + Term("In", "securityscan", "region") + "}"));
        var existing = St.MakePod("existing", "ns2").Node("node1").Label("service", "securityscan");
        Describe(Run(pod, [Node1()], [existing], "node1")).ShouldBe(AffinityMismatch);
    }

    [Fact]
    public void Filter_RequiredAffinity_NamespaceSelectorSelectsTheExistingPodsNamespace()
    {
        var pod = St.MakePod("p", "ns1").Affinity(Aff("podAffinity: {requiredDuringSchedulingIgnoredDuringExecution: " +
            Term("In", "securityscan", "region", ", namespaceSelector: {matchLabels: {team: team1}}") + "}"));
        var existing = St.MakePod("existing", "team1-ns").Node("node1").Label("service", "securityscan");
        IReadOnlyDictionary<string, string>? Labels(string ns) => ns == "team1-ns" ? new Dictionary<string, string> { ["team"] = "team1" } : null;
        Run(pod, [Node1()], [existing], "node1", Labels).IsSuccess.ShouldBeTrue();
        Describe(Run(pod, [Node1()], [existing], "node1")).ShouldBe(AffinityMismatch);
    }

    [Fact]
    public void Filter_RequiredAffinity_ExpressionsAreAnded()
    {
        var pod = St.MakePod().Affinity(Aff("""
            podAffinity:
              requiredDuringSchedulingIgnoredDuringExecution:
              - labelSelector:
                  matchExpressions:
                  - {key: service, operator: Exists}
                  - {key: wrongkey, operator: DoesNotExist}
                topologyKey: region
              - labelSelector:
                  matchExpressions:
                  - {key: service, operator: In, values: [securityscan]}
                  - {key: service, operator: NotIn, values: [WrongValue]}
                topologyKey: region
            """));
        Run(pod, [Node1()], [Existing()], "node1").IsSuccess.ShouldBeTrue();
        var failing = St.MakePod().Affinity(Aff("""
            podAffinity:
              requiredDuringSchedulingIgnoredDuringExecution:
              - labelSelector:
                  matchExpressions:
                  - {key: service, operator: Exists}
                  - {key: service, operator: NotIn, values: [securityscan]}
                topologyKey: region
            """));
        Describe(Run(failing, [Node1()], [Existing()], "node1")).ShouldBe(AffinityMismatch);
    }

    [Fact]
    public void Filter_AffinityAndAntiAffinity()
    {
        var ok = St.MakePod().Affinity(Aff("podAffinity: {requiredDuringSchedulingIgnoredDuringExecution: " + Term("In", "securityscan", "region") +
                                           "}\npodAntiAffinity: {requiredDuringSchedulingIgnoredDuringExecution: " + Term("In", "antivirusscan", "hostname") + "}"));
        Run(ok, [Node1()], [Existing()], "node1").IsSuccess.ShouldBeTrue();
        var anti = St.MakePod().Affinity(Aff("podAffinity: {requiredDuringSchedulingIgnoredDuringExecution: " + Term("In", "securityscan", "region") +
                                             "}\npodAntiAffinity: {requiredDuringSchedulingIgnoredDuringExecution: " + Term("In", "securityscan", "zone") + "}"));
        Describe(Run(anti, [Node1()], [Existing()], "node1")).ShouldBe(AntiMismatch);
    }

    [Fact]
    public void Filter_ExistingPodsAntiAffinity_IsSymmetric()
    {
        var existing = Existing("securityscan").Affinity(Aff("podAntiAffinity: {requiredDuringSchedulingIgnoredDuringExecution: " + Term("In", "securityscan", "zone") + "}"));
        var pod = St.MakePod().Label("service", "securityscan");
        Describe(Run(pod, [Node1()], [existing], "node1")).ShouldBe(ExistingAntiMismatch);
        var notMatching = Existing("securityscan").Affinity(Aff("podAntiAffinity: {requiredDuringSchedulingIgnoredDuringExecution: " + Term("NotIn", "securityscan", "zone") + "}"));
        Run(pod, [Node1()], [notMatching], "node1").IsSuccess.ShouldBeTrue();
        // A node without the topology label is not affected.
        var bare = St.MakeNode("node2");
        Run(pod, [Node1(), bare], [existing], "node2").IsSuccess.ShouldBeTrue();
    }

    [Fact]
    public void Filter_FirstPodOfAGroupWithAffinityToItself_Fits()
    {
        var pod = St.MakePod().Label("service", "securityscan")
            .Affinity(Aff("podAffinity: {requiredDuringSchedulingIgnoredDuringExecution: " + Term("In", "securityscan", "region") + "}"));
        Run(pod, [Node1()], [], "node1").IsSuccess.ShouldBeTrue();
        // Not when the node lacks the topology key.
        Describe(Run(pod, [St.MakeNode("node2")], [], "node2")).ShouldBe(AffinityMismatch);
    }

    [Fact]
    public void Filter_AffinityToPodsInAnotherRegion_OnlyThatRegionFits()
    {
        var pod = St.MakePod().Label("service", "securityscan")
            .Affinity(Aff("podAffinity: {requiredDuringSchedulingIgnoredDuringExecution: " + Term("In", "securityscan", "region") + "}"));
        NodeWrapper[] nodes = [Node1(), St.MakeNode("node2").Label("region", "r2"), St.MakeNode("node3").Label("region", "r2")];
        PodWrapper[] pods = [Existing(node: "node2")];
        Describe(Run(pod, nodes, pods, "node1")).ShouldBe(AffinityMismatch);
        Run(pod, nodes, pods, "node2").IsSuccess.ShouldBeTrue();
        Run(pod, nodes, pods, "node3").IsSuccess.ShouldBeTrue();
    }

    [Fact]
    public void Filter_AntiAffinityByZone_ExcludesEveryNodeOfTheZone()
    {
        var pod = St.MakePod().Affinity(Aff("podAntiAffinity: {requiredDuringSchedulingIgnoredDuringExecution: " + Term("In", "web", "zone") + "}"));
        NodeWrapper[] nodes = [St.MakeNode("a").Label("zone", "z1"), St.MakeNode("b").Label("zone", "z1"), St.MakeNode("c").Label("zone", "z2")];
        PodWrapper[] pods = [Existing("web", "a")];
        Describe(Run(pod, nodes, pods, "a")).ShouldBe(AntiMismatch);
        Describe(Run(pod, nodes, pods, "b")).ShouldBe(AntiMismatch);
        Run(pod, nodes, pods, "c").IsSuccess.ShouldBeTrue();
    }

    [Fact]
    public void PreFilterExtensions_AddAndRemovePod_UpdateCounts()
    {
        var pod = St.MakePod().Affinity(Aff("podAntiAffinity: {requiredDuringSchedulingIgnoredDuringExecution: " + Term("In", "web", "hostname") + "}")).Obj();
        var existing = Existing("web").Obj();
        var snapshot = Snapshot.Create([existing], [Node1()]);
        var plugin = new InterPodAffinity(new TestHandle(snapshot));
        var state = new CycleState();
        plugin.PreFilter(state, pod, snapshot.NodeInfos).Status.IsSuccess.ShouldBeTrue();
        plugin.Filter(state, pod, snapshot.NodeInfos[0]).IsSuccess.ShouldBeFalse();
        var copy = state.Clone();
        plugin.RemovePod(copy, pod, new PodInfo(existing), snapshot.NodeInfos[0]);
        plugin.Filter(copy, pod, snapshot.NodeInfos[0]).IsSuccess.ShouldBeTrue();
        plugin.Filter(state, pod, snapshot.NodeInfos[0]).IsSuccess.ShouldBeFalse();
    }

    [Fact]
    public void Score_PreferredAffinityAndAntiAffinity()
    {
        var pod = St.MakePod().Affinity(Aff("""
            podAffinity:
              preferredDuringSchedulingIgnoredDuringExecution:
              - weight: 5
                podAffinityTerm: {labelSelector: {matchLabels: {security: S1}}, topologyKey: region}
            podAntiAffinity:
              preferredDuringSchedulingIgnoredDuringExecution:
              - weight: 5
                podAffinityTerm: {labelSelector: {matchLabels: {security: S2}}, topologyKey: region}
            """));
        var snapshot = Snapshot.Create(
            [St.MakePod("s1").Node("m1").Label("security", "S1"), St.MakePod("s2").Node("m2").Label("security", "S2")],
            [St.MakeNode("m1").Label("region", "China"), St.MakeNode("m2").Label("region", "India"), St.MakeNode("m3").Label("region", "US")]);
        // Raw: m1 +5, m2 -5, m3 0 -> (x - min) * 100 / (max - min).
        RunScore(new InterPodAffinity(new TestHandle(snapshot)), pod, snapshot).ShouldBe([100, 0, 50]);
    }

    [Fact]
    public void Score_ExistingPodsRequiredAffinity_UsesHardPodAffinityWeight()
    {
        var existing = St.MakePod("e").Node("m1").Affinity(Aff("podAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{labelSelector: {matchLabels: {app: web}}, topologyKey: region}]}"));
        var snapshot = Snapshot.Create([existing], [St.MakeNode("m1").Label("region", "r1"), St.MakeNode("m2").Label("region", "r1"), St.MakeNode("m3").Label("region", "r2")]);
        RunScore(new InterPodAffinity(new TestHandle(snapshot)), St.MakePod().Label("app", "web"), snapshot).ShouldBe([100, 100, 0]);
        RunScore(new InterPodAffinity(new TestHandle(snapshot), hardPodAffinityWeight: 0), St.MakePod().Label("app", "web"), snapshot).ShouldBeNull();
    }

    [Fact]
    public void Score_NoTermsAnywhere_Skips()
    {
        var snapshot = Snapshot.Create([Existing()], [Node1()]);
        RunScore(new InterPodAffinity(new TestHandle(snapshot)), St.MakePod(), snapshot).ShouldBeNull();
    }
}
