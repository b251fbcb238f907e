using KubeSharp.Api.Networking.V1;

namespace KubeSharp.ApiServer.Defaulting;

/// <summary>
/// Defaults of <c>networking.k8s.io/v1</c> and <c>discovery.k8s.io/v1</c>. Ingress has none (v1 requires
/// <c>pathType</c>); ServiceCIDR and IPAddress have none.
/// </summary>
internal static class NetworkingDefaults
{
    /// <summary>Policy types Ingress (plus Egress when egress rules exist) when none are given; port protocol TCP.</summary>
    public static void NetworkPolicy(NetworkPolicy policy)
    {
        var spec = policy.Spec;
        foreach (var rule in spec.Ingress ?? [])
        {
            Ports(rule.Ports);
        }
        foreach (var rule in spec.Egress ?? [])
        {
            Ports(rule.Ports);
        }
        if (spec.PolicyTypes is null || spec.PolicyTypes.Count == 0)
        {
            spec.PolicyTypes = [PolicyType.PolicyTypeIngress];
            if (spec.Egress is { Count: > 0 })
            {
                spec.PolicyTypes.Add(PolicyType.PolicyTypeEgress);
            }
        }
    }

    /// <summary>Parameters scope Cluster when parameters are given without a scope.</summary>
    public static void IngressClass(IngressClass ingressClass)
    {
        if (ingressClass.Spec.Parameters is { Scope: null } parameters)
        {
            parameters.Scope = "Cluster";
        }
    }

    /// <summary>Port name <c>""</c> and protocol TCP.</summary>
    public static void EndpointSlice(Api.Discovery.V1.EndpointSlice slice)
    {
        foreach (var port in slice.Ports ?? [])
        {
            port.Name ??= "";
            port.Protocol ??= Api.Core.V1.Protocol.ProtocolTCP;
        }
    }

    private static void Ports(List<NetworkPolicyPort>? ports)
    {
        foreach (var port in ports ?? [])
        {
            port.Protocol ??= Api.Core.V1.Protocol.ProtocolTCP;
        }
    }
}
