using KubeSharp.Api.Core.V1;

namespace KubeSharp.Scheduler.Framework;

/// <summary>The highest score a Score plugin may return after normalisation (upstream's MaxNodeScore).</summary>
public static class Scores
{
    /// <summary>100.</summary>
    public const long MaxNodeScore = 100;

    /// <summary>0.</summary>
    public const long MinNodeScore = 0;

    /// <summary>
    /// Scales scores to [0, maxPriority] by the highest score, reversed when asked (upstream's
    /// <c>helper.DefaultNormalizeScore</c>).
    /// </summary>
    public static void DefaultNormalize(long maxPriority, bool reverse, Span<NodeScore> scores)
    {
        long max = 0;
        foreach (ref var s in scores)
        {
            if (s.Score > max)
            {
                max = s.Score;
            }
        }

        if (max == 0)
        {
            if (reverse)
            {
                foreach (ref var s in scores)
                {
                    s.Score = maxPriority;
                }
            }

            return;
        }

        foreach (ref var s in scores)
        {
            var score = maxPriority * s.Score / max;
            s.Score = reverse ? maxPriority - score : score;
        }
    }
}

/// <summary>A node's score from one plugin.</summary>
public struct NodeScore
{
    /// <summary>The node.</summary>
    public string Name { get; set; }

    /// <summary>The score.</summary>
    public long Score { get; set; }

    /// <summary>Creates a node score.</summary>
    public NodeScore(string name, long score)
    {
        Name = name;
        Score = score;
    }
}

/// <summary>A pod in the scheduling queue (upstream's <c>QueuedPodInfo</c>).</summary>
public sealed class QueuedPodInfo
{
    /// <summary>Creates a queued pod.</summary>
    public QueuedPodInfo(PodInfo podInfo, DateTime timestamp)
    {
        PodInfo = podInfo;
        Timestamp = timestamp;
        InitialAttemptTimestamp = timestamp;
    }

    /// <summary>The pod.</summary>
    public PodInfo PodInfo { get; }

    /// <summary>When the pod was added to the queue (or last moved).</summary>
    public DateTime Timestamp { get; set; }

    /// <summary>The number of scheduling attempts.</summary>
    public int Attempts { get; set; }

    /// <summary>When the pod was first added.</summary>
    public DateTime InitialAttemptTimestamp { get; set; }

    /// <summary>Plugins that rejected the pod in its last attempt.</summary>
    public HashSet<string> UnschedulablePlugins { get; } = new(StringComparer.Ordinal);
}

/// <summary>What a plugin can see of the framework (upstream's <c>framework.Handle</c>).</summary>
public interface IFrameworkHandle
{
    /// <summary>The snapshot of the current cycle.</summary>
    Snapshot Snapshot { get; }

    /// <summary>The parallelism for plugin-internal fan-out.</summary>
    int Parallelism { get; }

    /// <summary>
    /// The selector of the services, replication controllers, replica sets and stateful sets that select a pod
    /// (upstream's <c>helper.DefaultSelector</c>), for PodTopologySpread's default constraints; null without listers.
    /// </summary>
    Func<Pod, Api.Labels.Selector>? DefaultSpreadSelector => null;

    /// <summary>The PodDisruptionBudgets preemption respects (from the cache; empty without a lister).</summary>
    IReadOnlyList<Api.Policy.V1.PodDisruptionBudget> PodDisruptionBudgets => [];
}

/// <summary>A plugin (upstream's <c>framework.Plugin</c>).</summary>
public interface IPlugin
{
    /// <summary>The plugin's name as used in the configuration.</summary>
    string Name { get; }
}

/// <summary>Orders the active queue.</summary>
public interface IQueueSortPlugin : IPlugin
{
    /// <summary>Whether <paramref name="a"/> goes before <paramref name="b"/>.</summary>
    bool Less(QueuedPodInfo a, QueuedPodInfo b);
}

/// <summary>The result of PreFilter: the nodes the pod may go to (null = all).</summary>
public sealed class PreFilterResult
{
    /// <summary>Creates a result limited to node names.</summary>
    public PreFilterResult(IReadOnlySet<string>? nodeNames) => NodeNames = nodeNames;

    /// <summary>The nodes; null means all nodes.</summary>
    public IReadOnlySet<string>? NodeNames { get; }

    /// <summary>True when every node is allowed.</summary>
    public bool AllNodes => NodeNames is null;

    /// <summary>The intersection of two results (upstream's <c>Merge</c>).</summary>
    public static PreFilterResult? Merge(PreFilterResult? a, PreFilterResult? b)
    {
        if (a is null || a.AllNodes)
        {
            return b;
        }

        if (b is null || b.AllNodes)
        {
            return a;
        }

        var set = new HashSet<string>(a.NodeNames!, StringComparer.Ordinal);
        set.IntersectWith(b.NodeNames!);
        return new PreFilterResult(set);
    }
}

/// <summary>Checks and precomputes per pod before filtering.</summary>
public interface IPreFilterPlugin : IPlugin
{
    /// <summary>Runs once per cycle; a Skip status skips this plugin's Filter.</summary>
    (PreFilterResult? Result, Status Status) PreFilter(CycleState state, Pod pod, IReadOnlyList<NodeInfo> nodes);

    /// <summary>Updates the precomputed state as if <paramref name="podToAdd"/> were on the node (preemption), or null.</summary>
    IPreFilterExtensions? Extensions => null;
}

/// <summary>Incremental updates of PreFilter state (upstream's <c>PreFilterExtensions</c>).</summary>
public interface IPreFilterExtensions
{
    /// <summary>The pod <paramref name="podToAdd"/> is added to the node.</summary>
    Status AddPod(CycleState state, Pod podToSchedule, PodInfo podToAdd, NodeInfo nodeInfo);

    /// <summary>The pod <paramref name="podToRemove"/> is removed from the node.</summary>
    Status RemovePod(CycleState state, Pod podToSchedule, PodInfo podToRemove, NodeInfo nodeInfo);
}

/// <summary>Decides whether a pod fits a node.</summary>
public interface IFilterPlugin : IPlugin
{
    /// <summary>Success when the pod may run on the node. Must be thread-safe and should not allocate.</summary>
    Status Filter(CycleState state, Pod pod, NodeInfo nodeInfo);
}

/// <summary>Runs when no node fits (preemption).</summary>
public interface IPostFilterPlugin : IPlugin
{
    /// <summary>Tries to make the pod schedulable; may nominate a node.</summary>
    (PostFilterResult? Result, Status Status) PostFilter(CycleState state, Pod pod, NodeToStatus filteredNodeStatus);
}

/// <summary>
/// A PostFilter plugin's result: the node nominated for the pod ("" clears a nomination) and, for preemption, the
/// victims to delete before the pod can go there.
/// </summary>
public sealed record PostFilterResult(string NominatedNodeName, IReadOnlyList<Pod>? Victims = null);

/// <summary>Precomputes scoring data once per cycle.</summary>
public interface IPreScorePlugin : IPlugin
{
    /// <summary>A Skip status skips this plugin's Score.</summary>
    Status PreScore(CycleState state, Pod pod, IReadOnlyList<NodeInfo> nodes);
}

/// <summary>Scores feasible nodes.</summary>
public interface IScorePlugin : IPlugin
{
    /// <summary>The node's score (0..100 after normalisation). Must be thread-safe.</summary>
    (long Score, Status Status) Score(CycleState state, Pod pod, NodeInfo nodeInfo);

    /// <summary>Whether the plugin normalises its scores.</summary>
    bool HasNormalizeScore => false;

    /// <summary>Normalises the scores in place (upstream's <c>ScoreExtensions().NormalizeScore</c>).</summary>
    Status NormalizeScore(CycleState state, Pod pod, Span<NodeScore> scores) => Status.Success;
}

/// <summary>Reserves resources for the pod on the chosen node.</summary>
public interface IReservePlugin : IPlugin
{
    /// <summary>Reserves.</summary>
    Status Reserve(CycleState state, Pod pod, string nodeName);

    /// <summary>Undoes <see cref="Reserve"/>.</summary>
    void Unreserve(CycleState state, Pod pod, string nodeName);
}

/// <summary>Approves, denies or delays binding.</summary>
public interface IPermitPlugin : IPlugin
{
    /// <summary>Success, Wait (with a timeout) or a rejection.</summary>
    (Status Status, TimeSpan Timeout) Permit(CycleState state, Pod pod, string nodeName);
}

/// <summary>Runs before binding.</summary>
public interface IPreBindPlugin : IPlugin
{
    /// <summary>Prepares the binding.</summary>
    Task<Status> PreBindAsync(CycleState state, Pod pod, string nodeName, CancellationToken cancellationToken);
}

/// <summary>Binds the pod to the node.</summary>
public interface IBindPlugin : IPlugin
{
    /// <summary>Binds; Skip lets the next bind plugin try.</summary>
    Task<Status> BindAsync(CycleState state, Pod pod, string nodeName, CancellationToken cancellationToken);
}

/// <summary>Runs after a successful binding.</summary>
public interface IPostBindPlugin : IPlugin
{
    /// <summary>Informational.</summary>
    void PostBind(CycleState state, Pod pod, string nodeName);
}
