using System.Text;
using KubeSharp.Api;
using KubeSharp.Api.Apps.V1;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Serialization;
using KubeSharp.Controllers.DaemonSet;

namespace KubeSharp.Controllers.Tests.DaemonSet;

/// <summary>Cases after upstream daemon_controller_test.go (predicates, podsShouldBeOnNode), update_test.go and util tests.</summary>
public class DaemonSetUtilTests
{
    private const string Hash = "newhash";
    private static readonly DateTimeOffset Now = DateTimeOffset.UnixEpoch.AddDays(100);

    private static Api.Apps.V1.DaemonSet NewDaemonSet(Action<PodSpec>? spec = null, IntOrString? maxUnavailable = null, IntOrString? maxSurge = null, int minReadySeconds = 0)
    {
        var ds = new Api.Apps.V1.DaemonSet();
        ds.Metadata.Name = "ds";
        ds.Metadata.Namespace = "default";
        ds.Metadata.Uid = "ds-uid";
        ds.Spec.Selector = new Api.Meta.V1.LabelSelector { MatchLabels = new() { ["app"] = "d" } };
        ds.Spec.Template.Metadata.Labels = new() { ["app"] = "d" };
        ds.Spec.Template.Spec.Containers = [new Container { Name = "c", Image = "busybox" }];
        ds.Spec.MinReadySeconds = minReadySeconds;
        ds.Spec.UpdateStrategy.Type = DaemonSetUpdateStrategyType.RollingUpdateDaemonSetStrategyType;
        ds.Spec.UpdateStrategy.RollingUpdate = new RollingUpdateDaemonSet { MaxUnavailable = maxUnavailable ?? 1, MaxSurge = maxSurge };
        spec?.Invoke(ds.Spec.Template.Spec);
        return ds;
    }

    private static Node NewNode(string name, Dictionary<string, string>? labels = null, params Taint[] taints)
    {
        var node = new Node();
        node.Metadata.Name = name;
        node.Metadata.Labels = labels;
        node.Spec.Taints = taints.Length == 0 ? null : [.. taints];
        return node;
    }

    private static Pod NewPod(string name, string node, string hash, bool ready = true, DateTimeOffset? readySince = null, DateTimeOffset? created = null, string phase = "Running")
    {
        var pod = new Pod();
        pod.Metadata.Name = name;
        pod.Metadata.Namespace = "default";
        pod.Metadata.Labels = new() { ["app"] = "d", [DaemonSetUtil.ControllerRevisionHashLabel] = hash };
        pod.Metadata.CreationTimestamp = created ?? Now.AddHours(-1);
        pod.Spec.NodeName = node;
        pod.Status.Phase = phase;
        pod.Status.Conditions = [new PodCondition { Type = "Ready", Status = ready ? "True" : "False", LastTransitionTime = readySince ?? Now.AddMinutes(-30) }];
        return pod;
    }

    private static Taint T(string key, string effect, string value = "") => new() { Key = key, Value = value, Effect = effect };

    [Fact]
    public void NodeShouldRun_PlainNode_RunsAndContinues()
        => DaemonSetUtil.NodeShouldRunDaemonPod(NewNode("n"), NewDaemonSet()).ShouldBe((true, true));

    [Theory]
    [InlineData("NoSchedule", false, true)]
    [InlineData("NoExecute", false, false)]
    [InlineData("PreferNoSchedule", true, true)]
    public void NodeShouldRun_UntoleratedTaint_DependsOnEffect(string effect, bool shouldRun, bool shouldContinue)
        => DaemonSetUtil.NodeShouldRunDaemonPod(NewNode("n", null, T("dedicated", effect, "x")), NewDaemonSet()).ShouldBe((shouldRun, shouldContinue));

    [Fact]
    public void NodeShouldRun_TemplateToleration_AllowsTaintedNode()
    {
        var ds = NewDaemonSet(spec => spec.Tolerations = [new Toleration { Key = "dedicated", Operator = "Equal", Value = "x", Effect = "NoSchedule" }]);
        DaemonSetUtil.NodeShouldRunDaemonPod(NewNode("n", null, T("dedicated", "NoSchedule", "x")), ds).ShouldBe((true, true));
        // Another value is not tolerated.
        DaemonSetUtil.NodeShouldRunDaemonPod(NewNode("n", null, T("dedicated", "NoSchedule", "y")), ds).ShouldBe((false, true));
    }

    [Theory]
    [InlineData("node.kubernetes.io/not-ready", "NoExecute", true, true)]
    [InlineData("node.kubernetes.io/unreachable", "NoExecute", true, true)]
    [InlineData("node.kubernetes.io/disk-pressure", "NoSchedule", true, true)]
    [InlineData("node.kubernetes.io/memory-pressure", "NoSchedule", true, true)]
    [InlineData("node.kubernetes.io/pid-pressure", "NoSchedule", true, true)]
    [InlineData("node.kubernetes.io/unschedulable", "NoSchedule", true, true)]
    // Not tolerated by default: a not-ready node takes no new daemon pods, and network-unavailable needs hostNetwork.
    [InlineData("node.kubernetes.io/not-ready", "NoSchedule", false, true)]
    [InlineData("node.kubernetes.io/network-unavailable", "NoSchedule", false, true)]
    public void NodeShouldRun_DefaultDaemonTolerations(string key, string effect, bool shouldRun, bool shouldContinue)
        => DaemonSetUtil.NodeShouldRunDaemonPod(NewNode("n", null, T(key, effect)), NewDaemonSet()).ShouldBe((shouldRun, shouldContinue));

    [Fact]
    public void NodeShouldRun_HostNetwork_ToleratesNetworkUnavailable()
        => DaemonSetUtil.NodeShouldRunDaemonPod(NewNode("n", null, T("node.kubernetes.io/network-unavailable", "NoSchedule")), NewDaemonSet(s => s.HostNetwork = true))
            .ShouldBe((true, true));

    [Fact]
    public void NodeShouldRun_NodeSelector_MustMatchEveryLabel()
    {
        var ds = NewDaemonSet(spec => spec.NodeSelector = new() { ["disk"] = "ssd", ["zone"] = "a" });
        DaemonSetUtil.NodeShouldRunDaemonPod(NewNode("n", new() { ["disk"] = "ssd", ["zone"] = "a", ["x"] = "y" }), ds).ShouldBe((true, true));
        DaemonSetUtil.NodeShouldRunDaemonPod(NewNode("n", new() { ["disk"] = "ssd" }), ds).ShouldBe((false, false));
        DaemonSetUtil.NodeShouldRunDaemonPod(NewNode("n"), ds).ShouldBe((false, false));
    }

    [Fact]
    public void NodeShouldRun_RequiredNodeAffinity_TermsAreOred_FieldsMatchNodeName()
    {
        var ds = NewDaemonSet(spec => spec.Affinity = new Affinity
        {
            NodeAffinity = new NodeAffinity
            {
                RequiredDuringSchedulingIgnoredDuringExecution = new NodeSelector
                {
                    NodeSelectorTerms =
                    [
                        new NodeSelectorTerm { MatchExpressions = [new NodeSelectorRequirement { Key = "zone", Operator = "In", Values = ["a", "b"] }] },
                        new NodeSelectorTerm { MatchFields = [new NodeSelectorRequirement { Key = "metadata.name", Operator = "In", Values = ["special"] }] },
                    ],
                },
            },
        });
        DaemonSetUtil.NodeShouldRunDaemonPod(NewNode("n1", new() { ["zone"] = "b" }), ds).ShouldBe((true, true));
        DaemonSetUtil.NodeShouldRunDaemonPod(NewNode("n2", new() { ["zone"] = "c" }), ds).ShouldBe((false, false));
        DaemonSetUtil.NodeShouldRunDaemonPod(NewNode("special"), ds).ShouldBe((true, true));
    }

    [Fact]
    public void NodeShouldRun_TemplateNodeName_OnlyThatNode()
    {
        var ds = NewDaemonSet(spec => spec.NodeName = "n1");
        DaemonSetUtil.NodeShouldRunDaemonPod(NewNode("n1"), ds).ShouldBe((true, true));
        DaemonSetUtil.NodeShouldRunDaemonPod(NewNode("n2"), ds).ShouldBe((false, false));
    }

    [Fact]
    public void AddOrUpdateDaemonPodTolerations_ReplacesSameToleration_KeepsOthers()
    {
        var spec = new PodSpec
        {
            Tolerations =
            [
                new Toleration { Key = "node.kubernetes.io/not-ready", Operator = "Exists", Effect = "NoExecute", TolerationSeconds = 300 },
                new Toleration { Key = "custom", Operator = "Exists" },
            ],
        };
        DaemonSetUtil.AddOrUpdateDaemonPodTolerations(spec);
        spec.Tolerations!.Count.ShouldBe(7);
        spec.Tolerations[0].ShouldSatisfyAllConditions(t => t.Key.ShouldBe("node.kubernetes.io/not-ready"), t => t.TolerationSeconds.ShouldBeNull());
        spec.Tolerations[1].Key.ShouldBe("custom");
        spec.Tolerations.Select(t => t.Key + ":" + t.Effect).Skip(2).ShouldBe(
        [
            "node.kubernetes.io/unreachable:NoExecute", "node.kubernetes.io/disk-pressure:NoSchedule", "node.kubernetes.io/memory-pressure:NoSchedule",
            "node.kubernetes.io/pid-pressure:NoSchedule", "node.kubernetes.io/unschedulable:NoSchedule",
        ]);
        // Applying again changes nothing.
        DaemonSetUtil.AddOrUpdateToleration(spec, new Toleration { Key = "custom", Operator = "Exists" }).ShouldBeFalse();
    }

    [Fact]
    public void ReplaceNodeAffinity_ReplacesRequiredTerms_KeepsTheRest_AndNamesTheTarget()
    {
        var affinity = new Affinity
        {
            NodeAffinity = new NodeAffinity
            {
                RequiredDuringSchedulingIgnoredDuringExecution = new NodeSelector
                {
                    NodeSelectorTerms = [new NodeSelectorTerm { MatchExpressions = [new NodeSelectorRequirement { Key = "zone", Operator = "In", Values = ["a"] }] }],
                },
                PreferredDuringSchedulingIgnoredDuringExecution = [new PreferredSchedulingTerm { Weight = 1, Preference = new NodeSelectorTerm() }],
            },
            PodAntiAffinity = new PodAntiAffinity(),
        };
        var result = DaemonSetUtil.ReplaceDaemonSetPodNodeNameNodeAffinity(affinity, "node-7");
        var term = result.NodeAffinity!.RequiredDuringSchedulingIgnoredDuringExecution!.NodeSelectorTerms.ShouldHaveSingleItem();
        term.MatchExpressions.ShouldBeNull();
        term.MatchFields.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            r => r.Key.ShouldBe("metadata.name"), r => r.Operator.ShouldBe("In"), r => r.Values.ShouldBe(["node-7"]));
        result.NodeAffinity.PreferredDuringSchedulingIgnoredDuringExecution.ShouldNotBeNull();
        result.PodAntiAffinity.ShouldNotBeNull();

        var pod = new Pod();
        pod.Spec.Affinity = result;
        DaemonSetUtil.GetTargetNodeName(pod).ShouldBe("node-7");
        pod.Spec.NodeName = "bound";
        DaemonSetUtil.GetTargetNodeName(pod).ShouldBe("bound");
        DaemonSetUtil.GetTargetNodeName(new Pod()).ShouldBeNull();
        DaemonSetUtil.ReplaceDaemonSetPodNodeNameNodeAffinity(null, "n").NodeAffinity!.RequiredDuringSchedulingIgnoredDuringExecution.ShouldNotBeNull();
    }

    [Fact]
    public void CreatePodTemplate_AddsHashAndGenerationLabels_AndTolerations()
    {
        var ds = NewDaemonSet();
        var template = DaemonSetUtil.CreatePodTemplate(ds.Spec.Template, 3, Hash);
        template.Metadata.Labels!.ShouldContainKeyAndValue(DaemonSetUtil.ControllerRevisionHashLabel, Hash);
        template.Metadata.Labels!.ShouldContainKeyAndValue(DaemonSetUtil.TemplateGenerationLabel, "3");
        template.Spec.Tolerations!.Count.ShouldBe(6);
        ds.Spec.Template.Spec.Tolerations.ShouldBeNull();
        var pod = new Pod();
        pod.Metadata.Labels = template.Metadata.Labels;
        DaemonSetUtil.IsPodUpdated(pod, Hash, null).ShouldBeTrue();
        DaemonSetUtil.IsPodUpdated(pod, "other", 3).ShouldBeTrue();
        DaemonSetUtil.IsPodUpdated(pod, "other", 4).ShouldBeFalse();
    }

    [Theory]
    [InlineData(3, "1", null, 0, 1)]
    [InlineData(3, "34%", null, 0, 2)]
    [InlineData(10, "0", "20%", 2, 0)]
    [InlineData(4, "0", "0", 0, 1)]
    [InlineData(0, "0", "0", 0, 0)]
    public void UpdatedDesiredNodeCounts_ScalesRoundingUp_AndNeverBothZero(int nodes, string maxUnavailable, string? maxSurge, int expectedSurge, int expectedUnavailable)
    {
        var ds = NewDaemonSet(maxUnavailable: Parse(maxUnavailable), maxSurge: maxSurge is null ? (IntOrString?)null : Parse(maxSurge));
        var map = new Dictionary<string, List<Pod>>();
        var counts = DaemonSetUtil.UpdatedDesiredNodeCounts(ds, Enumerable.Range(0, nodes).Select(i => NewNode("n" + i)), map);
        counts.ShouldBe((expectedSurge, expectedUnavailable, nodes));
        map.Count.ShouldBe(nodes);
    }

    private static IntOrString Parse(string value) => int.TryParse(value, out var n) ? n : IntOrString.FromString(value);

    private static Dictionary<string, List<Pod>> Map(params Pod[] pods)
    {
        var map = new Dictionary<string, List<Pod>>();
        foreach (var pod in pods)
        {
            if (!map.TryGetValue(pod.Spec.NodeName, out var list))
            {
                map[pod.Spec.NodeName] = list = [];
            }
            list.Add(pod);
        }
        return map;
    }

    private static (List<string> Delete, List<string> Create) Plan(Api.Apps.V1.DaemonSet ds, Dictionary<string, List<Pod>> map, Func<string, bool>? shouldRun = null)
    {
        var nodes = map.Keys.Select(n => NewNode(n)).ToList();
        var counts = DaemonSetUtil.UpdatedDesiredNodeCounts(ds, nodes, map);
        return DaemonSetUtil.PlanRollingUpdate(ds, map, shouldRun ?? (_ => true), Hash, counts, Now);
    }

    [Fact]
    public void RollingUpdate_AllOldAvailable_DeletesMaxUnavailableInNodeOrder()
    {
        var ds = NewDaemonSet(maxUnavailable: 2);
        var (delete, create) = Plan(ds, Map(NewPod("p3", "n3", "old"), NewPod("p1", "n1", "old"), NewPod("p2", "n2", "old"), NewPod("p4", "n4", "old"), NewPod("p5", "n5", "old")));
        delete.ShouldBe(["p1", "p2"]);
        create.ShouldBeEmpty();
    }

    [Fact]
    public void RollingUpdate_UnavailableNewPodAndEmptyNode_UseTheBudget()
    {
        var ds = NewDaemonSet(maxUnavailable: 2);
        var map = Map(NewPod("p1", "n1", Hash, ready: false), NewPod("p2", "n2", "old"), NewPod("p3", "n3", "old"));
        map["n4"] = [];
        Plan(ds, map).Delete.ShouldBeEmpty();

        map = Map(NewPod("p1", "n1", Hash, ready: false), NewPod("p2", "n2", "old"), NewPod("p3", "n3", "old"));
        Plan(ds, map).Delete.ShouldBe(["p2"]);
    }

    [Fact]
    public void RollingUpdate_UnavailableOldPods_AreAlwaysReplaced()
    {
        var ds = NewDaemonSet(maxUnavailable: 1);
        var (delete, _) = Plan(ds, Map(NewPod("p1", "n1", "old", ready: false), NewPod("p2", "n2", "old", ready: false), NewPod("p3", "n3", "old")));
        delete.ShouldBe(["p1", "p2"]);
    }

    [Fact]
    public void RollingUpdate_MinReadySeconds_NewPodNotYetAvailableCounts()
    {
        var ds = NewDaemonSet(maxUnavailable: 1, minReadySeconds: 60);
        var map = Map(NewPod("p1", "n1", Hash, readySince: Now.AddSeconds(-10)), NewPod("p2", "n2", "old"));
        Plan(ds, map).Delete.ShouldBeEmpty();
        map = Map(NewPod("p1", "n1", Hash, readySince: Now.AddSeconds(-61)), NewPod("p2", "n2", "old"));
        Plan(ds, map).Delete.ShouldBe(["p2"]);
    }

    [Fact]
    public void RollingUpdate_Surge_CreatesNewPodsBesideOldOnes_ThenRetiresOldOnes()
    {
        var ds = NewDaemonSet(maxUnavailable: 0, maxSurge: 1);
        // No new pods yet: one node gets a new pod beside its old one.
        var (delete, create) = Plan(ds, Map(NewPod("p1", "n1", "old"), NewPod("p2", "n2", "old")));
        delete.ShouldBeEmpty();
        create.ShouldBe(["n1"]);

        // The new pod on n1 is not yet available: the surge budget is used up.
        (delete, create) = Plan(ds, Map(NewPod("p1", "n1", "old"), NewPod("q1", "n1", Hash, ready: false), NewPod("p2", "n2", "old")));
        delete.ShouldBeEmpty();
        create.ShouldBeEmpty();

        // Available now: the old pod goes, and n2 may surge.
        (delete, create) = Plan(ds, Map(NewPod("p1", "n1", "old"), NewPod("q1", "n1", Hash), NewPod("p2", "n2", "old")));
        delete.ShouldBe(["p1"]);
        create.ShouldBe(["n2"]);
    }

    [Fact]
    public void RollingUpdate_Surge_UnavailableOldPodIsReplacedBeyondTheBudget()
    {
        var ds = NewDaemonSet(maxUnavailable: 0, maxSurge: 1);
        var (_, create) = Plan(ds, Map(NewPod("p1", "n1", "old", ready: false), NewPod("p2", "n2", "old", ready: false), NewPod("p3", "n3", "old")));
        create.ShouldBe(["n1", "n2", "n3"]);
    }

    [Fact]
    public void RollingUpdate_Surge_PodOnNodeThatNoLongerQualifies_GoesOnlyWhenOthersAreAvailable()
    {
        var ds = NewDaemonSet(maxUnavailable: 0, maxSurge: 1);
        var map = Map(NewPod("p1", "n1", "old"), NewPod("q2", "n2", Hash));
        // n1 stopped qualifying; desired counts only n2, whose new pod is available: numAvailable 2 > desired 1.
        var nodes = new[] { NewNode("n2") };
        var counts = DaemonSetUtil.UpdatedDesiredNodeCounts(ds, nodes, map);
        DaemonSetUtil.PlanRollingUpdate(ds, map, n => n == "n2", Hash, counts, Now).PodsToDelete.ShouldBe(["p1"]);

        map = Map(NewPod("p1", "n1", "old"), NewPod("q2", "n2", Hash, ready: false));
        counts = DaemonSetUtil.UpdatedDesiredNodeCounts(ds, nodes, map);
        DaemonSetUtil.PlanRollingUpdate(ds, map, n => n == "n2", Hash, counts, Now).PodsToDelete.ShouldBeEmpty();
    }

    [Fact]
    public void PodsShouldBeOnNode_CreatesWhenMissing_KeepsOldestOfExtras()
    {
        var ds = NewDaemonSet();
        var node = NewNode("n1");
        DaemonSetUtil.PodsShouldBeOnNode(node, null, ds, Hash, Now, _ => true).ShouldSatisfyAllConditions(
            r => r.CreateOnNode.ShouldBeTrue(), r => r.PodsToDelete.ShouldBeEmpty());

        var oldest = NewPod("a", "n1", Hash, created: Now.AddHours(-3));
        var newer = NewPod("b", "n1", Hash, created: Now.AddHours(-2));
        var unscheduled = NewPod("c", "", Hash, created: Now.AddHours(-4));
        var result = DaemonSetUtil.PodsShouldBeOnNode(node, [newer, unscheduled, oldest], ds, Hash, Now, _ => true);
        result.CreateOnNode.ShouldBeFalse();
        result.PodsToDelete.Select(p => p.Metadata.Name).ShouldBe(["b", "c"]);
    }

    [Fact]
    public void PodsShouldBeOnNode_FailedPodsGoWhenTheBackoffAllows_SucceededAlways()
    {
        var ds = NewDaemonSet();
        var node = NewNode("n1");
        var failed = NewPod("f", "n1", Hash, phase: "Failed");
        var succeeded = NewPod("s", "n1", Hash, phase: "Succeeded");
        DaemonSetUtil.PodsShouldBeOnNode(node, [failed], ds, Hash, Now, _ => true).PodsToDelete.ShouldHaveSingleItem().Metadata.Name.ShouldBe("f");
        DaemonSetUtil.PodsShouldBeOnNode(node, [failed], ds, Hash, Now, _ => false).PodsToDelete.ShouldBeEmpty();
        DaemonSetUtil.PodsShouldBeOnNode(node, [succeeded], ds, Hash, Now, _ => false).PodsToDelete.ShouldHaveSingleItem().Metadata.Name.ShouldBe("s");
    }

    [Fact]
    public void PodsShouldBeOnNode_NodeNoLongerQualifies_DeletesAll_UnlessOnlyNoScheduleTainted()
    {
        var ds = NewDaemonSet(spec => spec.NodeSelector = new() { ["role"] = "x" });
        var pods = new[] { NewPod("a", "n1", Hash) };
        DaemonSetUtil.PodsShouldBeOnNode(NewNode("n1"), pods, ds, Hash, Now, _ => true).PodsToDelete.Count.ShouldBe(1);
        // A NoSchedule taint added later keeps the running pod (shouldContinueRunning) but creates nothing.
        var tainted = NewNode("n1", new() { ["role"] = "x" }, T("dedicated", "NoSchedule"));
        DaemonSetUtil.PodsShouldBeOnNode(tainted, pods, ds, Hash, Now, _ => true).ShouldSatisfyAllConditions(
            r => r.CreateOnNode.ShouldBeFalse(), r => r.PodsToDelete.ShouldBeEmpty());
        DaemonSetUtil.PodsShouldBeOnNode(tainted, null, ds, Hash, Now, _ => true).CreateOnNode.ShouldBeFalse();
    }

    [Fact]
    public void PodsShouldBeOnNode_Surge_KeepsOldUntilNewIsAvailable()
    {
        var ds = NewDaemonSet(maxUnavailable: 0, maxSurge: 1);
        var node = NewNode("n1");
        var old = NewPod("old", "n1", "old", created: Now.AddHours(-3));
        var fresh = NewPod("new", "n1", Hash, ready: false, created: Now.AddHours(-1));
        DaemonSetUtil.PodsShouldBeOnNode(node, [old, fresh], ds, Hash, Now, _ => true).PodsToDelete.ShouldBeEmpty();
        fresh = NewPod("new", "n1", Hash, created: Now.AddHours(-1));
        DaemonSetUtil.PodsShouldBeOnNode(node, [old, fresh], ds, Hash, Now, _ => true).PodsToDelete.ShouldHaveSingleItem().Metadata.Name.ShouldBe("old");
    }

    [Fact]
    public void GetPatch_IsTheTemplateReplacePatch_InGoMapOrder()
    {
        var ds = NewDaemonSet();
        ds.Spec.Template.Metadata.Annotations = new() { ["note"] = "a<b&c>" };
        var text = Encoding.UTF8.GetString(DaemonSetUtil.GetPatch(ds));
        text.ShouldBe("""{"spec":{"template":{"$patch":"replace","metadata":{"annotations":{"note":"a\u003cb\u0026c\u003e"},"creationTimestamp":null,"labels":{"app":"d"}},"spec":{"containers":[{"image":"busybox","name":"c","resources":{}}]}}}}""");
        var revision = new ControllerRevision { Data = new RawExtension(DaemonSetUtil.GetPatch(ds)) };
        DaemonSetUtil.Match(ds, revision).ShouldBeTrue();
        ds.Spec.Template.Spec.Containers![0].Image = "busybox:2";
        DaemonSetUtil.Match(ds, revision).ShouldBeFalse();
    }

    [Theory]
    [InlineData("""{"b":1,"a":[1.5,1e21,0.0000001,100000000000000000000,-0.5e-3,42]}""", """{"a":[1.5,1e+21,1e-7,100000000000000000000,-0.0005,42],"b":1}""")]
    [InlineData("""{"z":{"y":"\u2028","x":null},"é":true,"e":false}""", """{"e":false,"z":{"x":null,"y":"\u2028"},"é":true}""")]
    public void GoJsonMap_SortsKeys_FormatsFloat64_EscapesAsGo(string input, string expected)
        => Encoding.UTF8.GetString(GoJsonMap.Reencode(Encoding.UTF8.GetBytes(input))).ShouldBe(expected);
}
