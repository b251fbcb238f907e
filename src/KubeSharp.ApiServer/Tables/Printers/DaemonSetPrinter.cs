using KubeSharp.Api.Apps.V1;

namespace KubeSharp.ApiServer.Tables.Printers;

/// <summary>daemonsets: NAME, DESIRED, CURRENT, READY, UP-TO-DATE, AVAILABLE, NODE SELECTOR, AGE; wide CONTAINERS, IMAGES, SELECTOR.</summary>
internal sealed class DaemonSetPrinter : ResourcePrinter<DaemonSet>
{
    public DaemonSetPrinter()
        : base(
            TableColumn.NameColumn,
            TableColumn.Int("Desired", "The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod). More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/"),
            TableColumn.Int("Current", "The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod. More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/"),
            TableColumn.Int("Ready", "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready."),
            TableColumn.Int("Up-to-date", "The total number of nodes that are running updated daemon pod"),
            TableColumn.Int("Available", "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)"),
            TableColumn.Str("Node Selector", "NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node's labels for the pod to be scheduled on that node. More info: https://kubernetes.io/docs/concepts/configuration/assign-pod-node/"),
            TableColumn.AgeColumn,
            TableColumn.Containers,
            TableColumn.Images,
            TableColumn.Str("Selector", "A label query over pods that are managed by the daemon set. Must match in order to be controlled. If empty, defaulted to labels on Pod template. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors", 1))
    {
    }

    protected override void Print(DaemonSet obj, TableRowBuilder row)
    {
        var status = obj.Status;
        row.String(obj.Metadata.Name);
        row.Integer(status.DesiredNumberScheduled);
        row.Integer(status.CurrentNumberScheduled);
        row.Integer(status.NumberReady);
        row.Integer(status.UpdatedNumberScheduled);
        row.Integer(status.NumberAvailable);
        row.String(CellFormat.Labels(obj.Spec.Template.Spec.NodeSelector));
        row.Age(obj.Metadata.CreationTimestamp);
        CellFormat.AddContainers(row, obj.Spec.Template);
        row.String(CellFormat.LabelSelector(obj.Spec.Selector));
    }
}
