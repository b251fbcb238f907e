using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Policy.V1;
using KubeSharp.Client;

namespace KubeSharp.Controllers.Tests.Integration;

/// <summary>The disruption controller against the real API server: PodDisruptionBudget status from the selected pods
/// and their controllers' scale, and the API server's pods/eviction honouring it.</summary>
public class DisruptionControllerTests(ControllersFixture fixture) : IClassFixture<ControllersFixture>
{
    private async Task KubectlOkAsync(string args, string? stdin = null)
    {
        var (code, _, stderr) = await fixture.KubectlAsync(args, stdin);
        code.ShouldBe(0, stderr);
    }

    private Task<PodDisruptionBudget> PdbAsync(string ns, string name) => fixture.Client.Resource<PodDisruptionBudget>(ns).GetAsync(name);

    private static bool IsReady(Pod p) => p.Metadata.DeletionTimestamp is null && p.Status.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    private Task<byte[]> EvictAsync(string ns, string pod)
    {
        var eviction = new Eviction { ApiVersion = "policy/v1", Kind = "Eviction" };
        eviction.Metadata.Name = pod;
        eviction.Metadata.Namespace = ns;
        return fixture.Client.Resource<Pod>(ns).CreateSubresourceAsync(pod, "eviction", eviction);
    }

    private static string Deployment(string ns, string name, int replicas) => $$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: {{name}}, namespace: {{ns}}}
        spec:
          replicas: {{replicas}}
          selector:
            matchLabels: {app: {{name}}}
          template:
            metadata:
              labels: {app: {{name}}}
            spec:
              containers:
              - {name: c, image: "nginx:1.27"}
        """;

    private static string Pdb(string ns, string name, string app, string budget) => $$"""
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata: {name: {{name}}, namespace: {{ns}}}
        spec:
          {{budget}}
          selector:
            matchLabels: {app: {{app}}}
        """;

    private static bool StatusIs(PodDisruptionBudget pdb, int expected, int healthy, int desired, int allowed)
        => pdb.Status.ObservedGeneration == pdb.Metadata.Generation && pdb.Status.ExpectedPods == expected && pdb.Status.CurrentHealthy == healthy
            && pdb.Status.DesiredHealthy == desired && pdb.Status.DisruptionsAllowed == allowed;

    [Fact]
    public async Task MinAvailable2_OverThreeReplicaDeployment_AllowsOneDisruption_EvictionIsCountedAndReplaced()
    {
        const string ns = "pdb-deploy";
        await KubectlOkAsync("create namespace " + ns);
        await KubectlOkAsync("apply -f -", Deployment(ns, "web", 3));
        await KubectlOkAsync("apply -f -", Pdb(ns, "web-pdb", "web", "minAvailable: 2"));
        // Percentages are taken of the Deployment's scale (found through the ReplicaSet), rounded up.
        await KubectlOkAsync("apply -f -", Pdb(ns, "web-pct", "web", "minAvailable: \"50%\""));
        await KubectlOkAsync("apply -f -", Pdb(ns, "web-max", "web", "maxUnavailable: \"34%\""));

        await ControllersFixture.EventuallyAsync(async () => StatusIs(await PdbAsync(ns, "web-pdb"), 3, 3, 2, 1), "web-pdb 3/3/2/1", TimeSpan.FromSeconds(60));
        await ControllersFixture.EventuallyAsync(async () => StatusIs(await PdbAsync(ns, "web-pct"), 3, 3, 2, 1), "web-pct 3/3/2/1", TimeSpan.FromSeconds(60));
        await ControllersFixture.EventuallyAsync(async () => StatusIs(await PdbAsync(ns, "web-max"), 3, 3, 1, 2), "web-max 3/3/1/2", TimeSpan.FromSeconds(60));
        var pdb = await PdbAsync(ns, "web-pdb");
        var condition = pdb.Status.Conditions!.ShouldHaveSingleItem();
        (condition.Type, condition.Status, condition.Reason, condition.ObservedGeneration).ShouldBe(("DisruptionAllowed", "True", "SufficientPods", pdb.Metadata.Generation));

        var (code, stdout, stderr) = await fixture.KubectlAsync($"get pdb web-pdb -n {ns}");
        code.ShouldBe(0, stderr);
        stdout.ShouldMatch(@"(?s)NAME\s+MIN AVAILABLE\s+MAX UNAVAILABLE\s+ALLOWED DISRUPTIONS\s+AGE\s+web-pdb\s+2\s+N/A\s+1\s+");

        // The three budgets select the same pods: eviction refuses pods with more than one budget (upstream's 500).
        await KubectlOkAsync($"delete pdb web-pct web-max -n {ns}");
        var pods = (await fixture.Client.Resource<Pod>(ns).ListAsync(new ListParams { LabelSelector = "app=web" })).Items;
        var victim = pods[0].Metadata.Name;
        await EvictAsync(ns, victim);

        // The replacement comes and is Ready: the budget allows one disruption again, and the evicted pod's
        // disruptedPods entry is gone with the pod.
        await ControllersFixture.EventuallyAsync(async () =>
        {
            var current = await PdbAsync(ns, "web-pdb");
            var live = (await fixture.Client.Resource<Pod>(ns).ListAsync(new ListParams { LabelSelector = "app=web" })).Items;
            return StatusIs(current, 3, 3, 2, 1) && current.Status.DisruptedPods is not { Count: > 0 }
                && live.Count(IsReady) == 3 && live.All(p => p.Metadata.Name != victim);
        }, "replacement counted, disruptedPods cleared", TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task Eviction_SucceedsOnce_ThenTooManyRequestsUntilAReplacementIsReady()
    {
        const string ns = "pdb-evict";
        await KubectlOkAsync("create namespace " + ns);
        // Bare pods: nothing replaces an evicted one until the test does (an integer minAvailable needs no controller).
        var podClient = fixture.Client.Resource<Pod>(ns);
        foreach (var name in new[] { "p1", "p2", "p3" })
        {
            await podClient.CreateAsync(NewPod(ns, name));
        }
        await KubectlOkAsync("apply -f -", Pdb(ns, "budget", "bare", "minAvailable: 2"));
        await ControllersFixture.EventuallyAsync(async () => StatusIs(await PdbAsync(ns, "budget"), 3, 3, 2, 1), "budget 3/3/2/1", TimeSpan.FromSeconds(60));

        await EvictAsync(ns, "p1");
        var pdb = await PdbAsync(ns, "budget");
        pdb.Status.DisruptionsAllowed.ShouldBe(0);

        var refused = await Should.ThrowAsync<KubeApiException>(() => EvictAsync(ns, "p2"));
        refused.Code.ShouldBe(429);
        refused.Message.ShouldContain("Cannot evict pod as it would violate the pod's disruption budget.");
        refused.Causes.ShouldContain(c => c.Reason == "DisruptionBudget" && c.Message == "The disruption budget budget needs 2 healthy pods and has 2 currently");
        (await podClient.GetAsync("p2")).Metadata.DeletionTimestamp.ShouldBeNull();

        // The controller settles at 2 healthy, 0 allowed, InsufficientPods.
        await ControllersFixture.EventuallyAsync(async () =>
        {
            var current = await PdbAsync(ns, "budget");
            return StatusIs(current, 2, 2, 2, 0) && current.Status.Conditions?.Any(c => c.Type == "DisruptionAllowed" && c.Status == "False" && c.Reason == "InsufficientPods") == true;
        }, "budget 2/2/2/0", TimeSpan.FromSeconds(60));
        (await Should.ThrowAsync<KubeApiException>(() => EvictAsync(ns, "p3"))).Code.ShouldBe(429);

        await podClient.CreateAsync(NewPod(ns, "p4"));
        await ControllersFixture.EventuallyAsync(async () => StatusIs(await PdbAsync(ns, "budget"), 3, 3, 2, 1), "budget 3/3/2/1 with the replacement", TimeSpan.FromSeconds(60));
        await EvictAsync(ns, "p2");
        // (The eviction's disruptedPods entry is dropped by the controller as soon as the pod is gone, which the fake
        // node agent makes immediate, so the entry itself is not asserted here; the eviction succeeding is the point.)
        await ControllersFixture.EventuallyAsync(async () => await podClient.TryGetAsync("p2") is null, "p2 evicted");
    }

    [Fact]
    public async Task PercentageOverUncontrolledPods_FailsSafe_WithSyncFailed()
    {
        const string ns = "pdb-failsafe";
        await KubectlOkAsync("create namespace " + ns);
        var podClient = fixture.Client.Resource<Pod>(ns);
        var owner = new ConfigMap { ApiVersion = "v1", Kind = "ConfigMap" };
        owner.Metadata.Name = "owner";
        owner = await fixture.Client.Resource<ConfigMap>(ns).CreateAsync(owner);
        var pod = NewPod(ns, "owned");
        pod.Metadata.OwnerReferences = [new Api.Meta.V1.OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = "owner", Uid = owner.Metadata.Uid, Controller = true }];
        await podClient.CreateAsync(pod);
        await KubectlOkAsync("apply -f -", Pdb(ns, "pct", "bare", "maxUnavailable: \"50%\""));
        // A ConfigMap has no scale subresource: upstream's finders find no controller and the budget fails safe.
        await ControllersFixture.EventuallyAsync(async () =>
        {
            var current = await PdbAsync(ns, "pct");
            return current.Status.DisruptionsAllowed == 0 && current.Status.Conditions?.Any(c => c.Type == "DisruptionAllowed" && c.Status == "False"
                && c.Reason == "SyncFailed" && c.Message == "found no controllers for pod \"owned\"") == true;
        }, "SyncFailed condition", TimeSpan.FromSeconds(60));
        await ControllersFixture.EventuallyAsync(async () => (await fixture.Client.Resource<Event>(ns).ListAsync()).Items.Any(e => e.InvolvedObject.Kind == "PodDisruptionBudget"
            && e.InvolvedObject.Name == "pct" && e.Type == "Warning" && e.Reason == "CalculateExpectedPodCountFailed"
            && e.Message == "Failed to calculate the number of expected pods: found no controllers for pod \"owned\"" && e.Source.Component == "controllermanager"),
            "CalculateExpectedPodCountFailed event", TimeSpan.FromSeconds(60));
        var (code, stdout, stderr) = await fixture.KubectlAsync($"describe pdb pct -n {ns}");
        code.ShouldBe(0, stderr);
        stdout.ShouldMatch(@"Warning\s+CalculateExpectedPodCountFailed\s+.*controllermanager\s+Failed to calculate the number of expected pods");

        // A budget selecting nothing says so.
        await KubectlOkAsync("apply -f -", Pdb(ns, "empty", "nothing-here", "minAvailable: 1"));
        await ControllersFixture.EventuallyAsync(async () => (await fixture.Client.Resource<Event>(ns).ListAsync()).Items.Any(e => e.InvolvedObject.Name == "empty"
            && e.Type == "Normal" && e.Reason == "NoPods" && e.Message == "No matching pods found"), "NoPods event", TimeSpan.FromSeconds(60));
        await ControllersFixture.EventuallyAsync(async () => StatusIs(await PdbAsync(ns, "empty"), 0, 0, 1, 0), "empty budget 0/0/1/0", TimeSpan.FromSeconds(60));
    }

    private static Pod NewPod(string ns, string name)
    {
        var pod = new Pod { ApiVersion = "v1", Kind = "Pod" };
        pod.Metadata.Name = name;
        pod.Metadata.Namespace = ns;
        pod.Metadata.Labels = new() { ["app"] = "bare" };
        pod.Spec.Containers = [new Container { Name = "c", Image = "nginx:1.27" }];
        return pod;
    }
}
