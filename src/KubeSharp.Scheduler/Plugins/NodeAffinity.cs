using System.Text.Json;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Serialization;
using KubeSharp.Scheduler.Framework;

namespace KubeSharp.Scheduler.Plugins;

/// <summary>
/// nodeSelector and required node affinity as a filter, preferred node affinity as a score, plus the profile's
/// addedAffinity (NodeAffinityArgs) applied to every pod (upstream's NodeAffinity).
/// </summary>
public sealed class NodeAffinity : IPreFilterPlugin, IFilterPlugin, IPreScorePlugin, IScorePlugin
{
    /// <summary>The reason for a pod's own affinity/selector.</summary>
    public const string ErrReasonPod = "node(s) didn't match Pod's node affinity/selector";

    /// <summary>The reason for the scheduler-enforced addedAffinity.</summary>
    public const string ErrReasonEnforced = "node(s) didn't match scheduler-enforced node affinity";

    /// <summary>The reason when metadata.name terms exclude each other.</summary>
    public const string ErrReasonConflict = "pod affinity terms conflict";

    private const string PreFilterStateKey = "PreFilter" + PluginNames.NodeAffinity;
    private const string PreScoreStateKey = "PreScore" + PluginNames.NodeAffinity;

    private static readonly Status PodMismatch = Status.Unresolvable(ErrReasonPod);
    private static readonly Status EnforcedMismatch = Status.Unresolvable(ErrReasonEnforced);

    private readonly CompiledNodeSelector? _addedNodeSelector;
    private readonly List<PreferredSchedulingTerm>? _addedPreferred;

    /// <summary>Creates the plugin with optional addedAffinity.</summary>
    public NodeAffinity(Api.Core.V1.NodeAffinity? addedAffinity = null)
    {
        if (addedAffinity?.RequiredDuringSchedulingIgnoredDuringExecution is { } required)
        {
            _addedNodeSelector = new CompiledNodeSelector(required.NodeSelectorTerms);
        }

        if (addedAffinity?.PreferredDuringSchedulingIgnoredDuringExecution is { Count: > 0 } preferred)
        {
            _addedPreferred = preferred;
        }
    }

    /// <summary>Creates the plugin from NodeAffinityArgs JSON.</summary>
    public static NodeAffinity FromArgs(JsonElement? args)
    {
        Api.Core.V1.NodeAffinity? added = null;
        if (args is { ValueKind: JsonValueKind.Object } a)
        {
            foreach (var p in a.EnumerateObject())
            {
                if (p.Name == "addedAffinity")
                {
                    added = KubeJson.Deserialize<Api.Core.V1.NodeAffinity>(p.Value.GetRawText());
                }
                else if (p.Name is not ("apiVersion" or "kind"))
                {
                    throw new JsonException($"strict decoding error: unknown field \"{p.Name}\"");
                }
            }
        }

        return new NodeAffinity(added);
    }

    /// <inheritdoc/>
    public string Name => PluginNames.NodeAffinity;

    /// <inheritdoc/>
    public (PreFilterResult? Result, Status Status) PreFilter(CycleState state, Pod pod, IReadOnlyList<NodeInfo> nodes)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(pod);
        var required = pod.Spec.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution;
        if (required is null && _addedNodeSelector is null && pod.Spec.NodeSelector is null)
        {
            return (null, Status.SkipStatus);
        }

        state.Write(PreFilterStateKey, new RequiredNodeAffinity(pod));
        if (required?.NodeSelectorTerms is not { Count: > 0 } terms)
        {
            return (null, Status.Success);
        }

        HashSet<string>? nodeNames = null;
        foreach (var term in terms)
        {
            HashSet<string>? termNames = null;
            if (term.MatchFields is { } fields)
            {
                foreach (var r in fields)
                {
                    if (r.Key == "metadata.name" && r.Operator == "In")
                    {
                        var set = new HashSet<string>(r.Values ?? [], StringComparer.Ordinal);
                        if (termNames is null)
                        {
                            termNames = set;
                        }
                        else
                        {
                            termNames.IntersectWith(set);
                        }
                    }
                }
            }

            if (termNames is null)
            {
                // A term without a metadata.name requirement allows every node (terms are ORed).
                return (null, Status.Success);
            }

            nodeNames ??= new HashSet<string>(StringComparer.Ordinal);
            nodeNames.UnionWith(termNames);
        }

        if (nodeNames is { Count: 0 })
        {
            return (null, Status.Unresolvable(ErrReasonConflict));
        }

        return (nodeNames is null ? null : new PreFilterResult(nodeNames), Status.Success);
    }

    /// <inheritdoc/>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public Status Filter(CycleState state, Pod pod, NodeInfo nodeInfo)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(nodeInfo);
        if (nodeInfo.Node is null)
        {
            return Status.AsError("node not found");
        }

        if (_addedNodeSelector is not null && !_addedNodeSelector.Match(nodeInfo.LabelPairs, nodeInfo.Name))
        {
            return EnforcedMismatch;
        }

        var s = state.Read<RequiredNodeAffinity>(PreFilterStateKey) ?? new RequiredNodeAffinity(pod);
        return s.Match(nodeInfo.LabelPairs, nodeInfo.Name) ? Status.Success : PodMismatch;
    }

    private sealed class PreScoreState(List<(CompiledNodeSelector.CompiledTerm Term, int Weight)> terms)
    {
        public List<(CompiledNodeSelector.CompiledTerm Term, int Weight)> Terms { get; } = terms;
    }

    /// <inheritdoc/>
    public Status PreScore(CycleState state, Pod pod, IReadOnlyList<NodeInfo> nodes)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(pod);
        var preferred = pod.Spec.Affinity?.NodeAffinity?.PreferredDuringSchedulingIgnoredDuringExecution;
        if ((preferred is null || preferred.Count == 0) && _addedPreferred is null)
        {
            return Status.SkipStatus;
        }

        var terms = new List<(CompiledNodeSelector.CompiledTerm, int)>();
        Add(terms, _addedPreferred);
        Add(terms, preferred);
        state.Write(PreScoreStateKey, new PreScoreState(terms));
        return Status.Success;

        static void Add(List<(CompiledNodeSelector.CompiledTerm, int)> terms, List<PreferredSchedulingTerm>? list)
        {
            if (list is null)
            {
                return;
            }

            foreach (var t in list)
            {
                // A term with weight 0 is ignored; an empty or invalid preference matches nothing.
                if (t.Weight != 0 && CompiledNodeSelector.CompiledTerm.Create(t.Preference) is { } compiled)
                {
                    terms.Add((compiled, t.Weight));
                }
            }
        }
    }

    /// <inheritdoc/>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public (long Score, Status Status) Score(CycleState state, Pod pod, NodeInfo nodeInfo)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(nodeInfo);
        if (nodeInfo.Node is null)
        {
            return (0, Status.AsError("node not found"));
        }

        if (state.Read<PreScoreState>(PreScoreStateKey) is not { } s)
        {
            return (0, Status.AsError($"reading \"{PreScoreStateKey}\" from cycleState: not found"));
        }

        long count = 0;
        foreach (var (term, weight) in s.Terms)
        {
            if (term.Match(nodeInfo.LabelPairs, nodeInfo.Name))
            {
                count += weight;
            }
        }

        return (count, Status.Success);
    }

    /// <inheritdoc/>
    public bool HasNormalizeScore => true;

    /// <inheritdoc/>
    public Status NormalizeScore(CycleState state, Pod pod, Span<NodeScore> scores)
    {
        Scores.DefaultNormalize(Scores.MaxNodeScore, reverse: false, scores);
        return Status.Success;
    }
}
