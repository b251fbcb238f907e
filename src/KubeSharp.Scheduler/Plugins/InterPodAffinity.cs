using System.Text.Json;
using KubeSharp.Api.Core.V1;
using KubeSharp.Scheduler.Framework;

namespace KubeSharp.Scheduler.Plugins;

/// <summary>
/// Required pod affinity / anti-affinity as a filter (incl. existing pods' anti-affinity against the incoming pod)
/// and preferred terms (both ways, plus existing pods' required affinity with hardPodAffinityWeight) as a score
/// (upstream's InterPodAffinity). Namespace selectors are matched against namespace labels from the snapshot.
/// </summary>
public sealed class InterPodAffinity : IPreFilterPlugin, IFilterPlugin, IPreScorePlugin, IScorePlugin, IPreFilterExtensions
{
    /// <summary>Reason: an existing pod's anti-affinity rejects the pod.</summary>
    public const string ErrReasonExistingAntiAffinityRulesNotMatch = "node(s) didn't satisfy existing pods anti-affinity rules";

    /// <summary>Reason: the pod's affinity is not satisfied.</summary>
    public const string ErrReasonAffinityRulesNotMatch = "node(s) didn't match pod affinity rules";

    /// <summary>Reason: the pod's anti-affinity is not satisfied.</summary>
    public const string ErrReasonAntiAffinityRulesNotMatch = "node(s) didn't match pod anti-affinity rules";

    private const string PreFilterStateKey = "PreFilter" + PluginNames.InterPodAffinity;
    private const string PreScoreStateKey = "PreScore" + PluginNames.InterPodAffinity;

    private static readonly Status AffinityMismatch = Status.Unresolvable(ErrReasonAffinityRulesNotMatch);
    private static readonly Status AntiAffinityMismatch = Status.Unschedulable(ErrReasonAntiAffinityRulesNotMatch);
    private static readonly Status ExistingAntiAffinityMismatch = Status.Unschedulable(ErrReasonExistingAntiAffinityRulesNotMatch);

    private readonly IFrameworkHandle _handle;

    /// <summary>Creates the plugin.</summary>
    public InterPodAffinity(IFrameworkHandle handle, int hardPodAffinityWeight = 1, bool ignorePreferredTermsOfExistingPods = false)
    {
        _handle = handle;
        HardPodAffinityWeight = hardPodAffinityWeight;
        IgnorePreferredTermsOfExistingPods = ignorePreferredTermsOfExistingPods;
    }

    /// <summary>Creates the plugin from InterPodAffinityArgs JSON.</summary>
    public static InterPodAffinity FromArgs(JsonElement? args, IFrameworkHandle handle)
    {
        var weight = 1;
        var ignore = false;
        if (args is { ValueKind: JsonValueKind.Object } a)
        {
            foreach (var p in a.EnumerateObject())
            {
                switch (p.Name)
                {
                    case "hardPodAffinityWeight":
                        weight = p.Value.GetInt32();
                        break;
                    case "ignorePreferredTermsOfExistingPods":
                        ignore = p.Value.GetBoolean();
                        break;
                    case "apiVersion":
                    case "kind":
                        break;
                    default:
                        throw new JsonException($"strict decoding error: unknown field \"{p.Name}\"");
                }
            }
        }

        if (weight is < 0 or > 100)
        {
            throw new JsonException($"hardPodAffinityWeight: Invalid value: {weight}: not in valid range [0, 100]");
        }

        return new InterPodAffinity(handle, weight, ignore);
    }

    /// <inheritdoc/>
    public string Name => PluginNames.InterPodAffinity;

    /// <summary>Always recount over every node instead of using the snapshot's incremental counts (the reference in property tests).</summary>
    internal bool DisableIndexes { get; init; }

    /// <summary>The weight of existing pods' required affinity terms in scoring.</summary>
    public int HardPodAffinityWeight { get; }

    /// <summary>Whether existing pods' preferred terms are ignored when the pod has none.</summary>
    public bool IgnorePreferredTermsOfExistingPods { get; }

    /// <inheritdoc/>
    public IPreFilterExtensions? Extensions => this;

    private sealed class PreFilterState : IStateData
    {
        public required PodInfo PodInfo { get; init; }

        public required IReadOnlyDictionary<string, string>? NamespaceLabels { get; init; }

        public Dictionary<(string, string), long> ExistingAntiAffinityCounts { get; set; } = [];

        public Dictionary<(string, string), long> AffinityCounts { get; set; } = [];

        public Dictionary<(string, string), long> AntiAffinityCounts { get; set; } = [];

        /// <summary>The counts may be the snapshot's indexes' own dictionaries: copied before the first change.</summary>
        public bool Shared { get; set; }

        public IStateData Clone() => new PreFilterState
        {
            PodInfo = PodInfo,
            NamespaceLabels = NamespaceLabels,
            ExistingAntiAffinityCounts = new(ExistingAntiAffinityCounts),
            AffinityCounts = new(AffinityCounts),
            AntiAffinityCounts = new(AntiAffinityCounts),
        };

        public void UpdateWithPod(PodInfo p, Node node, long multiplier, Func<string, IReadOnlyDictionary<string, string>?> nsLabels)
        {
            if (Shared)
            {
                ExistingAntiAffinityCounts = new(ExistingAntiAffinityCounts);
                AffinityCounts = new(AffinityCounts);
                AntiAffinityCounts = new(AntiAffinityCounts);
                Shared = false;
            }

            UpdateWithAntiAffinityTerms(ExistingAntiAffinityCounts, p.RequiredAntiAffinityTerms, PodInfo.Pod, NamespaceLabels, node, multiplier);
            UpdateWithAffinityTerms(AffinityCounts, PodInfo.RequiredAffinityTerms, p.Pod, nsLabels(p.Pod.Metadata.Namespace), node, multiplier);
            UpdateWithAntiAffinityTerms(AntiAffinityCounts, PodInfo.RequiredAntiAffinityTerms, p.Pod, nsLabels(p.Pod.Metadata.Namespace), node, multiplier);
        }
    }

    private static void Update(Dictionary<(string, string), long> counts, Node node, string topologyKey, long value)
    {
        if (node.Metadata.Labels is { } labels && labels.TryGetValue(topologyKey, out var tv))
        {
            var pair = (topologyKey, tv);
            ref var n = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(counts, pair, out _);
            n += value;
            if (n == 0)
            {
                counts.Remove(pair);
            }
        }
    }

    private static void UpdateWithAntiAffinityTerms(Dictionary<(string, string), long> counts, IReadOnlyList<AffinityTerm> terms, Pod pod, IReadOnlyDictionary<string, string>? nsLabels, Node node, long value)
    {
        foreach (var t in terms)
        {
            if (t.Matches(pod, nsLabels))
            {
                Update(counts, node, t.TopologyKey, value);
            }
        }
    }

    private static void UpdateWithAffinityTerms(Dictionary<(string, string), long> counts, IReadOnlyList<AffinityTerm> terms, Pod pod, IReadOnlyDictionary<string, string>? nsLabels, Node node, long value)
    {
        if (PodMatchesAllAffinityTerms(terms, pod, nsLabels))
        {
            foreach (var t in terms)
            {
                Update(counts, node, t.TopologyKey, value);
            }
        }
    }

    private static bool PodMatchesAllAffinityTerms(IReadOnlyList<AffinityTerm> terms, Pod pod, IReadOnlyDictionary<string, string>? nsLabels)
    {
        if (terms.Count == 0)
        {
            return false;
        }

        foreach (var t in terms)
        {
            if (!t.Matches(pod, nsLabels))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public (PreFilterResult? Result, Status Status) PreFilter(CycleState state, Pod pod, IReadOnlyList<NodeInfo> nodes)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(nodes);
        var snapshot = _handle.Snapshot;
        var nsLabels = snapshot.NamespaceLabels;
        var podInfo = new PodInfo(pod);
        var s = new PreFilterState { PodInfo = podInfo, NamespaceLabels = nsLabels(pod.Metadata.Namespace) };

        // Existing pods' required anti-affinity terms that match the incoming pod: the snapshot keeps them grouped by
        // identical term with their (topology key, value) counts, so the pod is matched once per group.
        var existing = new List<Dictionary<(string, string), long>>();
        if (DisableIndexes)
        {
            foreach (var nodeInfo in snapshot.HavePodsWithRequiredAntiAffinity)
            {
                if (nodeInfo.Node is not { } node)
                {
                    continue;
                }

                foreach (var p in nodeInfo.PodsWithRequiredAntiAffinity)
                {
                    UpdateWithAntiAffinityTerms(s.ExistingAntiAffinityCounts, p.RequiredAntiAffinityTerms, pod, s.NamespaceLabels, node, 1);
                }
            }

            existing.Add(s.ExistingAntiAffinityCounts);
        }
        else
        {
            foreach (var group in snapshot.TopologyIndexes.ExistingAntiAffinity().Groups)
            {
                if (group.Term.Matches(pod, s.NamespaceLabels))
                {
                    existing.Add(group.Counts);
                }
            }
        }

        s.ExistingAntiAffinityCounts = Sum(existing, s);
        if (podInfo.RequiredAffinityTerms.Count > 0 || podInfo.RequiredAntiAffinityTerms.Count > 0)
        {
            if (!DisableIndexes && ReferenceEquals(nodes, snapshot.NodeInfos) &&
                podInfo.RequiredAffinityTerms.All(TopologyIndexes.NamespaceLabelsIrrelevant) &&
                podInfo.RequiredAntiAffinityTerms.All(TopologyIndexes.NamespaceLabelsIrrelevant))
            {
                // The incoming pod's own terms: counts kept incrementally per term shape.
                if (podInfo.RequiredAffinityTerms.Count > 0)
                {
                    s.AffinityCounts = Sum([snapshot.TopologyIndexes.Terms(podInfo.RequiredAffinityTerms).Counts], s);
                }

                s.AntiAffinityCounts = Sum([.. podInfo.RequiredAntiAffinityTerms.Select(t => snapshot.TopologyIndexes.Terms([t]).Counts)], s);
            }
            else
            {
                CountAllNodes(s, nodes, nsLabels);
            }
        }

        if (s.ExistingAntiAffinityCounts.Count == 0 && podInfo.RequiredAffinityTerms.Count == 0 && podInfo.RequiredAntiAffinityTerms.Count == 0)
        {
            return (null, Status.SkipStatus);
        }

        state.Write(PreFilterStateKey, s);
        return (null, Status.Success);
    }

    /// <summary>The sum of index counts: the only one itself (marking the state shared), or a merged copy.</summary>
    private static Dictionary<(string, string), long> Sum(List<Dictionary<(string, string), long>> parts, PreFilterState s)
    {
        var nonEmpty = parts.Where(p => p.Count > 0).ToList();
        if (nonEmpty.Count == 1)
        {
            s.Shared = true;
            return nonEmpty[0];
        }

        var sum = new Dictionary<(string, string), long>();
        foreach (var part in nonEmpty)
        {
            foreach (var (pair, n) in part)
            {
                TopologyIndexes.Add(sum, pair, n);
            }
        }

        return sum;
    }

    /// <summary>The full recount of the incoming pod's own terms over every pod of <paramref name="nodes"/>.</summary>
    private static void CountAllNodes(PreFilterState s, IReadOnlyList<NodeInfo> nodes, Func<string, IReadOnlyDictionary<string, string>?> nsLabels)
    {
        var podInfo = s.PodInfo;
        var needNsLabels = podInfo.RequiredAffinityTerms.Any(t => !t.NamespaceSelector.MatchesNothing) ||
                           podInfo.RequiredAntiAffinityTerms.Any(t => !t.NamespaceSelector.MatchesNothing);
        foreach (var nodeInfo in nodes)
        {
            if (nodeInfo.Node is not { } node)
            {
                continue;
            }

            foreach (var existing in nodeInfo.Pods)
            {
                var existingNsLabels = needNsLabels ? nsLabels(existing.Pod.Metadata.Namespace) : null;
                UpdateWithAffinityTerms(s.AffinityCounts, podInfo.RequiredAffinityTerms, existing.Pod, existingNsLabels, node, 1);
                UpdateWithAntiAffinityTerms(s.AntiAffinityCounts, podInfo.RequiredAntiAffinityTerms, existing.Pod, existingNsLabels, node, 1);
            }
        }
    }

    /// <summary>PreFilter's three count maps, for tests (null when PreFilter skipped).</summary>
    internal static (Dictionary<(string, string), long> Existing, Dictionary<(string, string), long> Affinity, Dictionary<(string, string), long> Anti)? PreFilterCounts(CycleState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Read<PreFilterState>(PreFilterStateKey) is { } s ? (s.ExistingAntiAffinityCounts, s.AffinityCounts, s.AntiAffinityCounts) : null;
    }

    /// <inheritdoc/>
    public Status AddPod(CycleState state, Pod podToSchedule, PodInfo podToAdd, NodeInfo nodeInfo)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(nodeInfo);
        if (state.Read<PreFilterState>(PreFilterStateKey) is { } s && nodeInfo.Node is { } node)
        {
            s.UpdateWithPod(podToAdd, node, 1, _handle.Snapshot.NamespaceLabels);
        }

        return Status.Success;
    }

    /// <inheritdoc/>
    public Status RemovePod(CycleState state, Pod podToSchedule, PodInfo podToRemove, NodeInfo nodeInfo)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(nodeInfo);
        if (state.Read<PreFilterState>(PreFilterStateKey) is { } s && nodeInfo.Node is { } node)
        {
            s.UpdateWithPod(podToRemove, node, -1, _handle.Snapshot.NamespaceLabels);
        }

        return Status.Success;
    }

    /// <inheritdoc/>
    public Status Filter(CycleState state, Pod pod, NodeInfo nodeInfo)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(nodeInfo);
        if (state.Read<PreFilterState>(PreFilterStateKey) is not { } s)
        {
            return Status.AsError($"reading \"{PreFilterStateKey}\" from cycleState: not found");
        }

        var labels = nodeInfo.Labels;
        if (!SatisfyPodAffinity(s, labels))
        {
            return AffinityMismatch;
        }

        if (!SatisfyPodAntiAffinity(s, labels))
        {
            return AntiAffinityMismatch;
        }

        if (!SatisfyExistingPodsAntiAffinity(s, labels))
        {
            return ExistingAntiAffinityMismatch;
        }

        return Status.Success;
    }

    private static bool SatisfyExistingPodsAntiAffinity(PreFilterState s, Dictionary<string, string>? labels)
    {
        if (s.ExistingAntiAffinityCounts.Count == 0 || labels is null)
        {
            return true;
        }

        foreach (var (key, value) in labels)
        {
            if (s.ExistingAntiAffinityCounts.GetValueOrDefault((key, value)) > 0)
            {
                return false;
            }
        }

        return true;
    }

    private static bool SatisfyPodAntiAffinity(PreFilterState s, Dictionary<string, string>? labels)
    {
        if (s.AntiAffinityCounts.Count == 0 || labels is null)
        {
            return true;
        }

        foreach (var term in s.PodInfo.RequiredAntiAffinityTerms)
        {
            if (labels.TryGetValue(term.TopologyKey, out var value) && s.AntiAffinityCounts.GetValueOrDefault((term.TopologyKey, value)) > 0)
            {
                return false;
            }
        }

        return true;
    }

    private static bool SatisfyPodAffinity(PreFilterState s, Dictionary<string, string>? labels)
    {
        var podsExist = true;
        foreach (var term in s.PodInfo.RequiredAffinityTerms)
        {
            if (labels is not null && labels.TryGetValue(term.TopologyKey, out var value))
            {
                if (s.AffinityCounts.GetValueOrDefault((term.TopologyKey, value)) <= 0)
                {
                    podsExist = false;
                }
            }
            else
            {
                // Every topology key must exist on the node.
                return false;
            }
        }

        if (!podsExist)
        {
            // The first pod of a group with affinity to itself may go anywhere with the topologies when no pod in
            // the cluster matches its terms yet.
            return s.AffinityCounts.Count == 0 && PodMatchesAllAffinityTerms(s.PodInfo.RequiredAffinityTerms, s.PodInfo.Pod, s.NamespaceLabels);
        }

        return true;
    }

    private sealed class PreScoreState
    {
        public Dictionary<string, Dictionary<string, long>> TopologyScore { get; } = new(StringComparer.Ordinal);
    }

    /// <inheritdoc/>
    public Status PreScore(CycleState state, Pod pod, IReadOnlyList<NodeInfo> nodes)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(pod);
        if (nodes.Count == 0)
        {
            return Status.SkipStatus;
        }

        var snapshot = _handle.Snapshot;
        var affinity = pod.Spec.Affinity;
        var hasConstraints = affinity?.PodAffinity?.PreferredDuringSchedulingIgnoredDuringExecution is { Count: > 0 } ||
                             affinity?.PodAntiAffinity?.PreferredDuringSchedulingIgnoredDuringExecution is { Count: > 0 };
        if (IgnorePreferredTermsOfExistingPods && !hasConstraints)
        {
            return Status.SkipStatus;
        }

        var podInfo = new PodInfo(pod);
        var nsLabelsOf = snapshot.NamespaceLabels;
        var podNsLabels = nsLabelsOf(pod.Metadata.Namespace);
        var s = new PreScoreState();
        if (DisableIndexes)
        {
            var all = hasConstraints ? (IReadOnlyList<NodeInfo>)snapshot.NodeInfos : snapshot.HavePodsWithAffinity;
            foreach (var nodeInfo in all)
            {
                if (nodeInfo.Node is not { } node || node.Metadata.Labels is not { Count: > 0 })
                {
                    continue;
                }

                var pods = hasConstraints ? nodeInfo.Pods : nodeInfo.PodsWithAffinity;
                foreach (var existing in pods)
                {
                    var existingNsLabels = hasConstraints ? nsLabelsOf(existing.Pod.Metadata.Namespace) : null;
                    ProcessTerms(s, podInfo.PreferredAffinityTerms, existing.Pod, existingNsLabels, node, 1);
                    ProcessTerms(s, podInfo.PreferredAntiAffinityTerms, existing.Pod, existingNsLabels, node, -1);
                    ProcessExistingTerms(s, existing, pod, podNsLabels, node);
                }
            }
        }
        else
        {
            ScoreFromIndexes(s, podInfo, snapshot, podNsLabels, hasConstraints);
        }

        if (s.TopologyScore.Count == 0)
        {
            return Status.SkipStatus;
        }

        state.Write(PreScoreStateKey, s);
        return Status.Success;
    }

    /// <summary>An existing pod's terms against the incoming pod (upstream's <c>processExistingPod</c>, its side).</summary>
    private void ProcessExistingTerms(PreScoreState s, PodInfo existing, Pod pod, IReadOnlyDictionary<string, string>? podNsLabels, Node node)
    {
        if (HardPodAffinityWeight > 0)
        {
            foreach (var t in existing.RequiredAffinityTerms)
            {
                ProcessTerm(s, t, HardPodAffinityWeight, pod, podNsLabels, node, 1);
            }
        }

        ProcessTerms(s, existing.PreferredAffinityTerms, pod, podNsLabels, node, 1);
        ProcessTerms(s, existing.PreferredAntiAffinityTerms, pod, podNsLabels, node, -1);
    }

    /// <summary>
    /// The same scores from the snapshot's counts: existing pods' terms grouped by identical term (the incoming pod is
    /// matched once per group), and the incoming pod's preferred terms counted per term shape (or, when a term's
    /// namespaceSelector needs namespace labels, by the walk over every pod).
    /// </summary>
    private void ScoreFromIndexes(PreScoreState s, PodInfo podInfo, Snapshot snapshot, IReadOnlyDictionary<string, string>? podNsLabels, bool hasConstraints)
    {
        var pod = podInfo.Pod;
        foreach (var g in snapshot.TopologyIndexes.ExistingScoringTerms().Groups)
        {
            long weight = g.Kind switch
            {
                ExistingTermsIndex.Required => HardPodAffinityWeight,
                ExistingTermsIndex.Preferred => g.Weight,
                _ => -g.Weight,
            };
            if ((g.Kind == ExistingTermsIndex.Required && HardPodAffinityWeight <= 0) || !g.Term.Matches(pod, podNsLabels))
            {
                continue;
            }

            foreach (var ((key, value), count) in g.Counts)
            {
                AddScore(s, key, value, weight * count);
            }
        }

        if (!hasConstraints)
        {
            return;
        }

        if (podInfo.PreferredAffinityTerms.All(t => TopologyIndexes.NamespaceLabelsIrrelevant(t.Term)) &&
            podInfo.PreferredAntiAffinityTerms.All(t => TopologyIndexes.NamespaceLabelsIrrelevant(t.Term)))
        {
            foreach (var (terms, sign) in new[] { (podInfo.PreferredAffinityTerms, 1), (podInfo.PreferredAntiAffinityTerms, -1) })
            {
                foreach (var t in terms)
                {
                    foreach (var ((key, value), count) in snapshot.TopologyIndexes.Terms([t.Term]).Counts)
                    {
                        AddScore(s, key, value, (long)t.Weight * sign * count);
                    }
                }
            }

            return;
        }

        var nsLabelsOf = snapshot.NamespaceLabels;
        foreach (var nodeInfo in snapshot.NodeInfos)
        {
            if (nodeInfo.Node is not { } node || node.Metadata.Labels is not { Count: > 0 })
            {
                continue;
            }

            foreach (var existing in nodeInfo.Pods)
            {
                var existingNsLabels = nsLabelsOf(existing.Pod.Metadata.Namespace);
                ProcessTerms(s, podInfo.PreferredAffinityTerms, existing.Pod, existingNsLabels, node, 1);
                ProcessTerms(s, podInfo.PreferredAntiAffinityTerms, existing.Pod, existingNsLabels, node, -1);
            }
        }
    }

    private static void AddScore(PreScoreState s, string key, string value, long delta)
    {
        if (!s.TopologyScore.TryGetValue(key, out var values))
        {
            values = new Dictionary<string, long>(StringComparer.Ordinal);
            s.TopologyScore[key] = values;
        }

        values[value] = values.GetValueOrDefault(value) + delta;
    }

    /// <summary>PreScore's topology scores, for tests (null when PreScore skipped).</summary>
    internal static Dictionary<string, Dictionary<string, long>>? PreScoreScores(CycleState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Read<PreScoreState>(PreScoreStateKey)?.TopologyScore;
    }

    private static void ProcessTerms(PreScoreState s, IReadOnlyList<WeightedAffinityTerm> terms, Pod pod, IReadOnlyDictionary<string, string>? nsLabels, Node node, int multiplier)
    {
        foreach (var t in terms)
        {
            ProcessTerm(s, t.Term, t.Weight, pod, nsLabels, node, multiplier);
        }
    }

    private static void ProcessTerm(PreScoreState s, AffinityTerm term, int weight, Pod pod, IReadOnlyDictionary<string, string>? nsLabels, Node node, int multiplier)
    {
        if (term.Matches(pod, nsLabels) && node.Metadata.Labels!.TryGetValue(term.TopologyKey, out var value))
        {
            AddScore(s, term.TopologyKey, value, (long)weight * multiplier);
        }
    }

    /// <inheritdoc/>
    public (long Score, Status Status) Score(CycleState state, Pod pod, NodeInfo nodeInfo)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(nodeInfo);
        if (state.Read<PreScoreState>(PreScoreStateKey) is not { } s)
        {
            return (0, Status.AsError($"reading \"{PreScoreStateKey}\" from cycleState: not found"));
        }

        long score = 0;
        if (nodeInfo.Labels is { } labels)
        {
            foreach (var (key, values) in s.TopologyScore)
            {
                if (labels.TryGetValue(key, out var v))
                {
                    score += values.GetValueOrDefault(v);
                }
            }
        }

        return (score, Status.Success);
    }

    /// <inheritdoc/>
    public bool HasNormalizeScore => true;

    /// <inheritdoc/>
    public Status NormalizeScore(CycleState state, Pod pod, Span<NodeScore> scores)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Read<PreScoreState>(PreScoreStateKey) is not { TopologyScore.Count: > 0 })
        {
            return Status.Success;
        }

        var min = long.MaxValue;
        var max = long.MinValue;
        foreach (ref var s in scores)
        {
            max = Math.Max(max, s.Score);
            min = Math.Min(min, s.Score);
        }

        var diff = max - min;
        foreach (ref var s in scores)
        {
            s.Score = diff > 0 ? (long)(Scores.MaxNodeScore * ((double)(s.Score - min) / diff)) : 0;
        }

        return Status.Success;
    }
}
