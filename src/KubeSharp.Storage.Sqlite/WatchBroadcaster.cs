namespace KubeSharp.Storage.Sqlite;

/// <summary>
/// Fans committed events out to watchers, in memory. The writer publishes each committed batch once; every
/// subscription whose range matches gets the events in its own bounded channel.
/// </summary>
/// <remarks>Thread-safe: publishing, subscribing and the idle check hold one lock, so a subscriber learns
/// exactly which revision its live feed starts after (<see cref="Subscribe"/>) and the watch can replay
/// everything up to it from the database with neither gap nor duplicate.</remarks>
internal sealed class WatchBroadcaster
{
    private readonly Lock _lock = new();
    private readonly List<WatchSubscription> _subscriptions = [];
    private readonly int _capacity;
    private long _publishedRevision;
    private bool _closed;

    public WatchBroadcaster(long publishedRevision, int capacity)
    {
        _publishedRevision = publishedRevision;
        _capacity = capacity;
    }

    /// <summary>Raised (outside the lock) when a watcher is ended for falling behind.</summary>
    public event Action<KeyBounds>? WatcherDropped;

    /// <summary>Subscribes to a key range. Every event with a revision above <paramref name="publishedRevision"/>
    /// will arrive in the subscription; none at or below it will.</summary>
    public WatchSubscription Subscribe(KeyBounds bounds, out long publishedRevision)
    {
        var subscription = new WatchSubscription(this, bounds, _capacity);
        lock (_lock)
        {
            publishedRevision = _publishedRevision;
            if (_closed)
            {
                subscription.Writer.TryComplete();
            }
            else
            {
                _subscriptions.Add(subscription);
            }
        }
        return subscription;
    }

    public void Unsubscribe(WatchSubscription subscription)
    {
        lock (_lock)
        {
            _subscriptions.Remove(subscription);
        }
        subscription.Writer.TryComplete();
    }

    /// <summary>Publishes one committed batch; <paramref name="revision"/> is the store revision after it.</summary>
    public void Publish(IReadOnlyList<CommittedEvent> events, long revision)
    {
        List<KeyBounds>? dropped = null;
        lock (_lock)
        {
            for (var s = _subscriptions.Count - 1; s >= 0; s--)
            {
                var subscription = _subscriptions[s];
                foreach (var committed in events)
                {
                    if (!subscription.Bounds.Contains(committed.Key))
                    {
                        continue;
                    }
                    if (!subscription.Writer.TryWrite(committed.Event))
                    {
                        _subscriptions.RemoveAt(s);
                        subscription.Writer.TryComplete(new StorageException(StorageErrorCode.Unavailable,
                            $"the watcher fell more than {_capacity} events behind and was ended; watch again from the last revision seen"));
                        (dropped ??= []).Add(subscription.Bounds);
                        break;
                    }
                }
            }
            _publishedRevision = Math.Max(_publishedRevision, revision);
        }
        if (dropped is not null && WatcherDropped is { } handler)
        {
            foreach (var bounds in dropped)
            {
                handler(bounds);
            }
        }
    }

    /// <summary>When the subscription has nothing pending, the revision its watcher is complete up to.</summary>
    public bool TryGetIdleRevision(WatchSubscription subscription, out long revision)
    {
        lock (_lock)
        {
            revision = _publishedRevision;
            return subscription.Reader.Count == 0;
        }
    }

    /// <summary>Ends every watch (the store is closing); later subscriptions end at once.</summary>
    public void Close()
    {
        WatchSubscription[] all;
        lock (_lock)
        {
            _closed = true;
            all = [.. _subscriptions];
            _subscriptions.Clear();
        }
        foreach (var subscription in all)
        {
            subscription.Writer.TryComplete();
        }
    }
}
