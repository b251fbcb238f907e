using KubeSharp.Api.Core.V1;
using LabelSelector = KubeSharp.Api.Meta.V1.LabelSelector;
using ObjectMeta = KubeSharp.Api.Meta.V1.ObjectMeta;
using KubeSharp.Api.Policy.V1;
using KubeSharp.Scheduler.Config;
using KubeSharp.Scheduler.Framework;
using KubeSharp.Scheduler.Plugins;

namespace KubeSharp.Scheduler.Tests;

/// <summary>One scheduling attempt through the default profile: filter, score, select, FailedScheduling text, preemption.</summary>
public class SchedulingTests
{
    private static SchedulerFramework Framework(Snapshot snapshot, string? configYaml = null)
    {
        var config = configYaml is null ? SchedulerConfigLoader.Default() : SchedulerConfigLoader.Parse(configYaml);
        var fw = SchedulerFramework.Create(config.Profiles[0], PluginRegistry.InTree(), config.Parallelism, config.PercentageOfNodesToScore);
        fw.SetSnapshot(snapshot);
        return fw;
    }

    private static (ScheduleResult Result, SchedulerFramework Framework, CycleState State) Schedule(Pod pod, IEnumerable<Node> nodes, IEnumerable<Pod>? pods = null, PodScheduler? scheduler = null)
    {
        var fw = Framework(Snapshot.Create(pods ?? [], nodes));
        var state = new CycleState();
        return ((scheduler ?? new PodScheduler()).Schedule(fw, state, pod), fw, state);
    }

    private static NodeWrapper Node(string name, string cpu = "4", string memory = "16Gi") => St.MakeNode(name).Capacity("cpu=" + cpu, "memory=" + memory).Label("kubernetes.io/hostname", name);

    [Fact]
    public void Schedule_PicksTheLeastAllocatedNode()
    {
        var (result, _, _) = Schedule(St.MakePod().Req("cpu=1", "memory=1Gi"),
            [Node("busy"), Node("idle")],
            [St.MakePod("existing").Node("busy").Req("cpu=3", "memory=12Gi")]);
        result.SuggestedHost.ShouldBe("idle");
        result.FeasibleNodes.ShouldBe(2);
        result.EvaluatedNodes.ShouldBe(2);
    }

    [Fact]
    public void Schedule_WithoutNodes_IsUpstreamsNoNodesAvailable()
    {
        var (result, _, _) = Schedule(St.MakePod().Req("cpu=1"), []);
        result.NoNodesAvailable.ShouldBeTrue();
        result.FitError.ShouldBeNull();
        result.SuggestedHost.ShouldBe("");
        ScheduleResult.NoNodesAvailableMessage.ShouldBe("no nodes available to schedule pods");
    }

    [Fact]
    public void Schedule_FailedSchedulingMessage_SortsTheReasonHistogram()
    {
        var (result, _, _) = Schedule(St.MakePod().Req("cpu=3"),
            [Node("tainted").Taint("key", "value", "NoSchedule"), Node("small1", "2"), Node("small2", "2")]);
        result.SuggestedHost.ShouldBe("");
        result.FitError!.Message.ShouldBe("0/3 nodes are available: 1 node(s) had untolerated taint {key: value}, 2 Insufficient cpu.");
        result.FitError.Diagnosis.UnschedulablePlugins.Order(StringComparer.Ordinal).ShouldBe(["NodeResourcesFit", "TaintToleration"]);
    }

    [Fact]
    public void FitError_MultipleReasonsPerNode_AndStringOrderOfCounts()
    {
        var diagnosis = new Diagnosis();
        for (var i = 0; i < 10; i++)
        {
            diagnosis.NodeToStatus.Set("a" + i, Status.Unschedulable("Insufficient cpu", "Insufficient memory"));
        }

        diagnosis.NodeToStatus.Set("b0", Status.Unresolvable("node(s) didn't match Pod's node affinity/selector"));
        diagnosis.NodeToStatus.Set("b1", Status.Unresolvable("node(s) didn't match Pod's node affinity/selector"));
        // Sorted as strings, as upstream does: "10 ..." before "2 ...".
        FitError.BuildMessage(12, diagnosis).ShouldBe("0/12 nodes are available: 10 Insufficient cpu, 10 Insufficient memory, 2 node(s) didn't match Pod's node affinity/selector.");
        diagnosis.PostFilterMessage = "preemption: 0/12 nodes are available: 12 Preemption is not helpful for scheduling.";
        FitError.BuildMessage(12, diagnosis).ShouldEndWith("selector. preemption: 0/12 nodes are available: 12 Preemption is not helpful for scheduling..");
    }

    [Fact]
    public void Schedule_PreFilterRejection_UsesThePreFilterMessageOnly()
    {
        var pod = St.MakePod().Affinity(St.FromYaml<Affinity>("nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchFields: [{key: metadata.name, operator: In, values: [a]}, {key: metadata.name, operator: In, values: [b]}]}]}}"));
        var (result, _, _) = Schedule(pod, [Node("a"), Node("b"), Node("c")]);
        result.FitError!.Message.ShouldBe("0/3 nodes are available: pod affinity terms conflict.");
        result.FitError.Diagnosis.NodeToStatus.Get("a").Code.ShouldBe(StatusCode.UnschedulableAndUnresolvable);
    }

    [Fact]
    public void Schedule_PreFilterResult_CountsExcludedNodes()
    {
        var pod = St.MakePod().Affinity(St.FromYaml<Affinity>("nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchFields: [{key: metadata.name, operator: In, values: [a]}]}]}}"));
        var (result, _, _) = Schedule(pod, [Node("a").Taint("key", "value", "NoSchedule"), Node("b"), Node("c")]);
        result.FitError!.Message.ShouldBe("0/3 nodes are available: 1 node(s) had untolerated taint {key: value}, 2 node(s) didn't satisfy plugin(s) [NodeAffinity].");
        var (ok, _, _) = Schedule(pod, [Node("a"), Node("b"), Node("c")]);
        ok.SuggestedHost.ShouldBe("a");
        ok.EvaluatedNodes.ShouldBe(1);
    }

    [Fact]
    public void Schedule_NodeSelectorTaintsAndPorts()
    {
        NodeWrapper[] nodes = [Node("a").Label("disk", "ssd"), Node("b"), Node("c").Label("disk", "ssd").Taint("dedicated", "infra", "NoSchedule")];
        Schedule(St.MakePod().NodeSelector("disk", "ssd"), nodes.Select(n => n.Obj())).Result.SuggestedHost.ShouldBe("a");
        Schedule(St.MakePod().NodeSelector("disk", "ssd").Toleration("dedicated", "Equal", "infra", "NoSchedule"), nodes.Select(n => n.Obj()), [St.MakePod("x").Node("a").HostPort(80)])
            .Result.SuggestedHost.ShouldBe("c");
        Schedule(St.MakePod().HostPort(80), [Node("a")], [St.MakePod("x").Node("a").HostPort(80)]).Result.FitError!.Message
            .ShouldBe("0/1 nodes are available: 1 node(s) didn't have free ports for the requested pod ports.");
    }

    [Fact]
    public void Schedule_AntiAffinitySpreadsReplicas()
    {
        var anti = St.FromYaml<Affinity>("podAntiAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{labelSelector: {matchLabels: {app: web}}, topologyKey: kubernetes.io/hostname}]}");
        NodeWrapper[] nodes = [Node("a"), Node("b"), Node("c")];
        var placed = new List<Pod>();
        for (var i = 0; i < 3; i++)
        {
            var pod = St.MakePod("web-" + i).Label("app", "web").Affinity(anti).Obj();
            var (result, _, _) = Schedule(pod, nodes.Select(n => n.Obj()), placed);
            result.SuggestedHost.ShouldNotBeEmpty();
            pod.Spec.NodeName = result.SuggestedHost;
            placed.Add(pod);
        }

        placed.Select(p => p.Spec.NodeName).Distinct().Count().ShouldBe(3);
        var fourth = St.MakePod("web-3").Label("app", "web").Affinity(anti);
        Schedule(fourth, nodes.Select(n => n.Obj()), placed).Result.FitError!.Message
            .ShouldBe("0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules.");
    }

    [Fact]
    public void Schedule_TopologySpreadAcrossZones()
    {
        NodeWrapper[] nodes = [Node("a").Label("zone", "z1"), Node("b").Label("zone", "z1"), Node("c").Label("zone", "z2")];
        var placed = new List<Pod>();
        for (var i = 0; i < 4; i++)
        {
            var pod = St.MakePod("p" + i).Label("app", "web")
                .Spec("topologySpreadConstraints: [{maxSkew: 1, topologyKey: zone, whenUnsatisfiable: DoNotSchedule, labelSelector: {matchLabels: {app: web}}}]").Obj();
            var (result, _, _) = Schedule(pod, nodes.Select(n => n.Obj()), placed);
            pod.Spec.NodeName = result.SuggestedHost;
            placed.Add(pod);
        }

        placed.Count(p => p.Spec.NodeName == "c").ShouldBe(2);
    }

    [Fact]
    public void Schedule_TiesAreBrokenRandomly()
    {
        var seen = new HashSet<string>();
        var scheduler = new PodScheduler(random: new Random(7));
        for (var i = 0; i < 40; i++)
        {
            seen.Add(Schedule(St.MakePod().Req("cpu=1"), [Node("a"), Node("b"), Node("c")], scheduler: scheduler).Result.SuggestedHost);
        }

        seen.Order(StringComparer.Ordinal).ShouldBe(["a", "b", "c"]);
    }

    [Fact]
    public void SelectHost_AlwaysTheHighestTotal()
    {
        var nodes = new[] { new NodeInfo(St.MakeNode("a")), new NodeInfo(St.MakeNode("b")), new NodeInfo(St.MakeNode("c")) };
        for (var seed = 0; seed < 20; seed++)
        {
            PodScheduler.SelectHost(nodes, [10, 30, 20], new Random(seed)).ShouldBe("b");
        }
    }

    [Theory]
    [InlineData(0, 50, 50)]
    [InlineData(0, 1000, 420)]
    [InlineData(0, 5000, 500)]
    [InlineData(0, 6000, 300)]
    [InlineData(0, 100, 100)]
    [InlineData(1, 1000, 100)]
    [InlineData(30, 1000, 300)]
    [InlineData(100, 5000, 5000)]
    public void NumFeasibleNodesToFind(int percentage, int nodes, int expected) =>
        new PodScheduler(percentage).NumFeasibleNodesToFind(null, nodes).ShouldBe(expected);

    [Fact]
    public void Schedule_StopsAfterEnoughFeasibleNodes_AndRotatesTheStart()
    {
        var nodes = Enumerable.Range(0, 300).Select(i => Node("n" + i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture)).Obj()).ToList();
        var fw = Framework(Snapshot.Create([], nodes), "apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\npercentageOfNodesToScore: 50");
        var scheduler = new PodScheduler(fw.PercentageOfNodesToScore ?? 0);
        var result = scheduler.Schedule(fw, new CycleState(), St.MakePod().Req("cpu=1"));
        result.FeasibleNodes.ShouldBe(150);
        result.EvaluatedNodes.ShouldBe(150);
        scheduler.NextStartNodeIndex.ShouldBe(150);
        scheduler.Schedule(fw, new CycleState(), St.MakePod().Req("cpu=1"));
        scheduler.NextStartNodeIndex.ShouldBe(0);
    }

    [Fact]
    public void Schedule_PercentageOfNodesToScoreFromTheProfileWins()
    {
        var nodes = Enumerable.Range(0, 400).Select(i => Node("n" + i).Obj()).ToList();
        var fw = Framework(Snapshot.Create([], nodes), "apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\npercentageOfNodesToScore: 50\nprofiles: [{percentageOfNodesToScore: 25}]");
        new PodScheduler(50).Schedule(fw, new CycleState(), St.MakePod()).FeasibleNodes.ShouldBe(100);
    }

    private static PodWrapper Victim(string name, string node, int priority, string cpu = "2") =>
        St.MakePod(name).Node(node).Priority(priority).Req("cpu=" + cpu);

    private static (PostFilterResult? Result, Status Status, ScheduleResult Schedule) Preempt(Pod pod, NodeWrapper[] nodes, PodWrapper[] pods, IReadOnlyList<PodDisruptionBudget>? pdbs = null)
    {
        var fw = Framework(Snapshot.Create(pods.Select(p => p.Obj()), nodes.Select(n => n.Obj())));
        fw.PodDisruptionBudgets = pdbs ?? [];
        var state = new CycleState();
        var result = new PodScheduler().Schedule(fw, state, pod);
        result.FitError.ShouldNotBeNull();
        var (post, status) = fw.RunPostFilterPlugins(state, pod, result.FitError.Diagnosis.NodeToStatus);
        return (post, status, result);
    }

    [Fact]
    public void Preemption_HighPriorityPodEvictsTheLowerPriorityOne()
    {
        var pod = St.MakePod("high").Priority(1000).Req("cpu=3");
        var (result, status, _) = Preempt(pod, [Node("a"), Node("b")], [Victim("low", "a", 0), Victim("mid", "b", 500)]);
        status.IsSuccess.ShouldBeTrue(status.Message);
        result!.NominatedNodeName.ShouldBe("a");
        result.Victims!.Select(v => v.Metadata.Name).ShouldBe(["low"]);
    }

    [Fact]
    public void Preemption_ReprievesPodsThatCanStay()
    {
        // Node a (4 cpu) has three 1-cpu pods; the 2-cpu pod needs only two of them gone: the highest-priority one stays.
        var pod = St.MakePod("high").Priority(1000).Req("cpu=2");
        var (result, status, _) = Preempt(pod, [Node("a")], [Victim("p1", "a", 10, "1"), Victim("p2", "a", 20, "1"), Victim("p3", "a", 30, "1"), Victim("p4", "a", 40, "1")]);
        status.IsSuccess.ShouldBeTrue(status.Message);
        result!.Victims!.Select(v => v.Metadata.Name).ShouldBe(["p2", "p1"]);
    }

    [Fact]
    public void Preemption_PrefersTheNodeWithLowerPriorityVictimsAndFewerPdbViolations()
    {
        var pod = St.MakePod("high").Priority(1000).Req("cpu=3");
        var (byPriority, _, _) = Preempt(pod, [Node("a"), Node("b")], [Victim("a1", "a", 100), Victim("b1", "b", 50)]);
        byPriority!.NominatedNodeName.ShouldBe("b");

        var pdb = new PodDisruptionBudget { Metadata = new ObjectMeta { Name = "pdb", Namespace = "default" } };
        pdb.Spec.Selector = new LabelSelector { MatchLabels = new() { ["app"] = "protected" } };
        pdb.Status.DisruptionsAllowed = 0;
        var (byPdb, _, _) = Preempt(pod, [Node("a"), Node("b")], [Victim("a1", "a", 100), Victim("b1", "b", 50).Label("app", "protected")], [pdb]);
        byPdb!.NominatedNodeName.ShouldBe("a");
    }

    [Fact]
    public void Preemption_NotHelpful_Message()
    {
        var pod = St.MakePod("high").Priority(1000).Req("cpu=3");
        var (result, status, schedule) = Preempt(pod, [Node("a").Taint("k", "v", "NoSchedule"), Node("b")], [Victim("b1", "b", 2000, "2")]);
        result!.NominatedNodeName.ShouldBe("");
        status.Code.ShouldBe(StatusCode.Unschedulable);
        status.Message.ShouldBe("preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.");
        schedule.FitError!.Diagnosis.PostFilterMessage = status.Message;
        schedule.FitError.Message.ShouldBe("0/2 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint {k: v}. preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling..");
    }

    [Fact]
    public void Preemption_PolicyNever_IsNotEligible()
    {
        var pod = St.MakePod("high").Priority(1000).Req("cpu=3").Obj();
        pod.Spec.PreemptionPolicy = "Never";
        var (_, status, _) = Preempt(pod, [Node("a")], [Victim("low", "a", 0)]);
        status.Message.ShouldBe("preemption: not eligible due to preemptionPolicy=Never.");
    }

    [Fact]
    public void Preemption_VictimsWithAntiAffinityAreConsidered()
    {
        // The low-priority pod's anti-affinity keeps the new pod away; evicting it makes room.
        var anti = St.FromYaml<Affinity>("podAntiAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{labelSelector: {matchLabels: {app: web}}, topologyKey: kubernetes.io/hostname}]}");
        var pod = St.MakePod("high").Priority(1000).Label("app", "web");
        var (result, status, _) = Preempt(pod, [Node("a")], [St.MakePod("low").Node("a").Priority(0).Affinity(anti)]);
        status.IsSuccess.ShouldBeTrue(status.Message);
        result!.Victims!.Select(v => v.Metadata.Name).ShouldBe(["low"]);
    }
}

public class NominatedPodsTests
{
    private static NodeWrapper Node(string name) => St.MakeNode(name).Capacity("cpu=4", "memory=16Gi").Label("kubernetes.io/hostname", name);

    private static (SchedulerFramework Framework, PodScheduler Scheduler) Setup(PodNominator nominator, params NodeWrapper[] nodes)
    {
        var config = SchedulerConfigLoader.Default();
        var fw = SchedulerFramework.Create(config.Profiles[0], PluginRegistry.InTree());
        fw.SetSnapshot(Snapshot.Create([], nodes.Select(n => n.Obj())));
        fw.Nominator = nominator;
        return (fw, new PodScheduler());
    }

    [Fact]
    public void LowerPriorityPod_DoesNotTakeTheRoomOfAHigherPriorityNominatedPod()
    {
        var nominator = new PodNominator();
        nominator.AddNominatedPod(new PodInfo(St.MakePod("preemptor").Priority(100).Req("cpu=3")), "a");
        var (fw, scheduler) = Setup(nominator, Node("a"));
        var result = scheduler.Schedule(fw, new CycleState(), St.MakePod("low").Priority(10).Req("cpu=2"));
        result.FitError!.Message.ShouldBe("0/1 nodes are available: 1 Insufficient cpu.");

        // A pod of higher priority than the nominated one may use the node.
        scheduler.Schedule(fw, new CycleState(), St.MakePod("higher").Priority(1000).Req("cpu=2")).SuggestedHost.ShouldBe("a");

        nominator.DeleteNominatedPodIfExists(St.MakePod("preemptor").Uid(nominator.NominatedPodsForNode("a")[0].Pod.Metadata.Uid));
        scheduler.Schedule(fw, new CycleState(), St.MakePod("low").Priority(10).Req("cpu=2")).SuggestedHost.ShouldBe("a");
    }

    [Fact]
    public void NominatedNode_IsTriedFirst()
    {
        var (fw, scheduler) = Setup(new PodNominator(), Node("a"), Node("b"), Node("c"));
        for (var i = 0; i < 10; i++)
        {
            var pod = St.MakePod("p" + i).Req("cpu=1").Obj();
            pod.Status.NominatedNodeName = "b";
            var result = scheduler.Schedule(fw, new CycleState(), pod);
            result.SuggestedHost.ShouldBe("b");
            result.FeasibleNodes.ShouldBe(1);
        }
    }
}
