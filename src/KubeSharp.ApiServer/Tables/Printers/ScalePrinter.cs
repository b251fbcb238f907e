using KubeSharp.Api.Autoscaling.V1;

namespace KubeSharp.ApiServer.Tables.Printers;

/// <summary>The <c>/scale</c> subresources (autoscaling/v1 Scale): NAME, DESIRED, AVAILABLE (upstream's printScale).</summary>
internal sealed class ScalePrinter : ResourcePrinter<Scale>
{
    public ScalePrinter()
        : base(
            TableColumn.NameColumn,
            TableColumn.Int("Desired", "replicas is the desired number of instances for the scaled object."),
            TableColumn.Int("Available", "replicas is the actual number of observed instances of the scaled object."))
    {
    }

    protected override void Print(Scale obj, TableRowBuilder row)
    {
        row.String(obj.Metadata.Name);
        row.Integer(obj.Spec.Replicas);
        row.Integer(obj.Status.Replicas);
    }
}
