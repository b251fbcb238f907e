using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Registry;

namespace KubeSharp.Api.Quota;

/// <summary>
/// upstream's pod evaluator. count/pods is 1 for every pod; a pod that has not ended (not Succeeded or Failed, and
/// not past its deletion grace period) also uses pods = 1 and its requests and limits: cpu/requests.cpu,
/// memory/requests.memory, ephemeral-storage/requests.ephemeral-storage, limits.*, hugepages-* and
/// requests.&lt;extended resource&gt;. Scopes: Terminating/NotTerminating (activeDeadlineSeconds),
/// BestEffort/NotBestEffort (QoS), PriorityClass (In/NotIn/Exists on spec.priorityClassName),
/// CrossNamespacePodAffinity. Charged on create.
/// </summary>
public sealed class PodQuotaEvaluator : IQuotaEvaluator
{
    private static readonly string CountName = QuotaEvaluators.ObjectCountName(new GroupResource("", "pods"));

    private static readonly HashSet<string> PodResourceNames = new(StringComparer.Ordinal)
    {
        CountName, "pods", "cpu", "memory", "ephemeral-storage", "requests.cpu", "requests.memory", "requests.ephemeral-storage",
        "limits.cpu", "limits.memory", "limits.ephemeral-storage",
    };

    /// <summary>What every container must state once a quota limits it (upstream's validationSet).</summary>
    private static readonly HashSet<string> ValidationSet = new(StringComparer.Ordinal)
    {
        "cpu", "memory", "requests.cpu", "requests.memory", "limits.cpu", "limits.memory",
    };

    public GroupResource GroupResource { get; } = new("", "pods");

    public bool HandlesCreate => true;

    public bool HandlesUpdate => false;

    public IReadOnlyList<string> MatchingResources(IEnumerable<string> input)
        => [.. input.Where(n => PodResourceNames.Contains(n) || n.StartsWith("hugepages-", StringComparison.Ordinal)
            || n.StartsWith("requests.hugepages-", StringComparison.Ordinal)
            || (n.StartsWith("requests.", StringComparison.Ordinal) && IsExtendedResourceName(n["requests.".Length..])))];

    public bool MatchesScope(ScopedResourceSelectorRequirement scope, IKubeMetaObject obj)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var pod = (Pod)obj;
        return scope.ScopeName switch
        {
            "Terminating" => IsTerminating(pod),
            "NotTerminating" => !IsTerminating(pod),
            "BestEffort" => IsBestEffort(pod),
            "NotBestEffort" => !IsBestEffort(pod),
            "PriorityClass" => scope.Operator switch
            {
                "Exists" => pod.Spec.PriorityClassName.Length > 0,
                "In" => scope.Values?.Contains(pod.Spec.PriorityClassName, StringComparer.Ordinal) == true,
                "NotIn" => scope.Values?.Contains(pod.Spec.PriorityClassName, StringComparer.Ordinal) != true,
                // The selector sees the key PriorityClass on every pod (upstream builds the label set that way).
                _ => false,
            },
            "CrossNamespacePodAffinity" => UsesCrossNamespacePodAffinity(pod),
            _ => false,
        };
    }

    public string? Constraints(IReadOnlyCollection<string> required, IKubeMetaObject obj)
    {
        ArgumentNullException.ThrowIfNull(required);
        var pod = (Pod)obj;
        var requiredSet = required.Where(ValidationSet.Contains).ToHashSet(StringComparer.Ordinal);
        if (requiredSet.Count == 0)
        {
            return null;
        }
        var missing = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var container in (pod.Spec.Containers ?? []).Concat(pod.Spec.InitContainers ?? []))
        {
            var present = ComputeUsage(container.Resources.Requests ?? QuotaMath.Empty(), container.Resources.Limits ?? QuotaMath.Empty()).Keys;
            foreach (var name in requiredSet.Except(present))
            {
                if (!missing.TryGetValue(name, out var containers))
                {
                    missing[name] = containers = new SortedSet<string>(StringComparer.Ordinal);
                }
                containers.Add(container.Name);
            }
        }
        return missing.Count == 0 ? null : "must specify " + string.Join("; ", missing.Select(m => m.Key + " for: " + string.Join(",", m.Value)));
    }

    public Dictionary<string, Quantity> Usage(IKubeMetaObject obj, DateTimeOffset now)
    {
        var pod = (Pod)obj;
        var result = QuotaMath.Empty();
        result[CountName] = Quantity.FromInt64(1, QuantityFormat.DecimalSI);
        if (!IsLive(pod, now))
        {
            return result;
        }
        return QuotaMath.Add(result, ComputeUsage(PodResources.Requests(pod.Spec, includeOverhead: true), PodResources.Limits(pod.Spec, includeOverhead: true)));
    }

    /// <summary>upstream's QuotaV1Pod: terminal pods and pods past their deletion grace period use no compute quota.</summary>
    public static bool IsLive(Pod pod, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(pod);
        if (pod.Status.Phase is "Succeeded" or "Failed")
        {
            return false;
        }
        if (pod.Metadata.DeletionTimestamp is { } deletion && pod.Metadata.DeletionGracePeriodSeconds is { } grace
            && now > deletion.ToDateTimeOffset().AddSeconds(grace))
        {
            return false;
        }
        return true;
    }

    /// <summary>upstream's podComputeUsageHelper.</summary>
    private static Dictionary<string, Quantity> ComputeUsage(Dictionary<string, Quantity> requests, Dictionary<string, Quantity> limits)
    {
        var result = QuotaMath.Empty();
        result["pods"] = Quantity.FromInt64(1, QuantityFormat.DecimalSI);
        foreach (var name in new[] { "cpu", "memory", "ephemeral-storage" })
        {
            if (requests.TryGetValue(name, out var request))
            {
                result[name] = request;
                result["requests." + name] = request;
            }
            if (limits.TryGetValue(name, out var limit))
            {
                result["limits." + name] = limit;
            }
        }
        foreach (var (name, request) in requests)
        {
            if (name.StartsWith("hugepages-", StringComparison.Ordinal))
            {
                result[name] = request;
                result["requests." + name] = request;
            }
            if (IsExtendedResourceName(name))
            {
                result["requests." + name] = request;
            }
        }
        return result;
    }

    private static bool IsTerminating(Pod pod) => pod.Spec.ActiveDeadlineSeconds is >= 0;

    /// <summary>BestEffort QoS: no container (nor init container) requests or limits cpu or memory.</summary>
    private static bool IsBestEffort(Pod pod)
    {
        foreach (var container in (pod.Spec.Containers ?? []).Concat(pod.Spec.InitContainers ?? []))
        {
            foreach (var list in new[] { container.Resources.Requests, container.Resources.Limits })
            {
                foreach (var (name, value) in list ?? QuotaMath.Empty())
                {
                    if (name is "cpu" or "memory" && value.Sign > 0)
                    {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private static bool UsesCrossNamespacePodAffinity(Pod pod)
    {
        var affinity = pod.Spec.Affinity;
        if (affinity is null)
        {
            return false;
        }
        var terms = new List<PodAffinityTerm>();
        terms.AddRange(affinity.PodAffinity?.RequiredDuringSchedulingIgnoredDuringExecution ?? []);
        terms.AddRange((affinity.PodAffinity?.PreferredDuringSchedulingIgnoredDuringExecution ?? []).Select(w => w.PodAffinityTerm));
        terms.AddRange(affinity.PodAntiAffinity?.RequiredDuringSchedulingIgnoredDuringExecution ?? []);
        terms.AddRange((affinity.PodAntiAffinity?.PreferredDuringSchedulingIgnoredDuringExecution ?? []).Select(w => w.PodAffinityTerm));
        return terms.Any(t => t.Namespaces is { Count: > 0 } || t.NamespaceSelector is not null);
    }

    /// <summary>upstream's IsExtendedResourceName: domain-qualified, outside kubernetes.io, not requests.*.</summary>
    private static bool IsExtendedResourceName(string name)
        => name.Contains('/', StringComparison.Ordinal) && !name.Contains("kubernetes.io/", StringComparison.Ordinal)
            && !name.StartsWith("requests.", StringComparison.Ordinal);
}
