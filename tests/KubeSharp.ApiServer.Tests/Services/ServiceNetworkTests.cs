using System.Net;
using System.Net.Sockets;
using KubeSharp.ApiServer.Hosting;

namespace KubeSharp.ApiServer.Tests.Services;

/// <summary>The kubernetes Service's address and the advertised endpoint address.</summary>
public sealed class ServiceNetworkTests
{
    [Theory]
    [InlineData("10.43.0.0/16", "10.43.0.1")]
    [InlineData("10.96.0.0/12", "10.96.0.1")]
    [InlineData("fd00:43::/108", "fd00:43::1")]
    public void FirstAddress_IsTheKubernetesServiceIP(string cidr, string expected)
        => ServiceNetwork.FirstAddress(cidr).ToString().ShouldBe(expected);

    [Fact]
    public void AdvertiseAddress_ExplicitWins_ThenASpecificBindAddress()
    {
        ServiceNetwork.AdvertiseAddress(new ApiServerOptions { AdvertiseAddress = "192.0.2.10", BindAddress = "127.0.0.1" }).ToString().ShouldBe("192.0.2.10");
        ServiceNetwork.AdvertiseAddress(new ApiServerOptions { BindAddress = "127.0.0.1" }).ToString().ShouldBe("127.0.0.1");
    }

    [Fact]
    public void AdvertiseAddress_ForAWildcardBind_IsAUsableIPv4Address()
    {
        var address = ServiceNetwork.AdvertiseAddress(new ApiServerOptions { BindAddress = "0.0.0.0" });
        address.AddressFamily.ShouldBe(AddressFamily.InterNetwork);
        address.ShouldNotBe(IPAddress.Any);
        var hostAddresses = System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(n => n.GetIPProperties().UnicastAddresses.Select(u => u.Address)).ToList();
        (address.Equals(IPAddress.Loopback) || hostAddresses.Contains(address)).ShouldBeTrue(address.ToString());
    }
}
