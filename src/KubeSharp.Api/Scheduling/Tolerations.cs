using KubeSharp.Api.Core.V1;

namespace KubeSharp.Api.Scheduling;

/// <summary>
/// Taint and toleration matching (upstream's <c>k8s.io/component-helpers/scheduling/corev1</c> and the core/v1
/// <c>Toleration</c> methods), shared by the scheduler, the node lifecycle controllers and the DaemonSet controller.
/// </summary>
public static class Tolerations
{
    /// <summary>Whether the toleration tolerates the taint (upstream's <c>Toleration.ToleratesTaint</c>).</summary>
    public static bool ToleratesTaint(Toleration toleration, Taint taint)
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

    /// <summary>Whether any toleration tolerates the taint (upstream's <c>TolerationsTolerateTaint</c>).</summary>
    public static bool TolerationsTolerateTaint(List<Toleration>? tolerations, Taint taint)
    {
        if (tolerations is null)
        {
            return false;
        }

        foreach (var t in tolerations)
        {
            if (ToleratesTaint(t, taint))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The first taint passing <paramref name="inclusionFilter"/> (every taint when null) that no toleration tolerates,
    /// or null (upstream's <c>FindMatchingUntoleratedTaint</c>).
    /// </summary>
    public static Taint? FindMatchingUntoleratedTaint(List<Taint>? taints, List<Toleration>? tolerations, Func<Taint, bool>? inclusionFilter)
    {
        if (taints is null)
        {
            return null;
        }

        foreach (var taint in taints)
        {
            if (inclusionFilter is not null && !inclusionFilter(taint))
            {
                continue;
            }

            if (!TolerationsTolerateTaint(tolerations, taint))
            {
                return taint;
            }
        }

        return null;
    }

    /// <summary>
    /// The first NoSchedule/NoExecute taint no toleration tolerates (upstream's <c>FindMatchingUntoleratedTaint</c>
    /// with <c>DoNotScheduleTaintsFilterFunc</c>), or null.
    /// </summary>
    public static Taint? FindUntoleratedDoNotScheduleTaint(List<Taint>? taints, List<Toleration>? tolerations)
    {
        if (taints is null)
        {
            return null;
        }

        foreach (var taint in taints)
        {
            if (taint.Effect is not ("NoSchedule" or "NoExecute"))
            {
                continue;
            }

            if (!TolerationsTolerateTaint(tolerations, taint))
            {
                return taint;
            }
        }

        return null;
    }

    /// <summary>
    /// Upstream's <c>GetMatchingTolerations</c>: whether every taint is tolerated, and the tolerations used (for each
    /// taint the first toleration matching it).
    /// </summary>
    public static (bool AllTolerated, List<Toleration> Used) MatchingTolerations(IReadOnlyList<Taint> taints, IReadOnlyList<Toleration>? tolerations)
    {
        ArgumentNullException.ThrowIfNull(taints);
        var used = new List<Toleration>();
        foreach (var taint in taints)
        {
            var match = tolerations?.FirstOrDefault(t => ToleratesTaint(t, taint));
            if (match is null)
            {
                return (false, []);
            }

            used.Add(match);
        }

        return (true, used);
    }
}
