using KubeSharp.Api;
using KubeSharp.Api.Autoscaling.V2;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Labels;
using KubeSharp.Controllers.Autoscaling;
using KubeSharp.Controllers.Autoscaling.Metrics;

namespace KubeSharp.Controllers.Tests.Autoscaling;

/// <summary>The replica calculator table, after upstream's replica_calculator_test.go.</summary>
public class ReplicaCalculatorTests
{
    private static readonly Selector Selector = Selector.Parse("name=test-pod");
    private readonly ManualClock _clock = new();
    private readonly StaticMetricsClient _metrics = new();
    private readonly List<Pod> _pods = [];

    private ReplicaCalculator Calculator() => new(_metrics, (_, s) => _pods.Where(p => s.Matches(p.Metadata.Labels)).ToList(), _clock);

    /// <summary>Pods p0..pn with the given cpu usage (milli), requests of 1 cpu, samples taken now with a 30 s window.</summary>
    private void Given(long[] usage, string[]? ready = null, long[]? requests = null, string[]? phases = null, TimeSpan? startedAgo = null)
    {
        for (var i = 0; i < usage.Length; i++)
        {
            _pods.Add(TestPods.Pod("p" + i, _clock.Now, requests?[i] ?? 1000, phases?[i] ?? "Running", ready?[i] ?? "True", startedAgo));
            if (usage[i] >= 0)
            {
                _metrics.ResourceMetrics["p" + i] = new PodMetric(usage[i], _clock.Now, TimeSpan.FromSeconds(30));
            }
        }
        _metrics.Timestamp = _clock.Now;
    }

    private Task<ReplicaProposal> Utilization(int current, int target)
        => Calculator().GetResourceReplicasAsync(current, target, "cpu", "test", Selector, "", CancellationToken.None);

    [Theory]
    // current, usage per pod (-1: no sample), target %, expected replicas, expected utilization, expected raw average
    [InlineData(3, new long[] { 300, 500, 700 }, 30, 5, 50, 500)] // ScaleUp
    [InlineData(5, new long[] { 100, 300, 500, 250, 250 }, 50, 3, 28, 280)] // ScaleDown
    [InlineData(3, new long[] { 1010, 1030, 1020 }, 100, 3, 102, 1020)] // Tolerance
    [InlineData(3, new long[] { 1150, 1150, 1150 }, 100, 4, 115, 1150)] // just outside the tolerance
    [InlineData(4, new long[] { 1000, 1000, 1000, -1 }, 50, 6, 100, 1000)] // missing pod counted as 0 % on a scale-up
    [InlineData(4, new long[] { 100, 100, 100, -1 }, 50, 3, 10, 100)] // missing pod counted as 100 % on a scale-down
    [InlineData(2, new long[] { 1000, -1 }, 100, 2, 100, 1000)] // missing pod, ratio exactly 1: no change
    [InlineData(3, new long[] { 900, 1000, -1 }, 100, 3, 95, 950)] // within tolerance with a missing pod: no change
    [InlineData(4, new long[] { 400, 300, -1, -1 }, 30, 4, 35, 350)] // missing pods at 0 % would turn the scale-up around: no change
    public async Task ResourceUtilization(int current, long[] usage, int target, int expected, int utilization, long raw)
    {
        Given(usage);
        var result = await Utilization(current, target);
        result.Replicas.ShouldBe(expected);
        result.Utilization.ShouldBe(utilization);
        result.Usage.ShouldBe(raw);
    }

    [Fact]
    public async Task ScaleUpUnreadyLessScale_UnreadyPodsCountAsZero()
    {
        // Upstream TestReplicaCalcScaleUpUnreadyLessScale: the unready pod is left out of the 60 % and counted as 0 %.
        Given([300, 500, 700], ["False", "True", "True"], startedAgo: TimeSpan.FromMinutes(1));
        var result = await Utilization(3, 30);
        result.Replicas.ShouldBe(4);
        result.Utilization.ShouldBe(60);
        result.Usage.ShouldBe(600);
    }

    [Fact]
    public async Task ScaleUpUnreadyNoScale_DirectionWouldFlip()
    {
        // Upstream TestReplicaCalcScaleUpUnreadyNoScale: counting the unready pods at 0 % turns the scale-up around.
        Given([400, 500, 700], ["True", "False", "False"], startedAgo: TimeSpan.FromMinutes(1));
        var result = await Utilization(3, 30);
        result.Replicas.ShouldBe(3);
        result.Utilization.ShouldBe(40);
        result.Usage.ShouldBe(400);
    }

    [Fact]
    public async Task ScaleUpHotCpuLessScale_SampleOlderThanReadinessIsIgnored()
    {
        // Within the initialization period a ready pod whose sample window started before it became ready is unready.
        Given([300, 500, 700], startedAgo: TimeSpan.FromMinutes(1));
        _metrics.ResourceMetrics["p0"] = new PodMetric(300, _clock.Now - TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(30));
        var result = await Utilization(3, 30);
        result.Replicas.ShouldBe(4);
        result.Utilization.ShouldBe(60);
    }

    [Fact]
    public async Task ScaleDownIgnoresUnreadyPods()
    {
        // Upstream TestReplicaCalcScaleDownIgnoresUnreadyPods: on a scale-down unready pods are simply left out.
        Given([100, 300, 500, 250, 250], ["True", "True", "True", "False", "False"], startedAgo: TimeSpan.FromMinutes(1));
        var result = await Utilization(5, 50);
        result.Replicas.ShouldBe(2);
        result.Utilization.ShouldBe(30);
        result.Usage.ShouldBe(300);
    }

    [Fact]
    public async Task AfterInitializationPeriod_UnreadyPodThatWasReadyCounts()
    {
        // Past the cpu initialization period an unready pod is ignored only if it never became ready.
        Given([500, 500], ["True", "False"]);
        _pods[1].Status.Conditions![0].LastTransitionTime = Time.FromDateTimeOffset(_clock.Now - TimeSpan.FromMinutes(2));
        var result = await Utilization(2, 25);
        result.Replicas.ShouldBe(4);
    }

    [Fact]
    public async Task PendingPods_AreUnready_AndDeletedOrFailedPodsIgnored()
    {
        Given([1000, 1000, -1, 1000, 1000], phases: ["Running", "Running", "Pending", "Failed", "Running"]);
        _pods[4].Metadata.DeletionTimestamp = Time.FromDateTimeOffset(_clock.Now);
        // Two usable pods at 100 % against 50 %: the pending one counts as 0 %: 2000 / 3000 = 66 % -> 1.32 x 3 = 4.
        var result = await Utilization(3, 50);
        result.Replicas.ShouldBe(4);
        result.Utilization.ShouldBe(100);
    }

    [Fact]
    public async Task DisjointMetrics_NoMetricsMatchedKnownPods()
    {
        // Upstream TestReplicaCalcDisjointResourcesMetrics.
        _pods.Add(TestPods.Pod("p0", _clock.Now));
        _metrics.ResourceMetrics["an-older-pod-name"] = new PodMetric(100, _clock.Now, TimeSpan.FromSeconds(30));
        var e = await Should.ThrowAsync<MetricsException>(() => Utilization(1, 100));
        e.Message.ShouldBe("no metrics returned matched known pods");
    }

    [Fact]
    public async Task SuperfluousMetrics_AreIgnored()
    {
        Given([4000, 9500]);
        _metrics.ResourceMetrics["extra"] = new PodMetric(1, _clock.Now, TimeSpan.FromSeconds(30));
        var result = await Utilization(4, 100);
        // 13500 / 2000 = 675 % -> 6.75 x 2 ready pods = 14.
        result.Replicas.ShouldBe(14);
        result.Utilization.ShouldBe(675);
    }

    [Fact]
    public async Task Errors_HaveUpstreamTexts()
    {
        (await Should.ThrowAsync<MetricsException>(() => Utilization(1, 50))).Message.ShouldBe("no pods returned by selector while calculating replica count");

        Given([-1], phases: ["Pending"]);
        (await Should.ThrowAsync<MetricsException>(() => Utilization(1, 50))).Message.ShouldBe("did not receive metrics for targeted pods (pods might be unready)");

        _pods.Clear();
        _pods.Add(new Pod
        {
            Metadata = new Api.Meta.V1.ObjectMeta { Name = "noreq", Labels = new() { ["name"] = "test-pod" } },
            Spec = new PodSpec { Containers = [new Container { Name = "app" }] },
            Status = new PodStatus { Phase = "Running", StartTime = Time.FromDateTimeOffset(_clock.Now - TimeSpan.FromHours(1)), Conditions = [new PodCondition { Type = "Ready", Status = "True" }] },
        });
        _metrics.ResourceMetrics["noreq"] = new PodMetric(100, _clock.Now, TimeSpan.FromSeconds(30));
        (await Should.ThrowAsync<MetricsException>(() => Utilization(1, 50))).Message.ShouldBe("missing request for cpu in container app of Pod noreq");

        _metrics.Error = "unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)";
        (await Should.ThrowAsync<MetricsException>(() => Utilization(1, 50))).Message
            .ShouldBe("unable to get metrics for resource cpu: unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)");
    }

    [Fact]
    public async Task RestartableInitContainers_CountTowardRequests()
    {
        Given([1500]);
        _pods[0].Spec.InitContainers = [new Container { Name = "sidecar", RestartPolicy = "Always", Resources = new ResourceRequirements { Requests = new() { ["cpu"] = Quantity.Parse("500m") } } },
            new Container { Name = "init", Resources = new ResourceRequirements { Requests = new() { ["cpu"] = Quantity.Parse("5") } } }];
        var result = await Utilization(1, 50);
        result.Utilization.ShouldBe(100);
        result.Replicas.ShouldBe(2);
    }

    [Theory]
    // current, usage (milli per pod), target average (milli), expected replicas, expected usage
    [InlineData(3, new long[] { 300, 500, 700 }, 300, 5, 500)]
    [InlineData(3, new long[] { 300, 300, 330 }, 300, 3, 310)]
    [InlineData(5, new long[] { 100, 100, 100, 100, 100 }, 300, 2, 100)]
    [InlineData(4, new long[] { 100, 100, 100, -1 }, 300, 2, 100)] // the missing pod counts at the target on a scale-down: 600 / 4 = 150 -> 0.5 x 4 = 2
    public async Task RawResourceAverageValue(int current, long[] usage, long target, int expected, long expectedUsage)
    {
        Given(usage);
        var result = await Calculator().GetRawResourceReplicasAsync(current, target, "cpu", "test", Selector, "", CancellationToken.None);
        result.Usage.ShouldBe(expectedUsage);
        result.Replicas.ShouldBe(expected);
    }

    [Fact]
    public async Task PodsMetric_MissingPodsAtTheTargetOnScaleDown_ZeroOnScaleUp()
    {
        for (var i = 0; i < 4; i++)
        {
            _pods.Add(TestPods.Pod("p" + i, _clock.Now));
        }
        foreach (var i in new[] { 0, 1, 2 })
        {
            _metrics.RawMetrics["p" + i] = new PodMetric(1000, _clock.Now, TimeSpan.FromMinutes(1));
        }
        var up = await Calculator().GetMetricReplicasAsync(4, 500, "qps", "test", Selector, Selector.Everything, CancellationToken.None);
        // 3000/3 = 1000 vs 500: missing at 0 -> 3000/4 = 750 -> 1.5 x 4 = 6.
        up.Replicas.ShouldBe(6);
        up.Usage.ShouldBe(1000);
        var down = await Calculator().GetMetricReplicasAsync(4, 4000, "qps", "test", Selector, Selector.Everything, CancellationToken.None);
        // 1000 vs 4000: missing at the target -> (3000 + 4000)/4 = 1750 -> 0.4375 x 4 = 2.
        down.Replicas.ShouldBe(2);
        down.Usage.ShouldBe(1000);
    }

    [Fact]
    public async Task PodsMetric_NotCpu_UnreadyPodsAreNotSpecial()
    {
        Given([-1, -1], ["False", "True"], startedAgo: TimeSpan.FromSeconds(5));
        _metrics.RawMetrics["p0"] = new PodMetric(1000, _clock.Now, TimeSpan.FromMinutes(1));
        _metrics.RawMetrics["p1"] = new PodMetric(1000, _clock.Now, TimeSpan.FromMinutes(1));
        var result = await Calculator().GetMetricReplicasAsync(2, 500, "qps", "test", Selector, Selector.Everything, CancellationToken.None);
        result.Replicas.ShouldBe(4);
    }

    private static CrossVersionObjectReference Ingress => new() { Kind = "Ingress", ApiVersion = "networking.k8s.io/v1", Name = "front" };

    [Fact]
    public async Task ObjectMetric_ValueTarget_UsesReadyPods_AndScalesFromZero()
    {
        Given([-1, -1, -1], ["True", "True", "False"]);
        _metrics.ObjectValue = 5000;
        var result = await Calculator().GetObjectMetricReplicasAsync(3, 2000, "hits", "test", Ingress, Selector, Selector.Everything, CancellationToken.None);
        // 2.5 x 2 ready pods = 5.
        result.Replicas.ShouldBe(5);
        result.Usage.ShouldBe(5000);
        (await Calculator().GetObjectMetricReplicasAsync(0, 2000, "hits", "test", Ingress, Selector, Selector.Everything, CancellationToken.None)).Replicas.ShouldBe(3);
        _metrics.ObjectValue = 2100;
        (await Calculator().GetObjectMetricReplicasAsync(3, 2000, "hits", "test", Ingress, Selector, Selector.Everything, CancellationToken.None)).Replicas.ShouldBe(3);
    }

    [Fact]
    public async Task ObjectMetric_AverageValueTarget_PerStatusReplica()
    {
        _metrics.ObjectValue = 900;
        var result = await Calculator().GetObjectPerPodMetricReplicasAsync(3, 100, "hits", "test", Ingress, Selector.Everything, CancellationToken.None);
        result.Replicas.ShouldBe(9);
        result.Usage.ShouldBe(300);
        _metrics.ObjectValue = 310;
        (await Calculator().GetObjectPerPodMetricReplicasAsync(3, 100, "hits", "test", Ingress, Selector.Everything, CancellationToken.None)).Replicas.ShouldBe(3);
        _metrics.Error = "boom";
        (await Should.ThrowAsync<MetricsException>(() => Calculator().GetObjectPerPodMetricReplicasAsync(3, 100, "hits", "test", Ingress, Selector.Everything, CancellationToken.None)))
            .Message.ShouldBe("unable to get metric hits: Ingress on test front/boom");
    }

    [Fact]
    public async Task ExternalMetric_ValueAndAverageValue()
    {
        Given([-1, -1]);
        _metrics.ExternalValues.AddRange([3000, 5000]);
        var value = await Calculator().GetExternalMetricReplicasAsync(2, 2000, "queue", "test", null, Selector, CancellationToken.None);
        value.Replicas.ShouldBe(8);
        value.Usage.ShouldBe(8000);
        var average = await Calculator().GetExternalPerPodMetricReplicasAsync(2, 1000, "queue", "test", null, CancellationToken.None);
        average.Replicas.ShouldBe(8);
        average.Usage.ShouldBe(4000);
        _metrics.Error = "no metrics returned from external metrics API";
        var selector = new Api.Meta.V1.LabelSelector { MatchLabels = new() { ["queue"] = "jobs" } };
        (await Should.ThrowAsync<MetricsException>(() => Calculator().GetExternalPerPodMetricReplicasAsync(2, 1000, "queue", "test", selector, CancellationToken.None)))
            .Message.ShouldBe("unable to get external metric test/queue/&LabelSelector{MatchLabels:map[string]string{queue: jobs,},MatchExpressions:[]LabelSelectorRequirement{},}: no metrics returned from external metrics API");
    }
}
