using KubeSharp.Api.Core.V1;

namespace KubeSharp.ApiServer.Services;

/// <summary>Upstream's small Service predicates and the clusterIP/clusterIPs normalization shared by the strategy
/// and the allocation hooks.</summary>
public static class ServiceFields
{
    public static bool NeedsClusterIP(Service service) => service.Spec.Type != "ExternalName";

    public static bool NeedsNodePort(Service service) => service.Spec.Type is "NodePort" or "LoadBalancer";

    /// <summary>Upstream's NeedsHealthCheck: LoadBalancer with externalTrafficPolicy Local.</summary>
    public static bool NeedsHealthCheckNodePort(Service service) => service.Spec.Type == "LoadBalancer" && service.Spec.ExternalTrafficPolicy == "Local";

    public static bool IsHeadless(Service service) => service.Spec.ClusterIPs is [.., _] ips && ips[0] == "None";

    public static bool SameList(IReadOnlyList<string>? a, IReadOnlyList<string>? b)
    {
        var left = a ?? [];
        var right = b ?? [];
        return left.Count == right.Count && left.SequenceEqual(right, StringComparer.Ordinal);
    }

    public static bool SameClusterIPs(Service a, Service b) => a.Spec.ClusterIP == b.Spec.ClusterIP && SameList(a.Spec.ClusterIPs, b.Spec.ClusterIPs);

    /// <summary>The non-zero nodePorts of a Service.</summary>
    public static HashSet<int> NodePorts(Service service) => (service.Spec.Ports ?? []).Where(p => p.NodePort != 0).Select(p => p.NodePort).ToHashSet();

    /// <summary>Upstream's NormalizeClusterIPs: clients that set only the singular clusterIP get clusterIPs filled
    /// in (create), or kept in step with it (update).</summary>
    public static void NormalizeClusterIPs(Service service, Service? old)
    {
        var spec = service.Spec;
        if (old is null)
        {
            if (spec.ClusterIP.Length > 0 && spec.ClusterIPs is not { Count: > 0 })
            {
                spec.ClusterIPs = [spec.ClusterIP];
            }
            return;
        }
        if (old.Spec.ClusterIPs is { Count: > 0 } && spec.ClusterIPs is not { Count: > 0 } && old.Spec.ClusterIP == spec.ClusterIP)
        {
            spec.ClusterIPs = [.. old.Spec.ClusterIPs];
        }
        if (old.Spec.ClusterIP != spec.ClusterIP)
        {
            if (old.Spec.ClusterIP.Length > 0 && spec.ClusterIP.Length == 0)
            {
                if (SameList(old.Spec.ClusterIPs, spec.ClusterIPs))
                {
                    spec.ClusterIPs = null;
                }
            }
            else if (SameList(old.Spec.ClusterIPs, spec.ClusterIPs))
            {
                spec.ClusterIPs = [spec.ClusterIP];
            }
        }
    }

    /// <summary>Upstream's patchAllocatedValues: values the server allocated and the client left out of an update
    /// (a re-applied manifest) are carried over.</summary>
    public static void PatchAllocatedValues(Service service, Service old)
    {
        var spec = service.Spec;
        if (NeedsClusterIP(old) && NeedsClusterIP(service))
        {
            if (spec.ClusterIP.Length == 0)
            {
                spec.ClusterIP = old.Spec.ClusterIP;
            }
            if (spec.ClusterIPs is not { Count: > 0 } && old.Spec.ClusterIPs is { Count: > 0 })
            {
                spec.ClusterIPs = [.. old.Spec.ClusterIPs];
            }
        }
        if (NeedsNodePort(old) && NeedsNodePort(service))
        {
            var used = NodePorts(old);
            used.IntersectWith(NodePorts(service));
            var byName = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var port in old.Spec.Ports ?? [])
            {
                byName[port.Name] = port.NodePort;
            }
            foreach (var port in spec.Ports ?? [])
            {
                if (port.NodePort == 0)
                {
                    var previous = byName.GetValueOrDefault(port.Name);
                    if (!used.Contains(previous))
                    {
                        port.NodePort = previous;
                    }
                }
            }
        }
        if (NeedsHealthCheckNodePort(old) && NeedsHealthCheckNodePort(service) && spec.HealthCheckNodePort == 0)
        {
            spec.HealthCheckNodePort = old.Spec.HealthCheckNodePort;
        }
    }
}
