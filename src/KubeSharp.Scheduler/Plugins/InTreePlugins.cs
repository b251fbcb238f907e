using KubeSharp.Scheduler.Framework;

namespace KubeSharp.Scheduler.Plugins;

/// <summary>The in-tree plugin registry (upstream's <c>NewInTreeRegistry</c>).</summary>
public static class InTreePlugins
{
    /// <summary>A registry with every implemented in-tree plugin.</summary>
    public static PluginRegistry CreateRegistry()
    {
        var registry = new PluginRegistry()
            .Register(PluginNames.SchedulingGates, (_, _) => new SchedulingGates())
            .Register(PluginNames.PrioritySort, (_, _) => new PrioritySort())
            .Register(PluginNames.NodeUnschedulable, (_, _) => new NodeUnschedulable())
            .Register(PluginNames.NodeName, (_, _) => new NodeName())
            .Register(PluginNames.TaintToleration, (_, _) => new TaintToleration())
            .Register(PluginNames.NodeAffinity, (args, _) => NodeAffinity.FromArgs(args))
            .Register(PluginNames.NodePorts, (_, _) => new NodePorts())
            .Register(PluginNames.NodeResourcesFit, (args, _) => new NodeResourcesFit(NodeResourcesFitArgs.Parse(args)))
            .Register(PluginNames.NodeResourcesBalancedAllocation, (args, _) => NodeResourcesBalancedAllocation.FromArgs(args))
            .Register(PluginNames.ImageLocality, (_, handle) => new ImageLocality(handle))
            .Register(PluginNames.InterPodAffinity, InterPodAffinity.FromArgs)
            .Register(PluginNames.PodTopologySpread, PodTopologySpread.FromArgs)
            .Register(PluginNames.DefaultPreemption, DefaultPreemption.FromArgs)
            .Register(PluginNames.DefaultBinder, (_, handle) => new DefaultBinder(handle));
        foreach (var name in new[] { PluginNames.VolumeRestrictions, PluginNames.NodeVolumeLimits, PluginNames.VolumeBinding, PluginNames.VolumeZone })
        {
            registry.Register(name, (_, _) => new VolumePluginHook(name));
        }

        return registry;
    }
}
