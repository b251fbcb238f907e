using System.Text.Json;
using KubeSharp.Api.Core.V1;
using KubeSharp.Scheduler.Framework;

namespace KubeSharp.Scheduler.Plugins;

/// <summary>A resource a node lacks for the pod (upstream's <c>InsufficientResource</c>).</summary>
public sealed record InsufficientResource(string ResourceName, string Reason, long Requested, long Used, long Capacity, bool Unresolvable);

/// <summary>Arguments of NodeResourcesFit (NodeResourcesFitArgs) after defaulting.</summary>
public sealed class NodeResourcesFitArgs
{
    /// <summary>Extended resources the filter ignores.</summary>
    public HashSet<string> IgnoredResources { get; } = new(StringComparer.Ordinal);

    /// <summary>Extended resource groups (the part before "/") the filter ignores.</summary>
    public HashSet<string> IgnoredResourceGroups { get; } = new(StringComparer.Ordinal);

    /// <summary>LeastAllocated (default), MostAllocated or RequestedToCapacityRatio.</summary>
    public string ScoringStrategyType { get; set; } = "LeastAllocated";

    /// <summary>The scored resources (default cpu and memory, weight 1).</summary>
    public List<ResourceSpec> Resources { get; set; } = [.. ResourceAllocationScorer.DefaultResources];

    /// <summary>RequestedToCapacityRatio's shape.</summary>
    public List<UtilizationShapePoint> Shape { get; set; } = [];

    /// <summary>Reads NodeResourcesFitArgs JSON, applies upstream's defaults and validates.</summary>
    public static NodeResourcesFitArgs Parse(JsonElement? json)
    {
        var args = new NodeResourcesFitArgs();
        if (json is not { ValueKind: JsonValueKind.Object } obj)
        {
            return args;
        }

        foreach (var p in obj.EnumerateObject())
        {
            switch (p.Name)
            {
                case "apiVersion":
                case "kind":
                    break;
                case "ignoredResources":
                    foreach (var s in p.Value.EnumerateArray())
                    {
                        args.IgnoredResources.Add(s.GetString() ?? "");
                    }

                    break;
                case "ignoredResourceGroups":
                    foreach (var s in p.Value.EnumerateArray())
                    {
                        var group = s.GetString() ?? "";
                        if (group.Contains('/', StringComparison.Ordinal))
                        {
                            throw new JsonException($"ignoredResourceGroups: Invalid value: \"{group}\": resource group name can't contain '/'");
                        }

                        args.IgnoredResourceGroups.Add(group);
                    }

                    break;
                case "scoringStrategy":
                    foreach (var q in p.Value.EnumerateObject())
                    {
                        switch (q.Name)
                        {
                            case "type":
                                args.ScoringStrategyType = q.Value.GetString() ?? "";
                                break;
                            case "resources":
                                var resources = ResourceAllocationScorer.ReadResources(q.Value);
                                if (resources.Count > 0)
                                {
                                    args.Resources = resources;
                                }

                                break;
                            case "requestedToCapacityRatio":
                                foreach (var r in q.Value.EnumerateObject())
                                {
                                    if (r.Name != "shape")
                                    {
                                        throw new JsonException($"strict decoding error: unknown field \"{r.Name}\"");
                                    }

                                    foreach (var point in r.Value.EnumerateArray())
                                    {
                                        int utilization = 0, score = 0;
                                        foreach (var f in point.EnumerateObject())
                                        {
                                            switch (f.Name)
                                            {
                                                case "utilization":
                                                    utilization = f.Value.GetInt32();
                                                    break;
                                                case "score":
                                                    score = f.Value.GetInt32();
                                                    break;
                                                default:
                                                    throw new JsonException($"strict decoding error: unknown field \"{f.Name}\"");
                                            }
                                        }

                                        args.Shape.Add(new UtilizationShapePoint(utilization, score));
                                    }
                                }

                                break;
                            default:
                                throw new JsonException($"strict decoding error: unknown field \"{q.Name}\"");
                        }
                    }

                    break;
                default:
                    throw new JsonException($"strict decoding error: unknown field \"{p.Name}\"");
            }
        }

        if (args.ScoringStrategyType.Length == 0)
        {
            args.ScoringStrategyType = "LeastAllocated";
        }

        args.Validate();
        return args;
    }

    private void Validate()
    {
        if (ScoringStrategyType is not ("LeastAllocated" or "MostAllocated" or "RequestedToCapacityRatio"))
        {
            throw new JsonException($"scoringStrategy.type: Unsupported value: \"{ScoringStrategyType}\": supported values: \"LeastAllocated\", \"MostAllocated\", \"RequestedToCapacityRatio\"");
        }

        ResourceAllocationScorer.ValidateResources(Resources, "scoringStrategy.resources");
        if (ScoringStrategyType == "RequestedToCapacityRatio")
        {
            if (Shape.Count == 0)
            {
                throw new JsonException("scoringStrategy.requestedToCapacityRatio.shape: Required value: at least one point must be specified");
            }

            for (var i = 0; i < Shape.Count; i++)
            {
                if (Shape[i].Utilization is < 0 or > 100)
                {
                    throw new JsonException($"scoringStrategy.requestedToCapacityRatio.shape[{i}].utilization: Invalid value: {Shape[i].Utilization}: not in valid range [0, 100]");
                }

                if (Shape[i].Score is < 0 or > 10)
                {
                    throw new JsonException($"scoringStrategy.requestedToCapacityRatio.shape[{i}].score: Invalid value: {Shape[i].Score}: not in valid range [0, 10]");
                }

                if (i > 0 && Shape[i].Utilization <= Shape[i - 1].Utilization)
                {
                    throw new JsonException($"scoringStrategy.requestedToCapacityRatio.shape[{i}].utilization: Invalid value: {Shape[i].Utilization}: utilization values must be sorted in increasing order");
                }
            }
        }
    }
}

/// <summary>
/// Filters nodes without room for the pod's requests (pods count, cpu, memory, ephemeral storage, extended
/// resources; init containers and overhead included) and scores by the configured strategy (upstream's
/// NodeResourcesFit).
/// </summary>
public sealed class NodeResourcesFit : IPreFilterPlugin, IFilterPlugin, IPreScorePlugin, IScorePlugin
{
    private const string PreFilterStateKey = "PreFilter" + PluginNames.NodeResourcesFit;
    private const string PreScoreStateKey = "PreScore" + PluginNames.NodeResourcesFit;

    private readonly NodeResourcesFitArgs _args;

    /// <summary>Creates the plugin.</summary>
    public NodeResourcesFit(NodeResourcesFitArgs? args = null)
    {
        _args = args ?? new NodeResourcesFitArgs();
        var resources = _args.Resources;
        Scorer = new ResourceAllocationScorer(
            _args.ScoringStrategyType,
            useRequested: false,
            resources,
            _args.ScoringStrategyType switch
            {
                "MostAllocated" => ResourceAllocationScorer.MostAllocated(resources),
                "RequestedToCapacityRatio" => ResourceAllocationScorer.RequestedToCapacityRatio(resources, _args.Shape),
                _ => ResourceAllocationScorer.LeastAllocated(resources),
            });
    }

    /// <inheritdoc/>
    public string Name => PluginNames.NodeResourcesFit;

    /// <summary>The scorer of the configured strategy.</summary>
    public ResourceAllocationScorer Scorer { get; }

    /// <inheritdoc/>
    public (PreFilterResult? Result, Status Status) PreFilter(CycleState state, Pod pod, IReadOnlyList<NodeInfo> nodes)
    {
        ArgumentNullException.ThrowIfNull(state);
        state.Write(PreFilterStateKey, PodRequests.Compute(pod));
        return (null, Status.Success);
    }

    /// <inheritdoc/>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public Status Filter(CycleState state, Pod pod, NodeInfo nodeInfo)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(nodeInfo);
        var request = state.Read<Resource>(PreFilterStateKey) ?? PodRequests.Compute(pod);
        var insufficient = FitsRequest(request, nodeInfo, _args.IgnoredResources, _args.IgnoredResourceGroups);
        if (insufficient is null)
        {
            return Status.Success;
        }

        var reasons = new string[insufficient.Count];
        var code = StatusCode.Unschedulable;
        for (var i = 0; i < reasons.Length; i++)
        {
            reasons[i] = insufficient[i].Reason;
            if (insufficient[i].Unresolvable)
            {
                code = StatusCode.UnschedulableAndUnresolvable;
            }
        }

        return Status.Create(code, reasons);
    }

    /// <summary>
    /// The resources the node lacks for the request, or null when it fits (upstream's <c>fitsRequest</c>). A request
    /// larger than the node's whole allocatable is unresolvable (preemption cannot help).
    /// </summary>
    public static List<InsufficientResource>? Fits(Pod pod, NodeInfo nodeInfo) =>
        FitsRequest(PodRequests.Compute(pod), nodeInfo, null, null);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal static List<InsufficientResource>? FitsRequest(Resource request, NodeInfo nodeInfo, HashSet<string>? ignored, HashSet<string>? ignoredGroups)
    {
        List<InsufficientResource>? result = null;
        var allocatable = nodeInfo.Allocatable;
        var requested = nodeInfo.Requested;
        var allowedPods = allocatable.AllowedPodNumber;
        if (nodeInfo.Pods.Count + 1 > allowedPods)
        {
            (result ??= []).Add(new InsufficientResource(ResourceNames.Pods, "Too many pods", 1, nodeInfo.Pods.Count, allowedPods, false));
        }

        if (request.MilliCpu == 0 && request.Memory == 0 && request.EphemeralStorage == 0 && (request.ScalarResources is null || request.ScalarResources.Count == 0))
        {
            return result;
        }

        if (request.MilliCpu > 0 && request.MilliCpu > allocatable.MilliCpu - requested.MilliCpu)
        {
            (result ??= []).Add(new InsufficientResource(ResourceNames.Cpu, "Insufficient cpu", request.MilliCpu, requested.MilliCpu, allocatable.MilliCpu, request.MilliCpu > allocatable.MilliCpu));
        }

        if (request.Memory > 0 && request.Memory > allocatable.Memory - requested.Memory)
        {
            (result ??= []).Add(new InsufficientResource(ResourceNames.Memory, "Insufficient memory", request.Memory, requested.Memory, allocatable.Memory, request.Memory > allocatable.Memory));
        }

        if (request.EphemeralStorage > 0 && request.EphemeralStorage > allocatable.EphemeralStorage - requested.EphemeralStorage)
        {
            (result ??= []).Add(new InsufficientResource(ResourceNames.EphemeralStorage, "Insufficient ephemeral-storage", request.EphemeralStorage, requested.EphemeralStorage, allocatable.EphemeralStorage, request.EphemeralStorage > allocatable.EphemeralStorage));
        }

        if (request.ScalarResources is { Count: > 0 } scalars)
        {
            foreach (var (name, quantity) in scalars)
            {
                if (quantity == 0)
                {
                    continue;
                }

                if (ResourceNames.IsExtendedResourceName(name))
                {
                    if (ignored is not null && ignored.Contains(name))
                    {
                        continue;
                    }

                    if (ignoredGroups is { Count: > 0 })
                    {
                        var slash = name.IndexOf('/', StringComparison.Ordinal);
                        if (ignoredGroups.Contains(slash < 0 ? name : name[..slash]))
                        {
                            continue;
                        }
                    }
                }

                var alloc = allocatable.GetScalar(name);
                var used = requested.GetScalar(name);
                if (quantity > alloc - used)
                {
                    (result ??= []).Add(new InsufficientResource(name, "Insufficient " + name, quantity, used, alloc, quantity > alloc));
                }
            }
        }

        return result;
    }

    /// <inheritdoc/>
    public Status PreScore(CycleState state, Pod pod, IReadOnlyList<NodeInfo> nodes)
    {
        ArgumentNullException.ThrowIfNull(state);
        state.Write(PreScoreStateKey, Scorer.PodRequestList(pod));
        return Status.Success;
    }

    /// <inheritdoc/>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public (long Score, Status Status) Score(CycleState state, Pod pod, NodeInfo nodeInfo)
    {
        ArgumentNullException.ThrowIfNull(state);
        var requests = state.Read<long[]>(PreScoreStateKey) ?? Scorer.PodRequestList(pod);
        return (Scorer.Score(nodeInfo, requests), Status.Success);
    }
}

/// <summary>
/// Prefers nodes whose resource fractions stay balanced with the pod added (upstream's
/// NodeResourcesBalancedAllocation); skipped for pods that request nothing.
/// </summary>
public sealed class NodeResourcesBalancedAllocation : IPreScorePlugin, IScorePlugin
{
    private const string PreScoreStateKey = "PreScore" + PluginNames.NodeResourcesBalancedAllocation;

    /// <summary>Creates the plugin with the resources (default cpu and memory).</summary>
    public NodeResourcesBalancedAllocation(IReadOnlyList<ResourceSpec>? resources = null) =>
        Scorer = new ResourceAllocationScorer(PluginNames.NodeResourcesBalancedAllocation, useRequested: true, resources ?? ResourceAllocationScorer.DefaultResources, ResourceAllocationScorer.Balanced);

    /// <summary>Creates the plugin from NodeResourcesBalancedAllocationArgs JSON.</summary>
    public static NodeResourcesBalancedAllocation FromArgs(JsonElement? json)
    {
        List<ResourceSpec>? resources = null;
        if (json is { ValueKind: JsonValueKind.Object } obj)
        {
            foreach (var p in obj.EnumerateObject())
            {
                if (p.Name == "resources")
                {
                    resources = ResourceAllocationScorer.ReadResources(p.Value);
                }
                else if (p.Name is not ("apiVersion" or "kind"))
                {
                    throw new JsonException($"strict decoding error: unknown field \"{p.Name}\"");
                }
            }
        }

        if (resources is { Count: 0 })
        {
            resources = null;
        }

        if (resources is not null)
        {
            ResourceAllocationScorer.ValidateResources(resources, "resources");
        }

        return new NodeResourcesBalancedAllocation(resources);
    }

    /// <inheritdoc/>
    public string Name => PluginNames.NodeResourcesBalancedAllocation;

    /// <summary>The scorer.</summary>
    public ResourceAllocationScorer Scorer { get; }

    /// <inheritdoc/>
    public Status PreScore(CycleState state, Pod pod, IReadOnlyList<NodeInfo> nodes)
    {
        ArgumentNullException.ThrowIfNull(state);
        var requests = Scorer.PodRequestList(pod);
        var bestEffort = true;
        foreach (var r in requests)
        {
            if (r != 0)
            {
                bestEffort = false;
                break;
            }
        }

        if (bestEffort)
        {
            return Status.SkipStatus;
        }

        state.Write(PreScoreStateKey, requests);
        return Status.Success;
    }

    /// <inheritdoc/>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public (long Score, Status Status) Score(CycleState state, Pod pod, NodeInfo nodeInfo)
    {
        ArgumentNullException.ThrowIfNull(state);
        var requests = state.Read<long[]>(PreScoreStateKey) ?? Scorer.PodRequestList(pod);
        return (Scorer.Score(nodeInfo, requests), Status.Success);
    }
}

/// <summary>Prefers nodes that already have the pod's images, weighted by how widely they are spread (upstream's ImageLocality).</summary>
public sealed class ImageLocality : IScorePlugin
{
    private const long Mb = 1024 * 1024;

    /// <summary>Below this sum a node scores 0.</summary>
    public const long MinThreshold = 23 * Mb;

    /// <summary>Per container, at this sum a node scores 100.</summary>
    public const long MaxContainerThreshold = 1000 * Mb;

    private readonly IFrameworkHandle _handle;

    /// <summary>Creates the plugin.</summary>
    public ImageLocality(IFrameworkHandle handle) => _handle = handle;

    /// <inheritdoc/>
    public string Name => PluginNames.ImageLocality;

    /// <inheritdoc/>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public (long Score, Status Status) Score(CycleState state, Pod pod, NodeInfo nodeInfo)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(nodeInfo);
        if (nodeInfo.ImageStates.Count == 0)
        {
            // No image on the node: the sum is 0, below the threshold, which scores 0 for any number of containers.
            return (0, Status.Success);
        }

        var totalNumNodes = _handle.Snapshot.NumNodes;
        var sum = SumImageScores(nodeInfo, pod.Spec.InitContainers, totalNumNodes) + SumImageScores(nodeInfo, pod.Spec.Containers, totalNumNodes);
        var numContainers = (pod.Spec.InitContainers?.Count ?? 0) + (pod.Spec.Containers?.Count ?? 0);
        return (CalculatePriority(sum, numContainers), Status.Success);
    }

    private static long SumImageScores(NodeInfo nodeInfo, List<Container>? containers, int totalNumNodes)
    {
        if (containers is null || totalNumNodes == 0)
        {
            return 0;
        }

        long sum = 0;
        var images = nodeInfo.ImageStates;
        foreach (var c in containers)
        {
            if (TryGetImage(images, c.Image, out var state))
            {
                sum += (long)(state.Size * ((double)state.NumNodes / totalNumNodes));
            }
        }

        return sum;
    }

    // images[NormalizedImageName(image)] without building the normalized name for an untagged image (this runs per
    // container per scored node).
    private static bool TryGetImage(IReadOnlyDictionary<string, ImageStateSummary> images, string image, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out ImageStateSummary state)
    {
        if (image.LastIndexOf(':') > image.LastIndexOf('/'))
        {
            return images.TryGetValue(image, out state);
        }

        if (image.Length <= 256 && images is Dictionary<string, ImageStateSummary> map && map.TryGetAlternateLookup<ReadOnlySpan<char>>(out var lookup))
        {
            Span<char> name = stackalloc char[image.Length + LatestTag.Length];
            image.AsSpan().CopyTo(name);
            LatestTag.AsSpan().CopyTo(name[image.Length..]);
            return lookup.TryGetValue(name, out state);
        }

        return images.TryGetValue(NormalizedImageName(image), out state);
    }

    private const string LatestTag = ":latest";

    /// <summary>Adds ":latest" to an image without a tag (upstream's <c>normalizedImageName</c>).</summary>
    public static string NormalizedImageName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.LastIndexOf(':') <= name.LastIndexOf('/') ? name + LatestTag : name;
    }

    /// <summary>Maps the image score sum to 0..100 between the thresholds.</summary>
    public static long CalculatePriority(long sumScores, int numContainers)
    {
        var maxThreshold = MaxContainerThreshold * numContainers;
        if (sumScores < MinThreshold)
        {
            sumScores = MinThreshold;
        }
        else if (sumScores > maxThreshold)
        {
            sumScores = maxThreshold;
        }

        return maxThreshold == MinThreshold ? 0 : Scores.MaxNodeScore * (sumScores - MinThreshold) / (maxThreshold - MinThreshold);
    }
}
