using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using KubeSharp.Api;
using KubeSharp.Api.Autoscaling.V2;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Labels;
using KubeSharp.Client;
using KubeSharp.Controllers.Autoscaling;
using KubeSharp.Controllers.Autoscaling.Metrics;

namespace KubeSharp.Controllers.Tests.Integration;

/// <summary>
/// Resource metrics for the integration tests: in the namespaces the test configured, every Running pod uses the
/// given percentage of its cpu request (read from the API server, sampled now); everywhere else the calls go to the
/// production <see cref="RestMetricsClient"/>, i.e. to the API server's metrics.k8s.io paths, which it does not serve.
/// </summary>
public sealed class FakeResourceMetrics(Func<KubernetesClient> client) : IMetricsClient
{
    private RestMetricsClient? _rest;

    public ConcurrentDictionary<string, int> CpuPercent { get; } = new(StringComparer.Ordinal);

    private RestMetricsClient Rest => _rest ??= new RestMetricsClient(client());

    public async Task<(Dictionary<string, PodMetric> Metrics, DateTimeOffset Timestamp)> GetResourceMetricAsync(string resource, string @namespace, Selector selector, string container, CancellationToken cancellationToken)
    {
        if (!CpuPercent.TryGetValue(@namespace, out var percent))
        {
            return await Rest.GetResourceMetricAsync(resource, @namespace, selector, container, cancellationToken);
        }
        var now = DateTimeOffset.UtcNow;
        var pods = await client().Resource<Pod>(@namespace).ListAsync(new ListParams { LabelSelector = selector.ToString() }, cancellationToken);
        var result = new Dictionary<string, PodMetric>(StringComparer.Ordinal);
        foreach (var pod in pods.Items.Where(p => p.Status.Phase == "Running"))
        {
            var request = pod.Spec.Containers!.Sum(c => c.Resources.Requests is { } r && r.TryGetValue(resource, out var q) ? q.MilliValue() : 0);
            result[pod.Metadata.Name] = new PodMetric(request * percent / 100, now, TimeSpan.Zero);
        }
        if (result.Count == 0)
        {
            throw new MetricsException("no metrics returned from resource metrics API");
        }
        return (result, now);
    }

    public Task<(Dictionary<string, PodMetric> Metrics, DateTimeOffset Timestamp)> GetRawMetricAsync(string metricName, string @namespace, Selector selector, Selector metricSelector, CancellationToken cancellationToken)
        => Rest.GetRawMetricAsync(metricName, @namespace, selector, metricSelector, cancellationToken);

    public Task<(long Value, DateTimeOffset Timestamp)> GetObjectMetricAsync(string metricName, string @namespace, CrossVersionObjectReference objectReference, Selector metricSelector, CancellationToken cancellationToken)
        => Rest.GetObjectMetricAsync(metricName, @namespace, objectReference, metricSelector, cancellationToken);

    public Task<(IReadOnlyList<long> Values, DateTimeOffset Timestamp)> GetExternalMetricAsync(string metricName, string @namespace, Selector selector, CancellationToken cancellationToken)
        => Rest.GetExternalMetricAsync(metricName, @namespace, selector, cancellationToken);
}

/// <summary>The API server with the deployment, replicaset and HPA controllers; the HPA looks every second.</summary>
public sealed class HpaFixture : ControllersFixture
{
    public HpaFixture()
    {
        Metrics = new FakeResourceMetrics(() => Client);
    }

    public FakeResourceMetrics Metrics { get; }

    protected override ControllerManagerOptions ManagerOptions => new()
    {
        LeaderElect = false,
        Controllers = ["deployment", "replicaset", "replicationcontroller", "horizontalpodautoscaling"],
        HorizontalPodAutoscaler = new HorizontalPodAutoscalerOptions { SyncPeriod = TimeSpan.FromSeconds(1), MetricsClient = Metrics },
    };
}

/// <summary>The horizontal pod autoscaler against the real API server, read back with /usr/bin/kubectl.</summary>
public class HorizontalPodAutoscalerControllerTests(HpaFixture fixture) : IClassFixture<HpaFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    private async Task<string> Kubectl(string arguments, string? stdin = null)
    {
        var (code, stdout, stderr) = await fixture.RunKubectlAsync("/usr/bin/kubectl", arguments, stdin);
        code.ShouldBe(0, $"kubectl {arguments}: {stderr}");
        return stdout;
    }

    private static string Manifests(string ns, int replicas, int maxReplicas, string behavior = "") => $$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: {{ns}}
        spec:
          replicas: {{replicas}}
          selector:
            matchLabels:
              app: web
          template:
            metadata:
              labels:
                app: web
            spec:
              containers:
              - name: nginx
                image: nginx:1.27
                resources:
                  requests:
                    cpu: 100m
        ---
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata:
          name: web
          namespace: {{ns}}
        spec:
          scaleTargetRef:
            apiVersion: apps/v1
            kind: Deployment
            name: web
          minReplicas: 1
          maxReplicas: {{maxReplicas}}
          metrics:
          - type: Resource
            resource:
              name: cpu
              target:
                type: Utilization
                averageUtilization: 50
        {{behavior}}
        """;

    private Task<HorizontalPodAutoscaler> HpaAsync(string ns) => fixture.Client.Resource<HorizontalPodAutoscaler>(ns).GetAsync("web");

    private async Task<List<Event>> EventsAsync(string ns)
        => [.. (await fixture.Client.Resource<Event>(ns).ListAsync()).Items.Where(e => e.InvolvedObject.Kind == "HorizontalPodAutoscaler" && e.InvolvedObject.Name == "web")];

    [Fact]
    public async Task CpuAtTwiceTheTarget_ScalesTwoToFour_ClampedByMaxReplicas_WithStatusConditionsEventsAndKubectlColumns()
    {
        const string ns = "hpa-scale";
        fixture.Metrics.CpuPercent[ns] = 100;
        await Kubectl("create namespace " + ns);
        await Kubectl("apply -f -", Manifests(ns, replicas: 2, maxReplicas: 4));

        await ControllersFixture.EventuallyAsync(async () => (await fixture.Client.Resource<Api.Apps.V1.Deployment>(ns).GetAsync("web")).Spec.Replicas == 4,
            "the deployment scaled to 4", Timeout);
        // The next looks see 4 pods at 100 % of their request: 8 wanted, 4 allowed.
        await ControllersFixture.EventuallyAsync(async () =>
        {
            var h = await HpaAsync(ns);
            return h.Status.CurrentReplicas == 4 && HpaConditions.Get(h, "ScalingLimited")?.Status == "True";
        }, "status with 4 current replicas and ScalingLimited", Timeout);

        var hpa = await HpaAsync(ns);
        hpa.Status.DesiredReplicas.ShouldBe(4);
        hpa.Status.LastScaleTime.ShouldNotBeNull();
        var metric = hpa.Status.CurrentMetrics.ShouldHaveSingleItem();
        metric.Type.ShouldBe("Resource");
        metric.Resource!.Name.ShouldBe("cpu");
        metric.Resource.Current.AverageUtilization.ShouldBe(100);
        metric.Resource.Current.AverageValue.ShouldBe(Quantity.Parse("100m"));
        var able = HpaConditions.Get(hpa, "AbleToScale")!;
        able.Status.ShouldBe("True");
        able.Reason.ShouldBe("ReadyForNewScale");
        able.Message.ShouldBe("recommended size matches current size");
        var active = HpaConditions.Get(hpa, "ScalingActive")!;
        active.Status.ShouldBe("True");
        active.Reason.ShouldBe("ValidMetricFound");
        active.Message.ShouldBe("the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)");
        var limited = HpaConditions.Get(hpa, "ScalingLimited")!;
        limited.Reason.ShouldBe("TooManyReplicas");
        limited.Message.ShouldBe("the desired replica count is more than the maximum replica count");

        await ControllersFixture.EventuallyAsync(async () => (await EventsAsync(ns)).Any(e => e.Reason == "SuccessfulRescale"), "the SuccessfulRescale event", Timeout);
        var rescale = (await EventsAsync(ns)).Where(e => e.Reason == "SuccessfulRescale").ShouldHaveSingleItem();
        rescale.Type.ShouldBe("Normal");
        rescale.Message.ShouldBe("New size: 4; reason: cpu resource utilization (percentage of request) above target");
        rescale.Source.Component.ShouldBe("horizontal-pod-autoscaler");

        // autoscaling/v1 is the same object converted.
        var v1 = await fixture.Client.Resource<Api.Autoscaling.V1.HorizontalPodAutoscaler>(ns).GetAsync("web");
        v1.Spec.TargetCPUUtilizationPercentage.ShouldBe(50);
        v1.Status.CurrentCPUUtilizationPercentage.ShouldBe(100);
        v1.Status.CurrentReplicas.ShouldBe(4);

        var table = await Kubectl("get hpa -n " + ns);
        var lines = table.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Regex.Split(lines[0].Trim(), @"\s{2,}").ShouldBe(["NAME", "REFERENCE", "TARGETS", "MINPODS", "MAXPODS", "REPLICAS", "AGE"]);
        var row = Regex.Split(lines[1].Trim(), @"\s{2,}");
        row[..6].ShouldBe(["web", "Deployment/web", "cpu: 100%/50%", "1", "4", "4"]);

        var describe = await Kubectl("describe hpa web -n " + ns);
        describe.ShouldContain("New size: 4; reason: cpu resource utilization (percentage of request) above target");
        describe.ShouldContain("ScalingLimited  True    TooManyReplicas");
    }

    [Fact]
    public async Task MissingMetricsApi_ScalingActiveFalse_FailedGetResourceMetric()
    {
        const string ns = "hpa-nometrics";
        await Kubectl("create namespace " + ns);
        await Kubectl("apply -f -", Manifests(ns, replicas: 2, maxReplicas: 4));

        await ControllersFixture.EventuallyAsync(async () => HpaConditions.Get(await HpaAsync(ns), "ScalingActive")?.Reason == "FailedGetResourceMetric",
            "ScalingActive False", Timeout);
        var hpa = await HpaAsync(ns);
        var active = HpaConditions.Get(hpa, "ScalingActive")!;
        active.Status.ShouldBe("False");
        active.Message.ShouldBe("the HPA was unable to compute the replica count: failed to get cpu utilization: unable to get metrics for resource cpu: "
            + "unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)");
        var able = HpaConditions.Get(hpa, "AbleToScale")!;
        able.Status.ShouldBe("True");
        able.Reason.ShouldBe("SucceededGetScale");
        hpa.Status.CurrentReplicas.ShouldBe(2);
        HpaConditions.Get(hpa, "ScalingLimited").ShouldBeNull();
        (await fixture.Client.Resource<Api.Apps.V1.Deployment>(ns).GetAsync("web")).Spec.Replicas.ShouldBe(2);

        await ControllersFixture.EventuallyAsync(async () => (await EventsAsync(ns)).Select(e => e.Reason).ToHashSet().IsSupersetOf(["FailedGetResourceMetric", "FailedComputeMetricsReplicas"]),
            "the warning events", Timeout);
        var events = await EventsAsync(ns);
        events.First(e => e.Reason == "FailedGetResourceMetric").Type.ShouldBe("Warning");
        events.First(e => e.Reason == "FailedComputeMetricsReplicas").Message.ShouldBe("invalid metrics (1 invalid out of 1), first error is: failed to get cpu resource metric value: failed to get cpu utilization: "
            + "unable to get metrics for resource cpu: unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)");

        var row = Regex.Split((await Kubectl("get hpa web --no-headers -n " + ns)).Trim(), @"\s{2,}");
        row[..6].ShouldBe(["web", "Deployment/web", "cpu: <unknown>/50%", "1", "4", "2"]);
    }

    [Fact]
    public async Task TargetAtZeroReplicas_ScalingDisabled_AndMissingTarget_FailedGetScale()
    {
        const string ns = "hpa-disabled";
        fixture.Metrics.CpuPercent[ns] = 100;
        await Kubectl("create namespace " + ns);
        await Kubectl("apply -f -", Manifests(ns, replicas: 0, maxReplicas: 4));
        await ControllersFixture.EventuallyAsync(async () => HpaConditions.Get(await HpaAsync(ns), "ScalingActive")?.Reason == "ScalingDisabled", "ScalingDisabled", Timeout);
        var active = HpaConditions.Get(await HpaAsync(ns), "ScalingActive")!;
        active.Status.ShouldBe("False");
        active.Message.ShouldBe("scaling is disabled since the replica count of the target is zero");
        (await fixture.Client.Resource<Api.Apps.V1.Deployment>(ns).GetAsync("web")).Spec.Replicas.ShouldBe(0);

        await Kubectl($"delete deployment web -n {ns}");
        await ControllersFixture.EventuallyAsync(async () => HpaConditions.Get(await HpaAsync(ns), "AbleToScale")?.Reason == "FailedGetScale", "FailedGetScale", Timeout);
        var able = HpaConditions.Get(await HpaAsync(ns), "AbleToScale")!;
        able.Status.ShouldBe("False");
        able.Message.ShouldBe("the HPA controller was unable to get the target's current scale: deployments.apps \"web\" not found");
    }

    [Fact]
    public async Task IdlePods_WithAZeroScaleDownWindow_ScaleDownToMinReplicas()
    {
        const string ns = "hpa-down";
        fixture.Metrics.CpuPercent[ns] = 0;
        await Kubectl("create namespace " + ns);
        const string behavior = """
              behavior:
                scaleDown:
                  stabilizationWindowSeconds: 0
            """;
        await Kubectl("apply -f -", Manifests(ns, replicas: 3, maxReplicas: 4, behavior));
        await ControllersFixture.EventuallyAsync(async () => (await fixture.Client.Resource<Api.Apps.V1.Deployment>(ns).GetAsync("web")).Spec.Replicas == 1,
            "the deployment scaled down to 1", Timeout);
        await ControllersFixture.EventuallyAsync(async () => (await EventsAsync(ns)).Any(e => e.Reason == "SuccessfulRescale"), "the SuccessfulRescale event", Timeout);
        (await EventsAsync(ns)).Single(e => e.Reason == "SuccessfulRescale").Message.ShouldBe("New size: 1; reason: All metrics below target");
        var hpa = await HpaAsync(ns);
        // The server filled in the rest of behavior from upstream's defaults.
        hpa.Spec.Behavior!.ScaleDown!.Policies.ShouldHaveSingleItem().Type.ShouldBe("Percent");
        hpa.Spec.Behavior.ScaleUp!.StabilizationWindowSeconds.ShouldBe(0);
        await ControllersFixture.EventuallyAsync(async () => (await HpaAsync(ns)).Status.CurrentReplicas == 1, "status with 1 current replica", Timeout);
        hpa = await HpaAsync(ns);
        // Idle pods want 0 replicas; minReplicas keeps 1.
        var limited = HpaConditions.Get(hpa, "ScalingLimited")!;
        limited.Status.ShouldBe("True");
        limited.Reason.ShouldBe("TooFewReplicas");
        hpa.Status.CurrentMetrics.ShouldHaveSingleItem().Resource!.Current.AverageUtilization.ShouldBe(0);
    }

    [Fact]
    public async Task ReplicationControllerTarget_IsScaledThroughItsScaleSubresource()
    {
        const string ns = "hpa-rc";
        fixture.Metrics.CpuPercent[ns] = 100;
        await Kubectl("create namespace " + ns);
        await Kubectl("apply -f -", $$"""
            apiVersion: v1
            kind: ReplicationController
            metadata:
              name: rc
              namespace: {{ns}}
            spec:
              replicas: 1
              selector:
                app: rc
              template:
                metadata:
                  labels:
                    app: rc
                spec:
                  containers:
                  - name: nginx
                    image: nginx:1.27
                    resources:
                      requests:
                        cpu: 200m
            ---
            apiVersion: autoscaling/v1
            kind: HorizontalPodAutoscaler
            metadata:
              name: rc
              namespace: {{ns}}
            spec:
              scaleTargetRef:
                apiVersion: v1
                kind: ReplicationController
                name: rc
              maxReplicas: 3
              targetCPUUtilizationPercentage: 50
            """);
        // 1 pod at twice the target wants 2; then 2 pods want 4, clamped to 3.
        await ControllersFixture.EventuallyAsync(async () => (await fixture.Client.Resource<ReplicationController>(ns).GetAsync("rc")).Spec.Replicas == 3,
            "the replication controller scaled to 3", Timeout);
        await ControllersFixture.EventuallyAsync(async () => (await fixture.Client.Resource<HorizontalPodAutoscaler>(ns).GetAsync("rc")).Status.CurrentReplicas == 3,
            "status with 3 current replicas", Timeout);
        var hpa = await fixture.Client.Resource<HorizontalPodAutoscaler>(ns).GetAsync("rc");
        hpa.Status.CurrentMetrics.ShouldHaveSingleItem().Resource!.Current.AverageValue.ShouldBe(Quantity.Parse("200m"));
        await ControllersFixture.EventuallyAsync(async () => (await fixture.Client.Resource<Event>(ns).ListAsync()).Items.Count(e => e.Reason == "SuccessfulRescale") == 2,
            "two SuccessfulRescale events", Timeout);
        var sizes = (await fixture.Client.Resource<Event>(ns).ListAsync()).Items.Where(e => e.Reason == "SuccessfulRescale").Select(e => e.Message).Order(StringComparer.Ordinal);
        sizes.ShouldBe(["New size: 2; reason: cpu resource utilization (percentage of request) above target", "New size: 3; reason: cpu resource utilization (percentage of request) above target"]);
    }

    [Fact]
    public async Task TwoHpasOverTheSamePods_AmbiguousSelector()
    {
        const string ns = "hpa-ambiguous";
        fixture.Metrics.CpuPercent[ns] = 50;
        await Kubectl("create namespace " + ns);
        await Kubectl("apply -f -", Manifests(ns, replicas: 1, maxReplicas: 4));
        await Kubectl($"autoscale deployment web --name=second --max=5 --cpu-percent=60 -n {ns}");
        await ControllersFixture.EventuallyAsync(async () =>
        {
            var all = (await fixture.Client.Resource<HorizontalPodAutoscaler>(ns).ListAsync()).Items;
            return all.Count == 2 && all.All(h => HpaConditions.Get(h, "ScalingActive")?.Reason == "AmbiguousSelector");
        }, "both HPAs report AmbiguousSelector", Timeout);
        var active = HpaConditions.Get(await HpaAsync(ns), "ScalingActive")!;
        active.Status.ShouldBe("False");
        active.Message.ShouldBe($"pods by selector app=web are controlled by multiple HPAs: [{{second {ns}}} {{web {ns}}}]");
    }
}
