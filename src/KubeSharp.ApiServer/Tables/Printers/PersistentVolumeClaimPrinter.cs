using KubeSharp.Api.Core.V1;

namespace KubeSharp.ApiServer.Tables.Printers;

/// <summary>persistentvolumeclaims: NAME, STATUS, VOLUME, CAPACITY, ACCESS MODES (bound claims only), STORAGECLASS, VOLUMEATTRIBUTESCLASS, AGE; wide VOLUMEMODE.</summary>
internal sealed class PersistentVolumeClaimPrinter : ResourcePrinter<PersistentVolumeClaim>
{
    public PersistentVolumeClaimPrinter()
        : base(
            TableColumn.NameColumn,
            TableColumn.Str("Status", "phase represents the current phase of PersistentVolumeClaim."),
            TableColumn.Str("Volume", "volumeName is the binding reference to the PersistentVolume backing this claim."),
            TableColumn.Str("Capacity", "capacity represents the actual resources of the underlying volume."),
            TableColumn.Str("Access Modes", "accessModes contains the actual access modes the volume backing the PVC has. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#access-modes-1"),
            TableColumn.Str("StorageClass", "StorageClass of the pvc"),
            TableColumn.Str("VolumeAttributesClass", "VolumeAttributesClass of the pvc"),
            TableColumn.AgeColumn,
            TableColumn.Str("VolumeMode", "volumeMode defines what type of volume is required by the claim. Value of Filesystem is implied when not included in claim spec.", 1))
    {
    }

    protected override void Print(PersistentVolumeClaim obj, TableRowBuilder row)
    {
        var spec = obj.Spec;
        var phase = obj.Metadata.DeletionTimestamp is not null ? "Terminating" : obj.Status.Phase;
        var capacity = "";
        var accessModes = "";
        if (spec.VolumeName.Length > 0)
        {
            accessModes = StorageFormat.AccessModes(obj.Status.AccessModes);
            capacity = StorageFormat.Quantity(obj.Status.Capacity, "storage");
        }
        row.String(obj.Metadata.Name);
        row.String(phase);
        row.String(spec.VolumeName);
        row.String(capacity);
        row.String(accessModes);
        row.String(StorageFormat.BetaStorageClass(obj.Metadata.Annotations) ?? spec.StorageClassName ?? "");
        row.String(spec.VolumeAttributesClassName ?? "<unset>");
        row.Age(obj.Metadata.CreationTimestamp);
        row.String(spec.VolumeMode ?? "<unset>");
    }
}
