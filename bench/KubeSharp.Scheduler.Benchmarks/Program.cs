using System.Diagnostics;
using System.Globalization;
using KubeSharp.Api;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Manifests;
using KubeSharp.Api.Meta.V1;
using KubeSharp.Api.Serialization;
using KubeSharp.Scheduler.Benchmarks;
using KubeSharp.Scheduler.Config;
using KubeSharp.Scheduler.Framework;
using KubeSharp.Scheduler.Plugins;

// Usage: KubeSharp.Scheduler.Benchmarks [scenario|all|prefilter] [--quick] [--sequential]
//        KubeSharp.Scheduler.Benchmarks --api [scenario|all] [--scale 0.01] [--creators 16] [--no-sim-pods] [--no-leases] [--parallelism N] [--repeat N]
//        (--repeat runs each scenario N times in the same process, each on a fresh server: run 1 includes the JIT's
//        warm-up of a freshly started process, later runs show the JIT-warm figure)
if (args.Contains("--api"))
{
    string? Value(string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    var repeat = int.Parse(Value("--repeat") ?? "1", CultureInfo.InvariantCulture);
    var apiScale = double.Parse(Value("--scale") ?? "1", CultureInfo.InvariantCulture);
    var apiOnly = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (i == 0 || args[i - 1] is not ("--scale" or "--creators" or "--parallelism" or "--repeat"))).FirstOrDefault() ?? "all";
    var apiOptions = new ApiBenchOptions
    {
        Creators = int.Parse(Value("--creators") ?? "16", CultureInfo.InvariantCulture),
        SimulatePods = !args.Contains("--no-sim-pods"),
        RenewLeases = !args.Contains("--no-leases"),
        Parallelism = Value("--parallelism") is { } p ? int.Parse(p, CultureInfo.InvariantCulture) : null,
        Log = Console.Out,
    };
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"cores={Environment.ProcessorCount} load={File.ReadAllText("/proc/loadavg").Trim()} scale={apiScale} creators={apiOptions.Creators} simPods={apiOptions.SimulatePods} leases={apiOptions.RenewLeases} parallelism={apiOptions.Parallelism?.ToString(CultureInfo.InvariantCulture) ?? "16"}"));
    foreach (var scenario in ApiScenario.All(apiScale))
    {
        if (apiOnly != "all" && !string.Equals(apiOnly, scenario.Name, StringComparison.OrdinalIgnoreCase))
        {
            continue;
        }

        for (var run = 1; run <= repeat; run++)
        {
            var r = await ApiBench.RunAsync(scenario, apiOptions);
            Console.WriteLine((repeat > 1 ? string.Create(CultureInfo.InvariantCulture, $"run {run}/{repeat}: ") : "") + r.Summary());
            Console.WriteLine(r.Breakdown());
            Console.WriteLine("  load " + File.ReadAllText("/proc/loadavg").Trim());
        }
    }

    return;
}

var quick = args.Contains("--quick");
var parallelism = args.Contains("--sequential") ? 1 : 16;
var only = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all";
var scale = quick ? 10 : 1;
var scenarios = new (string Name, int Nodes, int Pods, Func<int, Pod> MakePod)[]
{
    ("SchedulingBasic", 5000 / scale, 10000 / scale, i => BenchPods.Basic(i)),
    ("RequiredPodAntiAffinity", 5000 / scale, 2000 / scale, i => BenchPods.AntiAffinity(i)),
    ("HardTopologySpread", 5000 / scale, 5000 / scale, i => BenchPods.Spread(i)),
    ("NodeAffinity", 5000 / scale, 10000 / scale, i => BenchPods.NodeAffinity(i)),
};

Console.WriteLine($"cores={Environment.ProcessorCount}");
if (only == "prefilter")
{
    // The PreFilter of each plugin alone on a full cluster (5,000 nodes, 5,000 spread pods bound round robin).
    var cache = new SchedulerCache();
    for (var i = 0; i < 5000; i++)
    {
        cache.AddOrUpdateNode(BenchPods.Node(i));
    }

    for (var i = 0; i < 5000; i++)
    {
        var p = BenchPods.Spread(i);
        p.Spec.NodeName = "node-" + i.ToString(CultureInfo.InvariantCulture);
        cache.AddOrUpdatePod(p);
    }

    var snap = new Snapshot();
    cache.UpdateSnapshot(snap);
    var cfg = SchedulerConfigLoader.Default();
    var fw = SchedulerFramework.Create(cfg.Profiles[0], PluginRegistry.InTree());
    fw.SetSnapshot(snap);
    var incoming = BenchPods.Spread(99999);
    foreach (var pl in fw.PreFilterPlugins)
    {
        // The first call also registers and builds the snapshot's incremental counts for the pod's shape.
        var sw = Stopwatch.StartNew();
        pl.PreFilter(new CycleState(), incoming, snap.NodeInfos);
        var first = sw.Elapsed.TotalMilliseconds;
        sw.Restart();
        for (var i = 0; i < 50; i++)
        {
            pl.PreFilter(new CycleState(), incoming, snap.NodeInfos);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{pl.Name,-24} {sw.Elapsed.TotalMilliseconds / 50,8:F3} ms  (first call {first:F3} ms)"));
    }

    return;
}
foreach (var (name, nodes, pods, makePod) in scenarios)
{
    if (only != "all" && !string.Equals(only, name, StringComparison.OrdinalIgnoreCase))
    {
        continue;
    }

    var r = Run(nodes, pods, makePod, parallelism);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name,-24} nodes={nodes,5} pods={pods,6} scheduled={r.Scheduled,6} {r.PodsPerSecond,9:F0} pods/s  p50={r.P50:F3} ms p99={r.P99:F3} ms  alloc={r.BytesPerPod / 1024.0,7:F1} KiB/pod  cpu={r.CpuMsPerPod,6:F3} ms/pod"));
}

static (int Scheduled, double PodsPerSecond, double P50, double P99, double BytesPerPod, double CpuMsPerPod) Run(int numNodes, int numPods, Func<int, Pod> makePod, int parallelism)
{
    var cache = new SchedulerCache();
    for (var i = 0; i < numNodes; i++)
    {
        cache.AddOrUpdateNode(BenchPods.Node(i));
    }

    var snapshot = new Snapshot();

    var config = SchedulerConfigLoader.Default();
    var framework = SchedulerFramework.Create(config.Profiles[0], PluginRegistry.InTree(), parallelism, config.PercentageOfNodesToScore);
    var scheduler = new PodScheduler(config.PercentageOfNodesToScore);
    var pods = Enumerable.Range(0, numPods).Select(makePod).ToList();
    var latencies = new double[numPods];
    var scheduled = 0;
    var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
    var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    var total = Stopwatch.StartNew();
    for (var i = 0; i < pods.Count; i++)
    {
        var start = Stopwatch.GetTimestamp();
        // As the scheduling loop does: refresh the snapshot from the cache, schedule, assume the pod on the node.
        cache.UpdateSnapshot(snapshot);
        framework.SetSnapshot(snapshot);
        var result = scheduler.Schedule(framework, new CycleState(), pods[i]);
        if (result.SuggestedHost.Length > 0)
        {
            pods[i].Spec.NodeName = result.SuggestedHost;
            cache.AssumePod(pods[i]);
            scheduled++;
        }

        latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    var seconds = total.Elapsed.TotalSeconds;
    var bytesPerPod = (double)(GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / numPods;
    var cpuMsPerPod = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / numPods;
    Array.Sort(latencies);
    return (scheduled, numPods / seconds, latencies[latencies.Length / 2], latencies[(int)(latencies.Length * 0.99)], bytesPerPod, cpuMsPerPod);
}
