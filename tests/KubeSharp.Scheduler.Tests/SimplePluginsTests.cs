using KubeSharp.Scheduler.Framework;
using KubeSharp.Scheduler.Plugins;
using static KubeSharp.Scheduler.Tests.PluginHarness;

namespace KubeSharp.Scheduler.Tests;

public class NodeNameTests
{
    [Theory]
    [InlineData("", "foo", "Success")]
    [InlineData("foo", "foo", "Success")]
    [InlineData("bar", "foo", "UnschedulableAndUnresolvable: node(s) didn't match the requested node name")]
    public void Filter(string podNodeName, string nodeName, string expected)
    {
        var pod = St.MakePod().Node(podNodeName).Obj();
        Describe(RunFilter(new NodeName(), pod, new NodeInfo(St.MakeNode(nodeName)))).ShouldBe(expected);
    }
}

public class NodeUnschedulableTests
{
    [Fact]
    public void Filter_UnschedulableNode_RejectsPodWithoutToleration() =>
        Describe(RunFilter(new NodeUnschedulable(), St.MakePod(), new NodeInfo(St.MakeNode("n").Unschedulable())))
            .ShouldBe("UnschedulableAndUnresolvable: node(s) were unschedulable");

    [Fact]
    public void Filter_SchedulableNode_Fits() =>
        RunFilter(new NodeUnschedulable(), St.MakePod(), new NodeInfo(St.MakeNode("n"))).IsSuccess.ShouldBeTrue();

    [Fact]
    public void Filter_PodToleratesUnschedulableTaint_Fits()
    {
        var pod = St.MakePod().Toleration("node.kubernetes.io/unschedulable", "Exists", "", "NoSchedule");
        RunFilter(new NodeUnschedulable(), pod, new NodeInfo(St.MakeNode("n").Unschedulable())).IsSuccess.ShouldBeTrue();
    }
}

public class PrioritySortTests
{
    [Fact]
    public void Less_HigherPriorityFirst_ThenEarlierTimestamp()
    {
        var now = DateTime.UtcNow;
        var high = new QueuedPodInfo(new PodInfo(St.MakePod("high").Priority(100)), now);
        var low = new QueuedPodInfo(new PodInfo(St.MakePod("low").Priority(0)), now.AddSeconds(-10));
        var sort = new PrioritySort();
        sort.Less(high, low).ShouldBeTrue();
        sort.Less(low, high).ShouldBeFalse();
        var early = new QueuedPodInfo(new PodInfo(St.MakePod("early")), now.AddSeconds(-1));
        var late = new QueuedPodInfo(new PodInfo(St.MakePod("late")), now);
        sort.Less(early, late).ShouldBeTrue();
        sort.Less(late, early).ShouldBeFalse();
    }
}

public class SchedulingGatesTests
{
    [Fact]
    public void PreEnqueue_GatedPod_WaitsWithUpstreamMessage()
    {
        var pod = St.MakePod().Obj();
        pod.Spec.SchedulingGates = [new() { Name = "a" }, new() { Name = "b" }];
        Describe(new SchedulingGates().PreEnqueue(pod)).ShouldBe("UnschedulableAndUnresolvable: waiting for scheduling gates: [a b]");
        new SchedulingGates().PreEnqueue(St.MakePod()).IsSuccess.ShouldBeTrue();
    }
}

public class TaintTolerationTests
{
    public static TheoryData<string, PodWrapper, NodeWrapper, string> FilterCases => new()
    {
        { "no tolerations, tainted node", St.MakePod(), St.MakeNode("n").Taint("dedicated", "user1", "NoSchedule"), "UnschedulableAndUnresolvable: node(s) had untolerated taint {dedicated: user1}" },
        { "tolerates dedicated=user1", St.MakePod().Toleration("dedicated", "Equal", "user1", "NoSchedule"), St.MakeNode("n").Taint("dedicated", "user1", "NoSchedule"), "Success" },
        { "tolerates another value", St.MakePod().Toleration("dedicated", "Equal", "user2", "NoSchedule"), St.MakeNode("n").Taint("dedicated", "user1", "NoSchedule"), "UnschedulableAndUnresolvable: node(s) had untolerated taint {dedicated: user1}" },
        { "Exists tolerates any value", St.MakePod().Toleration("foo", "Exists", "", "NoSchedule"), St.MakeNode("n").Taint("foo", "bar", "NoSchedule"), "Success" },
        {
            "multiple taints all tolerated",
            St.MakePod().Toleration("dedicated", "Equal", "user2", "NoSchedule").Toleration("foo", "Exists", "", "NoSchedule"),
            St.MakeNode("n").Taint("dedicated", "user2", "NoSchedule").Taint("foo", "", "NoSchedule"),
            "Success"
        },
        { "effect differs", St.MakePod().Toleration("foo", "Equal", "bar", "PreferNoSchedule"), St.MakeNode("n").Taint("foo", "bar", "NoSchedule"), "UnschedulableAndUnresolvable: node(s) had untolerated taint {foo: bar}" },
        { "empty effect tolerates every effect", St.MakePod().Toleration("foo", "Equal", "bar", ""), St.MakeNode("n").Taint("foo", "bar", "NoSchedule"), "Success" },
        { "PreferNoSchedule taint does not filter", St.MakePod().Toleration("dedicated", "Equal", "user2", "NoSchedule"), St.MakeNode("n").Taint("dedicated", "user1", "PreferNoSchedule"), "Success" },
        { "no toleration, PreferNoSchedule taint", St.MakePod(), St.MakeNode("n").Taint("dedicated", "user1", "PreferNoSchedule"), "Success" },
        { "NoExecute taint filters", St.MakePod(), St.MakeNode("n").Taint("k", "v", "NoExecute"), "UnschedulableAndUnresolvable: node(s) had untolerated taint {k: v}" },
        { "empty key with Exists tolerates everything", St.MakePod().Toleration("", "Exists", "", ""), St.MakeNode("n").Taint("k", "v", "NoExecute"), "Success" },
    };

    [Theory]
    [MemberData(nameof(FilterCases))]
    public void Filter(string name, PodWrapper pod, NodeWrapper node, string expected)
    {
        _ = name;
        Describe(RunFilter(new TaintToleration(), pod, new NodeInfo(node))).ShouldBe(expected);
    }

    [Fact]
    public void Score_TolerableTaintsScoreHigherThanIntolerable()
    {
        var pod = St.MakePod().Toleration("foo", "Equal", "bar", "PreferNoSchedule");
        var snapshot = Snapshot.Create([], [St.MakeNode("a").Taint("foo", "bar", "PreferNoSchedule"), St.MakeNode("b").Taint("foo", "blah", "PreferNoSchedule")]);
        RunScore(new TaintToleration(), pod, snapshot).ShouldBe([100, 0]);
    }

    [Fact]
    public void Score_MoreIntolerableTaintsScoreLower()
    {
        var pod = St.MakePod().Toleration("foo", "Equal", "bar", "PreferNoSchedule");
        var snapshot = Snapshot.Create([], [
            St.MakeNode("a"),
            St.MakeNode("b").Taint("cpu-type", "arm64", "PreferNoSchedule"),
            St.MakeNode("c").Taint("cpu-type", "arm64", "PreferNoSchedule").Taint("disk-type", "ssd", "PreferNoSchedule"),
        ]);
        RunScore(new TaintToleration(), pod, snapshot).ShouldBe([100, 50, 0]);
    }

    [Fact]
    public void Score_OnlyPreferNoScheduleTaintsAndTolerationsCount()
    {
        var pod = St.MakePod().Toleration("cpu-type", "Equal", "arm64", "NoSchedule").Toleration("disk-type", "Equal", "ssd", "PreferNoSchedule");
        var snapshot = Snapshot.Create([], [
            St.MakeNode("a"),
            St.MakeNode("b").Taint("cpu-type", "arm64", "NoSchedule"),
            St.MakeNode("c").Taint("cpu-type", "arm64", "PreferNoSchedule"),
        ]);
        RunScore(new TaintToleration(), pod, snapshot).ShouldBe([100, 100, 0]);
    }

    [Fact]
    public void Score_NoTaintsAnywhere_AllMax()
    {
        var snapshot = Snapshot.Create([], [St.MakeNode("a"), St.MakeNode("b")]);
        RunScore(new TaintToleration(), St.MakePod(), snapshot).ShouldBe([100, 100]);
    }
}

public class NodePortsTests
{
    private static PodWrapper WithPorts(PodWrapper pod, params string[] ports)
    {
        foreach (var p in ports)
        {
            var parts = p.Split('/');
            pod.HostPort(int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture), parts[0], parts[1]);
        }

        return pod;
    }

    [Theory]
    [InlineData(new string[0], new string[0], true)]
    [InlineData(new[] { "UDP/127.0.0.1/8080" }, new[] { "UDP/127.0.0.1/9090" }, true)]
    [InlineData(new[] { "UDP/127.0.0.1/8080" }, new[] { "UDP/127.0.0.1/8080" }, false)]
    [InlineData(new[] { "TCP/127.0.0.1/8080" }, new[] { "TCP/127.0.0.1/8080" }, false)]
    [InlineData(new[] { "TCP/127.0.0.1/8080" }, new[] { "TCP/127.0.0.2/8080" }, true)]
    [InlineData(new[] { "UDP/127.0.0.1/8080" }, new[] { "TCP/127.0.0.1/8080" }, true)]
    [InlineData(new[] { "UDP/127.0.0.1/8000", "UDP/127.0.0.1/8080" }, new[] { "UDP/127.0.0.1/8080" }, false)]
    [InlineData(new[] { "TCP/0.0.0.0/8001" }, new[] { "TCP/127.0.0.1/8001" }, false)]
    [InlineData(new[] { "TCP/10.0.10.10/8001", "TCP/0.0.0.0/8001" }, new[] { "TCP/127.0.0.1/8001" }, false)]
    [InlineData(new[] { "TCP/10.0.10.10/8001" }, new[] { "TCP/0.0.0.0/8001" }, false)]
    [InlineData(new[] { "UDP/0.0.0.0/8001" }, new[] { "TCP/127.0.0.1/8001" }, true)]
    [InlineData(new[] { "TCP/0.0.0.0/8001", "UDP/0.0.0.0/8001" }, new[] { "UDP/127.0.0.1/8001" }, false)]
    [InlineData(new[] { "TCP//8001" }, new[] { "TCP/127.0.0.1/8001" }, false)]
    [InlineData(new[] { "/127.0.0.1/8001" }, new[] { "TCP/127.0.0.1/8001" }, false)]
    public void Filter(string[] podPorts, string[] existingPorts, bool fits)
    {
        var pod = WithPorts(St.MakePod("p"), podPorts);
        var existing = WithPorts(St.MakePod("e").Node("n"), existingPorts);
        var status = RunFilter(new NodePorts(), pod, new NodeInfo(St.MakeNode("n"), existing));
        Describe(status).ShouldBe(fits ? "Success" : "Unschedulable: node(s) didn't have free ports for the requested pod ports");
    }

    [Fact]
    public void NodeInfo_RemovePod_FreesItsPorts()
    {
        var existing = WithPorts(St.MakePod("e").Node("n"), "TCP/127.0.0.1/8080");
        var info = new NodeInfo(St.MakeNode("n"), existing);
        var pod = WithPorts(St.MakePod("p"), "TCP/127.0.0.1/8080");
        RunFilter(new NodePorts(), pod, info).IsSuccess.ShouldBeFalse();
        info.RemovePod(existing).ShouldBeTrue();
        RunFilter(new NodePorts(), pod, info).IsSuccess.ShouldBeTrue();
    }
}

public class ImageLocalityTests
{
    private const long Mb = 1024 * 1024;

    [Fact]
    public void Score_PrefersNodesWithLargerAndMoreSpreadImages()
    {
        var snapshot = Snapshot.Create([], [
            St.MakeNode("n1").Image(40 * Mb, "gcr.io/40:latest", "gcr.io/40:v1").Image(250 * Mb, "gcr.io/250:latest"),
            St.MakeNode("n2").Image(40 * Mb, "gcr.io/40:latest").Image(300 * Mb, "gcr.io/300:latest"),
        ]);
        var pod = St.MakePod().Container("gcr.io/40").Container("gcr.io/250");
        // n1: 40MB*(2/2) + 250MB*(1/2) = 165MB -> 100*(165-23)/(2000-23) = 7; n2: 40MB -> 100*17/1977 = 0.
        RunScore(new ImageLocality(new TestHandle(snapshot)), pod, snapshot).ShouldBe([7, 0]);
        var pod300 = St.MakePod().Container("gcr.io/300:latest");
        // n2: 300MB*(1/2) = 150MB -> 100*(150-23)/(1000-23) = 12.
        RunScore(new ImageLocality(new TestHandle(snapshot)), pod300, snapshot).ShouldBe([0, 12]);
    }

    [Fact]
    public void Score_ImageLargerThanThresholdCapsAtMax()
    {
        var snapshot = Snapshot.Create([], [St.MakeNode("n1").Image(3000 * Mb, "big:latest")]);
        RunScore(new ImageLocality(new TestHandle(snapshot)), St.MakePod().Container("big"), snapshot).ShouldBe([100]);
    }

    [Theory]
    [InlineData("nginx", "nginx:latest")]
    [InlineData("nginx:1.2", "nginx:1.2")]
    [InlineData("localhost:5000/nginx", "localhost:5000/nginx:latest")]
    [InlineData("gcr.io/a/b:tag", "gcr.io/a/b:tag")]
    public void NormalizedImageName(string image, string expected) => ImageLocality.NormalizedImageName(image).ShouldBe(expected);
}
