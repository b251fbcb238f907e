using KubeSharp.Api.Core.V1;

namespace KubeSharp.Controllers.NodeLifecycle;

/// <summary>The node-controller taint keys (the matching itself is <see cref="Api.Scheduling.Tolerations"/>).</summary>
public static class NodeTaints
{
    /// <summary>Ready is False.</summary>
    public const string NotReady = "node.kubernetes.io/not-ready";

    /// <summary>Ready is Unknown (the node controller lost contact).</summary>
    public const string Unreachable = "node.kubernetes.io/unreachable";

    /// <summary>spec.unschedulable.</summary>
    public const string Unschedulable = "node.kubernetes.io/unschedulable";

    /// <summary>The NoSchedule taints of TaintNodesByCondition: condition type -> (status -> taint key).</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> ConditionTaints =
        new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal)
        {
            ["Ready"] = new Dictionary<string, string>(StringComparer.Ordinal) { ["False"] = NotReady, ["Unknown"] = Unreachable },
            ["MemoryPressure"] = new Dictionary<string, string>(StringComparer.Ordinal) { ["True"] = "node.kubernetes.io/memory-pressure" },
            ["DiskPressure"] = new Dictionary<string, string>(StringComparer.Ordinal) { ["True"] = "node.kubernetes.io/disk-pressure" },
            ["NetworkUnavailable"] = new Dictionary<string, string>(StringComparer.Ordinal) { ["True"] = "node.kubernetes.io/network-unavailable" },
            ["PIDPressure"] = new Dictionary<string, string>(StringComparer.Ordinal) { ["True"] = "node.kubernetes.io/pid-pressure" },
        };

    /// <summary>
    /// Upstream's getMinTolerationTime: the smallest tolerationSeconds (0 when none were used or one is &lt;= 0), or
    /// null when every used toleration tolerates forever.
    /// </summary>
    public static TimeSpan? MinTolerationTime(IReadOnlyList<Toleration> used)
    {
        ArgumentNullException.ThrowIfNull(used);
        if (used.Count == 0)
        {
            return TimeSpan.Zero;
        }
        long? min = null;
        foreach (var toleration in used)
        {
            if (toleration.TolerationSeconds is { } seconds)
            {
                if (seconds <= 0)
                {
                    return TimeSpan.Zero;
                }
                min = min is null ? seconds : Math.Min(min.Value, seconds);
            }
        }
        return min is null ? null : TimeSpan.FromSeconds(min.Value);
    }
}
