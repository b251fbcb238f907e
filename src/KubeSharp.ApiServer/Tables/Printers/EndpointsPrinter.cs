using KubeSharp.Api.Core.V1;

namespace KubeSharp.ApiServer.Tables.Printers;

/// <summary>endpoints: NAME, ENDPOINTS (<c>10.0.0.1:80,10.0.0.2:80 + 3 more...</c>), AGE.</summary>
internal sealed class EndpointsPrinter : ResourcePrinter<Endpoints>
{
    private const int Max = 3;

    public EndpointsPrinter()
        : base(
            TableColumn.NameColumn,
            TableColumn.Str("Endpoints", "The set of all endpoints is the union of all subsets. Addresses are placed into subsets according to the IPs they share. A single address with multiple ports, some of which are ready and some of which are not (because they come from different containers) will result in the address being displayed in different subsets for the different ports. No address will appear in both Addresses and NotReadyAddresses in the same subset. Sets of addresses and ports that comprise a service."),
            TableColumn.AgeColumn)
    {
    }

    protected override void Print(Endpoints obj, TableRowBuilder row)
    {
        row.String(obj.Metadata.Name);
        row.String(Format(obj.Subsets));
        row.Age(obj.Metadata.CreationTimestamp);
    }

    /// <summary><c>formatEndpoints</c> with all ports: ready addresses only, <c>&lt;none&gt;</c> without subsets.</summary>
    private static string Format(List<EndpointSubset>? subsets)
    {
        if (subsets is null || subsets.Count == 0)
        {
            return "<none>";
        }
        var list = new List<string>(Max);
        var more = false;
        var count = 0;
        foreach (var subset in subsets)
        {
            var addresses = subset.Addresses;
            var addressCount = addresses?.Count ?? 0;
            if (subset.Ports is not { Count: > 0 } ports)
            {
                // Headless services may have no ports.
                count += addressCount;
                for (var i = 0; i < addressCount; i++)
                {
                    if (list.Count == Max)
                    {
                        more = true;
                        break;
                    }
                    list.Add(addresses![i].Ip);
                }
                continue;
            }
            foreach (var port in ports)
            {
                count += addressCount;
                for (var i = 0; i < addressCount; i++)
                {
                    if (list.Count == Max)
                    {
                        more = true;
                        break;
                    }
                    list.Add(CellFormat.JoinHostPort(addresses![i].Ip, port.Port));
                }
            }
        }
        var text = string.Join(',', list);
        return more ? $"{text} + {count - Max} more..." : text;
    }
}
