using KubeSharp.Api.Coordination.V1;

namespace KubeSharp.ApiServer.Tables.Printers;

/// <summary>leases: NAME, HOLDER, AGE.</summary>
internal sealed class LeasePrinter : ResourcePrinter<Lease>
{
    public LeasePrinter()
        : base(
            TableColumn.NameColumn,
            TableColumn.Str("Holder", "holderIdentity contains the identity of the holder of a current lease. If Coordinated Leader Election is used, the holder identity must be equal to the elected LeaseCandidate.metadata.name field."),
            TableColumn.AgeColumn)
    {
    }

    protected override void Print(Lease obj, TableRowBuilder row)
    {
        row.String(obj.Metadata.Name);
        row.String(obj.Spec.HolderIdentity ?? "");
        row.Age(obj.Metadata.CreationTimestamp);
    }
}
