using System.Net;
using System.Net.Sockets;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Validation;

namespace KubeSharp.ApiServer.Validation.Core;

/// <summary>upstream's Endpoints rules (<c>ValidateEndpoints</c>) and <c>ValidateNonSpecialIP</c>.</summary>
public static class EndpointsValidation
{
    private static readonly string[] SupportedProtocols = ["SCTP", "TCP", "UDP"];

    /// <summary>upstream <c>ValidateEndpoints</c> (create and the second half of update).</summary>
    public static FieldErrorList Validate(Endpoints endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var errors = ObjectMetaValidation.Validate(endpoints.Metadata, true, ObjectMetaValidation.DnsSubdomain, FieldPath.Root("metadata"));
        var path = FieldPath.Root("subsets");
        for (var i = 0; i < (endpoints.Subsets?.Count ?? 0); i++)
        {
            var ss = endpoints.Subsets![i];
            var p = path.Index(i);
            if (ss.Addresses is not { Count: > 0 } && ss.NotReadyAddresses is not { Count: > 0 })
            {
                errors.Add(FieldError.Required(p, "must specify `addresses` or `notReadyAddresses`"));
            }

            for (var a = 0; a < (ss.Addresses?.Count ?? 0); a++)
            {
                Address(errors, ss.Addresses![a], p.Child("addresses").Index(a));
            }

            for (var a = 0; a < (ss.NotReadyAddresses?.Count ?? 0); a++)
            {
                Address(errors, ss.NotReadyAddresses![a], p.Child("notReadyAddresses").Index(a));
            }

            for (var n = 0; n < (ss.Ports?.Count ?? 0); n++)
            {
                Port(errors, ss.Ports![n], ss.Ports.Count > 1, p.Child("ports").Index(n));
            }
        }

        return errors;
    }

    /// <summary>upstream <c>ValidateEndpointsUpdate</c>.</summary>
    public static FieldErrorList ValidateUpdate(Endpoints endpoints, Endpoints old)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(old);
        var errors = ObjectMetaValidation.ValidateUpdate(endpoints.Metadata, old.Metadata, FieldPath.Root("metadata"));
        errors.AddRange(Validate(endpoints));
        return errors;
    }

    /// <summary>
    /// upstream <c>ValidateNonSpecialIP</c>: no unspecified, loopback, link-local or link-local multicast addresses.
    /// </summary>
    public static void NonSpecialIP(FieldErrorList errors, string address, FieldPath path)
    {
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentNullException.ThrowIfNull(address);
        if (!TryParse(address, out var bytes))
        {
            errors.Add(FieldError.Invalid(path, address, "must be a valid IP address"));
            return;
        }

        var v4 = bytes.Length == 4;
        if (bytes.All(b => b == 0))
        {
            errors.Add(FieldError.Invalid(path, address, "may not be unspecified (" + address + ")"));
        }

        if (v4 ? bytes[0] == 127 : bytes.Take(15).All(b => b == 0) && bytes[15] == 1)
        {
            errors.Add(FieldError.Invalid(path, address, "may not be in the loopback range (127.0.0.0/8, ::1/128)"));
        }

        if (v4 ? bytes[0] == 169 && bytes[1] == 254 : bytes[0] == 0xfe && (bytes[1] & 0xc0) == 0x80)
        {
            errors.Add(FieldError.Invalid(path, address, "may not be in the link-local range (169.254.0.0/16, fe80::/10)"));
        }

        if (v4 ? bytes[0] == 224 && bytes[1] == 0 && bytes[2] == 0 : bytes[0] == 0xff && (bytes[1] & 0x0f) == 0x02)
        {
            errors.Add(FieldError.Invalid(path, address, "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)"));
        }
    }

    /// <summary>Sloppy IP parsing: IPv4 octets may have leading zeros; IPv4-mapped IPv6 becomes IPv4.</summary>
    internal static bool TryParse(string address, out byte[] bytes)
    {
        bytes = [];
        if (ValueValidation.IsValidIP(null, address).Count != 0)
        {
            return false;
        }

        var text = address;
        if (!address.Contains(':', StringComparison.Ordinal))
        {
            text = string.Join('.', address.Split('.').Select(o => o.TrimStart('0') is { Length: > 0 } t ? t : "0"));
        }

        if (!IPAddress.TryParse(text, out var ip))
        {
            return false;
        }

        if (ip.AddressFamily == AddressFamily.InterNetworkV6 && ip.IsIPv4MappedToIPv6)
        {
            ip = ip.MapToIPv4();
        }

        bytes = ip.GetAddressBytes();
        return true;
    }

    private static void Address(FieldErrorList errors, EndpointAddress address, FieldPath path)
    {
        errors.AddRange(ValueValidation.IsValidIP(path.Child("ip"), address.Ip));
        if (address.Hostname.Length > 0)
        {
            CommonValidation.DNS1123Label(errors, address.Hostname, path.Child("hostname"));
        }

        if (address.NodeName is { } nodeName)
        {
            CommonValidation.Name(errors, ObjectMetaValidation.DnsSubdomain, nodeName, path.Child("nodeName"));
        }

        NonSpecialIP(errors, address.Ip, path.Child("ip"));
    }

    private static void Port(FieldErrorList errors, EndpointPort port, bool requireName, FieldPath path)
    {
        if (requireName && port.Name.Length == 0)
        {
            errors.Add(FieldError.Required(path.Child("name"), string.Empty));
        }
        else if (port.Name.Length != 0)
        {
            CommonValidation.DNS1123Label(errors, port.Name, path.Child("name"));
        }

        foreach (var msg in ValueValidation.IsValidPortNum(port.Port))
        {
            errors.Add(FieldError.Invalid(path.Child("port"), port.Port, msg));
        }

        if (port.Protocol.Length == 0)
        {
            errors.Add(FieldError.Required(path.Child("protocol"), string.Empty));
        }
        else if (!SupportedProtocols.Contains(port.Protocol, StringComparer.Ordinal))
        {
            errors.Add(FieldError.NotSupported(path.Child("protocol"), port.Protocol, SupportedProtocols));
        }

        if (port.AppProtocol is { } appProtocol)
        {
            CommonValidation.QualifiedName(errors, appProtocol, path.Child("appProtocol"));
        }
    }
}
