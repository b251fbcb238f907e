using KubeSharp.Api.Core.V1;

namespace KubeSharp.Scheduler.Framework;

/// <summary>The outcome of one scheduling attempt's algorithm part.</summary>
public sealed class ScheduleResult
{
    /// <summary>The chosen node; "" when the pod does not fit.</summary>
    public string SuggestedHost { get; init; } = "";

    /// <summary>The number of nodes evaluated (feasible + filtered out).</summary>
    public int EvaluatedNodes { get; init; }

    /// <summary>The number of feasible nodes found.</summary>
    public int FeasibleNodes { get; init; }

    /// <summary>Why the pod does not fit (null when it does).</summary>
    public FitError? FitError { get; init; }

    /// <summary>An internal error (a plugin returned Error).</summary>
    public Status? Error { get; init; }

    /// <summary>The cluster has no nodes at all (upstream's <c>ErrNoNodesAvailable</c>: no filters, no preemption).</summary>
    public bool NoNodesAvailable { get; init; }

    /// <summary>Upstream's text for <see cref="NoNodesAvailable"/>, the FailedScheduling message.</summary>
    public const string NoNodesAvailableMessage = "no nodes available to schedule pods";
}

/// <summary>
/// The scheduling algorithm of one attempt (upstream's <c>schedulePod</c>, <c>findNodesThatFitPod</c>,
/// <c>prioritizeNodes</c>, <c>selectHost</c>): PreFilter, Filter over the nodes starting after the last attempt's
/// position until enough feasible nodes are found (percentageOfNodesToScore), PreScore/Score, and a random choice
/// among the best-scored nodes. Holds the round-robin start index and the per-attempt buffers (filter statuses,
/// feasible nodes, scores), so one instance serves one scheduling loop and is not re-entrant.
/// </summary>
public sealed class PodScheduler
{
    /// <summary>Upstream's minFeasibleNodesToFind.</summary>
    public const int MinFeasibleNodesToFind = 100;

    /// <summary>Upstream's minFeasibleNodesPercentageToFind.</summary>
    public const int MinFeasibleNodesPercentageToFind = 5;

    private readonly Random _random;
    private readonly CycleBuffers _buffers = new();
    private int _nextStartNodeIndex;
    private int _filteredOut;

    /// <summary>Creates the algorithm with a global percentageOfNodesToScore (0 = adaptive).</summary>
    public PodScheduler(int percentageOfNodesToScore = 0, Random? random = null)
    {
        PercentageOfNodesToScore = percentageOfNodesToScore;
        _random = random ?? Random.Shared;
    }

    /// <summary>The global percentage of nodes to score.</summary>
    public int PercentageOfNodesToScore { get; }

    /// <summary>Where the next attempt starts filtering.</summary>
    public int NextStartNodeIndex => _nextStartNodeIndex;

    /// <summary>How many feasible nodes to look for among <paramref name="numAllNodes"/> (upstream's <c>numFeasibleNodesToFind</c>).</summary>
    public int NumFeasibleNodesToFind(int? profilePercentage, int numAllNodes)
    {
        if (numAllNodes < MinFeasibleNodesToFind)
        {
            return numAllNodes;
        }

        var percentage = profilePercentage ?? PercentageOfNodesToScore;
        if (percentage == 0)
        {
            percentage = 50 - (numAllNodes / 125);
            if (percentage < MinFeasibleNodesPercentageToFind)
            {
                percentage = MinFeasibleNodesPercentageToFind;
            }
        }

        var numNodes = (int)((long)numAllNodes * percentage / 100);
        return numNodes < MinFeasibleNodesToFind ? MinFeasibleNodesToFind : numNodes;
    }

    /// <summary>Runs the algorithm for <paramref name="pod"/> with the framework's current snapshot.</summary>
    public ScheduleResult Schedule(SchedulerFramework framework, CycleState state, Pod pod)
    {
        ArgumentNullException.ThrowIfNull(framework);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(pod);
        var snapshot = framework.Snapshot;
        if (snapshot.NumNodes == 0)
        {
            return new ScheduleResult { NoNodesAvailable = true };
        }

        var (feasible, diagnosis, error) = FindNodesThatFitPodPooled(framework, state, pod, fullDiagnosis: false);
        if (error is not null)
        {
            return new ScheduleResult { Error = error };
        }

        if (feasible.Count == 0)
        {
            return new ScheduleResult { FitError = new FitError(pod, snapshot.NumNodes, diagnosis), EvaluatedNodes = diagnosis.NodeToStatus.Count };
        }

        // On success the filtered-out nodes are only counted (their statuses are not kept).
        var evaluated = feasible.Count + _filteredOut;
        if (feasible.Count == 1)
        {
            return new ScheduleResult { SuggestedHost = feasible[0].Name, EvaluatedNodes = evaluated, FeasibleNodes = 1 };
        }

        var totals = _buffers.Totals(feasible.Count);
        var status = PrioritizeNodes(framework, state, pod, feasible, totals, _buffers.Scores);
        if (!status.IsSuccess)
        {
            return new ScheduleResult { Error = status };
        }

        var host = SelectHost(feasible, totals, _random);
        return new ScheduleResult { SuggestedHost = host, EvaluatedNodes = evaluated, FeasibleNodes = feasible.Count };
    }

    /// <summary>PreFilter then Filter (upstream's <c>findNodesThatFitPod</c>).</summary>
    public (List<NodeInfo> Feasible, Diagnosis Diagnosis, Status? Error) FindNodesThatFitPod(SchedulerFramework framework, CycleState state, Pod pod)
    {
        var (feasible, diagnosis, error) = FindNodesThatFitPodPooled(framework, state, pod, fullDiagnosis: true);
        return ([.. feasible], diagnosis, error);
    }

    // The feasible list is this instance's buffer, valid until the next attempt. Without fullDiagnosis the filter
    // statuses are recorded only when no node fits (the FitError needs them; a success only counts them).
    private (List<NodeInfo> Feasible, Diagnosis Diagnosis, Status? Error) FindNodesThatFitPodPooled(SchedulerFramework framework, CycleState state, Pod pod, bool fullDiagnosis)
    {
        ArgumentNullException.ThrowIfNull(framework);
        var feasible = _buffers.Feasible;
        feasible.Clear();
        _filteredOut = 0;
        var diagnosis = new Diagnosis();
        var allNodes = framework.Snapshot.NodeInfos;
        var (preResult, preStatus, resultPlugins) = framework.RunPreFilterPlugins(state, pod);
        if (!preStatus.IsSuccess)
        {
            if (!preStatus.IsRejected)
            {
                return (feasible, diagnosis, preStatus);
            }

            // All nodes get the PreFilter status; the message is the PreFilter's.
            diagnosis.NodeToStatus.AbsentNodesStatus = preStatus;
            diagnosis.AddPluginStatus(preStatus);
            diagnosis.PreFilterMessage = preStatus.Message;
            return (feasible, diagnosis, null);
        }

        // A node nominated in an earlier cycle (by preemption) is likely the only fit: it is tried first.
        var nominatedNode = pod.Status.NominatedNodeName;
        if (nominatedNode.Length > 0 && (preResult is null || preResult.AllNodes || preResult.NodeNames!.Contains(nominatedNode)) &&
            framework.Snapshot.Get(nominatedNode) is { } nominatedInfo)
        {
            var status = framework.RunFilterPluginsWithNominatedPods(state, pod, nominatedInfo, framework.ActiveFilterPlugins(state));
            if (status.IsSuccess)
            {
                feasible.Add(nominatedInfo);
                return (feasible, diagnosis, null);
            }

            if (status.Code == StatusCode.Error)
            {
                return (feasible, diagnosis, status);
            }
        }

        IReadOnlyList<NodeInfo> nodes = allNodes;
        if (preResult is { AllNodes: false })
        {
            var subset = new List<NodeInfo>(preResult.NodeNames!.Count);
            foreach (var name in preResult.NodeNames)
            {
                if (framework.Snapshot.Get(name) is { } n)
                {
                    subset.Add(n);
                }
            }

            nodes = subset;
            diagnosis.NodeToStatus.AbsentNodesStatus = Status.Unresolvable($"node(s) didn't satisfy plugin(s) [{string.Join(" ", resultPlugins.Order(StringComparer.Ordinal))}]");
        }

        var error = FindNodesThatPassFilters(framework, state, pod, diagnosis, nodes, feasible, fullDiagnosis);
        if (error is not null)
        {
            feasible.Clear();
        }

        return (feasible, diagnosis, error);
    }

    private Status? FindNodesThatPassFilters(SchedulerFramework framework, CycleState state, Pod pod, Diagnosis diagnosis, IReadOnlyList<NodeInfo> nodes, List<NodeInfo> feasible, bool fullDiagnosis)
    {
        var numAllNodes = nodes.Count;
        var numNodesToFind = NumFeasibleNodesToFind(framework.PercentageOfNodesToScore, numAllNodes);
        var start = numAllNodes == 0 ? 0 : _nextStartNodeIndex % numAllNodes;
        if (framework.FilterPlugins.Count == 0)
        {
            for (var i = 0; i < numNodesToFind; i++)
            {
                feasible.Add(nodes[(start + i) % numAllNodes]);
            }

            _nextStartNodeIndex = numAllNodes == 0 ? 0 : (start + numNodesToFind) % numAllNodes;
            return null;
        }

        var pass = _buffers.Filter;
        pass.Begin(framework, state, pod, nodes, framework.ActiveFilterPlugins(state), start, numNodesToFind);
        var failedCount = 0;
        var feasibleCount = 0;
        var consumed = false;
        try
        {
            framework.Parallelizer.Until(numAllNodes, pass.Work, pass.Stop);
            if (pass.Error is { } error)
            {
                return error;
            }

            feasibleCount = pass.FeasibleCount;
            for (var i = 0; i < feasibleCount; i++)
            {
                feasible.Add(pass.Slots[i]!);
            }

            var failed = pass.Failed;
            var record = fullDiagnosis || feasibleCount == 0;
            for (var i = 0; i < numAllNodes; i++)
            {
                if (failed[i] is { } s)
                {
                    failed[i] = null;
                    failedCount++;
                    if (record)
                    {
                        diagnosis.NodeToStatus.Set(nodes[(start + i) % numAllNodes].Name, s);
                        diagnosis.AddPluginStatus(s);
                    }
                }
            }

            consumed = true;
        }
        finally
        {
            // The failure slots must be empty for the next attempt (also after an error or an exception).
            pass.End(consumed);
        }

        _filteredOut = failedCount;
        var processed = feasibleCount + failedCount;
        var allCount = framework.Snapshot.NumNodes;
        _nextStartNodeIndex = allCount == 0 ? 0 : (_nextStartNodeIndex + processed) % allCount;
        return null;
    }

    /// <summary>PreScore and Score (upstream's <c>prioritizeNodes</c>): without score plugins every node scores 1.</summary>
    public static (long[] Totals, Status Status) PrioritizeNodes(SchedulerFramework framework, CycleState state, Pod pod, IReadOnlyList<NodeInfo> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var totals = new long[nodes.Count];
        var status = PrioritizeNodes(framework, state, pod, nodes, totals, new ScoreBuffers());
        return (status.IsSuccess ? totals : [], status);
    }

    // Writes the totals of nodes[i] to totals[i] (totals may be longer than nodes).
    private static Status PrioritizeNodes(SchedulerFramework framework, CycleState state, Pod pod, IReadOnlyList<NodeInfo> nodes, long[] totals, ScoreBuffers buffers)
    {
        ArgumentNullException.ThrowIfNull(framework);
        if (framework.ScorePlugins.Count == 0)
        {
            Array.Fill(totals, 1, 0, nodes.Count);
            return Status.Success;
        }

        var pre = framework.RunPreScorePlugins(state, pod, nodes);
        if (!pre.IsSuccess)
        {
            return pre;
        }

        return framework.RunScorePlugins(state, pod, nodes, totals, buffers);
    }

    /// <summary>The node with the highest total; ties are broken uniformly at random (reservoir sampling, as upstream).</summary>
    public static string SelectHost(IReadOnlyList<NodeInfo> nodes, long[] totals, Random random)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(totals);
        ArgumentNullException.ThrowIfNull(random);
        if (totals.Length < nodes.Count)
        {
            throw new ArgumentException("fewer totals than nodes", nameof(totals));
        }

        if (nodes.Count == 0)
        {
            throw new InvalidOperationException("empty priorityList");
        }

        var best = 0;
        var max = totals[0];
        var count = 1;
        for (var i = 1; i < nodes.Count; i++)
        {
            if (totals[i] > max)
            {
                max = totals[i];
                best = i;
                count = 1;
            }
            else if (totals[i] == max)
            {
                count++;
                if (random.Next(count) == 0)
                {
                    best = i;
                }
            }
        }

        return nodes[best].Name;
    }
}
