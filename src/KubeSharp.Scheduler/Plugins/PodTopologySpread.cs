using System.Text.Json;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Labels;
using KubeSharp.Api.Serialization;
using KubeSharp.Scheduler.Framework;

namespace KubeSharp.Scheduler.Plugins;

/// <summary>
/// Topology spread constraints (upstream's PodTopologySpread): DoNotSchedule constraints filter
/// ('matching pods in the domain' + self - global minimum &lt;= maxSkew, minDomains treating the minimum as 0,
/// nodeAffinityPolicy / nodeTaintsPolicy deciding which nodes count), ScheduleAnyway constraints score; pods without
/// constraints get the default constraints (system defaults: hostname maxSkew 3, zone maxSkew 5, ScheduleAnyway)
/// with the selector of the services/controllers that own them.
/// </summary>
public sealed class PodTopologySpread : IPreFilterPlugin, IFilterPlugin, IPreScorePlugin, IScorePlugin, IPreFilterExtensions
{
    /// <summary>The reason when the skew would be too large.</summary>
    public const string ErrReasonConstraintsNotMatch = "node(s) didn't match pod topology spread constraints";

    /// <summary>The reason when the node lacks a topology label.</summary>
    public const string ErrReasonNodeLabelNotMatch = ErrReasonConstraintsNotMatch + " (missing required label)";

    /// <summary>kubernetes.io/hostname.</summary>
    public const string LabelHostname = "kubernetes.io/hostname";

    /// <summary>topology.kubernetes.io/zone.</summary>
    public const string LabelTopologyZone = "topology.kubernetes.io/zone";

    private const string PreFilterStateKey = "PreFilter" + PluginNames.PodTopologySpread;
    private const string PreScoreStateKey = "PreScore" + PluginNames.PodTopologySpread;

    /// <summary>Upstream's system default constraints.</summary>
    public static IReadOnlyList<TopologySpreadConstraint> SystemDefaultConstraints { get; } =
    [
        new() { TopologyKey = LabelHostname, WhenUnsatisfiable = "ScheduleAnyway", MaxSkew = 3 },
        new() { TopologyKey = LabelTopologyZone, WhenUnsatisfiable = "ScheduleAnyway", MaxSkew = 5 },
    ];

    private static readonly Status SkewStatus = Status.Unschedulable(ErrReasonConstraintsNotMatch);
    private static readonly Status MissingLabelStatus = Status.Unresolvable(ErrReasonNodeLabelNotMatch);

    private readonly IFrameworkHandle _handle;
    private readonly IReadOnlyList<TopologySpreadConstraint> _defaultConstraints;
    private readonly bool _systemDefaulted;

    /// <summary>Creates the plugin with the system defaults or a list of default constraints.</summary>
    public PodTopologySpread(IFrameworkHandle handle, IReadOnlyList<TopologySpreadConstraint>? defaultConstraints = null)
    {
        _handle = handle;
        _systemDefaulted = defaultConstraints is null;
        _defaultConstraints = defaultConstraints ?? SystemDefaultConstraints;
    }

    /// <summary>Creates the plugin from PodTopologySpreadArgs JSON (defaultingType System or List).</summary>
    public static PodTopologySpread FromArgs(JsonElement? args, IFrameworkHandle handle)
    {
        var defaultingType = "System";
        List<TopologySpreadConstraint>? constraints = null;
        if (args is { ValueKind: JsonValueKind.Object } a)
        {
            foreach (var p in a.EnumerateObject())
            {
                switch (p.Name)
                {
                    case "defaultingType":
                        defaultingType = p.Value.GetString() ?? "";
                        break;
                    case "defaultConstraints":
                        constraints = [];
                        foreach (var c in p.Value.EnumerateArray())
                        {
                            constraints.Add(KubeJson.Deserialize<TopologySpreadConstraint>(c.GetRawText()));
                        }

                        break;
                    case "apiVersion":
                    case "kind":
                        break;
                    default:
                        throw new JsonException($"strict decoding error: unknown field \"{p.Name}\"");
                }
            }
        }

        switch (defaultingType)
        {
            case "System":
                if (constraints is { Count: > 0 })
                {
                    throw new JsonException("defaultConstraints: Invalid value: \"System\": when .defaultingType is \"System\", .defaultConstraints must be empty");
                }

                return new PodTopologySpread(handle);
            case "List":
                for (var i = 0; i < (constraints?.Count ?? 0); i++)
                {
                    var c = constraints![i];
                    if (c.MaxSkew <= 0)
                    {
                        throw new JsonException($"defaultConstraints[{i}].maxSkew: Invalid value: {c.MaxSkew}: must be greater than zero");
                    }

                    if (c.TopologyKey.Length == 0)
                    {
                        throw new JsonException($"defaultConstraints[{i}].topologyKey: Required value: can not be empty");
                    }

                    if (c.WhenUnsatisfiable is not ("DoNotSchedule" or "ScheduleAnyway"))
                    {
                        throw new JsonException($"defaultConstraints[{i}].whenUnsatisfiable: Unsupported value: \"{c.WhenUnsatisfiable}\": supported values: \"DoNotSchedule\", \"ScheduleAnyway\"");
                    }

                    if (c.LabelSelector is not null)
                    {
                        throw new JsonException($"defaultConstraints[{i}].labelSelector: Forbidden: constraint must not define a selector, as they deduced for each pod");
                    }
                }

                return new PodTopologySpread(handle, constraints ?? []);
            default:
                throw new JsonException($"defaultingType: Unsupported value: \"{defaultingType}\": supported values: \"List\", \"System\"");
        }
    }

    /// <inheritdoc/>
    public string Name => PluginNames.PodTopologySpread;

    /// <summary>Always recount over every node instead of using the snapshot's incremental counts (the reference in property tests).</summary>
    internal bool DisableIndexes { get; init; }

    /// <inheritdoc/>
    public IPreFilterExtensions? Extensions => this;

    /// <summary>A parsed constraint (upstream's <c>topologySpreadConstraint</c>).</summary>
    internal sealed record Constraint(int MaxSkew, string TopologyKey, Selector Selector, int MinDomains, bool HonorNodeAffinity, bool HonorNodeTaints)
    {
        public bool MatchNodeInclusionPolicies(Pod pod, Node node, RequiredNodeAffinity required)
        {
            if (HonorNodeAffinity && !required.Match(node))
            {
                return false;
            }

            if (HonorNodeTaints && Tolerations.FindUntoleratedDoNotScheduleTaint(node.Spec.Taints, pod.Spec.Tolerations) is not null)
            {
                return false;
            }

            return true;
        }
    }

    private List<Constraint> GetConstraints(Pod pod, string action)
    {
        if (pod.Spec.TopologySpreadConstraints is { Count: > 0 } own)
        {
            return Filter(own, pod.Metadata.Labels, action);
        }

        var constraints = Filter(_defaultConstraints, pod.Metadata.Labels, action);
        if (constraints.Count == 0)
        {
            return constraints;
        }

        var selector = _handle.DefaultSpreadSelector?.Invoke(pod);
        if (selector is null || selector.IsEmpty)
        {
            return [];
        }

        for (var i = 0; i < constraints.Count; i++)
        {
            constraints[i] = constraints[i] with { Selector = selector };
        }

        return constraints;
    }

    private static List<Constraint> Filter(IReadOnlyList<TopologySpreadConstraint> constraints, Dictionary<string, string>? podLabels, string action)
    {
        var result = new List<Constraint>();
        foreach (var c in constraints)
        {
            if (c.WhenUnsatisfiable != action)
            {
                continue;
            }

            if (!c.LabelSelector.TryToSelector(out var selector, out _))
            {
                selector = Selector.Nothing;
            }

            if (c.MatchLabelKeys is { Count: > 0 } keys && podLabels is not null)
            {
                var extra = new List<Requirement>();
                foreach (var key in keys)
                {
                    if (podLabels.TryGetValue(key, out var value) && Requirement.TryCreate(key, SelectionOperator.In, [value], out var req, out _))
                    {
                        extra.Add(req);
                    }
                }

                if (extra.Count > 0)
                {
                    selector = selector.Add(extra);
                }
            }

            result.Add(new Constraint(
                c.MaxSkew,
                c.TopologyKey,
                selector,
                c.MinDomains ?? 1,
                c.NodeAffinityPolicy is null or "Honor",
                c.NodeTaintsPolicy == "Honor"));
        }

        return result;
    }

    private static bool NodeLabelsMatchSpreadConstraints(Dictionary<string, string>? labels, List<Constraint> constraints)
    {
        foreach (var c in constraints)
        {
            if (labels is null || !labels.ContainsKey(c.TopologyKey))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The two domains with the fewest matching pods (upstream's <c>criticalPaths</c>).</summary>
    internal sealed class CriticalPaths
    {
        private (string Value, int Num) _p0 = ("", int.MaxValue);
        private (string Value, int Num) _p1 = ("", int.MaxValue);

        public int MinMatchNum => _p0.Num;

        public CriticalPaths Clone() => new() { _p0 = _p0, _p1 = _p1 };

        public void Update(string value, int num)
        {
            var i = value == _p0.Value ? 0 : value == _p1.Value ? 1 : -1;
            if (i >= 0)
            {
                if (i == 0)
                {
                    _p0.Num = num;
                }
                else
                {
                    _p1.Num = num;
                }

                if (_p0.Num > _p1.Num)
                {
                    (_p0, _p1) = (_p1, _p0);
                }
            }
            else if (num < _p0.Num)
            {
                _p1 = _p0;
                _p0 = (value, num);
            }
            else if (num < _p1.Num)
            {
                _p1 = (value, num);
            }
        }
    }

    private sealed class PreFilterState : IStateData
    {
        public List<Constraint> Constraints { get; init; } = [];

        public List<Dictionary<string, int>> TpValueToMatchNum { get; init; } = [];

        public List<CriticalPaths> CriticalPaths { get; init; } = [];

        /// <summary>Per constraint, 1 when the pod matches its own selector (computed once instead of per node).</summary>
        public int[] SelfMatch { get; init; } = [];

        public IStateData Clone() => new PreFilterState
        {
            Constraints = Constraints,
            SelfMatch = SelfMatch,
            TpValueToMatchNum = [.. TpValueToMatchNum.Select(d => new Dictionary<string, int>(d, StringComparer.Ordinal))],
            CriticalPaths = [.. CriticalPaths.Select(p => p.Clone())],
        };

        public int MinMatchNum(int i, int minDomains) =>
            TpValueToMatchNum[i].Count < minDomains ? 0 : CriticalPaths[i].MinMatchNum;
    }

    /// <inheritdoc/>
    public (PreFilterResult? Result, Status Status) PreFilter(CycleState state, Pod pod, IReadOnlyList<NodeInfo> nodes)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(nodes);
        var constraints = GetConstraints(pod, "DoNotSchedule");
        if (constraints.Count == 0)
        {
            return (null, Status.SkipStatus);
        }

        var s = new PreFilterState { Constraints = constraints, SelfMatch = [.. constraints.Select(c => c.Selector.Matches(pod.Metadata.Labels) ? 1 : 0)] };
        for (var i = 0; i < constraints.Count; i++)
        {
            s.CriticalPaths.Add(new CriticalPaths());
        }

        if (DisableIndexes || !ReferenceEquals(nodes, _handle.Snapshot.NodeInfos) || !CountFromIndex(_handle.Snapshot, pod, constraints, requireAll: true, s.TpValueToMatchNum))
        {
            CountAllNodes(pod, constraints, nodes, s.TpValueToMatchNum);
        }

        for (var i = 0; i < constraints.Count; i++)
        {
            foreach (var (value, num) in s.TpValueToMatchNum[i])
            {
                s.CriticalPaths[i].Update(value, num);
            }
        }

        state.Write(PreFilterStateKey, s);
        return (null, Status.Success);
    }

    /// <summary>PreFilter's per-constraint domain counts and minimum match numbers, for tests (null when PreFilter skipped).</summary>
    internal static (List<Dictionary<string, int>> Counts, int[] MinMatchNums)? PreFilterCounts(CycleState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Read<PreFilterState>(PreFilterStateKey) is not { } s)
        {
            return null;
        }

        return (s.TpValueToMatchNum, [.. s.Constraints.Select((c, i) => s.MinMatchNum(i, c.MinDomains))]);
    }

    /// <summary>PreScore's per-constraint domain counts, for tests (null when PreScore skipped).</summary>
    internal static List<Dictionary<string, long>>? PreScoreCounts(CycleState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Read<PreScoreState>(PreScoreStateKey)?.TopologyValueToPodCounts;
    }

    /// <summary>The full recount: every node's matching pods, per constraint, into its domain.</summary>
    private static void CountAllNodes(Pod pod, List<Constraint> constraints, IReadOnlyList<NodeInfo> nodes, List<Dictionary<string, int>> tpValueToMatchNum)
    {
        for (var i = 0; i < constraints.Count; i++)
        {
            tpValueToMatchNum.Add(new Dictionary<string, int>(StringComparer.Ordinal));
        }

        var required = new RequiredNodeAffinity(pod);
        var ns = pod.Metadata.Namespace;
        foreach (var nodeInfo in nodes)
        {
            if (nodeInfo.Node is not { } node || !NodeLabelsMatchSpreadConstraints(node.Metadata.Labels, constraints))
            {
                continue;
            }

            for (var i = 0; i < constraints.Count; i++)
            {
                var c = constraints[i];
                if (!c.MatchNodeInclusionPolicies(pod, node, required))
                {
                    continue;
                }

                var value = node.Metadata.Labels![c.TopologyKey];
                var counts = tpValueToMatchNum[i];
                counts[value] = counts.GetValueOrDefault(value) + SpreadCounts.CountPodsMatchSelector(nodeInfo.Pods, c.Selector, ns);
            }
        }
    }

    /// <summary>
    /// The same counts from the snapshot's incrementally kept indexes, when every node passes the constraints'
    /// node inclusion policies for this pod (no nodeSelector / required node affinity under Honor, no tainted node
    /// under nodeTaintsPolicy Honor); false (nothing added) otherwise.
    /// </summary>
    private static bool CountFromIndex(Snapshot snapshot, Pod pod, List<Constraint> constraints, bool requireAll, List<Dictionary<string, int>> tpValueToMatchNum)
    {
        if (!TryGetIndexes(snapshot, pod, constraints, requireAll, out var keys, out var indexes))
        {
            return false;
        }

        for (var i = 0; i < constraints.Count; i++)
        {
            tpValueToMatchNum.Add(indexes[i].MatchNumbers(Array.IndexOf(keys, constraints[i].TopologyKey)));
        }

        return true;
    }

    private static bool TryGetIndexes(Snapshot snapshot, Pod pod, List<Constraint> constraints, bool requireAll, out string[] keys, out SpreadCounts[] indexes)
    {
        keys = [];
        indexes = [];
        var hasNodeAffinity = pod.Spec.NodeSelector is { Count: > 0 } || pod.Spec.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution is not null;
        var keySet = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var c in constraints)
        {
            if (c.HonorNodeAffinity && hasNodeAffinity)
            {
                return false;
            }

            keySet.Add(c.TopologyKey);
        }

        keys = [.. keySet];
        indexes = new SpreadCounts[constraints.Count];
        for (var i = 0; i < constraints.Count; i++)
        {
            var index = snapshot.TopologyIndexes.Spread(pod.Metadata.Namespace, constraints[i].Selector, keys, requireAll);
            if (constraints[i].HonorNodeTaints && index.TaintedNodes > 0)
            {
                return false;
            }

            indexes[i] = index;
        }

        return true;
    }

    /// <inheritdoc/>
    public Status AddPod(CycleState state, Pod podToSchedule, PodInfo podToAdd, NodeInfo nodeInfo) => UpdateWithPod(state, podToSchedule, podToAdd, nodeInfo, 1);

    /// <inheritdoc/>
    public Status RemovePod(CycleState state, Pod podToSchedule, PodInfo podToRemove, NodeInfo nodeInfo) => UpdateWithPod(state, podToSchedule, podToRemove, nodeInfo, -1);

    private static Status UpdateWithPod(CycleState state, Pod preemptor, PodInfo updated, NodeInfo nodeInfo, int delta)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(preemptor);
        ArgumentNullException.ThrowIfNull(updated);
        ArgumentNullException.ThrowIfNull(nodeInfo);
        if (state.Read<PreFilterState>(PreFilterStateKey) is not { } s || nodeInfo.Node is not { } node ||
            updated.Pod.Metadata.Namespace != preemptor.Metadata.Namespace ||
            !NodeLabelsMatchSpreadConstraints(node.Metadata.Labels, s.Constraints))
        {
            return Status.Success;
        }

        var required = new RequiredNodeAffinity(preemptor);
        for (var i = 0; i < s.Constraints.Count; i++)
        {
            var c = s.Constraints[i];
            if (!c.Selector.Matches(updated.Pod.Metadata.Labels) || !c.MatchNodeInclusionPolicies(preemptor, node, required))
            {
                continue;
            }

            var value = node.Metadata.Labels![c.TopologyKey];
            var n = s.TpValueToMatchNum[i].GetValueOrDefault(value) + delta;
            s.TpValueToMatchNum[i][value] = n;
            s.CriticalPaths[i].Update(value, n);
        }

        return Status.Success;
    }

    /// <inheritdoc/>
    public Status Filter(CycleState state, Pod pod, NodeInfo nodeInfo)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(nodeInfo);
        if (state.Read<PreFilterState>(PreFilterStateKey) is not { } s)
        {
            return Status.AsError($"reading \"{PreFilterStateKey}\" from cycleState: not found");
        }

        var labels = nodeInfo.Labels;
        for (var i = 0; i < s.Constraints.Count; i++)
        {
            var c = s.Constraints[i];
            if (labels is null || !labels.TryGetValue(c.TopologyKey, out var value))
            {
                return MissingLabelStatus;
            }

            var minMatchNum = s.MinMatchNum(i, c.MinDomains);
            var selfMatch = s.SelfMatch[i];
            var matchNum = s.TpValueToMatchNum[i].GetValueOrDefault(value);
            if (matchNum + selfMatch - minMatchNum > c.MaxSkew)
            {
                return SkewStatus;
            }
        }

        return Status.Success;
    }

    private sealed class PreScoreState
    {
        public List<Constraint> Constraints { get; init; } = [];

        public HashSet<string> IgnoredNodes { get; } = new(StringComparer.Ordinal);

        public List<Dictionary<string, long>> TopologyValueToPodCounts { get; } = [];

        public double[] TopologyNormalizingWeight { get; set; } = [];
    }

    /// <inheritdoc/>
    public Status PreScore(CycleState state, Pod pod, IReadOnlyList<NodeInfo> nodes)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(nodes);
        var allNodes = _handle.Snapshot.NodeInfos;
        if (nodes.Count == 0 || allNodes.Count == 0)
        {
            return Status.SkipStatus;
        }

        var constraints = GetConstraints(pod, "ScheduleAnyway");
        if (constraints.Count == 0)
        {
            return Status.SkipStatus;
        }

        var requireAllTopologies = pod.Spec.TopologySpreadConstraints is { Count: > 0 } || !_systemDefaulted;
        var s = new PreScoreState { Constraints = constraints };
        var topoSize = new int[constraints.Count];
        for (var i = 0; i < constraints.Count; i++)
        {
            s.TopologyValueToPodCounts.Add(new Dictionary<string, long>(StringComparer.Ordinal));
        }

        foreach (var nodeInfo in nodes)
        {
            var labels = nodeInfo.Labels;
            if (requireAllTopologies && !NodeLabelsMatchSpreadConstraints(labels, constraints))
            {
                s.IgnoredNodes.Add(nodeInfo.Name);
                continue;
            }

            for (var i = 0; i < constraints.Count; i++)
            {
                if (constraints[i].TopologyKey == LabelHostname)
                {
                    continue;
                }

                var value = labels is not null && labels.TryGetValue(constraints[i].TopologyKey, out var v) ? v : "";
                if (s.TopologyValueToPodCounts[i].TryAdd(value, 0))
                {
                    topoSize[i]++;
                }
            }
        }

        s.TopologyNormalizingWeight = new double[constraints.Count];
        for (var i = 0; i < constraints.Count; i++)
        {
            var size = constraints[i].TopologyKey == LabelHostname ? nodes.Count - s.IgnoredNodes.Count : topoSize[i];
            s.TopologyNormalizingWeight[i] = Math.Log(size + 2);
        }

        if (!DisableIndexes && ReferenceEquals(allNodes, _handle.Snapshot.NodeInfos) &&
            TryGetIndexes(_handle.Snapshot, pod, constraints, requireAllTopologies, out var keys, out var indexes))
        {
            for (var i = 0; i < constraints.Count; i++)
            {
                var domains = indexes[i].Domains[Array.IndexOf(keys, constraints[i].TopologyKey)];
                var counts = s.TopologyValueToPodCounts[i];
                foreach (var value in counts.Keys.ToArray())
                {
                    counts[value] = domains.TryGetValue(value, out var d) ? d.Pods : 0;
                }
            }
        }
        else
        {
            var required = new RequiredNodeAffinity(pod);
            var ns = pod.Metadata.Namespace;
            foreach (var nodeInfo in allNodes)
            {
                if (nodeInfo.Node is not { } node)
                {
                    continue;
                }

                var labels = node.Metadata.Labels;
                if (requireAllTopologies && !NodeLabelsMatchSpreadConstraints(labels, constraints))
                {
                    continue;
                }

                for (var i = 0; i < constraints.Count; i++)
                {
                    var c = constraints[i];
                    if (!c.MatchNodeInclusionPolicies(pod, node, required))
                    {
                        continue;
                    }

                    var value = labels is not null && labels.TryGetValue(c.TopologyKey, out var v) ? v : "";
                    var counts = s.TopologyValueToPodCounts[i];
                    if (counts.TryGetValue(value, out var current))
                    {
                        counts[value] = current + SpreadCounts.CountPodsMatchSelector(nodeInfo.Pods, c.Selector, ns);
                    }
                }
            }
        }

        state.Write(PreScoreStateKey, s);
        return Status.Success;
    }

    /// <inheritdoc/>
    public (long Score, Status Status) Score(CycleState state, Pod pod, NodeInfo nodeInfo)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(nodeInfo);
        if (state.Read<PreScoreState>(PreScoreStateKey) is not { } s)
        {
            return (0, Status.AsError($"reading \"{PreScoreStateKey}\" from cycleState: not found"));
        }

        if (s.IgnoredNodes.Contains(nodeInfo.Name))
        {
            return (0, Status.Success);
        }

        double score = 0;
        var labels = nodeInfo.Labels;
        for (var i = 0; i < s.Constraints.Count; i++)
        {
            var c = s.Constraints[i];
            if (labels is not null && labels.TryGetValue(c.TopologyKey, out var value))
            {
                long count = c.TopologyKey == LabelHostname
                    ? SpreadCounts.CountPodsMatchSelector(nodeInfo.Pods, c.Selector, pod.Metadata.Namespace)
                    : s.TopologyValueToPodCounts[i].GetValueOrDefault(value);
                score += (count * s.TopologyNormalizingWeight[i]) + (c.MaxSkew - 1);
            }
        }

        return ((long)Math.Round(score, MidpointRounding.AwayFromZero), Status.Success);
    }

    /// <inheritdoc/>
    public bool HasNormalizeScore => true;

    /// <inheritdoc/>
    public Status NormalizeScore(CycleState state, Pod pod, Span<NodeScore> scores)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Read<PreScoreState>(PreScoreStateKey) is not { } s)
        {
            return Status.Success;
        }

        var min = long.MaxValue;
        long max = 0;
        foreach (ref var score in scores)
        {
            if (s.IgnoredNodes.Contains(score.Name))
            {
                score.Score = -1;
                continue;
            }

            min = Math.Min(min, score.Score);
            max = Math.Max(max, score.Score);
        }

        foreach (ref var score in scores)
        {
            if (score.Score == -1)
            {
                score.Score = 0;
                continue;
            }

            score.Score = max == 0 ? Scores.MaxNodeScore : Scores.MaxNodeScore * (max + min - score.Score) / max;
        }

        return Status.Success;
    }
}
