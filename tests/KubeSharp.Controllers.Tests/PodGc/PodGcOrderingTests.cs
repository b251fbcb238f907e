using KubeSharp.Api;
using KubeSharp.Api.Core.V1;
using KubeSharp.Controllers.PodGc;

namespace KubeSharp.Controllers.Tests.PodGc;

/// <summary>Cases after upstream's gc_controller_test.go (TestGCTerminated) and byEvictionAndCreationTimestamp.</summary>
public class PodGcOrderingTests
{
    private static readonly DateTimeOffset Base = DateTimeOffset.UnixEpoch.AddDays(1000);

    private static Pod NewPod(string name, string phase, int createdSecond, string reason = "")
    {
        var pod = new Pod();
        pod.Metadata.Name = name;
        pod.Metadata.CreationTimestamp = Time.FromDateTimeOffset(Base.AddSeconds(createdSecond));
        pod.Status.Phase = phase;
        pod.Status.Reason = reason;
        return pod;
    }

    [Theory]
    [InlineData("Pending", false)]
    [InlineData("Running", false)]
    [InlineData("Unknown", false)]
    [InlineData("Succeeded", true)]
    [InlineData("Failed", true)]
    [InlineData("", true)] // upstream: anything not Pending/Running/Unknown
    public void IsTerminated(string phase, bool terminated) => PodGcOrdering.IsTerminated(NewPod("p", phase, 0)).ShouldBe(terminated);

    [Fact]
    public void TerminatedToDelete_OldestFirst_NamesBreakTies_EvictedBeforeAll()
    {
        var pods = new[]
        {
            NewPod("c", "Succeeded", 1),
            NewPod("running-old", "Running", 0),
            NewPod("b", "Failed", 1),
            NewPod("a", "Succeeded", 2),
            NewPod("evicted-new", "Failed", 9, reason: "Evicted"),
            NewPod("d", "Failed", 0),
            NewPod("e", "Succeeded", 5),
        };
        PodGcOrdering.TerminatedToDelete(pods, 2).Select(p => p.Metadata.Name).ShouldBe(["evicted-new", "d", "b", "c"]);
        PodGcOrdering.TerminatedToDelete(pods, 5).Select(p => p.Metadata.Name).ShouldBe(["evicted-new"]);
    }

    [Theory]
    [InlineData(6, 0)]
    [InlineData(10, 0)]
    [InlineData(0, 0)] // 0 disables the terminated GC
    [InlineData(1, 5)]
    public void TerminatedToDelete_OnlyAboveThreshold(int threshold, int deleted)
    {
        var pods = Enumerable.Range(0, 6).Select(i => NewPod("p" + i, "Succeeded", i)).Append(NewPod("r", "Running", 0)).ToList();
        var result = PodGcOrdering.TerminatedToDelete(pods, threshold);
        result.Count.ShouldBe(deleted);
        result.Select(p => p.Metadata.Name).ShouldBe(Enumerable.Range(0, deleted).Select(i => "p" + i));
    }

    [Fact]
    public void StatusApply_IsOnlyPhaseAndCondition()
    {
        var pod = NewPod("orphan", "Running", 0);
        pod.Metadata.Namespace = "ns";
        var condition = new PodCondition { Type = "DisruptionTarget", Status = "True", Reason = "DeletionByPodGC", Message = "PodGC: node no longer exists" };
        var json = System.Text.Encoding.UTF8.GetString(PodGcController.StatusApply(pod, condition, Time.FromDateTimeOffset(Base)).Span);
        json.ShouldBe("""{"kind":"Pod","apiVersion":"v1","metadata":{"name":"orphan","namespace":"ns"},"status":{"phase":"Failed","conditions":[{"type":"DisruptionTarget","status":"True","lastTransitionTime":"1972-09-27T00:00:00Z","reason":"DeletionByPodGC","message":"PodGC: node no longer exists"}]}}""");
    }
}
