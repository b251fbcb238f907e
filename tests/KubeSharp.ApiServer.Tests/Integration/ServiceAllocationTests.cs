using System.Net;

namespace KubeSharp.ApiServer.Tests.Integration;

/// <summary>Service ClusterIP/NodePort allocation and the bootstrap objects, through the real kubectl.</summary>
public sealed class ServiceAllocationTests(ApiServerFixture server) : IClassFixture<ApiServerFixture>
{
    private static readonly IPNetwork ServiceRange = IPNetwork.Parse("10.43.0.0/16");

    private async Task<string> GetAsync(string arguments)
    {
        var (code, stdout, stderr) = await server.KubectlAsync(arguments);
        code.ShouldBe(0, stderr);
        return stdout.Trim();
    }

    [Fact]
    public async Task CreateServiceClusterIP_GetsAnAddressInTheRange_AndIPv4SingleStack()
    {
        await GetAsync("create service clusterip alloc-a --tcp=80:8080");
        var ip = await GetAsync("get svc alloc-a -o jsonpath={.spec.clusterIP}");
        ServiceRange.Contains(IPAddress.Parse(ip)).ShouldBeTrue(ip);
        ip.ShouldNotBe("10.43.0.1");
        (await GetAsync("get svc alloc-a -o jsonpath={.spec.clusterIPs}")).ShouldBe($"[\"{ip}\"]");
        (await GetAsync("get svc alloc-a -o jsonpath={.spec.ipFamilies}/{.spec.ipFamilyPolicy}")).ShouldBe("[\"IPv4\"]/SingleStack");
    }

    [Fact]
    public async Task CreateServiceNodePort_GetsANodePortInTheRange()
    {
        await GetAsync("create service nodeport alloc-np --tcp=80:8080");
        var port = int.Parse(await GetAsync("get svc alloc-np -o jsonpath={.spec.ports[0].nodePort}"), System.Globalization.CultureInfo.InvariantCulture);
        port.ShouldBeInRange(30000, 32767);
    }

    [Fact]
    public async Task SameExplicitClusterIP_Twice_IsRejectedWithUpstreamsMessage_AndReusableAfterDelete()
    {
        await GetAsync("create service clusterip fixed-a --tcp=80 --clusterip=10.43.0.50");
        var (code, _, stderr) = await server.KubectlAsync("create service clusterip fixed-b --tcp=80 --clusterip=10.43.0.50");
        code.ShouldNotBe(0);
        stderr.ShouldContain("Service \"fixed-b\" is invalid: spec.clusterIPs: Invalid value: []string{\"10.43.0.50\"}: failed to allocate IP 10.43.0.50: provided IP is already allocated");

        var outside = await server.KubectlAsync("create service clusterip fixed-c --tcp=80 --clusterip=10.99.0.1");
        outside.ExitCode.ShouldNotBe(0);
        outside.Stderr.ShouldContain("spec.clusterIPs: Invalid value: []string{\"10.99.0.1\"}: failed to allocate IP 10.99.0.1: the provided IP (10.99.0.1) is not in the valid range. The range of valid IPs is 10.43.0.0/16");

        await GetAsync("delete svc fixed-a");
        await GetAsync("create service clusterip fixed-b --tcp=80 --clusterip=10.43.0.50");
        (await GetAsync("get svc fixed-b -o jsonpath={.spec.clusterIP}")).ShouldBe("10.43.0.50");
    }

    [Fact]
    public async Task SameExplicitNodePort_Twice_IsRejected_AndReusableAfterDelete()
    {
        await GetAsync("create service nodeport np-a --tcp=80 --node-port=30555");
        var (code, _, stderr) = await server.KubectlAsync("create service nodeport np-b --tcp=80 --node-port=30555");
        code.ShouldNotBe(0);
        stderr.ShouldContain("Service \"np-b\" is invalid: spec.ports[0].nodePort: Invalid value: 30555: provided port is already allocated");

        var outside = await server.KubectlAsync("create service nodeport np-c --tcp=80 --node-port=29999");
        outside.ExitCode.ShouldNotBe(0);
        outside.Stderr.ShouldContain("spec.ports[0].nodePort: Invalid value: 29999: provided port is not in the valid range. The range of valid ports is 30000-32767");

        await GetAsync("delete svc np-a");
        await GetAsync("create service nodeport np-b --tcp=80 --node-port=30555");
        (await GetAsync("get svc np-b -o jsonpath={.spec.ports[0].nodePort}")).ShouldBe("30555");
    }

    [Fact]
    public async Task DryRunCreate_AllocatesNothing()
    {
        var dry = await GetAsync("create service clusterip dry-a --tcp=80 --clusterip=10.43.0.60 --dry-run=server -o jsonpath={.spec.clusterIP}");
        dry.ShouldBe("10.43.0.60");
        await GetAsync("create service clusterip dry-b --tcp=80 --clusterip=10.43.0.60");
    }

    [Fact]
    public async Task HeadlessAndExternalName_GetNoAddress()
    {
        await GetAsync("create service clusterip headless --clusterip=None");
        (await GetAsync("get svc headless -o jsonpath={.spec.clusterIP}/{.spec.clusterIPs}")).ShouldBe("None/[\"None\"]");
        await GetAsync("create service externalname ext --external-name=example.com");
        (await GetAsync("get svc ext -o jsonpath={.spec.clusterIP}|{.spec.ipFamilies}")).ShouldBe("|");
    }

    [Fact]
    public async Task TypeChanges_ReleaseAndAllocate()
    {
        await GetAsync("create service nodeport switch --tcp=80 --node-port=30777");
        var ip = await GetAsync("get svc switch -o jsonpath={.spec.clusterIP}");

        // NodePort -> ClusterIP frees the node port (upstream wants externalTrafficPolicy cleared too);
        // ClusterIP -> ExternalName frees the address.
        await GetAsync("patch svc switch -p {\"spec\":{\"type\":\"ClusterIP\",\"externalTrafficPolicy\":null}}");
        (await GetAsync("get svc switch -o jsonpath={.spec.ports[0].nodePort}")).ShouldBe("");
        await GetAsync("create service nodeport takes-port --tcp=80 --node-port=30777");

        await GetAsync("patch svc switch -p {\"spec\":{\"type\":\"ExternalName\",\"externalName\":\"example.com\"}}");
        (await GetAsync("get svc switch -o jsonpath={.spec.clusterIP}")).ShouldBe("");
        await GetAsync($"create service clusterip takes-ip --tcp=80 --clusterip={ip}");

        // ExternalName -> ClusterIP allocates again.
        await GetAsync("patch svc switch -p {\"spec\":{\"type\":\"ClusterIP\",\"externalName\":null}}");
        var again = await GetAsync("get svc switch -o jsonpath={.spec.clusterIP}");
        ServiceRange.Contains(IPAddress.Parse(again)).ShouldBeTrue(again);
        again.ShouldNotBe(ip);
    }

    [Fact]
    public async Task ConcurrentCreates_GetDistinctAddressesAndPorts()
    {
        var creates = Enumerable.Range(0, 8).Select(i => server.KubectlAsync($"create service nodeport par-{i} --tcp=80")).ToList();
        foreach (var (code, _, stderr) in await Task.WhenAll(creates))
        {
            code.ShouldBe(0, stderr);
        }
        var rows = (await GetAsync("get svc -o custom-columns=N:.metadata.name,IP:.spec.clusterIP,P:.spec.ports[0].nodePort --no-headers"))
            .Split('\n').Select(r => r.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(r => r[0].StartsWith("par-", StringComparison.Ordinal)).ToList();
        rows.Count.ShouldBe(8);
        rows.Select(r => r[1]).Distinct().Count().ShouldBe(8);
        rows.Select(r => r[2]).Distinct().Count().ShouldBe(8);
    }

    [Fact]
    public async Task ClusterIP_IsImmutable()
    {
        await GetAsync("create service clusterip immut --tcp=80 --clusterip=10.43.0.70");
        var (code, _, stderr) = await server.KubectlAsync("patch svc immut -p {\"spec\":{\"clusterIP\":\"10.43.0.71\",\"clusterIPs\":[\"10.43.0.71\"]}}");
        code.ShouldNotBe(0);
        stderr.ShouldContain("spec.clusterIPs[0]: Invalid value: []string{\"10.43.0.71\"}: may not change once set");
    }

    [Fact]
    public async Task LoadBalancerWithLocalTrafficPolicy_GetsAHealthCheckNodePort()
    {
        const string manifest = """
            apiVersion: v1
            kind: Service
            metadata:
              name: lb-local
            spec:
              type: LoadBalancer
              externalTrafficPolicy: Local
              ports:
              - port: 80
            """;
        var (code, _, stderr) = await server.KubectlAsync("apply -f -", manifest);
        code.ShouldBe(0, stderr);
        var ports = (await GetAsync("get svc lb-local -o jsonpath={.spec.ports[0].nodePort}/{.spec.healthCheckNodePort}")).Split('/');
        int.Parse(ports[0], System.Globalization.CultureInfo.InvariantCulture).ShouldBeInRange(30000, 32767);
        int.Parse(ports[1], System.Globalization.CultureInfo.InvariantCulture).ShouldBeInRange(30000, 32767);
        ports[0].ShouldNotBe(ports[1]);

        // Re-applying the same manifest keeps what was allocated.
        (code, _, stderr) = await server.KubectlAsync("apply -f -", manifest);
        code.ShouldBe(0, stderr);
        (await GetAsync("get svc lb-local -o jsonpath={.spec.ports[0].nodePort}/{.spec.healthCheckNodePort}")).ShouldBe(string.Join('/', ports));
    }

    [Fact]
    public async Task HealthCheckNodePort_IsReleasedWhenTrafficPolicyBecomesCluster()
    {
        const string manifest = """
            apiVersion: v1
            kind: Service
            metadata:
              name: lb-hc
            spec:
              type: LoadBalancer
              externalTrafficPolicy: Local
              healthCheckNodePort: 32100
              ports:
              - port: 80
            """;
        var (code, _, stderr) = await server.KubectlAsync("create -f -", manifest);
        code.ShouldBe(0, stderr);
        var taken = await server.KubectlAsync("create service nodeport hc-taker --tcp=80 --node-port=32100");
        taken.ExitCode.ShouldNotBe(0);
        taken.Stderr.ShouldContain("provided port is already allocated");

        await GetAsync("patch svc lb-hc -p {\"spec\":{\"externalTrafficPolicy\":\"Cluster\"}}");
        (await GetAsync("get svc lb-hc -o jsonpath={.spec.healthCheckNodePort}")).ShouldBe("");
        await GetAsync("create service nodeport hc-taker --tcp=80 --node-port=32100");
    }

    [Fact]
    public async Task KubernetesService_EndpointsAndPriorityClasses_AreBootstrapped()
    {
        var svc = await GetAsync("get svc kubernetes");
        svc.ShouldContain("10.43.0.1");
        svc.ShouldContain("443/TCP");
        var port = server.Host.Address.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        (await GetAsync("get svc kubernetes -o jsonpath={.spec.ports[0].name}/{.spec.ports[0].targetPort}/{.metadata.labels.component}/{.metadata.labels.provider}"))
            .ShouldBe($"https/{port}/apiserver/kubernetes");
        (await GetAsync("get endpoints kubernetes -o jsonpath={.subsets[0].addresses[0].ip}:{.subsets[0].ports[0].port}")).ShouldBe($"127.0.0.1:{port}");
        (await GetAsync("get endpointslice kubernetes -o jsonpath={.endpoints[0].addresses[0]}/{.metadata.labels.kubernetes\\.io/service-name}")).ShouldBe("127.0.0.1/kubernetes");

        var classes = await GetAsync("get priorityclasses -o custom-columns=NAME:.metadata.name,VALUE:.value --no-headers");
        classes.Split('\n').Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries))).ShouldBe(
            ["system-cluster-critical 2000000000", "system-node-critical 2000001000"]);
    }
}

/// <summary>Allocations and the kubernetes Service across a restart of the server on the same data.</summary>
public sealed class ServiceAllocationRestartTests : IAsyncLifetime
{
    private readonly ApiServerFixture _server = new();

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    private const string Kept = """
        apiVersion: v1
        kind: Service
        metadata:
          name: kept
        spec:
          type: NodePort
          clusterIP: 10.43.1.1
          ports:
          - port: 80
            nodePort: 31001
        """;

    [Fact]
    public async Task Restart_KeepsAllocations_AndReconcilesTheKubernetesService()
    {
        var created = await _server.KubectlAsync("create -f -", Kept);
        created.ExitCode.ShouldBe(0, created.Stderr);

        await _server.RestartAsync();

        var ip = await _server.KubectlAsync("create service clusterip other --tcp=80 --clusterip=10.43.1.1");
        ip.ExitCode.ShouldNotBe(0);
        ip.Stderr.ShouldContain("failed to allocate IP 10.43.1.1: provided IP is already allocated");
        var port = await _server.KubectlAsync("create service nodeport other --tcp=80 --node-port=31001");
        port.ExitCode.ShouldNotBe(0);
        port.Stderr.ShouldContain("spec.ports[0].nodePort: Invalid value: 31001: provided port is already allocated");

        // The new process listens on another port: the kubernetes Service and its endpoints follow it.
        var https = _server.Host.Address.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var svc = await _server.KubectlAsync("get svc kubernetes -o jsonpath={.spec.clusterIP}/{.spec.ports[0].targetPort}");
        svc.Stdout.ShouldBe($"10.43.0.1/{https}", svc.Stderr);
        var endpoints = await _server.KubectlAsync("get endpoints kubernetes -o jsonpath={.subsets[0].ports[0].port}");
        endpoints.Stdout.ShouldBe(https, endpoints.Stderr);

        (await _server.KubectlAsync("delete svc kept")).ExitCode.ShouldBe(0);
        var reused = await _server.KubectlAsync("create -f -", Kept);
        reused.ExitCode.ShouldBe(0, reused.Stderr);
    }
}

/// <summary>The kubernetes Service and its endpoints are put right while the server runs (upstream's endpoint
/// reconciler), not only at start.</summary>
public sealed class KubernetesServiceReconcileTests : IAsyncLifetime
{
    private readonly FastReconcileServer _server = new();

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task DeletedKubernetesServiceAndEndpoints_ComeBack()
    {
        var before = await _server.KubectlAsync("get svc kubernetes -n default -o jsonpath={.spec.clusterIP}");
        before.Stdout.ShouldBe("10.43.0.1");
        (await _server.KubectlAsync("delete svc kubernetes -n default")).ExitCode.ShouldBe(0);
        (await _server.KubectlAsync("delete endpointslice kubernetes -n default")).ExitCode.ShouldBe(0);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var svc = await _server.KubectlAsync("get svc kubernetes -n default -o jsonpath={.spec.clusterIP}");
            var slice = await _server.KubectlAsync("get endpointslice kubernetes -n default -o jsonpath={.endpoints[0].addresses[0]}");
            if (svc.ExitCode == 0 && slice.ExitCode == 0)
            {
                svc.Stdout.ShouldBe("10.43.0.1");
                slice.Stdout.ShouldBe("127.0.0.1");
                break;
            }
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the kubernetes Service was not recreated");
            await Task.Delay(200);
        }
        var endpoints = await _server.KubectlAsync("get endpoints kubernetes -n default -o jsonpath={.subsets[0].addresses[0].ip}");
        endpoints.Stdout.ShouldBe("127.0.0.1");
    }

    private sealed class FastReconcileServer : ApiServerFixture
    {
        protected override ApiServerOptions Configure(ApiServerOptions options)
            => options with { KubernetesServiceReconcileInterval = TimeSpan.FromMilliseconds(300) };
    }
}
