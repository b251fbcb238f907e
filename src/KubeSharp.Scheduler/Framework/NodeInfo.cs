using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Scheduling;

namespace KubeSharp.Scheduler.Framework;

/// <summary>An image's size and how many nodes have it (upstream's <c>ImageStateSummary</c>).</summary>
public sealed record ImageStateSummary(long Size, int NumNodes);

/// <summary>
/// A node with the pods on it and their aggregate usage (upstream's <c>framework.NodeInfo</c>). Mutated only by the
/// cache (or a preemption dry run on a clone); the scheduling cycle reads it.
/// </summary>
public sealed class NodeInfo
{
    private static long s_generation;

    /// <summary>The image map of nodes without images (shared: it is read-only).</summary>
    internal static readonly IReadOnlyDictionary<string, ImageStateSummary> NoImages =
        System.Collections.Frozen.FrozenDictionary<string, ImageStateSummary>.Empty;

    /// <summary>An empty node info; call <see cref="SetNode"/>.</summary>
    public NodeInfo()
    {
        Pods = [];
        PodsWithAffinity = [];
        PodsWithRequiredAntiAffinity = [];
        UsedPorts = new();
        Requested = new();
        NonZeroRequested = new();
        Allocatable = new();
    }

    // For Clone: every part is given (no throw-away defaults allocated between the copy's parts).
    private NodeInfo(NodeInfo source)
    {
        Node = source.Node;
        Name = source.Name;
        Unschedulable = source.Unschedulable;
        Taints = source.Taints;
        Labels = source.Labels;
        ImageStates = source.ImageStates;
        Generation = source.Generation;

        // The parts every filter and score visit reads (NodeResourcesFit, the resource scorers) are allocated right after
        // the node info itself, so they usually share its cache lines' neighbourhood; see PrefetchParts.
        Allocatable = source.Allocatable.Clone();
        Requested = source.Requested.Clone();
        NonZeroRequested = source.NonZeroRequested.Clone();
        Pods = new List<PodInfo>(source.Pods);
        LabelPairs = source.LabelPairs is { } pairs ? (KeyValuePair<string, string>[])pairs.Clone() : null;
        UsedPorts = source.UsedPorts.Clone();
        PodsWithAffinity = source.PodsWithAffinity.Count == 0 ? [] : new List<PodInfo>(source.PodsWithAffinity);
        PodsWithRequiredAntiAffinity = source.PodsWithRequiredAntiAffinity.Count == 0 ? [] : new List<PodInfo>(source.PodsWithRequiredAntiAffinity);
    }

    /// <summary>A node info with the node and pods.</summary>
    public NodeInfo(Node node, params IEnumerable<Pod> pods)
        : this()
    {
        SetNode(node);
        foreach (var pod in pods)
        {
            AddPod(pod);
        }
    }

    /// <summary>The node (null while only pods are known).</summary>
    public Node? Node { get; private set; }

    // The node's name, spec.unschedulable, spec.taints and labels are copied out of the node when it is set (a node
    // object is replaced, never changed, once the cache has it): the filter and score loops visit hundreds of nodes
    // per pod and read them from the node info alone instead of following node -> metadata/spec -> field each time.

    /// <summary>The node's name, "" without a node.</summary>
    public string Name { get; private set; } = "";

    /// <summary>The node's spec.unschedulable (false without a node).</summary>
    public bool Unschedulable { get; private set; }

    /// <summary>The node's spec.taints; null when it has none (or without a node).</summary>
    public List<Taint>? Taints { get; private set; }

    /// <summary>The node's labels; null when it has none (or without a node).</summary>
    public Dictionary<string, string>? Labels { get; private set; }

    /// <summary>The same labels as one flat array (<see cref="NodeLabels"/>) for the filter loop's lookups; null when
    /// there are none.</summary>
    public KeyValuePair<string, string>[]? LabelPairs { get; private set; }

    /// <summary>The pods on the node.</summary>
    public List<PodInfo> Pods { get; }

    /// <summary>The pods with any pod (anti-)affinity term.</summary>
    public List<PodInfo> PodsWithAffinity { get; }

    /// <summary>The pods with required anti-affinity terms.</summary>
    public List<PodInfo> PodsWithRequiredAntiAffinity { get; }

    /// <summary>The host ports in use.</summary>
    public HostPortInfo UsedPorts { get; private set; }

    /// <summary>The sum of the pods' requests.</summary>
    public Resource Requested { get; private set; }

    /// <summary>The sum of the pods' requests with the 100m/200Mi defaults for cpu and memory (for scoring).</summary>
    public Resource NonZeroRequested { get; private set; }

    /// <summary>The node's allocatable resources.</summary>
    public Resource Allocatable { get; private set; }

    /// <summary>The images on the node, by name, with cluster-wide spread (a shared empty map for a node without images).</summary>
    public IReadOnlyDictionary<string, ImageStateSummary> ImageStates { get; set; } = NoImages;

    /// <summary>Bumped on every change (upstream's Generation), for incremental snapshots.</summary>
    public long Generation { get; private set; } = NextGeneration();

    private static long NextGeneration() => Interlocked.Increment(ref s_generation);

    /// <summary>Sets the node and its allocatable resources.</summary>
    public void SetNode(Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        Node = node;
        Name = node.Metadata.Name;
        Unschedulable = node.Spec.Unschedulable;
        Taints = node.Spec.Taints is { Count: > 0 } taints ? taints : null;
        Labels = node.Metadata.Labels is { Count: > 0 } labels ? labels : null;
        LabelPairs = NodeLabels.ToPairs(Labels);
        Allocatable = Resource.FromList(node.Status.Allocatable);
        Generation = NextGeneration();
    }

    /// <summary>Clears the node (it was deleted while pods remain).</summary>
    public void RemoveNode()
    {
        Node = null;
        Name = "";
        Unschedulable = false;
        Taints = null;
        Labels = null;
        LabelPairs = null;
        Generation = NextGeneration();
    }

    /// <summary>Adds a pod.</summary>
    public void AddPod(Pod pod) => AddPodInfo(new PodInfo(pod));

    /// <summary>Adds a pod info (upstream's <c>AddPodInfo</c>).</summary>
    public void AddPodInfo(PodInfo podInfo)
    {
        ArgumentNullException.ThrowIfNull(podInfo);
        Pods.Add(podInfo);
        if (podInfo.HasAffinity)
        {
            PodsWithAffinity.Add(podInfo);
        }

        if (podInfo.RequiredAntiAffinityTerms.Count > 0)
        {
            PodsWithRequiredAntiAffinity.Add(podInfo);
        }

        Update(podInfo, 1);
    }

    /// <summary>Removes a pod by UID (else namespace/name); false when it is not here.</summary>
    public bool RemovePod(Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var key = PodInfo.PodKey(pod);
        RemoveFrom(PodsWithAffinity, key);
        RemoveFrom(PodsWithRequiredAntiAffinity, key);
        var index = IndexOf(Pods, key);
        if (index < 0)
        {
            return false;
        }

        var info = Pods[index];
        Pods[index] = Pods[^1];
        Pods.RemoveAt(Pods.Count - 1);
        Update(info, -1);
        return true;
    }

    private static int IndexOf(List<PodInfo> list, string key)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i].Key == key)
            {
                return i;
            }
        }

        return -1;
    }

    private static void RemoveFrom(List<PodInfo> list, string key)
    {
        var i = IndexOf(list, key);
        if (i >= 0)
        {
            list[i] = list[^1];
            list.RemoveAt(list.Count - 1);
        }
    }

    private void Update(PodInfo podInfo, int sign)
    {
        Requested.Add(podInfo.Requests, sign);
        NonZeroRequested.MilliCpu += sign * podInfo.NonZeroRequests.MilliCpu;
        NonZeroRequested.Memory += sign * podInfo.NonZeroRequests.Memory;
        if (podInfo.Pod.Spec.Containers is { } containers)
        {
            foreach (var c in containers)
            {
                if (c.Ports is null)
                {
                    continue;
                }

                foreach (var port in c.Ports)
                {
                    if (sign > 0)
                    {
                        UsedPorts.Add(port.HostIP, port.Protocol, port.HostPort);
                    }
                    else
                    {
                        UsedPorts.Remove(port.HostIP, port.Protocol, port.HostPort);
                    }
                }
            }
        }

        Generation = NextGeneration();
    }

    /// <summary>
    /// Asks the CPU to fetch the cache lines of <paramref name="nodeInfo"/>'s own fields (a hint only: no effect on what
    /// is read). The first of two prefetch stages of the filter and score loops, which walk a few hundred node infos
    /// spread over the heap per pod: a node info this far ahead has its fields in cache by the time
    /// <see cref="PrefetchParts"/> follows them.
    /// </summary>
    internal static unsafe void Prefetch(NodeInfo nodeInfo)
    {
        if (System.Runtime.Intrinsics.X86.Sse.IsSupported)
        {
            // The object's address; if the GC moves it meanwhile, the hint is merely wasted.
            var p = (byte*)*(void**)System.Runtime.CompilerServices.Unsafe.AsPointer(ref nodeInfo);
            System.Runtime.Intrinsics.X86.Sse.Prefetch0(p);
            System.Runtime.Intrinsics.X86.Sse.Prefetch0(p + 64);
            System.Runtime.Intrinsics.X86.Sse.Prefetch0(p + 128);
        }
    }

    /// <summary>
    /// The second prefetch stage: reads the node info's references (in cache after <see cref="Prefetch"/>) and asks
    /// for the objects behind the ones every visit reads: allocatable, requested and non-zero requested amounts and
    /// the pod list (its count). Without it each visit waits for three dependent cache misses.
    /// </summary>
    internal static void PrefetchParts(NodeInfo nodeInfo)
    {
        if (System.Runtime.Intrinsics.X86.Sse.IsSupported)
        {
            PrefetchObject(nodeInfo.Allocatable);
            PrefetchObject(nodeInfo.Requested);
            PrefetchObject(nodeInfo.NonZeroRequested);
            PrefetchObject(nodeInfo.Pods);
        }
    }

    private static unsafe void PrefetchObject(object o)
    {
        var p = (byte*)*(void**)System.Runtime.CompilerServices.Unsafe.AsPointer(ref o);
        System.Runtime.Intrinsics.X86.Sse.Prefetch0(p);
    }

    /// <summary>A copy whose pod lists and aggregates can change independently (upstream's <c>Snapshot()</c>).</summary>
    public NodeInfo Clone() => new(this);

    /// <inheritdoc/>
    public override string ToString() => $"{Name}: {Pods.Count} pod(s), requested {Requested}, allocatable {Allocatable}";
}
