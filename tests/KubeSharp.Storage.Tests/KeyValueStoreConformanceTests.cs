using System.Text;

namespace KubeSharp.Storage.Tests;

/// <summary>
/// The contract of <see cref="IKeyValueStore"/>, run against every engine (SQLite here, etcd in its own suite).
/// Engine-neutral: a derived class supplies the store; nothing here knows how it is built.
/// </summary>
/// <remarks>
/// <para>Every test writes under its own random prefix, so a shared backend (one etcd for many tests) works;
/// revisions are compared relatively, never as absolute numbers.</para>
/// <para>Timing-tolerant: tests poll with generous timeouts (<see cref="EventTimeout"/>) and never assert on
/// a fixed sleep. Time-driven behaviour (TTLs, progress events) goes through <see cref="AdvanceClockAsync"/>,
/// which an engine with an injectable clock turns into an instant fake-clock step.</para>
/// </remarks>
public abstract class KeyValueStoreConformanceTests : IDisposable
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(2));

    /// <summary>A fresh store (or a view of a shared one: keys are prefixed per test).</summary>
    protected abstract Task<IKeyValueStore> CreateStoreAsync();

    /// <summary>Closes <paramref name="store"/> (as a process exit would) and opens the same data again.</summary>
    protected abstract Task<IKeyValueStore> RestartStoreAsync(IKeyValueStore store);

    /// <summary>Lets <paramref name="by"/> of store time pass. Default: real time.</summary>
    protected virtual Task AdvanceClockAsync(TimeSpan by) => Task.Delay(by);

    /// <summary>How long to wait for an expected event before failing.</summary>
    protected virtual TimeSpan EventTimeout => TimeSpan.FromSeconds(20);

    /// <summary>The TTL used by the expiry test (engines may have a minimum).</summary>
    protected virtual TimeSpan TestTtl => TimeSpan.FromSeconds(2);

    /// <summary>This test's key prefix.</summary>
    protected string Prefix { get; } = $"/registry/conformance/{Guid.NewGuid():N}/";

    protected CancellationToken Ct => _timeout.Token;

    protected string K(string name) => Prefix + name;

    protected static byte[] V(string text) => Encoding.UTF8.GetBytes(text);

    protected static string S(ReadOnlyMemory<byte> value) => Encoding.UTF8.GetString(value.Span);

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _timeout.Dispose();
        }
    }

    // ---- create / get -------------------------------------------------------------------------------

    [Fact]
    public async Task Create_NewKey_IsReadBackWithRevisions()
    {
        await using var store = await CreateStoreAsync();
        var before = await store.GetCurrentRevisionAsync(Ct);

        var created = await store.CreateAsync(K("a"), V("one"), null, Ct);

        created.Succeeded.ShouldBeTrue();
        created.Revision.ShouldBeGreaterThan(before);
        created.Kv.ShouldNotBeNull();
        created.Kv.Key.ShouldBe(K("a"));
        S(created.Kv.Value).ShouldBe("one");
        created.Kv.CreateRevision.ShouldBe(created.Revision);
        created.Kv.ModRevision.ShouldBe(created.Revision);
        created.Kv.Version.ShouldBe(1);
        (await store.GetCurrentRevisionAsync(Ct)).ShouldBeGreaterThanOrEqualTo(created.Revision);

        var read = await store.GetAsync(K("a"), 0, Ct);
        read.Kv.ShouldNotBeNull();
        S(read.Kv.Value).ShouldBe("one");
        read.Kv.ModRevision.ShouldBe(created.Revision);
        read.Kv.CreateRevision.ShouldBe(created.Revision);
        read.Kv.Version.ShouldBe(1);
        read.Revision.ShouldBeGreaterThanOrEqualTo(created.Revision);

        var missing = await store.GetAsync(K("missing"), 0, Ct);
        missing.Kv.ShouldBeNull();
        missing.Revision.ShouldBeGreaterThanOrEqualTo(created.Revision);
    }

    [Fact]
    public async Task Create_ExistingKey_FailsAndReturnsTheExistingValue()
    {
        await using var store = await CreateStoreAsync();
        var first = await store.CreateAsync(K("a"), V("one"), null, Ct);

        var second = await store.CreateAsync(K("a"), V("two"), null, Ct);

        second.Succeeded.ShouldBeFalse();
        second.Kv.ShouldNotBeNull();
        S(second.Kv.Value).ShouldBe("one");
        second.Kv.ModRevision.ShouldBe(first.Revision);
        second.Revision.ShouldBeGreaterThanOrEqualTo(first.Revision);
        S((await store.GetAsync(K("a"), 0, Ct)).Kv!.Value).ShouldBe("one");
    }

    [Fact]
    public async Task Writes_FailedOnesDoNotConsumeRevisions_SuccessfulOnesIncrease()
    {
        await using var store = await CreateStoreAsync();
        var a = await store.CreateAsync(K("a"), V("1"), null, Ct);
        var conflict = await store.CreateAsync(K("a"), V("2"), null, Ct);
        var stale = await store.UpdateAsync(K("a"), V("2"), a.Revision + 1000, null, Ct);
        var b = await store.CreateAsync(K("b"), V("1"), null, Ct);

        conflict.Succeeded.ShouldBeFalse();
        stale.Succeeded.ShouldBeFalse();
        b.Revision.ShouldBeGreaterThan(a.Revision);
        // A dedicated store would show b == a + 1; a shared one may interleave other writers, never fewer.
        (await store.GetAsync(K("a"), 0, Ct)).Kv!.ModRevision.ShouldBe(a.Revision);
    }

    [Fact]
    public async Task Create_AfterDelete_StartsANewGeneration()
    {
        await using var store = await CreateStoreAsync();
        var first = await store.CreateAsync(K("a"), V("1"), null, Ct);
        await store.UpdateAsync(K("a"), V("2"), 0, null, Ct);
        var deleted = await store.DeleteAsync(K("a"), 0, Ct);

        var again = await store.CreateAsync(K("a"), V("3"), null, Ct);

        deleted.Succeeded.ShouldBeTrue();
        again.Succeeded.ShouldBeTrue();
        again.Kv!.CreateRevision.ShouldBe(again.Revision);
        again.Kv.CreateRevision.ShouldBeGreaterThan(first.Revision);
        again.Kv.Version.ShouldBe(1);
    }

    // ---- update / delete ------------------------------------------------------------------------------

    [Fact]
    public async Task Update_WithCurrentModRevision_Succeeds_WithStaleOne_FailsWithCurrentValue()
    {
        await using var store = await CreateStoreAsync();
        var created = await store.CreateAsync(K("a"), V("1"), null, Ct);

        var updated = await store.UpdateAsync(K("a"), V("2"), created.Revision, null, Ct);
        updated.Succeeded.ShouldBeTrue();
        updated.Revision.ShouldBeGreaterThan(created.Revision);
        updated.Kv!.ModRevision.ShouldBe(updated.Revision);
        updated.Kv.CreateRevision.ShouldBe(created.Revision);
        updated.Kv.Version.ShouldBe(2);
        S(updated.Kv.Value).ShouldBe("2");

        var stale = await store.UpdateAsync(K("a"), V("3"), created.Revision, null, Ct);
        stale.Succeeded.ShouldBeFalse();
        stale.Kv.ShouldNotBeNull();
        S(stale.Kv.Value).ShouldBe("2");
        stale.Kv.ModRevision.ShouldBe(updated.Revision);

        var unconditional = await store.UpdateAsync(K("a"), V("4"), 0, null, Ct);
        unconditional.Succeeded.ShouldBeTrue();
        unconditional.Kv!.Version.ShouldBe(3);
        S((await store.GetAsync(K("a"), 0, Ct)).Kv!.Value).ShouldBe("4");
    }

    [Fact]
    public async Task Update_MissingKey_FailsWithNoValue()
    {
        await using var store = await CreateStoreAsync();
        var before = await store.GetCurrentRevisionAsync(Ct);

        var result = await store.UpdateAsync(K("missing"), V("x"), 0, null, Ct);
        var cas = await store.UpdateAsync(K("missing"), V("x"), 5, null, Ct);

        result.Succeeded.ShouldBeFalse();
        result.Kv.ShouldBeNull();
        result.Revision.ShouldBeGreaterThanOrEqualTo(before);
        cas.Succeeded.ShouldBeFalse();
        cas.Kv.ShouldBeNull();
        (await store.GetAsync(K("missing"), 0, Ct)).Kv.ShouldBeNull();
    }

    [Fact]
    public async Task Delete_WithCompareAndSwap()
    {
        await using var store = await CreateStoreAsync();
        var created = await store.CreateAsync(K("a"), V("1"), null, Ct);
        var updated = await store.UpdateAsync(K("a"), V("2"), 0, null, Ct);

        var stale = await store.DeleteAsync(K("a"), created.Revision, Ct);
        stale.Succeeded.ShouldBeFalse();
        S(stale.Kv!.Value).ShouldBe("2");
        stale.Kv.ModRevision.ShouldBe(updated.Revision);
        (await store.GetAsync(K("a"), 0, Ct)).Kv.ShouldNotBeNull();

        var deleted = await store.DeleteAsync(K("a"), updated.Revision, Ct);
        deleted.Succeeded.ShouldBeTrue();
        deleted.Revision.ShouldBeGreaterThan(updated.Revision);
        S(deleted.Kv!.Value).ShouldBe("2");
        deleted.Kv.ModRevision.ShouldBe(updated.Revision);
        (await store.GetAsync(K("a"), 0, Ct)).Kv.ShouldBeNull();

        var again = await store.DeleteAsync(K("a"), 0, Ct);
        again.Succeeded.ShouldBeFalse();
        again.Kv.ShouldBeNull();
    }

    // ---- reads at revisions, ranges --------------------------------------------------------------------

    [Fact]
    public async Task Get_And_Range_AtAnOldRevision_SeeTheStoreAsItWas()
    {
        await using var store = await CreateStoreAsync();
        var a1 = await store.CreateAsync(K("a"), V("a1"), null, Ct);
        var b1 = await store.CreateAsync(K("b"), V("b1"), null, Ct);
        var a2 = await store.UpdateAsync(K("a"), V("a2"), 0, null, Ct);
        var bDeleted = await store.DeleteAsync(K("b"), 0, Ct);
        var c1 = await store.CreateAsync(K("c"), V("c1"), null, Ct);

        S((await store.GetAsync(K("a"), a1.Revision, Ct)).Kv!.Value).ShouldBe("a1");
        S((await store.GetAsync(K("a"), b1.Revision, Ct)).Kv!.Value).ShouldBe("a1");
        S((await store.GetAsync(K("a"), a2.Revision, Ct)).Kv!.Value).ShouldBe("a2");
        (await store.GetAsync(K("a"), a1.Revision, Ct)).Revision.ShouldBe(a1.Revision);
        S((await store.GetAsync(K("b"), a2.Revision, Ct)).Kv!.Value).ShouldBe("b1");
        (await store.GetAsync(K("b"), bDeleted.Revision, Ct)).Kv.ShouldBeNull();
        (await store.GetAsync(K("c"), bDeleted.Revision, Ct)).Kv.ShouldBeNull();

        var atA2 = await store.RangeAsync(RangeRequest.Prefix(Prefix, a2.Revision), Ct);
        atA2.Revision.ShouldBe(a2.Revision);
        atA2.Kvs.Select(kv => (kv.Key, S(kv.Value))).ShouldBe([(K("a"), "a2"), (K("b"), "b1")]);
        atA2.Count.ShouldBe(2);
        atA2.More.ShouldBeFalse();

        var latest = await store.RangeAsync(RangeRequest.Prefix(Prefix), Ct);
        latest.Revision.ShouldBeGreaterThanOrEqualTo(c1.Revision);
        latest.Kvs.Select(kv => (kv.Key, S(kv.Value))).ShouldBe([(K("a"), "a2"), (K("c"), "c1")]);
    }

    [Fact]
    public async Task Range_SingleKeyAndBoundedRange_KeysInByteOrder()
    {
        await using var store = await CreateStoreAsync();
        foreach (var name in new[] { "b", "a", "ab", "a/x", "c", "B" })
        {
            await store.CreateAsync(K(name), V(name), null, Ct);
        }

        var single = await store.RangeAsync(new RangeRequest(K("a"), null), Ct);
        single.Kvs.Select(kv => kv.Key).ShouldBe([K("a")]);

        var bounded = await store.RangeAsync(new RangeRequest(K("a"), K("b")), Ct);
        bounded.Kvs.Select(kv => kv.Key).ShouldBe([K("a"), K("a/x"), K("ab")]);

        var all = await store.RangeAsync(RangeRequest.Prefix(Prefix), Ct);
        all.Kvs.Select(kv => kv.Key).ShouldBe([K("B"), K("a"), K("a/x"), K("ab"), K("b"), K("c")]);
    }

    [Fact]
    public async Task Range_Pagination_AtTheFirstPagesRevision_IsConsistentWhileWritesContinue()
    {
        await using var store = await CreateStoreAsync();
        var expected = new SortedDictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < 60; i++)
        {
            var key = K($"item-{i:D3}");
            await store.CreateAsync(key, V($"v0-{i}"), null, Ct);
            expected[key] = $"v0-{i}";
        }

        var pages = new List<RangeResult> { await store.RangeAsync(RangeRequest.Prefix(Prefix, limit: 7), Ct) };
        var revision = pages[0].Revision;
        var write = 0;
        while (pages[^1].More)
        {
            // Between pages: change keys behind the cursor, ahead of it and right at it.
            write++;
            await store.UpdateAsync(K($"item-{write % 60:D3}"), V($"changed-{write}"), 0, null, Ct);
            await store.DeleteAsync(K($"item-{(write * 7 + 3) % 60:D3}"), 0, Ct);
            await store.CreateAsync(K($"item-{write % 60:D3}-new"), V("new"), null, Ct);
            await store.CreateAsync(K($"aaa-{write}"), V("before everything"), null, Ct);
            var last = pages[^1].Kvs[^1].Key;
            pages.Add(await store.RangeAsync(new RangeRequest(last + "\0", KeyRanges.PrefixEnd(Prefix), revision, 7), Ct));
        }

        write.ShouldBeGreaterThan(5);
        pages.ShouldAllBe(p => p.Revision == revision);
        pages[0].Count.ShouldBe(60);
        pages.Take(pages.Count - 1).ShouldAllBe(p => p.Kvs.Count == 7 && p.More);
        var paged = pages.SelectMany(p => p.Kvs).ToList();
        paged.Select(kv => kv.Key).ShouldBe(expected.Keys);
        paged.Select(kv => S(kv.Value)).ShouldBe(expected.Values);
        paged.ShouldAllBe(kv => kv.ModRevision <= revision);
        (await store.GetCurrentRevisionAsync(Ct)).ShouldBeGreaterThan(revision);
    }

    [Fact]
    public async Task Range_CountOnly_And_Limit_ReportTheWholeRange()
    {
        await using var store = await CreateStoreAsync();
        for (var i = 0; i < 25; i++)
        {
            await store.CreateAsync(K($"k{i:D2}"), V("x"), null, Ct);
        }
        await store.DeleteAsync(K("k03"), 0, Ct);
        await store.CreateAsync(Prefix.TrimEnd('/') + "-sibling/x", V("outside"), null, Ct);

        var count = await store.RangeAsync(RangeRequest.Prefix(Prefix) with { CountOnly = true }, Ct);
        count.Count.ShouldBe(24);
        count.Kvs.ShouldBeEmpty();

        var limited = await store.RangeAsync(RangeRequest.Prefix(Prefix, limit: 10), Ct);
        limited.Kvs.Count.ShouldBe(10);
        limited.More.ShouldBeTrue();
        limited.Count.ShouldBe(24);

        var all = await store.RangeAsync(RangeRequest.Prefix(Prefix, limit: 24), Ct);
        all.Kvs.Count.ShouldBe(24);
        all.More.ShouldBeFalse();
    }

    [Fact]
    public async Task Range_KeysOnly_ReturnsKeysAndRevisionsWithoutValues()
    {
        await using var store = await CreateStoreAsync();
        var a = await store.CreateAsync(K("a"), V("value-a"), null, Ct);
        var b = await store.CreateAsync(K("b"), V("value-b"), null, Ct);

        var result = await store.RangeAsync(RangeRequest.Prefix(Prefix) with { KeysOnly = true }, Ct);

        result.Kvs.Select(kv => kv.Key).ShouldBe([K("a"), K("b")]);
        result.Kvs.ShouldAllBe(kv => kv.Value.Length == 0);
        result.Kvs.Select(kv => kv.ModRevision).ShouldBe([a.Revision, b.Revision]);
        result.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Reads_AtAFutureRevision_FailWithFutureRevision()
    {
        await using var store = await CreateStoreAsync();
        await store.CreateAsync(K("a"), V("1"), null, Ct);
        var future = await store.GetCurrentRevisionAsync(Ct) + 1_000_000;

        var get = await Should.ThrowAsync<StorageException>(() => store.GetAsync(K("a"), future, Ct).AsTask());
        get.Code.ShouldBe(StorageErrorCode.FutureRevision);
        var range = await Should.ThrowAsync<StorageException>(() => store.RangeAsync(RangeRequest.Prefix(Prefix, future), Ct).AsTask());
        range.Code.ShouldBe(StorageErrorCode.FutureRevision);
    }

    // ---- bad input ----------------------------------------------------------------------------------------

    [Fact]
    public async Task Values_OverTheLimit_AreRefusedWithValueTooLarge()
    {
        await using var store = await CreateStoreAsync();
        var tooLarge = new byte[StorageLimits.MaxValueBytes + 1];

        var create = await Should.ThrowAsync<StorageException>(() => store.CreateAsync(K("big"), tooLarge, null, Ct).AsTask());
        create.Code.ShouldBe(StorageErrorCode.ValueTooLarge);
        create.Message.ShouldContain(StorageLimits.MaxValueBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));

        await store.CreateAsync(K("big"), new byte[1024 * 1024], null, Ct);
        var update = await Should.ThrowAsync<StorageException>(() => store.UpdateAsync(K("big"), tooLarge, 0, null, Ct).AsTask());
        update.Code.ShouldBe(StorageErrorCode.ValueTooLarge);
        (await store.GetAsync(K("big"), 0, Ct)).Kv!.Value.Length.ShouldBe(1024 * 1024);
    }

    [Fact]
    public async Task EmptyKey_IsRefusedWithInvalidKey()
    {
        await using var store = await CreateStoreAsync();

        (await Should.ThrowAsync<StorageException>(() => store.CreateAsync("", V("x"), null, Ct).AsTask())).Code.ShouldBe(StorageErrorCode.InvalidKey);
        (await Should.ThrowAsync<StorageException>(() => store.UpdateAsync("", V("x"), 0, null, Ct).AsTask())).Code.ShouldBe(StorageErrorCode.InvalidKey);
        (await Should.ThrowAsync<StorageException>(() => store.DeleteAsync("", 0, Ct).AsTask())).Code.ShouldBe(StorageErrorCode.InvalidKey);
        (await Should.ThrowAsync<StorageException>(() => store.GetAsync("", 0, Ct).AsTask())).Code.ShouldBe(StorageErrorCode.InvalidKey);
    }

    // ---- watch -----------------------------------------------------------------------------------------------

    [Fact]
    public async Task Watch_FromARevision_ReplaysInOrderWithPreviousValues_ThenGoesLive()
    {
        await using var store = await CreateStoreAsync();
        var a1 = await store.CreateAsync(K("a"), V("a1"), null, Ct);
        var a2 = await store.UpdateAsync(K("a"), V("a2"), 0, null, Ct);
        var b1 = await store.CreateAsync(K("b"), V("b1"), null, Ct);
        await store.CreateAsync(Prefix.TrimEnd('/') + "-other/x", V("not watched"), null, Ct);
        var aDeleted = await store.DeleteAsync(K("a"), 0, Ct);

        await using var watch = new WatchCollector(store, WatchRequest.Prefix(Prefix, a1.Revision));
        var replayed = await watch.WaitForAsync(e => e.Count >= 4, EventTimeout, "4 replayed events");

        replayed.Select(e => e.Type).ShouldBe([WatchEventType.Put, WatchEventType.Put, WatchEventType.Put, WatchEventType.Delete]);
        replayed.Select(e => e.Revision).ShouldBe([a1.Revision, a2.Revision, b1.Revision, aDeleted.Revision]);
        replayed.Select(e => e.Kv!.Key).ShouldBe([K("a"), K("a"), K("b"), K("a")]);
        S(replayed[0].Kv!.Value).ShouldBe("a1");
        replayed[0].PrevKv.ShouldBeNull();
        S(replayed[1].Kv!.Value).ShouldBe("a2");
        replayed[1].Kv!.Version.ShouldBe(2);
        S(replayed[1].PrevKv!.Value).ShouldBe("a1");
        replayed[1].PrevKv!.ModRevision.ShouldBe(a1.Revision);
        replayed[2].PrevKv.ShouldBeNull();
        replayed[3].Kv!.ModRevision.ShouldBe(aDeleted.Revision);
        replayed[3].Kv!.Value.Length.ShouldBe(0);
        S(replayed[3].PrevKv!.Value).ShouldBe("a2");

        var c1 = await store.CreateAsync(K("c"), V("c1"), null, Ct);
        var all = await watch.WaitForAsync(e => e.Count >= 5, EventTimeout, "the live event");
        all.Count.ShouldBe(5);
        all[4].Type.ShouldBe(WatchEventType.Put);
        all[4].Revision.ShouldBe(c1.Revision);
        S(all[4].Kv!.Value).ShouldBe("c1");
    }

    [Fact]
    public async Task Watch_FromARevision_WhileWritesContinue_DeliversEveryChangeOnceWithoutGaps()
    {
        await using var store = await CreateStoreAsync();
        var revisions = new System.Collections.Concurrent.ConcurrentBag<long>();
        var firstHundred = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        const int Writers = 4, PerWriter = 100;
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < PerWriter; i++)
            {
                var result = i % 3 == 2
                    ? await store.UpdateAsync(K($"w{w}-{i - 1:D3}"), V($"u{i}"), 0, null, Ct)
                    : await store.CreateAsync(K($"w{w}-{i:D3}"), V($"c{i}"), null, Ct);
                result.Succeeded.ShouldBeTrue();
                revisions.Add(result.Revision);
                if (revisions.Count >= 100)
                {
                    firstHundred.TrySetResult();
                }
            }
        })).ToArray();
        await firstHundred.Task.WaitAsync(EventTimeout);
        var start = revisions.Min();

        await using var watch = new WatchCollector(store, WatchRequest.Prefix(Prefix, start));
        await Task.WhenAll(writers);
        var last = revisions.Max();
        var events = await watch.WaitForAsync(e => e.Count > 0 && e[^1].Revision >= last, EventTimeout, $"revision {last}");

        events.Select(e => e.Revision).ShouldBe(revisions.OrderBy(r => r));
        events.ShouldAllBe(e => e.Type == WatchEventType.Put);
    }

    [Fact]
    public async Task Watch_FromRevisionZero_SeesOnlyChangesAfterTheCall()
    {
        await using var store = await CreateStoreAsync();
        var before = await store.CreateAsync(K("before"), V("x"), null, Ct);
        await using var watch = new WatchCollector(store, WatchRequest.Prefix(Prefix));
        await watch.Started;

        // The watch may take a moment to be established on a remote engine: write until it sees something.
        var deadline = DateTime.UtcNow + EventTimeout;
        for (var i = 0; watch.Events.Count == 0; i++)
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the watch never saw a write");
            await store.CreateAsync(K($"probe-{i:D4}"), V("p"), null, Ct);
            await Task.Delay(20);
        }
        var after = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            after.Add((await store.UpdateAsync(K("before"), V($"after-{i}"), 0, null, Ct)).Revision);
        }

        var events = await watch.WaitForAsync(e => e.Count > 0 && e[^1].Revision >= after[^1], EventTimeout, "the three updates");
        events.ShouldAllBe(e => e.Revision > before.Revision);
        events.Select(e => e.Revision).ShouldBeInOrder(SortDirection.Ascending);
        events.Select(e => e.Revision).Distinct().Count().ShouldBe(events.Count);
        events.TakeLast(3).Select(e => e.Revision).ShouldBe(after);
        S(events[^1].PrevKv!.Value).ShouldBe("after-1");
    }

    [Fact]
    public async Task Watch_SingleKey_SeesOnlyThatKey()
    {
        await using var store = await CreateStoreAsync();
        var start = await store.CreateAsync(K("x"), V("0"), null, Ct);
        await store.CreateAsync(K("a"), V("1"), null, Ct);
        await store.CreateAsync(K("ab"), V("1"), null, Ct);
        await store.UpdateAsync(K("a"), V("2"), 0, null, Ct);
        var last = await store.CreateAsync(K("a0"), V("1"), null, Ct);

        await using var watch = new WatchCollector(store, new WatchRequest(K("a"), null, start.Revision));
        var done = await store.CreateAsync(K("zz"), V("after"), null, Ct);
        await store.UpdateAsync(K("a"), V("3"), 0, null, Ct);

        var events = await watch.WaitForAsync(e => e.Count >= 3, EventTimeout, "three events of key a");
        events.ShouldAllBe(e => e.Kv!.Key == K("a"));
        events.Select(e => S(e.Kv!.Value)).ShouldBe(["1", "2", "3"]);
        last.Revision.ShouldBeLessThan(done.Revision);
    }

    [Fact]
    public async Task Watch_FromACompactedRevision_YieldsOneCompactedEventAndEnds()
    {
        await using var store = await CreateStoreAsync();
        var r1 = await store.CreateAsync(K("a"), V("1"), null, Ct);
        await store.UpdateAsync(K("a"), V("2"), 0, null, Ct);
        var r3 = await store.UpdateAsync(K("a"), V("3"), 0, null, Ct);
        await store.CompactAsync(r3.Revision, Ct);

        await using var compacted = new WatchCollector(store, WatchRequest.Prefix(Prefix, r1.Revision));
        await compacted.WaitForEndAsync(EventTimeout);
        compacted.Error.ShouldBeNull();
        compacted.Events.Count.ShouldBe(1);
        compacted.Events[0].Type.ShouldBe(WatchEventType.Compacted);
        compacted.Events[0].Revision.ShouldBe(await store.GetCompactedRevisionAsync(Ct));

        await using var fromCompaction = new WatchCollector(store, WatchRequest.Prefix(Prefix, r3.Revision));
        var events = await fromCompaction.WaitForAsync(e => e.Count >= 1, EventTimeout, "the event at the compacted revision");
        events[0].Type.ShouldBe(WatchEventType.Put);
        events[0].Revision.ShouldBe(r3.Revision);
        S(events[0].Kv!.Value).ShouldBe("3");
    }

    [Fact]
    public async Task Watch_WithProgressNotify_YieldsProgressWhenIdle()
    {
        await using var store = await CreateStoreAsync();
        var written = await store.CreateAsync(K("a"), V("1"), null, Ct);
        await using var watch = new WatchCollector(store, WatchRequest.Prefix(Prefix, progressNotify: true));
        await watch.Started;

        var deadline = DateTime.UtcNow + EventTimeout;
        while (!watch.Events.Any(e => e.Type == WatchEventType.Progress))
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "no progress event while idle");
            await AdvanceClockAsync(TimeSpan.FromSeconds(1));
            await Task.Delay(20);
        }
        var progress = watch.Events.First(e => e.Type == WatchEventType.Progress);
        progress.Revision.ShouldBeGreaterThanOrEqualTo(written.Revision);
        progress.Kv.ShouldBeNull();
    }

    // ---- compaction --------------------------------------------------------------------------------------------

    [Fact]
    public async Task Compact_OlderReadsFailWithCompacted_CurrentValuesStay()
    {
        await using var store = await CreateStoreAsync();
        var a1 = await store.CreateAsync(K("a"), V("a1"), null, Ct);
        var a2 = await store.UpdateAsync(K("a"), V("a2"), 0, null, Ct);
        var b1 = await store.CreateAsync(K("b"), V("b1"), null, Ct);
        var bDeleted = await store.DeleteAsync(K("b"), 0, Ct);
        var keep = await store.CreateAsync(K("keep"), V("never updated"), null, Ct);
        var a3 = await store.UpdateAsync(K("a"), V("a3"), 0, null, Ct);

        await store.CompactAsync(bDeleted.Revision, Ct);

        (await store.GetCompactedRevisionAsync(Ct)).ShouldBe(bDeleted.Revision);
        var old = await Should.ThrowAsync<StorageException>(() => store.GetAsync(K("a"), a1.Revision, Ct).AsTask());
        old.Code.ShouldBe(StorageErrorCode.Compacted);
        (await Should.ThrowAsync<StorageException>(() => store.RangeAsync(RangeRequest.Prefix(Prefix, b1.Revision), Ct).AsTask()))
            .Code.ShouldBe(StorageErrorCode.Compacted);

        S((await store.GetAsync(K("a"), bDeleted.Revision, Ct)).Kv!.Value).ShouldBe("a2");
        (await store.GetAsync(K("b"), bDeleted.Revision, Ct)).Kv.ShouldBeNull();
        var latest = await store.RangeAsync(RangeRequest.Prefix(Prefix), Ct);
        latest.Kvs.Select(kv => (kv.Key, S(kv.Value), kv.ModRevision)).ShouldBe(
            [(K("a"), "a3", a3.Revision), (K("keep"), "never updated", keep.Revision)]);
        latest.Kvs[0].CreateRevision.ShouldBe(a1.Revision);
        latest.Kvs[0].Version.ShouldBe(3);
        a2.Succeeded.ShouldBeTrue();

        await store.CompactAsync(a1.Revision, Ct); // at or below an earlier compaction: no-op
        (await store.GetCompactedRevisionAsync(Ct)).ShouldBe(bDeleted.Revision);
        S((await store.GetAsync(K("keep"), 0, Ct)).Kv!.Value).ShouldBe("never updated");
    }

    [Fact]
    public async Task Compact_AtAFutureRevision_FailsWithFutureRevision()
    {
        await using var store = await CreateStoreAsync();
        await store.CreateAsync(K("a"), V("1"), null, Ct);
        var future = await store.GetCurrentRevisionAsync(Ct) + 1_000_000;

        var error = await Should.ThrowAsync<StorageException>(() => store.CompactAsync(future, Ct).AsTask());

        error.Code.ShouldBe(StorageErrorCode.FutureRevision);
        (await store.GetCompactedRevisionAsync(Ct)).ShouldBeLessThan(future);
    }

    // ---- concurrency -----------------------------------------------------------------------------------------------

    [Fact]
    public async Task ConcurrentWriters_CompareAndSwapIncrements_LoseNoUpdate()
    {
        await using var store = await CreateStoreAsync();
        const int Counters = 16, Tasks = 64, IncrementsPerTask = 50;
        for (var c = 0; c < Counters; c++)
        {
            await store.CreateAsync(K($"counter-{c:D2}"), V("0"), null, Ct);
        }

        await Task.WhenAll(Enumerable.Range(0, Tasks).Select(t => Task.Run(async () =>
        {
            for (var i = 0; i < IncrementsPerTask; i++)
            {
                var key = K($"counter-{(t + i) % Counters:D2}");
                var current = (await store.GetAsync(key, 0, Ct)).Kv!;
                while (true)
                {
                    var next = int.Parse(S(current.Value), System.Globalization.CultureInfo.InvariantCulture) + 1;
                    var result = await store.UpdateAsync(key, V(next.ToString(System.Globalization.CultureInfo.InvariantCulture)), current.ModRevision, null, Ct);
                    if (result.Succeeded)
                    {
                        break;
                    }
                    current = result.Kv!;
                }
            }
        })));

        var counters = await store.RangeAsync(RangeRequest.Prefix(K("counter-")), Ct);
        counters.Kvs.Sum(kv => int.Parse(S(kv.Value), System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(Tasks * IncrementsPerTask);
        counters.Kvs.ShouldAllBe(kv => kv.Version == 1 + int.Parse(S(kv.Value), System.Globalization.CultureInfo.InvariantCulture));
    }

    // ---- persistence, TTL ---------------------------------------------------------------------------------------------

    [Fact]
    public async Task Restart_KeepsValuesAndHistory_AndRevisionsContinue()
    {
        var store = await CreateStoreAsync();
        try
        {
            var a1 = await store.CreateAsync(K("a"), V("a1"), null, Ct);
            await store.CreateAsync(K("b"), V("b1"), null, Ct);
            var a2 = await store.UpdateAsync(K("a"), V("a2"), 0, null, Ct);
            var bDeleted = await store.DeleteAsync(K("b"), 0, Ct);
            var before = await store.GetCurrentRevisionAsync(Ct);

            store = await RestartStoreAsync(store);

            (await store.GetCurrentRevisionAsync(Ct)).ShouldBeGreaterThanOrEqualTo(before);
            var a = (await store.GetAsync(K("a"), 0, Ct)).Kv!;
            S(a.Value).ShouldBe("a2");
            a.ModRevision.ShouldBe(a2.Revision);
            a.CreateRevision.ShouldBe(a1.Revision);
            a.Version.ShouldBe(2);
            (await store.GetAsync(K("b"), 0, Ct)).Kv.ShouldBeNull();
            S((await store.GetAsync(K("b"), a2.Revision, Ct)).Kv!.Value).ShouldBe("b1");

            var next = await store.CreateAsync(K("c"), V("c1"), null, Ct);
            next.Revision.ShouldBeGreaterThan(Math.Max(before, bDeleted.Revision));
        }
        finally
        {
            await store.DisposeAsync();
        }
    }

    [Fact]
    public async Task Ttl_KeyExpires_AsADeleteEvent()
    {
        await using var store = await CreateStoreAsync();
        await using var watch = new WatchCollector(store, WatchRequest.Prefix(Prefix));
        await watch.Started;
        var created = await store.CreateAsync(K("event"), V("short-lived"), TestTtl, Ct);
        await store.CreateAsync(K("pod"), V("stays"), null, Ct);
        (await store.GetAsync(K("event"), 0, Ct)).Kv.ShouldNotBeNull();

        await AdvanceClockAsync(TestTtl + TimeSpan.FromSeconds(1));

        var events = await watch.WaitForAsync(e => e.Any(x => x.Type == WatchEventType.Delete), EventTimeout, "the expiry's Delete event");
        var expiry = events.Single(e => e.Type == WatchEventType.Delete);
        expiry.Kv!.Key.ShouldBe(K("event"));
        expiry.Revision.ShouldBeGreaterThan(created.Revision);
        S(expiry.PrevKv!.Value).ShouldBe("short-lived");
        (await store.GetAsync(K("event"), 0, Ct)).Kv.ShouldBeNull();
        (await store.GetAsync(K("pod"), 0, Ct)).Kv.ShouldNotBeNull();
        (await store.GetCurrentRevisionAsync(Ct)).ShouldBeGreaterThanOrEqualTo(expiry.Revision);
    }
}
