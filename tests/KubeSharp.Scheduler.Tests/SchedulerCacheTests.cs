using KubeSharp.Scheduler.Framework;
using KubeSharp.Scheduler.Plugins;

namespace KubeSharp.Scheduler.Tests;

public class SchedulerCacheTests
{
    private static NodeWrapper Node(string name, string zone) =>
        St.MakeNode(name).Capacity("cpu=4", "memory=8Gi").Label("topology.kubernetes.io/zone", zone);

    [Fact]
    public void UpdateSnapshot_InterleavesZones()
    {
        var cache = new SchedulerCache();
        foreach (var (name, zone) in new[] { ("a1", "a"), ("a2", "a"), ("a3", "a"), ("b1", "b"), ("c1", "c"), ("c2", "c") })
        {
            cache.AddOrUpdateNode(Node(name, zone));
        }

        var snapshot = new Snapshot();
        cache.UpdateSnapshot(snapshot);
        snapshot.NodeInfos.Select(n => n.Name).ShouldBe(["a1", "b1", "c1", "a2", "c2", "a3"]);
    }

    [Fact]
    public void AssumeForgetAndConfirm()
    {
        var cache = new SchedulerCache();
        cache.AddOrUpdateNode(Node("n1", "a"));
        cache.AddOrUpdateNode(Node("n2", "a"));
        var snapshot = new Snapshot();
        cache.UpdateSnapshot(snapshot);
        var untouched = snapshot.Get("n2");

        var pod = St.MakePod("p").Req("cpu=1").Node("n1").Obj();
        cache.AssumePod(pod);
        cache.IsAssumed(pod).ShouldBeTrue();
        cache.UpdateSnapshot(snapshot);
        snapshot.Get("n1")!.Requested.MilliCpu.ShouldBe(1000);
        snapshot.Get("n2").ShouldBeSameAs(untouched);
        Should.Throw<InvalidOperationException>(() => cache.AssumePod(pod));

        cache.ForgetPod(pod);
        cache.UpdateSnapshot(snapshot);
        snapshot.Get("n1")!.Requested.MilliCpu.ShouldBe(0);
        cache.PodCount.ShouldBe(0);

        cache.AssumePod(pod);
        cache.FinishBinding(pod);
        cache.AddOrUpdatePod(pod);
        cache.IsAssumed(pod).ShouldBeFalse();
        cache.UpdateSnapshot(snapshot);
        snapshot.Get("n1")!.Pods.Count.ShouldBe(1);
        cache.RemovePod(pod);
        cache.UpdateSnapshot(snapshot);
        snapshot.Get("n1")!.Pods.ShouldBeEmpty();
    }

    [Fact]
    public void Snapshot_IsACopy_NotTheCachesNodeInfo()
    {
        var cache = new SchedulerCache();
        cache.AddOrUpdateNode(Node("n1", "a"));
        var snapshot = new Snapshot();
        cache.UpdateSnapshot(snapshot);
        var before = snapshot.Get("n1")!;
        cache.AddOrUpdatePod(St.MakePod("p").Node("n1").Req("cpu=2"));
        before.Requested.MilliCpu.ShouldBe(0);
        cache.UpdateSnapshot(snapshot);
        snapshot.Get("n1")!.Requested.MilliCpu.ShouldBe(2000);
    }

    [Fact]
    public void RemoveNode_DropsItFromTheSnapshot_AndAffinityListsFollowPods()
    {
        var cache = new SchedulerCache();
        cache.AddOrUpdateNode(Node("n1", "a"));
        cache.AddOrUpdateNode(Node("n2", "b"));
        var snapshot = new Snapshot();
        cache.UpdateSnapshot(snapshot);
        snapshot.HavePodsWithRequiredAntiAffinity.ShouldBeEmpty();

        var anti = St.FromYaml<KubeSharp.Api.Core.V1.Affinity>("podAntiAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{labelSelector: {matchLabels: {app: x}}, topologyKey: zone}]}");
        var pod = St.MakePod("p").Node("n2").Affinity(anti).Obj();
        cache.AddOrUpdatePod(pod);
        cache.UpdateSnapshot(snapshot);
        snapshot.HavePodsWithRequiredAntiAffinity.Select(n => n.Name).ShouldBe(["n2"]);
        snapshot.HavePodsWithAffinity.Select(n => n.Name).ShouldBe(["n2"]);

        cache.RemoveNode("n1");
        cache.UpdateSnapshot(snapshot);
        snapshot.NodeInfos.Select(n => n.Name).ShouldBe(["n2"]);
        snapshot.Get("n1").ShouldBeNull();

        // A node with pods keeps them when the Node goes, but leaves the snapshot.
        cache.RemoveNode("n2");
        cache.UpdateSnapshot(snapshot);
        snapshot.NodeInfos.ShouldBeEmpty();
        cache.PodCount.ShouldBe(1);
        cache.AddOrUpdateNode(Node("n2", "b"));
        cache.UpdateSnapshot(snapshot);
        snapshot.Get("n2")!.Pods.Count.ShouldBe(1);
    }

    [Fact]
    public void ImageStates_CountNodesAcrossTheCluster()
    {
        var cache = new SchedulerCache();
        cache.AddOrUpdateNode(Node("n1", "a").Image(100, "img:1"));
        cache.AddOrUpdateNode(Node("n2", "a").Image(100, "img:1"));
        var snapshot = new Snapshot();
        cache.UpdateSnapshot(snapshot);
        snapshot.Get("n1")!.ImageStates["img:1"].NumNodes.ShouldBe(2);
        cache.AddOrUpdateNode(Node("n3", "a").Image(100, "img:1"));
        cache.UpdateSnapshot(snapshot);
        snapshot.Get("n1")!.ImageStates["img:1"].NumNodes.ShouldBe(3);
        cache.RemoveNode("n2");
        cache.UpdateSnapshot(snapshot);
        snapshot.Get("n3")!.ImageStates["img:1"].NumNodes.ShouldBe(2);
    }

    [Fact]
    public void NodeUpdate_ReachesTheFieldsTheFiltersRead()
    {
        // The node info copies the node's name, spec.unschedulable, taints and labels when the node is set: an
        // updated node object must show through the snapshot (and through clones that carry pods).
        var cache = new SchedulerCache();
        cache.AddOrUpdateNode(Node("n1", "a"));
        cache.AssumePod(St.MakePod("p").Req("cpu=1").Node("n1").Obj());
        var snapshot = new Snapshot();
        cache.UpdateSnapshot(snapshot);
        var before = snapshot.Get("n1")!;
        before.Name.ShouldBe("n1");
        before.Unschedulable.ShouldBeFalse();
        before.Taints.ShouldBeNull();
        before.Labels!["topology.kubernetes.io/zone"].ShouldBe("a");

        cache.AddOrUpdateNode(Node("n1", "b").Unschedulable().Taint("dedicated", "x", "NoSchedule"));
        cache.UpdateSnapshot(snapshot);
        var after = snapshot.Get("n1")!;
        after.Unschedulable.ShouldBeTrue();
        after.Taints!.Single().Key.ShouldBe("dedicated");
        after.Labels!["topology.kubernetes.io/zone"].ShouldBe("b");
        after.LabelPairs!.ShouldContain(new KeyValuePair<string, string>("topology.kubernetes.io/zone", "b"));
        after.Pods.Count.ShouldBe(1);
        var pod = St.MakePod("q").Obj();
        var zoneB = St.MakePod("zb").Obj();
        zoneB.Spec.NodeSelector = new() { ["topology.kubernetes.io/zone"] = "b" };
        var zoneA = St.MakePod("za").Obj();
        zoneA.Spec.NodeSelector = new() { ["topology.kubernetes.io/zone"] = "a" };
        new KubeSharp.Api.Scheduling.RequiredNodeAffinity(zoneB).Match(after.LabelPairs, after.Name).ShouldBeTrue();
        new KubeSharp.Api.Scheduling.RequiredNodeAffinity(zoneA).Match(after.LabelPairs, after.Name).ShouldBeFalse();
        new KubeSharp.Api.Scheduling.RequiredNodeAffinity(zoneA).Match(before.LabelPairs, before.Name).ShouldBeTrue();
        new NodeUnschedulable().Filter(new CycleState(), pod, after).Code.ShouldBe(StatusCode.UnschedulableAndUnresolvable);
        new TaintToleration().Filter(new CycleState(), pod, after).Message.ShouldBe("node(s) had untolerated taint {dedicated: x}");
        before.Unschedulable.ShouldBeFalse();

        var clone = after.Clone();
        clone.Unschedulable.ShouldBeTrue();
        clone.Taints.ShouldBeSameAs(after.Taints);
        clone.LabelPairs.ShouldBe(after.LabelPairs);
        clone.Requested.ShouldNotBeSameAs(after.Requested);
        clone.Requested.MilliCpu.ShouldBe(1000);

        cache.RemoveNode("n1");
        cache.UpdateSnapshot(snapshot);
        snapshot.Get("n1").ShouldBeNull();
    }
}
