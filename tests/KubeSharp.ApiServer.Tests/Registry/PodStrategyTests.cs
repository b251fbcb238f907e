using KubeSharp.Api;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Meta.V1;
using KubeSharp.ApiServer.Registry;

namespace KubeSharp.ApiServer.Tests.Registry;

/// <summary>Upstream's CheckGracefulDelete and rest.BeforeDelete for pods, and the QoS class of new pods.</summary>
public sealed class PodStrategyTests
{
    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private static readonly DateTimeOffset Now = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly FixedTime Clock = new(Now);

    private static Pod ScheduledPod(long? terminationGrace = 30, string phase = "Running", string node = "node-1") => new()
    {
        Metadata = new ObjectMeta { Name = "p", Namespace = "default" },
        Spec = new PodSpec { NodeName = node, TerminationGracePeriodSeconds = terminationGrace },
        Status = new PodStatus { Phase = phase },
    };

    [Theory]
    [InlineData(null, 30L, "Running", "node-1", 30L)]
    [InlineData(5L, 30L, "Running", "node-1", 5L)]
    [InlineData(0L, 30L, "Running", "node-1", 0L)]
    [InlineData(null, null, "Running", "node-1", 0L)]
    [InlineData(-3L, 30L, "Running", "node-1", 1L)]
    [InlineData(null, 30L, "Running", "", 0L)]
    [InlineData(null, 30L, "Succeeded", "node-1", 0L)]
    [InlineData(null, 30L, "Failed", "node-1", 0L)]
    public void CheckGracefulDelete_ChoosesUpstreamsGracePeriod(long? requested, long? podGrace, string phase, string node, long expected)
    {
        var options = new DeleteOptions { GracePeriodSeconds = requested };

        PodStrategy.Instance.CheckGracefulDelete(ScheduledPod(podGrace, phase, node), options).ShouldBeTrue();

        options.GracePeriodSeconds.ShouldBe(expected);
    }

    [Fact]
    public void BeforeDelete_MarksThePodWithDeadlineAndGrace()
    {
        var pod = ScheduledPod();
        var decision = GracefulDeletion.BeforeDelete(PodStrategy.Instance, pod, new DeleteOptions(), Clock);

        decision.ShouldBe(new GracefulDeleteDecision(Graceful: true, Pending: false));
        pod.Metadata.DeletionGracePeriodSeconds.ShouldBe(30);
        pod.Metadata.DeletionTimestamp!.Value.ToDateTimeOffset().ShouldBe(Now.AddSeconds(30));
    }

    [Fact]
    public void BeforeDelete_AgainMayOnlyShortenTheGracePeriod()
    {
        var pod = ScheduledPod();
        GracefulDeletion.BeforeDelete(PodStrategy.Instance, pod, new DeleteOptions(), Clock);

        var longer = GracefulDeletion.BeforeDelete(PodStrategy.Instance, pod, new DeleteOptions { GracePeriodSeconds = 60 }, Clock);
        longer.ShouldBe(new GracefulDeleteDecision(Graceful: false, Pending: true));
        pod.Metadata.DeletionGracePeriodSeconds.ShouldBe(30);

        var unspecified = new DeleteOptions();
        GracefulDeletion.BeforeDelete(PodStrategy.Instance, pod, unspecified, Clock).Pending.ShouldBeTrue();
        unspecified.GracePeriodSeconds.ShouldBe(30);

        var shorter = GracefulDeletion.BeforeDelete(PodStrategy.Instance, pod, new DeleteOptions { GracePeriodSeconds = 10 }, Clock);
        shorter.ShouldBe(new GracefulDeleteDecision(Graceful: true, Pending: false));
        pod.Metadata.DeletionGracePeriodSeconds.ShouldBe(10);
        pod.Metadata.DeletionTimestamp!.Value.ToDateTimeOffset().ShouldBe(Now.AddSeconds(10));
    }

    [Fact]
    public void BeforeDelete_OfAPodMarkedWithZeroGrace_DeletesNow()
    {
        var pod = ScheduledPod();
        GracefulDeletion.BeforeDelete(PodStrategy.Instance, pod, new DeleteOptions { GracePeriodSeconds = 0 }, Clock).Graceful.ShouldBeTrue();
        pod.Metadata.DeletionGracePeriodSeconds.ShouldBe(0);

        GracefulDeletion.BeforeDelete(PodStrategy.Instance, pod, new DeleteOptions(), Clock).ShouldBe(new GracefulDeleteDecision(false, false));
    }

    [Fact]
    public void BeforeDelete_BumpsAGenerationThatIsSet()
    {
        var pod = ScheduledPod();
        pod.Metadata.Generation = 3;

        GracefulDeletion.BeforeDelete(PodStrategy.Instance, pod, new DeleteOptions(), Clock);

        pod.Metadata.Generation.ShouldBe(4);
    }

    private static Container Container(string? cpuRequest, string? cpuLimit, string? memoryRequest, string? memoryLimit)
    {
        static Dictionary<string, Quantity>? Map(string? cpu, string? memory)
        {
            var map = new Dictionary<string, Quantity>();
            if (cpu is not null)
            {
                map["cpu"] = Quantity.Parse(cpu);
            }
            if (memory is not null)
            {
                map["memory"] = Quantity.Parse(memory);
            }
            return map.Count == 0 ? null : map;
        }
        return new Container { Name = "c", Resources = new ResourceRequirements { Requests = Map(cpuRequest, memoryRequest), Limits = Map(cpuLimit, memoryLimit) } };
    }

    [Fact]
    public void QosClass_AsUpstream()
    {
        PodStrategy.QosClass(new PodSpec { Containers = [new Container { Name = "c" }] }).ShouldBe("BestEffort");
        PodStrategy.QosClass(new PodSpec { Containers = [Container("100m", "100m", "64Mi", "64Mi")] }).ShouldBe("Guaranteed");
        PodStrategy.QosClass(new PodSpec { Containers = [Container(null, "1", null, "1Gi")] }).ShouldBe("Guaranteed");
        PodStrategy.QosClass(new PodSpec { Containers = [Container("100m", "200m", "64Mi", "64Mi")] }).ShouldBe("Burstable");
        PodStrategy.QosClass(new PodSpec { Containers = [Container("100m", null, null, null)] }).ShouldBe("Burstable");
        PodStrategy.QosClass(new PodSpec
        {
            Containers = [Container("100m", "100m", "64Mi", "64Mi")],
            InitContainers = [Container("100m", null, null, null)],
        }).ShouldBe("Burstable");
    }

    [Fact]
    public void SelectableFields_AreUpstreams()
    {
        var pod = ScheduledPod();
        pod.Status.PodIPs = [new PodIP { Ip = "10.42.0.7" }];
        var fields = new Dictionary<string, string>();

        PodStrategy.Instance.AddSelectableFields(pod, fields);

        fields["spec.nodeName"].ShouldBe("node-1");
        fields["status.phase"].ShouldBe("Running");
        fields["status.podIP"].ShouldBe("10.42.0.7");
        fields["spec.hostNetwork"].ShouldBe("false");
        fields.Keys.ShouldBe(["spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "spec.hostNetwork",
            "status.phase", "status.podIP", "status.nominatedNodeName"], ignoreOrder: true);
    }

    [Theory]
    [InlineData("spec.nodeName=node-1")]
    [InlineData("spec.nodeName=")]
    [InlineData("spec.nodeName!=,status.phase!=Succeeded,status.phase!=Failed")]
    [InlineData("metadata.name=p,metadata.namespace=default")]
    [InlineData("metadata.namespace!=default")]
    [InlineData("spec.hostNetwork=false,spec.restartPolicy=Always")]
    [InlineData("spec.schedulerName=default-scheduler,spec.serviceAccountName=sa")]
    [InlineData("status.podIP=10.0.0.1,status.nominatedNodeName=")]
    [InlineData("status.podIP=")]
    [InlineData("spec.unknownField=")]
    [InlineData("spec.unknownField=x")]
    public void PodFieldSelectors_MatchAsOverTheSelectableFieldsMap(string text)
    {
        var catalog = new ResourceCatalog(KubeSharp.Api.Registry.ResourceRegistry.Default, Strategies.For);
        catalog.TryGet("", "v1", "pods", out var pods).ShouldBeTrue();
        var selector = KubeSharp.Api.Fields.Selector.Parse(text);
        foreach (var pod in (Pod[])[
            ScheduledPod(),
            ScheduledPod(phase: "Failed", node: ""),
            new Pod
            {
                Metadata = new ObjectMeta { Name = "p", Namespace = "default" },
                Spec = new PodSpec { RestartPolicy = "Always", SchedulerName = "default-scheduler", ServiceAccountName = "sa" },
                Status = new PodStatus { PodIPs = [new PodIP { Ip = "10.0.0.1" }] },
            }])
        {
            var cached = new CachedObject(pods!.Storage, "/registry/pods/default/p", pod, 1);
            var map = CachedObject.SelectableFields(pods.Storage, pod);
            map.Count.ShouldBe(10);
            cached.FieldsMatch(selector).ShouldBe(selector.Matches(map), $"{text} on {pod.Spec.NodeName}/{pod.Status.Phase}");
        }
    }
}
