using System.Globalization;
using KubeSharp.Api.Discovery.V1;

namespace KubeSharp.ApiServer.Tables.Printers;

/// <summary>endpointslices: NAME, ADDRESSTYPE, PORTS, ENDPOINTS (three at most, then <c>+ N more...</c>; <c>&lt;unset&gt;</c> when empty), AGE.</summary>
internal sealed class EndpointSlicePrinter : ResourcePrinter<EndpointSlice>
{
    private const int Max = 3;

    public EndpointSlicePrinter()
        : base(
            TableColumn.NameColumn,
            TableColumn.Str("AddressType", "addressType specifies the type of address carried by this EndpointSlice. All addresses in this slice must be the same type. This field is immutable after creation. The following address types are currently supported: * IPv4: Represents an IPv4 Address. * IPv6: Represents an IPv6 Address. * FQDN: Represents a Fully Qualified Domain Name."),
            TableColumn.Str("Ports", "ports specifies the list of network ports exposed by each endpoint in this slice. Each port must have a unique name. When ports is empty, it indicates that there are no defined ports. When a port is defined with a nil port value, it indicates \"all ports\". Each slice may include a maximum of 100 ports."),
            TableColumn.Str("Endpoints", "endpoints is a list of unique endpoints in this slice. Each slice may include a maximum of 1000 endpoints."),
            TableColumn.AgeColumn)
    {
    }

    protected override void Print(EndpointSlice obj, TableRowBuilder row)
    {
        row.String(obj.Metadata.Name);
        row.String(obj.AddressType);
        row.String(FormatPorts(obj.Ports));
        row.String(FormatEndpoints(obj.Endpoints));
        row.Age(obj.Metadata.CreationTimestamp);
    }

    private static string FormatPorts(List<EndpointPort>? ports)
    {
        var list = new List<string>(Max);
        var more = false;
        var count = 0;
        if (ports is not null)
        {
            foreach (var port in ports)
            {
                if (list.Count < Max)
                {
                    list.Add(port.Port is { } number ? number.ToString(CultureInfo.InvariantCulture) : port.Name ?? "*");
                }
                else if (list.Count == Max)
                {
                    more = true;
                }
                count++;
            }
        }
        return CellFormat.ListWithMore(list, more, count, Max);
    }

    private static string FormatEndpoints(List<Endpoint>? endpoints)
    {
        var list = new List<string>(Max);
        var more = false;
        var count = 0;
        if (endpoints is not null)
        {
            foreach (var endpoint in endpoints)
            {
                if (endpoint.Addresses is null)
                {
                    continue;
                }
                foreach (var address in endpoint.Addresses)
                {
                    if (list.Count < Max)
                    {
                        list.Add(address);
                    }
                    else if (list.Count == Max)
                    {
                        more = true;
                    }
                    count++;
                }
            }
        }
        return CellFormat.ListWithMore(list, more, count, Max);
    }
}
