using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Registry;

namespace KubeSharp.Api.Quota;

/// <summary>
/// The evaluator of each resource (upstream's NewEvaluators plus the object-count evaluator made on demand), and the
/// quota-level rules built on them: whether a quota covers an object, and a quota's usage over a set of objects.
/// </summary>
public static class QuotaEvaluators
{
    private static readonly Dictionary<GroupResource, IQuotaEvaluator> Known = new()
    {
        [new GroupResource("", "pods")] = new PodQuotaEvaluator(),
        [new GroupResource("", "services")] = new ServiceQuotaEvaluator(),
        [new GroupResource("", "persistentvolumeclaims")] = new PersistentVolumeClaimQuotaEvaluator(),
        [new GroupResource("", "configmaps")] = new ObjectCountQuotaEvaluator(new GroupResource("", "configmaps"), "configmaps"),
        [new GroupResource("", "secrets")] = new ObjectCountQuotaEvaluator(new GroupResource("", "secrets"), "secrets"),
        [new GroupResource("", "resourcequotas")] = new ObjectCountQuotaEvaluator(new GroupResource("", "resourcequotas"), "resourcequotas"),
        [new GroupResource("", "replicationcontrollers")] = new ObjectCountQuotaEvaluator(new GroupResource("", "replicationcontrollers"), "replicationcontrollers"),
    };

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<GroupResource, IQuotaEvaluator> Counted = new();

    /// <summary>The resource's evaluator: a specific one, or one counting objects as count/&lt;resource&gt;.&lt;group&gt;.</summary>
    public static IQuotaEvaluator For(GroupResource resource)
        => Known.TryGetValue(resource, out var evaluator) ? evaluator : Counted.GetOrAdd(resource, r => new ObjectCountQuotaEvaluator(r, null));

    /// <summary>The evaluators that measure some of <paramref name="names"/> (a quota's spec.hard): the specific ones
    /// and, for each count/&lt;resource&gt;[.&lt;group&gt;], that resource's. What the resource quota controller lists.</summary>
    public static List<IQuotaEvaluator> EvaluatorsFor(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var list = names.ToList();
        var result = Known.Values.Where(e => e.MatchingResources(list).Count > 0).ToList();
        foreach (var name in list.Where(n => n.StartsWith("count/", StringComparison.Ordinal)))
        {
            var groupResource = name["count/".Length..];
            var dot = groupResource.IndexOf('.', StringComparison.Ordinal);
            var resource = dot < 0 ? new GroupResource("", groupResource) : new GroupResource(groupResource[(dot + 1)..], groupResource[..dot]);
            var evaluator = For(resource);
            if (!result.Contains(evaluator))
            {
                result.Add(evaluator);
            }
        }
        return result;
    }

    /// <summary>
    /// The resource quota controller's status for <paramref name="quota"/>: hard is spec.hard, used sums
    /// <see cref="CalculateUsage"/> over every evaluator spec.hard needs, with <paramref name="objectsOf"/> giving the
    /// objects of a resource in the quota's namespace. Names no evaluator measures are reported as 0 used.
    /// </summary>
    public static ResourceQuotaStatus CalculateStatus(ResourceQuota quota, Func<GroupResource, IEnumerable<IKubeMetaObject>> objectsOf, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(quota);
        ArgumentNullException.ThrowIfNull(objectsOf);
        var hard = quota.Spec.Hard ?? QuotaMath.Empty();
        var used = QuotaMath.Empty();
        foreach (var name in hard.Keys)
        {
            used[name] = Quantity.Zero;
        }
        foreach (var evaluator in EvaluatorsFor(hard.Keys))
        {
            foreach (var (name, value) in CalculateUsage(evaluator, quota, objectsOf(evaluator.GroupResource), now))
            {
                used[name] = value;
            }
        }
        return new ResourceQuotaStatus { Hard = new Dictionary<string, Quantity>(hard, StringComparer.Ordinal), Used = used };
    }

    /// <summary>upstream's ObjectCountQuotaResourceNameFor: count/&lt;resource&gt;[.&lt;group&gt;].</summary>
    public static string ObjectCountName(GroupResource resource) => "count/" + resource.ToString();

    /// <summary>The quota's scopes and scope selector as one list of requirements (scopes are Exists).</summary>
    public static List<ScopedResourceSelectorRequirement> ScopeSelectors(ResourceQuota quota)
    {
        ArgumentNullException.ThrowIfNull(quota);
        var result = new List<ScopedResourceSelectorRequirement>();
        foreach (var scope in quota.Spec.Scopes ?? [])
        {
            result.Add(new ScopedResourceSelectorRequirement { ScopeName = scope, Operator = "Exists" });
        }
        result.AddRange(quota.Spec.ScopeSelector?.MatchExpressions ?? []);
        return result;
    }

    /// <summary>upstream's generic Matches: the quota limits at least one resource the evaluator measures (by
    /// <paramref name="hard"/>, status.hard in admission) and the object is in every scope.</summary>
    public static bool Matches(IQuotaEvaluator evaluator, ResourceQuota quota, IReadOnlyDictionary<string, Quantity>? hard, IKubeMetaObject obj)
    {
        ArgumentNullException.ThrowIfNull(evaluator);
        ArgumentNullException.ThrowIfNull(quota);
        if (evaluator.MatchingResources((hard ?? QuotaMath.Empty()).Keys).Count == 0)
        {
            return false;
        }
        return ScopeSelectors(quota).All(scope => evaluator.MatchesScope(scope, obj));
    }

    /// <summary>
    /// What <paramref name="objects"/> (every object of the evaluator's resource in the quota's namespace) use of the
    /// resources the quota's spec.hard names and the evaluator measures, counting only objects in the quota's scopes:
    /// the resource quota controller's status.used for that resource (zero for names nothing uses).
    /// </summary>
    public static Dictionary<string, Quantity> CalculateUsage(IQuotaEvaluator evaluator, ResourceQuota quota, IEnumerable<IKubeMetaObject> objects, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(evaluator);
        ArgumentNullException.ThrowIfNull(quota);
        ArgumentNullException.ThrowIfNull(objects);
        var names = evaluator.MatchingResources((quota.Spec.Hard ?? QuotaMath.Empty()).Keys);
        var used = QuotaMath.Empty();
        foreach (var name in names)
        {
            used[name] = Quantity.Zero;
        }
        if (names.Count == 0)
        {
            return used;
        }
        var scopes = ScopeSelectors(quota);
        foreach (var obj in objects)
        {
            if (scopes.All(scope => evaluator.MatchesScope(scope, obj)))
            {
                used = QuotaMath.Add(used, QuotaMath.Mask(evaluator.Usage(obj, now), names));
            }
        }
        return used;
    }
}
