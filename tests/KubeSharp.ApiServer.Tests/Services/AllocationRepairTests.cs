using System.Net;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Registry;
using KubeSharp.Api.Serialization;
using KubeSharp.ApiServer.Registry;
using KubeSharp.ApiServer.Services;
using KubeSharp.Storage.Sqlite;

namespace KubeSharp.ApiServer.Tests.Services;

/// <summary>The repair of the persisted ranges against the stored Services.</summary>
public sealed class AllocationRepairTests : IAsyncLifetime, IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("kubesharp-repair-").FullName;
    private SqliteKeyValueStore _store = null!;
    private ServiceAllocations _allocations = null!;
    private AllocationRepair _repair = null!;
    private ResourceDefinition _services = null!;

    public async Task InitializeAsync()
    {
        _store = await SqliteKeyValueStore.OpenAsync(new SqliteStoreOptions(Path.Combine(_root, "state.db")));
        var catalog = new ResourceCatalog(ResourceRegistry.Default, Strategies.For);
        catalog.TryGet("", "v1", "services", out var services).ShouldBeTrue();
        _services = services!;
        _allocations = new ServiceAllocations(new ClusterIPAllocator(_store, "10.43.0.0/16"), new NodePortAllocator(_store, "30000-32767"), null);
        _repair = new AllocationRepair(_allocations, _services, _store, TimeProvider.System);
    }

    public void Dispose() => _allocations?.Dispose();

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    private async Task StoreServiceAsync(string name, string ip, int nodePort)
    {
        var service = new Service { ApiVersion = "v1", Kind = "Service" };
        service.Metadata.Name = name;
        service.Metadata.Namespace = "default";
        service.Spec.Type = "NodePort";
        service.Spec.ClusterIP = ip;
        service.Spec.ClusterIPs = [ip];
        service.Spec.Ports = [new ServicePort { Port = 80, Protocol = "TCP", NodePort = nodePort }];
        (await _store.CreateAsync(_services.Key("default", name), KubeJson.SerializeToUtf8Bytes(service), null, CancellationToken.None)).Succeeded.ShouldBeTrue();
    }

    [Fact]
    public async Task ValuesHeldByServices_AreMarked()
    {
        // Services written without the allocators (e.g. restored from a backup): the repair marks their values.
        await StoreServiceAsync("restored", "10.43.9.9", 30999);
        await _repair.RunOnceAsync(CancellationToken.None);
        (await _allocations.ClusterIPs.HasAsync(IPAddress.Parse("10.43.9.9"), CancellationToken.None)).ShouldBeTrue();
        (await _allocations.NodePorts.HasAsync(30999, CancellationToken.None)).ShouldBeTrue();
    }

    [Fact]
    public async Task LeakedValues_AreReleasedAfterThreeRepairs()
    {
        // Reserved but never written to a Service (a crash between allocation and create).
        await _allocations.ClusterIPs.AllocateAsync(IPAddress.Parse("10.43.5.5"), false, CancellationToken.None);
        await _allocations.NodePorts.AllocateAsync(31555, CancellationToken.None);
        for (var run = 1; run < AllocationRepair.RepairsBeforeLeakCleanup; run++)
        {
            await _repair.RunOnceAsync(CancellationToken.None);
            (await _allocations.ClusterIPs.HasAsync(IPAddress.Parse("10.43.5.5"), CancellationToken.None)).ShouldBeTrue();
            (await _allocations.NodePorts.HasAsync(31555, CancellationToken.None)).ShouldBeTrue();
        }
        await _repair.RunOnceAsync(CancellationToken.None);
        (await _allocations.ClusterIPs.HasAsync(IPAddress.Parse("10.43.5.5"), CancellationToken.None)).ShouldBeFalse();
        (await _allocations.NodePorts.HasAsync(31555, CancellationToken.None)).ShouldBeFalse();
    }

    [Fact]
    public async Task ARangeChange_RebuildsTheBitmapForTheNewRange()
    {
        await StoreServiceAsync("moved", "10.96.0.10", 30100);
        await _allocations.ClusterIPs.AllocateAsync(IPAddress.Parse("10.43.0.10"), false, CancellationToken.None);
        using var other = new ServiceAllocations(new ClusterIPAllocator(_store, "10.96.0.0/16"), new NodePortAllocator(_store, "30000-32767"), null);
        await new AllocationRepair(other, _services, _store, TimeProvider.System).RunOnceAsync(CancellationToken.None);
        (await other.ClusterIPs.HasAsync(IPAddress.Parse("10.96.0.10"), CancellationToken.None)).ShouldBeTrue();
        (await other.ClusterIPs.AllocateNextAsync(false, CancellationToken.None)).ToString().ShouldStartWith("10.96.");
    }
}
