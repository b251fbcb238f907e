using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Numerics;

namespace KubeSharp.ApiServer.Hosting;

/// <summary>Service CIDR arithmetic and the address the API server advertises.</summary>
public static class ServiceNetwork
{
    /// <summary>The first usable address of a CIDR (10.43.0.0/16 -> 10.43.0.1): the kubernetes Service's IP.</summary>
    public static IPAddress FirstAddress(string cidr)
    {
        var network = IPNetwork.Parse(cidr);
        var bytes = network.BaseAddress.GetAddressBytes();
        var value = new BigInteger(bytes, isUnsigned: true, isBigEndian: true) + 1;
        var result = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        var padded = new byte[bytes.Length];
        result.CopyTo(padded, padded.Length - result.Length);
        return new IPAddress(padded);
    }

    /// <summary>
    /// The address in the <c>kubernetes</c> Service's endpoints (upstream --advertise-address): the configured one,
    /// else the bind address unless it is a wildcard, else the host's primary non-loopback IPv4 address (of an
    /// interface that is up, preferring one with a default gateway), else 127.0.0.1.
    /// </summary>
    public static IPAddress AdvertiseAddress(ApiServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.AdvertiseAddress.Length > 0)
        {
            return IPAddress.Parse(options.AdvertiseAddress);
        }
        if (IPAddress.TryParse(options.BindAddress, out var bind) && !bind.Equals(IPAddress.Any) && !bind.Equals(IPAddress.IPv6Any))
        {
            return bind;
        }
        return PrimaryIPv4() ?? IPAddress.Loopback;
    }

    private static IPAddress? PrimaryIPv4()
    {
        try
        {
            var candidates = NetworkInterface.GetAllNetworkInterfaces()
                .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
                .Select(n => n.GetIPProperties())
                .Select(p => (HasGateway: p.GatewayAddresses.Any(g => g.Address.AddressFamily == AddressFamily.InterNetwork && !g.Address.Equals(IPAddress.Any)),
                    Address: p.UnicastAddresses.Select(u => u.Address)
                        .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a) && !IsLinkLocal(a))))
                .Where(c => c.Address is not null)
                .ToList();
            return candidates.FirstOrDefault(c => c.HasGateway).Address ?? candidates.FirstOrDefault().Address;
        }
        catch (NetworkInformationException)
        {
            return null;
        }
    }

    private static bool IsLinkLocal(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        return bytes[0] == 169 && bytes[1] == 254;
    }
}
