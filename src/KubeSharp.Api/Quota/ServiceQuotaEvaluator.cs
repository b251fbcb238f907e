using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Registry;

namespace KubeSharp.Api.Quota;

/// <summary>upstream's service evaluator: services and count/services are 1; services.loadbalancers is 1 for a
/// LoadBalancer; services.nodeports counts the ports of a NodePort or LoadBalancer Service (for a LoadBalancer that
/// does not allocate node ports, only ports that name one). Charged on create and update.</summary>
public sealed class ServiceQuotaEvaluator : IQuotaEvaluator
{
    public const string Services = "services";
    public const string NodePorts = "services.nodeports";
    public const string LoadBalancers = "services.loadbalancers";
    private static readonly string CountName = QuotaEvaluators.ObjectCountName(new GroupResource("", "services"));
    private static readonly string[] Names = [CountName, Services, NodePorts, LoadBalancers];

    public GroupResource GroupResource { get; } = new("", "services");

    public bool HandlesCreate => true;

    public bool HandlesUpdate => true;

    public IReadOnlyList<string> MatchingResources(IEnumerable<string> input) => [.. input.Where(n => Names.Contains(n, StringComparer.Ordinal))];

    public bool MatchesScope(ScopedResourceSelectorRequirement scope, IKubeMetaObject obj) => false;

    public string? Constraints(IReadOnlyCollection<string> required, IKubeMetaObject obj) => null;

    public Dictionary<string, Quantity> Usage(IKubeMetaObject obj, DateTimeOffset now)
    {
        var service = (Service)obj;
        var ports = service.Spec.Ports?.Count ?? 0;
        var result = QuotaMath.Empty();
        result[CountName] = One;
        result[Services] = One;
        result[LoadBalancers] = Quantity.FromInt64(0, QuantityFormat.DecimalSI);
        result[NodePorts] = Quantity.FromInt64(0, QuantityFormat.DecimalSI);
        switch (service.Spec.Type)
        {
            case "NodePort":
                result[NodePorts] = Quantity.FromInt64(ports, QuantityFormat.DecimalSI);
                break;
            case "LoadBalancer":
                var nodePorts = service.Spec.AllocateLoadBalancerNodePorts == false
                    ? service.Spec.Ports?.Count(p => p.NodePort != 0) ?? 0
                    : ports;
                result[NodePorts] = Quantity.FromInt64(nodePorts, QuantityFormat.DecimalSI);
                result[LoadBalancers] = One;
                break;
        }
        return result;
    }

    private static Quantity One => Quantity.FromInt64(1, QuantityFormat.DecimalSI);
}
