using System.Net;
using System.Net.Sockets;
using Google.Protobuf;
using KubeSharp.Grpc;
using KubeSharp.Storage.Etcd.Protocol;

namespace KubeSharp.Storage.Etcd.Tests;

/// <summary>The gRPC client (KubeSharp.Grpc) against a real etcd: h2c, unary, trailers-only errors, large
/// responses, the bidirectional Watch stream, deadlines, cancellation and failover.</summary>
public sealed class EtcdGrpcClientTests : IClassFixture<EtcdFixture>, IDisposable
{
    private readonly EtcdFixture _etcd;
    private readonly GrpcChannel _channel;
    private readonly string _prefix = $"/kubesharp-grpc-test/{Guid.NewGuid():N}/";

    public EtcdGrpcClientTests(EtcdFixture etcd)
    {
        _etcd = etcd;
        _channel = new GrpcChannel(new GrpcChannelOptions { Endpoints = [etcd.Server.ClientUrl] });
    }

    public void Dispose() => _channel.Dispose();

    private static ByteString B(string text) => ByteString.CopyFromUtf8(text);

    private Task<PutResponse> PutAsync(string key, ByteString value)
        => _channel.UnaryAsync(EtcdMethods.Put, new PutRequest { Key = B(key), Value = value }, null, CancellationToken.None);

    [Fact]
    public async Task Status_Unary_ReportsTheServer()
    {
        var status = await _channel.UnaryAsync(EtcdMethods.Status, new StatusRequest(), null, CancellationToken.None);

        status.Version.ShouldStartWith("3.");
        status.Leader.ShouldNotBe(0UL);
        status.Header.Revision.ShouldBeGreaterThanOrEqualTo(1);
    }

    [Fact]
    public async Task PutThenRange_RoundTripsEveryByteValue()
    {
        var value = ByteString.CopyFrom([.. Enumerable.Range(0, 256).Select(i => (byte)i)]);
        var put = await PutAsync(_prefix + "bytes", value);

        var range = await _channel.UnaryAsync(EtcdMethods.Range, new Protocol.RangeRequest { Key = B(_prefix + "bytes") }, null, CancellationToken.None);

        range.Kvs.Count.ShouldBe(1);
        range.Kvs[0].Value.ShouldBe(value);
        range.Kvs[0].ModRevision.ShouldBe(put.Header.Revision);
    }

    [Fact]
    public async Task Txn_FailedCompare_RunsTheElseBranch()
    {
        var put = await PutAsync(_prefix + "txn", B("v1"));

        var txn = await _channel.UnaryAsync(EtcdMethods.Txn, new TxnRequest
        {
            Compare = { new Compare { Key = B(_prefix + "txn"), Target = Compare.Types.CompareTarget.Mod, ModRevision = put.Header.Revision + 100 } },
            Success = { new RequestOp { RequestPut = new PutRequest { Key = B(_prefix + "txn"), Value = B("v2") } } },
            Failure = { new RequestOp { RequestRange = new Protocol.RangeRequest { Key = B(_prefix + "txn") } } },
        }, null, CancellationToken.None);

        txn.Succeeded.ShouldBeFalse();
        txn.Responses[0].ResponseRange.Kvs[0].Value.ToStringUtf8().ShouldBe("v1");
    }

    [Fact]
    public async Task Range_AtAFutureRevision_FailsOutOfRangeWithEtcdsMessage()
    {
        var e = await Should.ThrowAsync<GrpcCallException>(() => _channel.UnaryAsync(EtcdMethods.Range,
            new Protocol.RangeRequest { Key = B(_prefix + "x"), Revision = long.MaxValue / 2 }, null, CancellationToken.None));

        e.StatusCode.ShouldBe(GrpcStatusCode.OutOfRange);
        e.Status.Detail.ShouldBe("etcdserver: mvcc: required revision is a future revision");
    }

    [Fact]
    public async Task Range_ResponseOfManyMegabytes_IsReadWhole()
    {
        var value = ByteString.CopyFrom(new byte[20_000]);
        for (var i = 0; i < 300; i++)
        {
            await PutAsync($"{_prefix}big/{i:D4}", value);
        }

        var range = await _channel.UnaryAsync(EtcdMethods.Range, new Protocol.RangeRequest { Key = B(_prefix + "big/"), RangeEnd = B(_prefix + "big0") }, null, CancellationToken.None);

        range.Kvs.Count.ShouldBe(300);
        range.CalculateSize().ShouldBeGreaterThan(6_000_000);
    }

    [Fact]
    public async Task Watch_DuplexStream_CreatesReceivesEventsAndCancels()
    {
        await using var call = _channel.StartDuplex(EtcdMethods.Watch, null, CancellationToken.None);
        await call.WriteAsync(new Protocol.WatchRequest
        {
            CreateRequest = new WatchCreateRequest { Key = B(_prefix + "w/"), RangeEnd = B(_prefix + "w0"), WatchId = 7, PrevKv = true },
        }, CancellationToken.None);
        (await call.MoveNextAsync(CancellationToken.None)).ShouldBeTrue();
        call.Current.Created.ShouldBeTrue();
        call.Current.WatchId.ShouldBe(7);

        var first = await PutAsync(_prefix + "w/a", B("1"));
        await PutAsync(_prefix + "w/a", B("2"));
        var events = new List<Event>();
        while (events.Count < 2)
        {
            (await call.MoveNextAsync(CancellationToken.None)).ShouldBeTrue();
            call.Current.WatchId.ShouldBe(7);
            events.AddRange(call.Current.Events);
        }

        events[0].Kv.ModRevision.ShouldBe(first.Header.Revision);
        events[1].Kv.Value.ToStringUtf8().ShouldBe("2");
        events[1].PrevKv.Value.ToStringUtf8().ShouldBe("1");

        await call.WriteAsync(new Protocol.WatchRequest { CancelRequest = new WatchCancelRequest { WatchId = 7 } }, CancellationToken.None);
        (await call.MoveNextAsync(CancellationToken.None)).ShouldBeTrue();
        call.Current.Canceled.ShouldBeTrue();
    }

    [Fact]
    public async Task Watch_CancellingARead_ThrowsOperationCanceled()
    {
        await using var call = _channel.StartDuplex(EtcdMethods.Watch, null, CancellationToken.None);
        await call.WriteAsync(new Protocol.WatchRequest { CreateRequest = new WatchCreateRequest { Key = B(_prefix + "quiet") } }, CancellationToken.None);
        (await call.MoveNextAsync(CancellationToken.None)).ShouldBeTrue();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Should.ThrowAsync<OperationCanceledException>(async () => await call.MoveNextAsync(cts.Token));
    }

    [Fact]
    public async Task Watch_WithADeadline_EndsWithDeadlineExceeded()
    {
        await using var call = _channel.StartDuplex(EtcdMethods.Watch, new GrpcCallOptions(TimeSpan.FromMilliseconds(500)), CancellationToken.None);
        await call.WriteAsync(new Protocol.WatchRequest { CreateRequest = new WatchCreateRequest { Key = B(_prefix + "quiet") } }, CancellationToken.None);

        var e = await Should.ThrowAsync<GrpcCallException>(async () =>
        {
            while (await call.MoveNextAsync(CancellationToken.None))
            {
            }
        });

        e.StatusCode.ShouldBe(GrpcStatusCode.DeadlineExceeded);
    }

    [Fact]
    public async Task Failover_DeadFirstEndpoint_CallsReachEtcd()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var dead = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");
        listener.Stop();
        using var channel = new GrpcChannel(new GrpcChannelOptions { Endpoints = [dead, _etcd.Server.ClientUrl] });

        var status = await channel.UnaryAsync(EtcdMethods.Status, new StatusRequest(), null, CancellationToken.None);

        status.Version.ShouldStartWith("3.");
        channel.PreferredEndpoint.ShouldBe(_etcd.Server.ClientUrl);
    }

    [Fact]
    public async Task Lease_GrantThenTimeToLive()
    {
        var lease = await _channel.UnaryAsync(EtcdMethods.LeaseGrant, new LeaseGrantRequest { TTL = 60 }, null, CancellationToken.None);
        await _channel.UnaryAsync(EtcdMethods.Put, new PutRequest { Key = B(_prefix + "leased"), Value = B("x"), Lease = lease.ID }, null, CancellationToken.None);

        var ttl = await _channel.UnaryAsync(EtcdMethods.LeaseTimeToLive, new LeaseTimeToLiveRequest { ID = lease.ID, Keys = true }, null, CancellationToken.None);

        ttl.GrantedTTL.ShouldBe(60);
        ttl.TTL.ShouldBeInRange(55, 60);
        ttl.Keys.Select(k => k.ToStringUtf8()).ShouldBe([_prefix + "leased"]);
        await _channel.UnaryAsync(EtcdMethods.LeaseRevoke, new LeaseRevokeRequest { ID = lease.ID }, null, CancellationToken.None);
        (await _channel.UnaryAsync(EtcdMethods.Range, new Protocol.RangeRequest { Key = B(_prefix + "leased") }, null, CancellationToken.None)).Kvs.ShouldBeEmpty();
    }
}
