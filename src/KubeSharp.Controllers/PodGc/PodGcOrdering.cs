using KubeSharp.Api.Core.V1;

namespace KubeSharp.Controllers.PodGc;

/// <summary>The pure part of upstream's pod garbage collector: which pods count as terminated and in which order the
/// surplus ones go.</summary>
public static class PodGcOrdering
{
    /// <summary>upstream's isPodTerminated: any phase other than Pending, Running and Unknown (Succeeded, Failed).</summary>
    public static bool IsTerminated(Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        return pod.Status.Phase is not ("Pending" or "Running" or "Unknown");
    }

    /// <summary>The kubelet's PodIsEvicted: Failed with reason Evicted.</summary>
    public static bool IsEvicted(Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        return pod.Status.Phase == "Failed" && pod.Status.Reason == "Evicted";
    }

    /// <summary>upstream's byEvictionAndCreationTimestamp: evicted pods first, then oldest first, names breaking ties.</summary>
    public static int CompareByEvictionAndCreation(Pod a, Pod b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var aEvicted = IsEvicted(a);
        if (aEvicted != IsEvicted(b))
        {
            return aEvicted ? -1 : 1;
        }
        var byTime = a.Metadata.CreationTimestamp.CompareTo(b.Metadata.CreationTimestamp);
        return byTime != 0 ? byTime : string.CompareOrdinal(a.Metadata.Name, b.Metadata.Name);
    }

    /// <summary>upstream's gcTerminated choice: the terminated pods beyond <paramref name="threshold"/>, in deletion
    /// order (none when the threshold is 0 or not exceeded).</summary>
    public static List<Pod> TerminatedToDelete(IEnumerable<Pod> pods, int threshold)
    {
        ArgumentNullException.ThrowIfNull(pods);
        if (threshold <= 0)
        {
            return [];
        }
        var terminated = pods.Where(IsTerminated).ToList();
        var deleteCount = terminated.Count - threshold;
        if (deleteCount <= 0)
        {
            return [];
        }
        terminated.Sort(CompareByEvictionAndCreation);
        return terminated.GetRange(0, deleteCount);
    }
}
