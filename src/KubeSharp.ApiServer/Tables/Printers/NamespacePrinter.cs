using KubeSharp.Api.Core.V1;

namespace KubeSharp.ApiServer.Tables.Printers;

/// <summary>namespaces: NAME, STATUS (the phase), AGE.</summary>
internal sealed class NamespacePrinter : ResourcePrinter<Namespace>
{
    public NamespacePrinter()
        : base(TableColumn.NameColumn, TableColumn.Str("Status", "The status of the namespace"), TableColumn.AgeColumn)
    {
    }

    protected override void Print(Namespace obj, TableRowBuilder row)
    {
        row.String(obj.Metadata.Name);
        row.String(obj.Status.Phase);
        row.Age(obj.Metadata.CreationTimestamp);
    }
}
