using System.Text.Json;
using KubeSharp.Scheduler.Framework;
using KubeSharp.Scheduler.Plugins;
using static KubeSharp.Scheduler.Tests.PluginHarness;

namespace KubeSharp.Scheduler.Tests;

public class NodeResourcesFitTests
{
    // Upstream's makeAllocatableResources(10, 20, 32, 5, 20, 5): 10m cpu, 20 bytes memory, 32 pods, 5 example.com/aaa,
    // 20 ephemeral storage, 5 hugepages-2Mi.
    private static NodeWrapper Node() => St.MakeNode("n").Capacity("cpu=10m", "memory=20", "pods=32", "example.com/aaa=5", "ephemeral-storage=20", "hugepages-2Mi=5");

    private static PodWrapper Used(string cpu, string memory) => St.MakePod("used").Node("n").Req("cpu=" + cpu, "memory=" + memory);

    public static TheoryData<string, PodWrapper, PodWrapper?, string> FilterCases => new()
    {
        { "no resources requested always fits", St.MakePod(), Used("10m", "20"), "Success" },
        { "too many resources fails", St.MakePod().Req("cpu=1m", "memory=1"), Used("10m", "20"), "Unschedulable: Insufficient cpu | Insufficient memory" },
        { "init container cpu too large", St.MakePod().Req("cpu=1m", "memory=1").InitReq("cpu=3m", "memory=1"), Used("8m", "19"), "Unschedulable: Insufficient cpu" },
        { "highest init container cpu too large", St.MakePod().Req("cpu=1m", "memory=1").InitReq("cpu=3m", "memory=1").InitReq("cpu=2m", "memory=1"), Used("8m", "19"), "Unschedulable: Insufficient cpu" },
        { "init container memory too large", St.MakePod().Req("cpu=1m", "memory=1").InitReq("cpu=1m", "memory=3"), Used("9m", "19"), "Unschedulable: Insufficient memory" },
        { "init containers take the max, not the sum", St.MakePod().Req("cpu=1m", "memory=1").InitReq("cpu=1m", "memory=1").InitReq("cpu=1m", "memory=1"), Used("9m", "19"), "Success" },
        { "both resources fit", St.MakePod().Req("cpu=1m", "memory=1"), Used("5m", "5"), "Success" },
        { "one resource memory fits", St.MakePod().Req("cpu=2m", "memory=1"), Used("9m", "5"), "Unschedulable: Insufficient cpu" },
        { "one resource cpu fits", St.MakePod().Req("cpu=1m", "memory=2"), Used("5m", "19"), "Unschedulable: Insufficient memory" },
        { "equal edge case", St.MakePod().Req("cpu=5m", "memory=1"), Used("5m", "19"), "Success" },
        { "extended resource fits", St.MakePod().Req("example.com/aaa=1"), Used("0", "0"), "Success" },
        { "extended resource capacity enforced", St.MakePod().Req("example.com/aaa=6"), Used("0", "0"), "UnschedulableAndUnresolvable: Insufficient example.com/aaa" },
        { "extended resource allocatable enforced", St.MakePod().Req("example.com/aaa=1"), St.MakePod("used").Node("n").Req("example.com/aaa=5"), "Unschedulable: Insufficient example.com/aaa" },
        { "extended resource unknown to the node", St.MakePod().Req("example.com/bbb=1"), null, "UnschedulableAndUnresolvable: Insufficient example.com/bbb" },
        { "hugepages enforced", St.MakePod().Req("hugepages-2Mi=6"), null, "UnschedulableAndUnresolvable: Insufficient hugepages-2Mi" },
        { "ephemeral storage enforced", St.MakePod().Req("ephemeral-storage=11"), St.MakePod("used").Node("n").Req("ephemeral-storage=10"), "Unschedulable: Insufficient ephemeral-storage" },
        { "overhead fits", St.MakePod().Req("cpu=1m", "memory=1").Overhead("cpu=3m", "memory=13"), Used("5m", "5"), "Success" },
        { "overhead makes memory insufficient", St.MakePod().Req("cpu=1m", "memory=1").Overhead("cpu=1m", "memory=15"), Used("5m", "5"), "Unschedulable: Insufficient memory" },
        { "request above the whole allocatable is unresolvable", St.MakePod().Req("cpu=11m"), null, "UnschedulableAndUnresolvable: Insufficient cpu" },
        { "sidecars add to the containers", St.MakePod().Req("cpu=2m").SidecarReq("cpu=3m"), Used("6m", "0"), "Unschedulable: Insufficient cpu" },
        { "init after a sidecar counts the sidecar", St.MakePod().Req("cpu=1m").SidecarReq("cpu=2m").InitReq("cpu=6m"), Used("3m", "0"), "Unschedulable: Insufficient cpu" },
        { "init before a sidecar does not count it", St.MakePod().Req("cpu=1m").InitReq("cpu=6m").SidecarReq("cpu=2m"), Used("4m", "0"), "Success" },
    };

    [Theory]
    [MemberData(nameof(FilterCases))]
    public void Filter(string name, PodWrapper pod, PodWrapper? existing, string expected)
    {
        _ = name;
        var info = existing is null ? new NodeInfo(Node()) : new NodeInfo(Node(), existing);
        Describe(RunFilter(new NodeResourcesFit(), pod, info)).ShouldBe(expected);
    }

    [Fact]
    public void Filter_TooManyPods()
    {
        var info = new NodeInfo(St.MakeNode("n").Capacity("cpu=10", "memory=10Gi", "pods=1"), St.MakePod("a").Node("n"));
        Describe(RunFilter(new NodeResourcesFit(), St.MakePod().Req("cpu=1"), info)).ShouldBe("Unschedulable: Too many pods");
    }

    [Fact]
    public void Filter_IgnoredResourcesAndGroups()
    {
        var pod = St.MakePod().Req("example.com/aaa=10", "ignored.com/x=3");
        var args = NodeResourcesFitArgs.Parse(JsonDocument.Parse("""{"ignoredResources":["example.com/aaa"],"ignoredResourceGroups":["ignored.com"]}""").RootElement);
        RunFilter(new NodeResourcesFit(args), pod, new NodeInfo(Node())).IsSuccess.ShouldBeTrue();
        RunFilter(new NodeResourcesFit(), pod, new NodeInfo(Node())).Reasons.ShouldBe(["Insufficient example.com/aaa", "Insufficient ignored.com/x"], ignoreOrder: true);
    }

    [Fact]
    public void PodRequests_InitContainersSidecarsAndOverhead()
    {
        // max(containers 1 + sidecar 2 = 3, init 6 + sidecar-before 2 = 8) + overhead 1 = 9.
        var pod = St.MakePod().Req("cpu=1", "memory=1Gi").SidecarReq("cpu=2").InitReq("cpu=6", "memory=512Mi").Overhead("cpu=1", "memory=100Mi").Obj();
        var r = PodRequests.Compute(pod);
        r.MilliCpu.ShouldBe(9000);
        r.Memory.ShouldBe((1024 + 100) * 1024L * 1024);
        var nonZero = PodRequests.ComputeNonZero(St.MakePod().Req().Req("cpu=1"));
        nonZero.MilliCpu.ShouldBe(1100);
        nonZero.Memory.ShouldBe(2 * ResourceNames.DefaultMemoryRequest);
    }

    private static Snapshot TwoNodes(params PodWrapper[] pods) => Snapshot.Create(pods.Select(p => p.Obj()), [
        St.MakeNode("n1").Capacity("cpu=4000m", "memory=10000"),
        St.MakeNode("n2").Capacity("cpu=6000m", "memory=10000"),
    ]);

    private static PodWrapper Requesting3000m5000() => St.MakePod().Req("cpu=1000m", "memory=2000").Req("cpu=2000m", "memory=3000");

    private static NodeResourcesFit Fit(string argsJson) => new(NodeResourcesFitArgs.Parse(JsonDocument.Parse(argsJson).RootElement));

    [Fact]
    public void Score_LeastAllocated()
    {
        RunScore(new NodeResourcesFit(), St.MakePod(), TwoNodes()).ShouldBe([100, 100]);
        // n1: cpu (4000-3000)*100/4000 = 25, memory 50 -> 37; n2: 50, 50 -> 50.
        RunScore(new NodeResourcesFit(), Requesting3000m5000(), TwoNodes()).ShouldBe([37, 50]);
        // Existing pods count: n2 already has 3000m/5000 -> cpu 0, memory 0.
        RunScore(new NodeResourcesFit(), Requesting3000m5000(), TwoNodes(Requesting3000m5000().Node("n2"))).ShouldBe([37, 0]);
    }

    [Fact]
    public void Score_LeastAllocated_ContainersWithoutRequestsCountAsDefaults()
    {
        var snapshot = Snapshot.Create([], [St.MakeNode("n1").Capacity("cpu=1000m", "memory=1000Mi")]);
        // 100m of 1000m -> 90; 200Mi of 1000Mi -> 80; average 85.
        RunScore(new NodeResourcesFit(), St.MakePod().Req(), snapshot).ShouldBe([85]);
    }

    [Fact]
    public void Score_LeastAllocated_Weights()
    {
        var fit = Fit("""{"scoringStrategy":{"type":"LeastAllocated","resources":[{"name":"cpu","weight":3},{"name":"memory","weight":1}]}}""");
        // n1: (25*3 + 50)/4 = 31; n2: 50.
        RunScore(fit, Requesting3000m5000(), TwoNodes()).ShouldBe([31, 50]);
    }

    [Fact]
    public void Score_MostAllocated()
    {
        var fit = Fit("""{"scoringStrategy":{"type":"MostAllocated"}}""");
        // n1: cpu 75, memory 50 -> 62; n2: 50, 50.
        RunScore(fit, Requesting3000m5000(), TwoNodes()).ShouldBe([62, 50]);
        // Requests above capacity are capped: 8000m on 4000m -> 100.
        RunScore(fit, St.MakePod().Req("cpu=8000m", "memory=10000"), TwoNodes()).ShouldBe([100, 100]);
    }

    [Fact]
    public void Score_RequestedToCapacityRatio()
    {
        var fit = Fit("""{"scoringStrategy":{"type":"RequestedToCapacityRatio","requestedToCapacityRatio":{"shape":[{"utilization":0,"score":10},{"utilization":100,"score":0}]}}}""");
        // n1: cpu utilization 75 -> 25, memory 50 -> 50; (25+50)/2 = 37.5 rounds to 38. n2: 50.
        RunScore(fit, Requesting3000m5000(), TwoNodes()).ShouldBe([38, 50]);
        var binPacking = Fit("""{"scoringStrategy":{"type":"RequestedToCapacityRatio","requestedToCapacityRatio":{"shape":[{"utilization":0,"score":0},{"utilization":100,"score":10}]}}}""");
        RunScore(binPacking, Requesting3000m5000(), TwoNodes()).ShouldBe([63, 50]);
    }

    [Fact]
    public void Score_ExtendedResource_OnlyWhenRequested()
    {
        var fit = Fit("""{"scoringStrategy":{"type":"MostAllocated","resources":[{"name":"cpu","weight":1},{"name":"nvidia.com/gpu","weight":1}]}}""");
        var snapshot = Snapshot.Create([], [
            St.MakeNode("n1").Capacity("cpu=4000m", "memory=10000", "nvidia.com/gpu=4"),
            St.MakeNode("n2").Capacity("cpu=4000m", "memory=10000", "nvidia.com/gpu=8"),
        ]);
        // Without a gpu request only cpu counts: 2000/4000 -> 50 on both.
        RunScore(fit, St.MakePod().Req("cpu=2000m"), snapshot).ShouldBe([50, 50]);
        // With 2 gpus: n1 (50 + 50)/2 = 50, n2 (50 + 25)/2 = 37.
        RunScore(fit, St.MakePod().Req("cpu=2000m", "nvidia.com/gpu=2"), snapshot).ShouldBe([50, 37]);
    }

    [Theory]
    [InlineData("""{"scoringStrategy":{"type":"Bogus"}}""", "Unsupported value")]
    [InlineData("""{"scoringStrategy":{"type":"RequestedToCapacityRatio"}}""", "at least one point")]
    [InlineData("""{"scoringStrategy":{"type":"LeastAllocated","resources":[{"name":"cpu","weight":101}]}}""", "should be in range [1, 100]")]
    [InlineData("""{"ignoredResourceGroups":["example.com/aaa"]}""", "can't contain '/'")]
    [InlineData("""{"bogus":1}""", "unknown field \"bogus\"")]
    public void Args_Invalid(string json, string message) =>
        Should.Throw<JsonException>(() => NodeResourcesFitArgs.Parse(JsonDocument.Parse(json).RootElement)).Message.ShouldContain(message);
}

public class BalancedAllocationTests
{
    [Fact]
    public void Score_BalancedFractionsScoreHigher()
    {
        var snapshot = Snapshot.Create([], [
            St.MakeNode("n1").Capacity("cpu=4000m", "memory=10000"),
            St.MakeNode("n2").Capacity("cpu=6000m", "memory=10000"),
        ]);
        var pod = St.MakePod().Req("cpu=1000m", "memory=2000").Req("cpu=2000m", "memory=3000");
        // n1: 0.75 vs 0.5 -> std 0.125 -> 87; n2: 0.5 vs 0.5 -> 100.
        RunScore(new NodeResourcesBalancedAllocation(), pod, snapshot).ShouldBe([87, 100]);
    }

    [Fact]
    public void Score_ExistingPodsUseActualRequests()
    {
        var snapshot = Snapshot.Create(
            [St.MakePod("e1").Node("n1").Req("cpu=3000m", "memory=0"), St.MakePod("e2").Node("n2").Req("cpu=0m", "memory=5000")],
            [St.MakeNode("n1").Capacity("cpu=10000m", "memory=20000"), St.MakeNode("n2").Capacity("cpu=10000m", "memory=20000")]);
        var pod = St.MakePod().Req("cpu=3000m", "memory=5000");
        // n1: 0.6 vs 0.25 -> std 0.175 -> 82; n2: 0.3 vs 0.5 -> std 0.1 -> 90.
        RunScore(new NodeResourcesBalancedAllocation(), pod, snapshot).ShouldBe([82, 90]);
    }

    [Fact]
    public void PreScore_BestEffortPod_Skips()
    {
        var snapshot = Snapshot.Create([], [St.MakeNode("n1").Capacity("cpu=1", "memory=1Gi")]);
        RunScore(new NodeResourcesBalancedAllocation(), St.MakePod().Req(), snapshot).ShouldBeNull();
    }

    [Fact]
    public void Score_ThreeResources_UsesStandardDeviation()
    {
        var plugin = NodeResourcesBalancedAllocation.FromArgs(JsonDocument.Parse("""{"resources":[{"name":"cpu","weight":1},{"name":"memory","weight":1},{"name":"nvidia.com/gpu","weight":1}]}""").RootElement);
        var snapshot = Snapshot.Create([], [St.MakeNode("n1").Capacity("cpu=1000m", "memory=1000", "nvidia.com/gpu=4")]);
        // Fractions 0.5, 0.5, 1 -> mean 2/3, std sqrt(((1/6)^2*2 + (1/3)^2)/3) = 0.2357 -> 76.
        RunScore(plugin, St.MakePod().Req("cpu=500m", "memory=500", "nvidia.com/gpu=4"), snapshot).ShouldBe([76]);
    }
}
