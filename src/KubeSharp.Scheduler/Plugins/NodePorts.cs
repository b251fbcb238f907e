using KubeSharp.Api.Core.V1;
using KubeSharp.Scheduler.Framework;

namespace KubeSharp.Scheduler.Plugins;

/// <summary>Filters nodes where a requested host port (IP, protocol, port) is in use (upstream's NodePorts).</summary>
public sealed class NodePorts : IPreFilterPlugin, IFilterPlugin
{
    /// <summary>The reason.</summary>
    public const string ErrReason = "node(s) didn't have free ports for the requested pod ports";

    private const string PreFilterStateKey = "PreFilter" + PluginNames.NodePorts;

    private static readonly Status Conflict = Status.Unschedulable(ErrReason);

    /// <inheritdoc/>
    public string Name => PluginNames.NodePorts;

    private sealed class PreFilterState(List<ContainerPort> ports)
    {
        public List<ContainerPort> Ports { get; } = ports;
    }

    /// <summary>The pod's container ports with a host port (upstream's <c>GetHostPorts</c>).</summary>
    public static List<ContainerPort> HostPorts(Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var ports = new List<ContainerPort>();
        if (pod.Spec.Containers is { } containers)
        {
            foreach (var c in containers)
            {
                if (c.Ports is null)
                {
                    continue;
                }

                foreach (var p in c.Ports)
                {
                    if (p.HostPort > 0)
                    {
                        ports.Add(p);
                    }
                }
            }
        }

        return ports;
    }

    /// <inheritdoc/>
    public (PreFilterResult? Result, Status Status) PreFilter(CycleState state, Pod pod, IReadOnlyList<NodeInfo> nodes)
    {
        ArgumentNullException.ThrowIfNull(state);
        var ports = HostPorts(pod);
        if (ports.Count == 0)
        {
            return (null, Status.SkipStatus);
        }

        state.Write(PreFilterStateKey, new PreFilterState(ports));
        return (null, Status.Success);
    }

    /// <summary>Whether none of the ports is in use on the node.</summary>
    public static bool FitsPorts(List<ContainerPort> ports, NodeInfo nodeInfo)
    {
        ArgumentNullException.ThrowIfNull(ports);
        ArgumentNullException.ThrowIfNull(nodeInfo);
        foreach (var p in ports)
        {
            if (nodeInfo.UsedPorts.CheckConflict(p.HostIP, p.Protocol, p.HostPort))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public Status Filter(CycleState state, Pod pod, NodeInfo nodeInfo)
    {
        ArgumentNullException.ThrowIfNull(state);
        var ports = state.Read<PreFilterState>(PreFilterStateKey)?.Ports ?? HostPorts(pod);
        return FitsPorts(ports, nodeInfo) ? Status.Success : Conflict;
    }
}
