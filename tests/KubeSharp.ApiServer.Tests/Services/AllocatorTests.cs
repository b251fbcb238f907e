using System.Net;
using KubeSharp.ApiServer.Services;
using KubeSharp.Storage.Sqlite;

namespace KubeSharp.ApiServer.Tests.Services;

/// <summary>The persisted ClusterIP and NodePort allocators on a real (SQLite) store.</summary>
public sealed class AllocatorTests : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("kubesharp-alloc-").FullName;
    private SqliteKeyValueStore _store = null!;

    public async Task InitializeAsync() => _store = await OpenAsync();

    private Task<SqliteKeyValueStore> OpenAsync() => SqliteKeyValueStore.OpenAsync(new SqliteStoreOptions(Path.Combine(_root, "state.db"))).AsTask();

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public void Bitmap_SnapshotIsUpstreamsBigEndianInteger_AndRestores()
    {
        var bitmap = new AllocationBitmap(100, 0);
        bitmap.Snapshot().ShouldBeEmpty();
        bitmap.Allocate(0).ShouldBeTrue();
        bitmap.Snapshot().ShouldBe(new byte[] { 0x01 });
        bitmap.Allocate(9).ShouldBeTrue();
        bitmap.Allocate(9).ShouldBeFalse();
        bitmap.Snapshot().ShouldBe(new byte[] { 0x02, 0x01 });

        var copy = new AllocationBitmap(100, 0);
        copy.Restore(bitmap.Snapshot());
        copy.Allocated().ShouldBe([0, 9]);
        copy.Count.ShouldBe(2);
    }

    [Fact]
    public void Bitmap_DynamicAllocationPrefersTheUpperBand()
    {
        var bitmap = new AllocationBitmap(64, 16);
        for (var i = 0; i < 48; i++)
        {
            bitmap.AllocateNext()!.Value.ShouldBeGreaterThanOrEqualTo(16);
        }
        bitmap.AllocateNext()!.Value.ShouldBeLessThan(16);
    }

    [Fact]
    public async Task ClusterIPs_ExhaustedRange_FailsWithRangeIsFull_AndReleaseMakesRoom()
    {
        using var ips = new ClusterIPAllocator(_store, "10.0.0.0/29");
        ips.Max.ShouldBe(6);
        var handed = new List<IPAddress>();
        for (var i = 0; i < 6; i++)
        {
            handed.Add(await ips.AllocateNextAsync(dryRun: false, CancellationToken.None));
        }
        handed.Select(a => a.ToString()).ShouldBe(["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5", "10.0.0.6"], ignoreOrder: true);
        var full = await Should.ThrowAsync<AllocationException>(() => ips.AllocateNextAsync(false, CancellationToken.None).AsTask());
        full.Message.ShouldBe("range is full");

        await ips.ReleaseAsync(IPAddress.Parse("10.0.0.4"), CancellationToken.None);
        (await ips.AllocateNextAsync(false, CancellationToken.None)).ToString().ShouldBe("10.0.0.4");
    }

    [Fact]
    public async Task ClusterIPs_ExplicitAddress_MustBeFreeAndInRange()
    {
        using var ips = new ClusterIPAllocator(_store, "10.43.0.0/16");
        await ips.AllocateAsync(IPAddress.Parse("10.43.0.5"), false, CancellationToken.None);
        var taken = await Should.ThrowAsync<AllocationException>(() => ips.AllocateAsync(IPAddress.Parse("10.43.0.5"), false, CancellationToken.None).AsTask());
        taken.Message.ShouldBe("provided IP is already allocated");
        foreach (var outside in new[] { "10.44.0.1", "10.43.0.0", "10.43.255.255" })
        {
            var error = await Should.ThrowAsync<AllocationException>(() => ips.AllocateAsync(IPAddress.Parse(outside), false, CancellationToken.None).AsTask());
            error.Message.ShouldBe($"the provided IP ({outside}) is not in the valid range. The range of valid IPs is 10.43.0.0/16");
        }
        // A dry run reserves nothing.
        await ips.AllocateAsync(IPAddress.Parse("10.43.0.6"), dryRun: true, CancellationToken.None);
        (await ips.HasAsync(IPAddress.Parse("10.43.0.6"), CancellationToken.None)).ShouldBeFalse();
        (await ips.AllocateNextAsync(dryRun: true, CancellationToken.None)).ToString().ShouldBe("10.43.0.0");
    }

    [Fact]
    public async Task Allocations_SurviveARestartOfTheStore()
    {
        using (var ips = new ClusterIPAllocator(_store, "10.43.0.0/16"))
        using (var ports = new NodePortAllocator(_store, "30000-32767"))
        {
            await ips.AllocateAsync(IPAddress.Parse("10.43.7.7"), false, CancellationToken.None);
            await ports.AllocateAsync(30080, CancellationToken.None);
        }
        await _store.DisposeAsync();
        _store = await OpenAsync();

        using var reopenedIps = new ClusterIPAllocator(_store, "10.43.0.0/16");
        using var reopenedPorts = new NodePortAllocator(_store, "30000-32767");
        (await reopenedIps.HasAsync(IPAddress.Parse("10.43.7.7"), CancellationToken.None)).ShouldBeTrue();
        (await reopenedPorts.HasAsync(30080, CancellationToken.None)).ShouldBeTrue();
        (await Should.ThrowAsync<AllocationException>(() => reopenedPorts.AllocateAsync(30080, CancellationToken.None).AsTask()))
            .Message.ShouldBe("provided port is already allocated");
    }

    [Fact]
    public async Task NodePorts_ExhaustionRangeAndReuse()
    {
        using var ports = new NodePortAllocator(_store, "30000-30004");
        var handed = new HashSet<int>();
        for (var i = 0; i < 5; i++)
        {
            handed.Add(await ports.AllocateNextAsync(CancellationToken.None));
        }
        handed.ShouldBe([30000, 30001, 30002, 30003, 30004], ignoreOrder: true);
        (await Should.ThrowAsync<AllocationException>(() => ports.AllocateNextAsync(CancellationToken.None).AsTask())).Message.ShouldBe("range is full");
        (await Should.ThrowAsync<AllocationException>(() => ports.AllocateAsync(30005, CancellationToken.None).AsTask()))
            .Message.ShouldBe("provided port is not in the valid range. The range of valid ports is 30000-30004");
        await ports.ReleaseAsync(30002, CancellationToken.None);
        await ports.AllocateAsync(30002, CancellationToken.None);
    }

    [Fact]
    public async Task TwoServersOnOneStore_NeverHandOutTheSameAddress()
    {
        // Two allocators on the same key stand for two API servers: each change is compare-and-swap on the range.
        using var first = new ClusterIPAllocator(_store, "10.0.0.0/24");
        using var second = new ClusterIPAllocator(_store, "10.0.0.0/24");
        var tasks = Enumerable.Range(0, 60)
            .Select(i => Task.Run(async () => await (i % 2 == 0 ? first : second).AllocateNextAsync(false, CancellationToken.None)))
            .ToList();
        var results = await Task.WhenAll(tasks);
        results.Select(a => a.ToString()).Distinct().Count().ShouldBe(60);
        for (var i = 0; i < 60; i++)
        {
            (await first.HasAsync(results[i], CancellationToken.None)).ShouldBeTrue();
        }
    }
}
