using System.Text.Json;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Labels;
using KubeSharp.Api.Policy.V1;
using KubeSharp.Scheduler.Framework;

namespace KubeSharp.Scheduler.Plugins;

/// <summary>A node where preemption would let the pod fit, and the pods to evict there.</summary>
public sealed record PreemptionCandidate(string NodeName, IReadOnlyList<Pod> Victims, int NumPdbViolations);

/// <summary>
/// Preemption (upstream's DefaultPreemption and preemption.Evaluator) as pure logic: on nodes that failed with
/// Unschedulable, remove every lower-priority pod, check the pod fits, then reprieve victims from the highest
/// priority down (PDB-violating ones first) while it still fits; pick the node with the fewest PDB violations, the
/// lowest highest victim priority, the smallest priority sum, the fewest victims, the latest start time. Deleting the
/// victims and setting nominatedNodeName are the caller's (the PostFilterResult carries both).
/// </summary>
public sealed class DefaultPreemption : IPostFilterPlugin
{
    /// <summary>The per-node message when no lower-priority pod exists.</summary>
    public const string NoVictimsMessage = "No preemption victims found for incoming pod";

    /// <summary>The message for nodes where removing pods would not help.</summary>
    public const string NotHelpfulMessage = "Preemption is not helpful for scheduling";

    private readonly IFrameworkHandle _handle;
    private readonly Random _random;

    /// <summary>Creates the plugin.</summary>
    public DefaultPreemption(IFrameworkHandle handle, int minCandidateNodesPercentage = 10, int minCandidateNodesAbsolute = 100, Random? random = null)
    {
        _handle = handle;
        MinCandidateNodesPercentage = minCandidateNodesPercentage;
        MinCandidateNodesAbsolute = minCandidateNodesAbsolute;
        _random = random ?? Random.Shared;
    }

    /// <summary>Creates the plugin from DefaultPreemptionArgs JSON.</summary>
    public static DefaultPreemption FromArgs(JsonElement? args, IFrameworkHandle handle)
    {
        int percentage = 10, absolute = 100;
        if (args is { ValueKind: JsonValueKind.Object } a)
        {
            foreach (var p in a.EnumerateObject())
            {
                switch (p.Name)
                {
                    case "minCandidateNodesPercentage":
                        percentage = p.Value.GetInt32();
                        break;
                    case "minCandidateNodesAbsolute":
                        absolute = p.Value.GetInt32();
                        break;
                    case "apiVersion":
                    case "kind":
                        break;
                    default:
                        throw new JsonException($"strict decoding error: unknown field \"{p.Name}\"");
                }
            }
        }

        if (percentage is < 0 or > 100)
        {
            throw new JsonException($"minCandidateNodesPercentage: Invalid value: {percentage}: not in valid range [0, 100]");
        }

        if (absolute < 0)
        {
            throw new JsonException($"minCandidateNodesAbsolute: Invalid value: {absolute}: not in valid range [0, inf)");
        }

        if (percentage == 0 && absolute == 0)
        {
            throw new JsonException("minCandidateNodesPercentage: Invalid value: 0: cannot be zero at the same time as minCandidateNodesAbsolute");
        }

        return new DefaultPreemption(handle, percentage, absolute);
    }

    /// <inheritdoc/>
    public string Name => PluginNames.DefaultPreemption;

    /// <summary>At least this percentage of the potential nodes is dry-run.</summary>
    public int MinCandidateNodesPercentage { get; }

    /// <summary>At least this many potential nodes are dry-run.</summary>
    public int MinCandidateNodesAbsolute { get; }

    /// <inheritdoc/>
    public (PostFilterResult? Result, Status Status) PostFilter(CycleState state, Pod pod, NodeToStatus filteredNodeStatus)
    {
        var (result, status) = Preempt(state, pod, filteredNodeStatus);
        return status.Message.Length > 0 && !status.IsSuccess
            ? (result, Status.Create(status.Code, "preemption: " + status.Message))
            : (result, status);
    }

    /// <summary>Upstream's <c>Evaluator.Preempt</c>.</summary>
    public (PostFilterResult? Result, Status Status) Preempt(CycleState state, Pod pod, NodeToStatus m)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(m);
        var (eligible, message) = PodEligibleToPreemptOthers(pod, m.Get(pod.Status.NominatedNodeName));
        if (!eligible)
        {
            return (null, Status.Unschedulable(message));
        }

        var allNodes = _handle.Snapshot.NodeInfos;
        if (allNodes.Count == 0)
        {
            return (null, Status.AsError("no nodes available"));
        }

        var (candidates, statuses) = FindCandidates(state, pod, m);
        if (candidates.Count == 0)
        {
            statuses.AbsentNodesStatus = Status.Unresolvable(NotHelpfulMessage);
            var diagnosis = new Diagnosis();
            foreach (var (node, s) in statuses.Explicit)
            {
                diagnosis.NodeToStatus.Set(node, s);
            }

            diagnosis.NodeToStatus.AbsentNodesStatus = statuses.AbsentNodesStatus;
            return (new PostFilterResult(""), Status.Unschedulable(FitError.BuildMessage(allNodes.Count, diagnosis)));
        }

        var best = SelectCandidate(candidates);
        return (new PostFilterResult(best.NodeName, best.Victims), Status.Success);
    }

    /// <summary>Upstream's <c>PodEligibleToPreemptOthers</c>.</summary>
    public (bool Eligible, string Message) PodEligibleToPreemptOthers(Pod pod, Status nominatedNodeStatus)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(nominatedNodeStatus);
        if (pod.Spec.PreemptionPolicy == "Never")
        {
            return (false, "not eligible due to preemptionPolicy=Never.");
        }

        var nominated = pod.Status.NominatedNodeName;
        if (nominated.Length > 0)
        {
            if (nominatedNodeStatus.Code == StatusCode.UnschedulableAndUnresolvable)
            {
                return (true, "");
            }

            if (_handle.Snapshot.Get(nominated) is { } nodeInfo)
            {
                var priority = PrioritySort.PodPriority(pod);
                foreach (var p in nodeInfo.Pods)
                {
                    if (PrioritySort.PodPriority(p.Pod) < priority && TerminatingByPreemption(p.Pod))
                    {
                        return (false, "not eligible due to a terminating pod on the nominated node.");
                    }
                }
            }
        }

        return (true, "");
    }

    private static bool TerminatingByPreemption(Pod pod)
    {
        if (pod.Metadata.DeletionTimestamp is null || pod.Status.Conditions is null)
        {
            return false;
        }

        foreach (var c in pod.Status.Conditions)
        {
            if (c.Type == "DisruptionTarget" && c.Status == "True" && c.Reason == "PreemptionByScheduler")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>How many candidates to look for among <paramref name="numNodes"/> potential nodes.</summary>
    public int CalculateNumCandidates(int numNodes)
    {
        var n = numNodes * MinCandidateNodesPercentage / 100;
        if (n < MinCandidateNodesAbsolute)
        {
            n = MinCandidateNodesAbsolute;
        }

        return Math.Min(n, numNodes);
    }

    /// <summary>Dry-runs preemption on the nodes that failed with Unschedulable (upstream's <c>findCandidates</c>).</summary>
    public (List<PreemptionCandidate> Candidates, NodeToStatus Statuses) FindCandidates(CycleState state, Pod pod, NodeToStatus m)
    {
        ArgumentNullException.ThrowIfNull(m);
        var framework = _handle as SchedulerFramework ?? throw new InvalidOperationException("preemption needs the scheduler framework");
        var potential = m.NodesForStatusCode(_handle.Snapshot.NodeInfos, StatusCode.Unschedulable);
        var statuses = new NodeToStatus();
        if (potential.Count == 0)
        {
            return ([], statuses);
        }

        var pdbs = _handle.PodDisruptionBudgets;
        var offset = _random.Next(potential.Count);
        var wanted = CalculateNumCandidates(potential.Count);
        var nonViolating = new List<PreemptionCandidate>();
        var violating = new List<PreemptionCandidate>();
        for (var i = 0; i < potential.Count; i++)
        {
            if (nonViolating.Count > 0 && nonViolating.Count + violating.Count >= wanted)
            {
                break;
            }

            var nodeInfo = potential[(offset + i) % potential.Count].Clone();
            var stateCopy = state.Clone();
            var (victims, numViolations, status) = SelectVictimsOnNode(framework, stateCopy, pod, nodeInfo, pdbs);
            if (status.IsSuccess && victims.Count > 0)
            {
                var c = new PreemptionCandidate(nodeInfo.Name, victims, numViolations);
                (numViolations == 0 ? nonViolating : violating).Add(c);
                continue;
            }

            if (status.IsSuccess)
            {
                status = Status.AsError($"expected at least one victim pod on node \"{nodeInfo.Name}\"");
            }

            statuses.Set(nodeInfo.Name, status);
        }

        return ([.. nonViolating, .. violating], statuses);
    }

    /// <summary>Upstream's <c>SelectVictimsOnNode</c>; mutates the (cloned) node info and state.</summary>
    public static (List<Pod> Victims, int NumPdbViolations, Status Status) SelectVictimsOnNode(
        SchedulerFramework framework, CycleState state, Pod pod, NodeInfo nodeInfo, IReadOnlyList<PodDisruptionBudget> pdbs)
    {
        ArgumentNullException.ThrowIfNull(framework);
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(nodeInfo);
        ArgumentNullException.ThrowIfNull(pdbs);
        var priority = PrioritySort.PodPriority(pod);
        var potentialVictims = new List<PodInfo>();
        foreach (var pi in nodeInfo.Pods.ToList())
        {
            if (PrioritySort.PodPriority(pi.Pod) < priority)
            {
                potentialVictims.Add(pi);
                nodeInfo.RemovePod(pi.Pod);
                var s = framework.RunPreFilterExtensionRemovePod(state, pod, pi, nodeInfo);
                if (!s.IsSuccess)
                {
                    return ([], 0, s);
                }
            }
        }

        if (potentialVictims.Count == 0)
        {
            return ([], 0, Status.Unresolvable(NoVictimsMessage));
        }

        var active = framework.ActiveFilterPlugins(state);
        var fits = framework.RunFilterPluginsWithNominatedPods(state, pod, nodeInfo, active);
        if (!fits.IsSuccess)
        {
            return ([], 0, fits);
        }

        var now = DateTimeOffset.UtcNow;
        potentialVictims.Sort((a, b) => MoreImportantPod(a.Pod, b.Pod, now) ? -1 : MoreImportantPod(b.Pod, a.Pod, now) ? 1 : 0);
        var (violatingVictims, nonViolatingVictims) = FilterPodsWithPdbViolation(potentialVictims, pdbs);
        var victims = new List<Pod>();
        var numViolating = 0;
        bool Reprieve(PodInfo pi)
        {
            nodeInfo.AddPodInfo(pi);
            framework.RunPreFilterExtensionAddPod(state, pod, pi, nodeInfo);
            var ok = framework.RunFilterPluginsWithNominatedPods(state, pod, nodeInfo, active).IsSuccess;
            if (!ok)
            {
                nodeInfo.RemovePod(pi.Pod);
                framework.RunPreFilterExtensionRemovePod(state, pod, pi, nodeInfo);
                victims.Add(pi.Pod);
            }

            return ok;
        }

        foreach (var p in violatingVictims)
        {
            if (!Reprieve(p))
            {
                numViolating++;
            }
        }

        foreach (var p in nonViolatingVictims)
        {
            Reprieve(p);
        }

        if (violatingVictims.Count > 0 && nonViolatingVictims.Count > 0)
        {
            victims.Sort((a, b) => MoreImportantPod(a, b, now) ? -1 : MoreImportantPod(b, a, now) ? 1 : 0);
        }

        return (victims, numViolating, Status.Success);
    }

    private static DateTimeOffset StartTime(Pod pod, DateTimeOffset now) => pod.Status.StartTime is { } t ? (DateTimeOffset)t : now;

    /// <summary>Higher priority first, then the earlier start time (upstream's <c>MoreImportantPod</c>).</summary>
    public static bool MoreImportantPod(Pod a, Pod b, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var p1 = PrioritySort.PodPriority(a);
        var p2 = PrioritySort.PodPriority(b);
        return p1 != p2 ? p1 > p2 : StartTime(a, now) < StartTime(b, now);
    }

    /// <summary>Splits victims into those whose eviction would violate a PDB and the others (upstream's <c>filterPodsWithPDBViolation</c>).</summary>
    public static (List<PodInfo> Violating, List<PodInfo> NonViolating) FilterPodsWithPdbViolation(IReadOnlyList<PodInfo> podInfos, IReadOnlyList<PodDisruptionBudget> pdbs)
    {
        ArgumentNullException.ThrowIfNull(podInfos);
        ArgumentNullException.ThrowIfNull(pdbs);
        var allowed = pdbs.Select(p => p.Status.DisruptionsAllowed).ToArray();
        var selectors = pdbs.Select(p => p.Spec.Selector.TryToSelector(out var s, out _) ? s : Selector.Nothing).ToArray();
        var violating = new List<PodInfo>();
        var nonViolating = new List<PodInfo>();
        foreach (var pi in podInfos)
        {
            var pod = pi.Pod;
            var violated = false;
            if (pod.Metadata.Labels is { Count: > 0 })
            {
                for (var i = 0; i < pdbs.Count; i++)
                {
                    var pdb = pdbs[i];
                    if (pdb.Metadata.Namespace != pod.Metadata.Namespace || selectors[i].IsEmpty || !selectors[i].Matches(pod.Metadata.Labels))
                    {
                        continue;
                    }

                    if (pdb.Status.DisruptedPods is { } disrupted && disrupted.ContainsKey(pod.Metadata.Name))
                    {
                        continue;
                    }

                    allowed[i]--;
                    if (allowed[i] < 0)
                    {
                        violated = true;
                    }
                }
            }

            (violated ? violating : nonViolating).Add(pi);
        }

        return (violating, nonViolating);
    }

    /// <summary>Upstream's <c>pickOneNodeForPreemption</c> over the candidates.</summary>
    public static PreemptionCandidate SelectCandidate(IReadOnlyList<PreemptionCandidate> candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        if (candidates.Count == 1)
        {
            return candidates[0];
        }

        var now = DateTimeOffset.UtcNow;
        Func<PreemptionCandidate, long>[] scoreFuncs =
        [
            c => -c.NumPdbViolations,
            c => -(long)PrioritySort.PodPriority(c.Victims[0]),
            c => -c.Victims.Sum(p => (long)PrioritySort.PodPriority(p) + int.MaxValue + 1L),
            c => -c.Victims.Count,
            c => EarliestStartTimeOfHighestPriority(c, now).UtcTicks,
        ];
        var all = candidates.ToList();
        foreach (var f in scoreFuncs)
        {
            var selected = new List<PreemptionCandidate>();
            var max = long.MinValue;
            foreach (var c in all)
            {
                var score = f(c);
                if (score > max)
                {
                    max = score;
                    selected.Clear();
                }

                if (score == max)
                {
                    selected.Add(c);
                }
            }

            if (selected.Count == 1)
            {
                return selected[0];
            }

            all = selected;
        }

        return all[0];
    }

    private static DateTimeOffset EarliestStartTimeOfHighestPriority(PreemptionCandidate c, DateTimeOffset now)
    {
        var highest = PrioritySort.PodPriority(c.Victims[0]);
        var earliest = DateTimeOffset.MaxValue;
        foreach (var p in c.Victims)
        {
            if (PrioritySort.PodPriority(p) == highest)
            {
                var t = StartTime(p, now);
                if (t < earliest)
                {
                    earliest = t;
                }
            }
        }

        return earliest;
    }
}
