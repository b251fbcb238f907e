using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using KubeSharp.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace KubeSharp.Storage.Benchmarks;

/// <summary>
/// Timed runs against a fresh database each: throughput of creates and compare-and-swap updates (2 KiB values)
/// with 1 and 64 writers, reads of 10,000 keys, watch delivery latency under write load, and the floor: plain
/// SQLite inserts (WAL, synchronous=FULL) one and 100 rows per transaction in this same process.
/// </summary>
internal sealed class StorageBenchmarks(string directory, TimeSpan duration)
{
    private const int ValueBytes = 2048;

    public IEnumerable<(string Name, Func<Task<BenchResult>> Run)> All() =>
    [
        ("raw SQLite insert, 1 row/txn", () => RawInsertsAsync(1)),
        ("raw SQLite insert, 100 rows/txn", () => RawInsertsAsync(100)),
        ("create, 1 writer", () => CreatesAsync(1)),
        ("create, 64 writers", () => CreatesAsync(64)),
        ("CAS update, 1 writer", () => UpdatesAsync(1)),
        ("CAS update, 64 writers", () => UpdatesAsync(64)),
        ("range 10k keys", RangeAsync),
        ("watch latency, 64 writers", () => WatchLatencyAsync(writers: 64, paced: 0)),
        ("watch latency, 1000 writes/s", () => WatchLatencyAsync(writers: 0, paced: 1000)),
    ];

    private async Task<BenchResult> RawInsertsAsync(int rowsPerTransaction)
    {
        using var scratch = new Scratch(directory);
        using var connection = new SqliteConnection($"Data Source={scratch.File};Pooling=False");
        connection.Open();
        Execute(connection, "PRAGMA journal_mode = WAL");
        Execute(connection, "PRAGMA synchronous = FULL");
        Execute(connection, "CREATE TABLE kv (mod_revision INTEGER PRIMARY KEY, key BLOB NOT NULL, value BLOB NOT NULL); CREATE INDEX kv_key ON kv (key, mod_revision);");
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO kv (mod_revision, key, value) VALUES ($rev, $key, $value)";
        var revision = insert.Parameters.Add("$rev", SqliteType.Integer);
        var key = insert.Parameters.Add("$key", SqliteType.Blob);
        var value = insert.Parameters.Add("$value", SqliteType.Blob);
        insert.Prepare();
        var payload = Payload();
        long rows = 0, transactions = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            using var transaction = connection.BeginTransaction();
            insert.Transaction = transaction;
            for (var i = 0; i < rowsPerTransaction; i++)
            {
                rows++;
                revision.Value = rows;
                key.Value = System.Text.Encoding.UTF8.GetBytes($"/registry/bench/{rows:D9}");
                value.Value = payload;
                insert.ExecuteNonQuery();
            }
            transaction.Commit();
            transactions++;
        }
        var elapsed = clock.Elapsed.TotalSeconds;
        await Task.CompletedTask;
        return new BenchResult($"raw SQLite insert, {rowsPerTransaction} row(s)/txn", $"{rows / elapsed:N0} rows/s",
            $"{transactions / elapsed:N0} commits/s, {rows:N0} rows in {elapsed:F1} s, 2 KiB values, WAL + synchronous=FULL");
    }

    private async Task<BenchResult> CreatesAsync(int writers)
    {
        using var scratch = new Scratch(directory);
        await using var store = await OpenAsync(scratch);
        var payload = Payload();
        long errors = 0;
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var clock = Stopwatch.StartNew();
        var counts = await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            long done = 0;
            while (Stopwatch.GetTimestamp() < deadline)
            {
                try
                {
                    var result = await store.CreateAsync($"/registry/bench/{w:D2}/{done:D9}", payload, null, CancellationToken.None);
                    if (!result.Succeeded)
                    {
                        throw new InvalidOperationException("create conflict");
                    }
                }
                catch (Exception exception) when (exception is StorageException or SqliteException)
                {
                    Interlocked.Increment(ref errors);
                }
                done++;
            }
            return done;
        })));
        var elapsed = clock.Elapsed.TotalSeconds;
        var total = counts.Sum();
        var stats = store.Statistics;
        return new BenchResult($"create 2 KiB, {writers} writer(s)", $"{total / elapsed:N0} creates/s",
            $"{total:N0} in {elapsed:F1} s; {stats.Commits:N0} commits, avg batch {(double)stats.Requests / Math.Max(1, stats.Commits):F1}, "
            + $"largest {stats.LargestBatch}; errors (locked or other): {errors}");
    }

    private async Task<BenchResult> UpdatesAsync(int writers)
    {
        using var scratch = new Scratch(directory);
        await using var store = await OpenAsync(scratch);
        var payload = Payload();
        var revisions = new long[writers];
        for (var w = 0; w < writers; w++)
        {
            revisions[w] = (await store.CreateAsync($"/registry/cas/{w:D2}", payload, null, CancellationToken.None)).Revision;
        }
        long errors = 0, conflicts = 0;
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var clock = Stopwatch.StartNew();
        var counts = await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            long done = 0;
            while (Stopwatch.GetTimestamp() < deadline)
            {
                try
                {
                    var result = await store.UpdateAsync($"/registry/cas/{w:D2}", payload, revisions[w], null, CancellationToken.None);
                    if (result.Succeeded)
                    {
                        revisions[w] = result.Revision;
                        done++;
                    }
                    else
                    {
                        Interlocked.Increment(ref conflicts);
                        revisions[w] = result.Kv!.ModRevision;
                    }
                }
                catch (Exception exception) when (exception is StorageException or SqliteException)
                {
                    Interlocked.Increment(ref errors);
                }
            }
            return done;
        })));
        var elapsed = clock.Elapsed.TotalSeconds;
        var total = counts.Sum();
        return new BenchResult($"CAS update 2 KiB, {writers} writer(s)", $"{total / elapsed:N0} updates/s",
            $"{total:N0} in {elapsed:F1} s, each writer its own key; conflicts {conflicts}, errors {errors}");
    }

    private async Task<BenchResult> RangeAsync()
    {
        using var scratch = new Scratch(directory);
        await using var store = await OpenAsync(scratch);
        var payload = Payload();
        const int Keys = 10_000;
        await Task.WhenAll(Enumerable.Range(0, 64).Select(w => Task.Run(async () =>
        {
            for (var i = w; i < Keys; i += 64)
            {
                await store.CreateAsync($"/registry/pods/default/pod-{i:D5}", payload, null, CancellationToken.None);
            }
        })));
        // some history: a tenth of the keys updated twice
        for (var i = 0; i < Keys; i += 10)
        {
            await store.UpdateAsync($"/registry/pods/default/pod-{i:D5}", payload, 0, null, CancellationToken.None);
        }

        var full = await TimeAsync(async () => (await store.RangeAsync(RangeRequest.Prefix("/registry/pods/"), CancellationToken.None)).Kvs.Count);
        var keysOnly = await TimeAsync(async () => (await store.RangeAsync(RangeRequest.Prefix("/registry/pods/") with { KeysOnly = true }, CancellationToken.None)).Kvs.Count);
        var count = await TimeAsync(async () => (int)(await store.RangeAsync(RangeRequest.Prefix("/registry/pods/") with { CountOnly = true }, CancellationToken.None)).Count);
        var paged = await TimeAsync(async () =>
        {
            var end = KeyRanges.PrefixEnd("/registry/pods/");
            var page = await store.RangeAsync(RangeRequest.Prefix("/registry/pods/", limit: 500), CancellationToken.None);
            var seen = page.Kvs.Count;
            while (page.More)
            {
                page = await store.RangeAsync(new RangeRequest(page.Kvs[^1].Key + "\0", end, page.Revision, 500), CancellationToken.None);
                seen += page.Kvs.Count;
            }
            return seen;
        });
        var get = await TimeAsync(async () =>
        {
            for (var i = 0; i < 1000; i++)
            {
                await store.GetAsync($"/registry/pods/default/pod-{i * 7 % Keys:D5}", 0, CancellationToken.None);
            }
            return 1000;
        });
        return new BenchResult("range 10k keys (2 KiB values)", $"{full.Milliseconds:F1} ms per full range",
            $"{full.Rows:N0} rows; keys-only {keysOnly.Milliseconds:F1} ms; count-only {count.Milliseconds:F1} ms; "
            + $"paged by 500 at one revision {paged.Milliseconds:F1} ms; single-key get {get.Milliseconds:F1} us (1,000 gets took that many ms)");
    }

    private async Task<BenchResult> WatchLatencyAsync(int writers, int paced)
    {
        using var scratch = new Scratch(directory);
        await using var store = await OpenAsync(scratch);
        using var stop = new CancellationTokenSource();
        var latencies = new List<double>(1 << 20);
        long received = 0;
        var watcherReady = new TaskCompletionSource();
        var watcher = Task.Run(async () =>
        {
            var enumerator = store.WatchAsync(WatchRequest.Prefix("/registry/watch/"), stop.Token).GetAsyncEnumerator(stop.Token);
            try
            {
                var next = enumerator.MoveNextAsync();
                watcherReady.SetResult();
                while (await next)
                {
                    var sent = BinaryPrimitives.ReadInt64LittleEndian(enumerator.Current.Kv!.Value.Span);
                    latencies.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                    Interlocked.Increment(ref received);
                    next = enumerator.MoveNextAsync();
                }
            }
            catch (OperationCanceledException)
            {
            }
            finally
            {
                await enumerator.DisposeAsync();
            }
        });
        await watcherReady.Task;

        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        long written = 0;
        var acks = new List<double>(1 << 20);
        async Task WriteOneAsync(string key)
        {
            var payload = new byte[ValueBytes];
            var sent = Stopwatch.GetTimestamp();
            BinaryPrimitives.WriteInt64LittleEndian(payload, sent);
            await store.CreateAsync(key, payload, null, CancellationToken.None);
            var ack = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
            lock (acks)
            {
                acks.Add(ack);
            }
            Interlocked.Increment(ref written);
        }
        var clock = Stopwatch.StartNew();
        if (writers > 0)
        {
            await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
            {
                for (var i = 0; Stopwatch.GetTimestamp() < deadline; i++)
                {
                    await WriteOneAsync($"/registry/watch/{w:D2}/{i:D9}");
                }
            })));
        }
        else
        {
            // Paced in 10 ms ticks (a spinning pacer would take one of the machine's cores from the store).
            var inFlight = new List<Task>();
            var perTick = Math.Max(1, paced / 100);
            for (var i = 0; Stopwatch.GetTimestamp() < deadline;)
            {
                var tick = Task.Delay(10);
                for (var j = 0; j < perTick; j++, i++)
                {
                    inFlight.Add(WriteOneAsync($"/registry/watch/p/{i:D9}"));
                }
                await tick;
            }
            await Task.WhenAll(inFlight);
        }
        var elapsed = clock.Elapsed.TotalSeconds;
        var waitUntil = Stopwatch.StartNew();
        while (Volatile.Read(ref written) > Interlocked.Read(ref received) && waitUntil.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(10);
        }
        await stop.CancelAsync();
        await watcher;
        var sorted = latencies.ToArray();
        Array.Sort(sorted);
        double[] ackSorted;
        lock (acks)
        {
            ackSorted = [.. acks];
        }
        Array.Sort(ackSorted);
        static double At(double[] values, double p) => values.Length == 0 ? double.NaN : values[Math.Min(values.Length - 1, (int)(p * values.Length))];
        double Percentile(double p) => At(sorted, p);
        var load = writers > 0 ? $"{writers} writers" : $"paced {paced}/s";
        return new BenchResult($"watch latency, {load}",
            $"p50 {Percentile(0.50):F2} ms, p99 {Percentile(0.99):F2} ms",
            $"write submitted -> event received (includes queueing and the commit's fsync); {sorted.Length:N0} events at {written / elapsed:N0} writes/s; "
            + $"max {Percentile(1):F2} ms; the writes' own submit -> acknowledged: p50 {At(ackSorted, 0.5):F2} ms, p99 {At(ackSorted, 0.99):F2} ms");
    }

    private static async Task<(double Milliseconds, int Rows)> TimeAsync(Func<Task<int>> run)
    {
        await run(); // warm-up
        var times = new List<double>();
        var rows = 0;
        for (var i = 0; i < 10; i++)
        {
            var clock = Stopwatch.StartNew();
            rows = await run();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return (times[times.Count / 2], rows);
    }

    private static Task<SqliteKeyValueStore> OpenAsync(Scratch scratch)
        => SqliteKeyValueStore.OpenAsync(new SqliteStoreOptions(scratch.File) { CompactionInterval = TimeSpan.Zero }).AsTask();

    private static byte[] Payload()
    {
        var payload = new byte[ValueBytes];
        new Random(42).NextBytes(payload);
        return payload;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
