using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Registry;

namespace KubeSharp.Api.Quota;

/// <summary>
/// Measures what one object of a resource uses of a quota (upstream's quota.Evaluator). The same evaluators serve
/// the API server's ResourceQuota admission (charging a create or update) and the resource quota controller
/// (computing status.used over every object in the namespace), so both agree.
/// </summary>
public interface IQuotaEvaluator
{
    GroupResource GroupResource { get; }

    /// <summary>Whether a create charges usage.</summary>
    bool HandlesCreate { get; }

    /// <summary>Whether an update may change usage (the delta is charged).</summary>
    bool HandlesUpdate { get; }

    /// <summary>The names in <paramref name="input"/> that this evaluator measures.</summary>
    IReadOnlyList<string> MatchingResources(IEnumerable<string> input);

    /// <summary>Whether the object is in the scope (Terminating, BestEffort, PriorityClass, ...).</summary>
    bool MatchesScope(ScopedResourceSelectorRequirement scope, IKubeMetaObject obj);

    /// <summary>What the object must state for the quota to measure <paramref name="required"/> (upstream: each
    /// container names its cpu/memory requests and limits); the refusal's text, or null when satisfied.</summary>
    string? Constraints(IReadOnlyCollection<string> required, IKubeMetaObject obj);

    /// <summary>The object's usage at <paramref name="now"/>.</summary>
    Dictionary<string, Quantity> Usage(IKubeMetaObject obj, DateTimeOffset now);
}
