using KubeSharp.Api.Core.V1;

namespace KubeSharp.ApiServer.Tables.Printers;

/// <summary>replicationcontrollers: NAME, DESIRED, CURRENT, READY, AGE; wide CONTAINERS, IMAGES, SELECTOR (a label set).</summary>
internal sealed class ReplicationControllerPrinter : ResourcePrinter<ReplicationController>
{
    public ReplicationControllerPrinter()
        : base(
            TableColumn.NameColumn,
            TableColumn.Int("Desired", "Replicas is the number of desired replicas. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller#what-is-a-replicationcontroller"),
            TableColumn.Int("Current", "Replicas is the most recently observed number of replicas. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller#what-is-a-replicationcontroller"),
            TableColumn.Int("Ready", "The number of ready replicas for this replication controller."),
            TableColumn.AgeColumn,
            TableColumn.Containers,
            TableColumn.Images,
            TableColumn.Str("Selector", "Selector is a label query over pods that should match the Replicas count. If Selector is empty, it is defaulted to the labels present on the Pod template. Label keys and values that must match in order to be controlled by this replication controller, if empty defaulted to labels on Pod template. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors", 1))
    {
    }

    protected override void Print(ReplicationController obj, TableRowBuilder row)
    {
        row.String(obj.Metadata.Name);
        row.Integer(obj.Spec.Replicas ?? 0);
        row.Integer(obj.Status.Replicas);
        row.Integer(obj.Status.ReadyReplicas);
        row.Age(obj.Metadata.CreationTimestamp);
        CellFormat.AddContainers(row, obj.Spec.Template);
        row.String(CellFormat.Labels(obj.Spec.Selector));
    }
}
