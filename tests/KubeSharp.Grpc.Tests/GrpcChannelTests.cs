using System.Net;
using System.Net.Sockets;
using Google.Protobuf.WellKnownTypes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace KubeSharp.Grpc.Tests;

public class GrpcChannelTests
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(20);

    private static GrpcChannel Channel(params Uri[] endpoints) => new(new GrpcChannelOptions { Endpoints = endpoints });

    private static async Task EchoAsync(HttpContext context)
    {
        var request = await TestGrpc.ReadOneAsync(context, StringValue.Parser);
        TestGrpc.Begin(context);
        await TestGrpc.WriteAsync(context, new StringValue { Value = request.Value + "!" });
        TestGrpc.End(context);
    }

    [Fact]
    public async Task Unary_RoundTrip_SendsGrpcHeadersAndReadsTheResponse()
    {
        IHeaderDictionary? seen = null;
        string? path = null;
        string? protocol = null;
        await using var server = await TestGrpcServer.StartAsync(async context =>
        {
            seen = context.Request.Headers;
            path = context.Request.Path;
            protocol = context.Request.Protocol;
            await EchoAsync(context);
        });
        using var channel = Channel(server.Endpoint);

        var response = await channel.UnaryAsync(TestMethods.Echo, new StringValue { Value = "hello" }, new GrpcCallOptions(TimeSpan.FromSeconds(30)), CancellationToken.None);

        response.Value.ShouldBe("hello!");
        path.ShouldBe("/test.Echo/Echo");
        protocol.ShouldBe("HTTP/2");
        seen!["content-type"].ToString().ShouldBe("application/grpc");
        seen["te"].ToString().ShouldBe("trailers");
        GrpcTimeout.TryParse(seen["grpc-timeout"].ToString(), out var timeout).ShouldBeTrue();
        timeout.ShouldBeInRange(TimeSpan.FromSeconds(29), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Unary_LargeMessages_AreFramedAcrossManyDataFrames()
    {
        await using var server = await TestGrpcServer.StartAsync(EchoAsync);
        using var channel = Channel(server.Endpoint);
        var big = new string('x', 3 * 1024 * 1024);

        var response = await channel.UnaryAsync(TestMethods.Echo, new StringValue { Value = big }, null, CancellationToken.None);

        response.Value.Length.ShouldBe(big.Length + 1);
    }

    [Fact]
    public async Task Unary_ManyConcurrentCalls_ShareTheConnection()
    {
        await using var server = await TestGrpcServer.StartAsync(EchoAsync);
        using var channel = Channel(server.Endpoint);

        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            channel.UnaryAsync(TestMethods.Echo, new StringValue { Value = i.ToString(System.Globalization.CultureInfo.InvariantCulture) }, null, CancellationToken.None)));

        results.Select(r => r.Value).ShouldBe(Enumerable.Range(0, 200).Select(i => i + "!"));
    }

    [Fact]
    public async Task Unary_ErrorStatusInTrailers_ThrowsWithThePercentDecodedMessage()
    {
        await using var server = await TestGrpcServer.StartAsync(async context =>
        {
            await TestGrpc.ReadOneAsync(context, StringValue.Parser);
            TestGrpc.Begin(context);
            await context.Response.StartAsync();
            TestGrpc.End(context, GrpcStatusCode.NotFound, "café 100% \"missing\"\n");
        });
        using var channel = Channel(server.Endpoint);

        var e = await Should.ThrowAsync<GrpcCallException>(() => channel.UnaryAsync(TestMethods.Echo, new StringValue(), null, CancellationToken.None));

        e.StatusCode.ShouldBe(GrpcStatusCode.NotFound);
        e.Status.Detail.ShouldBe("café 100% \"missing\"\n");
        e.Trailers.ShouldContain(new KeyValuePair<string, string>("grpc-status", "5"));
    }

    [Fact]
    public async Task Unary_TrailersOnlyResponse_ThrowsWithItsStatus()
    {
        await using var server = await TestGrpcServer.StartAsync(context =>
        {
            TestGrpc.TrailersOnly(context, GrpcStatusCode.OutOfRange, "etcdserver: mvcc: required revision has been compacted");
            return Task.CompletedTask;
        });
        using var channel = Channel(server.Endpoint);

        var e = await Should.ThrowAsync<GrpcCallException>(() => channel.UnaryAsync(TestMethods.Echo, new StringValue(), null, CancellationToken.None));

        e.StatusCode.ShouldBe(GrpcStatusCode.OutOfRange);
        e.Status.Detail.ShouldBe("etcdserver: mvcc: required revision has been compacted");
    }

    [Fact]
    public async Task Unary_OkWithoutAMessage_IsInternal()
    {
        await using var server = await TestGrpcServer.StartAsync(context =>
        {
            TestGrpc.TrailersOnly(context, GrpcStatusCode.OK);
            return Task.CompletedTask;
        });
        using var channel = Channel(server.Endpoint);

        var e = await Should.ThrowAsync<GrpcCallException>(() => channel.UnaryAsync(TestMethods.Echo, new StringValue(), null, CancellationToken.None));

        e.StatusCode.ShouldBe(GrpcStatusCode.Internal);
    }

    [Theory]
    [InlineData(404, GrpcStatusCode.Unimplemented)]
    [InlineData(503, GrpcStatusCode.Unavailable)]
    [InlineData(401, GrpcStatusCode.Unauthenticated)]
    [InlineData(500, GrpcStatusCode.Unknown)]
    public async Task Unary_HttpErrorStatus_MapsToGrpcStatus(int httpStatus, GrpcStatusCode expected)
    {
        await using var server = await TestGrpcServer.StartAsync(context =>
        {
            context.Response.StatusCode = httpStatus;
            return Task.CompletedTask;
        });
        using var channel = Channel(server.Endpoint);

        var e = await Should.ThrowAsync<GrpcCallException>(() => channel.UnaryAsync(TestMethods.Echo, new StringValue(), null, CancellationToken.None));

        e.StatusCode.ShouldBe(expected);
    }

    [Fact]
    public async Task Unary_WrongContentType_IsInternal()
    {
        await using var server = await TestGrpcServer.StartAsync(async context =>
        {
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync("not grpc");
        });
        using var channel = Channel(server.Endpoint);

        var e = await Should.ThrowAsync<GrpcCallException>(() => channel.UnaryAsync(TestMethods.Echo, new StringValue(), null, CancellationToken.None));

        e.StatusCode.ShouldBe(GrpcStatusCode.Internal);
        e.Status.Detail.ShouldContain("text/plain");
    }

    [Fact]
    public async Task Unary_CompressedFrame_IsInternal()
    {
        await using var server = await TestGrpcServer.StartAsync(async context =>
        {
            TestGrpc.Begin(context);
            await TestGrpc.WriteAsync(context, new StringValue { Value = "x" }, compressedFlag: true);
            TestGrpc.End(context);
        });
        using var channel = Channel(server.Endpoint);

        var e = await Should.ThrowAsync<GrpcCallException>(() => channel.UnaryAsync(TestMethods.Echo, new StringValue(), null, CancellationToken.None));

        e.StatusCode.ShouldBe(GrpcStatusCode.Internal);
    }

    [Fact]
    public async Task Unary_ResponseOverTheReceiveLimit_IsResourceExhausted()
    {
        await using var server = await TestGrpcServer.StartAsync(EchoAsync);
        using var channel = new GrpcChannel(new GrpcChannelOptions { Endpoints = [server.Endpoint], MaxReceiveMessageBytes = 100 });

        var e = await Should.ThrowAsync<GrpcCallException>(() => channel.UnaryAsync(TestMethods.Echo, new StringValue { Value = new string('a', 200) }, null, CancellationToken.None));

        e.StatusCode.ShouldBe(GrpcStatusCode.ResourceExhausted);
    }

    [Fact]
    public async Task Unary_RequestOverTheSendLimit_FailsBeforeSending()
    {
        var calls = 0;
        await using var server = await TestGrpcServer.StartAsync(context =>
        {
            Interlocked.Increment(ref calls);
            return EchoAsync(context);
        });
        using var channel = new GrpcChannel(new GrpcChannelOptions { Endpoints = [server.Endpoint], MaxSendMessageBytes = 100 });

        var e = await Should.ThrowAsync<GrpcCallException>(() => channel.UnaryAsync(TestMethods.Echo, new StringValue { Value = new string('a', 200) }, null, CancellationToken.None));

        e.StatusCode.ShouldBe(GrpcStatusCode.ResourceExhausted);
        calls.ShouldBe(0);
    }

    [Fact]
    public async Task Unary_DeadlineExpires_ThrowsDeadlineExceededAndResetsTheStream()
    {
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestGrpcServer.StartAsync(async context =>
        {
            // Registered before the body is read: on a loaded machine the deadline can pass (and the client reset the
            // stream) before the handler gets that far. The warm-up call drops its registration.
            var registration = context.RequestAborted.Register(() => aborted.TrySetResult());
            var request = await TestGrpc.ReadOneAsync(context, StringValue.Parser);
            TestGrpc.Begin(context);
            if (request.Value == "warm-up")
            {
                await registration.DisposeAsync();
                await TestGrpc.WriteAsync(context, request);
                TestGrpc.End(context);
                return;
            }
            await context.Response.StartAsync();
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });
        using var channel = Channel(server.Endpoint);
        // A first call opens the connection (and JIT-compiles both sides) outside the deadline measured.
        await channel.UnaryAsync(TestMethods.Echo, new StringValue { Value = "warm-up" }, null, CancellationToken.None);
        var started = DateTime.UtcNow;

        var e = await Should.ThrowAsync<GrpcCallException>(() => channel.UnaryAsync(TestMethods.Echo, new StringValue(), new GrpcCallOptions(TimeSpan.FromMilliseconds(500)), CancellationToken.None));

        e.StatusCode.ShouldBe(GrpcStatusCode.DeadlineExceeded);
        (DateTime.UtcNow - started).ShouldBeLessThan(TimeSpan.FromSeconds(5));
        await aborted.Task.WaitAsync(TestTimeout);
    }

    /// <summary>A clock the test moves; its timers never fire (the server's answer must decide the outcome).</summary>
    private sealed class StoppedTimersClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = DateTimeOffset.UtcNow;

        public override DateTimeOffset GetUtcNow() => Now;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) => new NeverFires();

        private sealed class NeverFires : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;

            public void Dispose() { }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }

    [Theory]
    [InlineData(true, GrpcStatusCode.DeadlineExceeded)]
    [InlineData(false, GrpcStatusCode.Unknown)]
    public async Task Unary_ServerEndsTheCallAtItsDeadline_AsUnknown_IsDeadlineExceededOnceTheDeadlinePassed(bool deadlinePassed, GrpcStatusCode expected)
    {
        // etcd 3.4 (older grpc-go) ends a call whose grpc-timeout expired with Unknown "context deadline exceeded";
        // when that answer beats the client's own timer, the caller must still see the deadline.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestGrpcServer.StartAsync(async context =>
        {
            await TestGrpc.ReadOneAsync(context, StringValue.Parser);
            await release.Task.WaitAsync(TestTimeout);
            TestGrpc.TrailersOnly(context, GrpcStatusCode.Unknown, "context deadline exceeded");
        });
        var clock = new StoppedTimersClock();
        using var channel = new GrpcChannel(new GrpcChannelOptions { Endpoints = [server.Endpoint] }, clock);

        var call = channel.UnaryAsync(TestMethods.Echo, new StringValue(), new GrpcCallOptions(TimeSpan.FromMilliseconds(500)), CancellationToken.None);
        if (deadlinePassed)
        {
            clock.Now += TimeSpan.FromSeconds(1);
        }
        release.SetResult();

        var e = await Should.ThrowAsync<GrpcCallException>(() => call);
        e.StatusCode.ShouldBe(expected);
    }

    [Fact]
    public async Task Unary_ExpiredDeadline_FailsWithoutSending()
    {
        using var channel = Channel(new Uri("http://127.0.0.1:1"));

        var e = await Should.ThrowAsync<GrpcCallException>(() => channel.UnaryAsync(TestMethods.Echo, new StringValue(), new GrpcCallOptions(TimeSpan.Zero), CancellationToken.None));

        e.StatusCode.ShouldBe(GrpcStatusCode.DeadlineExceeded);
    }

    [Fact]
    public async Task Unary_CallerCancels_ThrowsOperationCanceledAndResetsTheStream()
    {
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestGrpcServer.StartAsync(async context =>
        {
            context.RequestAborted.Register(() => aborted.TrySetResult());
            await TestGrpc.ReadOneAsync(context, StringValue.Parser);
            received.TrySetResult();
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });
        using var channel = Channel(server.Endpoint);
        using var cts = new CancellationTokenSource();

        var call = channel.UnaryAsync(TestMethods.Echo, new StringValue(), null, cts.Token);
        await received.Task.WaitAsync(TestTimeout);
        await cts.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => call);
        await aborted.Task.WaitAsync(TestTimeout);
    }

    [Fact]
    public async Task ServerStreaming_ReadsEveryMessageInOrder_ThenEndsOk()
    {
        await using var server = await TestGrpcServer.StartAsync(async context =>
        {
            var request = await TestGrpc.ReadOneAsync(context, Int32Value.Parser);
            TestGrpc.Begin(context);
            for (var i = 0; i < request.Value; i++)
            {
                await TestGrpc.WriteAsync(context, new Int32Value { Value = i });
            }
            TestGrpc.End(context);
        });
        using var channel = Channel(server.Endpoint);

        await using var call = channel.ServerStreaming(TestMethods.Count, new Int32Value { Value = 500 }, null, CancellationToken.None);
        var values = new List<int>();
        await foreach (var message in call.ReadAllAsync(CancellationToken.None))
        {
            values.Add(message.Value);
        }

        values.ShouldBe(Enumerable.Range(0, 500));
        call.Status.ShouldBe(GrpcStatus.Ok);
    }

    [Fact]
    public async Task ServerStreaming_ErrorAfterMessages_DeliversThemThenThrows()
    {
        await using var server = await TestGrpcServer.StartAsync(async context =>
        {
            await TestGrpc.ReadOneAsync(context, Int32Value.Parser);
            TestGrpc.Begin(context);
            for (var i = 0; i < 3; i++)
            {
                await TestGrpc.WriteAsync(context, new Int32Value { Value = i });
            }
            TestGrpc.End(context, GrpcStatusCode.Aborted, "stop");
        });
        using var channel = Channel(server.Endpoint);

        await using var call = channel.ServerStreaming(TestMethods.Count, new Int32Value(), null, CancellationToken.None);
        var values = new List<int>();
        var e = await Should.ThrowAsync<GrpcCallException>(async () =>
        {
            await foreach (var message in call.ReadAllAsync(CancellationToken.None))
            {
                values.Add(message.Value);
            }
        });

        values.ShouldBe([0, 1, 2]);
        e.Status.ShouldBe(new GrpcStatus(GrpcStatusCode.Aborted, "stop"));
    }

    [Fact]
    public async Task ServerStreaming_TrailersOnlyOk_IsAnEmptyStream()
    {
        await using var server = await TestGrpcServer.StartAsync(context =>
        {
            TestGrpc.TrailersOnly(context, GrpcStatusCode.OK);
            return Task.CompletedTask;
        });
        using var channel = Channel(server.Endpoint);

        await using var call = channel.ServerStreaming(TestMethods.Count, new Int32Value(), null, CancellationToken.None);

        (await call.MoveNextAsync(CancellationToken.None)).ShouldBeFalse();
    }

    [Fact]
    public async Task ServerStreaming_CancelWhileWaiting_ThrowsOperationCanceledAndResetsTheStream()
    {
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestGrpcServer.StartAsync(async context =>
        {
            context.RequestAborted.Register(() => aborted.TrySetResult());
            await TestGrpc.ReadOneAsync(context, Int32Value.Parser);
            TestGrpc.Begin(context);
            await TestGrpc.WriteAsync(context, new Int32Value { Value = 1 });
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });
        using var channel = Channel(server.Endpoint);
        using var cts = new CancellationTokenSource();

        await using var call = channel.ServerStreaming(TestMethods.Count, new Int32Value(), null, CancellationToken.None);
        (await call.MoveNextAsync(cts.Token)).ShouldBeTrue();
        var next = call.MoveNextAsync(cts.Token).AsTask();
        await Task.Delay(100);
        await cts.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => next);
        await aborted.Task.WaitAsync(TestTimeout);
    }

    [Fact]
    public async Task ServerStreaming_DisposeBeforeTheEnd_ResetsTheStream()
    {
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestGrpcServer.StartAsync(async context =>
        {
            context.RequestAborted.Register(() => aborted.TrySetResult());
            await TestGrpc.ReadOneAsync(context, Int32Value.Parser);
            TestGrpc.Begin(context);
            await TestGrpc.WriteAsync(context, new Int32Value { Value = 1 });
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });
        using var channel = Channel(server.Endpoint);

        var call = channel.ServerStreaming(TestMethods.Count, new Int32Value(), null, CancellationToken.None);
        (await call.MoveNextAsync(CancellationToken.None)).ShouldBeTrue();
        await call.DisposeAsync();

        await aborted.Task.WaitAsync(TestTimeout);
    }

    [Fact]
    public async Task Duplex_InterleavesRequestsAndResponses_ThenEndsWhenRequestsComplete()
    {
        await using var server = await TestGrpcServer.StartAsync(async context =>
        {
            TestGrpc.Begin(context);
            await context.Response.StartAsync();
            await foreach (var message in TestGrpc.ReadAllAsync(context, StringValue.Parser))
            {
                await TestGrpc.WriteAsync(context, new StringValue { Value = "re: " + message.Value });
            }
            TestGrpc.End(context);
        });
        using var channel = Channel(server.Endpoint);

        await using var call = channel.StartDuplex(TestMethods.Chat, null, CancellationToken.None);
        for (var i = 0; i < 20; i++)
        {
            await call.WriteAsync(new StringValue { Value = $"m{i}" }, CancellationToken.None);
            (await call.MoveNextAsync(CancellationToken.None)).ShouldBeTrue();
            call.Current.Value.ShouldBe($"re: m{i}");
        }
        await call.CompleteRequestsAsync(CancellationToken.None);

        (await call.MoveNextAsync(CancellationToken.None)).ShouldBeFalse();
        call.Status.ShouldBe(GrpcStatus.Ok);
        await Should.ThrowAsync<InvalidOperationException>(async () => await call.WriteAsync(new StringValue(), CancellationToken.None));
    }

    [Fact]
    public async Task Duplex_ServerSendsHeadersOnlyWithTheFirstResponse_FirstWriteStillGoesOut()
    {
        // Like grpc-go (etcd's Watch): no response headers until there is something to send.
        await using var server = await TestGrpcServer.StartAsync(async context =>
        {
            TestGrpc.Begin(context);
            await foreach (var message in TestGrpc.ReadAllAsync(context, StringValue.Parser))
            {
                await TestGrpc.WriteAsync(context, new StringValue { Value = message.Value.ToUpperInvariant() });
            }
            TestGrpc.End(context);
        });
        using var channel = Channel(server.Endpoint);

        await using var call = channel.StartDuplex(TestMethods.Chat, null, CancellationToken.None);
        await call.WriteAsync(new StringValue { Value = "watch" }, CancellationToken.None);

        (await call.MoveNextAsync(CancellationToken.None).AsTask().WaitAsync(TestTimeout)).ShouldBeTrue();
        call.Current.Value.ShouldBe("WATCH");
    }

    [Fact]
    public async Task Duplex_ServerFails_ReadThrowsItsStatus()
    {
        await using var server = await TestGrpcServer.StartAsync(async context =>
        {
            await TestGrpc.ReadOneAsync(context, StringValue.Parser);
            TestGrpc.TrailersOnly(context, GrpcStatusCode.PermissionDenied, "no");
        });
        using var channel = Channel(server.Endpoint);

        await using var call = channel.StartDuplex(TestMethods.Chat, null, CancellationToken.None);
        await call.WriteAsync(new StringValue { Value = "x" }, CancellationToken.None);

        var e = await Should.ThrowAsync<GrpcCallException>(async () => await call.MoveNextAsync(CancellationToken.None));
        e.StatusCode.ShouldBe(GrpcStatusCode.PermissionDenied);
    }

    [Fact]
    public async Task Duplex_Dispose_ResetsTheStream()
    {
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestGrpcServer.StartAsync(async context =>
        {
            context.RequestAborted.Register(() => aborted.TrySetResult());
            TestGrpc.Begin(context);
            await context.Response.StartAsync();
            try
            {
                await foreach (var message in TestGrpc.ReadAllAsync(context, StringValue.Parser))
                {
                    received.TrySetResult();
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException)
            {
                // Kestrel: "The client reset the request stream." (or the request was aborted): not a clean end.
                aborted.TrySetResult();
            }
        });
        using var channel = Channel(server.Endpoint);

        var call = channel.StartDuplex(TestMethods.Chat, null, CancellationToken.None);
        await call.WriteAsync(new StringValue { Value = "x" }, CancellationToken.None);
        await received.Task.WaitAsync(TestTimeout);
        await call.DisposeAsync();

        await aborted.Task.WaitAsync(TestTimeout);
    }

    [Fact]
    public async Task Duplex_ConnectionRefused_WriteFailsUnavailable()
    {
        using var channel = Channel(new Uri($"http://127.0.0.1:{UnusedPort()}"));

        await using var call = channel.StartDuplex(TestMethods.Chat, null, CancellationToken.None);

        var e = await Should.ThrowAsync<GrpcCallException>(async () => await call.WriteAsync(new StringValue(), CancellationToken.None));
        e.StatusCode.ShouldBe(GrpcStatusCode.Unavailable);
    }

    [Fact]
    public async Task Failover_FirstEndpointRefuses_CallGoesToTheNextAndItBecomesPreferred()
    {
        await using var server = await TestGrpcServer.StartAsync(EchoAsync);
        var dead = new Uri($"http://127.0.0.1:{UnusedPort()}");
        using var channel = Channel(dead, server.Endpoint);

        var response = await channel.UnaryAsync(TestMethods.Echo, new StringValue { Value = "a" }, null, CancellationToken.None);

        response.Value.ShouldBe("a!");
        channel.PreferredEndpoint.ShouldBe(server.Endpoint);
    }

    [Fact]
    public async Task Failover_NoEndpointReachable_IsUnavailable()
    {
        using var channel = Channel(new Uri($"http://127.0.0.1:{UnusedPort()}"), new Uri($"http://127.0.0.1:{UnusedPort()}"));

        var e = await Should.ThrowAsync<GrpcCallException>(() => channel.UnaryAsync(TestMethods.Echo, new StringValue(), null, CancellationToken.None));

        e.StatusCode.ShouldBe(GrpcStatusCode.Unavailable);
        e.Status.Detail.ShouldContain("no endpoint could be reached");
    }

    [Fact]
    public async Task Failover_ServerGoesAway_NextCallMovesToTheOtherEndpoint()
    {
        await using var second = await TestGrpcServer.StartAsync(EchoAsync);
        var first = await TestGrpcServer.StartAsync(EchoAsync);
        using var channel = Channel(first.Endpoint, second.Endpoint);
        (await channel.UnaryAsync(TestMethods.Echo, new StringValue { Value = "1" }, null, CancellationToken.None)).Value.ShouldBe("1!");

        await first.DisposeAsync();
        // A call racing the old connection's shutdown may fail (Unavailable, never retried: it may have been
        // processed); the calls after it connect afresh, fail to connect to the first and go to the second.
        StringValue? response = null;
        for (var attempt = 0; attempt < 3 && response is null; attempt++)
        {
            try
            {
                response = await channel.UnaryAsync(TestMethods.Echo, new StringValue { Value = "2" }, null, CancellationToken.None);
            }
            catch (GrpcCallException e) when (e.StatusCode == GrpcStatusCode.Unavailable && attempt == 0)
            {
            }
        }

        response!.Value.ShouldBe("2!");
        channel.PreferredEndpoint.ShouldBe(second.Endpoint);
    }

    [Fact]
    public async Task UnixDomainSocket_UnaryAndStreaming_Work()
    {
        var directory = Directory.CreateTempSubdirectory("kubesharp-grpc-");
        try
        {
            var socket = Path.Combine(directory.FullName, "test.sock");
            await using var server = await TestGrpcServer.StartAsync(async context =>
            {
                if (context.Request.Path == "/test.Echo/Echo")
                {
                    await EchoAsync(context);
                    return;
                }
                var request = await TestGrpc.ReadOneAsync(context, Int32Value.Parser);
                TestGrpc.Begin(context);
                for (var i = 0; i < request.Value; i++)
                {
                    await TestGrpc.WriteAsync(context, new Int32Value { Value = i });
                }
                TestGrpc.End(context);
            }, options => options.ListenUnixSocket(socket, l => l.Protocols = HttpProtocols.Http2));
            server.Endpoint.ShouldBe(new Uri("unix://" + socket));
            using var channel = Channel(server.Endpoint);

            (await channel.UnaryAsync(TestMethods.Echo, new StringValue { Value = "uds" }, null, CancellationToken.None)).Value.ShouldBe("uds!");
            await using var call = channel.ServerStreaming(TestMethods.Count, new Int32Value { Value = 3 }, null, CancellationToken.None);
            var count = 0;
            await foreach (var _ in call.ReadAllAsync(CancellationToken.None))
            {
                count++;
            }
            count.ShouldBe(3);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task UnixDomainSocket_Missing_IsUnavailable()
    {
        using var channel = Channel(new Uri("unix:///nonexistent/kubesharp-test.sock"));

        var e = await Should.ThrowAsync<GrpcCallException>(() => channel.UnaryAsync(TestMethods.Echo, new StringValue(), null, CancellationToken.None));

        e.StatusCode.ShouldBe(GrpcStatusCode.Unavailable);
    }

    [Fact]
    public async Task Tls_WithClientCertificateAndCustomCa_Works()
    {
        using var certs = TestCertificates.Create();
        string? clientSubject = null;
        await using var server = await TestGrpcServer.StartAsync(async context =>
        {
            clientSubject = context.Connection.ClientCertificate?.Subject;
            await EchoAsync(context);
        }, options => options.Listen(IPAddress.Loopback, 0, l =>
        {
            l.Protocols = HttpProtocols.Http2;
            l.UseHttps(new HttpsConnectionAdapterOptions
            {
                ServerCertificate = certs.Server,
                ClientCertificateMode = ClientCertificateMode.RequireCertificate,
                ClientCertificateValidation = (certificate, _, _) => certificate.Issuer == certs.Authority.Subject,
            });
        }), scheme: "https");
        using var channel = new GrpcChannel(new GrpcChannelOptions
        {
            Endpoints = [server.Endpoint],
            ClientCertificate = certs.Client,
            TrustedCertificateAuthorities = [certs.Authority],
        });

        var response = await channel.UnaryAsync(TestMethods.Echo, new StringValue { Value = "tls" }, null, CancellationToken.None);

        response.Value.ShouldBe("tls!");
        clientSubject.ShouldBe("CN=kubesharp-test-client");
    }

    [Fact]
    public async Task Tls_ServerCertificateFromAnotherCa_IsRejected()
    {
        using var certs = TestCertificates.Create();
        using var other = TestCertificates.Create("other-ca");
        await using var server = await TestGrpcServer.StartAsync(EchoAsync, options => options.Listen(IPAddress.Loopback, 0, l =>
        {
            l.Protocols = HttpProtocols.Http2;
            l.UseHttps(certs.Server);
        }), scheme: "https");
        using var channel = new GrpcChannel(new GrpcChannelOptions
        {
            Endpoints = [server.Endpoint],
            TrustedCertificateAuthorities = [other.Authority],
        });

        var e = await Should.ThrowAsync<GrpcCallException>(() => channel.UnaryAsync(TestMethods.Echo, new StringValue(), null, CancellationToken.None));

        e.StatusCode.ShouldBe(GrpcStatusCode.Unavailable);
    }

    [Fact]
    public void Endpoint_UnsupportedScheme_IsRejected()
    {
        Should.Throw<ArgumentException>(() => Channel(new Uri("ftp://127.0.0.1:1")));
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
