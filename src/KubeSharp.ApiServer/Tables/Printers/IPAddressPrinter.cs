using KubeSharp.Api.Networking.V1;

namespace KubeSharp.ApiServer.Tables.Printers;

/// <summary>
/// ipaddresses: NAME, PARENTREF (<c>services/default/kubernetes</c>). Upstream also writes an AGE cell without a
/// column for it; so does this printer.
/// </summary>
internal sealed class IPAddressPrinter : ResourcePrinter<IPAddress>
{
    public IPAddressPrinter()
        : base(
            TableColumn.NameColumn,
            TableColumn.Str("ParentRef", "ParentRef references the resource that an IPAddress is attached to. An IPAddress must reference a parent object."))
    {
    }

    protected override void Print(IPAddress obj, TableRowBuilder row)
    {
        var parent = "<none>";
        if (obj.Spec.ParentRef is { } p)
        {
            var groupResource = p.Group.Length == 0 ? p.Resource : p.Resource + "." + p.Group;
            parent = groupResource.ToLowerInvariant();
            if (p.Namespace.Length > 0)
            {
                parent += "/" + p.Namespace;
            }
            parent += "/" + p.Name;
        }
        row.String(obj.Metadata.Name);
        row.String(parent);
        row.Age(obj.Metadata.CreationTimestamp);
    }
}
