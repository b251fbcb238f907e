using KubeSharp.Api.Storage.V1;

namespace KubeSharp.ApiServer.Tables.Printers;

/// <summary>csinodes: NAME, DRIVERS (a count), AGE.</summary>
internal sealed class CsiNodePrinter : ResourcePrinter<CSINode>
{
    public CsiNodePrinter()
        : base(
            TableColumn.NameColumn,
            TableColumn.Int("Drivers", "Drivers indicates the number of CSI drivers registered on the node"),
            TableColumn.AgeColumn)
    {
    }

    protected override void Print(CSINode obj, TableRowBuilder row)
    {
        row.String(obj.Metadata.Name);
        row.Integer(obj.Spec.Drivers?.Count ?? 0);
        row.Age(obj.Metadata.CreationTimestamp);
    }
}
