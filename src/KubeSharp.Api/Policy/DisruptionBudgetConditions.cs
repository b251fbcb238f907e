using KubeSharp.Api.Meta.V1;

namespace KubeSharp.Api.Policy.V1;

/// <summary>
/// The DisruptionAllowed condition of a PodDisruptionBudget (upstream's pkg/apis/policy helpers and
/// apimeta.SetStatusCondition), shared by the API server's pods/eviction and the disruption controller so both write
/// it alike.
/// </summary>
public static class DisruptionBudgetConditions
{
    /// <summary>The condition type (policy/v1 DisruptionAllowedCondition).</summary>
    public const string DisruptionAllowed = "DisruptionAllowed";

    /// <summary>Reason: disruptions are allowed.</summary>
    public const string SufficientPodsReason = "SufficientPods";

    /// <summary>Reason: no disruption is allowed.</summary>
    public const string InsufficientPodsReason = "InsufficientPods";

    /// <summary>Reason: the controller could not compute the budget.</summary>
    public const string SyncFailedReason = "SyncFailed";

    /// <summary>upstream's ConditionsAreUpToDate: the condition exists, the status is of the current generation and the
    /// condition agrees with disruptionsAllowed.</summary>
    public static bool AreUpToDate(PodDisruptionBudget pdb)
    {
        ArgumentNullException.ThrowIfNull(pdb);
        var condition = pdb.Status.Conditions?.Find(c => c.Type == DisruptionAllowed);
        if (condition is null || pdb.Status.ObservedGeneration != pdb.Metadata.Generation)
        {
            return false;
        }
        return pdb.Status.DisruptionsAllowed > 0
            ? condition.Status == "True" && condition.Reason == SufficientPodsReason
            : condition.Status == "False" && condition.Reason == InsufficientPodsReason;
    }

    /// <summary>upstream's UpdateDisruptionAllowedCondition: True/SufficientPods when disruptions are allowed, else
    /// False/InsufficientPods, at status.observedGeneration.</summary>
    public static void Update(PodDisruptionBudget pdb, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(pdb);
        var allowed = pdb.Status.DisruptionsAllowed > 0;
        Set(pdb.Status.Conditions ??= [], new Condition
        {
            Type = DisruptionAllowed,
            Status = allowed ? "True" : "False",
            Reason = allowed ? SufficientPodsReason : InsufficientPodsReason,
            ObservedGeneration = pdb.Status.ObservedGeneration,
        }, now);
    }

    /// <summary>apimeta.SetStatusCondition: adds the condition, or updates the one of its type (the transition time
    /// moves only when the status changes; a zero time in <paramref name="wanted"/> means <paramref name="now"/>).</summary>
    public static void Set(List<Condition> conditions, Condition wanted, DateTimeOffset now)
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
