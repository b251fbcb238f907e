using KubeSharp.Api.Core.V1;
using KubeSharp.Scheduler.Framework;

namespace KubeSharp.Scheduler.Plugins;

/// <summary>Plugin names (upstream's <c>names</c> package).</summary>
public static class PluginNames
{
    /// <summary>PrioritySort.</summary>
    public const string PrioritySort = "PrioritySort";

    /// <summary>DefaultBinder.</summary>
    public const string DefaultBinder = "DefaultBinder";

    /// <summary>DefaultPreemption.</summary>
    public const string DefaultPreemption = "DefaultPreemption";

    /// <summary>ImageLocality.</summary>
    public const string ImageLocality = "ImageLocality";

    /// <summary>InterPodAffinity.</summary>
    public const string InterPodAffinity = "InterPodAffinity";

    /// <summary>NodeAffinity.</summary>
    public const string NodeAffinity = "NodeAffinity";

    /// <summary>NodeName.</summary>
    public const string NodeName = "NodeName";

    /// <summary>NodePorts.</summary>
    public const string NodePorts = "NodePorts";

    /// <summary>NodeResourcesBalancedAllocation.</summary>
    public const string NodeResourcesBalancedAllocation = "NodeResourcesBalancedAllocation";

    /// <summary>NodeResourcesFit.</summary>
    public const string NodeResourcesFit = "NodeResourcesFit";

    /// <summary>NodeUnschedulable.</summary>
    public const string NodeUnschedulable = "NodeUnschedulable";

    /// <summary>NodeVolumeLimits.</summary>
    public const string NodeVolumeLimits = "NodeVolumeLimits";

    /// <summary>PodTopologySpread.</summary>
    public const string PodTopologySpread = "PodTopologySpread";

    /// <summary>SchedulingGates.</summary>
    public const string SchedulingGates = "SchedulingGates";

    /// <summary>TaintToleration.</summary>
    public const string TaintToleration = "TaintToleration";

    /// <summary>VolumeBinding.</summary>
    public const string VolumeBinding = "VolumeBinding";

    /// <summary>VolumeRestrictions.</summary>
    public const string VolumeRestrictions = "VolumeRestrictions";

    /// <summary>VolumeZone.</summary>
    public const string VolumeZone = "VolumeZone";
}

/// <summary>Orders the queue by priority, then by queue timestamp (upstream's PrioritySort).</summary>
public sealed class PrioritySort : IQueueSortPlugin
{
    /// <inheritdoc/>
    public string Name => PluginNames.PrioritySort;

    /// <summary>The pod's priority (spec.priority, 0 when unset; upstream's <c>corev1helpers.PodPriority</c>).</summary>
    public static int PodPriority(Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        return pod.Spec.Priority ?? 0;
    }

    /// <inheritdoc/>
    public bool Less(QueuedPodInfo a, QueuedPodInfo b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var p1 = PodPriority(a.PodInfo.Pod);
        var p2 = PodPriority(b.PodInfo.Pod);
        return p1 > p2 || (p1 == p2 && a.Timestamp < b.Timestamp);
    }
}

/// <summary>Filters out unschedulable nodes unless the pod tolerates the unschedulable taint (upstream's NodeUnschedulable).</summary>
public sealed class NodeUnschedulable : IFilterPlugin
{
    /// <summary>The reason.</summary>
    public const string ErrReasonUnschedulable = "node(s) were unschedulable";

    /// <summary>The reason when the node is unknown.</summary>
    public const string ErrReasonUnknownCondition = "node(s) had unknown conditions";

    private static readonly Status UnschedulableStatus = Status.Unresolvable(ErrReasonUnschedulable);
    private static readonly Status UnknownStatus = Status.Unresolvable(ErrReasonUnknownCondition);
    private static readonly Taint UnschedulableTaint = new() { Key = "node.kubernetes.io/unschedulable", Effect = "NoSchedule" };

    /// <inheritdoc/>
    public string Name => PluginNames.NodeUnschedulable;

    /// <inheritdoc/>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public Status Filter(CycleState state, Pod pod, NodeInfo nodeInfo)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(nodeInfo);
        if (nodeInfo.Node is null)
        {
            return UnknownStatus;
        }

        if (nodeInfo.Unschedulable && !Tolerations.TolerationsTolerateTaint(pod.Spec.Tolerations, UnschedulableTaint))
        {
            return UnschedulableStatus;
        }

        return Status.Success;
    }
}

/// <summary>Filters nodes other than spec.nodeName when it is set (upstream's NodeName).</summary>
public sealed class NodeName : IFilterPlugin
{
    /// <summary>The reason.</summary>
    public const string ErrReason = "node(s) didn't match the requested node name";

    private static readonly Status Mismatch = Status.Unresolvable(ErrReason);

    /// <inheritdoc/>
    public string Name => PluginNames.NodeName;

    /// <summary>Whether the pod fits the node by name.</summary>
    public static bool Fits(Pod pod, NodeInfo nodeInfo)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(nodeInfo);
        return pod.Spec.NodeName.Length == 0 || pod.Spec.NodeName == nodeInfo.Name;
    }

    /// <inheritdoc/>
    public Status Filter(CycleState state, Pod pod, NodeInfo nodeInfo) =>
        Fits(pod, nodeInfo) ? Status.Success : Mismatch;
}

/// <summary>Keeps pods with scheduling gates out of the active queue (upstream's SchedulingGates).</summary>
public sealed class SchedulingGates : IPreEnqueuePlugin
{
    /// <inheritdoc/>
    public string Name => PluginNames.SchedulingGates;

    /// <inheritdoc/>
    public Status PreEnqueue(Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        if (pod.Spec.SchedulingGates is not { Count: > 0 } gates)
        {
            return Status.Success;
        }

        return Status.Unresolvable($"waiting for scheduling gates: [{string.Join(" ", gates.Select(g => g.Name))}]");
    }
}

/// <summary>Binds through the API (pods/binding), via the framework's binder (upstream's DefaultBinder).</summary>
public sealed class DefaultBinder : IBindPlugin
{
    private readonly SchedulerFramework? _framework;

    /// <summary>Creates the binder.</summary>
    public DefaultBinder(IFrameworkHandle handle) => _framework = handle as SchedulerFramework;

    /// <inheritdoc/>
    public string Name => PluginNames.DefaultBinder;

    /// <inheritdoc/>
    public async Task<Status> BindAsync(CycleState state, Pod pod, string nodeName, CancellationToken cancellationToken)
    {
        if (_framework?.Binder is not { } binder)
        {
            return Status.AsError("no binder is configured");
        }

        try
        {
            await binder(pod, nodeName, cancellationToken);
            return Status.Success;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Status.FromError(e);
        }
    }
}

/// <summary>
/// The volume plugins (VolumeRestrictions, NodeVolumeLimits, VolumeBinding, VolumeZone): present so the default
/// profile builds; their checks come with the storage issue. PreFilter skips them for pods without volumes that
/// need checks.
/// </summary>
public sealed class VolumePluginHook : IPreFilterPlugin, IFilterPlugin
{
    /// <summary>Creates a hook with the plugin's name.</summary>
    public VolumePluginHook(string name) => Name = name;

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public (PreFilterResult? Result, Status Status) PreFilter(CycleState state, Pod pod, IReadOnlyList<NodeInfo> nodes) => (null, Status.SkipStatus);

    /// <inheritdoc/>
    public Status Filter(CycleState state, Pod pod, NodeInfo nodeInfo) => Status.Success;
}
