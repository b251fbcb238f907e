using KubeSharp.Api;
using KubeSharp.Api.Coordination.V1;
using KubeSharp.Api.Core.V1;
using KubeSharp.ApiServer.Tests.Integration;
using KubeSharp.Client;
using KubeSharp.Controllers.NodeLifecycle;
using Shouldly;

namespace KubeSharp.Controllers.Tests.Integration;

/// <summary>The real API server with only the node lifecycle and taint eviction controllers, on short periods.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "disposed in IAsyncLifetime.DisposeAsync, as xunit fixtures are")]
public class NodeLifecycleFixture : ApiServerFixture, IAsyncLifetime
{
    private readonly CancellationTokenSource _stop = new();
    private Task? _manager;

    public KubernetesClient Client { get; private set; } = null!;

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        Client = KubernetesClient.FromKubeconfig(KubeconfigPath);
        var manager = new ControllerManager(KubernetesClient.FromKubeconfig(KubeconfigPath), new ControllerManagerOptions
        {
            LeaderElect = false,
            Controllers = ["nodelifecycle", "taint-eviction-controller"],
            NodeLifecycle = new NodeLifecycleOptions
            {
                MonitorPeriod = TimeSpan.FromMilliseconds(300),
                MonitorGracePeriod = TimeSpan.FromSeconds(3),
            },
        });
        _manager = Task.Run(() => manager.RunAsync(_stop.Token));
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_manager is not null)
        {
            try
            {
                await _manager.WaitAsync(TimeSpan.FromSeconds(20));
            }
            catch (OperationCanceledException)
            {
            }
        }
        Client?.Dispose();
        _stop.Dispose();
        await DisposeAsync();
    }
}

public class NodeLifecycleControllerTests(NodeLifecycleFixture fixture) : IClassFixture<NodeLifecycleFixture>
{
    private const string NodeName = "nl-node-1";
    private const string Ns = "nl-test";

    private async Task PostReadyAsync(string status)
    {
        var nodes = fixture.Client.Resource<Node>();
        var node = await nodes.GetAsync(NodeName);
        var now = Time.Now().Rfc3339Copy();
        node.Status.Conditions = [new NodeCondition { Type = "Ready", Status = status, Reason = "KubeletReady", LastHeartbeatTime = now, LastTransitionTime = now }];
        await nodes.UpdateStatusAsync(node);
    }

    private Task<Lease> RenewAsync(Lease lease)
    {
        lease.Spec.RenewTime = MicroTime.Now();
        return fixture.Client.Resource<Lease>(NodeLifecycleController.LeaseNamespace).UpdateAsync(lease);
    }

    private static Task RenewLoopAsync(Func<Task> renew, CancellationToken token) => Task.Run(async () =>
    {
        while (!token.IsCancellationRequested)
        {
            await renew();
            try
            {
                await Task.Delay(500, token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }, CancellationToken.None);

    private static Pod NewPod(string name, long? tolerationSeconds, bool tolerate = true)
    {
        var pod = new Pod { ApiVersion = "v1", Kind = "Pod" };
        pod.Metadata.Name = name;
        pod.Metadata.Namespace = Ns;
        pod.Spec.NodeName = NodeName;
        pod.Spec.Containers = [new Container { Name = "c", Image = "pause" }];
        if (tolerate)
        {
            pod.Spec.Tolerations = [new Toleration { Key = NodeTaints.Unreachable, Operator = "Exists", Effect = "NoExecute", TolerationSeconds = tolerationSeconds }];
        }
        return pod;
    }

    private async Task<Node> NodeAsync() => await fixture.Client.Resource<Node>().GetAsync(NodeName);

    [Fact]
    public async Task SilentNode_GetsUnknownAndTaints_PodsEvictedAfterTolerationSeconds_RecoveryRemovesTaints()
    {
        var client = fixture.Client;
        var ns = new Namespace { ApiVersion = "v1", Kind = "Namespace" };
        ns.Metadata.Name = Ns;
        await client.Resource<Namespace>().CreateAsync(ns);
        var node = new Node { ApiVersion = "v1", Kind = "Node" };
        node.Metadata.Name = NodeName;
        await client.Resource<Node>().CreateAsync(node);
        await PostReadyAsync("True");
        var lease = new Lease { ApiVersion = "coordination.k8s.io/v1", Kind = "Lease" };
        lease.Metadata.Name = NodeName;
        lease.Metadata.Namespace = NodeLifecycleController.LeaseNamespace;
        lease.Spec.HolderIdentity = NodeName;
        lease.Spec.LeaseDurationSeconds = 40;
        lease.Spec.RenewTime = MicroTime.Now();
        lease = await client.Resource<Lease>(NodeLifecycleController.LeaseNamespace).CreateAsync(lease);
        using var renewing = new CancellationTokenSource();
        var renewLoop = RenewLoopAsync(async () => lease = await RenewAsync(lease), renewing.Token);

        var pods = client.Resource<Pod>(Ns);
        foreach (var pod in new[] { NewPod("two-seconds", 2), NewPod("zero-seconds", 0), NewPod("forever", null) })
        {
            var created = await pods.CreateAsync(pod);
            var now = Time.Now().Rfc3339Copy();
            created.Status.Phase = "Running";
            created.Status.Conditions = [new PodCondition { Type = "Ready", Status = "True", LastTransitionTime = now }];
            await pods.UpdateStatusAsync(created);
        }

        // Lease renewals alone keep the node healthy past the grace period (its Ready heartbeat is old by then).
        await Task.Delay(TimeSpan.FromSeconds(4.5));
        var healthy = await NodeAsync();
        healthy.Status.Conditions!.Single(c => c.Type == "Ready").Status.ShouldBe("True");
        (healthy.Spec.Taints ?? []).ShouldBeEmpty();

        await renewing.CancelAsync();
        await renewLoop;
        Node unreachable = null!;
        await ControllersFixture.EventuallyAsync(async () =>
        {
            unreachable = await NodeAsync();
            return unreachable.Spec.Taints?.Any(t => t.Key == NodeTaints.Unreachable && t.Effect == "NoExecute") == true;
        }, "unreachable NoExecute taint", TimeSpan.FromSeconds(20));
        var ready = unreachable.Status.Conditions!.Single(c => c.Type == "Ready");
        ready.Status.ShouldBe("Unknown");
        ready.Reason.ShouldBe("NodeStatusUnknown");
        ready.Message.ShouldBe("Kubelet stopped posting node status.");
        foreach (var type in new[] { "MemoryPressure", "DiskPressure", "PIDPressure" })
        {
            unreachable.Status.Conditions!.Single(c => c.Type == type).Reason.ShouldBe("NodeStatusNeverUpdated");
        }
        var noExecute = unreachable.Spec.Taints!.Single(t => t.Key == NodeTaints.Unreachable && t.Effect == "NoExecute");
        noExecute.TimeAdded.ShouldNotBeNull();
        unreachable.Spec.Taints!.ShouldContain(t => t.Key == NodeTaints.Unreachable && t.Effect == "NoSchedule");
        unreachable.Spec.Taints!.ShouldNotContain(t => t.Key == NodeTaints.NotReady);

        // tolerationSeconds 0: deleted at once, marked as a disruption target first.
        await ControllersFixture.EventuallyAsync(async () => (await pods.GetAsync("zero-seconds")).Metadata.DeletionTimestamp is not null, "zero-seconds evicted", TimeSpan.FromSeconds(10));
        var zero = await pods.GetAsync("zero-seconds");
        zero.Status.Conditions!.ShouldContain(c => c.Type == "DisruptionTarget" && c.Status == "True" && c.Reason == "DeletionByTaintManager");
        // tolerationSeconds 2: deleted about 2 s after the taint appeared, not before.
        await ControllersFixture.EventuallyAsync(async () => (await pods.GetAsync("two-seconds")).Metadata.DeletionTimestamp is not null, "two-seconds evicted", TimeSpan.FromSeconds(10));
        var two = await pods.GetAsync("two-seconds");
        // deletionTimestamp is the delete time plus the 30 s grace period; both it and timeAdded are whole seconds, so
        // "2 s after the taint" shows as more than 1 s.
        static DateTimeOffset DeletedAt(Pod p) => p.Metadata.DeletionTimestamp!.Value.ToDateTimeOffset().AddSeconds(-(p.Metadata.DeletionGracePeriodSeconds ?? 0));
        two.Metadata.DeletionGracePeriodSeconds.ShouldBe(30);
        var evictedAfter = DeletedAt(two) - noExecute.TimeAdded!.Value.ToDateTimeOffset();
        evictedAfter.ShouldBeGreaterThan(TimeSpan.FromSeconds(1));
        evictedAfter.ShouldBeLessThan(TimeSpan.FromSeconds(8));
        DeletedAt(zero).ShouldBeLessThan(DeletedAt(two));
        two.Status.Conditions!.ShouldContain(c => c.Type == "DisruptionTarget" && c.Status == "True");
        // The pods of the silent node are no longer Ready; the one tolerating forever stays.
        await ControllersFixture.EventuallyAsync(async () => (await pods.GetAsync("forever")).Status.Conditions!.Single(c => c.Type == "Ready").Status == "False", "forever pod NotReady", TimeSpan.FromSeconds(10));
        await Task.Delay(TimeSpan.FromSeconds(3));
        (await pods.GetAsync("forever")).Metadata.DeletionTimestamp.ShouldBeNull();

        // The kubelet reports NotReady: the taints swap to not-ready.
        lease = await client.Resource<Lease>(NodeLifecycleController.LeaseNamespace).GetAsync(NodeName);
        using var renewingAgain = new CancellationTokenSource();
        var renewLoop2 = RenewLoopAsync(async () => lease = await RenewAsync(lease), renewingAgain.Token);
        await PostReadyAsync("False");
        await ControllersFixture.EventuallyAsync(async () =>
        {
            var taints = (await NodeAsync()).Spec.Taints ?? [];
            return taints.Any(t => t.Key == NodeTaints.NotReady && t.Effect == "NoExecute") && taints.Any(t => t.Key == NodeTaints.NotReady && t.Effect == "NoSchedule")
                && !taints.Any(t => t.Key == NodeTaints.Unreachable);
        }, "not-ready taints instead of unreachable", TimeSpan.FromSeconds(10));

        // Ready again: the taints go away.
        await PostReadyAsync("True");
        await ControllersFixture.EventuallyAsync(async () => ((await NodeAsync()).Spec.Taints ?? []).Count == 0, "taints removed", TimeSpan.FromSeconds(10));
        await renewingAgain.CancelAsync();
        await renewLoop2;
        (await pods.GetAsync("forever")).Metadata.DeletionTimestamp.ShouldBeNull();
        await client.Resource<Node>().DeleteAsync(NodeName);
    }
}
