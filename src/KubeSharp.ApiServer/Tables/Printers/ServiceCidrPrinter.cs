using KubeSharp.Api.Networking.V1;

namespace KubeSharp.ApiServer.Tables.Printers;

/// <summary>servicecidrs: NAME, CIDRS, AGE.</summary>
internal sealed class ServiceCidrPrinter : ResourcePrinter<ServiceCIDR>
{
    public ServiceCidrPrinter()
        : base(
            TableColumn.NameColumn,
            TableColumn.Str("CIDRs", "CIDRs defines the IP blocks in CIDR notation (e.g. \"192.168.0.0/24\" or \"2001:db8::/64\") from which to assign service cluster IPs. Max of two CIDRs is allowed, one of each IP family. This field is immutable."),
            TableColumn.AgeColumn)
    {
    }

    protected override void Print(ServiceCIDR obj, TableRowBuilder row)
    {
        row.String(obj.Metadata.Name);
        row.String(obj.Spec.Cidrs is { } cidrs ? string.Join(',', cidrs) : "");
        row.Age(obj.Metadata.CreationTimestamp);
    }
}
