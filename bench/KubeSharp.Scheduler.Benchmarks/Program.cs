using System.Diagnostics;
using System.Globalization;
using KubeSharp.Api;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Manifests;
using KubeSharp.Api.Meta.V1;
using KubeSharp.Api.Serialization;
using KubeSharp.Scheduler.Config;
using KubeSharp.Scheduler.Framework;
using KubeSharp.Scheduler.Plugins;

// Usage: KubeSharp.Scheduler.Benchmarks [scenario|all|prefilter] [--quick] [--sequential]
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
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < 50; i++)
        {
            pl.PreFilter(new CycleState(), incoming, snap.NodeInfos);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{pl.Name,-24} {sw.Elapsed.TotalMilliseconds / 50,8:F3} ms"));
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
        $"{name,-24} nodes={nodes,5} pods={pods,6} scheduled={r.Scheduled,6} {r.PodsPerSecond,9:F0} pods/s  p50={r.P50:F3} ms p99={r.P99:F3} ms"));
}

static (int Scheduled, double PodsPerSecond, double P50, double P99) Run(int numNodes, int numPods, Func<int, Pod> makePod, int parallelism)
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
    Array.Sort(latencies);
    return (scheduled, numPods / seconds, latencies[latencies.Length / 2], latencies[(int)(latencies.Length * 0.99)]);
}

internal static class BenchPods
{
    public static Node Node(int i)
    {
        var name = "node-" + i.ToString(CultureInfo.InvariantCulture);
        var node = new Node { Metadata = new ObjectMeta { Name = name } };
        node.Metadata.Labels = new()
        {
            ["kubernetes.io/hostname"] = name,
            ["topology.kubernetes.io/zone"] = "zone-" + (i % 3).ToString(CultureInfo.InvariantCulture),
        };
        var resources = new Dictionary<string, Quantity>
        {
            ["cpu"] = Quantity.Parse("4"),
            ["memory"] = Quantity.Parse("32Gi"),
            ["pods"] = Quantity.Parse("110"),
        };
        node.Status.Capacity = resources;
        node.Status.Allocatable = new(resources);
        return node;
    }

    private static Pod Base(int i, string labelApp)
    {
        var pod = new Pod { Metadata = new ObjectMeta { Name = "pod-" + i.ToString(CultureInfo.InvariantCulture), Namespace = "default", Uid = "uid-" + i.ToString(CultureInfo.InvariantCulture) } };
        pod.Metadata.Labels = new() { ["app"] = labelApp };
        pod.Spec.Containers = [new Container { Name = "c", Image = "registry.k8s.io/pause:3.10" }];
        pod.Spec.Containers[0].Resources.Requests = new() { ["cpu"] = Quantity.Parse("100m"), ["memory"] = Quantity.Parse("500Mi") };
        return pod;
    }

    public static Pod Basic(int i) => Base(i, "basic");

    public static Pod AntiAffinity(int i)
    {
        var pod = Base(i, "anti");
        pod.Spec.Affinity = KubeJson.Deserialize<Affinity>(YamlToJson.Convert(
            "podAntiAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{labelSelector: {matchLabels: {app: anti}}, topologyKey: kubernetes.io/hostname}]}"));
        return pod;
    }

    public static Pod Spread(int i)
    {
        var pod = Base(i, "spread");
        pod.Spec.TopologySpreadConstraints = [new TopologySpreadConstraint
        {
            MaxSkew = 1,
            TopologyKey = "topology.kubernetes.io/zone",
            WhenUnsatisfiable = "DoNotSchedule",
            LabelSelector = new LabelSelector { MatchLabels = new() { ["app"] = "spread" } },
        }];
        return pod;
    }

    public static Pod NodeAffinity(int i)
    {
        var pod = Base(i, "affinity");
        pod.Spec.Affinity = KubeJson.Deserialize<Affinity>(YamlToJson.Convert(
            "nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpressions: [{key: topology.kubernetes.io/zone, operator: In, values: [zone-0, zone-1]}]}]}}"));
        return pod;
    }
}
