using KubeSharp.Api.Core.V1;

namespace KubeSharp.Controllers.NodeLifecycle;

/// <summary>The node-controller taint keys and upstream's taint / toleration matching.</summary>
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

    /// <summary>Whether the toleration tolerates the taint (upstream's <c>Toleration.ToleratesTaint</c>).</summary>
    public static bool Tolerates(Toleration toleration, Taint taint)
    {
        ArgumentNullException.ThrowIfNull(toleration);
        ArgumentNullException.ThrowIfNull(taint);
        if (toleration.Effect.Length > 0 && toleration.Effect != taint.Effect)
        {
            return false;
        }
        if (toleration.Key.Length > 0 && toleration.Key != taint.Key)
        {
            return false;
        }
        return toleration.Operator switch
        {
            "" or "Equal" => toleration.Value == taint.Value,
            "Exists" => true,
            _ => false,
        };
    }

    /// <summary>
    /// Upstream's GetMatchingTolerations: whether every taint is tolerated, and the tolerations used (for each taint the
    /// first toleration matching it).
    /// </summary>
    public static (bool AllTolerated, List<Toleration> Used) MatchingTolerations(IReadOnlyList<Taint> taints, IReadOnlyList<Toleration>? tolerations)
    {
        ArgumentNullException.ThrowIfNull(taints);
        var used = new List<Toleration>();
        foreach (var taint in taints)
        {
            var match = tolerations?.FirstOrDefault(t => Tolerates(t, taint));
            if (match is null)
            {
                return (false, []);
            }
            used.Add(match);
        }
        return (true, used);
    }

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
