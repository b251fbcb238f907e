using System.Diagnostics;
using System.Globalization;
using KubeSharp.Api.Core.V1;
using KubeSharp.ApiServer;
using KubeSharp.ApiServer.Hosting;
using KubeSharp.Client;
using KubeSharp.Client.Cache;
using KubeSharp.Scheduler.Runtime;
using KubeSharp.Scheduler.Simulation;
using KubeSharp.Storage.Sqlite;

namespace KubeSharp.Scheduler.Benchmarks;

/// <summary>One scenario of the end-to-end benchmark: <paramref name="InitPods"/> pods made by
/// <paramref name="MakeInitPod"/> are created and scheduled first (in <paramref name="InitNamespace"/>, not measured),
/// then <paramref name="Pods"/> pods made by <paramref name="MakePod"/> are measured, as scheduler_perf's workloads
/// (createNodes, createPods $initPods, createPods $measurePods with collectMetrics).</summary>
public sealed record ApiScenario(string Name, int Nodes, int Pods, Func<int, Pod> MakePod, int InitPods, Func<int, Pod> MakeInitPod, string InitNamespace)
{
    /// <summary>The four scheduler_perf shapes at <paramref name="scale"/> (1 = full size: 5,000 nodes). The measured
    /// counts are issue 6's; the init pods follow scheduler_perf's performance-config.yaml for 5,000 nodes
    /// (SchedulingBasic: 1,000 default pods; SchedulingPodAntiAffinity: 1,000 anti-affinity pods in another namespace;
    /// TopologySpreading: 5,000 default pods; SchedulingNodeAffinity: 5,000 node-affinity pods).</summary>
    public static IReadOnlyList<ApiScenario> All(double scale) =>
    [
        new("SchedulingBasic", Scaled(5000, scale), Scaled(10000, scale), BenchPods.Basic, Scaled(1000, scale), BenchPods.Basic, ApiBench.Namespace),
        new("RequiredPodAntiAffinity", Scaled(5000, scale), Scaled(2000, scale), BenchPods.AntiAffinity, Scaled(1000, scale), BenchPods.AntiAffinity, ApiBench.InitNamespace),
        new("HardTopologySpread", Scaled(5000, scale), Scaled(5000, scale), BenchPods.Spread, Scaled(5000, scale), BenchPods.Basic, ApiBench.Namespace),
        new("NodeAffinity", Scaled(5000, scale), Scaled(10000, scale), BenchPods.NodeAffinity, Scaled(5000, scale), BenchPods.NodeAffinity, ApiBench.Namespace),
    ];

    private static int Scaled(int n, double scale) => Math.Max(1, (int)Math.Round(n * scale));
}

/// <summary>Options of <see cref="ApiBench"/>.</summary>
public sealed record ApiBenchOptions
{
    /// <summary>Concurrent pod creators (each its own client and connection).</summary>
    public int Creators { get; init; } = 16;

    /// <summary>Whether the simulated nodes run their pods (Running/Ready through pods/status) during the run.</summary>
    public bool SimulatePods { get; init; } = true;

    /// <summary>Whether the simulated nodes renew their Leases (every 10 s, spread) during the run.</summary>
    public bool RenewLeases { get; init; } = true;

    /// <summary>The scheduler's parallelism (KubeSchedulerConfiguration.parallelism; null: the default 16).</summary>
    public int? Parallelism { get; init; }

    /// <summary>The longest a run may take before it is reported as incomplete.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(20);

    /// <summary>Where progress lines go (null: nowhere).</summary>
    public TextWriter? Log { get; init; }
}

/// <summary>What one end-to-end run measured.</summary>
public sealed record ApiBenchResult(
    string Scenario, int Nodes, int Pods, int Bound, TimeSpan RegisterNodes, TimeSpan Created, TimeSpan Elapsed,
    TimeSpan ProcessCpu, TimeSpan StoreWriterCpu, TimeSpan GcCpu, IReadOnlyDictionary<string, TimeSpan> ThreadGroups, SchedulerStats Stats, long PodsStarted, long LeaseRenewals,
    long AllocatedBytes = 0, TimeSpan GcPause = default, int Gen0 = 0, int Gen1 = 0, int Gen2 = 0)
{
    /// <summary>Pods bound per second, from the first pod created to the last one bound.</summary>
    public double PodsPerSecond => Bound / Elapsed.TotalSeconds;

    /// <summary>One line of figures.</summary>
    public string Summary() => string.Create(CultureInfo.InvariantCulture,
        $"{Scenario,-24} nodes={Nodes,5} pods={Pods,6} bound={Bound,6} {PodsPerSecond,8:F0} pods/s  elapsed={Elapsed.TotalSeconds:F1} s (created in {Created.TotalSeconds:F1} s; nodes registered in {RegisterNodes.TotalSeconds:F1} s)");

    /// <summary>Where the time went during the measured window.</summary>
    public string Breakdown()
    {
        var loop = Stats.Snapshot + Stats.Algorithm + Stats.Assume + Stats.Fail;
        double Pct(TimeSpan t, TimeSpan of) => of.TotalMilliseconds <= 0 ? 0 : 100 * t.TotalMilliseconds / of.TotalMilliseconds;
        var threads = string.Join(", ", ThreadGroups.OrderByDescending(g => g.Value).Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key} {g.Value.TotalSeconds:F1} s")));
        return string.Create(CultureInfo.InvariantCulture,
            $"  process cpu {ProcessCpu.TotalSeconds:F1} s over {Elapsed.TotalSeconds:F1} s wall ({ProcessCpu / Elapsed:F2} of {Environment.ProcessorCount} cores; {Bound / Math.Max(0.001, ProcessCpu.TotalSeconds):F0} pods per cpu-second for the whole stack)\n"
            + $"  gc: {AllocatedBytes / 1048576.0:F0} MiB allocated ({AllocatedBytes / 1024.0 / Math.Max(1, Bound):F0} KiB per pod), paused {GcPause.TotalSeconds:F1} s ({Pct(GcPause, Elapsed):F0} % of the window), collections gen0 {Gen0} gen1 {Gen1} gen2 {Gen2} ({(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC)\n"
            + $"  cpu by thread: store writer {StoreWriterCpu.TotalSeconds:F1} s ({Pct(StoreWriterCpu, ProcessCpu):F0} %), GC {GcCpu.TotalSeconds:F1} s ({Pct(GcCpu, ProcessCpu):F0} %); all groups: {threads}\n"
            + $"  scheduler loop (wall, includes waiting for a core): {loop.TotalSeconds:F1} s = {Pct(loop, Elapsed):F0} % of the window; per attempt snapshot {PerAttempt(Stats.Snapshot):F2} ms, algorithm {PerAttempt(Stats.Algorithm):F2} ms, assume {PerAttempt(Stats.Assume):F2} ms, failure handling {PerAttempt(Stats.Fail):F2} ms; "
            + $"attempts {Stats.Attempts} (failed {Stats.Failed}); binding call mean {(Stats.Bound == 0 ? 0 : Stats.Bind.TotalMilliseconds / Stats.Bound):F1} ms; sim: pods started {PodsStarted}, lease renewals {LeaseRenewals}");
    }

    private double PerAttempt(TimeSpan t) => Stats.Attempts == 0 ? 0 : t.TotalMilliseconds / Stats.Attempts;
}

/// <summary>
/// The scheduler through the real API server, as scheduler_perf measures kube-scheduler: the API server in-process on
/// SQLite in a temp dir, simulated nodes (<see cref="NodeSimulator"/>, as <c>kubesharp sim</c>), the scheduler as
/// <c>kubesharp server</c> hosts it (its own client of the admin kubeconfig, default configuration), pods created
/// directly by concurrent clients; pods/s from the first pod created to the last one bound (seen by a watch).
/// </summary>
public static class ApiBench
{
    public const string Namespace = "bench";

    /// <summary>The namespace of init pods that must not share the measured pods' namespace (anti-affinity: terms
    /// select pods of their own namespace, as scheduler_perf's sched-0 and sched-1).</summary>
    public const string InitNamespace = "bench-init";

    /// <summary>Creates <paramref name="templates"/> with one concurrent creator per client.</summary>
    private static async Task CreateAllAsync(ResourceClient<Pod>[] clients, Pod[] templates, CancellationToken cancellationToken)
    {
        var next = -1;
        await Task.WhenAll(clients.Select(c => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < templates.Length)
            {
                await c.CreateAsync(templates[i], cancellationToken: cancellationToken);
            }
        }, CancellationToken.None)));
    }

    public static async Task<ApiBenchResult> RunAsync(ApiScenario scenario, ApiBenchOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(options);
        var root = Directory.CreateTempSubdirectory("kubesharp-schedbench-").FullName;
        var clients = new List<KubernetesClient>();
        KubernetesClient NewClient()
        {
            var c = KubernetesClient.FromKubeconfig(Path.Combine(root, "admin.kubeconfig"));
            clients.Add(c);
            return c;
        }
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var store = await SqliteKeyValueStore.OpenAsync(new SqliteStoreOptions(Path.Combine(root, "state.db")), cancellationToken: cancellationToken);
        ApiServerHost? host = null;
        var background = new List<Task>();
        try
        {
            host = await ApiServerHost.StartAsync(KubeSharp.Benchmarks.Shared.BenchApiServer.Options(root), store, TimeProvider.System, null, stop.Token);
            var client = NewClient();
            await client.Resource<Namespace>().CreateAsync(new Namespace { Metadata = new() { Name = Namespace } }, cancellationToken: stop.Token);
            await client.Resource<Namespace>().CreateAsync(new Namespace { Metadata = new() { Name = InitNamespace } }, cancellationToken: stop.Token);

            // Nodes first, as scheduler_perf's createNodes.
            var registerWatch = Stopwatch.StartNew();
            var simulator = new NodeSimulator(NewClient(), new NodeSimulatorOptions
            {
                Nodes = scenario.Nodes,
                NamePrefix = "node-",
                Cpu = Api.Quantity.Parse("4"),
                Memory = Api.Quantity.Parse("32Gi"),
                Pods = 110,
                Zones = 3,
                ManagePods = options.SimulatePods,
                LeaseRenewInterval = options.RenewLeases ? TimeSpan.FromSeconds(10) : TimeSpan.FromDays(1),
                Concurrency = 32,
            });
            background.Add(Task.Run(() => simulator.RunAsync(stop.Token), CancellationToken.None));
            await simulator.Registered.WaitAsync(stop.Token);
            var register = registerWatch.Elapsed;
            options.Log?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{scenario.Name}: {scenario.Nodes} nodes registered in {register.TotalSeconds:F1} s"));

            // Bindings are counted off the scheduler's own pod informer (as upstream's scheduler_perf reads the
            // scheduler's informer), so the harness pays for no watch of its own: the time a binding is seen is when
            // the scheduler's watch delivers the bound pod.
            var expected = scenario.Pods;
            var bound = new HashSet<string>(StringComparer.Ordinal);
            var allBound = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            long lastBound = 0;
            void Seen(Pod pod)
            {
                if (pod.Metadata.Namespace != Namespace || pod.Metadata.Name == "warmup" || pod.Metadata.Name.StartsWith("init-", StringComparison.Ordinal))
                {
                    return;
                }
                lock (bound)
                {
                    if (bound.Add(pod.Metadata.Name))
                    {
                        lastBound = Stopwatch.GetTimestamp();
                        if (bound.Count == expected)
                        {
                            allBound.TrySetResult();
                        }
                    }
                }
            }

            // The scheduler as `kubesharp server` runs it, instrumented.
            var stats = new SchedulerStats { AssignedPodObserved = Seen };
            var config = options.Parallelism is { } parallelism
                ? Config.SchedulerConfigLoader.Parse("apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\nparallelism: " + parallelism.ToString(CultureInfo.InvariantCulture) + "\n")
                : null;
            var scheduler = new KubeScheduler(NewClient(), config, new KubeSchedulerOptions { Stats = stats });
            background.Add(Task.Run(() => scheduler.RunAsync(stop.Token), CancellationToken.None));

            // Warm up: one pod bound means the scheduler leads and its caches hold every node.
            var pods = client.Resource<Pod>(Namespace);
            var warmup = BenchPods.Basic(0);
            warmup.Metadata.Name = "warmup";
            warmup.Metadata.Uid = "";
            warmup.Metadata.Namespace = Namespace;
            await pods.CreateAsync(warmup, cancellationToken: stop.Token);
            while ((await pods.GetAsync("warmup", cancellationToken: stop.Token)).Spec.NodeName.Length == 0)
            {
                await Task.Delay(50, stop.Token);
            }
            await pods.DeleteAsync("warmup", new Api.Meta.V1.DeleteOptions { GracePeriodSeconds = 0 }, stop.Token);
            var creatorClients = Enumerable.Range(0, options.Creators).Select(_ => NewClient()).ToArray();

            // Init pods (not measured), then wait until every one is bound.
            if (scenario.InitPods > 0)
            {
                var initStart = Stopwatch.StartNew();
                var initTemplates = Enumerable.Range(0, scenario.InitPods).Select(i =>
                {
                    var pod = scenario.MakeInitPod(i);
                    pod.Metadata.Name = "init-" + i.ToString(CultureInfo.InvariantCulture);
                    pod.Metadata.Uid = "";
                    pod.Metadata.Namespace = scenario.InitNamespace;
                    return pod;
                }).ToArray();
                await CreateAllAsync(creatorClients.Select(c => c.Resource<Pod>(scenario.InitNamespace)).ToArray(), initTemplates, stop.Token);
                var initPods = client.Resource<Pod>(scenario.InitNamespace);
                while ((await initPods.ListAsync(new ListParams { FieldSelector = "spec.nodeName=" }, stop.Token)).Items.Count > 0)
                {
                    if (initStart.Elapsed > options.Timeout)
                    {
                        throw new TimeoutException(string.Create(CultureInfo.InvariantCulture, $"{scenario.Name}: init pods not all bound after {options.Timeout}"));
                    }
                    await Task.Delay(100, stop.Token);
                }
                options.Log?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{scenario.Name}: {scenario.InitPods} init pods scheduled in {initStart.Elapsed.TotalSeconds:F1} s"));
            }

            // Measured window.
            var templates = Enumerable.Range(0, scenario.Pods).Select(i =>
            {
                var pod = scenario.MakePod(i);
                pod.Metadata.Uid = "";
                pod.Metadata.Namespace = Namespace;
                return pod;
            }).ToArray();
            var measuredClients = creatorClients.Select(c => c.Resource<Pod>(Namespace)).ToArray();
            var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            var threads0 = ThreadCpu.Sample();
            var alloc0 = GC.GetTotalAllocatedBytes();
            var pause0 = GC.GetTotalPauseDuration();
            int[] gc0 = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
            var start = Stopwatch.GetTimestamp();
            await CreateAllAsync(measuredClients, templates, stop.Token);
            var created = Stopwatch.GetElapsedTime(start);
            options.Log?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{scenario.Name}: {scenario.Pods} pods created in {created.TotalSeconds:F1} s"));
            var finished = await Task.WhenAny(allBound.Task, Task.Delay(options.Timeout, stop.Token)) == allBound.Task;
            var end = finished ? Interlocked.Read(ref lastBound) : Stopwatch.GetTimestamp();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu0;
            var threads = ThreadCpu.Sample().Minus(threads0);
            int boundCount;
            lock (bound)
            {
                boundCount = bound.Count;
            }
            return new ApiBenchResult(scenario.Name, scenario.Nodes, scenario.Pods, boundCount, register, created, Stopwatch.GetElapsedTime(start, end),
                cpu, threads.Matching("kubesharp-sqlit"), threads.Matching(".NET BGC") + threads.Matching(".NET Server GC"), threads.Groups(),
                stats, simulator.PodsStarted, simulator.LeaseRenewals, GC.GetTotalAllocatedBytes() - alloc0, GC.GetTotalPauseDuration() - pause0,
                GC.CollectionCount(0) - gc0[0], GC.CollectionCount(1) - gc0[1], GC.CollectionCount(2) - gc0[2]);
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await Task.WhenAll(background).WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
            }
            catch (Exception e) when (e is OperationCanceledException or TimeoutException)
            {
            }
            if (host is not null)
            {
                await host.DisposeAsync();
            }
            await store.DisposeAsync();
            foreach (var c in clients)
            {
                c.Dispose();
            }
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}

/// <summary>CPU time per thread name from /proc/self/task (Linux; empty elsewhere).</summary>
internal sealed class ThreadCpu
{
    private readonly Dictionary<int, (string Name, long Ticks)> _threads;

    private ThreadCpu(Dictionary<int, (string Name, long Ticks)> threads) => _threads = threads;

    public static ThreadCpu Sample()
    {
        var threads = new Dictionary<int, (string, long)>();
        if (!Directory.Exists("/proc/self/task"))
        {
            return new ThreadCpu(threads);
        }
        foreach (var dir in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                var tid = int.Parse(Path.GetFileName(dir), CultureInfo.InvariantCulture);
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                // pid (comm) state ppid ... utime is field 14, stime 15 (1-based); comm may contain spaces.
                var close = stat.LastIndexOf(')');
                var name = stat[(stat.IndexOf('(', StringComparison.Ordinal) + 1)..close];
                var fields = stat[(close + 2)..].Split(' ');
                var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                threads[tid] = (name, ticks);
            }
            catch (IOException)
            {
                // The thread ended meanwhile.
            }
        }
        return new ThreadCpu(threads);
    }

    public ThreadCpu Minus(ThreadCpu before)
    {
        var result = new Dictionary<int, (string, long)>();
        foreach (var (tid, (name, ticks)) in _threads)
        {
            result[tid] = (name, ticks - (before._threads.TryGetValue(tid, out var b) && b.Name == name ? b.Ticks : 0));
        }
        return new ThreadCpu(result);
    }

    /// <summary>CPU time per thread name.</summary>
    public Dictionary<string, TimeSpan> Groups() =>
        _threads.Values.GroupBy(t => t.Name, StringComparer.Ordinal).Where(g => g.Sum(t => t.Ticks) > 0)
            .ToDictionary(g => g.Key, g => TimeSpan.FromMilliseconds(10 * g.Sum(t => t.Ticks)), StringComparer.Ordinal);

    /// <summary>CPU time of the threads whose name starts with <paramref name="prefix"/> (clock ticks of 10 ms).</summary>
    public TimeSpan Matching(string prefix) =>
        TimeSpan.FromMilliseconds(10 * _threads.Values.Where(t => t.Name.StartsWith(prefix, StringComparison.Ordinal)).Sum(t => t.Ticks));
}
