using System.Globalization;
using KubeSharp.Api.Apps.V1;

namespace KubeSharp.ApiServer.Tables.Printers;

/// <summary>statefulsets: NAME, READY (<c>ready/desired</c>), AGE; wide CONTAINERS, IMAGES.</summary>
internal sealed class StatefulSetPrinter : ResourcePrinter<StatefulSet>
{
    public StatefulSetPrinter()
        : base(
            TableColumn.NameColumn,
            TableColumn.Str("Ready", ColumnDescriptions.ReadyPods),
            TableColumn.AgeColumn,
            TableColumn.Containers,
            TableColumn.Images)
    {
    }

    protected override void Print(StatefulSet obj, TableRowBuilder row)
    {
        row.String(obj.Metadata.Name);
        row.String(obj.Status.ReadyReplicas.ToString(CultureInfo.InvariantCulture) + "/" + (obj.Spec.Replicas ?? 0).ToString(CultureInfo.InvariantCulture));
        row.Age(obj.Metadata.CreationTimestamp);
        CellFormat.AddContainers(row, obj.Spec.Template);
    }
}
