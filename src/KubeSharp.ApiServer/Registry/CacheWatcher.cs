using System.Threading.Channels;

namespace KubeSharp.ApiServer.Registry;

/// <summary>
/// One watch served from a <see cref="WatchCache"/>: events already filtered for it, in revision order, each once.
/// A watcher that falls more than <see cref="MaxQueued"/> events behind is ended (the client re-watches), so a slow
/// client never makes the server buffer without bound.
/// </summary>
public sealed class CacheWatcher : IDisposable
{
    /// <summary>Queued events beyond which a watcher is ended.</summary>
    public const int MaxQueued = 10_000;

    private readonly Channel<CacheEvent> _channel = Channel.CreateUnbounded<CacheEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Action<CacheWatcher> _unregister;
    private int _queued;

    internal CacheWatcher(ListFilter filter, bool bookmarks, DateTimeOffset? deadline, Action<CacheWatcher> unregister)
    {
        Filter = filter;
        Bookmarks = bookmarks;
        Deadline = deadline;
        _unregister = unregister;
    }

    public ListFilter Filter { get; }

    /// <summary>Whether the client asked for BOOKMARK events.</summary>
    public bool Bookmarks { get; }

    /// <summary>When the watch ends (timeoutSeconds), if known: the last periodic bookmark comes 2s before it.</summary>
    public DateTimeOffset? Deadline { get; }

    /// <summary>When the next periodic bookmark is due; null when none is (bookmarks off, or past the deadline).</summary>
    internal DateTimeOffset? NextBookmark { get; private set; }

    /// <summary>True when the watcher was ended because it fell behind.</summary>
    public bool Overflowed { get; private set; }

    /// <summary>The events; completes when the watcher ends.</summary>
    public ChannelReader<CacheEvent> Events => _channel.Reader;

    /// <summary>Offers a change, translating it for this watcher's filter: an object that starts matching is
    /// ADDED, one that stops matching is DELETED. Called under the cache's lock.</summary>
    internal void Offer(CacheEvent change)
    {
        if (change.Type == ApiWatchEventType.Bookmark)
        {
            if (Bookmarks)
            {
                Enqueue(change);
            }
            return;
        }
        var now = Filter.Matches(change.Object);
        var before = change.Previous is not null && Filter.Matches(change.Previous);
        switch (change.Type)
        {
            case ApiWatchEventType.Added when now:
            case ApiWatchEventType.Deleted when now:
                Enqueue(change);
                break;
            case ApiWatchEventType.Modified when now && before:
                Enqueue(change);
                break;
            case ApiWatchEventType.Modified when now:
                Enqueue(change with { Type = ApiWatchEventType.Added });
                break;
            case ApiWatchEventType.Modified when before:
                Enqueue(change with { Type = ApiWatchEventType.Deleted });
                break;
        }
    }

    /// <summary>
    /// Plans the next periodic bookmark as upstream's cacheWatcher does: roughly every <paramref name="frequency"/>,
    /// and 2s before the deadline if that comes first; none once that moment has come (one pre-timeout bookmark).
    /// </summary>
    internal void ScheduleBookmark(DateTimeOffset now, TimeSpan frequency)
    {
        if (!Bookmarks)
        {
            NextBookmark = null;
            return;
        }
        var next = now + frequency;
        if (Deadline is { } deadline)
        {
            var beforeTimeout = deadline - TimeSpan.FromSeconds(2);
            if (beforeTimeout < next)
            {
                next = beforeTimeout;
            }
            if (next <= now)
            {
                NextBookmark = null;
                return;
            }
        }
        NextBookmark = next;
    }

    /// <summary>Reading side: one event was taken.</summary>
    internal void Consumed() => Interlocked.Decrement(ref _queued);

    private void Enqueue(CacheEvent change)
    {
        if (Interlocked.Increment(ref _queued) > MaxQueued)
        {
            Overflowed = true;
            _channel.Writer.TryComplete();
            return;
        }
        _channel.Writer.TryWrite(change);
    }

    /// <summary>Ends the watcher (cache shutdown or relist).</summary>
    internal void Complete() => _channel.Writer.TryComplete();

    public void Dispose()
    {
        _channel.Writer.TryComplete();
        _unregister(this);
    }
}
