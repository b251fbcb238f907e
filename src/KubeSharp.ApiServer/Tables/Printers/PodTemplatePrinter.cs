using KubeSharp.Api.Core.V1;

namespace KubeSharp.ApiServer.Tables.Printers;

/// <summary>podtemplates: NAME, CONTAINERS, IMAGES, POD LABELS (no AGE).</summary>
internal sealed class PodTemplatePrinter : ResourcePrinter<PodTemplate>
{
    public PodTemplatePrinter()
        : base(
            TableColumn.NameColumn,
            TableColumn.Str("Containers", ColumnDescriptions.Containers),
            TableColumn.Str("Images", ColumnDescriptions.Images),
            TableColumn.Str("Pod Labels", "The labels for the pod template."))
    {
    }

    protected override void Print(PodTemplate obj, TableRowBuilder row)
    {
        row.String(obj.Metadata.Name);
        CellFormat.AddContainers(row, obj.Template);
        row.String(CellFormat.Labels(obj.Template.Metadata.Labels));
    }
}
