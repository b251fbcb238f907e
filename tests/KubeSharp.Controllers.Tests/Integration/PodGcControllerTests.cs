using KubeSharp.Api.Core.V1;
using KubeSharp.Client;
using KubeSharp.Controllers.PodGc;

namespace KubeSharp.Controllers.Tests.Integration;

/// <summary>A manager running only podgc, with a threshold of 3 terminated pods, a 2 s quarantine and a 1 s period.</summary>
public sealed class PodGcFixture : ControllersFixture
{
    protected override ControllerManagerOptions ManagerOptions => new()
    {
        LeaderElect = false,
        Controllers = ["podgc"],
        PodGc = new PodGcOptions { TerminatedPodThreshold = 3, Quarantine = TimeSpan.FromSeconds(2), CheckPeriod = TimeSpan.FromSeconds(1) },
    };
}

/// <summary>The pod garbage collector against the real API server. The tests of this class run one after another and
/// leave no terminated pods behind (the threshold counts the whole cluster's).</summary>
public class PodGcControllerTests(PodGcFixture fixture) : IClassFixture<PodGcFixture>
{
    private const string Keep = "kubesharp.test/keep";

    private async Task<ResourceClient<Pod>> NamespaceAsync(string ns)
    {
        var (code, _, stderr) = await fixture.KubectlAsync("create namespace " + ns);
        code.ShouldBe(0, stderr);
        return fixture.Client.Resource<Pod>(ns);
    }

    private static Pod NewPod(string name, string nodeName = "", bool keep = false)
    {
        var pod = new Pod { ApiVersion = "v1", Kind = "Pod" };
        pod.Metadata.Name = name;
        pod.Spec.NodeName = nodeName;
        pod.Spec.Containers = [new Container { Name = "c", Image = "nginx:1.27" }];
        if (keep)
        {
            pod.Metadata.Finalizers = [Keep];
        }
        return pod;
    }

    /// <summary>Waits for the fake node agent's Running, then sets the phase (as a kubelet would).</summary>
    private static Task SetPhaseAsync(ResourceClient<Pod> pods, string name, string phase)
        => ControllersFixture.EventuallyAsync(async () =>
        {
            var pod = await pods.GetAsync(name);
            if (pod.Status.Phase != "Running")
            {
                return false;
            }
            pod.Status.Phase = phase;
            try
            {
                await pods.UpdateStatusAsync(pod);
                return true;
            }
            catch (KubeApiException e) when (e.IsConflict)
            {
                return false;
            }
        }, $"pod {name} {phase}");

    private static async Task ReleaseAsync(ResourceClient<Pod> pods, string name)
    {
        var pod = await pods.GetAsync(name);
        pod.Metadata.Finalizers = null;
        await pods.UpdateAsync(pod);
    }

    [Fact]
    public async Task TerminatedPodsAboveThreshold_OldestAreDeleted()
    {
        var pods = await NamespaceAsync("podgc-terminated");
        var names = Enumerable.Range(0, 5).Select(i => "done-" + i).ToList();
        foreach (var name in names)
        {
            await pods.CreateAsync(NewPod(name));
            await SetPhaseAsync(pods, name, name == "done-2" ? "Failed" : "Succeeded");
            // Distinct creation seconds, so the order is by age and not only by name.
            await Task.Delay(1100);
        }
        await ControllersFixture.EventuallyAsync(async () => (await pods.ListAsync()).Items.Count == 3, "3 terminated pods left", TimeSpan.FromSeconds(60));
        (await pods.ListAsync()).Items.Select(p => p.Metadata.Name).Order().ShouldBe(["done-2", "done-3", "done-4"]);
        // A running pod is never collected as terminated.
        await pods.CreateAsync(NewPod("running"));
        await ControllersFixture.EventuallyAsync(async () => (await pods.GetAsync("running")).Status.Phase == "Running", "running");
        await pods.DeleteCollectionAsync(options: new Api.Meta.V1.DeleteOptions { GracePeriodSeconds = 0 });
        await ControllersFixture.EventuallyAsync(async () => (await pods.ListAsync()).Items.Count == 0, "namespace emptied");
    }

    [Fact]
    public async Task OrphanedPods_AreFailedWithDisruptionTarget_AndDeleted_AfterTheQuarantine()
    {
        var pods = await NamespaceAsync("podgc-orphans");
        var node = new Node { ApiVersion = "v1", Kind = "Node" };
        node.Metadata.Name = "podgc-real-node";
        await fixture.Client.Resource<Node>().CreateAsync(node);
        await pods.CreateAsync(NewPod("orphan", "podgc-ghost-node", keep: true));
        await pods.CreateAsync(NewPod("homed", "podgc-real-node", keep: true));
        await ControllersFixture.EventuallyAsync(async () =>
        {
            var pod = await pods.GetAsync("orphan");
            return pod.Metadata.DeletionTimestamp is not null && pod.Status.Phase == "Failed";
        }, "orphan failed and deleted", TimeSpan.FromSeconds(60));
        var orphan = await pods.GetAsync("orphan");
        var condition = orphan.Status.Conditions!.Single(c => c.Type == "DisruptionTarget");
        (condition.Status, condition.Reason, condition.Message).ShouldBe(("True", "DeletionByPodGC", "PodGC: node no longer exists"));
        var homed = await pods.GetAsync("homed");
        homed.Metadata.DeletionTimestamp.ShouldBeNull();
        homed.Status.Phase.ShouldBe("Running");

        await ReleaseAsync(pods, "orphan");
        await ReleaseAsync(pods, "homed");
        await pods.DeleteAsync("homed", new Api.Meta.V1.DeleteOptions { GracePeriodSeconds = 0 });
        await fixture.Client.Resource<Node>().DeleteAsync("podgc-real-node");
        await ControllersFixture.EventuallyAsync(async () => (await pods.ListAsync()).Items.Count == 0, "pods gone");
    }

    [Fact]
    public async Task UnscheduledTerminatingPod_IsFailedAndDeleted()
    {
        var pods = await NamespaceAsync("podgc-unscheduled");
        await pods.CreateAsync(NewPod("pending", keep: true));
        await ControllersFixture.EventuallyAsync(async () => (await pods.GetAsync("pending")).Status.Phase == "Running", "agent ran it");
        await pods.DeleteAsync("pending");
        await ControllersFixture.EventuallyAsync(async () => (await pods.GetAsync("pending")).Status.Phase == "Failed", "unscheduled terminating pod failed", TimeSpan.FromSeconds(60));
        (await pods.GetAsync("pending")).Metadata.DeletionTimestamp.ShouldNotBeNull();
        await ReleaseAsync(pods, "pending");
        await ControllersFixture.EventuallyAsync(async () => (await pods.TryGetAsync("pending")) is null, "pod gone");
    }
}
