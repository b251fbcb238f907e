using KubeSharp.Api.Core.V1;

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

    /// <summary>An empty node info; call <see cref="SetNode"/>.</summary>
    public NodeInfo()
    {
    }

    /// <summary>A node info with the node and pods.</summary>
    public NodeInfo(Node node, params IEnumerable<Pod> pods)
    {
        SetNode(node);
        foreach (var pod in pods)
        {
            AddPod(pod);
        }
    }

    /// <summary>The node (null while only pods are known).</summary>
    public Node? Node { get; private set; }

    /// <summary>The node's name, "" without a node.</summary>
    public string Name => Node?.Metadata.Name ?? "";

    /// <summary>The pods on the node.</summary>
    public List<PodInfo> Pods { get; } = [];

    /// <summary>The pods with any pod (anti-)affinity term.</summary>
    public List<PodInfo> PodsWithAffinity { get; } = [];

    /// <summary>The pods with required anti-affinity terms.</summary>
    public List<PodInfo> PodsWithRequiredAntiAffinity { get; } = [];

    /// <summary>The host ports in use.</summary>
    public HostPortInfo UsedPorts { get; private set; } = new();

    /// <summary>The sum of the pods' requests.</summary>
    public Resource Requested { get; private set; } = new();

    /// <summary>The sum of the pods' requests with the 100m/200Mi defaults for cpu and memory (for scoring).</summary>
    public Resource NonZeroRequested { get; private set; } = new();

    /// <summary>The node's allocatable resources.</summary>
    public Resource Allocatable { get; private set; } = new();

    /// <summary>The images on the node, by name, with cluster-wide spread.</summary>
    public Dictionary<string, ImageStateSummary> ImageStates { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Bumped on every change (upstream's Generation), for incremental snapshots.</summary>
    public long Generation { get; private set; } = NextGeneration();

    private static long NextGeneration() => Interlocked.Increment(ref s_generation);

    /// <summary>Sets the node and its allocatable resources.</summary>
    public void SetNode(Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        Node = node;
        Allocatable = Resource.FromList(node.Status.Allocatable);
        Generation = NextGeneration();
    }

    /// <summary>Clears the node (it was deleted while pods remain).</summary>
    public void RemoveNode()
    {
        Node = null;
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

    /// <summary>A copy whose pod lists and aggregates can change independently (upstream's <c>Snapshot()</c>).</summary>
    public NodeInfo Clone()
    {
        var copy = new NodeInfo
        {
            Node = Node,
            UsedPorts = UsedPorts.Clone(),
            Requested = Requested.Clone(),
            NonZeroRequested = NonZeroRequested.Clone(),
            Allocatable = Allocatable.Clone(),
            ImageStates = ImageStates,
            Generation = Generation,
        };
        copy.Pods.AddRange(Pods);
        copy.PodsWithAffinity.AddRange(PodsWithAffinity);
        copy.PodsWithRequiredAntiAffinity.AddRange(PodsWithRequiredAntiAffinity);
        return copy;
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name}: {Pods.Count} pod(s), requested {Requested}, allocatable {Allocatable}";
}
