using System.Globalization;
using KubeSharp.Api;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Manifests;
using KubeSharp.Api.Meta.V1;
using KubeSharp.Api.Serialization;

namespace KubeSharp.Scheduler.Benchmarks;

/// <summary>The scheduler_perf shapes: nodes of 4 cpu / 32Gi / 110 pods over 3 zones, pods of 100m / 500Mi.</summary>
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
