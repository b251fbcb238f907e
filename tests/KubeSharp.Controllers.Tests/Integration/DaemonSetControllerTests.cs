using KubeSharp.Api;
using KubeSharp.Api.Apps.V1;
using KubeSharp.Api.Core.V1;
using KubeSharp.ApiServer.Tests.Integration;
using KubeSharp.Client;
using KubeSharp.Controllers.DaemonSet;
using KubeSharp.Scheduler.Runtime;

namespace KubeSharp.Controllers.Tests.Integration;

/// <summary>
/// The real API server with the DaemonSet and garbage collector controllers and the real scheduler in-process (in
/// 1.32 the scheduler binds daemon pods, which carry a node affinity on their node's name); the fake node agent runs
/// only bound pods.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "disposed in IAsyncLifetime.DisposeAsync, as xunit fixtures are")]
public class DaemonSetFixture : ApiServerFixture, IAsyncLifetime
{
    private readonly CancellationTokenSource _stop = new();
    private Task? _manager;
    private Task? _scheduler;
    private FakeNodeAgent? _agent;

    public KubernetesClient Client { get; private set; } = null!;

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        Client = KubernetesClient.FromKubeconfig(KubeconfigPath);
        var manager = new ControllerManager(KubernetesClient.FromKubeconfig(KubeconfigPath), new ControllerManagerOptions
        {
            LeaderElect = false,
            Controllers = ["daemonset", "garbagecollector"],
        });
        _manager = Task.Run(() => manager.RunAsync(_stop.Token));
        var scheduler = new KubeScheduler(KubernetesClient.FromKubeconfig(KubeconfigPath), null, new KubeSchedulerOptions { LeaderElect = false, Identity = "ds-test-scheduler" });
        _scheduler = Task.Run(() => scheduler.RunAsync(_stop.Token));
        _agent = new FakeNodeAgent(KubernetesClient.FromKubeconfig(KubeconfigPath)) { OnlyScheduledPods = true };
        _agent.Start(_stop.Token);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var task in new[] { _manager, _scheduler })
        {
            if (task is null)
            {
                continue;
            }
            try
            {
                await task.WaitAsync(TimeSpan.FromSeconds(20));
            }
            catch (OperationCanceledException)
            {
            }
        }
        if (_agent is not null)
        {
            await _agent.DisposeAsync();
        }
        Client?.Dispose();
        _stop.Dispose();
        await DisposeAsync();
    }
}

/// <summary>
/// Issue 5's DaemonSet acceptance: pods only on eligible nodes (taints, tolerations, nodeSelector) and following node
/// changes; <c>kubectl set image</c> rolls node by node within maxUnavailable (watched), maxSurge keeps every node
/// served, <c>kubectl rollout status/history/undo</c>; failed pods replaced; orphans adopted; OnDelete. Every test
/// selects its own nodes by a label of its own, so the DaemonSets of one test never see another's nodes.
/// </summary>
public class DaemonSetControllerTests(DaemonSetFixture fixture) : IClassFixture<DaemonSetFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private async Task<string> Kubectl(string arguments, string? stdin = null)
    {
        var (code, stdout, stderr) = await fixture.RunKubectlAsync("/usr/bin/kubectl", arguments, stdin);
        code.ShouldBe(0, $"kubectl {arguments}: {stderr}");
        return stdout;
    }

    private static bool IsAvailable(Pod p)
        => p.Metadata.DeletionTimestamp is null && p.Status.Phase == "Running" && p.Status.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    private async Task CreateNodeAsync(string name, Dictionary<string, string> labels, params Taint[] taints)
    {
        var node = new Node();
        node.Metadata.Name = name;
        node.Metadata.Labels = labels;
        node.Spec.Taints = taints.Length == 0 ? null : [.. taints];
        var created = await fixture.Client.Resource<Node>().CreateAsync(node);
        var resources = new Dictionary<string, Quantity> { ["cpu"] = Quantity.Parse("4"), ["memory"] = Quantity.Parse("8Gi"), ["pods"] = Quantity.Parse("110") };
        created.Status.Capacity = resources;
        created.Status.Allocatable = new Dictionary<string, Quantity>(resources);
        created.Status.Conditions = [new NodeCondition { Type = "Ready", Status = "True", Reason = "KubeletReady", LastHeartbeatTime = Time.Now().Rfc3339Copy(), LastTransitionTime = Time.Now().Rfc3339Copy() }];
        await fixture.Client.Resource<Node>().UpdateStatusAsync(created);
    }

    private async Task DeleteNodesAsync(params string[] names)
    {
        foreach (var name in names)
        {
            await fixture.Client.Resource<Node>().DeleteAsync(name);
        }
    }

    private static string Manifest(string name, string ns, string selectorLabel, string image, string strategy = "{type: RollingUpdate, rollingUpdate: {maxUnavailable: 1}}", string tolerations = "[]")
        => $$"""
            apiVersion: apps/v1
            kind: DaemonSet
            metadata: {name: {{name}}, namespace: {{ns}}}
            spec:
              selector:
                matchLabels: {app: {{name}}}
              updateStrategy: {{strategy}}
              template:
                metadata:
                  labels: {app: {{name}}}
                spec:
                  nodeSelector: {{{selectorLabel}}: "yes"}
                  tolerations: {{tolerations}}
                  terminationGracePeriodSeconds: 5
                  containers:
                  - {name: c, image: "{{image}}"}
            """;

    private async Task<List<Pod>> PodsAsync(string ns, string app)
        => [.. (await fixture.Client.Resource<Pod>(ns).ListAsync(new ListParams { LabelSelector = "app=" + app })).Items];

    /// <summary>Waits until exactly the given nodes run one available pod each (and nothing else exists).</summary>
    private async Task WaitForPodsOnAsync(string ns, string app, params string[] nodes)
    {
        var expected = nodes.Order(StringComparer.Ordinal).ToList();
        await ControllersFixture.EventuallyAsync(async () =>
        {
            var pods = await PodsAsync(ns, app);
            return pods.Count == expected.Count && pods.All(IsAvailable)
                && pods.Select(p => p.Spec.NodeName).Order(StringComparer.Ordinal).SequenceEqual(expected);
        }, $"{app} pods exactly on [{string.Join(", ", expected)}]", Patience);
    }

    [Fact]
    public async Task Pods_RunOnEligibleNodesOnly_AndFollowTolerationsAndNodeChanges()
    {
        const string ns = "ds-elig";
        const string label = "ds-elig";
        var selected = new Dictionary<string, string> { [label] = "yes" };
        await Kubectl("create namespace " + ns);
        await CreateNodeAsync("elig-1", selected);
        await CreateNodeAsync("elig-2", selected, new Taint { Key = "dedicated", Value = "gpu", Effect = "NoSchedule" });
        await CreateNodeAsync("elig-3", new Dictionary<string, string> { ["other"] = "yes" });
        try
        {
            await Kubectl("apply -f -", Manifest("agent", ns, label, "busybox:1"));
            await WaitForPodsOnAsync(ns, "agent", "elig-1");
            (await Kubectl($"rollout status ds/agent -n {ns} --timeout=55s")).ShouldContain("successfully rolled out");

            var pod = (await PodsAsync(ns, "agent")).Single();
            var ds = await fixture.Client.Resource<Api.Apps.V1.DaemonSet>(ns).GetAsync("agent");
            pod.Metadata.GenerateName.ShouldBe("agent-");
            pod.Metadata.OwnerReferences.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
                r => r.Kind.ShouldBe("DaemonSet"), r => r.Uid.ShouldBe(ds.Metadata.Uid), r => r.Controller.ShouldBe(true));
            var field = pod.Spec.Affinity!.NodeAffinity!.RequiredDuringSchedulingIgnoredDuringExecution!.NodeSelectorTerms.ShouldHaveSingleItem().MatchFields.ShouldHaveSingleItem();
            (field.Key, field.Operator, field.Values!.Single()).ShouldBe(("metadata.name", "In", "elig-1"));
            pod.Spec.Tolerations!.Select(t => t.Key + ":" + t.Effect).ShouldBe(
            [
                "node.kubernetes.io/not-ready:NoExecute", "node.kubernetes.io/unreachable:NoExecute", "node.kubernetes.io/disk-pressure:NoSchedule",
                "node.kubernetes.io/memory-pressure:NoSchedule", "node.kubernetes.io/pid-pressure:NoSchedule", "node.kubernetes.io/unschedulable:NoSchedule",
            ]);
            pod.Spec.Tolerations!.Where(t => t.Effect == "NoExecute").ShouldAllBe(t => t.TolerationSeconds == null);
            var revision = (await fixture.Client.Resource<ControllerRevision>(ns).ListAsync()).Items.ShouldHaveSingleItem();
            pod.Metadata.Labels![DaemonSetUtil.ControllerRevisionHashLabel].ShouldBe(revision.Metadata.Labels![DaemonSetUtil.ControllerRevisionHashLabel]);
            revision.Metadata.Name.ShouldBe("agent-" + pod.Metadata.Labels[DaemonSetUtil.ControllerRevisionHashLabel]);
            revision.Revision.ShouldBe(1);
            ds.Status.ShouldSatisfyAllConditions(
                s => s.DesiredNumberScheduled.ShouldBe(1), s => s.CurrentNumberScheduled.ShouldBe(1), s => s.NumberReady.ShouldBe(1),
                s => s.UpdatedNumberScheduled.ShouldBe(1), s => s.NumberAvailable.ShouldBe(1), s => s.NumberMisscheduled.ShouldBe(0),
                s => s.ObservedGeneration.ShouldBe(ds.Metadata.Generation));

            // A toleration for the taint adds the tainted node.
            await Kubectl("apply -f -", Manifest("agent", ns, label, "busybox:1", tolerations: "[{key: dedicated, operator: Equal, value: gpu, effect: NoSchedule}]"));
            await WaitForPodsOnAsync(ns, "agent", "elig-1", "elig-2");
            await Kubectl($"rollout status ds/agent -n {ns} --timeout=55s");

            // A new matching node gets a pod.
            await CreateNodeAsync("elig-4", selected);
            await WaitForPodsOnAsync(ns, "agent", "elig-1", "elig-2", "elig-4");

            // A node that loses the label loses its pod.
            await Kubectl($"label node elig-1 {label}-");
            await WaitForPodsOnAsync(ns, "agent", "elig-2", "elig-4");
            await ControllersFixture.EventuallyAsync(async () =>
            {
                var s = (await fixture.Client.Resource<Api.Apps.V1.DaemonSet>(ns).GetAsync("agent")).Status;
                return s.DesiredNumberScheduled == 2 && s.CurrentNumberScheduled == 2 && s.NumberAvailable == 2 && s.NumberMisscheduled == 0;
            }, "status of 2 nodes", Patience);
        }
        finally
        {
            await DeleteNodesAsync("elig-1", "elig-2", "elig-3", "elig-4");
        }
    }

    /// <summary>Watches the DaemonSet's pods and tracks, per event, the nodes lacking an available pod and the live pods per node.</summary>
    private sealed class RolloutWatch : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Dictionary<string, Pod> _pods;
        private readonly string[] _nodes;
        private readonly Task _task;

        public RolloutWatch(KubernetesClient client, string ns, string app, ResourceList<Pod> list, string[] nodes)
        {
            _pods = list.Items.ToDictionary(p => p.Metadata.Name);
            _nodes = nodes;
            _task = Task.Run(async () =>
            {
                try
                {
                    await foreach (var ev in client.Resource<Pod>(ns).WatchAsync(new ListParams { LabelSelector = "app=" + app, ResourceVersion = list.ResourceVersion }, _stop.Token))
                    {
                        if (ev.Type == WatchEventType.Deleted)
                        {
                            _pods.Remove(ev.Object.Metadata.Name);
                        }
                        else if (ev.Type is WatchEventType.Added or WatchEventType.Modified)
                        {
                            _pods[ev.Object.Metadata.Name] = ev.Object;
                        }
                        else
                        {
                            continue;
                        }
                        Events++;
                        var unavailable = _nodes.Count(n => !_pods.Values.Any(p => p.Spec.NodeName == n && IsAvailable(p)));
                        MaxUnavailable = Math.Max(MaxUnavailable, unavailable);
                        var perNode = _pods.Values.Where(p => p.Metadata.DeletionTimestamp is null)
                            .GroupBy(p => DaemonSetUtil.GetTargetNodeName(p) ?? "").Select(g => g.Count()).DefaultIfEmpty(0).Max();
                        MaxPodsPerNode = Math.Max(MaxPodsPerNode, perNode);
                    }
                }
                catch (OperationCanceledException)
                {
                }
            });
        }

        public int Events { get; private set; }

        public int MaxUnavailable { get; private set; }

        public int MaxPodsPerNode { get; private set; }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _task;
            _stop.Dispose();
        }
    }

    [Fact]
    public async Task SetImage_RollsNodeByNodeWithinMaxUnavailable_HistoryAndUndo()
    {
        const string ns = "ds-roll";
        const string label = "ds-roll";
        string[] nodes = ["roll-1", "roll-2", "roll-3"];
        await Kubectl("create namespace " + ns);
        foreach (var node in nodes)
        {
            await CreateNodeAsync(node, new Dictionary<string, string> { [label] = "yes" });
        }
        try
        {
            await Kubectl("apply -f -", Manifest("logs", ns, label, "busybox:1"));
            await WaitForPodsOnAsync(ns, "logs", nodes);
            await Kubectl($"rollout status ds/logs -n {ns} --timeout=55s");

            var list = await fixture.Client.Resource<Pod>(ns).ListAsync(new ListParams { LabelSelector = "app=logs" });
            var before = list.Items.Select(p => p.Metadata.Name).ToHashSet();
            int maxUnavailable, maxPerNode, events;
            await using (var watch = new RolloutWatch(fixture.Client, ns, "logs", list, nodes))
            {
                await Kubectl($"set image ds/logs -n {ns} c=busybox:2");
                (await Kubectl($"rollout status ds/logs -n {ns} --timeout=55s")).ShouldContain("daemon set \"logs\" successfully rolled out");
                await WaitForPodsOnAsync(ns, "logs", nodes);
                await Task.Delay(300);
                (maxUnavailable, maxPerNode, events) = (watch.MaxUnavailable, watch.MaxPodsPerNode, watch.Events);
            }
            // One node at a time: never more than maxUnavailable=1 node without an available pod, never two pods on a node.
            events.ShouldBeGreaterThan(0);
            maxUnavailable.ShouldBe(1);
            maxPerNode.ShouldBe(1);
            var pods = await PodsAsync(ns, "logs");
            pods.ShouldAllBe(p => p.Spec.Containers![0].Image == "busybox:2" && !before.Contains(p.Metadata.Name));
            var ds = await fixture.Client.Resource<Api.Apps.V1.DaemonSet>(ns).GetAsync("logs");
            ds.Status.UpdatedNumberScheduled.ShouldBe(3);

            var history = await Kubectl($"rollout history ds/logs -n {ns}");
            history.ShouldContain("REVISION");
            history.Split('\n').Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()).ShouldContain("1");
            history.Split('\n').Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()).ShouldContain("2");
            (await Kubectl($"rollout history ds/logs -n {ns} --revision=1")).ShouldContain("busybox:1");

            (await Kubectl($"rollout undo ds/logs -n {ns}")).ShouldContain("rolled back");
            (await Kubectl($"rollout status ds/logs -n {ns} --timeout=55s")).ShouldContain("successfully rolled out");
            await ControllersFixture.EventuallyAsync(async () =>
            {
                var current = await PodsAsync(ns, "logs");
                return current.Count == 3 && current.All(p => IsAvailable(p) && p.Spec.Containers![0].Image == "busybox:1");
            }, "pods back on busybox:1", Patience);
            // Undo makes revision 1's template current again: it is renumbered 3.
            var revisions = (await fixture.Client.Resource<ControllerRevision>(ns).ListAsync()).Items;
            revisions.Select(r => r.Revision).Order().ShouldBe([2L, 3L]);
            history = await Kubectl($"rollout history ds/logs -n {ns}");
            history.Split('\n').Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()).Where(t => t is "1" or "2" or "3").ShouldBe(["2", "3"]);
            // kubectl compares the revision's bytes with its own rendering of the template: they agree.
            (await Kubectl($"rollout undo ds/logs -n {ns} --to-revision=3")).ShouldContain("skipped rollback (current template already matches revision 3)");
        }
        finally
        {
            await DeleteNodesAsync(nodes);
        }
    }

    [Fact]
    public async Task MaxSurge_StartsTheNewPodBesideTheOld_EveryNodeStaysServed()
    {
        const string ns = "ds-surge";
        const string label = "ds-surge";
        string[] nodes = ["surge-1", "surge-2"];
        await Kubectl("create namespace " + ns);
        foreach (var node in nodes)
        {
            await CreateNodeAsync(node, new Dictionary<string, string> { [label] = "yes" });
        }
        try
        {
            await Kubectl("apply -f -", Manifest("proxy", ns, label, "busybox:1", "{type: RollingUpdate, rollingUpdate: {maxUnavailable: 0, maxSurge: 1}}"));
            await WaitForPodsOnAsync(ns, "proxy", nodes);
            await Kubectl($"rollout status ds/proxy -n {ns} --timeout=55s");
            var list = await fixture.Client.Resource<Pod>(ns).ListAsync(new ListParams { LabelSelector = "app=proxy" });
            int maxUnavailable, maxPerNode;
            await using (var watch = new RolloutWatch(fixture.Client, ns, "proxy", list, nodes))
            {
                await Kubectl($"set image ds/proxy -n {ns} c=busybox:2");
                await Kubectl($"rollout status ds/proxy -n {ns} --timeout=55s");
                await WaitForPodsOnAsync(ns, "proxy", nodes);
                await Task.Delay(300);
                (maxUnavailable, maxPerNode) = (watch.MaxUnavailable, watch.MaxPodsPerNode);
            }
            maxUnavailable.ShouldBe(0);
            maxPerNode.ShouldBe(2);
            (await PodsAsync(ns, "proxy")).ShouldAllBe(p => p.Spec.Containers![0].Image == "busybox:2");
        }
        finally
        {
            await DeleteNodesAsync(nodes);
        }
    }

    [Fact]
    public async Task HashCollision_BumpsCollisionCount_AndNamesTheRevisionAfresh()
    {
        const string ns = "ds-collide";
        const string label = "ds-collide";
        await Kubectl("create namespace " + ns);
        await CreateNodeAsync("collide-1", new Dictionary<string, string> { [label] = "yes" });
        try
        {
            var manifest = Manifest("fluent", ns, label, "busybox:1");
            // The template as the server will store it (defaults applied), hence the revision name the controller wants.
            var defaulted = KubeSharp.Api.Serialization.KubeJson.Deserialize<Api.Apps.V1.DaemonSet>(await Kubectl("create --dry-run=server -o json -f -", manifest));
            var takenName = "fluent-" + DaemonSetUtil.ComputeHash(defaulted.Spec.Template, null);
            var squatter = new ControllerRevision { Revision = 1, Data = new RawExtension("""{"other":true}"""u8.ToArray()) };
            squatter.Metadata.Name = takenName;
            squatter.Metadata.Labels = new() { ["owner"] = "someone-else" };
            await fixture.Client.Resource<ControllerRevision>(ns).CreateAsync(squatter);

            await Kubectl("apply -f -", manifest);
            await WaitForPodsOnAsync(ns, "fluent", "collide-1");
            var ds = await fixture.Client.Resource<Api.Apps.V1.DaemonSet>(ns).GetAsync("fluent");
            ds.Status.CollisionCount.ShouldBe(1);
            var hash = DaemonSetUtil.ComputeHash(ds.Spec.Template, 1);
            var owned = (await fixture.Client.Resource<ControllerRevision>(ns).ListAsync()).Items.Where(r => r.Metadata.OwnerReferences is { Count: > 0 }).ShouldHaveSingleItem();
            owned.Metadata.Name.ShouldBe("fluent-" + hash);
            (await PodsAsync(ns, "fluent")).Single().Metadata.Labels![DaemonSetUtil.ControllerRevisionHashLabel].ShouldBe(hash);
            (await fixture.Client.Resource<ControllerRevision>(ns).GetAsync(takenName)).Metadata.OwnerReferences.ShouldBeNull();
        }
        finally
        {
            await DeleteNodesAsync("collide-1");
        }
    }

    [Fact]
    public async Task FailedPod_IsDeletedAndReplaced()
    {
        const string ns = "ds-failed";
        const string label = "ds-failed";
        await Kubectl("create namespace " + ns);
        await CreateNodeAsync("failed-1", new Dictionary<string, string> { [label] = "yes" });
        try
        {
            await Kubectl("apply -f -", Manifest("mon", ns, label, "busybox:1"));
            await WaitForPodsOnAsync(ns, "mon", "failed-1");
            var pod = (await PodsAsync(ns, "mon")).Single();
            pod.Status.Phase = "Failed";
            pod.Status.Conditions = [new PodCondition { Type = "Ready", Status = "False", LastTransitionTime = Time.Now().Rfc3339Copy() }];
            await fixture.Client.Resource<Pod>(ns).UpdateStatusAsync(pod);
            await ControllersFixture.EventuallyAsync(async () =>
            {
                var pods = await PodsAsync(ns, "mon");
                return pods.Count == 1 && pods[0].Metadata.Name != pod.Metadata.Name && IsAvailable(pods[0]);
            }, "a replacement for the failed pod", Patience);
            await ControllersFixture.EventuallyAsync(async () =>
                (await fixture.Client.Resource<Event>(ns).ListAsync()).Items.Any(e => e.Reason == "FailedDaemonPod" && e.Message.Contains(pod.Metadata.Name, StringComparison.Ordinal)),
                "the FailedDaemonPod event", Patience);
        }
        finally
        {
            await DeleteNodesAsync("failed-1");
        }
    }

    [Fact]
    public async Task OrphanedPodsAndRevisions_AreAdoptedByARecreatedDaemonSet()
    {
        const string ns = "ds-adopt";
        const string label = "ds-adopt";
        string[] nodes = ["adopt-1", "adopt-2"];
        await Kubectl("create namespace " + ns);
        foreach (var node in nodes)
        {
            await CreateNodeAsync(node, new Dictionary<string, string> { [label] = "yes" });
        }
        try
        {
            var manifest = Manifest("node-exporter", ns, label, "busybox:1");
            await Kubectl("apply -f -", manifest);
            await WaitForPodsOnAsync(ns, "node-exporter", nodes);
            var names = (await PodsAsync(ns, "node-exporter")).Select(p => p.Metadata.Name).Order().ToList();

            await Kubectl($"delete ds/node-exporter -n {ns} --cascade=orphan");
            await ControllersFixture.EventuallyAsync(async () =>
                (await PodsAsync(ns, "node-exporter")).All(p => p.Metadata.OwnerReferences is not { Count: > 0 })
                && (await fixture.Client.Resource<ControllerRevision>(ns).ListAsync()).Items.All(r => r.Metadata.OwnerReferences is not { Count: > 0 }),
                "orphaned pods and revisions", Patience);

            await Kubectl("apply -f -", manifest);
            var ds = await fixture.Client.Resource<Api.Apps.V1.DaemonSet>(ns).GetAsync("node-exporter");
            await ControllersFixture.EventuallyAsync(async () =>
                (await PodsAsync(ns, "node-exporter")).All(p => p.Metadata.OwnerReferences?.SingleOrDefault()?.Uid == ds.Metadata.Uid)
                && (await fixture.Client.Resource<ControllerRevision>(ns).ListAsync()).Items.All(r => r.Metadata.OwnerReferences?.SingleOrDefault()?.Uid == ds.Metadata.Uid),
                "pods and revisions adopted", Patience);
            await Kubectl($"rollout status ds/node-exporter -n {ns} --timeout=55s");
            // The same template: the adopted pods are current, none was replaced.
            (await PodsAsync(ns, "node-exporter")).Select(p => p.Metadata.Name).Order().ShouldBe(names);
            (await fixture.Client.Resource<ControllerRevision>(ns).ListAsync()).Items.ShouldHaveSingleItem();
        }
        finally
        {
            await DeleteNodesAsync(nodes);
        }
    }

    [Fact]
    public async Task OnDelete_ReplacesOnlyDeletedPods()
    {
        const string ns = "ds-ondelete";
        const string label = "ds-ondelete";
        string[] nodes = ["ondel-1", "ondel-2"];
        await Kubectl("create namespace " + ns);
        foreach (var node in nodes)
        {
            await CreateNodeAsync(node, new Dictionary<string, string> { [label] = "yes" });
        }
        try
        {
            await Kubectl("apply -f -", Manifest("cni", ns, label, "busybox:1", "{type: OnDelete}"));
            await WaitForPodsOnAsync(ns, "cni", nodes);
            await Kubectl($"set image ds/cni -n {ns} c=busybox:2");
            await ControllersFixture.EventuallyAsync(async () =>
            {
                var ds = await fixture.Client.Resource<Api.Apps.V1.DaemonSet>(ns).GetAsync("cni");
                return ds.Status.ObservedGeneration == ds.Metadata.Generation && ds.Status.UpdatedNumberScheduled == 0;
            }, "the new generation observed", Patience);
            (await PodsAsync(ns, "cni")).ShouldAllBe(p => p.Spec.Containers![0].Image == "busybox:1");

            var victim = (await PodsAsync(ns, "cni")).Single(p => p.Spec.NodeName == "ondel-1");
            await Kubectl($"delete pod {victim.Metadata.Name} -n {ns}");
            await ControllersFixture.EventuallyAsync(async () =>
            {
                var pods = await PodsAsync(ns, "cni");
                return pods.Count == 2 && pods.All(IsAvailable)
                    && pods.Single(p => p.Spec.NodeName == "ondel-1").Spec.Containers![0].Image == "busybox:2"
                    && pods.Single(p => p.Spec.NodeName == "ondel-2").Spec.Containers![0].Image == "busybox:1";
            }, "only the deleted pod replaced with the new template", Patience);
        }
        finally
        {
            await DeleteNodesAsync(nodes);
        }
    }
}
