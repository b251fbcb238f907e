using KubeSharp.Api.Resource.V1;

namespace KubeSharp.ApiServer.Tables.Printers;

/// <summary>resourceslices: NAME, NODE, DRIVER, POOL, AGE.</summary>
internal sealed class ResourceSlicePrinter : ResourcePrinter<ResourceSlice>
{
    public ResourceSlicePrinter()
        : base(
            TableColumn.NameColumn,
            TableColumn.Str("Node", "NodeName identifies the node which provides the resources in this pool. A field selector can be used to list only ResourceSlice objects belonging to a certain node."),
            TableColumn.Str("Driver", "Driver identifies the DRA driver providing the capacity information. A field selector can be used to list only ResourceSlice objects with a certain driver name."),
            TableColumn.Str("Pool", "Name is used to identify the pool. For node-local devices, this is often the node name, but this is not required."),
            TableColumn.AgeColumn)
    {
    }

    protected override void Print(ResourceSlice obj, TableRowBuilder row)
    {
        row.String(obj.Metadata.Name);
        row.String(obj.Spec.NodeName ?? "");
        row.String(obj.Spec.Driver);
        row.String(obj.Spec.Pool.Name);
        row.Age(obj.Metadata.CreationTimestamp);
    }
}
