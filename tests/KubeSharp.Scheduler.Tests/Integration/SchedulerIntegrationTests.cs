using KubeSharp.Api.Coordination.V1;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Scheduling.V1;
using KubeSharp.ApiServer.Tests.Integration;
using KubeSharp.Client;
using KubeSharp.Scheduler.Config;
using KubeSharp.Scheduler.Runtime;

namespace KubeSharp.Scheduler.Tests.Integration;

/// <summary>The API server plus a leader-elected <see cref="KubeScheduler"/> with two profiles.</summary>
public sealed class SchedulerFixture : ApiServerFixture, IAsyncLifetime, IDisposable
{
    public const string SecondProfile = "second-scheduler";

    private CancellationTokenSource? _stop;
    private Task? _run;

    public KubernetesClient Client { get; private set; } = null!;

    public new async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Client = KubernetesClient.FromKubeconfig(KubeconfigPath);
        var config = SchedulerConfigLoader.Parse($"""
            apiVersion: kubescheduler.config.k8s.io/v1
            kind: KubeSchedulerConfiguration
            profiles:
            - schedulerName: default-scheduler
            - schedulerName: {SecondProfile}
            """);
        _stop = new CancellationTokenSource();
        var scheduler = new KubeScheduler(Client, config, new KubeSchedulerOptions { Identity = "test-scheduler" });
        _run = Task.Run(() => scheduler.RunAsync(_stop.Token));
    }

    public void Dispose() => _stop?.Dispose();

    public new async Task DisposeAsync()
    {
        if (_stop is not null)
        {
            await _stop.CancelAsync();
            await _run!;
            _stop.Dispose();
        }

        Client?.Dispose();
        await base.DisposeAsync();
    }
}

/// <summary>The scheduler against the real API server: fake nodes created with the typed client, then pods.</summary>
[Collection("scheduler")]
public class SchedulerIntegrationTests(SchedulerFixture server) : IClassFixture<SchedulerFixture>, IAsyncLifetime
{
    private readonly string _ns = "sched-" + Guid.NewGuid().ToString("N")[..8];
    private readonly List<string> _nodes = [];

    private KubernetesClient Client => server.Client;

    public async Task InitializeAsync() =>
        await Client.Resource<Namespace>().CreateAsync(new Namespace { Metadata = new() { Name = _ns } });

    public async Task DisposeAsync()
    {
        // Nodes are cluster-wide and FailedScheduling counts them: every test removes its own nodes and pods.
        foreach (var pod in (await Client.Resource<Pod>(_ns).ListAsync()).Items)
        {
            await Client.Resource<Pod>(_ns).DeleteAsync(pod.Metadata.Name, new Api.Meta.V1.DeleteOptions { GracePeriodSeconds = 0 });
        }

        foreach (var node in _nodes)
        {
            await Client.Resource<Node>().DeleteAsync(node);
        }
    }

    private async Task CreateNodeAsync(string name, string cpu, string memory = "8Gi", string labels = "{}", string taints = "[]")
    {
        _nodes.Add(name);
        var node = St.FromYaml<Node>($$"""
            metadata: {name: {{name}}, labels: {{labels}}}
            spec: {taints: {{taints}}}
            """);
        var created = await Client.Resource<Node>().CreateAsync(node);
        created.Status = St.FromYaml<NodeStatus>($$"""
            capacity: {cpu: "{{cpu}}", memory: {{memory}}, pods: "110"}
            allocatable: {cpu: "{{cpu}}", memory: {{memory}}, pods: "110"}
            conditions: [{type: Ready, status: "True"}]
            """);
        await Client.Resource<Node>().UpdateStatusAsync(created);
    }

    private async Task<Pod> CreatePodAsync(string name, string spec) =>
        await Client.Resource<Pod>(_ns).CreateAsync(St.FromYaml<Pod>($$"""
            metadata: {name: {{name}}}
            spec: {{spec}}
            """));

    private static string Container(string cpu = "100m") => "{name: c, image: busybox, resources: {requests: {cpu: \"" + cpu + "\"}}}";

    private async Task<Pod> WaitForAsync(string pod, Func<Pod, bool> condition, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var current = await Client.Resource<Pod>(_ns).GetAsync(pod);
            if (condition(current))
            {
                return current;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"pod {pod}: condition not met; nodeName '{current.Spec.NodeName}', conditions {string.Join(";", (current.Status.Conditions ?? []).Select(c => c.Type + "=" + c.Status + ":" + c.Message))}");
            }

            await Task.Delay(200);
        }
    }

    private async Task<Event> WaitForEventAsync(string pod, string reason, int seconds = 30, string? message = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var events = (await Client.Resource<Event>(_ns).ListAsync()).Items;
            var match = events.FirstOrDefault(e => e.InvolvedObject.Name == pod && e.Reason == reason && (message is null || e.Message == message));
            if (match is not null)
            {
                return match;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"no {reason} event for {pod}; events: {string.Join(" | ", events.Select(e => e.InvolvedObject.Name + " " + e.Reason + " " + e.Message))}");
            }

            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task NodeSelector_IsHonoured_AndScheduledEventIsRecorded_UnderTheLease()
    {
        await CreateNodeAsync("sel-ssd", "4", labels: "{disk: ssd}");
        await CreateNodeAsync("sel-hdd", "4", labels: "{disk: hdd}");
        for (var i = 0; i < 3; i++)
        {
            await CreatePodAsync("web-" + i, $$"""{nodeSelector: {disk: ssd}, containers: [{{Container()}}]}""");
        }

        for (var i = 0; i < 3; i++)
        {
            (await WaitForAsync("web-" + i, p => p.Spec.NodeName.Length > 0)).Spec.NodeName.ShouldBe("sel-ssd");
        }

        var scheduled = await WaitForEventAsync("web-0", "Scheduled");
        scheduled.Message.ShouldBe($"Successfully assigned {_ns}/web-0 to sel-ssd");
        scheduled.Type.ShouldBe("Normal");
        scheduled.Source.Component.ShouldBe("default-scheduler");
        var lease = await Client.Resource<Lease>("kube-system").GetAsync("kube-scheduler");
        lease.Spec.HolderIdentity.ShouldBe("test-scheduler");
    }

    [Fact]
    public async Task InsufficientCpu_AndUntoleratedTaint_GiveUpstreamsFailedSchedulingMessage_ATolerationFits()
    {
        await CreateNodeAsync("fit-small-1", "1");
        await CreateNodeAsync("fit-small-2", "1");
        await CreateNodeAsync("fit-tainted", "8", taints: "[{key: dedicated, value: gpu, effect: NoSchedule}]");
        await CreatePodAsync("big", $$"""{containers: [{{Container("2")}}]}""");
        // (An attempt that ran before the nodes' allocatable reached the scheduler says otherwise; the node update retries it.)
        // A request above a node's whole allocatable is UnschedulableAndUnresolvable (upstream's NodeResourcesFit), so
        // preemption cannot help on any node.
        const string expected = "0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}, 2 Insufficient cpu. "
            + "preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.."; // ".." as upstream (" %v." around a message ending in ".")
        var failed = await WaitForEventAsync("big", "FailedScheduling", message: expected);
        failed.Type.ShouldBe("Warning");
        failed.Source.Component.ShouldBe("default-scheduler");
        var pending = await WaitForAsync("big", p => p.Status.Conditions?.Any(c => c.Type == "PodScheduled" && c.Message == expected) == true);
        var condition = pending.Status.Conditions!.Single(c => c.Type == "PodScheduled");
        condition.Status.ShouldBe("False");
        condition.Reason.ShouldBe("Unschedulable");
        condition.Message.ShouldBe(failed.Message);
        pending.Spec.NodeName.ShouldBe("");

        await CreatePodAsync("tolerant", $$"""{tolerations: [{key: dedicated, operator: Equal, value: gpu, effect: NoSchedule}], containers: [{{Container("2")}}]}""");
        (await WaitForAsync("tolerant", p => p.Spec.NodeName.Length > 0)).Spec.NodeName.ShouldBe("fit-tainted");

        // A node that fits arrives: the unschedulable pod is moved back and scheduled there.
        await CreateNodeAsync("fit-large", "4");
        (await WaitForAsync("big", p => p.Spec.NodeName.Length > 0)).Spec.NodeName.ShouldBe("fit-large");
    }

    [Fact]
    public async Task SecondProfile_SchedulesItsPods_UnknownSchedulerNameIsLeftAlone()
    {
        await CreateNodeAsync("prof-1", "4");
        await CreatePodAsync("other", $$"""{schedulerName: nobody, containers: [{{Container()}}]}""");
        await CreatePodAsync("second", $$"""{schedulerName: {{SchedulerFixture.SecondProfile}}, containers: [{{Container()}}]}""");
        (await WaitForAsync("second", p => p.Spec.NodeName.Length > 0)).Spec.NodeName.ShouldBe("prof-1");
        var scheduled = await WaitForEventAsync("second", "Scheduled");
        scheduled.Source.Component.ShouldBe(SchedulerFixture.SecondProfile);

        await Task.Delay(2000);
        var other = await Client.Resource<Pod>(_ns).GetAsync("other");
        other.Spec.NodeName.ShouldBe("");
        other.Status.Conditions.ShouldBeNull();
        (await Client.Resource<Event>(_ns).ListAsync()).Items.ShouldNotContain(e => e.InvolvedObject.Name == "other");
    }

    [Fact]
    public async Task HighPriorityPod_PreemptsALowerPriorityOne()
    {
        var suffix = _ns;
        await Client.Resource<PriorityClass>().CreateAsync(new PriorityClass { Metadata = new() { Name = "low-" + suffix }, Value = 10 });
        await Client.Resource<PriorityClass>().CreateAsync(new PriorityClass { Metadata = new() { Name = "high-" + suffix }, Value = 1000 });
        try
        {
            await CreateNodeAsync("pre-1", "2");
            await CreatePodAsync("low", $$"""{priorityClassName: low-{{suffix}}, terminationGracePeriodSeconds: 0, containers: [{{Container("1500m")}}]}""");
            await WaitForAsync("low", p => p.Spec.NodeName == "pre-1");
            await CreatePodAsync("high", $$"""{priorityClassName: high-{{suffix}}, containers: [{{Container("1500m")}}]}""");

            var preempted = await WaitForEventAsync("low", "Preempted");
            preempted.Message.ShouldStartWith("Preempted by pod ");
            preempted.Message.ShouldEndWith(" on node pre-1");
            var high = await WaitForAsync("high", p => p.Spec.NodeName.Length > 0, 60);
            high.Spec.NodeName.ShouldBe("pre-1");
            (await Client.Resource<Pod>(_ns).TryGetAsync("low")).ShouldBeNull();
        }
        finally
        {
            await Client.Resource<PriorityClass>().DeleteAsync("low-" + suffix);
            await Client.Resource<PriorityClass>().DeleteAsync("high-" + suffix);
        }
    }
}
