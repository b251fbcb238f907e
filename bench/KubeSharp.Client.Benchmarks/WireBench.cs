using System.Diagnostics;
using System.Globalization;
using KubeSharp.Api;
using KubeSharp.Api.Coordination.V1;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Meta.V1;
using KubeSharp.ApiServer;
using KubeSharp.ApiServer.Hosting;
using KubeSharp.Client;
using KubeSharp.Scheduler.Simulation;
using KubeSharp.Storage.Sqlite;

namespace KubeSharp.Client.Benchmarks;

/// <summary>
/// The request path between our client and our API server (HTTPS, HTTP/2, loopback) in one process, as the scheduler
/// benchmark runs it: small requests from concurrent workers, reporting process CPU and allocated bytes per request.
/// Cases: <c>version</c> (GET /version: TLS, HTTP/2 and the pipeline, no authentication or storage), <c>get</c> (GET
/// of a Lease: authentication, RequestInfo, the registry's read), <c>put</c> (PUT of a Lease with a new renewTime, as
/// the node simulator renews them: the whole write path, SQLite included), <c>post</c> (POST of a small ConfigMap),
/// <c>run-put</c> and <c>run-patch</c> (not run by default: POST of a bound pod, then the node simulator's move to
/// Running, as a PUT of pods/status or as the kubelet's strategic merge patch of pods/status; their difference is
/// what the status write costs each way, client and server together, per pod).
/// </summary>
internal static class WireBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var requests = 20_000;
        var workers = 16;
        var clients = 16;
        var rounds = 3;
        var watchers = 0;
        WireFrames? frames = null;
        var cases = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--requests": requests = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--workers": workers = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--clients": clients = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--rounds": rounds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--case": cases.Add(args[++i]); break;
                case "--frames": frames = new WireFrames(); break;
                case "--watchers": watchers = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                default: break;
            }
        }
        if (cases.Count == 0)
        {
            cases.AddRange(["version", "get", "put", "post"]);
        }
        var root = Directory.CreateTempSubdirectory("kubesharp-wirebench-").FullName;
        var store = await SqliteKeyValueStore.OpenAsync(new SqliteStoreOptions(Path.Combine(root, "state.db")));
        ApiServerHost? host = null;
        var all = new List<KubernetesClient>();
        try
        {
            host = await ApiServerHost.StartAsync(KubeSharp.Benchmarks.Shared.BenchApiServer.Options(root), store, TimeProvider.System, null, CancellationToken.None);
            for (var c = 0; c < clients; c++)
            {
                all.Add(KubernetesClient.FromKubeconfig(Path.Combine(root, "admin.kubeconfig")));
            }
            var leases = new Lease[workers];
            for (var w = 0; w < workers; w++)
            {
                leases[w] = await all[w % clients].Resource<Lease>("default").CreateAsync(new Lease
                {
                    Metadata = new ObjectMeta { Name = "lease-" + w.ToString(CultureInfo.InvariantCulture) },
                    Spec = new LeaseSpec { HolderIdentity = "node", LeaseDurationSeconds = 40, RenewTime = MicroTime.Now() },
                });
            }
            Console.WriteLine($"wire: {requests} requests per case and round, {workers} workers over {clients} clients, {watchers} pod watchers; {Environment.ProcessorCount} cores, load {Load()}");
            using var stopWatches = new CancellationTokenSource();
            var watches = Enumerable.Range(0, watchers).Select(w => WireWatch.DrainAsync(all[w % clients], stopWatches.Token)).ToArray();
            var posted = 0;
            var simulator = new NodeSimulator(all[0], new NodeSimulatorOptions { Nodes = 1, NamePrefix = "node-" });
            for (var round = 0; round <= rounds; round++)
            {
                foreach (var name in cases)
                {
                    Func<int, int, Task> op = name switch
                    {
                        "version" => (w, _) => all[w % clients].Rest.SendAsync(new RestRequest(HttpMethod.Get, "/version")),
                        "get" => (w, _) => all[w % clients].Resource<Lease>("default").WithoutManagedFields().GetAsync(leases[w].Metadata.Name),
                        "put" => async (w, _) =>
                        {
                            var renewed = leases[w].DeepCopy();
                            renewed.Spec.RenewTime = MicroTime.Now();
                            leases[w] = await all[w % clients].Resource<Lease>("default").WithoutManagedFields().UpdateAsync(renewed);
                        }
                        ,
                        "post" => (w, _) => all[w % clients].Resource<ConfigMap>("default").WithoutManagedFields().CreateAsync(new ConfigMap
                        {
                            Metadata = new ObjectMeta { Name = "cm-" + Interlocked.Increment(ref posted).ToString(CultureInfo.InvariantCulture) },
                            Data = new Dictionary<string, string> { ["key"] = "value" },
                        }),
                        "run-put" => async (w, _) =>
                        {
                            var pods = all[w % clients].Resource<Pod>("default").WithoutManagedFields();
                            var pod = await pods.CreateAsync(BoundPod(Interlocked.Increment(ref posted)));
                            await pods.UpdateStatusAsync(simulator.RunningPod(pod));
                        }
                        ,
                        "run-patch" => async (w, _) =>
                        {
                            var pods = all[w % clients].Resource<Pod>("default").WithoutManagedFields();
                            var pod = await pods.CreateAsync(BoundPod(Interlocked.Increment(ref posted)));
                            await pods.PatchAsync(pod.Metadata.Name, PatchType.StrategicMerge, NodeSimulator.StatusPatch(pod, simulator.RunningPod(pod)), subresource: "status");
                        }
                        ,
                        _ => throw new ArgumentException("unknown case " + name),
                    };
                    // Round 0 warms up (JIT, connections, caches) with a tenth of the requests.
                    var n = round == 0 ? Math.Max(workers, requests / 10) : requests;
                    GC.Collect();
                    var process = Process.GetCurrentProcess();
                    var cpu0 = process.TotalProcessorTime;
                    var alloc0 = GC.GetTotalAllocatedBytes();
                    var next = -1;
                    frames?.Start();
                    var clock = Stopwatch.StartNew();
                    await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
                    {
                        int i;
                        while ((i = Interlocked.Increment(ref next)) < n)
                        {
                            await op(w, i);
                        }
                    })));
                    clock.Stop();
                    process.Refresh();
                    var cpu = process.TotalProcessorTime - cpu0;
                    var alloc = GC.GetTotalAllocatedBytes() - alloc0;
                    if (round > 0 && frames?.Stop() is { } counted)
                    {
                        foreach (var (key, count) in counted.OrderBy(p => p.Key, StringComparer.Ordinal))
                        {
                            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  frames {key}: {count / (double)n:F3} per request"));
                        }
                    }
                    if (round > 0)
                    {
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"{name,-8} {n / clock.Elapsed.TotalSeconds,8:F0} req/s  {cpu.TotalMicroseconds / n,7:F1} us cpu/req  {alloc / (double)n,8:F0} B/req  ({cpu / clock.Elapsed:F2} cores)"));
                    }
                }
            }
            await stopWatches.CancelAsync();
            await Task.WhenAll(watches);
            frames?.Dispose();
            return 0;
        }
        finally
        {
            foreach (var c in all)
            {
                c.Dispose();
            }
            if (host is not null)
            {
                await host.DisposeAsync();
            }
            await store.DisposeAsync();
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>A pod as the scheduler benchmark creates them (one container of 100m / 500Mi), already bound.</summary>
    private static Pod BoundPod(int i)
    {
        var pod = new Pod { Metadata = new ObjectMeta { Name = "pod-" + i.ToString(CultureInfo.InvariantCulture), Labels = new() { ["app"] = "basic" } } };
        pod.Spec.Containers = [new Container { Name = "c", Image = "registry.k8s.io/pause:3.10" }];
        pod.Spec.Containers[0].Resources.Requests = new() { ["cpu"] = Quantity.Parse("100m"), ["memory"] = Quantity.Parse("500Mi") };
        pod.Spec.NodeName = "node-0";
        return pod;
    }

    private static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "?";
}
