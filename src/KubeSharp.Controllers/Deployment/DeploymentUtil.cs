using System.Globalization;
using KubeSharp.Api;
using KubeSharp.Api.Apps.V1;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Serialization;
using KubeSharp.Controllers.Infrastructure;

namespace KubeSharp.Controllers.Deployment;

/// <summary>
/// The deployment controller's arithmetic (upstream pkg/controller/deployment/util and the scaling parts of
/// rolling.go/sync.go) as pure functions over ReplicaSets: fenceposts, how far the new ReplicaSet may grow, how far old
/// ones may shrink, proportional scaling, revisions and the annotations that carry them, and the pod-template-hash.
/// </summary>
public static class DeploymentUtil
{
    /// <summary>The revision of the template a ReplicaSet runs (also copied to the Deployment).</summary>
    public const string RevisionAnnotation = "deployment.kubernetes.io/revision";

    /// <summary>Earlier revisions a ReplicaSet had (rolled back to), comma separated.</summary>
    public const string RevisionHistoryAnnotation = "deployment.kubernetes.io/revision-history";

    /// <summary>The Deployment's replicas when the ReplicaSet was last scaled (proportional scaling).</summary>
    public const string DesiredReplicasAnnotation = "deployment.kubernetes.io/desired-replicas";

    /// <summary>The Deployment's replicas + maxSurge when the ReplicaSet was last scaled (proportional scaling).</summary>
    public const string MaxReplicasAnnotation = "deployment.kubernetes.io/max-replicas";

    /// <summary>The label (and selector term) that keeps the pods of different templates apart.</summary>
    public const string DefaultDeploymentUniqueLabelKey = "pod-template-hash";

    /// <summary>Deprecated rollback request annotation (extensions/v1beta1); never copied between objects.</summary>
    public const string DeprecatedRollbackTo = "deprecated.deployment.rollback.to";

    /// <summary>kubectl apply's annotation; never copied from the Deployment to its ReplicaSets.</summary>
    public const string LastAppliedConfigAnnotation = "kubectl.kubernetes.io/last-applied-configuration";

    /// <summary>The longest revision-history annotation the controller writes.</summary>
    public const int MaxRevisionHistoryLengthInChars = 2000;

    /// <summary>Strategy type names.</summary>
    public const string RollingUpdateStrategy = "RollingUpdate";

    /// <summary>See <see cref="RollingUpdateStrategy"/>.</summary>
    public const string RecreateStrategy = "Recreate";

    private static readonly HashSet<string> AnnotationsToSkip = new(StringComparer.Ordinal)
    {
        LastAppliedConfigAnnotation, RevisionAnnotation, RevisionHistoryAnnotation, DesiredReplicasAnnotation, MaxReplicasAnnotation, DeprecatedRollbackTo,
    };

    /// <summary>spec.replicas as defaulting leaves it (1 when unset).</summary>
    public static int Replicas(Api.Apps.V1.Deployment deployment) => deployment.Spec.Replicas ?? 1;

    /// <summary>spec.replicas of a ReplicaSet (1 when unset, as defaulted).</summary>
    public static int Replicas(ReplicaSet rs) => rs.Spec.Replicas ?? 1;

    /// <summary>Whether the strategy is RollingUpdate.</summary>
    public static bool IsRollingUpdate(Api.Apps.V1.Deployment deployment) => deployment.Spec.Strategy.Type == RollingUpdateStrategy;

    /// <summary>
    /// Upstream ResolveFenceposts: maxSurge rounds up, maxUnavailable rounds down; when both come out 0,
    /// maxUnavailable becomes 1 (validation refuses explicit 0/0, rounding can still produce it).
    /// </summary>
    /// <exception cref="FormatException">A value is a string that is not a percentage.</exception>
    public static (int Surge, int Unavailable) ResolveFenceposts(IntOrString? maxSurge, IntOrString? maxUnavailable, int desired)
    {
        var surge = (int)IntOrString.GetScaledValueFromIntOrPercent(maxSurge ?? IntOrString.FromInt32(0), desired, roundUp: true);
        var unavailable = (int)IntOrString.GetScaledValueFromIntOrPercent(maxUnavailable ?? IntOrString.FromInt32(0), desired, roundUp: false);
        if (surge == 0 && unavailable == 0)
        {
            unavailable = 1;
        }
        return (surge, unavailable);
    }

    /// <summary>Upstream MaxUnavailable: 0 unless RollingUpdate with replicas &gt; 0; never more than replicas.</summary>
    public static int MaxUnavailable(Api.Apps.V1.Deployment deployment)
    {
        var replicas = Replicas(deployment);
        if (!IsRollingUpdate(deployment) || replicas == 0)
        {
            return 0;
        }
        var rolling = deployment.Spec.Strategy.RollingUpdate;
        var (_, unavailable) = ResolveFenceposts(rolling?.MaxSurge, rolling?.MaxUnavailable, replicas);
        return Math.Min(unavailable, replicas);
    }

    /// <summary>Upstream MinAvailable: replicas - maxUnavailable for RollingUpdate, else 0.</summary>
    public static int MinAvailable(Api.Apps.V1.Deployment deployment)
        => IsRollingUpdate(deployment) ? Replicas(deployment) - MaxUnavailable(deployment) : 0;

    /// <summary>Upstream MaxSurge: the resolved surge for RollingUpdate, else 0.</summary>
    public static int MaxSurge(Api.Apps.V1.Deployment deployment)
    {
        if (!IsRollingUpdate(deployment))
        {
            return 0;
        }
        var rolling = deployment.Spec.Strategy.RollingUpdate;
        return ResolveFenceposts(rolling?.MaxSurge, rolling?.MaxUnavailable, Replicas(deployment)).Surge;
    }

    /// <summary>Sum of spec.replicas.</summary>
    public static int GetReplicaCountForReplicaSets(IEnumerable<ReplicaSet?> replicaSets)
        => replicaSets.Where(rs => rs is not null).Sum(rs => Replicas(rs!));

    /// <summary>Sum of status.replicas.</summary>
    public static int GetActualReplicaCountForReplicaSets(IEnumerable<ReplicaSet?> replicaSets)
        => replicaSets.Where(rs => rs is not null).Sum(rs => rs!.Status.Replicas);

    /// <summary>Sum of status.readyReplicas.</summary>
    public static int GetReadyReplicaCountForReplicaSets(IEnumerable<ReplicaSet?> replicaSets)
        => replicaSets.Where(rs => rs is not null).Sum(rs => rs!.Status.ReadyReplicas);

    /// <summary>Sum of status.availableReplicas.</summary>
    public static int GetAvailableReplicaCountForReplicaSets(IEnumerable<ReplicaSet?> replicaSets)
        => replicaSets.Where(rs => rs is not null).Sum(rs => rs!.Status.AvailableReplicas);

    /// <summary>
    /// Upstream NewRSNewReplicas: Recreate goes straight to replicas; RollingUpdate grows the new ReplicaSet while all
    /// ReplicaSets together stay within replicas + maxSurge, never beyond replicas.
    /// </summary>
    public static int NewRSNewReplicas(Api.Apps.V1.Deployment deployment, IReadOnlyCollection<ReplicaSet> allRSs, ReplicaSet newRS)
    {
        var replicas = Replicas(deployment);
        switch (deployment.Spec.Strategy.Type)
        {
            case RollingUpdateStrategy:
                var maxSurge = (int)IntOrString.GetScaledValueFromIntOrPercent(deployment.Spec.Strategy.RollingUpdate?.MaxSurge, replicas, roundUp: true);
                var currentPodCount = GetReplicaCountForReplicaSets(allRSs);
                var maxTotalPods = replicas + maxSurge;
                if (currentPodCount >= maxTotalPods)
                {
                    return Replicas(newRS);
                }
                var scaleUpCount = Math.Min(maxTotalPods - currentPodCount, replicas - Replicas(newRS));
                return Replicas(newRS) + scaleUpCount;
            case RecreateStrategy:
                return replicas;
            default:
                throw new InvalidOperationException($"deployment type {deployment.Spec.Strategy.Type} isn't supported");
        }
    }

    /// <summary>
    /// reconcileOldReplicaSets' bound: how many old pods may go now, counting surge pods already created and
    /// not-yet-available pods of the new ReplicaSet (so that they do not let the old ones shrink further).
    /// </summary>
    public static int MaxScaledDown(Api.Apps.V1.Deployment deployment, IReadOnlyCollection<ReplicaSet> allRSs, ReplicaSet newRS)
    {
        var minAvailable = Replicas(deployment) - MaxUnavailable(deployment);
        var newRSUnavailable = Replicas(newRS) - newRS.Status.AvailableReplicas;
        return GetReplicaCountForReplicaSets(allRSs) - minAvailable - newRSUnavailable;
    }

    /// <summary>
    /// Upstream cleanupUnhealthyReplicas: oldest first, shrink old ReplicaSets by their unavailable replicas (this does
    /// not lower availability), in total at most <paramref name="maxCleanupCount"/>. Returns the new sizes to apply.
    /// </summary>
    public static List<(ReplicaSet ReplicaSet, int Replicas)> PlanCleanupUnhealthyReplicas(IEnumerable<ReplicaSet> oldRSs, int maxCleanupCount)
    {
        var plan = new List<(ReplicaSet, int)>();
        var totalScaledDown = 0;
        foreach (var rs in oldRSs.OrderBy(r => r, ReplicaSetsByCreationTimestamp.Instance))
        {
            if (totalScaledDown >= maxCleanupCount)
            {
                break;
            }
            var replicas = Replicas(rs);
            if (replicas == 0 || replicas == rs.Status.AvailableReplicas)
            {
                continue;
            }
            var scaledDown = Math.Min(maxCleanupCount - totalScaledDown, replicas - rs.Status.AvailableReplicas);
            if (scaledDown <= 0)
            {
                continue;
            }
            plan.Add((rs, replicas - scaledDown));
            totalScaledDown += scaledDown;
        }
        return plan;
    }

    /// <summary>
    /// Upstream scaleDownOldReplicaSetsForRollingUpdate: oldest first, remove available old pods beyond minAvailable.
    /// <paramref name="allRSs"/> must reflect the cleanup step already planned. Returns the new sizes to apply.
    /// </summary>
    public static List<(ReplicaSet ReplicaSet, int Replicas)> PlanScaleDownOldReplicaSetsForRollingUpdate(
        Api.Apps.V1.Deployment deployment, IReadOnlyCollection<ReplicaSet> allRSs, IEnumerable<ReplicaSet> oldRSs)
    {
        var plan = new List<(ReplicaSet, int)>();
        var minAvailable = Replicas(deployment) - MaxUnavailable(deployment);
        var availablePodCount = GetAvailableReplicaCountForReplicaSets(allRSs);
        if (availablePodCount <= minAvailable)
        {
            return plan;
        }
        var totalScaleDownCount = availablePodCount - minAvailable;
        var totalScaledDown = 0;
        foreach (var rs in oldRSs.OrderBy(r => r, ReplicaSetsByCreationTimestamp.Instance))
        {
            if (totalScaledDown >= totalScaleDownCount)
            {
                break;
            }
            var replicas = Replicas(rs);
            if (replicas == 0)
            {
                continue;
            }
            var scaleDown = Math.Min(replicas, totalScaleDownCount - totalScaledDown);
            plan.Add((rs, replicas - scaleDown));
            totalScaledDown += scaleDown;
        }
        return plan;
    }

    /// <summary>
    /// Upstream reconcileOldReplicaSets as a plan: if old pods may go (<see cref="MaxScaledDown"/> &gt; 0), first shrink
    /// old ReplicaSets by their unhealthy replicas, then by available ones down to minAvailable. Returns each old
    /// ReplicaSet whose size changes with its final size.
    /// </summary>
    public static List<(ReplicaSet ReplicaSet, int Replicas)> PlanReconcileOldReplicaSets(Api.Apps.V1.Deployment deployment, IReadOnlyList<ReplicaSet> oldRSs, ReplicaSet newRS)
    {
        var result = new List<(ReplicaSet, int)>();
        if (GetReplicaCountForReplicaSets(oldRSs) == 0)
        {
            return result;
        }
        var maxScaledDown = MaxScaledDown(deployment, [.. oldRSs, newRS], newRS);
        if (maxScaledDown <= 0)
        {
            return result;
        }
        // Work on copies so that the scale-down step sees the sizes the cleanup step leaves.
        var copies = oldRSs.Select(rs => rs.DeepCopy()).ToList();
        foreach (var (rs, replicas) in PlanCleanupUnhealthyReplicas(copies, maxScaledDown))
        {
            rs.Spec.Replicas = replicas;
        }
        foreach (var (rs, replicas) in PlanScaleDownOldReplicaSetsForRollingUpdate(deployment, [.. copies, newRS], copies))
        {
            rs.Spec.Replicas = replicas;
        }
        for (var i = 0; i < copies.Count; i++)
        {
            if (Replicas(copies[i]) != Replicas(oldRSs[i]))
            {
                result.Add((oldRSs[i], Replicas(copies[i])));
            }
        }
        return result;
    }

    /// <summary>ReplicaSets with spec.replicas &gt; 0.</summary>
    public static List<ReplicaSet> FilterActiveReplicaSets(IEnumerable<ReplicaSet?> replicaSets)
        => [.. replicaSets.Where(rs => rs is not null && Replicas(rs) > 0).Select(rs => rs!)];

    /// <summary>Upstream FindActiveOrLatest: the only active ReplicaSet; with none active the new one, else the newest old
    /// one; null when several are active.</summary>
    public static ReplicaSet? FindActiveOrLatest(ReplicaSet? newRS, IReadOnlyList<ReplicaSet> oldRSs)
    {
        if (newRS is null && oldRSs.Count == 0)
        {
            return null;
        }
        var newestFirst = oldRSs.OrderByDescending(r => r, ReplicaSetsByCreationTimestamp.Instance).ToList();
        var active = FilterActiveReplicaSets(newestFirst.Append(newRS));
        return active.Count switch
        {
            0 => newRS ?? newestFirst[0],
            1 => active[0],
            _ => null,
        };
    }

    /// <summary>Upstream IsSaturated: the new ReplicaSet has, wants and has available exactly the Deployment's replicas.</summary>
    public static bool IsSaturated(Api.Apps.V1.Deployment deployment, ReplicaSet? rs)
    {
        if (rs is null || !TryGetIntAnnotation(rs, DesiredReplicasAnnotation, out var desired))
        {
            return false;
        }
        var replicas = Replicas(deployment);
        return Replicas(rs) == replicas && desired == replicas && rs.Status.AvailableReplicas == replicas;
    }

    /// <summary>
    /// Upstream DeploymentController.scale: the sizes every ReplicaSet should have after the Deployment's replicas
    /// changed. One active (or no active) ReplicaSet takes all replicas; a saturated new ReplicaSet means old ones go to
    /// 0; otherwise (RollingUpdate) the difference to replicas + maxSurge is spread proportionally, the largest
    /// ReplicaSet taking the rounding leftover. Returns the targets in the order upstream applies them; empty when nothing
    /// is to change.
    /// </summary>
    public static List<(ReplicaSet ReplicaSet, int Replicas)> PlanScale(Api.Apps.V1.Deployment deployment, ReplicaSet? newRS, IReadOnlyList<ReplicaSet> oldRSs)
    {
        var replicas = Replicas(deployment);
        var plan = new List<(ReplicaSet, int)>();
        if (FindActiveOrLatest(newRS, oldRSs) is { } activeOrLatest)
        {
            if (Replicas(activeOrLatest) != replicas)
            {
                plan.Add((activeOrLatest, replicas));
            }
            return plan;
        }
        if (IsSaturated(deployment, newRS))
        {
            foreach (var old in FilterActiveReplicaSets(oldRSs))
            {
                plan.Add((old, 0));
            }
            return plan;
        }
        if (!IsRollingUpdate(deployment))
        {
            return plan;
        }

        var all = FilterActiveReplicaSets(oldRSs.Append(newRS));
        var allReplicas = GetReplicaCountForReplicaSets(all);
        var allowedSize = replicas > 0 ? replicas + MaxSurge(deployment) : 0;
        var toAdd = allowedSize - allReplicas;
        if (toAdd > 0)
        {
            all.Sort(ReplicaSetsBySizeNewer.Instance);
        }
        else if (toAdd < 0)
        {
            all.Sort(ReplicaSetsBySizeOlder.Instance);
        }

        var added = 0;
        var sizes = new int[all.Count];
        for (var i = 0; i < all.Count; i++)
        {
            if (toAdd != 0)
            {
                var proportion = GetReplicaSetProportion(all[i], deployment, toAdd, added);
                sizes[i] = Replicas(all[i]) + proportion;
                added += proportion;
            }
            else
            {
                sizes[i] = Replicas(all[i]);
            }
        }
        for (var i = 0; i < all.Count; i++)
        {
            if (i == 0 && toAdd != 0)
            {
                sizes[0] = Math.Max(0, sizes[0] + (toAdd - added));
            }
            plan.Add((all[i], sizes[i]));
        }
        return plan;
    }

    /// <summary>Upstream GetReplicaSetProportion: this ReplicaSet's share of the replicas to add (or remove), bounded by what is left.</summary>
    public static int GetReplicaSetProportion(ReplicaSet rs, Api.Apps.V1.Deployment deployment, int toAdd, int added)
    {
        if (Replicas(rs) == 0 || toAdd == 0 || toAdd == added)
        {
            return 0;
        }
        var fraction = GetReplicaSetFraction(rs, deployment);
        var allowed = toAdd - added;
        return toAdd > 0 ? Math.Min(fraction, allowed) : Math.Max(fraction, allowed);
    }

    private static int GetReplicaSetFraction(ReplicaSet rs, Api.Apps.V1.Deployment deployment)
    {
        var replicas = Replicas(deployment);
        if (replicas == 0)
        {
            return -Replicas(rs);
        }
        var deploymentMaxReplicas = replicas + MaxSurge(deployment);
        if (!TryGetIntAnnotation(rs, MaxReplicasAnnotation, out var annotatedReplicas))
        {
            // Not annotated (older controller or edited by hand): fall back to the Deployment's current size.
            annotatedReplicas = deployment.Status.Replicas;
        }
        if (annotatedReplicas == 0)
        {
            return 0;
        }
        var newSize = (double)Replicas(rs) * deploymentMaxReplicas / annotatedReplicas;
        return (int)Math.Round(newSize, MidpointRounding.AwayFromZero) - Replicas(rs);
    }

    private static bool TryGetIntAnnotation(ReplicaSet rs, string key, out int value)
    {
        value = 0;
        return rs.Metadata.Annotations?.TryGetValue(key, out var text) == true
            && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>The revision annotation as a number: 0 when absent; null when unparsable (upstream skips such ReplicaSets).</summary>
    public static long? Revision(IDictionary<string, string>? annotations)
    {
        if (annotations is null || !annotations.TryGetValue(RevisionAnnotation, out var text))
        {
            return 0;
        }
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    /// <summary>The highest revision among the ReplicaSets (0 when none).</summary>
    public static long MaxRevision(IEnumerable<ReplicaSet> allRSs)
        => allRSs.Select(rs => Revision(rs.Metadata.Annotations)).Where(v => v is not null).Select(v => v!.Value).DefaultIfEmpty(0).Max();

    /// <summary>The second highest revision (the one <c>rollout undo</c> goes back to).</summary>
    public static long LastRevision(IEnumerable<ReplicaSet> allRSs)
    {
        long max = 0, secondMax = 0;
        foreach (var v in allRSs.Select(rs => Revision(rs.Metadata.Annotations)))
        {
            if (v is not { } revision)
            {
                continue;
            }
            if (revision >= max)
            {
                secondMax = max;
                max = revision;
            }
            else if (revision > secondMax)
            {
                secondMax = revision;
            }
        }
        return secondMax;
    }

    /// <summary>
    /// Upstream SetNewReplicaSetAnnotations: copy the Deployment's annotations (but not apply/revision/replica ones),
    /// raise the revision to <paramref name="newRevision"/> (keeping the replaced one in revision-history, bounded to
    /// <paramref name="revisionHistoryLimitInChars"/>), and for a ReplicaSet about to be created the replica annotations.
    /// Returns whether anything changed.
    /// </summary>
    public static bool SetNewReplicaSetAnnotations(Api.Apps.V1.Deployment deployment, ReplicaSet newRS, string newRevision, bool exists, int revisionHistoryLimitInChars = MaxRevisionHistoryLengthInChars)
    {
        var changed = CopyDeploymentAnnotationsToReplicaSet(deployment, newRS);
        var annotations = newRS.Metadata.Annotations ??= new Dictionary<string, string>(StringComparer.Ordinal);
        var hadRevision = annotations.TryGetValue(RevisionAnnotation, out var oldRevision);
        long oldRevisionValue = 0;
        if (hadRevision && !long.TryParse(oldRevision, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out oldRevisionValue))
        {
            if (!string.IsNullOrEmpty(oldRevision))
            {
                return false;
            }
            oldRevisionValue = 0;
        }
        if (!long.TryParse(newRevision, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var newRevisionValue))
        {
            return false;
        }
        if (oldRevisionValue < newRevisionValue)
        {
            annotations[RevisionAnnotation] = newRevision;
            changed = true;
        }
        if (hadRevision && oldRevisionValue < newRevisionValue)
        {
            annotations.TryGetValue(RevisionHistoryAnnotation, out var history);
            history ??= "";
            var oldRevisions = history.Split(',').ToList();
            if (oldRevisions[0].Length == 0)
            {
                annotations[RevisionHistoryAnnotation] = oldRevision!;
            }
            else
            {
                var totalLength = history.Length + oldRevision!.Length + 1;
                var start = 0;
                while (totalLength > revisionHistoryLimitInChars && start < oldRevisions.Count)
                {
                    totalLength -= oldRevisions[start].Length + 1;
                    start++;
                }
                if (totalLength <= revisionHistoryLimitInChars)
                {
                    annotations[RevisionHistoryAnnotation] = string.Join(',', oldRevisions.Skip(start).Append(oldRevision));
                }
            }
        }
        if (!exists && SetReplicasAnnotations(newRS, Replicas(deployment), Replicas(deployment) + MaxSurge(deployment)))
        {
            changed = true;
        }
        return changed;
    }

    /// <summary>Sets desired-replicas and max-replicas; returns whether either changed.</summary>
    public static bool SetReplicasAnnotations(ReplicaSet rs, int desiredReplicas, int maxReplicas)
    {
        var annotations = rs.Metadata.Annotations ??= new Dictionary<string, string>(StringComparer.Ordinal);
        var changed = false;
        var desired = desiredReplicas.ToString(CultureInfo.InvariantCulture);
        if (!annotations.TryGetValue(DesiredReplicasAnnotation, out var current) || current != desired)
        {
            annotations[DesiredReplicasAnnotation] = desired;
            changed = true;
        }
        var max = maxReplicas.ToString(CultureInfo.InvariantCulture);
        if (!annotations.TryGetValue(MaxReplicasAnnotation, out current) || current != max)
        {
            annotations[MaxReplicasAnnotation] = max;
            changed = true;
        }
        return changed;
    }

    /// <summary>Whether <see cref="SetReplicasAnnotations"/> would change anything.</summary>
    public static bool ReplicasAnnotationsNeedUpdate(ReplicaSet rs, int desiredReplicas, int maxReplicas)
    {
        var annotations = rs.Metadata.Annotations;
        return annotations is null
            || !annotations.TryGetValue(DesiredReplicasAnnotation, out var desired) || desired != desiredReplicas.ToString(CultureInfo.InvariantCulture)
            || !annotations.TryGetValue(MaxReplicasAnnotation, out var max) || max != maxReplicas.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Copies the Deployment's annotations except the skipped ones; returns whether anything changed.</summary>
    public static bool CopyDeploymentAnnotationsToReplicaSet(Api.Apps.V1.Deployment deployment, ReplicaSet rs)
    {
        var changed = false;
        var target = rs.Metadata.Annotations ??= new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in deployment.Metadata.Annotations ?? [])
        {
            if (AnnotationsToSkip.Contains(key) || (target.TryGetValue(key, out var existing) && existing == value))
            {
                continue;
            }
            target[key] = value;
            changed = true;
        }
        return changed;
    }

    /// <summary>Upstream SetDeploymentAnnotationsTo (rollback): keep the Deployment's skipped annotations, take the rest from the ReplicaSet.</summary>
    public static void SetDeploymentAnnotationsTo(Api.Apps.V1.Deployment deployment, ReplicaSet rollbackTo)
    {
        var kept = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in deployment.Metadata.Annotations ?? [])
        {
            if (AnnotationsToSkip.Contains(key))
            {
                kept[key] = value;
            }
        }
        foreach (var (key, value) in rollbackTo.Metadata.Annotations ?? [])
        {
            if (!AnnotationsToSkip.Contains(key))
            {
                kept[key] = value;
            }
        }
        deployment.Metadata.Annotations = kept;
    }

    /// <summary>The pod-template-hash: <see cref="ObjectHash"/> over the template's canonical JSON (KubeJson: Go field
    /// order, sorted map keys) and the Deployment's collision count.</summary>
    public static string ComputeHash(PodTemplateSpec template, int? collisionCount)
        => ObjectHash.Compute(KubeJson.SerializeToUtf8Bytes(template), collisionCount);

    /// <summary>Upstream EqualIgnoreHash: the templates are equal once the pod-template-hash label is removed (compared
    /// on canonical JSON, where empty and absent lists and maps are alike).</summary>
    public static bool EqualIgnoreHash(PodTemplateSpec a, PodTemplateSpec b)
    {
        static byte[] Canonical(PodTemplateSpec template)
        {
            var copy = template.DeepCopy();
            copy.Metadata.Labels?.Remove(DefaultDeploymentUniqueLabelKey);
            if (copy.Metadata.Labels is { Count: 0 })
            {
                copy.Metadata.Labels = null;
            }
            return KubeJson.SerializeToUtf8Bytes(copy);
        }
        return Canonical(a).AsSpan().SequenceEqual(Canonical(b));
    }

    /// <summary>Upstream FindNewReplicaSet: the oldest ReplicaSet whose template equals the Deployment's (ignoring the hash label).</summary>
    public static ReplicaSet? FindNewReplicaSet(Api.Apps.V1.Deployment deployment, IEnumerable<ReplicaSet> replicaSets)
        => replicaSets.OrderBy(r => r, ReplicaSetsByCreationTimestamp.Instance).FirstOrDefault(rs => EqualIgnoreHash(rs.Spec.Template, deployment.Spec.Template));

    /// <summary>All ReplicaSets but <paramref name="newRS"/>.</summary>
    public static List<ReplicaSet> FindOldReplicaSets(IEnumerable<ReplicaSet> replicaSets, ReplicaSet? newRS)
        => [.. replicaSets.Where(rs => newRS is null || rs.Metadata.Uid != newRS.Metadata.Uid)];
}

/// <summary>Oldest first; ties by name (upstream ReplicaSetsByCreationTimestamp).</summary>
public sealed class ReplicaSetsByCreationTimestamp : IComparer<ReplicaSet>
{
    /// <summary>The comparer.</summary>
    public static readonly ReplicaSetsByCreationTimestamp Instance = new();

    /// <inheritdoc/>
    public int Compare(ReplicaSet? x, ReplicaSet? y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var byTime = x.Metadata.CreationTimestamp.CompareTo(y.Metadata.CreationTimestamp);
        return byTime != 0 ? byTime : string.CompareOrdinal(x.Metadata.Name, y.Metadata.Name);
    }
}

/// <summary>Largest first; equal sizes newest first (used when scaling up).</summary>
public sealed class ReplicaSetsBySizeNewer : IComparer<ReplicaSet>
{
    /// <summary>The comparer.</summary>
    public static readonly ReplicaSetsBySizeNewer Instance = new();

    /// <inheritdoc/>
    public int Compare(ReplicaSet? x, ReplicaSet? y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var bySize = DeploymentUtil.Replicas(y).CompareTo(DeploymentUtil.Replicas(x));
        return bySize != 0 ? bySize : ReplicaSetsByCreationTimestamp.Instance.Compare(y, x);
    }
}

/// <summary>Largest first; equal sizes oldest first (used when scaling down).</summary>
public sealed class ReplicaSetsBySizeOlder : IComparer<ReplicaSet>
{
    /// <summary>The comparer.</summary>
    public static readonly ReplicaSetsBySizeOlder Instance = new();

    /// <inheritdoc/>
    public int Compare(ReplicaSet? x, ReplicaSet? y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var bySize = DeploymentUtil.Replicas(y).CompareTo(DeploymentUtil.Replicas(x));
        return bySize != 0 ? bySize : ReplicaSetsByCreationTimestamp.Instance.Compare(x, y);
    }
}
