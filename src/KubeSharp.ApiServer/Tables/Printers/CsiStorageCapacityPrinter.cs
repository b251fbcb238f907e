using KubeSharp.Api.Storage.V1;

namespace KubeSharp.ApiServer.Tables.Printers;

/// <summary>csistoragecapacities: NAME, STORAGECLASSNAME, CAPACITY (<c>&lt;unset&gt;</c>); no AGE.</summary>
internal sealed class CsiStorageCapacityPrinter : ResourcePrinter<CSIStorageCapacity>
{
    public CsiStorageCapacityPrinter()
        : base(
            TableColumn.NameColumn,
            TableColumn.Str("StorageClassName", "storageClassName represents the name of the StorageClass that the reported capacity applies to. It must meet the same requirements as the name of a StorageClass object (non-empty, DNS subdomain). If that object no longer exists, the CSIStorageCapacity object is obsolete and should be removed by its creator. This field is immutable."),
            TableColumn.Str("Capacity", "capacity is the value reported by the CSI driver in its GetCapacityResponse for a GetCapacityRequest with topology and parameters that match the previous fields.\n\nThe semantic is currently (CSI spec 1.2) defined as: The available capacity, in bytes, of the storage that can be used to provision volumes. If not set, that information is currently unavailable."))
    {
    }

    protected override void Print(CSIStorageCapacity obj, TableRowBuilder row)
    {
        row.String(obj.Metadata.Name);
        row.String(obj.StorageClassName);
        row.String(obj.Capacity is { } capacity ? capacity.ToString() : "<unset>");
    }
}
