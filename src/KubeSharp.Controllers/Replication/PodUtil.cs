using KubeSharp.Api.Core.V1;

namespace KubeSharp.Controllers.Replication;

/// <summary>Pod state helpers (upstream podutil and controller_utils).</summary>
public static class PodUtil
{
    /// <summary>Not finished and not being deleted (upstream IsPodActive).</summary>
    public static bool IsActive(Pod pod)
        => pod.Status.Phase is not ("Succeeded" or "Failed") && pod.Metadata.DeletionTimestamp is null;

    /// <summary>The Ready condition, if present.</summary>
    public static PodCondition? ReadyCondition(Pod pod) => pod.Status.Conditions?.FirstOrDefault(c => c.Type == "Ready");

    /// <summary>Ready=True.</summary>
    public static bool IsReady(Pod pod) => ReadyCondition(pod)?.Status == "True";

    /// <summary>Ready for at least <paramref name="minReadySeconds"/> (upstream IsPodAvailable).</summary>
    public static bool IsAvailable(Pod pod, int minReadySeconds, DateTimeOffset now)
    {
        if (ReadyCondition(pod) is not { Status: "True" } ready)
        {
            return false;
        }
        if (minReadySeconds == 0)
        {
            return true;
        }
        var since = ready.LastTransitionTime;
        return !since.IsZero && since.ToDateTimeOffset().AddSeconds(minReadySeconds) < now;
    }

    /// <summary>
    /// The order in which surplus pods are deleted (upstream ActivePods ranking): unscheduled before scheduled,
    /// Pending before Unknown before Running, not ready before ready, ready for less time before longer, more container
    /// restarts before fewer, newer before older.
    /// </summary>
    public static int CompareForDeletion(Pod a, Pod b)
    {
        int c;
        if ((c = (a.Spec.NodeName.Length == 0 ? 0 : 1).CompareTo(b.Spec.NodeName.Length == 0 ? 0 : 1)) != 0)
        {
            return c;
        }
        if ((c = PhaseRank(a).CompareTo(PhaseRank(b))) != 0)
        {
            return c;
        }
        if ((c = (IsReady(a) ? 1 : 0).CompareTo(IsReady(b) ? 1 : 0)) != 0)
        {
            return c;
        }
        if (IsReady(a) && IsReady(b))
        {
            // Ready for less time first: the later transition first.
            if ((c = ReadyCondition(b)!.LastTransitionTime.CompareTo(ReadyCondition(a)!.LastTransitionTime)) != 0)
            {
                return c;
            }
        }
        if ((c = Restarts(b).CompareTo(Restarts(a))) != 0)
        {
            return c;
        }
        return b.Metadata.CreationTimestamp.CompareTo(a.Metadata.CreationTimestamp);
    }

    private static int PhaseRank(Pod pod) => pod.Status.Phase switch
    {
        "Pending" => 0,
        "Unknown" => 1,
        "Running" => 2,
        _ => 0,
    };

    private static int Restarts(Pod pod) => pod.Status.ContainerStatuses?.Max(s => (int?)s.RestartCount) ?? 0;
}
