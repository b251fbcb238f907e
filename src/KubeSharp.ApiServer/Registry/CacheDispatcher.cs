using KubeSharp.Storage;

namespace KubeSharp.ApiServer.Registry;

/// <summary>
/// Feeds every <see cref="WatchCache"/> from ONE store watch on <c>/registry/</c>: it lists each resource at one
/// revision, then watches from the next and routes each event to the cache whose key prefix matches. Because it sees
/// every write, its revision reaches the store's as soon as events are delivered, which makes consistent reads from
/// the caches cheap (<see cref="WaitForRevisionAsync"/>). On a broken or compacted watch it relists everything.
/// </summary>
public sealed class CacheDispatcher : IAsyncDisposable
{
    private readonly IKeyValueStore _store;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, WatchCache> _byPrefix = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly object _revisionLock = new();
    private TaskCompletionSource _revisionAdvanced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _revision;
    /// <summary>Whether a waiter took <see cref="_revisionAdvanced"/>'s task since it was last completed (under
    /// <see cref="_revisionLock"/>).</summary>
    private bool _revisionAwaited;
    private Task? _loop;
    private Task? _bookmarks;

    /// <summary>How often a watcher that asked for bookmarks gets one: upstream's cacher sends them about once a
    /// minute (<paramref name="bookmarkFrequency"/> shortens it for tests).</summary>
    public CacheDispatcher(IKeyValueStore store, IEnumerable<WatchCache> caches, TimeProvider time, TimeSpan? bookmarkFrequency = null)
    {
        _store = store;
        _time = time;
        BookmarkFrequency = bookmarkFrequency ?? TimeSpan.FromMinutes(1);
        foreach (var cache in caches)
        {
            _byPrefix[cache.Resource.KeyPrefix + "/"] = cache;
        }
    }

    /// <summary>The interval of periodic watch bookmarks.</summary>
    public TimeSpan BookmarkFrequency { get; }

    /// <summary>The store revision up to which every event has been applied to the caches.</summary>
    public long Revision => Interlocked.Read(ref _revision);

    /// <summary>Loads every cache and starts the watch; completes when the caches are ready.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var revision = await LoadAsync(cancellationToken);
        _loop = Task.Run(() => RunAsync(revision, _stop.Token), CancellationToken.None);
        _bookmarks = Task.Run(() => BookmarkLoopAsync(_stop.Token), CancellationToken.None);
    }

    /// <summary>The cache that holds <paramref name="key"/> (the longest matching prefix), or null.</summary>
    public WatchCache? CacheFor(string key) => RouteOf(key);

    /// <summary>Ticks (at most every second) and hands each cache the due bookmarks, as the cacher's dispatch
    /// timer does.</summary>
    private async Task BookmarkLoopAsync(CancellationToken cancellationToken)
    {
        var tick = TimeSpan.FromTicks(Math.Clamp(BookmarkFrequency.Ticks / 4, TimeSpan.FromMilliseconds(50).Ticks, TimeSpan.FromSeconds(1).Ticks));
        using var timer = new PeriodicTimer(tick, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var now = _time.GetUtcNow();
                var revision = Revision;
                foreach (var cache in _byPrefix.Values)
                {
                    cache.SendDueBookmarks(now, revision, BookmarkFrequency);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Waits until the caches have applied every event up to <paramref name="revision"/>. Returns false on
    /// timeout (callers then read from the store).</summary>
    public ValueTask<bool> WaitForRevisionAsync(long revision, TimeSpan timeout, CancellationToken cancellationToken)
        // Usually there already (the dispatcher follows the store closely): no timer, no linked token source.
        => Revision >= revision ? ValueTask.FromResult(true) : WaitForRevisionSlowAsync(revision, timeout, cancellationToken);

    private async ValueTask<bool> WaitForRevisionSlowAsync(long revision, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        while (Revision < revision)
        {
            Task advanced;
            lock (_revisionLock)
            {
                if (Revision >= revision)
                {
                    return true;
                }
                advanced = _revisionAdvanced.Task;
                _revisionAwaited = true;
            }
            try
            {
                await advanced.WaitAsync(timeoutSource.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }
        return true;
    }

    private async Task<long> LoadAsync(CancellationToken cancellationToken)
    {
        var revision = await _store.GetCurrentRevisionAsync(cancellationToken);
        foreach (var (prefix, cache) in _byPrefix)
        {
            var items = new List<KeyValue>();
            var request = RangeRequest.Prefix(prefix, revision, limit: 1000);
            while (true)
            {
                var page = await _store.RangeAsync(request, cancellationToken);
                items.AddRange(page.Kvs);
                if (!page.More || page.Kvs.Count == 0)
                {
                    break;
                }
                request = request with { Key = page.Kvs[^1].Key + "\0" };
            }
            // Keys of a longer prefix (services/specs vs services) are another cache's.
            cache.Reset(items.Where(kv => RouteOf(kv.Key) == cache), revision);
        }
        Advance(revision);
        return revision;
    }

    private async Task RunAsync(long revision, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                // The caches need a Put's previous value never (they hold the object), a Delete's always.
                await foreach (var change in _store.WatchAsync(WatchRequest.Prefix("/registry/", revision + 1, progressNotify: true) with { PutPrevValues = false }, cancellationToken))
                {
                    switch (change.Type)
                    {
                        case WatchEventType.Put:
                        case WatchEventType.Delete:
                            RouteOf(change.Kv!.Key)?.Apply(change);
                            revision = change.Revision;
                            Advance(revision);
                            break;
                        case WatchEventType.Progress:
                            revision = Math.Max(revision, change.Revision);
                            Advance(revision);
                            break;
                        case WatchEventType.Compacted:
                            revision = await LoadAsync(cancellationToken);
                            break;
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (StorageException)
            {
                // The watch broke (slow consumer, backend restart): start over from a fresh list.
                await Task.Delay(TimeSpan.FromMilliseconds(200), _time, cancellationToken);
                revision = await LoadAsync(cancellationToken);
            }
        }
    }

    private WatchCache? RouteOf(string key)
    {
        // The longest registered prefix wins (services/specs/ over services/).
        WatchCache? best = null;
        var bestLength = 0;
        foreach (var (prefix, cache) in _byPrefix)
        {
            if (prefix.Length > bestLength && key.StartsWith(prefix, StringComparison.Ordinal))
            {
                best = cache;
                bestLength = prefix.Length;
            }
        }
        return best;
    }

    private void Advance(long revision)
    {
        lock (_revisionLock)
        {
            if (revision <= _revision)
            {
                return;
            }
            Interlocked.Exchange(ref _revision, revision);
            if (!_revisionAwaited)
            {
                return; // nobody holds the current task: it stays for the next waiter (no new one per event)
            }
            _revisionAwaited = false;
            var advanced = _revisionAdvanced;
            _revisionAdvanced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            advanced.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var task in new[] { _loop, _bookmarks })
        {
            if (task is null)
            {
                continue;
            }
            try
            {
                await task;
            }
            catch (OperationCanceledException)
            {
            }
        }
        _stop.Dispose();
    }
}
