using System.Net;
using KubeSharp.Api.Core.V1;
using KubeSharp.ApiServer.Tests.Integration;
using KubeSharp.Client;

namespace KubeSharp.Controllers.Tests.Integration;

/// <summary>Node IPAM in the full controller manager (default --cluster-cidr 10.42.0.0/16).</summary>
public class NodeIpamControllerTests(ControllersFixture fixture) : IClassFixture<ControllersFixture>
{
    [Fact]
    public async Task NewNodes_GetDistinctSlash24s_FromTheDefaultClusterCidr()
    {
        var nodes = fixture.Client.Resource<Node>();
        string[] names = ["ipam-a", "ipam-b", "ipam-c"];
        foreach (var name in names)
        {
            var node = new Node();
            node.Metadata.Name = name;
            await nodes.CreateAsync(node);
        }
        var cidrs = new List<string>();
        await ControllersFixture.EventuallyAsync(async () =>
        {
            cidrs.Clear();
            foreach (var name in names)
            {
                var node = await nodes.GetAsync(name);
                if (node.Spec.PodCIDR.Length == 0)
                {
                    return false;
                }
                node.Spec.PodCIDRs.ShouldBe([node.Spec.PodCIDR]);
                cidrs.Add(node.Spec.PodCIDR);
            }
            return true;
        }, "podCIDRs on all nodes");
        cidrs.Distinct().Count().ShouldBe(3);
        foreach (var cidr in cidrs)
        {
            cidr.ShouldEndWith("/24");
            IPNetwork.Parse("10.42.0.0/16").Contains(IPAddress.Parse(cidr[..cidr.IndexOf('/', StringComparison.Ordinal)])).ShouldBeTrue();
        }
        foreach (var name in names)
        {
            await nodes.DeleteAsync(name);
        }
    }
}

/// <summary>A server whose nodes exist before a controller manager running only node IPAM over a 4-subnet range starts.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "disposed in IAsyncLifetime.DisposeAsync, as xunit fixtures are")]
public sealed class SmallRangeIpamFixture : ApiServerFixture, IAsyncLifetime
{
    private readonly CancellationTokenSource _stop = new();
    private Task? _manager;

    public KubernetesClient Client { get; private set; } = null!;

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        Client = KubernetesClient.FromKubeconfig(KubeconfigPath);
        var preexisting = new Node();
        preexisting.Metadata.Name = "pre";
        preexisting.Spec.PodCIDR = "10.99.1.0/24";
        preexisting.Spec.PodCIDRs = ["10.99.1.0/24"];
        await Client.Resource<Node>().CreateAsync(preexisting);
        var manager = new ControllerManager(KubernetesClient.FromKubeconfig(KubeconfigPath), new ControllerManagerOptions
        {
            LeaderElect = false,
            Controllers = ["nodeipam"],
            ClusterCidr = "10.99.0.0/22",
        });
        _manager = Task.Run(() => manager.RunAsync(_stop.Token));
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_manager is not null)
        {
            try
            {
                await _manager.WaitAsync(TimeSpan.FromSeconds(20));
            }
            catch (OperationCanceledException)
            {
            }
        }
        Client?.Dispose();
        _stop.Dispose();
        await DisposeAsync();
    }
}

/// <summary>Preexisting allocations respected, CIDRNotAvailable when full, a deleted node's CIDR reused.</summary>
public class NodeIpamSmallRangeTests(SmallRangeIpamFixture fixture) : IClassFixture<SmallRangeIpamFixture>
{
    private async Task CreateNodeAsync(string name)
    {
        var node = new Node();
        node.Metadata.Name = name;
        await fixture.Client.Resource<Node>().CreateAsync(node);
    }

    private async Task<string> CidrOfAsync(string name)
    {
        var cidr = "";
        await ControllersFixture.EventuallyAsync(async () => (cidr = (await fixture.Client.Resource<Node>().GetAsync(name)).Spec.PodCIDR).Length > 0, "podCIDR of " + name);
        return cidr;
    }

    [Fact]
    public async Task PreexistingRespected_FullRangeReportsCidrNotAvailable_DeletedNodesCidrReused()
    {
        await CreateNodeAsync("n1");
        (await CidrOfAsync("n1")).ShouldBe("10.99.0.0/24");
        await CreateNodeAsync("n2");
        // 10.99.1.0/24 belongs to the node that existed at start.
        (await CidrOfAsync("n2")).ShouldBe("10.99.2.0/24");
        await CreateNodeAsync("n3");
        (await CidrOfAsync("n3")).ShouldBe("10.99.3.0/24");
        (await fixture.Client.Resource<Node>().GetAsync("pre")).Spec.PodCIDR.ShouldBe("10.99.1.0/24");

        await CreateNodeAsync("n4");
        await ControllersFixture.EventuallyAsync(async () => (await fixture.Client.Resource<Event>().ListAsync()).Items
            .Any(e => e.Reason == "CIDRNotAvailable" && e.InvolvedObject.Name == "n4" && e.InvolvedObject.Kind == "Node"
                && e.Message == "Node n4 status is now: CIDRNotAvailable" && e.Source.Component == "cidrAllocator"), "CIDRNotAvailable event for n4");
        (await fixture.Client.Resource<Node>().GetAsync("n4")).Spec.PodCIDR.ShouldBeEmpty();

        await fixture.Client.Resource<Node>().DeleteAsync("n2");
        (await CidrOfAsync("n4")).ShouldBe("10.99.2.0/24");
    }
}
