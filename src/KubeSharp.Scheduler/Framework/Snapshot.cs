using KubeSharp.Api.Core.V1;

namespace KubeSharp.Scheduler.Framework;

/// <summary>
/// A consistent view of the cluster for one scheduling cycle (upstream's <c>internal/cache.Snapshot</c>): the node
/// infos in a stable order, the nodes that have pods with (required anti-)affinity, and lookup by name.
/// </summary>
public sealed class Snapshot
{
    private readonly Dictionary<string, NodeInfo> _byName;
    private readonly List<NodeInfo> _withAffinity = [];
    private readonly Dictionary<string, int> _withAffinityPositions = new(StringComparer.Ordinal);
    private readonly List<NodeInfo> _withAnti = [];
    private readonly Dictionary<string, int> _withAntiPositions = new(StringComparer.Ordinal);
    private TopologyIndexes? _topologyIndexes;

    /// <summary>A snapshot of node infos (in order).</summary>
    public Snapshot(IEnumerable<NodeInfo> nodeInfos)
    {
        ArgumentNullException.ThrowIfNull(nodeInfos);
        NodeInfos = [.. nodeInfos];
        _byName = new(NodeInfos.Count, StringComparer.Ordinal);
        foreach (var n in NodeInfos)
        {
            _byName[n.Name] = n;
        }

        RebuildAffinityLists();
    }

    /// <summary>An empty snapshot that <see cref="SchedulerCache.UpdateSnapshot"/> fills.</summary>
    public Snapshot()
        : this([])
    {
    }

    /// <summary>The cache generation this snapshot reflects.</summary>
    internal long Generation { get; set; }

    internal Dictionary<string, NodeInfo> ByName => _byName;

    internal void RebuildAffinityLists()
    {
        _withAffinity.Clear();
        _withAffinityPositions.Clear();
        _withAnti.Clear();
        _withAntiPositions.Clear();
        foreach (var n in NodeInfos)
        {
            UpdateAffinityLists(n.Name, n);
        }
    }

    /// <summary>Puts <paramref name="updated"/> in (or takes its node out of) the affinity lists.</summary>
    private void UpdateAffinityLists(string nodeName, NodeInfo updated)
    {
        Place(_withAffinity, _withAffinityPositions, nodeName, updated, updated.PodsWithAffinity.Count > 0);
        Place(_withAnti, _withAntiPositions, nodeName, updated, updated.PodsWithRequiredAntiAffinity.Count > 0);
    }

    private static void Place(List<NodeInfo> list, Dictionary<string, int> positions, string nodeName, NodeInfo updated, bool member)
    {
        if (positions.TryGetValue(nodeName, out var i))
        {
            if (member)
            {
                list[i] = updated;
                return;
            }

            var last = list[^1];
            list[i] = last;
            positions[last.Name] = i;
            list.RemoveAt(list.Count - 1);
            positions.Remove(nodeName);
        }
        else if (member)
        {
            positions[nodeName] = list.Count;
            list.Add(updated);
        }
    }

    /// <summary>An empty snapshot.</summary>
    public static Snapshot Empty { get; } = new([]);

    /// <summary>
    /// A snapshot built from pods and nodes (upstream's <c>NewSnapshot</c>): pods are placed on their spec.nodeName,
    /// image states get their cluster-wide node counts.
    /// </summary>
    public static Snapshot Create(IEnumerable<Pod> pods, IEnumerable<Node> nodes)
    {
        ArgumentNullException.ThrowIfNull(pods);
        ArgumentNullException.ThrowIfNull(nodes);
        var infos = new Dictionary<string, NodeInfo>(StringComparer.Ordinal);
        var order = new List<NodeInfo>();
        foreach (var node in nodes)
        {
            var info = new NodeInfo();
            info.SetNode(node);
            infos[node.Metadata.Name] = info;
            order.Add(info);
        }

        foreach (var pod in pods)
        {
            if (infos.TryGetValue(pod.Spec.NodeName, out var info))
            {
                info.AddPod(pod);
            }
        }

        var images = CreateImageStates(order.Select(i => i.Node!));
        foreach (var info in order)
        {
            info.ImageStates = ImageStatesFor(info.Node!, images);
        }

        return new Snapshot(order);
    }

    /// <summary>For each image name, its size and the number of nodes that have it.</summary>
    public static Dictionary<string, ImageStateSummary> CreateImageStates(IEnumerable<Node> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var result = new Dictionary<string, ImageStateSummary>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            if (node.Status.Images is null)
            {
                continue;
            }

            foreach (var image in node.Status.Images)
            {
                if (image.Names is null)
                {
                    continue;
                }

                foreach (var name in image.Names)
                {
                    result[name] = result.TryGetValue(name, out var s)
                        ? s with { NumNodes = s.NumNodes + 1 }
                        : new ImageStateSummary(image.SizeBytes, 1);
                }
            }
        }

        return result;
    }

    /// <summary>The image states of one node, from the cluster-wide map.</summary>
    public static IReadOnlyDictionary<string, ImageStateSummary> ImageStatesFor(Node node, Dictionary<string, ImageStateSummary> clusterImages)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(clusterImages);
        if (node.Status.Images is not { Count: > 0 })
        {
            return NodeInfo.NoImages;
        }

        var states = new Dictionary<string, ImageStateSummary>(StringComparer.Ordinal);
        foreach (var image in node.Status.Images)
        {
            if (image.Names is null)
            {
                continue;
            }

            foreach (var name in image.Names)
            {
                if (clusterImages.TryGetValue(name, out var s))
                {
                    states[name] = s with { Size = image.SizeBytes };
                }
            }
        }

        return states.Count == 0 ? NodeInfo.NoImages : states;
    }

    /// <summary>All node infos.</summary>
    public List<NodeInfo> NodeInfos { get; private set; }

    /// <summary>Node infos that have pods with any pod (anti-)affinity (in no particular order).</summary>
    public IReadOnlyList<NodeInfo> HavePodsWithAffinity => _withAffinity;

    /// <summary>Node infos that have pods with required anti-affinity (in no particular order).</summary>
    public IReadOnlyList<NodeInfo> HavePodsWithRequiredAntiAffinity => _withAnti;

    /// <summary>The number of nodes.</summary>
    public int NumNodes => NodeInfos.Count;

    internal void SetNodeInfos(List<NodeInfo> nodeInfos)
    {
        NodeInfos = nodeInfos;
        _topologyIndexes?.Invalidate();
        Positions.Clear();
        for (var i = 0; i < nodeInfos.Count; i++)
        {
            Positions[nodeInfos[i].Name] = i;
        }
    }

    /// <summary>Each node's index in <see cref="NodeInfos"/> (maintained by the cache).</summary>
    internal Dictionary<string, int> Positions { get; } = new(StringComparer.Ordinal);

    /// <summary>Pod counts per topology domain kept incrementally for PodTopologySpread and InterPodAffinity.</summary>
    internal TopologyIndexes TopologyIndexes => _topologyIndexes ??= new TopologyIndexes(this);

    /// <summary>The cache replaced the node info of <paramref name="nodeName"/> in place (same position in <see cref="NodeInfos"/>).</summary>
    internal void NodeInfoReplaced(string nodeName, NodeInfo updated)
    {
        UpdateAffinityLists(nodeName, updated);
        _topologyIndexes?.NodeChanged(nodeName, updated);
    }

    /// <summary>A node info by node name.</summary>
    public NodeInfo? Get(string nodeName) => _byName.GetValueOrDefault(nodeName);

    /// <summary>Namespace labels for namespaceSelector matching (set by the cache; empty in a bare snapshot).</summary>
    public Func<string, IReadOnlyDictionary<string, string>?> NamespaceLabels { get; set; } = static _ => null;
}
