using System.Diagnostics;
using System.Globalization;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Meta.V1;
using KubeSharp.ApiServer;
using KubeSharp.ApiServer.Hosting;
using KubeSharp.Client;
using KubeSharp.Storage.Sqlite;

namespace KubeSharp.Controllers.Benchmarks;

/// <summary>What to run and how big; every size is multiplied by <see cref="Scale"/> (at least 1).</summary>
public sealed record ControllerBenchOptions
{
    /// <summary>Multiplies every size: 1 is issue 5's figures, 0.01 a smoke run.</summary>
    public double Scale { get; init; } = 1;

    /// <summary>Scenarios to run (<c>deployment</c>, <c>many</c>, <c>rss</c>); all when null.</summary>
    public IReadOnlyList<string>? Only { get; init; }

    /// <summary>Scenario (a): one Deployment of this many replicas (1,000).</summary>
    public int Replicas => Scaled(1000);

    /// <summary>Scenario (b): this many Deployments (100) of <see cref="ReplicasEach"/> replicas, created at once.</summary>
    public int Deployments => Scaled(100);

    /// <summary>Replicas of each Deployment of scenario (b).</summary>
    public int ReplicasEach { get; init; } = 10;

    /// <summary>Scenario (c): pods in the cluster (and so in the controller manager's caches): 10,000.</summary>
    public int CachePods => Scaled(10_000);

    /// <summary>How long a scenario may take before it counts as failed.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Whether <paramref name="name"/> runs.</summary>
    public bool Runs(string name) => Only is null || Only.Contains(name, StringComparer.Ordinal);

    private int Scaled(int n) => Math.Max(1, (int)Math.Round(n * Scale));
}

/// <summary>One row of the results table; <see cref="Count"/> is what was done (pods seen), so a smoke run can check
/// the scenario really ran.</summary>
public sealed record BenchResult(string Scenario, string Figure, string Target, string Detail, long Count);

/// <summary>
/// Issue 5's controller manager benchmarks against the real API server (in-process, SQLite in a temp dir) and the
/// real controller manager (all controllers, on the admin kubeconfig, no leader election): (a) a Deployment of 1,000
/// replicas, time from its create to 1,000 pod objects; (b) 100 Deployments x 10 replicas created at once, time to all
/// 1,000 pods; (c) the controller manager's memory with 10,000 pods in its caches (the managed heap and working set of
/// this process before and after starting a manager, the server's share being already in place).
/// </summary>
public static class ControllerBench
{
    /// <summary>/proc/loadavg, or "?".</summary>
    public static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "?";

    /// <summary>Runs the selected scenarios; progress goes to <paramref name="log"/>.</summary>
    public static async Task<List<BenchResult>> RunAsync(ControllerBenchOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        var root = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "kubesharp-cmbench-" + Guid.NewGuid().ToString("N"))).FullName;
        var results = new List<BenchResult>();
        try
        {
            var serverOptions = new ApiServerOptions
            {
                DataDir = root,
                BindAddress = "127.0.0.1",
                HttpsPort = 0,
                KubeconfigOut = Path.Combine(root, "admin.kubeconfig"),
                MaxRequestsInflight = 4000,
                MaxMutatingRequestsInflight = 2000,
            };
            await using var store = await SqliteKeyValueStore.OpenAsync(new SqliteStoreOptions(Path.Combine(root, "state.db")), cancellationToken: cancellationToken);
            await using var host = await ApiServerHost.StartAsync(serverOptions, store, TimeProvider.System, null, cancellationToken);
            using var client = KubernetesClient.FromKubeconfig(serverOptions.KubeconfigOut);
            if (options.Runs("deployment") || options.Runs("many"))
            {
                await using var manager = await RunningManager.StartAsync(serverOptions.KubeconfigOut, cancellationToken);
                log.WriteLine($"controller manager running after {manager.StartTime.TotalMilliseconds:F0} ms");
                if (options.Runs("deployment"))
                {
                    results.Add(await OneDeploymentAsync(client, options, log, cancellationToken));
                }
                if (options.Runs("many"))
                {
                    results.Add(await ManyDeploymentsAsync(client, options, log, cancellationToken));
                }
            }
            if (options.Runs("rss"))
            {
                results.Add(await CacheMemoryAsync(client, serverOptions.KubeconfigOut, options, log, cancellationToken));
            }
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
        return results;
    }

    /// <summary>(a): one Deployment of <see cref="ControllerBenchOptions.Replicas"/> replicas.</summary>
    private static async Task<BenchResult> OneDeploymentAsync(KubernetesClient client, ControllerBenchOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        const string ns = "bench-one";
        var n = options.Replicas;
        await CreateNamespaceAsync(client, ns, cancellationToken);
        await using var pods = await PodCounter.StartAsync(client, ns, n, cancellationToken);
        var cpu = CpuTime();
        var clock = Stopwatch.StartNew();
        pods.Restart();
        await client.Resource<Api.Apps.V1.Deployment>(ns).CreateAsync(NewDeployment(ns, "web", n), cancellationToken: cancellationToken);
        var created = clock.Elapsed;
        var done = await pods.WaitAsync(options.Timeout, cancellationToken);
        var elapsed = done ?? clock.Elapsed;
        cpu = CpuTime() - cpu;
        var detail = string.Create(CultureInfo.InvariantCulture,
            $"create answered after {created.TotalMilliseconds:F0} ms, first pod after {pods.FirstAt?.TotalMilliseconds ?? double.NaN:F0} ms, {pods.Seen:N0} pods, {(pods.Seen - 1) / Math.Max((elapsed - (pods.FirstAt ?? TimeSpan.Zero)).TotalSeconds, 0.001):F0} pods/s after the first, process CPU {cpu.TotalSeconds:F2} s (server + manager + watch); load {LoadAverage()}");
        log.WriteLine($"(a) {detail}");
        return new BenchResult($"Deployment of {n:N0} replicas: create -> {n:N0} pods", done is null ? $"timeout ({pods.Seen:N0} pods)" : Seconds(elapsed), "<= 3 s", detail, pods.Seen);
    }

    /// <summary>(b): <see cref="ControllerBenchOptions.Deployments"/> Deployments created at once.</summary>
    private static async Task<BenchResult> ManyDeploymentsAsync(KubernetesClient client, ControllerBenchOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        const string ns = "bench-many";
        var count = options.Deployments;
        var each = options.ReplicasEach;
        await CreateNamespaceAsync(client, ns, cancellationToken);
        await using var pods = await PodCounter.StartAsync(client, ns, count * each, cancellationToken);
        var deployments = client.Resource<Api.Apps.V1.Deployment>(ns);
        var cpu = CpuTime();
        var clock = Stopwatch.StartNew();
        pods.Restart();
        await Task.WhenAll(Enumerable.Range(0, count).Select(i => deployments.CreateAsync(NewDeployment(ns, "app" + i.ToString(CultureInfo.InvariantCulture), each), cancellationToken: cancellationToken)));
        var created = clock.Elapsed;
        var done = await pods.WaitAsync(options.Timeout, cancellationToken);
        var elapsed = done ?? clock.Elapsed;
        cpu = CpuTime() - cpu;
        var detail = string.Create(CultureInfo.InvariantCulture,
            $"{count} creates answered after {created.TotalMilliseconds:F0} ms, first pod after {pods.FirstAt?.TotalMilliseconds ?? double.NaN:F0} ms, {pods.Seen:N0} pods, {pods.Seen / Math.Max(elapsed.TotalSeconds, 0.001):F0} pods/s, process CPU {cpu.TotalSeconds:F2} s (server + manager + watch); load {LoadAverage()}");
        log.WriteLine($"(b) {detail}");
        return new BenchResult($"{count} Deployments x {each} replicas at once -> {count * each:N0} pods", done is null ? $"timeout ({pods.Seen:N0} pods)" : Seconds(elapsed), "", detail, pods.Seen);
    }

    /// <summary>(c): the memory a controller manager takes with <see cref="ControllerBenchOptions.CachePods"/> pods in the cluster.</summary>
    private static async Task<BenchResult> CacheMemoryAsync(KubernetesClient client, string kubeconfig, ControllerBenchOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        const string ns = "bench-cache";
        await CreateNamespaceAsync(client, ns, cancellationToken);
        var existing = (await client.Resource<Pod>().ListAsync(cancellationToken: cancellationToken)).Items.Count;
        var missing = Math.Max(0, options.CachePods - existing);
        var podClient = client.Resource<Pod>(ns);
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, missing), new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken },
            async (i, ct) => await podClient.CreateAsync(NewPod(ns, i), cancellationToken: ct));
        var total = (await client.Resource<Pod>().ListAsync(cancellationToken: cancellationToken)).Items.Count;
        log.WriteLine($"(c) {missing:N0} pods created in {clock.Elapsed.TotalSeconds:F1} s ({missing / Math.Max(clock.Elapsed.TotalSeconds, 0.001):F0}/s); {total:N0} pods in the cluster");

        var before = Measure();
        await using var manager = await RunningManager.StartAsync(kubeconfig, cancellationToken);
        // The caches have synced once the controllers run; let the garbage collector's informers and the first syncs settle.
        await Task.Delay(TimeSpan.FromSeconds(options.Scale >= 0.5 ? 10 : 1), cancellationToken);
        var after = Measure();
        var managed = after.Managed - before.Managed;
        var workingSet = after.WorkingSet - before.WorkingSet;
        var podBytes = Api.Serialization.KubeJson.SerializeToUtf8Bytes(NewPod(ns, 0)).Length;
        var detail = string.Create(CultureInfo.InvariantCulture,
            $"managed heap +{Mib(managed)} ({(double)managed / Math.Max(total, 1) / 1024:F1} KiB per pod of {podBytes} B JSON), working set +{Mib(workingSet)} (process {Mib(after.WorkingSet)} with the API server); manager running after {manager.StartTime.TotalMilliseconds:F0} ms; load {LoadAverage()}");
        log.WriteLine($"(c) {detail}");
        return new BenchResult($"controller manager memory with {total:N0} pods in its caches", $"{Mib(managed)} managed", "", detail, total);
    }

    private static (long Managed, long WorkingSet) Measure()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        return (GC.GetTotalMemory(forceFullCollection: true), self.WorkingSet64);
    }

    private static TimeSpan CpuTime()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    private static string Mib(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:F1} MiB");

    private static string Seconds(TimeSpan t) => string.Create(CultureInfo.InvariantCulture, $"{t.TotalSeconds:F2} s");

    private static async Task CreateNamespaceAsync(KubernetesClient client, string name, CancellationToken cancellationToken)
    {
        var ns = new Namespace { ApiVersion = "v1", Kind = "Namespace" };
        ns.Metadata.Name = name;
        await client.Resource<Namespace>().CreateAsync(ns, cancellationToken: cancellationToken);
    }

    private static Api.Apps.V1.Deployment NewDeployment(string ns, string name, int replicas)
    {
        var d = new Api.Apps.V1.Deployment { ApiVersion = "apps/v1", Kind = "Deployment" };
        d.Metadata.Name = name;
        d.Metadata.Namespace = ns;
        d.Spec.Replicas = replicas;
        d.Spec.Selector = new LabelSelector { MatchLabels = new Dictionary<string, string>(StringComparer.Ordinal) { ["app"] = name } };
        d.Spec.Template.Metadata.Labels = new Dictionary<string, string>(StringComparer.Ordinal) { ["app"] = name };
        d.Spec.Template.Spec.Containers = [new Container { Name = "web", Image = "nginx:1.27" }];
        return d;
    }

    /// <summary>A plain pod of a typical size: labels, one container with ports, env and resources.</summary>
    private static Pod NewPod(string ns, int i)
    {
        var pod = new Pod { ApiVersion = "v1", Kind = "Pod" };
        pod.Metadata.Name = "cache-" + i.ToString(CultureInfo.InvariantCulture);
        pod.Metadata.Namespace = ns;
        pod.Metadata.Labels = new Dictionary<string, string>(StringComparer.Ordinal) { ["app"] = "cache", ["tier"] = "backend", ["release"] = "r" + (i % 10).ToString(CultureInfo.InvariantCulture) };
        pod.Spec.Containers =
        [
            new Container
            {
                Name = "app",
                Image = "registry.example.com/team/app:1.2.3",
                Ports = [new ContainerPort { Name = "http", ContainerPortValue = 8080 }],
                Env = [new EnvVar { Name = "MODE", Value = "production" }, new EnvVar { Name = "LOG_LEVEL", Value = "info" }],
                Resources = new ResourceRequirements
                {
                    Requests = new Dictionary<string, Api.Quantity>(StringComparer.Ordinal) { ["cpu"] = Api.Quantity.Parse("100m"), ["memory"] = Api.Quantity.Parse("128Mi") },
                },
            },
        ];
        return pod;
    }

    /// <summary>A controller manager (all controllers, no leader election) on its own client, as `kubesharp
    /// controller-manager --kubeconfig` runs one; started once its caches have synced and its controllers run.</summary>
    private sealed class RunningManager : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly KubernetesClient _client;
        private Task _run = Task.CompletedTask;

        private RunningManager(KubernetesClient client)
        {
            _client = client;
        }

        public TimeSpan StartTime { get; private set; }

        public static async Task<RunningManager> StartAsync(string kubeconfig, CancellationToken cancellationToken)
        {
            var running = new RunningManager(KubernetesClient.FromKubeconfig(kubeconfig));
            var manager = new ControllerManager(running._client, new ControllerManagerOptions { LeaderElect = false });
            var clock = Stopwatch.StartNew();
            running._run = Task.Run(() => manager.RunAsync(running._stop.Token), CancellationToken.None);
            while (!manager.IsRunningControllers)
            {
                if (running._run.IsCompleted)
                {
                    await running._run;
                    throw new InvalidOperationException("the controller manager stopped before running its controllers");
                }
                await Task.Delay(10, cancellationToken);
            }
            running.StartTime = clock.Elapsed;
            return running;
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            try
            {
                await _run;
            }
            catch (OperationCanceledException)
            {
            }
            _stop.Dispose();
            _client.Dispose();
        }
    }

    /// <summary>Counts the distinct pods a watch of a namespace sees added, and when the first and the target count
    /// arrived (from the counter's start).</summary>
    private sealed class PodCounter : IAsyncDisposable
    {
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
        private readonly TaskCompletionSource<TimeSpan> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly CancellationTokenSource _stop = new();
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly int _target;
        private Task _watch = Task.CompletedTask;

        private PodCounter(int target)
        {
            _target = target;
        }

        public TimeSpan? FirstAt { get; private set; }

        /// <summary>Times from now on (call just before the create that starts the scenario).</summary>
        public void Restart() => _clock.Restart();

        public int Seen
        {
            get
            {
                lock (_seen)
                {
                    return _seen.Count;
                }
            }
        }

        public static async Task<PodCounter> StartAsync(KubernetesClient client, string ns, int target, CancellationToken cancellationToken)
        {
            var counter = new PodCounter(target);
            var pods = client.Resource<Pod>(ns);
            var list = await pods.ListAsync(cancellationToken: cancellationToken);
            counter._watch = Task.Run(() => counter.WatchAsync(pods, list.ResourceVersion), CancellationToken.None);
            counter._clock.Restart();
            return counter;
        }

        private async Task WatchAsync(ResourceClient<Pod> pods, string resourceVersion)
        {
            // A watch the server ends is resumed from the last version seen.
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    await foreach (var ev in pods.WatchAsync(new ListParams { ResourceVersion = resourceVersion }, _stop.Token))
                    {
                        resourceVersion = ev.Object.Metadata.ResourceVersion;
                        if (ev.Type != WatchEventType.Added)
                        {
                            continue;
                        }
                        lock (_seen)
                        {
                            if (_seen.Add(ev.Object.Metadata.Name))
                            {
                                FirstAt ??= _clock.Elapsed;
                                if (_seen.Count >= _target)
                                {
                                    _done.TrySetResult(_clock.Elapsed);
                                }
                            }
                        }
                    }
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                {
                    return;
                }
            }
        }

        /// <summary>The time the target count arrived, or null after <paramref name="timeout"/>.</summary>
        public async Task<TimeSpan?> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
        {
            try
            {
                return await _done.Task.WaitAsync(timeout, cancellationToken);
            }
            catch (TimeoutException)
            {
                return null;
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            try
            {
                await _watch;
            }
            catch (OperationCanceledException)
            {
            }
            _stop.Dispose();
        }
    }
}
