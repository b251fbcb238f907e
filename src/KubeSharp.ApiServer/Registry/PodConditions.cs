using KubeSharp.Api;
using KubeSharp.Api.Core.V1;

namespace KubeSharp.ApiServer.Registry;

/// <summary>Upstream's podutil.UpdatePodCondition.</summary>
public static class PodConditions
{
    /// <summary>Adds or replaces the condition of <paramref name="condition"/>'s type. The transition time is now,
    /// or the old one when the status did not change. Returns whether anything changed.</summary>
    public static bool Update(PodStatus status, PodCondition condition, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(condition);
        condition.LastTransitionTime = Time.Now(time).Rfc3339Copy();
        var conditions = status.Conditions ??= [];
        var index = conditions.FindIndex(c => c.Type == condition.Type);
        if (index < 0)
        {
            conditions.Add(condition);
            return true;
        }
        var old = conditions[index];
        if (condition.Status == old.Status)
        {
            condition.LastTransitionTime = old.LastTransitionTime;
        }
        var equal = condition.Status == old.Status && condition.Reason == old.Reason && condition.Message == old.Message
            && condition.LastProbeTime == old.LastProbeTime && condition.LastTransitionTime == old.LastTransitionTime;
        conditions[index] = condition;
        return !equal;
    }

    /// <summary>Upstream's IsPodReady: the Ready condition is True.</summary>
    public static bool IsReady(Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        return pod.Status.Conditions?.Find(c => c.Type == "Ready") is { Status: "True" };
    }
}
