using KubeSharp.Api.Core.V1;

namespace KubeSharp.Scheduler.Framework;

/// <summary>
/// The scheduler's view of nodes and pods (upstream's <c>internal/cache</c>): fed by the informers, plus pods the
/// scheduler assumed on a node before their binding was confirmed. <see cref="UpdateSnapshot"/> copies only the
/// node infos that changed since the snapshot's generation. Nodes are listed zone by zone, round robin (upstream's
/// node tree), so the filter loop's early stop does not favour one zone. Thread-safe.
/// </summary>
public sealed class SchedulerCache
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, NodeInfo> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (Pod Pod, bool Assumed, bool BindingFinished)> _pods = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ImageStateSummary> _imageStates = new(StringComparer.Ordinal);
    private readonly HashSet<string> _dirty = new(StringComparer.Ordinal);
    private long _generation;
    private int _nodesWithNode;
    private bool _structureChanged = true;
    private bool _imagesChanged;
    private Snapshot? _lastSnapshot;

    /// <summary>The number of nodes with a Node object.</summary>
    public int NodeCount
    {
        get
        {
            lock (_lock)
            {
                return _nodesWithNode;
            }
        }
    }

    /// <summary>The number of pods (assumed ones included).</summary>
    public int PodCount
    {
        get
        {
            lock (_lock)
            {
                return _pods.Count;
            }
        }
    }

    private static string Key(Pod pod) => PodInfo.PodKey(pod);

    private NodeInfo GetOrCreate(string nodeName)
    {
        if (!_nodes.TryGetValue(nodeName, out var info))
        {
            info = new NodeInfo();
            _nodes[nodeName] = info;
            _structureChanged = true;
        }

        return info;
    }

    /// <summary>Adds or updates a node.</summary>
    public void AddOrUpdateNode(Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        lock (_lock)
        {
            var info = GetOrCreate(node.Metadata.Name);
            var hadNode = info.Node is not null;
            var oldZone = hadNode ? ZoneKey(info.Node!) : null;
            if (info.Node is { } old)
            {
                RemoveImages(old);
            }

            info.SetNode(node);
            if (!hadNode)
            {
                _nodesWithNode++;
            }

            AddImages(node);
            _dirty.Add(node.Metadata.Name);
            if (!hadNode || oldZone != ZoneKey(node))
            {
                _structureChanged = true;
            }

            _generation++;
        }
    }

    /// <summary>Removes a node (its pods stay until they are deleted, as upstream).</summary>
    public void RemoveNode(string nodeName)
    {
        lock (_lock)
        {
            if (!_nodes.TryGetValue(nodeName, out var info) || info.Node is null)
            {
                return;
            }

            RemoveImages(info.Node);
            _nodesWithNode--;
            if (info.Pods.Count == 0)
            {
                _nodes.Remove(nodeName);
            }
            else
            {
                info.RemoveNode();
            }

            _structureChanged = true;
            _generation++;
        }
    }

    /// <summary>Assumes a pod (spec.nodeName set to the chosen node) before binding (upstream's <c>AssumePod</c>).</summary>
    public void AssumePod(Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        lock (_lock)
        {
            var key = Key(pod);
            if (_pods.ContainsKey(key))
            {
                throw new InvalidOperationException($"pod {pod.Metadata.Namespace}/{pod.Metadata.Name}({key}) is in the cache, so can't be assumed");
            }

            GetOrCreate(pod.Spec.NodeName).AddPod(pod);
            _dirty.Add(pod.Spec.NodeName);
            _pods[key] = (pod, true, false);
            _generation++;
        }
    }

    /// <summary>The binding call for an assumed pod returned (upstream's <c>FinishBinding</c>).</summary>
    public void FinishBinding(Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        lock (_lock)
        {
            var key = Key(pod);
            if (_pods.TryGetValue(key, out var entry) && entry.Assumed)
            {
                _pods[key] = entry with { BindingFinished = true };
            }
        }
    }

    /// <summary>Drops an assumed pod whose binding failed (upstream's <c>ForgetPod</c>).</summary>
    public void ForgetPod(Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        lock (_lock)
        {
            var key = Key(pod);
            if (_pods.TryGetValue(key, out var entry) && entry.Assumed)
            {
                RemoveFromNode(entry.Pod);
                _pods.Remove(key);
                _generation++;
            }
        }
    }

    /// <summary>Whether the pod is assumed and not yet confirmed by the informer.</summary>
    public bool IsAssumed(Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        lock (_lock)
        {
            return _pods.TryGetValue(Key(pod), out var e) && e.Assumed;
        }
    }

    /// <summary>A bound pod was added or updated (informer); confirms an assumed pod.</summary>
    public void AddOrUpdatePod(Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        if (pod.Spec.NodeName.Length == 0)
        {
            return;
        }

        lock (_lock)
        {
            var key = Key(pod);
            if (_pods.TryGetValue(key, out var entry))
            {
                RemoveFromNode(entry.Pod);
            }

            GetOrCreate(pod.Spec.NodeName).AddPod(pod);
            _dirty.Add(pod.Spec.NodeName);
            _pods[key] = (pod, false, false);
            _generation++;
        }
    }

    /// <summary>A pod was deleted (informer).</summary>
    public void RemovePod(Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        lock (_lock)
        {
            var key = Key(pod);
            if (_pods.Remove(key, out var entry))
            {
                RemoveFromNode(entry.Pod);
                _generation++;
            }
        }
    }

    private void RemoveFromNode(Pod pod)
    {
        if (_nodes.TryGetValue(pod.Spec.NodeName, out var info))
        {
            info.RemovePod(pod);
            _dirty.Add(pod.Spec.NodeName);
            if (info.Node is null && info.Pods.Count == 0)
            {
                _nodes.Remove(pod.Spec.NodeName);
                _structureChanged = true;
            }
        }
    }

    private void AddImages(Node node)
    {
        if (node.Status.Images is not { Count: > 0 })
        {
            return;
        }

        _imagesChanged = true;
        foreach (var image in node.Status.Images)
        {
            foreach (var name in image.Names ?? [])
            {
                _imageStates[name] = _imageStates.TryGetValue(name, out var s)
                    ? s with { NumNodes = s.NumNodes + 1 }
                    : new ImageStateSummary(image.SizeBytes, 1);
            }
        }
    }

    private void RemoveImages(Node node)
    {
        if (node.Status.Images is not { Count: > 0 })
        {
            return;
        }

        _imagesChanged = true;
        foreach (var image in node.Status.Images)
        {
            foreach (var name in image.Names ?? [])
            {
                if (_imageStates.TryGetValue(name, out var s))
                {
                    if (s.NumNodes <= 1)
                    {
                        _imageStates.Remove(name);
                    }
                    else
                    {
                        _imageStates[name] = s with { NumNodes = s.NumNodes - 1 };
                    }
                }
            }
        }
    }

    private static string ZoneKey(Node node)
    {
        var labels = node.Metadata.Labels;
        if (labels is null)
        {
            return "";
        }

        labels.TryGetValue("topology.kubernetes.io/region", out var region);
        labels.TryGetValue("topology.kubernetes.io/zone", out var zone);
        return (region ?? "") + ":\0:" + (zone ?? "");
    }

    /// <summary>
    /// Brings <paramref name="snapshot"/> up to date (upstream's <c>UpdateSnapshot</c>): node infos whose generation
    /// moved are cloned in; the node list (zone-interleaved) and the affinity lists are rebuilt when needed.
    /// </summary>
    public void UpdateSnapshot(Snapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        lock (_lock)
        {
            if (snapshot.Generation == _generation && !_structureChanged && !_imagesChanged && snapshot.NodeInfos.Count > 0)
            {
                return;
            }

            var byName = snapshot.ByName;
            var rebuild = _structureChanged || byName.Count != _nodesWithNode;
            var affinityChanged = false;

            // The scheduler keeps one snapshot: after the first full pass only the nodes changed since are visited.
            IEnumerable<string> candidates = ReferenceEquals(_lastSnapshot, snapshot) ? _dirty : _nodes.Keys;
            foreach (var name in candidates)
            {
                if (!_nodes.TryGetValue(name, out var info) || info.Node is null)
                {
                    continue;
                }

                if (byName.TryGetValue(name, out var existing) && existing.Generation == info.Generation)
                {
                    continue;
                }

                var clone = info.Clone();
                if (info.Node.Status.Images is { Count: > 0 })
                {
                    // Without images the clone keeps the shared empty map.
                    clone.ImageStates = Snapshot.ImageStatesFor(info.Node, _imageStates);
                }
                byName[name] = clone;
                if (!rebuild && existing is not null && snapshot.Positions.TryGetValue(name, out var position))
                {
                    snapshot.NodeInfos[position] = clone;
                    // Also puts the clone into the snapshot's affinity lists (upstream keeps the pointer and copies
                    // into it; we replace the reference, so the lists must follow).
                    snapshot.NodeInfoReplaced(name, clone);
                }
                else
                {
                    rebuild = true;
                }
            }

            _dirty.Clear();
            _lastSnapshot = snapshot;
            if (rebuild)
            {
                foreach (var name in byName.Keys.ToList())
                {
                    if (!_nodes.TryGetValue(name, out var info) || info.Node is null)
                    {
                        byName.Remove(name);
                    }
                }

                snapshot.SetNodeInfos(ZoneInterleaved(byName.Values));
                _structureChanged = false;
                affinityChanged = true;
            }

            if (affinityChanged)
            {
                snapshot.RebuildAffinityLists();
            }

            if (_imagesChanged)
            {
                // Image spread (NumNodes) is cluster-wide: every node's view of it is refreshed.
                foreach (var info in snapshot.NodeInfos)
                {
                    info.ImageStates = Snapshot.ImageStatesFor(info.Node!, _imageStates);
                }

                _imagesChanged = false;
            }

            snapshot.Generation = _generation;
        }
    }

    private static List<NodeInfo> ZoneInterleaved(IEnumerable<NodeInfo> infos)
    {
        var zones = new List<List<NodeInfo>>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var info in infos.OrderBy(i => i.Name, StringComparer.Ordinal))
        {
            var zone = ZoneKey(info.Node!);
            if (!index.TryGetValue(zone, out var z))
            {
                z = zones.Count;
                index[zone] = z;
                zones.Add([]);
            }

            zones[z].Add(info);
        }

        var result = new List<NodeInfo>();
        for (var round = 0; result.Count < zones.Sum(z => z.Count); round++)
        {
            foreach (var zone in zones)
            {
                if (round < zone.Count)
                {
                    result.Add(zone[round]);
                }
            }
        }

        return result;
    }
}
