using System.Net;
using System.Net.Sockets;
using System.Text;
using Google.Protobuf;
using KubeSharp.Grpc;
using KubeSharp.Grpc.Tests;
using KubeSharp.Storage.Etcd.Protocol;
using KubeSharp.Storage.Tests;

namespace KubeSharp.Storage.Etcd.Tests;

/// <summary>What the etcd engine does beyond the engine-neutral contract: the layout etcdctl sees, leases,
/// error details, watch resumption, slow watchers, failover and TLS.</summary>
public sealed class EtcdKeyValueStoreTests : IClassFixture<EtcdFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly EtcdFixture _etcd;
    private readonly string _namespace = "ns-" + Guid.NewGuid().ToString("N")[..12];

    public EtcdKeyValueStoreTests(EtcdFixture etcd) => _etcd = etcd;

    private static byte[] V(string text) => Encoding.UTF8.GetBytes(text);

    private static string S(ReadOnlyMemory<byte> value) => Encoding.UTF8.GetString(value.Span);

    private Task<EtcdKeyValueStore> StoreAsync(EtcdStoreOptions? options = null)
        => EtcdKeyValueStore.ConnectAsync(options ?? _etcd.StoreOptions, null, null, CancellationToken.None);

    [Fact]
    public async Task Keys_AreStoredAsGiven_EtcdctlListsTheRegistryLayout()
    {
        await using var store = await StoreAsync();
        string[] keys =
        [
            $"/registry/configmaps/{_namespace}/settings",
            $"/registry/pods/{_namespace}/web-0",
            $"/registry/pods/{_namespace}/web-1",
            $"/registry/services/specs/{_namespace}/web",
        ];
        foreach (var key in keys.Reverse())
        {
            (await store.CreateAsync(key, V("{}"), null, CancellationToken.None)).Succeeded.ShouldBeTrue();
        }

        var listed = await _etcd.Server.EtcdctlAsync("get", "/registry/", "--prefix", "--keys-only");

        listed.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(line => line.Contains(_namespace, StringComparison.Ordinal)).ShouldBe(keys);
    }

    [Fact]
    public async Task Values_AreStoredAsTheRawBytesGiven()
    {
        await using var store = await StoreAsync();
        var key = $"/registry/secrets/{_namespace}/raw";
        var value = new byte[] { 0x6b, 0x38, 0x73, 0x00, 0xff, 0x0a, 0x80, 0x01 }; // "k8s\0" protobuf envelope-like
        await store.CreateAsync(key, value, null, CancellationToken.None);

        var raw = await store.Channel.UnaryAsync(EtcdMethods.Range, new Protocol.RangeRequest { Key = ByteString.CopyFromUtf8(key) }, null, CancellationToken.None);
        var viaEtcdctl = await _etcd.Server.EtcdctlAsync("get", key, "-w", "json");

        raw.Kvs[0].Value.ToByteArray().ShouldBe(value);
        viaEtcdctl.ShouldContain(Convert.ToBase64String(value));
    }

    [Fact]
    public async Task NewEtcd_StartsAtRevisionOne_NothingCompacted_AndStatusAnswers()
    {
        await using var server = await EtcdServer.StartAsync();
        await using var store = await StoreAsync(new EtcdStoreOptions { Endpoints = [server.ClientUrl] });

        (await store.GetCurrentRevisionAsync(CancellationToken.None)).ShouldBe(1);
        (await store.GetCompactedRevisionAsync(CancellationToken.None)).ShouldBe(0);
        var created = await store.CreateAsync("/registry/namespaces/default", V("{}"), null, CancellationToken.None);
        created.Revision.ShouldBe(2);
        var status = await store.GetStatusAsync(CancellationToken.None);
        status.Version.ShouldStartWith("3.4.");
        status.Revision.ShouldBe(2);
        status.Leader.ShouldBe(status.MemberId);
        status.Errors.ShouldBeEmpty();
        status.Endpoint.ShouldBe(server.ClientUrl);
    }

    [Fact]
    public async Task Ttl_OneLeaseIsReusedPerTtl_AndOutlivesTheTtl()
    {
        await using var store = await StoreAsync();
        var ttl = TimeSpan.FromMinutes(10);
        await store.CreateAsync($"/registry/events/{_namespace}/a", V("a"), ttl, CancellationToken.None);
        await store.CreateAsync($"/registry/events/{_namespace}/b", V("b"), ttl, CancellationToken.None);
        await store.UpdateAsync($"/registry/events/{_namespace}/b", V("b2"), 0, ttl, CancellationToken.None);
        await store.CreateAsync($"/registry/events/{_namespace}/c", V("c"), TimeSpan.FromMinutes(5), CancellationToken.None);
        await store.CreateAsync($"/registry/events/{_namespace}/d", V("d"), null, CancellationToken.None);

        var kvs = (await store.Channel.UnaryAsync(EtcdMethods.Range, new Protocol.RangeRequest
        {
            Key = ByteString.CopyFromUtf8($"/registry/events/{_namespace}/"),
            RangeEnd = ByteString.CopyFromUtf8($"/registry/events/{_namespace}0"),
        }, null, CancellationToken.None)).Kvs;

        kvs.Select(kv => kv.Key.ToStringUtf8()[^1..]).ShouldBe(["a", "b", "c", "d"]);
        kvs[0].Lease.ShouldNotBe(0);
        kvs[1].Lease.ShouldBe(kvs[0].Lease);
        kvs[2].Lease.ShouldNotBe(0);
        kvs[2].Lease.ShouldNotBe(kvs[0].Lease);
        kvs[3].Lease.ShouldBe(0);
        var lease = await store.Channel.UnaryAsync(EtcdMethods.LeaseTimeToLive, new LeaseTimeToLiveRequest { ID = kvs[0].Lease }, null, CancellationToken.None);
        // 600 s plus the reuse allowance: min(60 s, 5 % of 600 s) = 30 s.
        lease.GrantedTTL.ShouldBe(630);
    }

    [Fact]
    public async Task Update_WithoutTtl_DetachesTheKeyFromItsLease()
    {
        await using var store = await StoreAsync();
        var key = $"/registry/events/{_namespace}/kept";
        await store.CreateAsync(key, V("1"), TimeSpan.FromMinutes(10), CancellationToken.None);

        await store.UpdateAsync(key, V("2"), 0, null, CancellationToken.None);

        var kv = (await store.Channel.UnaryAsync(EtcdMethods.Range, new Protocol.RangeRequest { Key = ByteString.CopyFromUtf8(key) }, null, CancellationToken.None)).Kvs[0];
        kv.Lease.ShouldBe(0);
    }

    [Fact]
    public async Task ValueTooLarge_IsRefusedBeforeSending_TheLargestAllowedIsStored()
    {
        await using var store = await StoreAsync();
        var before = await store.GetCurrentRevisionAsync(CancellationToken.None);

        var e = await Should.ThrowAsync<StorageException>(() => store.CreateAsync($"/registry/x/{_namespace}/big", new byte[StorageLimits.MaxValueBytes + 1], null, CancellationToken.None).AsTask());

        e.Code.ShouldBe(StorageErrorCode.ValueTooLarge);
        e.InnerException.ShouldBeNull();
        (await store.GetCurrentRevisionAsync(CancellationToken.None)).ShouldBe(before);
        var largest = await store.CreateAsync($"/registry/x/{_namespace}/largest", new byte[StorageLimits.MaxValueBytes], null, CancellationToken.None);
        largest.Succeeded.ShouldBeTrue();
        (await store.GetAsync($"/registry/x/{_namespace}/largest", 0, CancellationToken.None)).Kv!.Value.Length.ShouldBe(StorageLimits.MaxValueBytes);
    }

    [Fact]
    public async Task Compacted_ErrorsCarryTheCompactionRevision()
    {
        await using var store = await StoreAsync();
        var key = $"/registry/x/{_namespace}/c";
        var first = await store.CreateAsync(key, V("1"), null, CancellationToken.None);
        var second = await store.UpdateAsync(key, V("2"), 0, null, CancellationToken.None);
        await store.CompactAsync(second.Revision, CancellationToken.None);

        var e = await Should.ThrowAsync<StorageException>(() => store.GetAsync(key, first.Revision, CancellationToken.None).AsTask());

        e.Code.ShouldBe(StorageErrorCode.Compacted);
        e.CompactRevision.ShouldBe(second.Revision);
        (await store.GetCompactedRevisionAsync(CancellationToken.None)).ShouldBe(second.Revision);

        // A later compaction (here by another client) is seen although the store remembers the last answer.
        var third = await store.UpdateAsync(key, V("3"), 0, null, CancellationToken.None);
        await _etcd.Server.EtcdctlAsync("compact", third.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture));
        (await store.GetCompactedRevisionAsync(CancellationToken.None)).ShouldBe(third.Revision);
    }

    [Fact]
    public async Task Watch_AcrossAnEtcdRestart_ResumesWithoutGapsOrDuplicates()
    {
        await using var server = await EtcdServer.StartAsync();
        var options = new EtcdStoreOptions { Endpoints = [server.ClientUrl], DialTimeout = TimeSpan.FromSeconds(1) };
        await using var store = await StoreAsync(options);
        var prefix = $"/registry/pods/{_namespace}/";
        var first = await store.CreateAsync(prefix + "000", V("0"), null, CancellationToken.None);
        await using var watch = new WatchCollector(store, WatchRequest.Prefix(prefix, first.Revision));
        for (var i = 1; i < 5; i++)
        {
            await store.CreateAsync(prefix + i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture), V("x"), null, CancellationToken.None);
        }
        await watch.WaitForAsync(e => e.Count >= 5, Timeout, "5 events before the restart");

        await server.RestartAsync();
        var last = 0L;
        for (var i = 5; i < 10; i++)
        {
            last = (await store.CreateAsync(prefix + i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture), V("y"), null, CancellationToken.None)).Revision;
        }

        var events = await watch.WaitForAsync(e => e.Count > 0 && e[^1].Revision >= last, Timeout, "the events after the restart");
        events.Select(e => e.Kv!.Key).ShouldBe(Enumerable.Range(0, 10).Select(i => prefix + i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture)));
        events.Select(e => e.Revision).ShouldBeInOrder(SortDirection.Ascending);
        events.Select(e => e.Revision).Distinct().Count().ShouldBe(10);
    }

    [Fact]
    public async Task Watch_ConsumerFallingBehind_IsEndedWithUnavailable_OtherWatchersGoOn()
    {
        await using var store = await StoreAsync(_etcd.StoreOptions with { WatchBufferEvents = 10 });
        var prefix = $"/registry/pods/{_namespace}/";
        var start = await store.GetCurrentRevisionAsync(CancellationToken.None) + 1;
        await using var healthy = new WatchCollector(store, WatchRequest.Prefix(prefix, start));
        await using var slow = store.WatchAsync(WatchRequest.Prefix(prefix, start), CancellationToken.None).GetAsyncEnumerator();
        var firstMove = slow.MoveNextAsync();
        var last = 0L;
        for (var i = 0; i < 50; i++)
        {
            last = (await store.CreateAsync(prefix + i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture), V("x"), null, CancellationToken.None)).Revision;
            // The healthy watcher consumes as it goes (a machine under load must not make it the one that falls 10
            // events behind); the slow one never reads past its first event.
            var count = i + 1;
            await healthy.WaitForAsync(e => e.Count >= count, Timeout, $"event {count}");
        }

        (await healthy.WaitForAsync(e => e.Count >= 50, Timeout, "all 50 events")).Count.ShouldBe(50);
        (await firstMove).ShouldBeTrue();
        var received = 1;
        var e = await Should.ThrowAsync<StorageException>(async () =>
        {
            while (await slow.MoveNextAsync())
            {
                received++;
            }
        });
        e.Code.ShouldBe(StorageErrorCode.Unavailable);
        received.ShouldBeLessThan(50);
        last.ShouldBeGreaterThan(start);
    }

    [Fact]
    public async Task Watch_ManyWatchersOnOneStream_EachSeesItsOwnKeys()
    {
        await using var store = await StoreAsync();
        var start = await store.GetCurrentRevisionAsync(CancellationToken.None) + 1;
        var watches = Enumerable.Range(0, 40)
            .Select(i => new WatchCollector(store, WatchRequest.Prefix($"/registry/r{i:D2}/{_namespace}/", start)))
            .ToArray();
        try
        {
            for (var i = 0; i < 40; i++)
            {
                for (var j = 0; j <= i % 3; j++)
                {
                    await store.CreateAsync($"/registry/r{i:D2}/{_namespace}/{j}", V("x"), null, CancellationToken.None);
                }
            }

            for (var i = 0; i < 40; i++)
            {
                var expected = (i % 3) + 1;
                var events = await watches[i].WaitForAsync(e => e.Count >= expected, Timeout, $"watcher {i}");
                events.Count.ShouldBe(expected);
                events.ShouldAllBe(e => e.Kv!.Key.StartsWith($"/registry/r{i:D2}/", StringComparison.Ordinal));
            }
        }
        finally
        {
            foreach (var watch in watches)
            {
                await watch.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Watch_CancellingOneWatcher_LeavesTheSharedStreamToTheOthers()
    {
        await using var store = await StoreAsync();
        var prefix = $"/registry/pods/{_namespace}/";
        await using var staying = new WatchCollector(store, WatchRequest.Prefix(prefix));
        await staying.Started;
        for (var i = 0; i < 20; i++)
        {
            using var cts = new CancellationTokenSource();
            var leaving = store.WatchAsync(WatchRequest.Prefix(prefix), cts.Token).GetAsyncEnumerator(cts.Token);
            var moving = leaving.MoveNextAsync();
            if (i % 2 == 0)
            {
                await Task.Delay(5);
            }
            await cts.CancelAsync();
            await Should.ThrowAsync<OperationCanceledException>(async () => await moving);
            await leaving.DisposeAsync();
        }

        // The shared stream still delivers: writes show up for the watcher that stayed.
        for (var i = 0; staying.Events.Count == 0 && i < 200; i++)
        {
            await store.CreateAsync(prefix + i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture), V("x"), null, CancellationToken.None);
            await Task.Delay(20);
        }
        staying.Events.ShouldNotBeEmpty();
        staying.Error.ShouldBeNull();
    }

    [Fact]
    public async Task Dispose_EndsOpenWatchesNormally()
    {
        var store = await StoreAsync();
        var watch = new WatchCollector(store, WatchRequest.Prefix($"/registry/pods/{_namespace}/"));
        await watch.Started;

        await store.DisposeAsync();

        await watch.WaitForEndAsync(Timeout);
        watch.Error.ShouldBeNull();
        await watch.DisposeAsync();
    }

    [Fact]
    public async Task Failover_FirstEndpointDown_StoreUsesTheNext()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var dead = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");
        listener.Stop();
        await using var store = await StoreAsync(new EtcdStoreOptions { Endpoints = [dead, _etcd.Server.ClientUrl] });

        var created = await store.CreateAsync($"/registry/pods/{_namespace}/failover", V("x"), null, CancellationToken.None);

        created.Succeeded.ShouldBeTrue();
        store.Channel.PreferredEndpoint.ShouldBe(_etcd.Server.ClientUrl);
    }

    [Fact]
    public async Task Unreachable_IsUnavailable()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var dead = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");
        listener.Stop();

        var e = await Should.ThrowAsync<StorageException>(() => StoreAsync(new EtcdStoreOptions { Endpoints = [dead] }));

        e.Code.ShouldBe(StorageErrorCode.Unavailable);
        e.InnerException.ShouldBeOfType<GrpcCallException>();
    }

    [Fact]
    public async Task Tls_WithClientCertificates_ReadsWritesAndWatches_WithoutOneIsRefused()
    {
        using var certificates = TestCertificates.Create();
        await using var server = await EtcdServer.StartAsync(certificates.WritePem);
        server.ClientUrl.Scheme.ShouldBe("https");
        var options = new EtcdStoreOptions
        {
            Endpoints = [server.ClientUrl],
            ClientCertificate = EtcdServer.ClientCertificate(server.CertificateDirectory!),
            TrustedCertificateAuthorities = [EtcdServer.TrustedCa(server.CertificateDirectory!)],
        };
        await using var store = await StoreAsync(options);
        await using var watch = new WatchCollector(store, WatchRequest.Prefix("/registry/"));
        await watch.Started;

        var created = await store.CreateAsync("/registry/namespaces/tls", V("{}"), null, CancellationToken.None);
        created.Succeeded.ShouldBeTrue();
        S((await store.GetAsync("/registry/namespaces/tls", 0, CancellationToken.None)).Kv!.Value).ShouldBe("{}");
        (await server.EtcdctlAsync("get", "/registry/", "--prefix", "--keys-only")).Trim().ShouldBe("/registry/namespaces/tls");
        for (var i = 0; watch.Events.Count == 0 && i < 100; i++)
        {
            await store.UpdateAsync("/registry/namespaces/tls", V("{}"), 0, null, CancellationToken.None);
            await Task.Delay(50);
        }
        watch.Events.ShouldNotBeEmpty();

        var e = await Should.ThrowAsync<StorageException>(() => StoreAsync(options with { ClientCertificate = null }));
        e.Code.ShouldBe(StorageErrorCode.Unavailable);
    }

    [Fact]
    public async Task EmptyKeys_AreInvalid_ForWatchesAndRanges()
    {
        await using var store = await StoreAsync();

        (await Should.ThrowAsync<StorageException>(() => store.RangeAsync(new RangeRequest("", null), CancellationToken.None).AsTask())).Code.ShouldBe(StorageErrorCode.InvalidKey);
        var watch = store.WatchAsync(new WatchRequest("", null), CancellationToken.None).GetAsyncEnumerator();
        (await Should.ThrowAsync<StorageException>(async () => await watch.MoveNextAsync())).Code.ShouldBe(StorageErrorCode.InvalidKey);
        await watch.DisposeAsync();
    }
}
