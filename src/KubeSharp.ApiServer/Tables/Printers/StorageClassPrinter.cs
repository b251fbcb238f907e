using KubeSharp.Api.Storage.V1;

namespace KubeSharp.ApiServer.Tables.Printers;

/// <summary>storageclasses: NAME (<c>local-path (default)</c>), PROVISIONER, RECLAIMPOLICY, VOLUMEBINDINGMODE, ALLOWVOLUMEEXPANSION, AGE.</summary>
internal sealed class StorageClassPrinter : ResourcePrinter<StorageClass>
{
    public StorageClassPrinter()
        : base(
            TableColumn.NameColumn,
            TableColumn.Str("Provisioner", "provisioner indicates the type of the provisioner."),
            TableColumn.Str("ReclaimPolicy", "reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes of this storage class. Defaults to Delete."),
            TableColumn.Str("VolumeBindingMode", "volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound.  When unset, VolumeBindingImmediate is used. This field is only honored by servers that enable the VolumeScheduling feature."),
            TableColumn.Str("AllowVolumeExpansion", "allowVolumeExpansion shows whether the storage class allow volume expand."),
            TableColumn.AgeColumn)
    {
    }

    protected override void Print(StorageClass obj, TableRowBuilder row)
    {
        var name = obj.Metadata.Name;
        if (IsDefault(obj.Metadata.Annotations))
        {
            name += " (default)";
        }
        row.String(name);
        row.String(obj.Provisioner);
        row.String(obj.ReclaimPolicy ?? "Delete");
        row.String(obj.VolumeBindingMode ?? "Immediate");
        row.Boolean(obj.AllowVolumeExpansion ?? false);
        row.Age(obj.Metadata.CreationTimestamp);
    }

    /// <summary><c>storageutil.IsDefaultAnnotation</c>: the GA or the beta annotation is "true".</summary>
    private static bool IsDefault(Dictionary<string, string>? annotations)
        => annotations is not null
            && ((annotations.TryGetValue("storageclass.kubernetes.io/is-default-class", out var ga) && ga == "true")
                || (annotations.TryGetValue("storageclass.beta.kubernetes.io/is-default-class", out var beta) && beta == "true"));
}
