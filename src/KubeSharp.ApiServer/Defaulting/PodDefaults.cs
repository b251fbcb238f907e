using System.Runtime.InteropServices;
using KubeSharp.Api.Core.V1;

namespace KubeSharp.ApiServer.Defaulting;

/// <summary>
/// Defaults of pods and pod templates. <see cref="Spec"/> is upstream's <c>SetDefaults_PodSpec</c> plus
/// the nested defaulters, run for every pod spec (Pod, PodTemplate and the templates of workloads);
/// <see cref="Pod"/> adds what only a Pod gets (<c>SetDefaults_Pod</c>): requests copied from limits,
/// <c>enableServiceLinks: true</c> and host ports on the host network.
/// </summary>
internal static class PodDefaults
{
    /// <summary>Upstream's <c>DefaultTerminationGracePeriodSeconds</c>.</summary>
    public const long TerminationGracePeriodSeconds = 30;

    /// <summary>Upstream's <c>DefaultSchedulerName</c>.</summary>
    public const string SchedulerName = "default-scheduler";

    /// <summary>Defaults a Pod (upstream's <c>SetObjectDefaults_Pod</c>).</summary>
    public static void Pod(Pod pod, DefaultingFeatures features)
    {
        var spec = pod.Spec;
        foreach (var container in CollectionsMarshal.AsSpan(spec.Containers))
        {
            RequestsFromLimits(container.Resources);
            if (features.InPlacePodVerticalScaling)
            {
                container.ResizePolicy = ResizePolicy(container.ResizePolicy, container.Resources.Requests);
            }
        }
        foreach (var container in CollectionsMarshal.AsSpan(spec.InitContainers))
        {
            RequestsFromLimits(container.Resources);
        }
        spec.EnableServiceLinks ??= true;
        if (spec.HostNetwork)
        {
            HostNetworkPorts(spec.Containers);
            HostNetworkPorts(spec.InitContainers);
        }
        Spec(spec, features);

        var status = pod.Status;
        ContainerStatuses(status.InitContainerStatuses);
        ContainerStatuses(status.ContainerStatuses);
        ContainerStatuses(status.EphemeralContainerStatuses);
        ResourceLists.RoundUp(status.AllocatedResources);
        if (status.Resources is { } podResources)
        {
            ResourceLists.RoundUp(podResources.Limits);
            ResourceLists.RoundUp(podResources.Requests);
        }
    }

    /// <summary>Defaults the pod spec of a template, when there is one.</summary>
    public static void Template(PodTemplateSpec? template, DefaultingFeatures features)
    {
        if (template is not null)
        {
            Spec(template.Spec, features);
        }
    }

    /// <summary>Defaults a pod spec wherever it is (upstream's <c>SetDefaults_PodSpec</c> and nested defaulters).</summary>
    public static void Spec(PodSpec spec, DefaultingFeatures features)
    {
        if (spec.DnsPolicy.Length == 0)
        {
            spec.DnsPolicy = DNSPolicy.DNSClusterFirst;
        }
        if (spec.RestartPolicy.Length == 0)
        {
            spec.RestartPolicy = RestartPolicy.RestartPolicyAlways;
        }
        spec.SecurityContext ??= new PodSecurityContext();
        spec.TerminationGracePeriodSeconds ??= TerminationGracePeriodSeconds;
        if (spec.SchedulerName.Length == 0)
        {
            spec.SchedulerName = SchedulerName;
        }
        foreach (var volume in CollectionsMarshal.AsSpan(spec.Volumes))
        {
            VolumeDefaults.Apply(volume, features);
        }
        foreach (var container in CollectionsMarshal.AsSpan(spec.InitContainers))
        {
            ContainerDefaults.Apply(container);
        }
        foreach (var container in CollectionsMarshal.AsSpan(spec.Containers))
        {
            ContainerDefaults.Apply(container);
        }
        foreach (var container in CollectionsMarshal.AsSpan(spec.EphemeralContainers))
        {
            ContainerDefaults.Apply(container);
        }
        ResourceLists.RoundUp(spec.Overhead);
        if (spec.Resources is { } podResources)
        {
            ResourceLists.RoundUp(podResources.Limits);
            ResourceLists.RoundUp(podResources.Requests);
        }
    }

    // A limit without a request makes the request equal to the limit (Pods only, not templates).
    private static void RequestsFromLimits(ResourceRequirements resources)
    {
        if (resources.Limits is null)
        {
            return;
        }
        resources.Requests ??= new Dictionary<string, Api.Quantity>(StringComparer.Ordinal);
        foreach (var (name, limit) in resources.Limits)
        {
            resources.Requests.TryAdd(name, limit);
        }
    }

    // InPlacePodVerticalScaling: NotRequired for cpu and memory when requested and not already listed.
    private static List<ContainerResizePolicy>? ResizePolicy(List<ContainerResizePolicy>? policies,
        Dictionary<string, Api.Quantity>? requests)
    {
        if (requests is null)
        {
            return policies;
        }
        foreach (var resource in (ReadOnlySpan<string>)["cpu", "memory"])
        {
            if (requests.ContainsKey(resource) && !HasPolicy(policies, resource))
            {
                policies ??= [];
                policies.Add(new ContainerResizePolicy
                {
                    ResourceName = resource,
                    RestartPolicy = ResourceResizeRestartPolicy.NotRequired,
                });
            }
        }
        return policies;
    }

    private static bool HasPolicy(List<ContainerResizePolicy>? policies, string resource)
    {
        foreach (var policy in CollectionsMarshal.AsSpan(policies))
        {
            if (policy.ResourceName == resource)
            {
                return true;
            }
        }
        return false;
    }

    private static void HostNetworkPorts(List<Container>? containers)
    {
        foreach (var container in CollectionsMarshal.AsSpan(containers))
        {
            foreach (var port in CollectionsMarshal.AsSpan(container.Ports))
            {
                if (port.HostPort == 0)
                {
                    port.HostPort = port.ContainerPortValue;
                }
            }
        }
    }

    private static void ContainerStatuses(List<ContainerStatus>? statuses)
    {
        foreach (var status in CollectionsMarshal.AsSpan(statuses))
        {
            ResourceLists.RoundUp(status.AllocatedResources);
            if (status.Resources is { } resources)
            {
                ResourceLists.RoundUp(resources.Limits);
                ResourceLists.RoundUp(resources.Requests);
            }
        }
    }
}
