using System.Globalization;
using KubeSharp.Api.Apps.V1;

namespace KubeSharp.ApiServer.Tables.Printers;

/// <summary>deployments: NAME, READY (<c>ready/desired</c>), UP-TO-DATE, AVAILABLE, AGE; wide CONTAINERS, IMAGES, SELECTOR.</summary>
internal sealed class DeploymentPrinter : ResourcePrinter<Deployment>
{
    public DeploymentPrinter()
        : base(
            TableColumn.NameColumn,
            TableColumn.Str("Ready", ColumnDescriptions.ReadyPods),
            TableColumn.Str("Up-to-date", "Total number of non-terminated pods targeted by this deployment that have the desired template spec."),
            TableColumn.Str("Available", "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment."),
            TableColumn.AgeColumn,
            TableColumn.Containers,
            TableColumn.Images,
            TableColumn.Str("Selector", "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.", 1))
    {
    }

    protected override void Print(Deployment obj, TableRowBuilder row)
    {
        var desired = obj.Spec.Replicas ?? 0;
        row.String(obj.Metadata.Name);
        row.String(obj.Status.ReadyReplicas.ToString(CultureInfo.InvariantCulture) + "/" + desired.ToString(CultureInfo.InvariantCulture));
        row.Integer(obj.Status.UpdatedReplicas);
        row.Integer(obj.Status.AvailableReplicas);
        row.Age(obj.Metadata.CreationTimestamp);
        CellFormat.AddContainers(row, obj.Spec.Template);
        row.String(CellFormat.SelectorOrInvalid(obj.Spec.Selector));
    }
}
