using System.Globalization;
using System.Text;
using KubeSharp.Api.Core.V1;

namespace KubeSharp.ApiServer.Tables.Printers;

/// <summary>services: NAME, TYPE, CLUSTER-IP, EXTERNAL-IP (<c>&lt;none&gt;</c>, <c>&lt;pending&gt;</c>, ...), PORT(S) (<c>80:30080/TCP</c>), AGE; wide SELECTOR.</summary>
internal sealed class ServicePrinter : ResourcePrinter<Service>
{
    private const int LoadBalancerWidth = 16;

    public ServicePrinter()
        : base(
            TableColumn.NameColumn,
            TableColumn.Str("Type", "type determines how the Service is exposed. Defaults to ClusterIP. Valid options are ExternalName, ClusterIP, NodePort, and LoadBalancer. \"ClusterIP\" allocates a cluster-internal IP address for load-balancing to endpoints. Endpoints are determined by the selector or if that is not specified, by manual construction of an Endpoints object or EndpointSlice objects. If clusterIP is \"None\", no virtual IP is allocated and the endpoints are published as a set of endpoints rather than a virtual IP. \"NodePort\" builds on ClusterIP and allocates a port on every node which routes to the same endpoints as the clusterIP. \"LoadBalancer\" builds on NodePort and creates an external load-balancer (if supported in the current cloud) which routes to the same endpoints as the clusterIP. \"ExternalName\" aliases this service to the specified externalName. Several other fields do not apply to ExternalName services. More info: https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types"),
            TableColumn.Str("Cluster-IP", "clusterIP is the IP address of the service and is usually assigned randomly. If an address is specified manually, is in-range (as per system configuration), and is not in use, it will be allocated to the service; otherwise creation of the service will fail. This field may not be changed through updates unless the type field is also being changed to ExternalName (which requires this field to be blank) or the type field is being changed from ExternalName (in which case this field may optionally be specified, as describe above).  Valid values are \"None\", empty string (\"\"), or a valid IP address. Setting this to \"None\" makes a \"headless service\" (no virtual IP), which is useful when direct endpoint connections are preferred and proxying is not required.  Only applies to types ClusterIP, NodePort, and LoadBalancer. If this field is specified when creating a Service of type ExternalName, creation will fail. This field will be wiped when updating a Service to type ExternalName. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies"),
            TableColumn.Str("External-IP", "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.  These IPs are not managed by Kubernetes.  The user is responsible for ensuring that traffic arrives at a node with this IP.  A common example is external load-balancers that are not part of the Kubernetes system."),
            TableColumn.Str("Port(s)", "The list of ports that are exposed by this service. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies"),
            TableColumn.AgeColumn,
            TableColumn.Str("Selector", "Route service traffic to pods with label keys and values matching this selector. If empty or not present, the service is assumed to have an external process managing its endpoints, which Kubernetes will not modify. Only applies to types ClusterIP, NodePort, and LoadBalancer. Ignored if type is ExternalName. More info: https://kubernetes.io/docs/concepts/services-networking/service/", 1))
    {
    }

    protected override void Print(Service obj, TableRowBuilder row)
    {
        var spec = obj.Spec;
        var clusterIP = spec.ClusterIP.Length > 0 ? spec.ClusterIP : spec.ClusterIPs is { Count: > 0 } ips ? ips[0] : "";
        var ports = PortString(spec.Ports);
        row.String(obj.Metadata.Name);
        row.String(spec.Type);
        row.StringOrNone(clusterIP);
        row.String(ExternalIP(obj, wide: true));
        row.StringOrNone(ports);
        row.Age(obj.Metadata.CreationTimestamp);
        row.String(CellFormat.Labels(spec.Selector));
    }

    /// <summary><c>getServiceExternalIP</c>. The server always prints wide, so load balancer addresses are never clipped.</summary>
    internal static string ExternalIP(Service svc, bool wide)
    {
        var externalIPs = svc.Spec.ExternalIPs;
        switch (svc.Spec.Type)
        {
            case "ClusterIP":
            case "NodePort":
                return externalIPs is { Count: > 0 } ? string.Join(',', externalIPs) : "<none>";
            case "LoadBalancer":
                var lbIps = LoadBalancerStatus(svc.Status.LoadBalancer.Ingress, wide);
                if (externalIPs is { Count: > 0 })
                {
                    return lbIps.Length > 0 ? lbIps + "," + string.Join(',', externalIPs) : string.Join(',', externalIPs);
                }
                return lbIps.Length > 0 ? lbIps : "<pending>";
            case "ExternalName":
                return svc.Spec.ExternalName;
            default:
                return "<unknown>";
        }
    }

    /// <summary><c>loadBalancerStatusStringer</c>: the distinct IPs (or hostnames), sorted, joined by ','.</summary>
    private static string LoadBalancerStatus(List<LoadBalancerIngress>? ingress, bool wide)
    {
        if (ingress is null || ingress.Count == 0)
        {
            return "";
        }
        var set = new SortedSet<string>(GoStringComparer.Instance);
        foreach (var entry in ingress)
        {
            if (entry.Ip.Length > 0)
            {
                set.Add(entry.Ip);
            }
            else if (entry.Hostname.Length > 0)
            {
                set.Add(entry.Hostname);
            }
        }
        var text = string.Join(',', set);
        return !wide && text.Length > LoadBalancerWidth ? text[..(LoadBalancerWidth - 3)] + "..." : text;
    }

    /// <summary><c>makePortString</c>: <c>port/protocol</c> or <c>port:nodePort/protocol</c>, joined by ','.</summary>
    private static string PortString(List<ServicePort>? ports)
    {
        if (ports is null || ports.Count == 0)
        {
            return "";
        }
        var text = new StringBuilder();
        for (var i = 0; i < ports.Count; i++)
        {
            var port = ports[i];
            if (i > 0)
            {
                text.Append(',');
            }
            text.Append(port.Port.ToString(CultureInfo.InvariantCulture));
            if (port.NodePort > 0)
            {
                text.Append(':').Append(port.NodePort.ToString(CultureInfo.InvariantCulture));
            }
            text.Append('/').Append(port.Protocol);
        }
        return text.ToString();
    }
}
