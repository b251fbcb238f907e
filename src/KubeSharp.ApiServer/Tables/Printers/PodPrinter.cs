using System.Globalization;
using KubeSharp.Api;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Meta.V1;

namespace KubeSharp.ApiServer.Tables.Printers;

/// <summary>
/// pods: NAME, READY (<c>1/2</c>), STATUS (upstream's reason logic: <c>Init:0/1</c>, <c>CrashLoopBackOff</c>,
/// <c>Completed</c>, <c>Terminating</c>, ...), RESTARTS (<c>3 (5m ago)</c>), AGE; wide IP, NODE, NOMINATED NODE,
/// READINESS GATES. Completed pods carry a <c>Completed</c> row condition.
/// </summary>
internal sealed class PodPrinter : ResourcePrinter<Pod>
{
    private const string NodeUnreachablePodReason = "NodeLost";

    public PodPrinter()
        : base(
            TableColumn.NameColumn,
            TableColumn.Str("Ready", "The aggregate readiness state of this pod for accepting traffic."),
            TableColumn.Str("Status", "The aggregate status of the containers in this pod."),
            TableColumn.Str("Restarts", "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
            TableColumn.AgeColumn,
            TableColumn.Str("IP", "podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.", 1),
            TableColumn.Str("Node", "NodeName indicates in which node this pod is scheduled. If empty, this pod is a candidate for scheduling by the scheduler defined in schedulerName. Once this field is set, the kubelet for this node becomes responsible for the lifecycle of this pod. This field should not be used to express a desire for the pod to be scheduled on a specific node. https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#nodename", 1),
            TableColumn.Str("Nominated Node", "nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods. This field does not guarantee that the pod will be scheduled on this node. Scheduler may decide to place the pod elsewhere if other nodes become available sooner. Scheduler may also decide to give the resources on this node to a higher priority pod that is created after preemption. As a result, this field may be different than PodSpec.nodeName when the pod is scheduled.", 1),
            TableColumn.Str("Readiness Gates", "If specified, all readiness gates will be evaluated for pod readiness. A pod is ready when all its containers are ready AND all conditions specified in the readiness gates have status equal to \"True\" More info: https://git.k8s.io/enhancements/keps/sig-network/580-pod-readiness-gates", 1))
    {
    }

    protected override void Print(Pod pod, TableRowBuilder row)
    {
        var status = pod.Status;
        var spec = pod.Spec;
        var phase = status.Phase;
        var reason = status.Reason.Length > 0 ? status.Reason : phase;
        if (status.Conditions is { } conditions)
        {
            foreach (var condition in conditions)
            {
                if (condition.Type == "PodScheduled" && condition.Reason == "SchedulingGated")
                {
                    reason = "SchedulingGated";
                }
            }
        }

        if (phase == "Succeeded")
        {
            row.Conditions = [new TableRowCondition { Type = "Completed", Status = "True", Reason = "Succeeded", Message = "The pod has completed successfully." }];
        }
        else if (phase == "Failed")
        {
            row.Conditions = [new TableRowCondition { Type = "Completed", Status = "True", Reason = "Failed", Message = "The pod failed." }];
        }

        var totalContainers = spec.Containers?.Count ?? 0;
        var initContainers = spec.InitContainers;
        if (initContainers is not null)
        {
            foreach (var container in initContainers)
            {
                if (IsRestartable(container))
                {
                    totalContainers++;
                }
            }
        }

        var restarts = 0L;
        var restartableInitRestarts = 0L;
        var readyContainers = 0;
        Time lastRestart = default;
        Time lastRestartableInitRestart = default;
        var initializing = false;
        if (status.InitContainerStatuses is { } initStatuses)
        {
            for (var i = 0; i < initStatuses.Count; i++)
            {
                var container = initStatuses[i];
                restarts += container.RestartCount;
                var lastTerminated = container.LastState.Terminated;
                if (lastTerminated is not null && lastRestart.Before(lastTerminated.FinishedAt))
                {
                    lastRestart = lastTerminated.FinishedAt;
                }
                var restartable = IsRestartable(FindContainer(initContainers, container.Name));
                if (restartable)
                {
                    restartableInitRestarts += container.RestartCount;
                    if (lastTerminated is not null && lastRestartableInitRestart.Before(lastTerminated.FinishedAt))
                    {
                        lastRestartableInitRestart = lastTerminated.FinishedAt;
                    }
                }
                var terminated = container.State.Terminated;
                var waiting = container.State.Waiting;
                if (terminated is not null && terminated.ExitCode == 0)
                {
                    continue;
                }
                if (restartable && container.Started == true)
                {
                    if (container.Ready)
                    {
                        readyContainers++;
                    }
                    continue;
                }
                if (terminated is not null)
                {
                    reason = terminated.Reason.Length > 0 ? "Init:" + terminated.Reason
                        : terminated.Signal != 0 ? "Init:Signal:" + Text(terminated.Signal)
                        : "Init:ExitCode:" + Text(terminated.ExitCode);
                }
                else if (waiting is not null && waiting.Reason.Length > 0 && waiting.Reason != "PodInitializing")
                {
                    reason = "Init:" + waiting.Reason;
                }
                else
                {
                    reason = "Init:" + Text(i) + "/" + Text(initContainers?.Count ?? 0);
                }
                initializing = true;
                break;
            }
        }

        if (!initializing || IsInitializedConditionTrue(status.Conditions))
        {
            restarts = restartableInitRestarts;
            lastRestart = lastRestartableInitRestart;
            var hasRunning = false;
            if (status.ContainerStatuses is { } statuses)
            {
                for (var i = statuses.Count - 1; i >= 0; i--)
                {
                    var container = statuses[i];
                    restarts += container.RestartCount;
                    var lastTerminated = container.LastState.Terminated;
                    if (lastTerminated is not null && lastRestart.Before(lastTerminated.FinishedAt))
                    {
                        lastRestart = lastTerminated.FinishedAt;
                    }
                    var waiting = container.State.Waiting;
                    var terminated = container.State.Terminated;
                    if (waiting is not null && waiting.Reason.Length > 0)
                    {
                        reason = waiting.Reason;
                    }
                    else if (terminated is not null && terminated.Reason.Length > 0)
                    {
                        reason = terminated.Reason;
                    }
                    else if (terminated is not null)
                    {
                        reason = terminated.Signal != 0 ? "Signal:" + Text(terminated.Signal) : "ExitCode:" + Text(terminated.ExitCode);
                    }
                    else if (container.Ready && container.State.Running is not null)
                    {
                        hasRunning = true;
                        readyContainers++;
                    }
                }
            }
            if (reason == "Completed" && hasRunning)
            {
                reason = HasReadyCondition(status.Conditions) ? "Running" : "NotReady";
            }
        }

        var deletionTimestamp = pod.Metadata.DeletionTimestamp;
        if (deletionTimestamp is not null && status.Reason == NodeUnreachablePodReason)
        {
            reason = "Unknown";
        }
        else if (deletionTimestamp is not null && phase != "Failed" && phase != "Succeeded")
        {
            reason = "Terminating";
        }

        var restartsText = restarts != 0 && !lastRestart.IsZero
            ? Text(restarts) + " (" + row.Clock.Age(lastRestart) + " ago)"
            : Text(restarts);

        row.String(pod.Metadata.Name);
        row.String(Text(readyContainers) + "/" + Text(totalContainers));
        row.String(reason);
        row.String(restartsText);
        row.Age(pod.Metadata.CreationTimestamp);

        row.StringOrNone(PodIP(status));
        row.StringOrNone(spec.NodeName);
        row.StringOrNone(status.NominatedNodeName);
        row.String(ReadinessGates(spec, status));
    }

    /// <summary>The internal version's first pod IP: <c>podIP</c> is authoritative when set (v1 conversion).</summary>
    private static string PodIP(PodStatus status)
        => status.PodIP.Length > 0 ? status.PodIP : status.PodIPs is { Count: > 0 } ips ? ips[0].Ip : "";

    private static string ReadinessGates(PodSpec spec, PodStatus status)
    {
        if (spec.ReadinessGates is not { Count: > 0 } gates)
        {
            return "<none>";
        }
        var trueConditions = 0;
        foreach (var gate in gates)
        {
            if (status.Conditions is null)
            {
                continue;
            }
            foreach (var condition in status.Conditions)
            {
                if (condition.Type == gate.ConditionType)
                {
                    if (condition.Status == "True")
                    {
                        trueConditions++;
                    }
                    break;
                }
            }
        }
        return Text(trueConditions) + "/" + Text(gates.Count);
    }

    private static Container? FindContainer(List<Container>? containers, string name)
    {
        if (containers is null)
        {
            return null;
        }
        // Upstream keys a map by name: the last container of a duplicated name wins.
        Container? found = null;
        foreach (var container in containers)
        {
            if (container.Name == name)
            {
                found = container;
            }
        }
        return found;
    }

    private static bool IsRestartable(Container? container) => container?.RestartPolicy == "Always";

    private static bool IsInitializedConditionTrue(List<PodCondition>? conditions)
    {
        if (conditions is null)
        {
            return false;
        }
        foreach (var condition in conditions)
        {
            if (condition.Type == "Initialized")
            {
                return condition.Status == "True";
            }
        }
        return false;
    }

    private static bool HasReadyCondition(List<PodCondition>? conditions)
    {
        if (conditions is null)
        {
            return false;
        }
        foreach (var condition in conditions)
        {
            if (condition.Type == "Ready" && condition.Status == "True")
            {
                return true;
            }
        }
        return false;
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
