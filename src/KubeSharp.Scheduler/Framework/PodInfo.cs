using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Labels;

namespace KubeSharp.Scheduler.Framework;

/// <summary>
/// A pod with what the scheduler derives from it once (upstream's <c>framework.PodInfo</c>): its requests (with and
/// without the scoring defaults) and its pod (anti-)affinity terms with parsed selectors.
/// </summary>
public sealed class PodInfo
{
    /// <summary>Creates the info for a pod.</summary>
    public PodInfo(Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        Pod = pod;
        Requests = PodRequests.Compute(pod);
        NonZeroRequests = PodRequests.ComputeNonZero(pod);
        var podAffinity = pod.Spec.Affinity?.PodAffinity;
        var podAntiAffinity = pod.Spec.Affinity?.PodAntiAffinity;
        RequiredAffinityTerms = AffinityTerm.FromTerms(pod, podAffinity?.RequiredDuringSchedulingIgnoredDuringExecution);
        RequiredAntiAffinityTerms = AffinityTerm.FromTerms(pod, podAntiAffinity?.RequiredDuringSchedulingIgnoredDuringExecution);
        PreferredAffinityTerms = WeightedAffinityTerm.FromTerms(pod, podAffinity?.PreferredDuringSchedulingIgnoredDuringExecution);
        PreferredAntiAffinityTerms = WeightedAffinityTerm.FromTerms(pod, podAntiAffinity?.PreferredDuringSchedulingIgnoredDuringExecution);
    }

    /// <summary>The pod.</summary>
    public Pod Pod { get; }

    /// <summary>The pod's requests incl. init containers and overhead.</summary>
    public Resource Requests { get; }

    /// <summary>The requests with 100m CPU / 200Mi memory for containers that request none (for scoring).</summary>
    public Resource NonZeroRequests { get; }

    /// <summary>Required pod affinity terms.</summary>
    public IReadOnlyList<AffinityTerm> RequiredAffinityTerms { get; }

    /// <summary>Required pod anti-affinity terms.</summary>
    public IReadOnlyList<AffinityTerm> RequiredAntiAffinityTerms { get; }

    /// <summary>Preferred pod affinity terms.</summary>
    public IReadOnlyList<WeightedAffinityTerm> PreferredAffinityTerms { get; }

    /// <summary>Preferred pod anti-affinity terms.</summary>
    public IReadOnlyList<WeightedAffinityTerm> PreferredAntiAffinityTerms { get; }

    /// <summary>Whether the pod has any pod (anti-)affinity term.</summary>
    public bool HasAffinity => RequiredAffinityTerms.Count > 0 || RequiredAntiAffinityTerms.Count > 0 ||
                               PreferredAffinityTerms.Count > 0 || PreferredAntiAffinityTerms.Count > 0;

    /// <summary>The key NodeInfo uses to find the pod again: its UID, else namespace/name.</summary>
    public string Key => PodKey(Pod);

    internal static string PodKey(Pod pod) =>
        string.IsNullOrEmpty(pod.Metadata.Uid) ? pod.Metadata.Namespace + "/" + pod.Metadata.Name : pod.Metadata.Uid;
}

/// <summary>A pod affinity term with parsed selectors (upstream's <c>framework.AffinityTerm</c>).</summary>
public sealed class AffinityTerm
{
    private AffinityTerm(HashSet<string> namespaces, Selector selector, string topologyKey, Selector namespaceSelector)
    {
        Namespaces = namespaces;
        Selector = selector;
        TopologyKey = topologyKey;
        NamespaceSelector = namespaceSelector;
    }

    /// <summary>The namespaces named by the term (the pod's own when neither namespaces nor namespaceSelector is set).</summary>
    public HashSet<string> Namespaces { get; }

    /// <summary>The label selector (nil selects nothing).</summary>
    public Selector Selector { get; }

    /// <summary>The topology key.</summary>
    public string TopologyKey { get; }

    /// <summary>The namespace selector (nil selects nothing, {} everything).</summary>
    public Selector NamespaceSelector { get; }

    /// <summary>Builds the term for <paramref name="pod"/>, or returns false when a selector does not parse.</summary>
    public static AffinityTerm? Create(Pod pod, PodAffinityTerm term)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(term);
        if (!term.LabelSelector.TryToSelector(out var selector, out _))
        {
            return null;
        }

        var namespaces = new HashSet<string>(StringComparer.Ordinal);
        if (term.Namespaces is { Count: > 0 })
        {
            namespaces.UnionWith(term.Namespaces);
        }
        else if (term.NamespaceSelector is null)
        {
            namespaces.Add(pod.Metadata.Namespace);
        }

        if (!term.NamespaceSelector.TryToSelector(out var nsSelector, out _))
        {
            return null;
        }

        return new AffinityTerm(namespaces, selector, term.TopologyKey, nsSelector);
    }

    internal static IReadOnlyList<AffinityTerm> FromTerms(Pod pod, List<PodAffinityTerm>? terms)
    {
        if (terms is not { Count: > 0 })
        {
            return [];
        }

        var list = new List<AffinityTerm>(terms.Count);
        foreach (var t in terms)
        {
            if (Create(pod, t) is { } term)
            {
                list.Add(term);
            }
        }

        return list;
    }

    /// <summary>Whether <paramref name="pod"/> (with its namespace's labels) matches the term (upstream's <c>Matches</c>).</summary>
    public bool Matches(Pod pod, IReadOnlyDictionary<string, string>? namespaceLabels)
    {
        ArgumentNullException.ThrowIfNull(pod);
        if (Namespaces.Contains(pod.Metadata.Namespace) || NamespaceSelector.Matches(namespaceLabels))
        {
            return Selector.Matches(pod.Metadata.Labels);
        }

        return false;
    }
}

/// <summary>A preferred affinity term and its weight.</summary>
public sealed record WeightedAffinityTerm(AffinityTerm Term, int Weight)
{
    internal static IReadOnlyList<WeightedAffinityTerm> FromTerms(Pod pod, List<WeightedPodAffinityTerm>? terms)
    {
        if (terms is not { Count: > 0 })
        {
            return [];
        }

        var list = new List<WeightedAffinityTerm>(terms.Count);
        foreach (var t in terms)
        {
            if (AffinityTerm.Create(pod, t.PodAffinityTerm) is { } term)
            {
                list.Add(new WeightedAffinityTerm(term, t.Weight));
            }
        }

        return list;
    }
}
