using KubeSharp.Api.Storage.V1;

namespace KubeSharp.ApiServer.Tables.Printers;

/// <summary>volumeattachments: NAME, ATTACHER, PV, NODE, ATTACHED (a boolean), AGE.</summary>
internal sealed class VolumeAttachmentPrinter : ResourcePrinter<VolumeAttachment>
{
    public VolumeAttachmentPrinter()
        : base(
            TableColumn.NameColumn,
            new TableColumn("Attacher", "string", "name", "attacher indicates the name of the volume driver that MUST handle this request. This is the name returned by GetPluginName().", 0),
            TableColumn.Str("PV", "persistentVolumeName represents the name of the persistent volume to attach."),
            TableColumn.Str("Node", "nodeName represents the node that the volume should be attached to."),
            TableColumn.Bool("Attached", "attached indicates the volume is successfully attached. This field must only be set by the entity completing the attach operation, i.e. the external-attacher."),
            TableColumn.AgeColumn)
    {
    }

    protected override void Print(VolumeAttachment obj, TableRowBuilder row)
    {
        row.String(obj.Metadata.Name);
        row.String(obj.Spec.Attacher);
        row.String(obj.Spec.Source.PersistentVolumeName ?? "");
        row.String(obj.Spec.NodeName);
        row.Boolean(obj.Status.Attached);
        row.Age(obj.Metadata.CreationTimestamp);
    }
}
