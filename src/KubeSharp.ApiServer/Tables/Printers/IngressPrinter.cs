using KubeSharp.Api.Networking.V1;

namespace KubeSharp.ApiServer.Tables.Printers;

/// <summary>ingresses: NAME, CLASS, HOSTS (<c>*</c> when none), ADDRESS, PORTS (<c>80</c> or <c>80, 443</c>), AGE.</summary>
internal sealed class IngressPrinter : ResourcePrinter<Ingress>
{
    private const int MaxHosts = 3;

    public IngressPrinter()
        : base(
            TableColumn.NameColumn,
            TableColumn.Str("Class", "The name of the IngressClass resource that should be used for additional configuration"),
            TableColumn.Str("Hosts", "Hosts that incoming requests are matched against before the ingress rule"),
            TableColumn.Str("Address", "Address is a list containing ingress points for the load-balancer"),
            TableColumn.Str("Ports", "Ports of TLS configurations that open"),
            TableColumn.AgeColumn)
    {
    }

    protected override void Print(Ingress obj, TableRowBuilder row)
    {
        row.String(obj.Metadata.Name);
        row.String(obj.Spec.IngressClassName ?? "<none>");
        row.String(Hosts(obj.Spec.Rules));
        row.String(Address(obj.Status.LoadBalancer.Ingress));
        row.String(obj.Spec.Tls is { Count: > 0 } ? "80, 443" : "80");
        row.Age(obj.Metadata.CreationTimestamp);
    }

    /// <summary><c>formatHosts</c>: the first three non-empty hosts, then <c>+ N more...</c> (N counts every further rule).</summary>
    private static string Hosts(List<IngressRule>? rules)
    {
        if (rules is null || rules.Count == 0)
        {
            return "*";
        }
        var list = new List<string>(MaxHosts);
        var more = false;
        foreach (var rule in rules)
        {
            if (list.Count == MaxHosts)
            {
                more = true;
            }
            if (!more && rule.Host.Length > 0)
            {
                list.Add(rule.Host);
            }
        }
        if (list.Count == 0)
        {
            return "*";
        }
        var text = string.Join(',', list);
        return more ? $"{text} + {rules.Count - MaxHosts} more..." : text;
    }

    /// <summary><c>ingressLoadBalancerStatusStringer</c> (wide, as the server prints): distinct IPs or hostnames, sorted.</summary>
    private static string Address(List<IngressLoadBalancerIngress>? ingress)
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
        return string.Join(',', set);
    }
}
