using System.Text.Json;
using KubeSharp.Api.Core.V1;
using KubeSharp.Scheduler.Framework;

namespace KubeSharp.Scheduler.Plugins;

/// <summary>A resource and its weight in scoring (upstream's <c>config.ResourceSpec</c>).</summary>
public sealed record ResourceSpec(string Name, long Weight);

/// <summary>A point of RequestedToCapacityRatio's shape (utilization 0..100 to score 0..10).</summary>
public sealed record UtilizationShapePoint(int Utilization, int Score);

/// <summary>Scores requested-vs-allocatable vectors.</summary>
public delegate long ResourceScorer(ReadOnlySpan<long> requested, ReadOnlySpan<long> allocatable);

/// <summary>
/// The scoring shared by NodeResourcesFit and NodeResourcesBalancedAllocation (upstream's
/// <c>resourceAllocationScorer</c>): the pod's request per resource plus what the node has requested, against
/// allocatable; unrequested extended resources are left out.
/// </summary>
public sealed class ResourceAllocationScorer
{
    /// <summary>Creates the scorer.</summary>
    public ResourceAllocationScorer(string name, bool useRequested, IReadOnlyList<ResourceSpec> resources, ResourceScorer scorer)
    {
        Name = name;
        UseRequested = useRequested;
        Resources = resources;
        Scorer = scorer;
        _names = new string[resources.Count];
        _kinds = new Kind[resources.Count];
        for (var i = 0; i < _names.Length; i++)
        {
            var resource = resources[i].Name;
            _names[i] = resource;
            _kinds[i] = resource switch
            {
                ResourceNames.Cpu => Kind.Cpu,
                ResourceNames.Memory => Kind.Memory,
                ResourceNames.EphemeralStorage => Kind.EphemeralStorage,
                _ => ResourceNames.IsScalarResourceName(resource) ? Kind.Scalar : Kind.Other,
            };
        }
    }

    // The resources' names and kinds, worked out once (Score runs for hundreds of nodes per pod).
    private readonly string[] _names;
    private readonly Kind[] _kinds;

    private enum Kind : byte
    {
        Cpu,
        Memory,
        EphemeralStorage,
        Scalar,
        Other,
    }

    /// <summary>The strategy name.</summary>
    public string Name { get; }

    /// <summary>Whether actual requests are used (BalancedAllocation) instead of requests with the 100m/200Mi defaults.</summary>
    public bool UseRequested { get; }

    /// <summary>The resources and weights.</summary>
    public IReadOnlyList<ResourceSpec> Resources { get; }

    /// <summary>The score function.</summary>
    public ResourceScorer Scorer { get; }

    /// <summary>The pod's request for each resource (upstream's <c>calculatePodResourceRequestList</c>).</summary>
    public long[] PodRequestList(Pod pod)
    {
        var requests = UseRequested ? PodRequests.Compute(pod) : PodRequests.ComputeNonZero(pod);
        var list = new long[Resources.Count];
        for (var i = 0; i < list.Length; i++)
        {
            list[i] = Get(requests, Resources[i].Name);
        }

        return list;
    }

    private static long Get(Resource r, string name) => name switch
    {
        ResourceNames.Cpu => r.MilliCpu,
        ResourceNames.Memory => r.Memory,
        ResourceNames.EphemeralStorage => r.EphemeralStorage,
        _ => r.GetScalar(name),
    };

    /// <summary>The node's score for the pod's requests.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public long Score(NodeInfo nodeInfo, long[] podRequests)
    {
        ArgumentNullException.ThrowIfNull(nodeInfo);
        ArgumentNullException.ThrowIfNull(podRequests);
        var kinds = _kinds;
        Span<long> requested = stackalloc long[kinds.Length];
        Span<long> allocatable = stackalloc long[kinds.Length];
        var requestedOnNode = UseRequested ? nodeInfo.Requested : nodeInfo.NonZeroRequested;
        var nodeAllocatable = nodeInfo.Allocatable;
        for (var i = 0; i < kinds.Length; i++)
        {
            var podRequest = podRequests[i];
            long alloc, req;
            switch (kinds[i])
            {
                case Kind.Cpu:
                    alloc = nodeAllocatable.MilliCpu;
                    req = requestedOnNode.MilliCpu + podRequest;
                    break;
                case Kind.Memory:
                    alloc = nodeAllocatable.Memory;
                    req = requestedOnNode.Memory + podRequest;
                    break;
                case Kind.EphemeralStorage:
                    alloc = nodeAllocatable.EphemeralStorage;
                    req = nodeInfo.Requested.EphemeralStorage + podRequest;
                    break;
                default:
                    var name = _names[i];
                    if (podRequest == 0 && kinds[i] == Kind.Scalar)
                    {
                        // An extended resource the pod does not request does not count.
                        alloc = 0;
                        req = 0;
                    }
                    else if (nodeInfo.Allocatable.ScalarResources is { } scalars && scalars.TryGetValue(name, out var a))
                    {
                        alloc = a;
                        req = nodeInfo.Requested.GetScalar(name) + podRequest;
                    }
                    else
                    {
                        alloc = 0;
                        req = 0;
                    }

                    break;
            }

            if (alloc == 0)
            {
                continue;
            }

            allocatable[i] = alloc;
            requested[i] = req;
        }

        return Scorer(requested, allocatable);
    }

    /// <summary>LeastAllocated: (capacity - requested) * 100 / capacity, weighted (upstream's <c>leastResourceScorer</c>).</summary>
    public static ResourceScorer LeastAllocated(IReadOnlyList<ResourceSpec> resources) => (requested, allocatable) =>
    {
        long nodeScore = 0, weightSum = 0;
        for (var i = 0; i < requested.Length; i++)
        {
            if (allocatable[i] == 0)
            {
                continue;
            }

            var weight = resources[i].Weight;
            var capacity = allocatable[i];
            var score = requested[i] > capacity ? 0 : (capacity - requested[i]) * Scores.MaxNodeScore / capacity;
            nodeScore += score * weight;
            weightSum += weight;
        }

        return weightSum == 0 ? 0 : nodeScore / weightSum;
    };

    /// <summary>MostAllocated: requested * 100 / capacity (requested capped at capacity), weighted.</summary>
    public static ResourceScorer MostAllocated(IReadOnlyList<ResourceSpec> resources) => (requested, allocatable) =>
    {
        long nodeScore = 0, weightSum = 0;
        for (var i = 0; i < requested.Length; i++)
        {
            if (allocatable[i] == 0)
            {
                continue;
            }

            var weight = resources[i].Weight;
            var capacity = allocatable[i];
            var req = Math.Min(requested[i], capacity);
            nodeScore += req * Scores.MaxNodeScore / capacity * weight;
            weightSum += weight;
        }

        return weightSum == 0 ? 0 : nodeScore / weightSum;
    };

    /// <summary>
    /// RequestedToCapacityRatio: a broken-linear function of utilization (shape scores 0..10 scaled by 10), weighted
    /// over the resources that score above 0, rounded (upstream's <c>requestedToCapacityRatioScorer</c>).
    /// </summary>
    public static ResourceScorer RequestedToCapacityRatio(IReadOnlyList<ResourceSpec> resources, IReadOnlyList<UtilizationShapePoint> shape)
    {
        var points = shape.Select(p => (Utilization: (long)p.Utilization, Score: p.Score * (Scores.MaxNodeScore / 10))).ToArray();
        long Raw(long p)
        {
            for (var i = 0; i < points.Length; i++)
            {
                if (p <= points[i].Utilization)
                {
                    if (i == 0)
                    {
                        return points[0].Score;
                    }

                    return points[i - 1].Score + ((points[i].Score - points[i - 1].Score) * (p - points[i - 1].Utilization) / (points[i].Utilization - points[i - 1].Utilization));
                }
            }

            return points[^1].Score;
        }

        return (requested, allocatable) =>
        {
            long nodeScore = 0, weightSum = 0;
            for (var i = 0; i < requested.Length; i++)
            {
                if (allocatable[i] == 0)
                {
                    continue;
                }

                var capacity = allocatable[i];
                var score = requested[i] > capacity ? Raw(100) : Raw(requested[i] * 100 / capacity);
                if (score > 0)
                {
                    nodeScore += score * resources[i].Weight;
                    weightSum += resources[i].Weight;
                }
            }

            return weightSum == 0 ? 0 : (long)Math.Round((double)nodeScore / weightSum, MidpointRounding.AwayFromZero);
        };
    }

    /// <summary>
    /// BalancedAllocation: 1 - the standard deviation of the requested fractions (each capped at 1), times 100
    /// (upstream's <c>balancedResourceScorer</c>).
    /// </summary>
    public static long Balanced(ReadOnlySpan<long> requested, ReadOnlySpan<long> allocatable)
    {
        Span<double> fractions = stackalloc double[requested.Length];
        var n = 0;
        double total = 0;
        for (var i = 0; i < requested.Length; i++)
        {
            if (allocatable[i] == 0)
            {
                continue;
            }

            var fraction = (double)requested[i] / allocatable[i];
            if (fraction > 1)
            {
                fraction = 1;
            }

            total += fraction;
            fractions[n++] = fraction;
        }

        double std = 0;
        if (n == 2)
        {
            std = Math.Abs((fractions[0] - fractions[1]) / 2);
        }
        else if (n > 2)
        {
            var mean = total / n;
            double sum = 0;
            for (var i = 0; i < n; i++)
            {
                sum += (fractions[i] - mean) * (fractions[i] - mean);
            }

            std = Math.Sqrt(sum / n);
        }

        return (long)((1 - std) * Scores.MaxNodeScore);
    }

    /// <summary>The default scored resources: cpu and memory with weight 1.</summary>
    public static IReadOnlyList<ResourceSpec> DefaultResources { get; } = [new(ResourceNames.Cpu, 1), new(ResourceNames.Memory, 1)];

    /// <summary>Reads a resources list ([{name, weight}]) from args JSON; weight defaults to 1.</summary>
    public static List<ResourceSpec> ReadResources(JsonElement e)
    {
        var list = new List<ResourceSpec>();
        if (e.ValueKind != JsonValueKind.Array)
        {
            return list;
        }

        foreach (var item in e.EnumerateArray())
        {
            var name = "";
            long weight = 0;
            foreach (var p in item.EnumerateObject())
            {
                switch (p.Name)
                {
                    case "name":
                        name = p.Value.GetString() ?? "";
                        break;
                    case "weight":
                        weight = p.Value.GetInt64();
                        break;
                    default:
                        throw new JsonException($"strict decoding error: unknown field \"{p.Name}\"");
                }
            }

            list.Add(new ResourceSpec(name, weight == 0 ? 1 : weight));
        }

        return list;
    }

    /// <summary>Upstream's resource spec validation (weight in 1..100, unique names).</summary>
    public static void ValidateResources(IReadOnlyList<ResourceSpec> resources, string path)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < resources.Count; i++)
        {
            var r = resources[i];
            if (r.Weight is <= 0 or > 100)
            {
                throw new JsonException($"{path}[{i}].weight: Invalid value: {r.Weight}: resource weight of {r.Name} should be in range [1, 100]");
            }

            if (!seen.Add(r.Name))
            {
                throw new JsonException($"{path}[{i}].name: Duplicate value: \"{r.Name}\"");
            }
        }
    }
}
