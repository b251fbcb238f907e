using KubeSharp.Api;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Meta.V1;
using KubeSharp.Api.Policy.V1;
using KubeSharp.Controllers.Replication;

namespace KubeSharp.Controllers.Disruption;

/// <summary>
/// The pure part of upstream's disruption controller (pkg/controller/disruption and pkg/apis/policy's pdb helpers):
/// expected and desired healthy counts, the disruptedPods bookkeeping, healthy counting and the DisruptionAllowed
/// condition.
/// </summary>
public static class DisruptionMath
{
    /// <summary>How long an eviction recorded in status.disruptedPods waits for the pod's deletion (upstream's DeletionTimeout).</summary>
    public static readonly TimeSpan DeletionTimeout = TimeSpan.FromMinutes(2);

    /// <summary>The condition type (policy/v1 DisruptionAllowedCondition).</summary>
    public const string DisruptionAllowedCondition = "DisruptionAllowed";

    /// <summary>Condition reasons (policy/v1).</summary>
    public const string SufficientPodsReason = "SufficientPods";

    /// <summary>See <see cref="SufficientPodsReason"/>.</summary>
    public const string InsufficientPodsReason = "InsufficientPods";

    /// <summary>See <see cref="SufficientPodsReason"/>.</summary>
    public const string SyncFailedReason = "SyncFailed";

    /// <summary>Whether the budget's numbers depend on its pods' controllers' scale (a percentage or maxUnavailable).</summary>
    public static bool NeedsScale(PodDisruptionBudgetSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.MaxUnavailable is not null || spec.MinAvailable is { IsInt: false };
    }

    /// <summary>
    /// upstream's getExpectedPodCount once the scale is known: maxUnavailable -> expected = the controllers' scale,
    /// desired = expected - maxUnavailable (percentages rounded up, floored at 0); integer minAvailable -> expected =
    /// the matching pods, desired = minAvailable; percentage minAvailable -> expected = scale, desired = the
    /// percentage of it rounded up. Throws <see cref="FormatException"/> for an invalid percentage.
    /// </summary>
    public static (int ExpectedCount, int DesiredHealthy) ExpectedAndDesired(PodDisruptionBudgetSpec spec, int podCount, int scale)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.MaxUnavailable is { } maxUnavailable)
        {
            var unavailable = Scaled(maxUnavailable, scale);
            return (scale, Math.Max(0, scale - unavailable));
        }
        if (spec.MinAvailable is { } minAvailable)
        {
            return minAvailable.IsInt ? (podCount, minAvailable.IntValue) : (scale, Scaled(minAvailable, scale));
        }
        return (0, 0);
    }

    private static int Scaled(IntOrString value, int total)
        => IntOrString.TryGetScaledValueFromIntOrPercent(value, total, roundUp: true, out var scaled, out var error)
            ? (int)scaled
            : throw new FormatException(error);

    /// <summary>
    /// upstream's buildDisruptedPodMap: the entries of status.disruptedPods for pods that still exist, are not being
    /// deleted, and whose eviction is younger than <see cref="DeletionTimeout"/>; the earliest time one of them
    /// expires (to look again then); and the pods that outlived their entry (upstream records a NotDeleted event).
    /// </summary>
    public static (Dictionary<string, Time> Disrupted, DateTimeOffset? RecheckAt, List<Pod> NotDeleted) BuildDisruptedPods(
        IReadOnlyDictionary<string, Time>? recorded, IEnumerable<Pod> pods, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(pods);
        var result = new Dictionary<string, Time>(StringComparer.Ordinal);
        var notDeleted = new List<Pod>();
        DateTimeOffset? recheck = null;
        if (recorded is null)
        {
            return (result, recheck, notDeleted);
        }
        foreach (var pod in pods)
        {
            if (pod.Metadata.DeletionTimestamp is not null || !recorded.TryGetValue(pod.Metadata.Name, out var disruptedAt))
            {
                continue;
            }
            var expectedDeletion = disruptedAt.ToDateTimeOffset() + DeletionTimeout;
            if (expectedDeletion < now)
            {
                notDeleted.Add(pod);
                continue;
            }
            if (recheck is null || expectedDeletion < recheck)
            {
                recheck = expectedDeletion;
            }
            result[pod.Metadata.Name] = disruptedAt;
        }
        return (result, recheck, notDeleted);
    }

    /// <summary>upstream's countHealthyPods: ready pods that are neither being deleted nor recently evicted.</summary>
    public static int CountHealthy(IEnumerable<Pod> pods, IReadOnlyDictionary<string, Time> disrupted, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(pods);
        ArgumentNullException.ThrowIfNull(disrupted);
        var healthy = 0;
        foreach (var pod in pods)
        {
            if (pod.Metadata.DeletionTimestamp is not null)
            {
                continue;
            }
            if (disrupted.TryGetValue(pod.Metadata.Name, out var at) && at.ToDateTimeOffset() + DeletionTimeout > now)
            {
                continue;
            }
            if (PodUtil.IsReady(pod))
            {
                healthy++;
            }
        }
        return healthy;
    }

    /// <summary>upstream's updatePdbStatus rule: healthy - desired, but 0 while no pods are expected (a budget whose
    /// first pods appear before the controller saw them stays safe).</summary>
    public static int DisruptionsAllowed(int currentHealthy, int desiredHealthy, int expectedCount)
    {
        var allowed = currentHealthy - desiredHealthy;
        return expectedCount <= 0 || allowed <= 0 ? 0 : allowed;
    }

    /// <summary>upstream's pdb ConditionsAreUpToDate.</summary>
    public static bool ConditionsAreUpToDate(PodDisruptionBudget pdb)
    {
        ArgumentNullException.ThrowIfNull(pdb);
        var condition = pdb.Status.Conditions?.Find(c => c.Type == DisruptionAllowedCondition);
        if (condition is null || pdb.Status.ObservedGeneration != pdb.Metadata.Generation)
        {
            return false;
        }
        return pdb.Status.DisruptionsAllowed > 0
            ? condition.Status == "True" && condition.Reason == SufficientPodsReason
            : condition.Status == "False" && condition.Reason == InsufficientPodsReason;
    }

    /// <summary>upstream's UpdateDisruptionAllowedCondition: True/SufficientPods when disruptions are allowed, else False/InsufficientPods.</summary>
    public static void UpdateDisruptionAllowedCondition(PodDisruptionBudget pdb, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(pdb);
        var allowed = pdb.Status.DisruptionsAllowed > 0;
        SetStatusCondition(pdb.Status.Conditions ??= [], new Condition
        {
            Type = DisruptionAllowedCondition,
            Status = allowed ? "True" : "False",
            Reason = allowed ? SufficientPodsReason : InsufficientPodsReason,
            ObservedGeneration = pdb.Status.ObservedGeneration,
        }, now);
    }

    /// <summary>apimeta.SetStatusCondition: adds the condition, or updates the one of its type (the transition time
    /// moves only when the status changes).</summary>
    public static void SetStatusCondition(List<Condition> conditions, Condition wanted, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        ArgumentNullException.ThrowIfNull(wanted);
        var existing = conditions.Find(c => c.Type == wanted.Type);
        var transition = wanted.LastTransitionTime.IsZero ? Time.FromDateTimeOffset(now).Rfc3339Copy() : wanted.LastTransitionTime;
        if (existing is null)
        {
            wanted.LastTransitionTime = transition;
            conditions.Add(wanted);
            return;
        }
        if (existing.Status != wanted.Status)
        {
            existing.Status = wanted.Status;
            existing.LastTransitionTime = transition;
        }
        existing.Reason = wanted.Reason;
        existing.Message = wanted.Message;
        existing.ObservedGeneration = wanted.ObservedGeneration;
    }
}
