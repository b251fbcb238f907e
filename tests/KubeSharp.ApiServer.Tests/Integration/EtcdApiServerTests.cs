using KubeSharp.Storage;
using KubeSharp.Storage.Etcd;
using KubeSharp.Storage.Etcd.Tests;

namespace KubeSharp.ApiServer.Tests.Integration;

/// <summary>The API server on a real etcd (the Debian package's, loopback only): objects land under upstream's key
/// layout where etcdctl sees them, and survive a restart of the server.</summary>
public sealed class EtcdApiServerTests : IAsyncLifetime
{
    private EtcdServer? _etcd;
    private EtcdBackedServer? _server;

    private EtcdServer Etcd => _etcd!;

    private EtcdBackedServer Server => _server!;

    public async Task InitializeAsync()
    {
        _etcd = await EtcdServer.StartAsync();
        _server = new EtcdBackedServer(_etcd.ClientUrl);
        await _server.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
        if (_etcd is not null)
        {
            await _etcd.DisposeAsync();
        }
    }

    [Fact]
    public async Task Objects_AreStoredUnderRegistryKeys_AndSurviveARestart()
    {
        (await Server.KubectlAsync("create namespace on-etcd")).ExitCode.ShouldBe(0);
        (await Server.KubectlAsync("create configmap settings -n on-etcd --from-literal=k=v")).ExitCode.ShouldBe(0);
        var deployment = await Server.KubectlAsync("create deployment web -n on-etcd --image=nginx");
        deployment.ExitCode.ShouldBe(0, deployment.Stderr);
        var service = await Server.KubectlAsync("create service clusterip web -n on-etcd --tcp=80:8080");
        service.ExitCode.ShouldBe(0, service.Stderr);
        var uid = (await Server.KubectlAsync("get configmap settings -n on-etcd -o jsonpath={.metadata.uid}")).Stdout;

        var keys = (await Etcd.EtcdctlAsync("get", "/registry/", "--prefix", "--keys-only"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        keys.ShouldContain("/registry/namespaces/on-etcd");
        keys.ShouldContain("/registry/configmaps/on-etcd/settings");
        keys.ShouldContain("/registry/deployments/on-etcd/web");
        keys.ShouldContain("/registry/services/specs/on-etcd/web");
        keys.ShouldContain("/registry/services/specs/default/kubernetes");
        keys.ShouldContain("/registry/ranges/serviceips");
        keys.ShouldContain("/registry/priorityclasses/system-node-critical");

        await Server.RestartAsync();

        var after = await Server.KubectlAsync("get configmap settings -n on-etcd -o jsonpath={.metadata.uid}/{.data.k}");
        after.ExitCode.ShouldBe(0, after.Stderr);
        after.Stdout.ShouldBe(uid + "/v");
        var image = await Server.KubectlAsync("get deployment web -n on-etcd -o jsonpath={.spec.template.spec.containers[0].image}");
        image.Stdout.ShouldBe("nginx");
    }

    /// <summary>The fixture's server with etcd as its store, as <c>--datastore-endpoint etcd://</c> runs it.</summary>
    private sealed class EtcdBackedServer(Uri etcd) : ApiServerFixture
    {
        protected override async Task<IKeyValueStore> OpenStoreAsync()
            => await EtcdKeyValueStore.ConnectAsync(new EtcdStoreOptions { Endpoints = [etcd] }, TimeProvider.System, null, CancellationToken.None);
    }
}
