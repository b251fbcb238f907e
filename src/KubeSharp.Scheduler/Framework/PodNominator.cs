using KubeSharp.Api.Core.V1;

namespace KubeSharp.Scheduler.Framework;

/// <summary>
/// Pods nominated to nodes by preemption and not yet bound (upstream's <c>nominator</c>): the filters treat them as
/// running for pods of lower or equal priority, so those do not take the room preemption made. Thread-safe.
/// </summary>
public sealed class PodNominator
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<PodInfo>> _byNode = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _nodeOfPod = new(StringComparer.Ordinal);

    // How many pods are nominated, written under the lock and read without it: the filter loop asks IsEmpty once per
    // node visited (hundreds per pod, from several threads), and a lock there was 0.7 % of the benchmark's CPU.
    private volatile int _count;

    /// <summary>Nominates the pod to a node (replacing an earlier nomination); "" uses status.nominatedNodeName.</summary>
    public void AddNominatedPod(PodInfo podInfo, string nodeName = "")
    {
        ArgumentNullException.ThrowIfNull(podInfo);
        if (nodeName.Length == 0)
        {
            nodeName = podInfo.Pod.Status.NominatedNodeName;
        }

        lock (_lock)
        {
            RemoveLocked(podInfo.Key);
            if (nodeName.Length == 0)
            {
                return;
            }

            if (!_byNode.TryGetValue(nodeName, out var list))
            {
                list = [];
                _byNode[nodeName] = list;
            }

            list.Add(podInfo);
            _nodeOfPod[podInfo.Key] = nodeName;
            _count = _nodeOfPod.Count;
        }
    }

    /// <summary>Drops the pod's nomination (it was bound, deleted, or nominated nowhere).</summary>
    public void DeleteNominatedPodIfExists(Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        lock (_lock)
        {
            RemoveLocked(PodInfo.PodKey(pod));
        }
    }

    private void RemoveLocked(string key)
    {
        if (_nodeOfPod.Remove(key, out var node) && _byNode.TryGetValue(node, out var list))
        {
            list.RemoveAll(p => p.Key == key);
            if (list.Count == 0)
            {
                _byNode.Remove(node);
            }
        }

        _count = _nodeOfPod.Count;
    }

    /// <summary>The pods nominated to a node (a copy).</summary>
    public IReadOnlyList<PodInfo> NominatedPodsForNode(string nodeName)
    {
        lock (_lock)
        {
            return _byNode.TryGetValue(nodeName, out var list) ? [.. list] : [];
        }
    }

    /// <summary>Whether any pod is nominated anywhere (a cheap check for the filter loop, without the lock: a
    /// nomination made meanwhile is seen by the next read, as with the lock taken just before it).</summary>
    public bool IsEmpty => _count == 0;
}
