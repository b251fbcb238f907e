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
/// among the best-scored nodes. Holds the round-robin start index, so one instance serves one scheduler.
/// </summary>
public sealed class PodScheduler
{
    /// <summary>Upstream's minFeasibleNodesToFind.</summary>
    public const int MinFeasibleNodesToFind = 100;

    /// <summary>Upstream's minFeasibleNodesPercentageToFind.</summary>
    public const int MinFeasibleNodesPercentageToFind = 5;

    private readonly Random _random;
    private int _nextStartNodeIndex;

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

        var (feasible, diagnosis, error) = FindNodesThatFitPod(framework, state, pod);
        if (error is not null)
        {
            return new ScheduleResult { Error = error };
        }

        if (feasible.Count == 0)
        {
            return new ScheduleResult { FitError = new FitError(pod, snapshot.NumNodes, diagnosis), EvaluatedNodes = diagnosis.NodeToStatus.Count };
        }

        var evaluated = feasible.Count + diagnosis.NodeToStatus.Count;
        if (feasible.Count == 1)
        {
            return new ScheduleResult { SuggestedHost = feasible[0].Name, EvaluatedNodes = evaluated, FeasibleNodes = 1 };
        }

        var (totals, status) = PrioritizeNodes(framework, state, pod, feasible);
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
        ArgumentNullException.ThrowIfNull(framework);
        var diagnosis = new Diagnosis();
        var allNodes = framework.Snapshot.NodeInfos;
        var (preResult, preStatus, resultPlugins) = framework.RunPreFilterPlugins(state, pod);
        if (!preStatus.IsSuccess)
        {
            if (!preStatus.IsRejected)
            {
                return ([], diagnosis, preStatus);
            }

            // All nodes get the PreFilter status; the message is the PreFilter's.
            diagnosis.NodeToStatus.AbsentNodesStatus = preStatus;
            diagnosis.AddPluginStatus(preStatus);
            diagnosis.PreFilterMessage = preStatus.Message;
            return ([], diagnosis, null);
        }

        // A node nominated in an earlier cycle (by preemption) is likely the only fit: it is tried first.
        var nominatedNode = pod.Status.NominatedNodeName;
        if (nominatedNode.Length > 0 && (preResult is null || preResult.AllNodes || preResult.NodeNames!.Contains(nominatedNode)) &&
            framework.Snapshot.Get(nominatedNode) is { } nominatedInfo)
        {
            var status = framework.RunFilterPluginsWithNominatedPods(state, pod, nominatedInfo, framework.ActiveFilterPlugins(state));
            if (status.IsSuccess)
            {
                return ([nominatedInfo], diagnosis, null);
            }

            if (status.Code == StatusCode.Error)
            {
                return ([], diagnosis, status);
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

        var (feasible, error) = FindNodesThatPassFilters(framework, state, pod, diagnosis, nodes);
        return (feasible, diagnosis, error);
    }

    private (List<NodeInfo> Feasible, Status? Error) FindNodesThatPassFilters(SchedulerFramework framework, CycleState state, Pod pod, Diagnosis diagnosis, IReadOnlyList<NodeInfo> nodes)
    {
        var numAllNodes = nodes.Count;
        var numNodesToFind = NumFeasibleNodesToFind(framework.PercentageOfNodesToScore, numAllNodes);
        var start = numAllNodes == 0 ? 0 : _nextStartNodeIndex % numAllNodes;
        if (framework.FilterPlugins.Count == 0)
        {
            var all = new List<NodeInfo>(numNodesToFind);
            for (var i = 0; i < numNodesToFind; i++)
            {
                all.Add(nodes[(start + i) % numAllNodes]);
            }

            _nextStartNodeIndex = numAllNodes == 0 ? 0 : (start + numNodesToFind) % numAllNodes;
            return (all, null);
        }

        var active = framework.ActiveFilterPlugins(state);
        var feasibleSlots = new NodeInfo?[numNodesToFind];
        var failed = new Status?[numAllNodes];
        var feasibleCount = 0;
        Status? error = null;
        var stop = new StopFlag();
        framework.Parallelizer.Until(numAllNodes, i =>
        {
            var nodeInfo = nodes[(start + i) % numAllNodes];
            var status = framework.RunFilterPluginsWithNominatedPods(state, pod, nodeInfo, active);
            if (status.IsSuccess)
            {
                var length = Interlocked.Increment(ref feasibleCount);
                if (length > numNodesToFind)
                {
                    stop.Stop();
                    Interlocked.Decrement(ref feasibleCount);
                }
                else
                {
                    feasibleSlots[length - 1] = nodeInfo;
                }
            }
            else if (status.Code == StatusCode.Error)
            {
                error = status;
                stop.Stop();
            }
            else
            {
                failed[i] = status;
            }
        }, stop);
        if (error is not null)
        {
            return ([], error);
        }

        var feasible = new List<NodeInfo>(feasibleCount);
        for (var i = 0; i < feasibleCount; i++)
        {
            feasible.Add(feasibleSlots[i]!);
        }

        for (var i = 0; i < numAllNodes; i++)
        {
            if (failed[i] is { } s)
            {
                diagnosis.NodeToStatus.Set(nodes[(start + i) % numAllNodes].Name, s);
                diagnosis.AddPluginStatus(s);
            }
        }

        var processed = feasibleCount + diagnosis.NodeToStatus.Count;
        var allCount = framework.Snapshot.NumNodes;
        _nextStartNodeIndex = allCount == 0 ? 0 : (_nextStartNodeIndex + processed) % allCount;
        return (feasible, null);
    }

    /// <summary>PreScore and Score (upstream's <c>prioritizeNodes</c>): without score plugins every node scores 1.</summary>
    public static (long[] Totals, Status Status) PrioritizeNodes(SchedulerFramework framework, CycleState state, Pod pod, IReadOnlyList<NodeInfo> nodes)
    {
        ArgumentNullException.ThrowIfNull(framework);
        ArgumentNullException.ThrowIfNull(nodes);
        if (framework.ScorePlugins.Count == 0)
        {
            var ones = new long[nodes.Count];
            Array.Fill(ones, 1);
            return (ones, Status.Success);
        }

        var pre = framework.RunPreScorePlugins(state, pod, nodes);
        if (!pre.IsSuccess)
        {
            return ([], pre);
        }

        return framework.RunScorePlugins(state, pod, nodes);
    }

    /// <summary>The node with the highest total; ties are broken uniformly at random (reservoir sampling, as upstream).</summary>
    public static string SelectHost(IReadOnlyList<NodeInfo> nodes, long[] totals, Random random)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(totals);
        ArgumentNullException.ThrowIfNull(random);
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
