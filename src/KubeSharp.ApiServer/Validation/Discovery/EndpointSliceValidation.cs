using KubeSharp.Api.Discovery.V1;
using KubeSharp.Api.Validation;
using KubeSharp.ApiServer.Validation.Core;

namespace KubeSharp.ApiServer.Validation.Discovery;

/// <summary>upstream's EndpointSlice rules (<c>pkg/apis/discovery/validation</c>).</summary>
public static class EndpointSliceValidation
{
    private const int MaxEndpoints = 1000;
    private const int MaxAddresses = 100;
    private const int MaxPorts = 20000;
    private const int MaxTopologyLabels = 16;
    private static readonly string[] AddressTypes = ["FQDN", "IPv4", "IPv6"];
    private static readonly string[] Protocols = ["SCTP", "TCP", "UDP"];

    /// <summary>upstream <c>ValidateEndpointSliceCreate</c>.</summary>
    public static FieldErrorList Validate(EndpointSlice slice)
    {
        ArgumentNullException.ThrowIfNull(slice);
        var errors = ObjectMetaValidation.Validate(slice.Metadata, true, ObjectMetaValidation.DnsSubdomain, FieldPath.Root("metadata"));
        var addressPath = FieldPath.Root("addressType");
        if (slice.AddressType.Length == 0)
        {
            errors.Add(FieldError.Required(addressPath, string.Empty));
        }
        else if (!AddressTypes.Contains(slice.AddressType, StringComparer.Ordinal))
        {
            errors.Add(FieldError.NotSupported(addressPath, slice.AddressType, AddressTypes));
        }

        Endpoints(errors, slice.Endpoints, slice.AddressType, FieldPath.Root("endpoints"));
        Ports(errors, slice.Ports, FieldPath.Root("ports"));
        return errors;
    }

    /// <summary>upstream <c>ValidateEndpointSliceUpdate</c>: addressType is immutable.</summary>
    public static FieldErrorList ValidateUpdate(EndpointSlice slice, EndpointSlice old)
    {
        ArgumentNullException.ThrowIfNull(slice);
        ArgumentNullException.ThrowIfNull(old);
        var errors = Validate(slice);
        CommonValidation.Immutable(errors, slice.AddressType == old.AddressType, slice.AddressType, FieldPath.Root("addressType"));
        return errors;
    }

    private static void Endpoints(FieldErrorList errors, List<Endpoint>? endpoints, string addressType, FieldPath path)
    {
        if (endpoints is { Count: > MaxEndpoints })
        {
            errors.Add(FieldError.TooMany(path, endpoints.Count, MaxEndpoints));
            return;
        }

        for (var i = 0; i < (endpoints?.Count ?? 0); i++)
        {
            var endpoint = endpoints![i];
            var p = path.Index(i);
            var addressesPath = p.Child("addresses");
            var addresses = endpoint.Addresses ?? [];
            if (addresses.Count == 0)
            {
                errors.Add(FieldError.Required(addressesPath, "must contain at least 1 address"));
            }
            else if (addresses.Count > MaxAddresses)
            {
                errors.Add(FieldError.TooMany(addressesPath, addresses.Count, MaxAddresses));
            }

            for (var a = 0; a < addresses.Count; a++)
            {
                var ap = addressesPath.Index(a);
                switch (addressType)
                {
                    case "IPv4":
                        var v4 = ValueValidation.IsValidIPv4Address(ap, addresses[a]);
                        if (v4.Count > 0)
                        {
                            errors.AddRange(v4);
                        }
                        else
                        {
                            EndpointsValidation.NonSpecialIP(errors, addresses[a], ap);
                        }

                        break;
                    case "IPv6":
                        var v6 = ValueValidation.IsValidIPv6Address(ap, addresses[a]);
                        if (v6.Count > 0)
                        {
                            errors.AddRange(v6);
                        }
                        else
                        {
                            EndpointsValidation.NonSpecialIP(errors, addresses[a], ap);
                        }

                        break;
                    case "FQDN":
                        errors.AddRange(ValueValidation.IsFullyQualifiedDomainName(ap, addresses[a]));
                        break;
                }
            }

            if (endpoint.NodeName is { } nodeName)
            {
                CommonValidation.Name(errors, ObjectMetaValidation.DnsSubdomain, nodeName, p.Child("nodeName"));
            }

            var topologyPath = p.Child("deprecatedTopology");
            if (endpoint.DeprecatedTopology is { Count: > MaxTopologyLabels })
            {
                errors.Add(FieldError.TooMany(topologyPath, endpoint.DeprecatedTopology.Count, MaxTopologyLabels));
            }

            CommonValidation.Labels(errors, endpoint.DeprecatedTopology, topologyPath);
            if (endpoint.DeprecatedTopology?.ContainsKey("topology.kubernetes.io/zone") == true)
            {
                errors.Add(FieldError.InternalError(topologyPath.Key("topology.kubernetes.io/zone"), "zone should be set in zone field"));
            }

            if (endpoint.Hostname is { } hostname)
            {
                CommonValidation.DNS1123Label(errors, hostname, p.Child("hostname"));
            }

            if (endpoint.Hints is { } hints)
            {
                var zonesPath = p.Child("hints").Child("forZones");
                var zones = hints.ForZones ?? [];
                if (zones.Count > 8)
                {
                    errors.Add(FieldError.TooMany(zonesPath, zones.Count, 8));
                }
                else
                {
                    var seen = new HashSet<string>(StringComparer.Ordinal);
                    for (var z = 0; z < zones.Count; z++)
                    {
                        var zp = zonesPath.Index(z).Child("name");
                        if (!seen.Add(zones[z].Name))
                        {
                            errors.Add(FieldError.Duplicate(zp, zones[z].Name));
                        }
                        else
                        {
                            CommonValidation.LabelName(errors, zones[z].Name, zp);
                        }
                    }
                }
            }
        }
    }

    private static void Ports(FieldErrorList errors, List<EndpointPort>? ports, FieldPath path)
    {
        if (ports is { Count: > MaxPorts })
        {
            errors.Add(FieldError.TooMany(path, ports.Count, MaxPorts));
            return;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (ports?.Count ?? 0); i++)
        {
            var port = ports![i];
            var p = path.Index(i);
            var name = port.Name ?? string.Empty;
            if (name.Length > 0)
            {
                CommonValidation.DNS1123Label(errors, name, p.Child("name"));
            }

            if (!names.Add(name))
            {
                errors.Add(FieldError.Duplicate(p.Child("name"), name));
            }

            if (port.Protocol is null)
            {
                errors.Add(FieldError.Required(p.Child("protocol"), string.Empty));
            }
            else if (!Protocols.Contains(port.Protocol, StringComparer.Ordinal))
            {
                errors.Add(FieldError.NotSupported(p.Child("protocol"), port.Protocol, Protocols));
            }

            if (port.AppProtocol is { } appProtocol)
            {
                CommonValidation.QualifiedName(errors, appProtocol, p.Child("appProtocol"));
            }
        }
    }
}
