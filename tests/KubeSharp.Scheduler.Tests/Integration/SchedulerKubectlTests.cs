using KubeSharp.Api;
using KubeSharp.ApiServer.Tests.Integration;
using KubeSharp.Client;
using KubeSharp.Controllers;
using KubeSharp.Scheduler.Config;
using KubeSharp.Scheduler.Runtime;
using KubeSharp.Scheduler.Simulation;

namespace KubeSharp.Scheduler.Tests.Integration;

/// <summary>
/// A whole control plane as <c>kubesharp server</c> runs it: the API server, the controller manager and the scheduler
/// (here with a second profile from a KubeSchedulerConfiguration) in-process; nodes come from <see cref="NodeSimulator"/>.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "disposed in IAsyncLifetime.DisposeAsync, as xunit fixtures are")]
public sealed class SchedulerClusterFixture : ApiServerFixture, IAsyncLifetime
{
    public const string SecondProfile = "second-scheduler";

    private readonly CancellationTokenSource _stop = new();
    private readonly List<KubernetesClient> _clients = [];
    private Task? _scheduler;
    private Task? _manager;

    public KubernetesClient Client { get; private set; } = null!;

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        Client = NewClient();
        var config = SchedulerConfigLoader.Parse($"""
            apiVersion: kubescheduler.config.k8s.io/v1
            kind: KubeSchedulerConfiguration
            profiles:
            - schedulerName: default-scheduler
            - schedulerName: {SecondProfile}
            """);
        var scheduler = new KubeScheduler(NewClient(), config);
        _scheduler = Task.Run(() => scheduler.RunAsync(_stop.Token));
        var manager = new ControllerManager(NewClient(), new ControllerManagerOptions());
        _manager = Task.Run(() => manager.RunAsync(_stop.Token));
    }

    private KubernetesClient NewClient()
    {
        var client = KubernetesClient.FromKubeconfig(KubeconfigPath);
        _clients.Add(client);
        return client;
    }

    /// <summary>/usr/bin/kubectl (it dispatches on the server's minor version) with the admin kubeconfig.</summary>
    public Task<(int ExitCode, string Stdout, string Stderr)> UsrBinKubectl(string arguments, string? stdin = null)
        => RunKubectlAsync("/usr/bin/kubectl", arguments, stdin);

    async Task IAsyncLifetime.DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var task in new[] { _scheduler, _manager })
        {
            if (task is not null)
            {
                try
                {
                    await task.WaitAsync(TimeSpan.FromSeconds(30));
                }
                catch (OperationCanceledException)
                {
                }
            }
        }
        foreach (var client in _clients)
        {
            client.Dispose();
        }
        _stop.Dispose();
        await DisposeAsync();
    }
}

/// <summary>
/// Issue 6's acceptance list driven by kubectl: manifests applied with <c>kubectl apply</c>, placement, events and
/// conditions read back with <c>kubectl get</c>/<c>describe</c>. Each test simulates its own nodes and removes them
/// (and its pods) afterwards, so the "0/N nodes" counts are the test's own.
/// </summary>
[Collection("scheduler-cluster")]
public class SchedulerKubectlTests(SchedulerClusterFixture cluster) : IClassFixture<SchedulerClusterFixture>, IAsyncLifetime
{
    private readonly string _ns = "acc-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _prefix = "n" + Guid.NewGuid().ToString("N")[..5] + "-";
    private readonly List<(NodeSimulator Simulator, CancellationTokenSource Stop, Task Run)> _simulators = [];

    public async Task InitializeAsync() => await OkAsync($"create namespace {_ns}");

    public async Task DisposeAsync()
    {
        // Pending pods would land on the next test's nodes: remove every workload and pod first, then the nodes.
        await cluster.UsrBinKubectl($"delete deployments,replicasets --all -n {_ns} --cascade=orphan --wait=false");
        await cluster.UsrBinKubectl($"delete pods --all -n {_ns} --grace-period=0 --force --wait=false");
        await EventuallyAsync(async () => (await OkAsync($"get pods -n {_ns} -o name")).Trim(), s => s.Length == 0, "pods removed");
        foreach (var (simulator, stop, run) in _simulators)
        {
            await stop.CancelAsync();
            try
            {
                await run;
            }
            catch (KubeApiException)
            {
                // A failed registration already failed the test; the nodes go all the same.
            }
            stop.Dispose();
            await simulator.CleanupAsync(CancellationToken.None);
        }
        await cluster.UsrBinKubectl($"delete namespace {_ns} --wait=false");
    }

    /// <summary>Simulated nodes <c>{prefix}{group}-{i}</c>, removed when the test ends.</summary>
    private async Task<string> NodesAsync(string group, int count, string cpu = "4", string labels = "", string taints = "", int zones = 1)
    {
        var prefix = _prefix + group + "-";
        var simulator = new NodeSimulator(cluster.Client, new NodeSimulatorOptions
        {
            Nodes = count,
            NamePrefix = prefix,
            Cpu = Quantity.Parse(cpu),
            Memory = Quantity.Parse("16Gi"),
            Labels = NodeSimulator.ParseLabels(labels),
            Taints = NodeSimulator.ParseTaints(taints),
            Zones = zones,
        });
        var stop = new CancellationTokenSource();
        _simulators.Add((simulator, stop, Task.Run(() => simulator.RunAsync(stop.Token))));
        await simulator.Registered.WaitAsync(TimeSpan.FromSeconds(120));
        return prefix;
    }

    private async Task<string> OkAsync(string arguments, string? stdin = null)
    {
        var (code, stdout, stderr) = await cluster.UsrBinKubectl(arguments, stdin);
        code.ShouldBe(0, $"kubectl {arguments}: {stderr}");
        return stdout;
    }

    private Task<string> ApplyAsync(string yaml) => OkAsync($"apply -n {_ns} -f -", yaml);

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> condition, string what, int seconds = 90)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        T value;
        while (true)
        {
            value = await read();
            if (condition(value))
            {
                return value;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"not reached: {what}; last: {value}");
            }
            await Task.Delay(300);
        }
    }

    private static string Pod(string name, string spec, string labels = "{}") => $$"""
        apiVersion: v1
        kind: Pod
        metadata: {name: {{name}}, labels: {{labels}}}
        spec:
          terminationGracePeriodSeconds: 5
        {{spec}}
        ---

        """;

    private static string Containers(string cpu = "100m", string ports = "[]") =>
        "  containers: [{name: c, image: registry.k8s.io/pause:3.10, ports: " + ports + ", resources: {requests: {cpu: \"" + cpu + "\"}}}]";

    /// <summary>The node of a pod once it is bound ("" until then).</summary>
    private async Task<string> NodeOfAsync(string pod) =>
        (await OkAsync($"get pod {pod} -n {_ns} -o jsonpath={{.spec.nodeName}}")).Trim();

    private Task<string> BoundAsync(string pod) => EventuallyAsync(() => NodeOfAsync(pod), n => n.Length > 0, pod + " bound");

    /// <summary>Waits until the pod has a FailedScheduling event with exactly <paramref name="message"/>, then checks describe and the PodScheduled condition show it.</summary>
    private async Task ExpectFailedSchedulingAsync(string pod, string message)
    {
        await EventuallyAsync(
            () => OkAsync($"get events -n {_ns} --field-selector involvedObject.name={pod},reason=FailedScheduling -o 'jsonpath={{range .items[*]}}{{.message}}{{\"\\n\"}}{{end}}'"),
            s => s.Split('\n').Contains(message), $"FailedScheduling of {pod}: {message}");
        var describe = await OkAsync($"describe pod {pod} -n {_ns}");
        describe.ShouldContain("FailedScheduling");
        describe.ShouldContain(message);
        (await OkAsync($"get pod {pod} -n {_ns} -o jsonpath={{.status.conditions[?(@.type==\"PodScheduled\")].reason}}")).ShouldBe("Unschedulable");
        (await NodeOfAsync(pod)).ShouldBe("");
    }

    [Fact]
    public async Task NodeSelector_PlacesPodsOnlyOnMatchingNodes_WhichRunThem()
    {
        var ssd = await NodesAsync("ssd", 2, labels: "disk=ssd");
        await NodesAsync("hdd", 2, labels: "disk=hdd");
        await ApplyAsync(string.Concat(Enumerable.Range(0, 4).Select(i => Pod("web-" + i, "  nodeSelector: {disk: ssd}\n" + Containers()))));
        await OkAsync($"wait --for=condition=Ready pod --all -n {_ns} --timeout=120s");
        var nodes = (await OkAsync($"get pods -n {_ns} -o 'jsonpath={{range .items[*]}}{{.spec.nodeName}}{{\"\\n\"}}{{end}}'")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        nodes.Length.ShouldBe(4);
        nodes.ShouldAllBe(n => n.StartsWith(ssd, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RequiredNodeAffinity_PicksTheZone_AnUnmatchedTermLeavesThePodPending()
    {
        var prefix = await NodesAsync("zoned", 3, zones: 3);
        const string Affinity = "  affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpressions: [{key: topology.kubernetes.io/zone, operator: In, values: [ZONE]}]}]}}}\n";
        await ApplyAsync(Pod("zoned", Affinity.Replace("ZONE", "zone-2", StringComparison.Ordinal) + Containers())
            + Pod("nowhere", Affinity.Replace("ZONE", "zone-9", StringComparison.Ordinal) + Containers()));
        (await BoundAsync("zoned")).ShouldBe(prefix + "2");
        await ExpectFailedSchedulingAsync("nowhere",
            "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling..");
    }

    [Fact]
    public async Task Taints_RepelPodsWithoutToleration_ATolerationLetsThemIn()
    {
        var gpu = await NodesAsync("gpu", 2, taints: "dedicated=gpu:NoSchedule");
        await ApplyAsync(Pod("plain", Containers())
            + Pod("tolerant", "  tolerations: [{key: dedicated, operator: Equal, value: gpu, effect: NoSchedule}]\n" + Containers()));
        (await BoundAsync("tolerant")).ShouldStartWith(gpu);
        await ExpectFailedSchedulingAsync("plain",
            "0/2 nodes are available: 2 node(s) had untolerated taint {dedicated: gpu}. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling..");
    }

    [Fact]
    public async Task InsufficientCpu_GivesUpstreamsEventText()
    {
        await NodesAsync("cpu", 3, cpu: "2");
        // One 1500m pod fills each node (least-allocated scoring spreads them); a 1-cpu pod of the same priority then
        // fits nowhere and has no one to preempt.
        await ApplyAsync(string.Concat(Enumerable.Range(0, 3).Select(i => Pod("filler-" + i, Containers("1500m")))));
        for (var i = 0; i < 3; i++)
        {
            await BoundAsync("filler-" + i);
        }
        await ApplyAsync(Pod("big", Containers("1")));
        // Upstream's text, including its ".." (the preemption message ends in "." and FitError adds " %v.").
        await ExpectFailedSchedulingAsync("big",
            "0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod..");
    }

    [Fact]
    public async Task HostPortConflict_KeepsTheThirdPodPending()
    {
        var prefix = await NodesAsync("ports", 2);
        const string Port = "[{containerPort: 80, hostPort: 8080, protocol: TCP}]";
        await ApplyAsync(Pod("port-a", Containers(ports: Port)) + Pod("port-b", Containers(ports: Port)));
        var a = await BoundAsync("port-a");
        var b = await BoundAsync("port-b");
        a.ShouldNotBe(b);
        new[] { a, b }.ShouldAllBe(n => n.StartsWith(prefix, StringComparison.Ordinal));
        await ApplyAsync(Pod("port-c", Containers(ports: Port)));
        await ExpectFailedSchedulingAsync("port-c",
            "0/2 nodes are available: 2 node(s) didn't have free ports for the requested pod ports. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod..");
    }

    [Fact]
    public async Task RequiredPodAntiAffinity_PutsDeploymentReplicasOnDifferentNodes()
    {
        await NodesAsync("anti", 4);
        await ApplyAsync("""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: anti}
            spec:
              replicas: 4
              selector: {matchLabels: {app: anti}}
              template:
                metadata: {labels: {app: anti}}
                spec:
                  affinity:
                    podAntiAffinity:
                      requiredDuringSchedulingIgnoredDuringExecution:
                      - labelSelector: {matchLabels: {app: anti}}
                        topologyKey: kubernetes.io/hostname
                  containers: [{name: c, image: registry.k8s.io/pause:3.10, resources: {requests: {cpu: 100m}}}]
            """);
        await OkAsync($"rollout status deployment/anti -n {_ns} --timeout=120s");
        var nodes = (await OkAsync($"get pods -n {_ns} -l app=anti -o 'jsonpath={{range .items[*]}}{{.spec.nodeName}}{{\"\\n\"}}{{end}}'")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        nodes.Length.ShouldBe(4);
        nodes.Distinct().Count().ShouldBe(4);

        // A fifth replica has no node left.
        await OkAsync($"scale deployment/anti -n {_ns} --replicas=5");
        var pending = await EventuallyAsync(
            () => OkAsync($"get pods -n {_ns} -l app=anti --field-selector spec.nodeName= -o jsonpath={{.items[*].metadata.name}}"),
            s => s.Trim().Length > 0, "a fifth, unbound replica");
        await ExpectFailedSchedulingAsync(pending.Trim(),
            "0/4 nodes are available: 4 node(s) didn't match pod anti-affinity rules. preemption: 0/4 nodes are available: 4 No preemption victims found for incoming pod..");
    }

    [Fact]
    public async Task TopologySpread_MaxSkewOne_BalancesZones()
    {
        var prefix = await NodesAsync("spread", 6, zones: 3);
        const string Spread = "  topologySpreadConstraints: [{maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: DoNotSchedule, labelSelector: {matchLabels: {app: spread}}}]\n";
        await ApplyAsync(string.Concat(Enumerable.Range(0, 9).Select(i => Pod("spread-" + i, Spread + Containers(), "{app: spread}"))));
        var zones = new List<int>();
        for (var i = 0; i < 9; i++)
        {
            var node = await BoundAsync("spread-" + i);
            node.ShouldStartWith(prefix);
            zones.Add(int.Parse(node[prefix.Length..], System.Globalization.CultureInfo.InvariantCulture) % 3);
        }
        zones.GroupBy(z => z).Select(g => g.Count()).ShouldBe([3, 3, 3], ignoreOrder: true);
    }

    [Fact]
    public async Task SystemDefaultSpread_PodsOfAService_PreferTheNodeWithFewerOfThem()
    {
        // Node a already runs three pods of the Service; node b runs one big pod of nothing, so resource scoring alone
        // prefers a. PodTopologySpread's system default constraints (hostname maxSkew 3, ScheduleAnyway; selector from
        // the Service) outweigh that: the new pod of the Service goes to b.
        var a = await NodesAsync("a", 1) + "0";
        var b = await NodesAsync("b", 1) + "0";
        await ApplyAsync("""
            apiVersion: v1
            kind: Service
            metadata: {name: web}
            spec: {selector: {app: web}, ports: [{port: 80}]}
            ---

            """
            + string.Concat(Enumerable.Range(0, 3).Select(i => Pod("web-" + i, "  nodeName: " + a + "\n" + Containers(), "{app: web}")))
            + Pod("big", "  nodeName: " + b + "\n" + Containers(cpu: "2"), "{app: other}"));
        (await BoundAsync("big")).ShouldBe(b);
        await ApplyAsync(Pod("web-new", Containers(), "{app: web}"));
        (await BoundAsync("web-new")).ShouldBe(b);

        // Without a Service or controller selecting it, a pod gets no default constraints: resource scoring picks a.
        await ApplyAsync(Pod("loner", Containers(), "{app: loner}"));
        (await BoundAsync("loner")).ShouldBe(a);
    }

    [Fact]
    public async Task HighPriorityPod_PreemptsALowerPriorityOne_NominatedThenBound()
    {
        var low = "low-" + _ns;
        var high = "high-" + _ns;
        await OkAsync("apply -f -", $$"""
            apiVersion: scheduling.k8s.io/v1
            kind: PriorityClass
            metadata: {name: {{low}}}
            value: 10
            ---
            apiVersion: scheduling.k8s.io/v1
            kind: PriorityClass
            metadata: {name: {{high}}}
            value: 1000
            """);
        try
        {
            var prefix = await NodesAsync("prio", 1, cpu: "2");
            await ApplyAsync(Pod("victim", $"  priorityClassName: {low}\n" + Containers("1500m")));
            await OkAsync($"wait --for=condition=Ready pod/victim -n {_ns} --timeout=120s");
            var victimUid = await OkAsync($"get pod victim -n {_ns} -o jsonpath={{.metadata.uid}}");
            await ApplyAsync(Pod("preemptor", $"  priorityClassName: {high}\n" + Containers("1500m")));

            (await BoundAsync("preemptor")).ShouldBe(prefix + "0");
            (await OkAsync($"get pod preemptor -n {_ns} -o jsonpath={{.status.nominatedNodeName}}")).ShouldBe(prefix + "0");
            (await OkAsync($"get pod preemptor -n {_ns} -o jsonpath={{.spec.priority}}")).ShouldBe("1000");
            var preempted = await OkAsync($"get events -n {_ns} --field-selector involvedObject.uid={victimUid},reason=Preempted -o jsonpath={{.items[*].message}}");
            preempted.ShouldStartWith("Preempted by pod ");
            preempted.ShouldEndWith(" on node " + prefix + "0");
            var (code, _, stderr) = await cluster.UsrBinKubectl($"get pod victim -n {_ns}");
            code.ShouldBe(1);
            stderr.ShouldContain("NotFound");
            await OkAsync($"wait --for=condition=Ready pod/preemptor -n {_ns} --timeout=120s");
        }
        finally
        {
            await cluster.UsrBinKubectl($"delete priorityclass {low} {high}");
        }
    }

    [Fact]
    public async Task SecondProfile_SchedulesItsPod_AnUnknownSchedulerNameStaysPending()
    {
        var prefix = await NodesAsync("prof", 1);
        await ApplyAsync(Pod("nobodys", "  schedulerName: nobody\n" + Containers())
            + Pod("seconds", $"  schedulerName: {SchedulerClusterFixture.SecondProfile}\n" + Containers()));
        (await BoundAsync("seconds")).ShouldBe(prefix + "0");
        var source = await EventuallyAsync(
            () => OkAsync($"get events -n {_ns} --field-selector involvedObject.name=seconds,reason=Scheduled -o jsonpath={{.items[*].source.component}}"),
            s => s.Length > 0, "Scheduled event of seconds");
        source.ShouldBe(SchedulerClusterFixture.SecondProfile);
        await OkAsync($"wait --for=condition=Ready pod/seconds -n {_ns} --timeout=120s");

        // The other pod is nobody's business: no node, no condition, no event.
        (await NodeOfAsync("nobodys")).ShouldBe("");
        (await OkAsync($"get pod nobodys -n {_ns} -o jsonpath={{.status.phase}}/{{.status.conditions}}")).ShouldBe("Pending/");
        (await OkAsync($"get events -n {_ns} --field-selector involvedObject.name=nobodys -o name")).Trim().ShouldBe("");
    }
}
