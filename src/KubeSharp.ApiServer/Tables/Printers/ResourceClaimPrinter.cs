using KubeSharp.Api.Resource.V1;

namespace KubeSharp.ApiServer.Tables.Printers;

/// <summary>resourceclaims: NAME, STATE (<c>pending</c>, <c>allocated,reserved</c>, <c>deleted</c>, ...), AGE.</summary>
internal sealed class ResourceClaimPrinter : ResourcePrinter<ResourceClaim>
{
    public ResourceClaimPrinter()
        : base(
            TableColumn.NameColumn,
            TableColumn.Str("State", "A summary of the current state (allocated, pending, reserved, etc.)."),
            TableColumn.AgeColumn)
    {
    }

    protected override void Print(ResourceClaim obj, TableRowBuilder row)
    {
        var states = new List<string>(3);
        var deleted = obj.Metadata.DeletionTimestamp is not null;
        if (deleted)
        {
            states.Add("deleted");
        }
        if (obj.Status.Allocation is null)
        {
            if (!deleted)
            {
                states.Add("pending");
            }
        }
        else
        {
            states.Add("allocated");
            if (obj.Status.ReservedFor is { Count: > 0 })
            {
                states.Add("reserved");
            }
        }
        row.String(obj.Metadata.Name);
        row.String(string.Join(',', states));
        row.Age(obj.Metadata.CreationTimestamp);
    }
}
