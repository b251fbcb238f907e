using KubeSharp.Api.Core.V1;
using KubeSharp.Scheduler.Framework;

namespace KubeSharp.Scheduler.Plugins;

/// <summary>
/// Filters nodes with NoSchedule/NoExecute taints the pod does not tolerate, and prefers nodes with fewer untolerated
/// PreferNoSchedule taints (upstream's TaintToleration).
/// </summary>
public sealed class TaintToleration : IFilterPlugin, IPreScorePlugin, IScorePlugin
{
    private const string PreScoreStateKey = "PreScore" + PluginNames.TaintToleration;

    /// <inheritdoc/>
    public string Name => PluginNames.TaintToleration;

    /// <inheritdoc/>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public Status Filter(CycleState state, Pod pod, NodeInfo nodeInfo)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(nodeInfo);
        var taints = nodeInfo.Taints;
        if (taints is null)
        {
            return Status.Success;
        }

        var taint = Tolerations.FindUntoleratedDoNotScheduleTaint(taints, pod.Spec.Tolerations);
        return taint is null
            ? Status.Success
            : Status.Unresolvable($"node(s) had untolerated taint {{{taint.Key}: {taint.Value}}}");
    }

    private sealed class PreScoreState(List<Toleration> tolerations)
    {
        public List<Toleration> TolerationsPreferNoSchedule { get; } = tolerations;
    }

    /// <inheritdoc/>
    public Status PreScore(CycleState state, Pod pod, IReadOnlyList<NodeInfo> nodes)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(pod);
        var list = new List<Toleration>();
        if (pod.Spec.Tolerations is { } tolerations)
        {
            foreach (var t in tolerations)
            {
                if (t.Effect.Length == 0 || t.Effect == "PreferNoSchedule")
                {
                    list.Add(t);
                }
            }
        }

        state.Write(PreScoreStateKey, new PreScoreState(list));
        return Status.Success;
    }

    /// <inheritdoc/>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public (long Score, Status Status) Score(CycleState state, Pod pod, NodeInfo nodeInfo)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(nodeInfo);
        if (state.Read<PreScoreState>(PreScoreStateKey) is not { } s)
        {
            return (0, Status.AsError($"reading \"{PreScoreStateKey}\" from cycleState: not found"));
        }

        long count = 0;
        if (nodeInfo.Taints is { } taints)
        {
            foreach (var taint in taints)
            {
                if (taint.Effect == "PreferNoSchedule" && !Tolerations.TolerationsTolerateTaint(s.TolerationsPreferNoSchedule, taint))
                {
                    count++;
                }
            }
        }

        return (count, Status.Success);
    }

    /// <inheritdoc/>
    public bool HasNormalizeScore => true;

    /// <inheritdoc/>
    public Status NormalizeScore(CycleState state, Pod pod, Span<NodeScore> scores)
    {
        Scores.DefaultNormalize(Scores.MaxNodeScore, reverse: true, scores);
        return Status.Success;
    }
}
