using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using Google.Protobuf;
using KubeSharp.Grpc;
using KubeSharp.Storage.Etcd.Protocol;
using KubeSharp.Storage.Etcd.Tests;

namespace KubeSharp.Storage.Etcd.Benchmarks;

/// <summary>The scenarios; prints a markdown table.</summary>
/// <remarks>Columns: "raw Put" is the floor the engine is held to (plain Puts, Ranges, Watches through the same
/// channel); "raw Txn" is the same Txn the engine sends, built by hand, which separates what etcd charges for a
/// conditional write from what the engine adds.</remarks>
internal sealed class EtcdBench : IAsyncDisposable
{
    private const int ValueBytes = 2048;
    private const string Root = "/registry/bench/";
    private readonly EtcdServer _server;
    private readonly EtcdKeyValueStore _store;
    private readonly TimeSpan _duration;
    private readonly int _rounds;
    private readonly byte[] _value = new byte[ValueBytes];
    private long _run;

    private EtcdBench(EtcdServer server, EtcdKeyValueStore store, TimeSpan duration, int rounds)
    {
        _server = server;
        _store = store;
        _duration = duration;
        _rounds = rounds;
        Random.Shared.NextBytes(_value);
    }

    private GrpcChannel Channel => _store.Channel;

    public static async Task<EtcdBench> StartAsync(TimeSpan duration, int rounds)
    {
        var server = await EtcdServer.StartAsync(null, "--quota-backend-bytes=8589934592");
        var store = await EtcdKeyValueStore.ConnectAsync(new EtcdStoreOptions { Endpoints = [server.ClientUrl] }, null, null, CancellationToken.None);
        return new EtcdBench(server, store, duration, rounds);
    }

    public async Task RunAllAsync(string? only)
    {
        var status = await _store.GetStatusAsync(CancellationToken.None);
        Console.WriteLine($"etcd {status.Version} (data in {_server.Directory}), {Environment.ProcessorCount} cores shared by etcd and the client; " +
            $"median of {_rounds} x {_duration.TotalSeconds} s; values {ValueBytes} B");
        Console.WriteLine();
        Console.WriteLine("| scenario | raw Put (floor) | raw Txn, engine's shape | engine | engine / raw Put | engine / raw Txn |");
        Console.WriteLine("|---|---|---|---|---|---|");

        // Warm-up: JIT, connections, etcd's first allocations.
        await CleanAsync();
        await ThroughputAsync(8, TimeSpan.FromSeconds(1), (k, _) => RawPutAsync(k));
        await ThroughputAsync(8, TimeSpan.FromSeconds(1), (k, _) => EngineCreateAsync(k));

        if (only is null or "create")
        {
            await CreatesAsync(1);
            await CreatesAsync(64);
        }
        if (only is null or "cas")
        {
            await CasAsync(1);
            await CasAsync(64);
        }
        if (only is null or "range")
        {
            await RangeAsync(10_000);
        }
        if (only is null or "watch")
        {
            await WatchLatencyAsync(64);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        await _server.DisposeAsync();
    }

    // ---- creates ------------------------------------------------------------------------------------------

    private async Task CreatesAsync(int writers)
    {
        var results = await CompareAsync(
            () => ThroughputAsync(writers, _duration, (k, _) => RawPutAsync(k)),
            () => ThroughputAsync(writers, _duration, (k, _) => RawCreateTxnAsync(k)),
            () => ThroughputAsync(writers, _duration, (k, _) => EngineCreateAsync(k)));
        Row($"create, {Writers(writers)} (ops/s)", results, higherIsBetter: true);
    }

    private Task<PutResponse> RawPutAsync(string key)
        => Channel.UnaryAsync(EtcdMethods.Put, new PutRequest { Key = ByteString.CopyFromUtf8(key), Value = UnsafeByteOperations.UnsafeWrap(_value) }, null, CancellationToken.None);

    private async Task RawCreateTxnAsync(string key)
    {
        var k = ByteString.CopyFromUtf8(key);
        var response = await Channel.UnaryAsync(EtcdMethods.Txn, new TxnRequest
        {
            Compare = { new Compare { Key = k, Target = Compare.Types.CompareTarget.Create, CreateRevision = 0 } },
            Success = { new RequestOp { RequestPut = new PutRequest { Key = k, Value = UnsafeByteOperations.UnsafeWrap(_value) } } },
            Failure = { new RequestOp { RequestRange = new Protocol.RangeRequest { Key = k } } },
        }, null, CancellationToken.None);
        Check(response.Succeeded);
    }

    private async Task EngineCreateAsync(string key) => Check((await _store.CreateAsync(key, _value, null, CancellationToken.None)).Succeeded);

    /// <summary>Operations per second of <paramref name="writers"/> loops, each on its own fresh keys.</summary>
    private async Task<double> ThroughputAsync(int writers, TimeSpan duration, Func<string, int, Task> operation)
    {
        var prefix = $"{Root}{Interlocked.Increment(ref _run)}/";
        long operations = 0;
        var stopwatch = Stopwatch.StartNew();
        var end = stopwatch.Elapsed + duration;
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; stopwatch.Elapsed < end; i++)
            {
                await operation($"{prefix}{w:D2}/{i:D8}", w);
                Interlocked.Increment(ref operations);
            }
        })));
        return operations / stopwatch.Elapsed.TotalSeconds;
    }

    // ---- compare-and-swap updates -----------------------------------------------------------------------------

    /// <summary>Each writer updates its own key, expecting the revision it wrote last (never a conflict).</summary>
    private async Task CasAsync(int writers)
    {
        var keys = Enumerable.Range(0, writers).Select(w => $"{Root}cas/{w:D2}").ToArray();
        var keyBytes = keys.Select(ByteString.CopyFromUtf8).ToArray();
        var revisions = new long[writers];
        async Task<double> RunAsync(Func<int, Task<long>> update)
        {
            await CleanAsync();
            for (var w = 0; w < writers; w++)
            {
                revisions[w] = (await _store.CreateAsync(keys[w], _value, null, CancellationToken.None)).Revision;
            }
            return await ThroughputAsync(writers, _duration, async (_, w) => revisions[w] = await update(w));
        }
        var results = await CompareAsync(
            () => RunAsync(async w => (await Channel.UnaryAsync(EtcdMethods.Put, new PutRequest { Key = keyBytes[w], Value = UnsafeByteOperations.UnsafeWrap(_value) }, null, CancellationToken.None)).Header.Revision),
            () => RunAsync(async w =>
            {
                var response = await Channel.UnaryAsync(EtcdMethods.Txn, new TxnRequest
                {
                    Compare = { new Compare { Key = keyBytes[w], Target = Compare.Types.CompareTarget.Mod, ModRevision = revisions[w] } },
                    Success =
                    {
                        new RequestOp { RequestPut = new PutRequest { Key = keyBytes[w], Value = UnsafeByteOperations.UnsafeWrap(_value) } },
                        new RequestOp { RequestRange = new Protocol.RangeRequest { Key = keyBytes[w], KeysOnly = true } },
                    },
                    Failure = { new RequestOp { RequestRange = new Protocol.RangeRequest { Key = keyBytes[w] } } },
                }, null, CancellationToken.None);
                Check(response.Succeeded);
                return response.Header.Revision;
            }),
            () => RunAsync(async w =>
            {
                var result = await _store.UpdateAsync(keys[w], _value, revisions[w], null, CancellationToken.None);
                Check(result.Succeeded);
                return result.Revision;
            }));
        Row($"CAS update, {Writers(writers)} (ops/s)", results, higherIsBetter: true);
    }

    // ---- range ------------------------------------------------------------------------------------------------

    /// <summary>Reads of a whole prefix of <paramref name="keys"/> keys: milliseconds per read.</summary>
    private async Task RangeAsync(int keys)
    {
        await CleanAsync();
        var prefix = $"{Root}range/";
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < keys; i = Interlocked.Increment(ref next))
            {
                await RawPutAsync($"{prefix}{i:D6}");
            }
        })));
        var end = ByteString.CopyFromUtf8(KeyRanges.PrefixEnd(prefix));
        var raw = new List<double>();
        var engine = new List<double>();
        for (var round = 0; round < _rounds; round++)
        {
            raw.Add(await TimePerOperationAsync(async () =>
            {
                var response = await Channel.UnaryAsync(EtcdMethods.Range, new Protocol.RangeRequest { Key = ByteString.CopyFromUtf8(prefix), RangeEnd = end }, null, CancellationToken.None);
                Check(response.Kvs.Count == keys);
            }));
            engine.Add(await TimePerOperationAsync(async () => Check((await _store.RangeAsync(RangeRequest.Prefix(prefix), CancellationToken.None)).Kvs.Count == keys)));
        }
        Row($"range of {keys} keys, {keys * (long)ValueBytes / 1_000_000} MB (ms per read)", (Median(raw), double.NaN, Median(engine)), higherIsBetter: false);
    }

    private async Task<double> TimePerOperationAsync(Func<Task> operation)
    {
        var stopwatch = Stopwatch.StartNew();
        var count = 0;
        while (stopwatch.Elapsed < _duration || count < 3)
        {
            await operation();
            count++;
        }
        return stopwatch.Elapsed.TotalMilliseconds / count;
    }

    // ---- watch latency --------------------------------------------------------------------------------------------

    /// <summary>Write-to-watcher latency under <paramref name="writers"/> concurrent raw Put writers (the same load
    /// for both watchers): each value starts with the Stopwatch timestamp taken before its Put was sent.</summary>
    private async Task WatchLatencyAsync(int writers)
    {
        var raw = new List<(double P50, double P99, double Rate)>();
        var engine = new List<(double P50, double P99, double Rate)>();
        for (var round = 0; round < _rounds; round++)
        {
            await CleanAsync();
            raw.Add(await WatchLatencyAsync(writers, useEngine: false));
            await CleanAsync();
            engine.Add(await WatchLatencyAsync(writers, useEngine: true));
        }
        Row($"watch delivery p50, {Writers(writers)} putting (ms)", (Median([.. raw.Select(r => r.P50)]), double.NaN, Median([.. engine.Select(r => r.P50)])), higherIsBetter: false);
        Row($"watch delivery p99, {Writers(writers)} putting (ms)", (Median([.. raw.Select(r => r.P99)]), double.NaN, Median([.. engine.Select(r => r.P99)])), higherIsBetter: false);
        Row($"  puts/s during the watch runs", (Median([.. raw.Select(r => r.Rate)]), double.NaN, Median([.. engine.Select(r => r.Rate)])), higherIsBetter: true);
    }

    private async Task<(double P50, double P99, double Rate)> WatchLatencyAsync(int writers, bool useEngine)
    {
        var prefix = $"{Root}watch/{Interlocked.Increment(ref _run)}/";
        var latencies = new List<double>(1 << 16);
        using var stop = new CancellationTokenSource();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var start = await _store.GetCurrentRevisionAsync(CancellationToken.None) + 1;
        var watcher = useEngine ? Task.Run(() => EngineWatchAsync(prefix, start, latencies, ready, stop.Token)) : Task.Run(() => RawWatchAsync(prefix, start, latencies, ready, stop.Token));
        await ready.Task;
        long writes = 0;
        var stopwatch = Stopwatch.StartNew();
        var end = stopwatch.Elapsed + _duration;
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var value = new byte[ValueBytes];
            for (var i = 0; stopwatch.Elapsed < end; i++)
            {
                BinaryPrimitives.WriteInt64LittleEndian(value, Stopwatch.GetTimestamp());
                await Channel.UnaryAsync(EtcdMethods.Put, new PutRequest { Key = ByteString.CopyFromUtf8($"{prefix}{w:D2}/{i:D8}"), Value = ByteString.CopyFrom(value) }, null, CancellationToken.None);
                Interlocked.Increment(ref writes);
            }
        })));
        var rate = writes / stopwatch.Elapsed.TotalSeconds;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (Count(latencies) < writes && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }
        await stop.CancelAsync();
        await watcher;
        double[] sorted;
        lock (latencies)
        {
            Check(latencies.Count == writes);
            sorted = [.. latencies.Order()];
        }
        return (Percentile(sorted, 0.50), Percentile(sorted, 0.99), rate);
    }

    private async Task EngineWatchAsync(string prefix, long start, List<double> latencies, TaskCompletionSource ready, CancellationToken cancellationToken)
    {
        var enumerator = _store.WatchAsync(WatchRequest.Prefix(prefix, start), cancellationToken).GetAsyncEnumerator(cancellationToken);
        await using (enumerator)
        {
            try
            {
                var moving = enumerator.MoveNextAsync();
                // Like the raw watcher, start the load once the create request is on its way.
                await Task.Delay(50, CancellationToken.None);
                ready.TrySetResult();
                while (await moving)
                {
                    Record(latencies, enumerator.Current.Kv!.Value.Span);
                    moving = enumerator.MoveNextAsync();
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
            }
        }
    }

    private async Task RawWatchAsync(string prefix, long start, List<double> latencies, TaskCompletionSource ready, CancellationToken cancellationToken)
    {
        await using var call = Channel.StartDuplex(EtcdMethods.Watch, null, cancellationToken);
        try
        {
            await call.WriteAsync(new Protocol.WatchRequest
            {
                CreateRequest = new WatchCreateRequest
                {
                    Key = ByteString.CopyFromUtf8(prefix),
                    RangeEnd = ByteString.CopyFromUtf8(KeyRanges.PrefixEnd(prefix)),
                    StartRevision = start,
                    PrevKv = true,
                },
            }, cancellationToken);
            await Task.Delay(50, CancellationToken.None);
            ready.TrySetResult();
            while (await call.MoveNextAsync(cancellationToken))
            {
                foreach (var e in call.Current.Events)
                {
                    Record(latencies, e.Kv.Value.Span);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or GrpcCallException && cancellationToken.IsCancellationRequested)
        {
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    /// <summary>Runs raw Put, raw Txn and engine variants interleaved, <see cref="_rounds"/> times, each on an emptied keyspace.</summary>
    private async Task<(double Raw, double RawTxn, double Engine)> CompareAsync(Func<Task<double>> raw, Func<Task<double>> rawTxn, Func<Task<double>> engine)
    {
        var results = new[] { new List<double>(), new List<double>(), new List<double>() };
        var variants = new[] { raw, rawTxn, engine };
        for (var round = 0; round < _rounds; round++)
        {
            for (var v = 0; v < variants.Length; v++)
            {
                await CleanAsync();
                results[v].Add(await variants[v]());
            }
        }
        return (Median(results[0]), Median(results[1]), Median(results[2]));
    }

    /// <summary>Deletes everything the benchmark wrote and compacts (physically), so runs start alike.</summary>
    private async Task CleanAsync()
    {
        var deleted = await Channel.UnaryAsync(EtcdMethods.DeleteRange, new DeleteRangeRequest { Key = ByteString.CopyFromUtf8(Root), RangeEnd = ByteString.CopyFromUtf8(KeyRanges.PrefixEnd(Root)) }, null, CancellationToken.None);
        try
        {
            await Channel.UnaryAsync(EtcdMethods.Compact, new CompactionRequest { Revision = deleted.Header.Revision, Physical = true }, null, CancellationToken.None);
        }
        catch (GrpcCallException e) when (e.Status.Detail.Contains("compacted", StringComparison.Ordinal))
        {
            // Nothing written since the last clean.
        }
    }

    private static string Writers(int writers) => writers == 1 ? "1 writer" : $"{writers} writers";

    private static void Record(List<double> latencies, ReadOnlySpan<byte> value)
    {
        var milliseconds = Stopwatch.GetElapsedTime(BinaryPrimitives.ReadInt64LittleEndian(value)).TotalMilliseconds;
        lock (latencies)
        {
            latencies.Add(milliseconds);
        }
    }

    private static int Count(List<double> latencies)
    {
        lock (latencies)
        {
            return latencies.Count;
        }
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static void Row(string name, (double Raw, double RawTxn, double Engine) r, bool higherIsBetter)
    {
        static string Ratio(double engine, double baseline, bool higher) => double.IsNaN(baseline) ? "" : (higher ? engine / baseline : baseline / engine).ToString("P0", CultureInfo.InvariantCulture);
        static string Figure(double value) => double.IsNaN(value) ? "" : value.ToString(value >= 100 ? "0" : "0.00", CultureInfo.InvariantCulture);
        Console.WriteLine($"| {name} | {Figure(r.Raw)} | {Figure(r.RawTxn)} | {Figure(r.Engine)} | {Ratio(r.Engine, r.Raw, higherIsBetter)} | {Ratio(r.Engine, r.RawTxn, higherIsBetter)} |");
    }

    private static void Check(bool condition)
    {
        if (!condition)
        {
            throw new InvalidOperationException("benchmark check failed");
        }
    }
}
