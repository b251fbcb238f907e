using System.Net;
using System.Numerics;

namespace KubeSharp.ApiServer.Hosting;

/// <summary>Service CIDR arithmetic.</summary>
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
}
