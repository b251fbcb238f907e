using KubeSharp.Storage.Tests;

namespace KubeSharp.Storage.Etcd.Tests;

/// <summary>The engine-neutral conformance suite, unchanged, on a real etcd. "Restart" kills etcd with SIGKILL
/// and starts it again on the same data, besides making a new client.</summary>
public sealed class EtcdKeyValueStoreConformanceTests : KeyValueStoreConformanceTests, IClassFixture<EtcdFixture>
{
    private readonly EtcdFixture _etcd;

    public EtcdKeyValueStoreConformanceTests(EtcdFixture etcd) => _etcd = etcd;

    protected override async Task<IKeyValueStore> CreateStoreAsync()
        => await EtcdKeyValueStore.ConnectAsync(_etcd.StoreOptions, null, null, Ct);

    protected override async Task<IKeyValueStore> RestartStoreAsync(IKeyValueStore store)
    {
        await store.DisposeAsync();
        await _etcd.Server.RestartAsync();
        return await CreateStoreAsync();
    }
}
