using KubeSharp.Api.Networking.V1;

namespace KubeSharp.ApiServer.Tables.Printers;

/// <summary>networkpolicies: NAME, POD-SELECTOR, AGE.</summary>
internal sealed class NetworkPolicyPrinter : ResourcePrinter<NetworkPolicy>
{
    public NetworkPolicyPrinter()
        : base(
            TableColumn.NameColumn,
            TableColumn.Str("Pod-Selector", "Selects the pods to which this NetworkPolicy object applies. The array of ingress rules is applied to any pods selected by this field. Multiple network policies can select the same set of pods. In this case, the ingress rules for each are combined additively. This field is NOT optional and follows standard label selector semantics. An empty podSelector matches all pods in this namespace."),
            TableColumn.AgeColumn)
    {
    }

    protected override void Print(NetworkPolicy obj, TableRowBuilder row)
    {
        row.String(obj.Metadata.Name);
        row.String(CellFormat.LabelSelector(obj.Spec.PodSelector));
        row.Age(obj.Metadata.CreationTimestamp);
    }
}
