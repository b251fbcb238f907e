using KubeSharp.Api.Core.V1;

namespace KubeSharp.ApiServer.Tables.Printers;

/// <summary>persistentvolumes: NAME, CAPACITY, ACCESS MODES, RECLAIM POLICY, STATUS, CLAIM, STORAGECLASS, VOLUMEATTRIBUTESCLASS, REASON, AGE; wide VOLUMEMODE.</summary>
internal sealed class PersistentVolumePrinter : ResourcePrinter<PersistentVolume>
{
    public PersistentVolumePrinter()
        : base(
            TableColumn.NameColumn,
            TableColumn.Str("Capacity", "capacity is the description of the persistent volume's resources and capacity. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#capacity"),
            TableColumn.Str("Access Modes", "accessModes contains all ways the volume can be mounted. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#access-modes"),
            TableColumn.Str("Reclaim Policy", "persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim. Valid options are Retain (default for manually created PersistentVolumes), Delete (default for dynamically provisioned PersistentVolumes), and Recycle (deprecated). Recycle must be supported by the volume plugin underlying this PersistentVolume. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#reclaiming"),
            TableColumn.Str("Status", "phase indicates if a volume is available, bound to a claim, or released by a claim. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#phase"),
            TableColumn.Str("Claim", "claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim. Expected to be non-nil when bound. claim.VolumeName is the authoritative bind between PV and PVC. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#binding"),
            TableColumn.Str("StorageClass", "StorageClass of the pv"),
            TableColumn.Str("VolumeAttributesClass", "VolumeAttributesClass of the pv"),
            TableColumn.Str("Reason", "reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI."),
            TableColumn.AgeColumn,
            TableColumn.Str("VolumeMode", "volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state. Value of Filesystem is implied when not included in spec.", 1))
    {
    }

    protected override void Print(PersistentVolume obj, TableRowBuilder row)
    {
        var spec = obj.Spec;
        var claim = spec.ClaimRef is { } claimRef ? claimRef.Namespace + "/" + claimRef.Name : "";
        var phase = obj.Metadata.DeletionTimestamp is not null ? "Terminating" : obj.Status.Phase;
        row.String(obj.Metadata.Name);
        row.String(StorageFormat.Quantity(spec.Capacity, "storage"));
        row.String(StorageFormat.AccessModes(spec.AccessModes));
        row.String(spec.PersistentVolumeReclaimPolicy);
        row.String(phase);
        row.String(claim);
        row.String(StorageFormat.BetaStorageClass(obj.Metadata.Annotations) ?? spec.StorageClassName);
        row.String(spec.VolumeAttributesClassName ?? "<unset>");
        row.String(obj.Status.Reason);
        row.Age(obj.Metadata.CreationTimestamp);
        row.String(spec.VolumeMode ?? "<unset>");
    }
}
