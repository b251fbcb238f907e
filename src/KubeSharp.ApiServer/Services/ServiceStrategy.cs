using KubeSharp.Api;
using KubeSharp.Api.Core.V1;
using KubeSharp.ApiServer.Registry;

namespace KubeSharp.ApiServer.Services;

/// <summary>
/// Upstream's svcStrategy: PUT may create; on update clusterIP/clusterIPs are kept in step and fields that belong to
/// the old type (clusterIPs for ExternalName, nodePorts for ClusterIP, healthCheckNodePort without Local traffic
/// policy) are cleared when the client left them unchanged, so they are released rather than rejected.
/// Allocation itself is <see cref="ServiceAllocations"/>'s (a write hook that needs the store).
/// </summary>
public sealed class ServiceStrategy : GenericStrategy
{
    public static new ServiceStrategy Instance { get; } = new();

    public override bool AllowCreateOnUpdate => true;

    public override void PrepareForCreate(ResourceDefinition resource, IKubeMetaObject obj)
    {
        base.PrepareForCreate(resource, obj);
        if (obj is Service service)
        {
            ServiceFields.NormalizeClusterIPs(service, null);
        }
    }

    public override void PrepareForUpdate(ResourceDefinition resource, IKubeMetaObject obj, IKubeMetaObject old)
    {
        base.PrepareForUpdate(resource, obj, old);
        if (obj is Service service && old is Service oldService)
        {
            ServiceFields.NormalizeClusterIPs(service, oldService);
            DropTypeDependentFields(service, oldService);
            TrimForDualStackDowngrade(service, oldService);
        }
    }

    /// <summary>Upstream's dropTypeDependentFields.</summary>
    private static void DropTypeDependentFields(Service service, Service old)
    {
        var spec = service.Spec;
        if (ServiceFields.NeedsClusterIP(old) && !ServiceFields.NeedsClusterIP(service))
        {
            if (ServiceFields.SameClusterIPs(old, service))
            {
                spec.ClusterIP = "";
                spec.ClusterIPs = null;
            }
            if (ServiceFields.SameList(old.Spec.IpFamilies, spec.IpFamilies))
            {
                spec.IpFamilies = null;
            }
            if (old.Spec.IpFamilyPolicy == spec.IpFamilyPolicy)
            {
                spec.IpFamilyPolicy = null;
            }
        }
        if (ServiceFields.NeedsNodePort(old) && !ServiceFields.NeedsNodePort(service)
            && ServiceFields.NodePorts(old).IsSupersetOf(ServiceFields.NodePorts(service)))
        {
            foreach (var port in spec.Ports ?? [])
            {
                port.NodePort = 0;
            }
        }
        if (ServiceFields.NeedsHealthCheckNodePort(old) && !ServiceFields.NeedsHealthCheckNodePort(service)
            && old.Spec.HealthCheckNodePort == spec.HealthCheckNodePort)
        {
            spec.HealthCheckNodePort = 0;
        }
    }

    /// <summary>Upstream's trimFieldsForDualStackDowngrade: policy SingleStack drops the secondary IP and family.</summary>
    private static void TrimForDualStackDowngrade(Service service, Service old)
    {
        var wasDual = old.Spec.IpFamilyPolicy is "RequireDualStack" or "PreferDualStack";
        if (!wasDual || service.Spec.IpFamilyPolicy != "SingleStack")
        {
            return;
        }
        if (service.Spec.ClusterIPs is { Count: > 1 } ips)
        {
            service.Spec.ClusterIPs = [ips[0]];
        }
        if (service.Spec.IpFamilies is { Count: > 1 } families)
        {
            service.Spec.IpFamilies = [families[0]];
        }
    }
}
