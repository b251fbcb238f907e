using System.Diagnostics;
using System.Net.Http;

namespace KubeSharp.Client.Cache;

/// <summary>Where a <see cref="Reflector{T}"/> delivers what it lists and watches (an informer, a plain store).</summary>
public interface IReflectorStore<T>
    where T : class
{
    /// <summary>A full list (the first one, or a relist): the store becomes exactly <paramref name="items"/>.</summary>
    void Replace(IReadOnlyList<T> items, string resourceVersion);

    /// <summary>A watch ADDED event.</summary>
    void Add(T obj);

    /// <summary>A watch MODIFIED event.</summary>
    void Update(T obj);

    /// <summary>A watch DELETED event (the object's last state).</summary>
    void Delete(T obj);
}

/// <summary>Options of a <see cref="Reflector{T}"/>.</summary>
public sealed class ReflectorOptions
{
    /// <summary>A name for diagnostics (for example the resource).</summary>
    public string Name { get; init; } = "";

    /// <summary>Page size of lists (0: one unpaged request). Upstream uses 500. Lists at resourceVersion "0" are
    /// served from the watch cache unpaged anyway.</summary>
    public long PageSize { get; init; }

    /// <summary>The shortest server-side watch timeout; each watch asks for a random value between this and twice it
    /// (spreading reconnects), as upstream's 5 to 10 minutes.</summary>
    public TimeSpan MinWatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The first delay after a failure; doubled per consecutive failure with jitter, capped at <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(800);

    /// <summary>The longest delay between attempts.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Called with each list or watch failure (before the backoff).</summary>
    public Action<Exception>? OnError { get; init; }

    /// <summary>The clock for backoff delays.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}

/// <summary>
/// Keeps a store in step with the server (client-go's Reflector): lists (optionally in pages), replaces the store,
/// then watches from the list's resourceVersion with bookmarks allowed. When a watch ends it resumes from the last
/// resourceVersion seen (bookmarks included); when the server says that version is gone (410) it relists; on
/// connection and server errors it backs off exponentially with jitter (capped) and retries, never in a tight loop.
/// </summary>
public sealed class Reflector<T>
    where T : class
{
    private readonly IListerWatcher<T> _listerWatcher;
    private readonly ObjectAdapter<T> _adapter;
    private readonly IReflectorStore<T> _store;
    private readonly ReflectorOptions _options;
    private int _failures;
    private volatile string _lastSyncResourceVersion = "";
    private bool _lastSyncResourceVersionUnavailable;
    private int _goneStreak;

    /// <summary>Creates a reflector; <see cref="RunAsync"/> starts it.</summary>
    public Reflector(IListerWatcher<T> listerWatcher, ObjectAdapter<T> adapter, IReflectorStore<T> store, ReflectorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(listerWatcher);
        ArgumentNullException.ThrowIfNull(adapter);
        ArgumentNullException.ThrowIfNull(store);
        _listerWatcher = listerWatcher;
        _adapter = adapter;
        _store = store;
        _options = options ?? new ReflectorOptions();
    }

    /// <summary>The resourceVersion last seen (list, event or bookmark); "" before the first list.</summary>
    public string LastSyncResourceVersion => _lastSyncResourceVersion;

    /// <summary>How many lists have been made (the first one plus relists).</summary>
    public int ListCount { get; private set; }

    /// <summary>Lists and watches until <paramref name="cancellationToken"/> is cancelled (then returns normally).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await ListAsync(cancellationToken);
                await WatchLoopAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is KubeApiException or HttpRequestException or IOException or System.Text.Json.JsonException or Api.Serialization.JsonDecodeException or OperationCanceledException)
            {
                // A failed list, or a watch error that needs a relist: back off, then relist.
                Report(e);
                if (!await BackoffAsync(cancellationToken))
                {
                    return;
                }
            }
        }
    }

    private async Task ListAsync(CancellationToken cancellationToken)
    {
        var resourceVersion = RelistResourceVersion();
        ResourceList<T> list;
        try
        {
            list = await ListAllAsync(resourceVersion, cancellationToken);
        }
        catch (KubeApiException e) when (e.IsGone && resourceVersion.Length > 0)
        {
            // The version we asked for is compacted: list the latest state instead (a quorum read), at once.
            _lastSyncResourceVersionUnavailable = true;
            list = await ListAllAsync("", cancellationToken);
        }
        _lastSyncResourceVersionUnavailable = false;
        ListCount++;
        _store.Replace(list.Items, list.ResourceVersion);
        _lastSyncResourceVersion = list.ResourceVersion;
    }

    private async Task<ResourceList<T>> ListAllAsync(string resourceVersion, CancellationToken cancellationToken)
    {
        if (_options.PageSize <= 0)
        {
            return await _listerWatcher.ListAsync(new ListParams { ResourceVersion = resourceVersion }, cancellationToken);
        }
        var first = await _listerWatcher.ListAsync(new ListParams { ResourceVersion = resourceVersion, Limit = _options.PageSize }, cancellationToken);
        if (first.Continue.Length == 0)
        {
            return first;
        }
        var items = new List<T>(first.Items);
        var next = first.Continue;
        try
        {
            while (next.Length > 0)
            {
                var page = await _listerWatcher.ListAsync(new ListParams { Continue = next, Limit = _options.PageSize }, cancellationToken);
                items.AddRange(page.Items);
                next = page.Continue;
            }
        }
        catch (KubeApiException e) when (e.IsGone)
        {
            // The continue token expired mid-way: fall back to one full list, as upstream's pager does.
            return await _listerWatcher.ListAsync(new ListParams { ResourceVersion = resourceVersion }, cancellationToken);
        }
        return new ResourceList<T>(items, first.ResourceVersion, "");
    }

    /// <summary>Watches from the last resourceVersion until a relist is needed (an exception) or cancellation.</summary>
    private async Task WatchLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var timeout = _options.MinWatchTimeout * (1 + Random.Shared.NextDouble());
            var parameters = new ListParams
            {
                ResourceVersion = _lastSyncResourceVersion,
                AllowWatchBookmarks = true,
                TimeoutSeconds = Math.Max(1, (long)timeout.TotalSeconds),
            };
            var started = Stopwatch.GetTimestamp();
            var events = 0;
            try
            {
                await foreach (var evt in _listerWatcher.WatchAsync(parameters, cancellationToken))
                {
                    events++;
                    _goneStreak = 0;
                    Apply(evt);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (KubeApiException e) when (e.IsGone)
            {
                // "too old resource version": the events in between are lost; relist (from the same version: a
                // NotOlderThan list is served from the watch cache), without delay.
                Report(e);
                if (events == 0 && _goneStreak++ > 0 && !await BackoffAsync(cancellationToken))
                {
                    return;
                }
                return;
            }
            catch (Exception e) when (e is HttpRequestException or IOException or KubeApiException { IsServerError: true } or KubeApiException { IsTooManyRequests: true })
            {
                // The connection broke or the server is unwell: keep our state and resume the watch after a backoff.
                Report(e);
                if (!await BackoffAsync(cancellationToken))
                {
                    return;
                }
                continue;
            }
            var elapsed = Stopwatch.GetElapsedTime(started);
            if (events == 0 && elapsed < TimeSpan.FromSeconds(1))
            {
                // A watch that ends at once with nothing: something is wrong; do not spin.
                Report(new IOException($"very short watch: {_options.Name}: unexpected watch close - watch lasted less than a second and no items received"));
                if (!await BackoffAsync(cancellationToken))
                {
                    return;
                }
                continue;
            }
            _failures = 0;
        }
    }

    private void Apply(WatchEvent<T> evt)
    {
        switch (evt.Type)
        {
            case WatchEventType.Added:
                _store.Add(evt.Object);
                break;
            case WatchEventType.Modified:
                _store.Update(evt.Object);
                break;
            case WatchEventType.Deleted:
                _store.Delete(evt.Object);
                break;
            case WatchEventType.Bookmark:
                break;
        }
        var resourceVersion = _adapter.GetResourceVersion(evt.Object);
        if (resourceVersion.Length > 0)
        {
            _lastSyncResourceVersion = resourceVersion;
        }
        _failures = 0;
    }

    private string RelistResourceVersion()
    {
        if (_lastSyncResourceVersionUnavailable)
        {
            return "";
        }
        // "0": any version (served from the watch cache) for the first list, as upstream; then not older than the last seen.
        return _lastSyncResourceVersion.Length == 0 ? "0" : _lastSyncResourceVersion;
    }

    private async Task<bool> BackoffAsync(CancellationToken cancellationToken)
    {
        var attempt = Math.Min(_failures++, 30);
        var baseTicks = Math.Min(_options.InitialBackoff.Ticks * Math.Pow(2, attempt), _options.MaxBackoff.Ticks);
        var delay = TimeSpan.FromTicks((long)Math.Min(baseTicks * (1 + (Random.Shared.NextDouble() * 0.5)), _options.MaxBackoff.Ticks));
        try
        {
            await Task.Delay(delay, _options.TimeProvider, cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private void Report(Exception e)
    {
        try
        {
            _options.OnError?.Invoke(e);
        }
        catch (Exception handlerError) when (handlerError is not OutOfMemoryException)
        {
            Trace.TraceError($"reflector {_options.Name}: error handler failed: {handlerError}");
        }
    }
}
