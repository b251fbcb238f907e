using KubeSharp.Api;
using KubeSharp.Api.Core.V1;

namespace KubeSharp.ApiServer.Defaulting;

/// <summary>
/// Upstream's <c>SetDefaults_Service</c>. What needs the allocators or the cluster's configuration is the
/// registry's at create time, not defaulting: <c>clusterIP</c>/<c>clusterIPs</c>, <c>ipFamilies</c>,
/// <c>ipFamilyPolicy</c> (SingleStack), <c>nodePort</c>s and <c>healthCheckNodePort</c>.
/// </summary>
internal static class ServiceDefaults
{
    /// <summary>Upstream's <c>DefaultClientIPServiceAffinitySeconds</c> (3 hours).</summary>
    public const int ClientIPAffinitySeconds = 10800;

    /// <summary>Defaults a Service.</summary>
    public static void Apply(Service service, DefaultingFeatures features)
    {
        var spec = service.Spec;
        if (spec.SessionAffinity.Length == 0)
        {
            spec.SessionAffinity = ServiceAffinity.ServiceAffinityNone;
        }
        if (spec.SessionAffinity == ServiceAffinity.ServiceAffinityNone)
        {
            spec.SessionAffinityConfig = null;
        }
        if (spec.SessionAffinity == ServiceAffinity.ServiceAffinityClientIP
            && spec.SessionAffinityConfig?.ClientIP?.TimeoutSeconds is null)
        {
            spec.SessionAffinityConfig = new SessionAffinityConfig
            {
                ClientIP = new ClientIPConfig { TimeoutSeconds = ClientIPAffinitySeconds },
            };
        }
        if (spec.Type.Length == 0)
        {
            spec.Type = ServiceType.ServiceTypeClusterIP;
        }
        foreach (var port in spec.Ports ?? [])
        {
            if (port.Protocol.Length == 0)
            {
                port.Protocol = Protocol.ProtocolTCP;
            }
            var target = port.TargetPort;
            if (target.IsInt ? target.IntValue == 0 : target.StringValue.Length == 0)
            {
                port.TargetPort = IntOrString.FromInt32(port.Port);
            }
        }
        if (ExternallyAccessible(spec) && spec.ExternalTrafficPolicy.Length == 0)
        {
            spec.ExternalTrafficPolicy = ServiceExternalTrafficPolicy.ServiceExternalTrafficPolicyCluster;
        }
        if (spec.InternalTrafficPolicy is null && spec.Type is ServiceType.ServiceTypeNodePort
            or ServiceType.ServiceTypeLoadBalancer or ServiceType.ServiceTypeClusterIP)
        {
            spec.InternalTrafficPolicy = ServiceInternalTrafficPolicy.ServiceInternalTrafficPolicyCluster;
        }
        if (spec.Type == ServiceType.ServiceTypeLoadBalancer)
        {
            spec.AllocateLoadBalancerNodePorts ??= true;
            if (features.LoadBalancerIPMode)
            {
                foreach (var ingress in service.Status.LoadBalancer.Ingress ?? [])
                {
                    if (ingress.Ip.Length > 0 && ingress.IpMode is null)
                    {
                        ingress.IpMode = LoadBalancerIPMode.LoadBalancerIPModeVIP;
                    }
                }
            }
        }
    }

    // Upstream's service.ExternallyAccessible: NodePort, LoadBalancer, or ClusterIP with external IPs.
    private static bool ExternallyAccessible(ServiceSpec spec) =>
        spec.Type is ServiceType.ServiceTypeLoadBalancer or ServiceType.ServiceTypeNodePort
        || (spec.Type == ServiceType.ServiceTypeClusterIP && spec.ExternalIPs is { Count: > 0 });
}
