using KubeSharp.Api;
using KubeSharp.Api.Coordination.V1;
using KubeSharp.Api.Core.V1;
using KubeSharp.ApiServer.Tests.Integration;
using KubeSharp.Client;
using KubeSharp.Scheduler.Simulation;

namespace KubeSharp.Scheduler.Tests.Integration;

/// <summary>The API server alone: <see cref="NodeSimulator"/> registers nodes, renews their Leases and runs their pods.</summary>
public sealed class SimulatorServerFixture : ApiServerFixture, IAsyncLifetime, IDisposable
{
    public KubernetesClient Client { get; private set; } = null!;

    public new async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Client = KubernetesClient.FromKubeconfig(KubeconfigPath);
    }

    public void Dispose() => Client?.Dispose();

    public new async Task DisposeAsync()
    {
        Client?.Dispose();
        await base.DisposeAsync();
    }
}

public class NodeSimulatorTests(SimulatorServerFixture server) : IClassFixture<SimulatorServerFixture>
{
    private KubernetesClient Client => server.Client;

    /// <summary>Runs a simulator until the test ends (the nodes stay unless the test cleans up).</summary>
    private sealed class Running(NodeSimulator simulator, CancellationTokenSource stop, Task run) : IAsyncDisposable
    {
        public NodeSimulator Simulator => simulator;

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await run;
            stop.Dispose();
        }
    }

    private async Task<Running> StartAsync(NodeSimulatorOptions options)
    {
        var simulator = new NodeSimulator(Client, options);
        var stop = new CancellationTokenSource();
        var run = Task.Run(() => simulator.RunAsync(stop.Token));
        await simulator.Registered.WaitAsync(TimeSpan.FromSeconds(120));
        return new Running(simulator, stop, run);
    }

    private static string Prefix() => "sim-" + Guid.NewGuid().ToString("N")[..6] + "-";

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> condition, string what, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var value = await read();
            if (condition(value))
            {
                return value;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("not reached: " + what);
            }
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task Nodes_AreRegistered_WithCapacityLabelsTaintsZonesAndLeases()
    {
        var prefix = Prefix();
        await using var sim = await StartAsync(new NodeSimulatorOptions
        {
            Nodes = 5,
            NamePrefix = prefix,
            Cpu = Quantity.Parse("8"),
            Memory = Quantity.Parse("64Gi"),
            Pods = 50,
            Zones = 2,
            Labels = NodeSimulator.ParseLabels("pool=batch,tier=gold"),
            Taints = NodeSimulator.ParseTaints("dedicated=batch:NoSchedule,spot:PreferNoSchedule"),
        });

        var nodes = (await Client.Resource<Node>().ListAsync()).Items.Where(n => n.Metadata.Name.StartsWith(prefix, StringComparison.Ordinal)).OrderBy(n => n.Metadata.Name, StringComparer.Ordinal).ToList();
        nodes.Select(n => n.Metadata.Name).ShouldBe([prefix + "0", prefix + "1", prefix + "2", prefix + "3", prefix + "4"]);
        foreach (var node in nodes)
        {
            var index = int.Parse(node.Metadata.Name[prefix.Length..], System.Globalization.CultureInfo.InvariantCulture);
            node.Status.Capacity!["cpu"].ToString().ShouldBe("8");
            node.Status.Allocatable!["cpu"].ToString().ShouldBe("8");
            node.Status.Allocatable["memory"].ToString().ShouldBe("64Gi");
            node.Status.Allocatable["pods"].ToString().ShouldBe("50");
            node.Metadata.Labels!["kubernetes.io/hostname"].ShouldBe(node.Metadata.Name);
            node.Metadata.Labels["topology.kubernetes.io/zone"].ShouldBe("zone-" + (index % 2));
            node.Metadata.Labels["pool"].ShouldBe("batch");
            node.Metadata.Labels["tier"].ShouldBe("gold");
            node.Spec.Taints!.Select(t => t.Key + "=" + t.Value + ":" + t.Effect).ShouldBe(["dedicated=batch:NoSchedule", "spot=:PreferNoSchedule"]);
            node.Status.Conditions!.Single(c => c.Type == "Ready").Status.ShouldBe("True");
            node.Status.Addresses!.Single(a => a.Type == "InternalIP").Address.ShouldBe(NodeSimulator.NodeIp(index));
            node.Status.NodeInfo.OperatingSystem.ShouldBe("linux");
            node.Status.NodeInfo.KubeletVersion.ShouldNotBeEmpty();

            var lease = await Client.Resource<Lease>(NodeSimulator.LeaseNamespace).GetAsync(node.Metadata.Name);
            lease.Spec.HolderIdentity.ShouldBe(node.Metadata.Name);
            lease.Spec.LeaseDurationSeconds.ShouldBe(40);
            lease.Metadata.OwnerReferences!.Single().Uid.ShouldBe(node.Metadata.Uid);
        }

        // kubectl sees them as a kubelet's nodes: Ready, with the kubelet version.
        var (code, stdout, stderr) = await server.KubectlAsync($"get node {prefix}3 --no-headers");
        code.ShouldBe(0, stderr);
        stdout.ShouldContain(" Ready ");
    }

    [Fact]
    public async Task Leases_AreRenewed()
    {
        var prefix = Prefix();
        await using var sim = await StartAsync(new NodeSimulatorOptions { Nodes = 3, NamePrefix = prefix, LeaseRenewInterval = TimeSpan.FromSeconds(1), ManagePods = false });
        var leases = Client.Resource<Lease>(NodeSimulator.LeaseNamespace);
        var first = await leases.GetAsync(prefix + "2");
        var renewed = await EventuallyAsync(() => leases.GetAsync(prefix + "2"), l => l.Spec.RenewTime > first.Spec.RenewTime, "the lease renewed");
        renewed.Spec.HolderIdentity.ShouldBe(prefix + "2");
        sim.Simulator.LeaseRenewals.ShouldBeGreaterThan(0);
        // Renewals are PUTs of Leases read without managedFields: the server keeps the entry recorded at creation
        // (holderIdentity is never changed again, so only a kept entry still owns it).
        renewed.Metadata.ManagedFields!.Single().FieldsV1!.Value.ToString().ShouldContain("f:holderIdentity");

        // A Lease deleted from outside is created again.
        await leases.DeleteAsync(prefix + "0");
        await EventuallyAsync(() => leases.TryGetAsync(prefix + "0"), l => l is not null, "the lease recreated");
    }

    [Fact]
    public async Task BoundPod_BecomesRunningAndReady_ItsDeletionIsFinished_OtherNodesPodsAreLeftAlone()
    {
        var prefix = Prefix();
        var ns = "sim-" + Guid.NewGuid().ToString("N")[..8];
        await Client.Resource<Namespace>().CreateAsync(new Namespace { Metadata = new() { Name = ns } });
        await using var sim = await StartAsync(new NodeSimulatorOptions { Nodes = 2, NamePrefix = prefix });
        var pods = Client.Resource<Pod>(ns);
        await pods.CreateAsync(St.FromYaml<Pod>($$"""
            metadata: {name: elsewhere}
            spec: {nodeName: not-simulated, containers: [{name: c, image: busybox}]}
            """));
        await pods.CreateAsync(St.FromYaml<Pod>($$"""
            metadata: {name: web}
            spec: {nodeName: {{prefix}}1, initContainers: [{name: init, image: busybox}], containers: [{name: c, image: nginx}, {name: d, image: busybox}]}
            """));

        var running = await EventuallyAsync(() => pods.GetAsync("web"), p => p.Status.Phase == "Running", "web Running");
        running.Status.Conditions!.Single(c => c.Type == "Ready").Status.ShouldBe("True");
        running.Status.Conditions!.Single(c => c.Type == "ContainersReady").Status.ShouldBe("True");
        running.Status.HostIP.ShouldBe(NodeSimulator.NodeIp(1));
        running.Status.PodIP.ShouldNotBeEmpty();
        running.Status.ContainerStatuses!.Select(c => c.Name + ":" + c.Ready + ":" + (c.State.Running is not null)).ShouldBe(["c:True:True", "d:True:True"]);
        running.Status.InitContainerStatuses!.Single().State.Terminated!.Reason.ShouldBe("Completed");
        (await pods.GetAsync("elsewhere")).Status.Phase.ShouldBe("Pending");
        // The simulator's informer drops managedFields; its status writes keep the creator's entry and add their own.
        running.Metadata.ManagedFields!.Single(m => m.Subresource.Length == 0).FieldsV1!.Value.ToString().ShouldContain("f:containers");
        running.Metadata.ManagedFields!.Single(m => m.Subresource == "status").FieldsV1!.Value.ToString().ShouldContain("f:containerStatuses");

        // kubectl's view: 2/2 Running.
        var (code, stdout, stderr) = await server.KubectlAsync($"get pod web -n {ns} --no-headers");
        code.ShouldBe(0, stderr);
        stdout.ShouldContain("2/2");
        stdout.ShouldContain("Running");

        // A graceful delete (kubectl's default 30 s) is finished by the "kubelet" at once.
        (code, _, stderr) = await server.KubectlAsync($"delete pod web -n {ns} --wait=false");
        code.ShouldBe(0, stderr);
        await EventuallyAsync(() => pods.TryGetAsync("web"), p => p is null, "web deleted");
        // The simulator counts its delete once the call returns, which can be after the pod is seen gone.
        await EventuallyAsync(() => Task.FromResult(sim.Simulator.PodsDeleted), n => n >= 1, "the simulator finished the deletion");
        var elsewhere = await pods.GetAsync("elsewhere");
        elsewhere.Status.Phase.ShouldBe("Pending");
        await pods.DeleteAsync("elsewhere", new Api.Meta.V1.DeleteOptions { GracePeriodSeconds = 0 });
    }

    [Fact]
    public async Task PatchPodStatus_WritesTheKubeletsStatusPatch_WhichTheServerMergesIntoARunningPod()
    {
        var prefix = Prefix();
        var ns = "sim-" + Guid.NewGuid().ToString("N")[..8];
        await Client.Resource<Namespace>().CreateAsync(new Namespace { Metadata = new() { Name = ns } });
        await using var sim = await StartAsync(new NodeSimulatorOptions { Nodes = 1, NamePrefix = prefix, PatchPodStatus = true });
        var pods = Client.Resource<Pod>(ns);
        var created = await pods.CreateAsync(St.FromYaml<Pod>($$"""
            metadata: {name: web}
            spec: {nodeName: {{prefix}}0, initContainers: [{name: init, image: busybox}], containers: [{name: c, image: nginx}, {name: d, image: busybox}]}
            """));

        // The patch names the UID (a precondition) and the changed status fields only (not the unchanged qosClass).
        var patch = System.Text.Encoding.UTF8.GetString(NodeSimulator.StatusPatch(created, sim.Simulator.RunningPod(created)));
        patch.ShouldStartWith("{\"metadata\":{\"uid\":\"" + created.Metadata.Uid + "\"},\"status\":{");
        patch.ShouldContain("\"phase\":\"Running\"");
        patch.ShouldNotContain("\"spec\"");
        patch.ShouldNotContain("qosClass");

        var running = await EventuallyAsync(() => pods.GetAsync("web"), p => p.Status.Phase == "Running", "web Running");
        running.Status.Conditions!.Select(c => c.Type + "=" + c.Status).ShouldBe(
            ["PodReadyToStartContainers=True", "Initialized=True", "Ready=True", "ContainersReady=True", "PodScheduled=True"]);
        running.Status.HostIP.ShouldBe(NodeSimulator.NodeIp(0));
        running.Status.PodIPs!.Single().Ip.ShouldBe(running.Status.PodIP);
        running.Status.QosClass.ShouldBe(created.Status.QosClass);
        running.Status.ContainerStatuses!.Select(c => c.Name + ":" + c.Ready + ":" + (c.State.Running is not null)).ShouldBe(["c:True:True", "d:True:True"]);
        running.Status.InitContainerStatuses!.Single().State.Terminated!.Reason.ShouldBe("Completed");
        running.Metadata.ManagedFields!.Single(m => m.Subresource == "status").Operation.ShouldBe("Update");
        await pods.DeleteAsync("web", new Api.Meta.V1.DeleteOptions { GracePeriodSeconds = 0 });
    }

    [Fact]
    public async Task Cleanup_RemovesTheNodesAndLeases_ARestartReusesThem()
    {
        var prefix = Prefix();
        var options = new NodeSimulatorOptions { Nodes = 2, NamePrefix = prefix, Labels = NodeSimulator.ParseLabels("gen=1") };
        await using (await StartAsync(options))
        {
        }

        // Stopping removes nothing.
        (await Client.Resource<Node>().GetAsync(prefix + "0")).Metadata.Labels!["gen"].ShouldBe("1");

        // A second run over the same names takes the nodes over with its own labels.
        await using var second = await StartAsync(options with { Labels = NodeSimulator.ParseLabels("gen=2") });
        (await Client.Resource<Node>().GetAsync(prefix + "0")).Metadata.Labels!["gen"].ShouldBe("2");
        await second.Simulator.CleanupAsync(CancellationToken.None);
        (await Client.Resource<Node>().TryGetAsync(prefix + "0")).ShouldBeNull();
        (await Client.Resource<Node>().TryGetAsync(prefix + "1")).ShouldBeNull();
        (await Client.Resource<Lease>(NodeSimulator.LeaseNamespace).TryGetAsync(prefix + "1")).ShouldBeNull();
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("a=b,c=d", "a=b;c=d")]
    [InlineData(" x.io/y = z ", "x.io/y=z")]
    public void ParseLabels_ReadsKeyValuePairs(string text, string expected) =>
        string.Join(";", NodeSimulator.ParseLabels(text).Select(kv => kv.Key + "=" + kv.Value)).ShouldBe(expected);

    [Theory]
    [InlineData("novalue")]
    [InlineData("=v")]
    public void ParseLabels_RejectsMalformedPairs(string text) =>
        Should.Throw<FormatException>(() => NodeSimulator.ParseLabels(text));

    [Fact]
    public void ParseTaints_ReadsKubectlTaintSpecs()
    {
        var taints = NodeSimulator.ParseTaints("dedicated=gpu:NoSchedule,spot:PreferNoSchedule,k=v:NoExecute");
        taints.Select(t => t.Key + "|" + t.Value + "|" + t.Effect).ShouldBe(["dedicated|gpu|NoSchedule", "spot||PreferNoSchedule", "k|v|NoExecute"]);
        Should.Throw<FormatException>(() => NodeSimulator.ParseTaints("k=v:Sometimes")).Message.ShouldBe("invalid taint effect: Sometimes, unsupported taint effect");
        Should.Throw<FormatException>(() => NodeSimulator.ParseTaints("noeffect"));
    }
}
