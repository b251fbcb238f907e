using KubeSharp.Api.Apps.V1;
using KubeSharp.Api.Core.V1;
using KubeSharp.Client;
using KubeSharp.Controllers.StatefulSet;
using Sts = KubeSharp.Api.Apps.V1.StatefulSet;

namespace KubeSharp.Controllers.Tests.Integration;

/// <summary>Issue 5's StatefulSet acceptance against the real API server with /usr/bin/kubectl: ordered and parallel
/// creation, scale-down from the top, claims from volumeClaimTemplates and their retention, rolling updates with a
/// partition, rollout status/history/undo, failed pods recreated, orphaning and adoption.</summary>
public class StatefulSetControllerTests(ControllersFixture fixture) : IClassFixture<ControllersFixture>
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(90);

    private async Task<string> Kubectl(string arguments, string? stdin = null)
    {
        var (code, stdout, stderr) = await fixture.RunKubectlAsync("/usr/bin/kubectl", arguments, stdin);
        code.ShouldBe(0, $"kubectl {arguments}: {stderr}");
        return stdout;
    }

    private static string Manifest(string ns, string extraSpec = "", bool hold = false, int replicas = 3, string image = "nginx:1.27") => $$"""
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: web, namespace: {{ns}}}
        spec:
          replicas: {{replicas}}
          serviceName: web
          selector:
            matchLabels: {app: web}
        {{extraSpec}}
          template:
            metadata:
              labels: {app: web}
              {{(hold ? "annotations: {\"" + FakeNodeAgent.HoldAnnotation + "\": \"true\"}" : "")}}
            spec:
              containers:
              - {name: nginx, image: "{{image}}"}
        """;

    private const string ClaimTemplates = """
          volumeClaimTemplates:
          - metadata: {name: data}
            spec:
              accessModes: [ReadWriteOnce]
              resources: {requests: {storage: 1Gi}}
        """;

    private static bool IsReady(Pod p)
        => p.Metadata.DeletionTimestamp is null && p.Status.Phase == "Running" && p.Status.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    private async Task<List<Pod>> PodsAsync(string ns) => [.. (await fixture.Client.Resource<Pod>(ns).ListAsync()).Items.OrderBy(p => p.Metadata.Name, StringComparer.Ordinal)];

    private async Task<Sts> SetAsync(string ns) => await fixture.Client.Resource<Sts>(ns).GetAsync("web");

    private async Task ReleaseAsync(string ns, string pod)
        => await fixture.Client.Resource<Pod>(ns).PatchAsync(pod, PatchType.Merge, "{\"metadata\":{\"annotations\":{\"" + FakeNodeAgent.HoldAnnotation + "\":null}}}");

    private static Task EventuallyAsync(Func<Task<bool>> condition, string what) => ControllersFixture.EventuallyAsync(condition, what, Long);

    /// <summary>Every pod event of a namespace in order, from a resourceVersion on.</summary>
    private sealed class PodLog : IAsyncDisposable
    {
        private readonly List<(WatchEventType Type, Pod Pod)> _events = [];
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _task;

        public PodLog(KubernetesClient client, string ns, string resourceVersion)
        {
            _task = Task.Run(async () =>
            {
                try
                {
                    await foreach (var ev in client.Resource<Pod>(ns).WatchAsync(new ListParams { ResourceVersion = resourceVersion }, _stop.Token))
                    {
                        lock (_events)
                        {
                            _events.Add((ev.Type, ev.Object));
                        }
                    }
                }
                catch (OperationCanceledException)
                {
                }
            });
        }

        public static async Task<PodLog> StartAsync(KubernetesClient client, string ns)
        {
            var list = await client.Resource<Pod>(ns).ListAsync();
            return new PodLog(client, ns, list.ResourceVersion);
        }

        private int IndexOf(Func<WatchEventType, Pod, bool> predicate)
        {
            lock (_events)
            {
                return _events.FindIndex(e => predicate(e.Type, e.Pod));
            }
        }

        public int Added(string name) => IndexOf((t, p) => t == WatchEventType.Added && p.Metadata.Name == name);

        public int Ready(string name) => IndexOf((t, p) => t != WatchEventType.Deleted && p.Metadata.Name == name && IsReady(p));

        public int Gone(string name) => IndexOf((t, p) => t == WatchEventType.Deleted && p.Metadata.Name == name);

        public int DeletionStarted(string name) => IndexOf((t, p) => p.Metadata.Name == name && (t == WatchEventType.Deleted || p.Metadata.DeletionTimestamp is not null));

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _task;
            _stop.Dispose();
        }
    }

    [Fact]
    public async Task OrderedReady_CreatesOneReadyPodAtATime_WithClaims_AndScalesDownFromTheTop()
    {
        const string ns = "sts-ordered";
        await Kubectl("create namespace " + ns);
        await using (var log = await PodLog.StartAsync(fixture.Client, ns))
        {
            await Kubectl("apply -f -", Manifest(ns, ClaimTemplates, hold: true));
            for (var i = 0; i < 3; i++)
            {
                var name = "web-" + i;
                var expected = i + 1;
                // The controller synced with this pod created but not Ready, and stopped there.
                await EventuallyAsync(async () => (await SetAsync(ns)).Status.Replicas == expected, $"status.replicas {expected}");
                (await PodsAsync(ns)).Select(p => p.Metadata.Name).ShouldBe(Enumerable.Range(0, expected).Select(o => "web-" + o));
                (await fixture.Client.Resource<PersistentVolumeClaim>(ns).TryGetAsync("data-" + name)).ShouldNotBeNull();
                await ReleaseAsync(ns, name);
            }
            (await Kubectl($"rollout status statefulset/web -n {ns} --timeout=90s")).ShouldContain("partitioned roll out complete: 3 new pods have been updated");
            await EventuallyAsync(async () => log.Ready("web-2") >= 0, "the log to see web-2 Ready");
            log.Added("web-1").ShouldBeGreaterThan(log.Ready("web-0"));
            log.Added("web-2").ShouldBeGreaterThan(log.Ready("web-1"));
        }

        var set = await SetAsync(ns);
        set.Status.ObservedGeneration.ShouldBe(set.Metadata.Generation);
        (set.Status.Replicas, set.Status.ReadyReplicas, set.Status.AvailableReplicas, set.Status.CurrentReplicas, set.Status.UpdatedReplicas).ShouldBe((3, 3, 3, 3, 3));
        set.Status.CurrentRevision.ShouldBe(set.Status.UpdateRevision);
        set.Status.CollisionCount.ShouldBe(0);
        var revision = await fixture.Client.Resource<ControllerRevision>(ns).GetAsync(set.Status.UpdateRevision);
        revision.Revision.ShouldBe(1);
        revision.Metadata.OwnerReferences!.Single().Uid.ShouldBe(set.Metadata.Uid);
        foreach (var pod in await PodsAsync(ns))
        {
            var ordinal = pod.Metadata.Name[^1..];
            pod.Metadata.Labels![StatefulSetUtil.PodNameLabel].ShouldBe(pod.Metadata.Name);
            pod.Metadata.Labels[StatefulSetUtil.PodIndexLabel].ShouldBe(ordinal);
            pod.Metadata.Labels[StatefulSetUtil.RevisionLabel].ShouldBe(set.Status.UpdateRevision);
            pod.Spec.Hostname.ShouldBe(pod.Metadata.Name);
            pod.Spec.Subdomain.ShouldBe("web");
            pod.Spec.Volumes!.Single(v => v.Name == "data").PersistentVolumeClaim!.ClaimName.ShouldBe("data-web-" + ordinal);
            pod.Metadata.OwnerReferences!.Single().Uid.ShouldBe(set.Metadata.Uid);
        }
        var claimUid = (await fixture.Client.Resource<PersistentVolumeClaim>(ns).GetAsync("data-web-1")).Metadata.Uid;
        await EventuallyAsync(async () =>
        {
            var events = (await fixture.Client.Resource<Event>(ns).ListAsync()).Items.Where(e => e.InvolvedObject.Name == "web" && e.Source.Component == "statefulset-controller").ToList();
            return events.Any(e => e.Reason == "SuccessfulCreate" && e.Message == "create Pod web-0 in StatefulSet web successful")
                && events.Any(e => e.Reason == "SuccessfulCreate" && e.Message == "create Claim data-web-0 Pod web-0 in StatefulSet web success");
        }, "upstream's SuccessfulCreate events for the pod and its claim");

        await using (var log = await PodLog.StartAsync(fixture.Client, ns))
        {
            await Kubectl($"scale statefulset/web -n {ns} --replicas=1");
            await EventuallyAsync(async () => (await PodsAsync(ns)).Select(p => p.Metadata.Name).SequenceEqual(["web-0"]), "only web-0 left");
            await EventuallyAsync(async () => log.Gone("web-1") >= 0, "the log to see web-1 gone");
            log.DeletionStarted("web-1").ShouldBeGreaterThan(log.Gone("web-2"));
        }
        // Claims are retained by default.
        (await fixture.Client.Resource<PersistentVolumeClaim>(ns).ListAsync()).Items.Select(c => c.Metadata.Name).Order(StringComparer.Ordinal)
            .ShouldBe(["data-web-0", "data-web-1", "data-web-2"]);

        // Scaling up again brings web-1 back on its old claim.
        await Kubectl($"scale statefulset/web -n {ns} --replicas=2");
        await EventuallyAsync(async () => (await fixture.Client.Resource<Pod>(ns).TryGetAsync("web-1")) is not null, "web-1 recreated");
        await ReleaseAsync(ns, "web-1");
        await Kubectl($"rollout status statefulset/web -n {ns} --timeout=90s");
        var web1 = await fixture.Client.Resource<Pod>(ns).GetAsync("web-1");
        web1.Spec.Volumes!.Single(v => v.Name == "data").PersistentVolumeClaim!.ClaimName.ShouldBe("data-web-1");
        (await fixture.Client.Resource<PersistentVolumeClaim>(ns).GetAsync("data-web-1")).Metadata.Uid.ShouldBe(claimUid);
    }

    [Fact]
    public async Task Parallel_CreatesAllPodsWithoutWaiting_AndDeletesThemTogether()
    {
        const string ns = "sts-parallel";
        await Kubectl("create namespace " + ns);
        await Kubectl("apply -f -", Manifest(ns, "  podManagementPolicy: Parallel", hold: true));
        await EventuallyAsync(async () => (await PodsAsync(ns)).Count == 3, "3 pods");
        // None is Ready (all held), yet all exist.
        (await PodsAsync(ns)).ShouldAllBe(p => !IsReady(p));
        foreach (var pod in await PodsAsync(ns))
        {
            await ReleaseAsync(ns, pod.Metadata.Name);
        }
        await Kubectl($"rollout status statefulset/web -n {ns} --timeout=90s");
        await Kubectl($"scale statefulset/web -n {ns} --replicas=0");
        await EventuallyAsync(async () => (await PodsAsync(ns)).Count == 0, "no pods");
        await EventuallyAsync(async () => (await SetAsync(ns)).Status.Replicas == 0, "status.replicas 0");
    }

    [Fact]
    public async Task RollingUpdate_WithPartition_UpdatesOnlyTheHighOrdinals_ThenAll_AndUndoes()
    {
        const string ns = "sts-roll";
        await Kubectl("create namespace " + ns);
        await Kubectl("apply -f -", Manifest(ns));
        await Kubectl($"rollout status statefulset/web -n {ns} --timeout=90s");
        var rev1 = (await SetAsync(ns)).Status.UpdateRevision;
        var before = (await PodsAsync(ns)).ToDictionary(p => p.Metadata.Name, p => p.Metadata.Uid);

        await Kubectl("patch statefulset web -n " + ns + " -p '{\"spec\":{\"updateStrategy\":{\"rollingUpdate\":{\"partition\":2}}}}'");
        await Kubectl($"set image statefulset/web -n {ns} nginx=nginx:1.28");
        (await Kubectl($"rollout status statefulset/web -n {ns} --timeout=90s")).ShouldContain("partitioned roll out complete: 1 new pods have been updated");
        await EventuallyAsync(async () => (await PodsAsync(ns)).Count(IsReady) == 3, "3 ready pods");
        var pods = await PodsAsync(ns);
        pods.Single(p => p.Metadata.Name == "web-2").Spec.Containers![0].Image.ShouldBe("nginx:1.28");
        pods.Single(p => p.Metadata.Name == "web-2").Metadata.Uid.ShouldNotBe(before["web-2"]);
        foreach (var name in new[] { "web-0", "web-1" })
        {
            var pod = pods.Single(p => p.Metadata.Name == name);
            pod.Metadata.Uid.ShouldBe(before[name]);
            pod.Spec.Containers![0].Image.ShouldBe("nginx:1.27");
            pod.Metadata.Labels![StatefulSetUtil.RevisionLabel].ShouldBe(rev1);
        }
        var set = await SetAsync(ns);
        set.Status.CurrentRevision.ShouldBe(rev1);
        var rev2 = set.Status.UpdateRevision;
        rev2.ShouldNotBe(rev1);
        (set.Status.CurrentReplicas, set.Status.UpdatedReplicas).ShouldBe((2, 1));

        await using (var log = await PodLog.StartAsync(fixture.Client, ns))
        {
            await Kubectl("patch statefulset web -n " + ns + " -p '{\"spec\":{\"updateStrategy\":{\"rollingUpdate\":{\"partition\":0}}}}'");
            (await Kubectl($"rollout status statefulset/web -n {ns} --timeout=90s")).ShouldContain("partitioned roll out complete: 3 new pods have been updated");
            await EventuallyAsync(async () => (await PodsAsync(ns)).Count(IsReady) == 3, "3 ready pods");
            // From the highest ordinal down, each only once the one above is back and Ready.
            log.DeletionStarted("web-2").ShouldBe(-1);
            log.DeletionStarted("web-0").ShouldBeGreaterThan(log.Ready("web-1"));
            log.DeletionStarted("web-1").ShouldBeLessThan(log.DeletionStarted("web-0"));
        }
        (await PodsAsync(ns)).ShouldAllBe(p => p.Spec.Containers![0].Image == "nginx:1.28" && p.Metadata.Labels![StatefulSetUtil.RevisionLabel] == rev2);
        await EventuallyAsync(async () => (await SetAsync(ns)).Status.CurrentRevision == rev2, "currentRevision promoted");

        var history = await Kubectl($"rollout history statefulset/web -n {ns}");
        history.ShouldContain("1 ");
        history.ShouldContain("2 ");

        (await Kubectl($"rollout undo statefulset/web -n {ns}")).ShouldContain("rolled back");
        await Kubectl($"rollout status statefulset/web -n {ns} --timeout=90s");
        await EventuallyAsync(async () => (await PodsAsync(ns)).Count(p => IsReady(p) && p.Spec.Containers![0].Image == "nginx:1.27") == 3, "3 ready pods on nginx:1.27");
        set = await SetAsync(ns);
        set.Spec.Template.Spec.Containers![0].Image.ShouldBe("nginx:1.27");
        set.Status.UpdateRevision.ShouldBe(rev1);
        (await fixture.Client.Resource<ControllerRevision>(ns).GetAsync(rev1)).Revision.ShouldBe(3);
        (await fixture.Client.Resource<ControllerRevision>(ns).ListAsync()).Items.Count.ShouldBe(2);
        // kubectl compares its own patch of the live template with the revision's data byte for byte.
        (await Kubectl($"rollout undo statefulset/web -n {ns} --to-revision=3")).ShouldContain("skipped rollback (current template already matches revision 3)");
    }

    [Fact]
    public async Task OnDelete_UpdatesAPodOnlyWhenItIsDeleted()
    {
        const string ns = "sts-ondelete";
        await Kubectl("create namespace " + ns);
        await Kubectl("apply -f -", Manifest(ns, "  updateStrategy: {type: OnDelete}", replicas: 2));
        await EventuallyAsync(async () => (await PodsAsync(ns)).Count(IsReady) == 2, "2 ready pods");
        await Kubectl($"set image statefulset/web -n {ns} nginx=nginx:1.28");
        var set = await SetAsync(ns);
        await EventuallyAsync(async () => (await SetAsync(ns)) is { } s && s.Status.ObservedGeneration == set.Metadata.Generation && s.Status.UpdateRevision != s.Status.CurrentRevision, "the update revision observed");
        (await PodsAsync(ns)).ShouldAllBe(p => p.Spec.Containers![0].Image == "nginx:1.27");

        await Kubectl($"delete pod web-1 -n {ns}");
        await EventuallyAsync(async () => await fixture.Client.Resource<Pod>(ns).TryGetAsync("web-1") is { } p && IsReady(p) && p.Spec.Containers![0].Image == "nginx:1.28", "web-1 recreated on nginx:1.28");
        (await fixture.Client.Resource<Pod>(ns).GetAsync("web-0")).Spec.Containers![0].Image.ShouldBe("nginx:1.27");
        await EventuallyAsync(async () => (await SetAsync(ns)).Status is { UpdatedReplicas: 1, CurrentReplicas: 1 }, "1 updated, 1 current");
    }

    [Fact]
    public async Task MinReadySeconds_DelaysTheNextOrdinalUntilThePreviousIsAvailable()
    {
        const string ns = "sts-minready";
        await Kubectl("create namespace " + ns);
        await Kubectl("apply -f -", Manifest(ns, "  minReadySeconds: 3", replicas: 2));
        await Kubectl($"rollout status statefulset/web -n {ns} --timeout=90s");
        await EventuallyAsync(async () => (await SetAsync(ns)).Status.AvailableReplicas == 2, "2 available replicas");
        var pods = await PodsAsync(ns);
        var web0Ready = pods[0].Status.Conditions!.Single(c => c.Type == "Ready").LastTransitionTime.ToDateTimeOffset();
        var web1Created = pods[1].Metadata.CreationTimestamp.ToDateTimeOffset();
        // Both are whole seconds: created strictly more than 3 s after the transition leaves at least 2 whole seconds.
        (web1Created - web0Ready).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task FailedPod_IsRecreated_AndOrphanedPodsAreAdoptedBack()
    {
        const string ns = "sts-adopt";
        await Kubectl("create namespace " + ns);
        await Kubectl("apply -f -", Manifest(ns, replicas: 2));
        await Kubectl($"rollout status statefulset/web -n {ns} --timeout=90s");

        var pods = fixture.Client.Resource<Pod>(ns);
        var failed = (await pods.GetAsync("web-1")).DeepCopy();
        failed.Status.Phase = "Failed";
        await pods.UpdateStatusAsync(failed);
        await EventuallyAsync(async () => await pods.TryGetAsync("web-1") is { } p && p.Metadata.Uid != failed.Metadata.Uid && IsReady(p), "web-1 recreated");

        var uids = (await PodsAsync(ns)).ToDictionary(p => p.Metadata.Name, p => p.Metadata.Uid);
        await Kubectl($"delete statefulset web -n {ns} --cascade=orphan");
        await EventuallyAsync(async () => (await PodsAsync(ns)).All(p => p.Metadata.OwnerReferences is null or { Count: 0 }), "pods orphaned");
        await Kubectl("apply -f -", Manifest(ns, replicas: 2));
        var set = await SetAsync(ns);
        await EventuallyAsync(async () => (await PodsAsync(ns)).All(p => p.Metadata.OwnerReferences?.SingleOrDefault()?.Uid == set.Metadata.Uid), "pods adopted");
        await EventuallyAsync(async () => (await fixture.Client.Resource<ControllerRevision>(ns).ListAsync()).Items.All(r => r.Metadata.OwnerReferences?.SingleOrDefault()?.Uid == set.Metadata.Uid), "revision adopted");
        await Kubectl($"rollout status statefulset/web -n {ns} --timeout=90s");
        (await PodsAsync(ns)).ToDictionary(p => p.Metadata.Name, p => p.Metadata.Uid).ShouldBe(uids);
    }

    [Fact]
    public async Task RetentionPolicy_DeletesClaimsOnScaleDownAndWithTheSet()
    {
        const string ns = "sts-retention";
        await Kubectl("create namespace " + ns);
        await Kubectl("apply -f -", Manifest(ns, ClaimTemplates + "\n  persistentVolumeClaimRetentionPolicy: {whenScaled: Delete, whenDeleted: Retain}", replicas: 2));
        await Kubectl($"rollout status statefulset/web -n {ns} --timeout=90s");
        var claims = fixture.Client.Resource<PersistentVolumeClaim>(ns);
        (await claims.ListAsync()).Items.Count.ShouldBe(2);

        await Kubectl($"scale statefulset/web -n {ns} --replicas=1");
        await EventuallyAsync(async () => await claims.TryGetAsync("data-web-1") is null, "data-web-1 deleted with its pod");
        (await claims.GetAsync("data-web-0")).Metadata.OwnerReferences.ShouldBeNull();

        await Kubectl("patch statefulset web -n " + ns + " -p '{\"spec\":{\"persistentVolumeClaimRetentionPolicy\":{\"whenDeleted\":\"Delete\"}}}'");
        var set = await SetAsync(ns);
        await EventuallyAsync(async () => (await claims.GetAsync("data-web-0")).Metadata.OwnerReferences?.SingleOrDefault()?.Uid == set.Metadata.Uid, "data-web-0 owned by the set");
        await Kubectl($"delete statefulset web -n {ns}");
        await EventuallyAsync(async () => (await claims.ListAsync()).Items.Count == 0 && (await PodsAsync(ns)).Count == 0, "claims and pods deleted with the set");
    }
}
