using System.Text;
using KubeSharp.Storage.Sqlite;
using KubeSharp.Tests.Common;
using Microsoft.Data.Sqlite;

namespace KubeSharp.Storage.Tests;

/// <summary>What only the SQLite engine has: its file, its writer, its maintenance.</summary>
public sealed class SqliteKeyValueStoreTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _clock = new();
    private readonly CancellationTokenSource _cancellation = new(TimeSpan.FromMinutes(2));

    private string DbPath => _directory.File("store.db");

    private CancellationToken Ct => _cancellation.Token;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _cancellation.Dispose();
        _directory.Dispose();
    }

    private Task<SqliteKeyValueStore> OpenAsync(Func<SqliteStoreOptions, SqliteStoreOptions>? configure = null)
    {
        var options = new SqliteStoreOptions(DbPath) { CompactionInterval = TimeSpan.Zero };
        return SqliteKeyValueStore.OpenAsync(configure?.Invoke(options) ?? options, _clock, null, Ct).AsTask();
    }

    private static byte[] V(string text) => Encoding.UTF8.GetBytes(text);

    // ---- opening -------------------------------------------------------------------------------------------

    [Fact]
    public async Task Open_AFileThatIsNotSqlite_IsCorrupt_NamesTheFile_AndLeavesItUntouched()
    {
        var bytes = Encoding.UTF8.GetBytes("these are somebody's notes, not a database\n" + new string('x', 5000));
        await File.WriteAllBytesAsync(DbPath, bytes, Ct);

        var error = await Should.ThrowAsync<StorageException>(() => OpenAsync());

        error.Code.ShouldBe(StorageErrorCode.Corrupt);
        error.Message.ShouldContain(DbPath);
        (await File.ReadAllBytesAsync(DbPath, Ct)).ShouldBe(bytes);
        File.Exists(DbPath + "-wal").ShouldBeFalse();
    }

    [Theory]
    [InlineData("DELETE")]
    [InlineData("WAL")]
    public async Task Open_AForeignSqliteDatabase_IsCorrupt_AndLeavesItUntouched(string journalMode)
    {
        using (var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA journal_mode = {journalMode}; CREATE TABLE users (name TEXT); INSERT INTO users VALUES ('alice');";
            command.ExecuteNonQuery();
        }
        var before = await File.ReadAllBytesAsync(DbPath, Ct);

        var error = await Should.ThrowAsync<StorageException>(() => OpenAsync());

        error.Code.ShouldBe(StorageErrorCode.Corrupt);
        error.Message.ShouldContain(DbPath);
        error.Message.ShouldContain("not a KubeSharp store");
        (await File.ReadAllBytesAsync(DbPath, Ct)).ShouldBe(before);
    }

    [Fact]
    public async Task Open_AStoreWithANewerSchemaVersion_IsCorrupt()
    {
        await (await OpenAsync()).DisposeAsync();
        using (var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE kubesharp_store SET schema_version = 99";
            command.ExecuteNonQuery();
        }

        var error = await Should.ThrowAsync<StorageException>(() => OpenAsync());

        error.Code.ShouldBe(StorageErrorCode.Corrupt);
        error.Message.ShouldContain("schema version 99");
        error.Message.ShouldContain(DbPath);
    }

    [Fact]
    public async Task Open_ADamagedDatabase_IsCorrupt()
    {
        await using (var store = await OpenAsync())
        {
            for (var i = 0; i < 200; i++)
            {
                await store.CreateAsync($"/k/{i}", new byte[2000], null, Ct);
            }
        }
        // Keep SQLite's header, overwrite the schema page and the pages after it with garbage.
        await using (var file = new FileStream(DbPath, FileMode.Open, FileAccess.Write))
        {
            file.Position = 100;
            var garbage = new byte[64 * 1024];
            new Random(7).NextBytes(garbage);
            await file.WriteAsync(garbage, Ct);
        }

        var error = await Should.ThrowAsync<StorageException>(async () =>
        {
            await using var store = await OpenAsync();
            await store.RangeAsync(RangeRequest.Prefix("/k/"), Ct);
        });

        error.Code.ShouldBe(StorageErrorCode.Corrupt);
        error.Message.ShouldContain(DbPath);
    }

    [Fact]
    public async Task Open_AnEmptyFile_CreatesANewStore()
    {
        await File.WriteAllBytesAsync(DbPath, [], Ct);

        await using var store = await OpenAsync();

        (await store.GetCurrentRevisionAsync(Ct)).ShouldBe(0);
        (await store.CreateAsync("/a", V("1"), null, Ct)).Revision.ShouldBe(1);
    }

    [Fact]
    public async Task Open_WhileAnotherStoreHasTheFile_IsUnavailable()
    {
        await using var first = await OpenAsync();

        var error = await Should.ThrowAsync<StorageException>(() => OpenAsync());

        error.Code.ShouldBe(StorageErrorCode.Unavailable);
        error.Message.ShouldContain("in use");
    }

    [Fact]
    public async Task Dispose_CommitsTheWritesAlreadyQueued()
    {
        var store = await OpenAsync();
        var writes = Enumerable.Range(0, 200).Select(i => store.CreateAsync($"/q/{i:D3}", V($"{i}"), null, Ct).AsTask()).ToArray();

        await store.DisposeAsync();

        var results = await Task.WhenAll(writes);
        results.ShouldAllBe(r => r.Succeeded);
        await using var reopened = await OpenAsync();
        (await reopened.RangeAsync(RangeRequest.Prefix("/q/") with { CountOnly = true }, Ct)).Count.ShouldBe(200);
        (await reopened.GetCurrentRevisionAsync(Ct)).ShouldBe(200);
        await Should.ThrowAsync<ObjectDisposedException>(() => store.CreateAsync("/late", V("x"), null, Ct).AsTask());
    }

    [Fact]
    public async Task AGappedValue_IsStoredWithoutItsGap_AndFillingTheGapLaterChangesNothingStored()
    {
        await using var store = await OpenAsync();
        await using var watch = new WatchCollector(store, WatchRequest.Prefix("/gap/"));
        await watch.Started;
        var array = V("{\"a\":1,GAPGAP\"b\":2}");
        var created = new GappedValue(array, 7, 6);
        var updated = new GappedValue(V("{\"a\":2,......\"b\":3}"), 7, 6);

        var create = await store.CreateAsync("/gap/x", created.Value, null, Ct);
        var update = await store.UpdateAsync("/gap/x", updated.Value, create.Revision, null, Ct);
        // The writer of the values may reuse the gap once the write is done.
        V("FILLED").CopyTo(array.AsSpan(7));
        V("filled").CopyTo(updated.Array.AsSpan(7));

        create.Succeeded.ShouldBeTrue();
        update.Succeeded.ShouldBeTrue();
        var events = await watch.WaitForAsync(e => e.Count >= 2, Timeout, "the two puts");
        Encoding.UTF8.GetString(events[0].Kv!.Value.Span).ShouldBe("{\"a\":1,\"b\":2}");
        Encoding.UTF8.GetString(events[1].Kv!.Value.Span).ShouldBe("{\"a\":2,\"b\":3}");
        // The embedded store hands the caller's value back in its events, as it was given.
        GappedValue.TryGet(events[1].Kv!.Value, out var handedBack).ShouldBeTrue();
        handedBack.ShouldBeSameAs(updated);
        Encoding.UTF8.GetString((await store.GetAsync("/gap/x", 0, Ct)).Kv!.Value.Span).ShouldBe("{\"a\":2,\"b\":3}");
        Encoding.UTF8.GetString((await store.GetAsync("/gap/x", create.Revision, Ct)).Kv!.Value.Span).ShouldBe("{\"a\":1,\"b\":2}");
        await using var replay = new WatchCollector(store, WatchRequest.Prefix("/gap/", create.Revision));
        var replayed = await replay.WaitForAsync(e => e.Count >= 2, Timeout, "the replayed puts");
        replayed.Select(e => Encoding.UTF8.GetString(e.Kv!.Value.Span)).ShouldBe(["{\"a\":1,\"b\":2}", "{\"a\":2,\"b\":3}"]);
    }

    // ---- writer -----------------------------------------------------------------------------------------------

    [Fact]
    public async Task ConcurrentWrites_AreGroupCommitted_ManyPerTransaction()
    {
        await using var store = await OpenAsync();

        // Hold the writer while the writes queue up (as they do behind a slow fsync), so the batching is deterministic.
        store.WriterGate.Reset();
        var pending = Enumerable.Range(0, 512).Select(i => store.CreateAsync($"/g/{i:D4}", new byte[2048], null, Ct).AsTask()).ToArray();
        store.WriterGate.Set();
        var results = await Task.WhenAll(pending);

        results.ShouldAllBe(r => r.Succeeded);
        results.Select(r => r.Revision).Distinct().Count().ShouldBe(512);
        var stats = store.Statistics;
        stats.Requests.ShouldBe(512);
        stats.Commits.ShouldBeLessThan(stats.Requests / 2);
        stats.LargestBatch.ShouldBeGreaterThan(1);
        stats.FailedCommits.ShouldBe(0);
    }

    [Fact]
    public async Task CancelledWrite_StillQueued_IsNeverApplied()
    {
        await using var store = await OpenAsync();
        using var cancel = new CancellationTokenSource();
        // Hold the writer so that every write below waits in the queue, then cancel some of them.
        store.WriterGate.Reset();
        var queuedFirst = Enumerable.Range(0, 20).Select(i => store.CreateAsync($"/flood/{i:D4}", new byte[512], null, Ct).AsTask()).ToArray();
        var cancelled = Enumerable.Range(0, 50).Select(i => store.CreateAsync($"/cancel/{i:D2}", V("x"), null, cancel.Token).AsTask()).ToArray();
        var queuedAfter = Enumerable.Range(20, 20).Select(i => store.CreateAsync($"/flood/{i:D4}", new byte[512], null, Ct).AsTask()).ToArray();
        await cancel.CancelAsync();
        store.WriterGate.Set();
        var flood = queuedFirst.Concat(queuedAfter).ToArray();

        await Task.WhenAll(flood);
        var outcomes = await Task.WhenAll(cancelled.Select(async t =>
        {
            try
            {
                return (await t).Succeeded ? "applied" : "failed";
            }
            catch (OperationCanceledException)
            {
                return "cancelled";
            }
        }));

        var present = (await store.RangeAsync(RangeRequest.Prefix("/cancel/") with { CountOnly = true }, Ct)).Count;
        present.ShouldBe(0);
        outcomes.ShouldAllBe(o => o == "cancelled");
        (await Task.WhenAll(flood)).ShouldAllBe(r => r.Succeeded);
    }

    // ---- maintenance -------------------------------------------------------------------------------------------

    [Fact]
    public async Task Compaction_UnderSteadyChurn_KeepsTheFileBounded()
    {
        await using var store = await OpenAsync(o => o with { CompactionBatchRevisions = 500 });
        const int Keys = 200;
        var value = new byte[2048];
        var sizes = new List<long>();
        for (var round = 0; round < 40; round++)
        {
            await Task.WhenAll(Enumerable.Range(0, Keys).Select(k => round == 0
                ? store.CreateAsync($"/churn/{k:D3}", value, null, Ct).AsTask()
                : store.UpdateAsync($"/churn/{k:D3}", value, 0, null, Ct).AsTask()));
            if (round % 5 == 4)
            {
                await store.CompactAsync(await store.GetCurrentRevisionAsync(Ct), Ct);
                sizes.Add(FileSize(DbPath) + FileSize(DbPath + "-wal"));
            }
        }

        // 8,000 writes of 2 KiB (16 MB) went through; the live data is 200 x 2 KiB.
        var steady = sizes[1];
        sizes[^1].ShouldBeLessThanOrEqualTo(steady + steady / 4, $"sizes after each compaction: {string.Join(", ", sizes)}");
        sizes[^1].ShouldBeLessThan(8L * 1024 * 1024, $"sizes after each compaction: {string.Join(", ", sizes)}");
        (await store.RangeAsync(RangeRequest.Prefix("/churn/") with { CountOnly = true }, Ct)).Count.ShouldBe(Keys);
    }

    [Fact]
    public async Task Compaction_KeepsEveryReadAtOrAfterTheCompactedRevisionIntact()
    {
        await using var store = await OpenAsync(o => o with { CompactionBatchRevisions = 7 });
        var random = new Random(3);
        var model = new Dictionary<string, string>();
        var snapshots = new List<(long Revision, Dictionary<string, string> State)>();
        for (var i = 0; i < 400; i++)
        {
            var key = $"/m/{random.Next(30):D2}";
            WriteResult result;
            if (model.ContainsKey(key) && random.Next(4) == 0)
            {
                result = await store.DeleteAsync(key, 0, Ct);
                model.Remove(key);
            }
            else
            {
                result = model.ContainsKey(key)
                    ? await store.UpdateAsync(key, V($"v{i}"), 0, null, Ct)
                    : await store.CreateAsync(key, V($"v{i}"), null, Ct);
                model[key] = $"v{i}";
            }
            snapshots.Add((result.Revision, new Dictionary<string, string>(model)));
        }

        var compactAt = snapshots[250].Revision;
        await store.CompactAsync(compactAt, Ct);

        foreach (var (revision, state) in snapshots.Where(s => s.Revision >= compactAt))
        {
            var range = await store.RangeAsync(RangeRequest.Prefix("/m/", revision), Ct);
            range.Kvs.Select(kv => (kv.Key, Encoding.UTF8.GetString(kv.Value.Span)))
                .ShouldBe(state.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => (e.Key, e.Value)), $"at revision {revision}");
        }
        await using var watch = new WatchCollector(store, WatchRequest.Prefix("/m/", compactAt));
        await watch.WaitForAsync(e => e.Count == snapshots.Count(s => s.Revision >= compactAt), Timeout, "every event from the compacted revision on");
        watch.Events.Where(e => e.Type == WatchEventType.Put && e.Kv!.Version > 1).ShouldAllBe(e => e.PrevKv != null);
    }

    [Fact]
    public async Task AutomaticCompaction_CompactsToTheRevisionSeenOneIntervalAgo()
    {
        await using var store = await OpenAsync(o => o with { CompactionInterval = TimeSpan.FromMinutes(5), RetainedRevisions = 10 });
        for (var i = 0; i < 50; i++)
        {
            await store.CreateAsync($"/auto/{i:D2}", V("x"), null, Ct);
        }
        _clock.Advance(TimeSpan.FromMinutes(5)); // first tick: remembers revision 50, nothing older to compact yet
        (await store.GetCompactedRevisionAsync(Ct)).ShouldBe(0);
        for (var i = 0; i < 50; i++)
        {
            await store.UpdateAsync($"/auto/{i:D2}", V("y"), 0, null, Ct);
        }

        _clock.Advance(TimeSpan.FromMinutes(5)); // second tick: compacts to 50

        var deadline = DateTime.UtcNow + Timeout;
        while (await store.GetCompactedRevisionAsync(Ct) != 50)
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "automatic compaction did not run");
            await Task.Delay(10, Ct);
        }
        (await Should.ThrowAsync<StorageException>(() => store.GetAsync("/auto/00", 49, Ct).AsTask())).Code.ShouldBe(StorageErrorCode.Compacted);
    }

    [Fact]
    public async Task Ttl_ThatPassedWhileClosed_ExpiresOnOpen()
    {
        await using (var store = await OpenAsync())
        {
            await store.CreateAsync("/events/e1", V("x"), TimeSpan.FromSeconds(30), Ct);
            await store.CreateAsync("/events/e2", V("y"), TimeSpan.FromHours(1), Ct);
        }
        _clock.Advance(TimeSpan.FromMinutes(1));

        await using var reopened = await OpenAsync();

        var deadline = DateTime.UtcNow + Timeout;
        while ((await reopened.GetAsync("/events/e1", 0, Ct)).Kv is not null)
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the expired key was not deleted");
            await Task.Delay(10, Ct);
        }
        (await reopened.GetAsync("/events/e2", 0, Ct)).Kv.ShouldNotBeNull();
        (await reopened.GetCurrentRevisionAsync(Ct)).ShouldBe(3);
    }

    [Fact]
    public async Task Ttl_UpdateWithoutTtl_KeepsTheKey()
    {
        await using var store = await OpenAsync();
        await store.CreateAsync("/events/e1", V("x"), TimeSpan.FromSeconds(30), Ct);
        await store.UpdateAsync("/events/e1", V("kept"), 0, null, Ct);
        var revision = await store.GetCurrentRevisionAsync(Ct);

        _clock.Advance(TimeSpan.FromMinutes(1));
        await store.CreateAsync("/barrier", V("x"), null, Ct);

        (await store.GetAsync("/events/e1", 0, Ct)).Kv.ShouldNotBeNull();
        (await store.GetCurrentRevisionAsync(Ct)).ShouldBe(revision + 1);
    }

    // ---- watch -------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Watcher_ThatFallsTooFarBehind_IsEndedWithUnavailable()
    {
        await using var store = await OpenAsync(o => o with { WatcherBufferSize = 8 });
        var enumerator = store.WatchAsync(WatchRequest.Prefix("/slow/"), Ct).GetAsyncEnumerator(Ct);
        await using (enumerator)
        {
            var first = enumerator.MoveNextAsync(); // subscribes; then nobody reads for a while
            for (var i = 0; i < 50; i++)
            {
                await store.CreateAsync($"/slow/{i:D2}", V("x"), null, Ct);
            }

            var error = await Should.ThrowAsync<StorageException>(async () =>
            {
                (await first).ShouldBeTrue();
                while (await enumerator.MoveNextAsync())
                {
                }
            });
            error.Code.ShouldBe(StorageErrorCode.Unavailable);
        }
    }

    [Fact]
    public async Task Watch_EndsWhenTheStoreIsDisposed()
    {
        var store = await OpenAsync();
        await using var watch = new WatchCollector(store, WatchRequest.Prefix("/w/"));
        await watch.Started;
        await store.CreateAsync("/w/a", V("x"), null, Ct);
        await watch.WaitForAsync(e => e.Count == 1, Timeout, "the first event");

        await store.DisposeAsync();

        await watch.WaitForEndAsync(Timeout);
        watch.Error.ShouldBeNull();
    }

    [Fact]
    public async Task Watch_ReplayLongerThanOnePage_IsComplete()
    {
        await using var store = await OpenAsync(o => o with { WatchReplayPageSize = 16 });
        var first = await store.CreateAsync("/p/000", V("0"), null, Ct);
        for (var i = 1; i < 100; i++)
        {
            await store.CreateAsync($"/p/{i:D3}", V($"{i}"), null, Ct);
            await store.CreateAsync($"/other/{i:D3}", V($"{i}"), null, Ct);
        }

        await using var watch = new WatchCollector(store, WatchRequest.Prefix("/p/", first.Revision));
        var events = await watch.WaitForAsync(e => e.Count >= 100, Timeout, "100 replayed events");

        events.Select(e => e.Kv!.Key).ShouldBe(Enumerable.Range(0, 100).Select(i => $"/p/{i:D3}"));
    }

    [Fact]
    public async Task Watch_WithoutPutPrevValues_GetsPutsWithThePreviousRevisionsOnly_AndDeletesWithTheValue()
    {
        await using var store = await OpenAsync();
        await using var watch = new WatchCollector(store, WatchRequest.Prefix("/q/") with { PutPrevValues = false });
        await watch.Started;
        var created = await store.CreateAsync("/q/a", V("one"), null, Ct);
        var updated = await store.UpdateAsync("/q/a", V("two"), created.Revision, null, Ct);
        var deleted = await store.DeleteAsync("/q/a", 0, Ct);

        var events = await watch.WaitForAsync(e => e.Count >= 3, Timeout, "create, update and delete");

        events.Select(e => e.Revision).ShouldBe([created.Revision, updated.Revision, deleted.Revision]);
        events[0].PrevKv.ShouldBeNull();
        Encoding.UTF8.GetString(events[1].Kv!.Value.Span).ShouldBe("two");
        events[1].PrevKv!.ModRevision.ShouldBe(created.Revision);
        events[1].PrevKv!.CreateRevision.ShouldBe(created.Revision);
        events[1].PrevKv!.Version.ShouldBe(1);
        events[1].PrevKv!.Value.Length.ShouldBe(0);
        Encoding.UTF8.GetString(events[2].PrevKv!.Value.Span).ShouldBe("two");
        Encoding.UTF8.GetString(deleted.Kv!.Value.Span).ShouldBe("two");
    }

    [Fact]
    public async Task Watch_WithPutPrevValues_StartedWhileWritesWithoutThemGoOn_GetsEveryPreviousValue()
    {
        await using var store = await OpenAsync();
        // A watcher that does not want previous values, so that batches are written without reading them.
        await using var lean = new WatchCollector(store, WatchRequest.Prefix("/r/") with { PutPrevValues = false });
        await lean.Started;
        var first = await store.CreateAsync("/r/k", V("0"), null, Ct);
        using var stop = new CancellationTokenSource();
        var writes = 0;
        var writer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                writes++;
                await store.UpdateAsync("/r/k", V($"{writes}"), 0, null, Ct);
            }
        }, Ct);
        // Watchers that want previous values subscribe while the writes go on, live and from a revision.
        var watchers = new List<WatchCollector>();
        try
        {
            for (var i = 0; i < 20; i++)
            {
                var watch = new WatchCollector(store, i % 2 == 0 ? WatchRequest.Prefix("/r/") : WatchRequest.Prefix("/r/", first.Revision + 1));
                watchers.Add(watch);
                await watch.Started;
                await Task.Delay(5, Ct);
            }
            await stop.CancelAsync();
            await writer;
            var last = await store.UpdateAsync("/r/k", V("last"), 0, null, Ct);
            foreach (var watch in watchers)
            {
                var events = await watch.WaitForAsync(e => e.Count > 0 && e[^1].Revision == last.Revision, Timeout, "the last update");
                // Every update's previous value is the value of the update before it.
                for (var e = 1; e < events.Count; e++)
                {
                    events[e].PrevKv!.ModRevision.ShouldBe(events[e - 1].Revision);
                    events[e].PrevKv!.Value.ToArray().ShouldBe(events[e - 1].Kv!.Value.ToArray());
                }
                events[0].PrevKv!.Value.Length.ShouldBeGreaterThan(0);
            }
        }
        finally
        {
            foreach (var watch in watchers)
            {
                await watch.DisposeAsync();
            }
        }
        writes.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void Broadcaster_SubscriberThatWantsPutPrevValues_WaitsForABatchWithoutThem()
    {
        var broadcaster = new WatchBroadcaster(10, 16);
        var bounds = KeyBounds.For("/a/", KeyRanges.PrefixEnd("/a/"));
        broadcaster.BeginBatch().ShouldBeFalse(); // nobody wants previous values: the batch leaves them out
        using var lean = broadcaster.CreateSubscription(bounds, putPrevValues: false);
        broadcaster.TrySubscribe(lean, out var leanAt, out var leanRetry).ShouldBeTrue();
        leanAt.ShouldBe(10);
        leanRetry.ShouldBeNull();

        using var full = broadcaster.CreateSubscription(bounds, putPrevValues: true);
        broadcaster.TrySubscribe(full, out _, out var retry).ShouldBeFalse();
        retry.ShouldNotBeNull();
        retry.IsCompleted.ShouldBeFalse();
        broadcaster.Publish([], 12);
        retry.IsCompleted.ShouldBeFalse();
        broadcaster.EndBatch();
        retry.IsCompleted.ShouldBeTrue();

        broadcaster.TrySubscribe(full, out var fullAt, out retry).ShouldBeTrue();
        fullAt.ShouldBe(12);
        broadcaster.BeginBatch().ShouldBeTrue(); // from now on batches carry them
        broadcaster.EndBatch();
        full.Dispose();
        broadcaster.BeginBatch().ShouldBeFalse(); // until the last such subscriber has gone
        broadcaster.EndBatch();
    }

    [Fact]
    public async Task Write_OfASliceOfALargerBuffer_StoresExactlyTheSlice()
    {
        await using var store = await OpenAsync();
        var buffer = V("xxhelloyy");
        var created = await store.CreateAsync("/s/a", buffer.AsMemory(2, 5), null, Ct);
        var updated = await store.UpdateAsync("/s/a", buffer.AsMemory(0, 2), created.Revision, null, Ct);

        Encoding.UTF8.GetString(created.Kv!.Value.Span).ShouldBe("hello");
        Encoding.UTF8.GetString(updated.Kv!.Value.Span).ShouldBe("xx");
        Encoding.UTF8.GetString((await store.GetAsync("/s/a", created.Revision, Ct)).Kv!.Value.Span).ShouldBe("hello");
        Encoding.UTF8.GetString((await store.GetAsync("/s/a", 0, Ct)).Kv!.Value.Span).ShouldBe("xx");
    }

    private static long FileSize(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;
}
