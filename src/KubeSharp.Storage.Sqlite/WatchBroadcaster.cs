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
    /// <summary>Subscriptions that want the previous value in Put events.</summary>
    private int _putPrevWatchers;
    /// <summary>A batch is being applied without previous values in its Put events.</summary>
    private bool _omittingPutPrevValues;
    /// <summary>Completed when that batch has ended (subscribers that want previous values wait for it).</summary>
    private TaskCompletionSource? _batchEnded;

    public WatchBroadcaster(long publishedRevision, int capacity)
    {
        _publishedRevision = publishedRevision;
        _capacity = capacity;
    }

    /// <summary>Raised (outside the lock) when a watcher is ended for falling behind.</summary>
    public event Action<KeyBounds>? WatcherDropped;

    /// <summary>A subscription to a key range, not yet live: <see cref="TrySubscribe"/> it. Dispose it to unsubscribe.</summary>
    public WatchSubscription CreateSubscription(KeyBounds bounds, bool putPrevValues) => new(this, bounds, _capacity, putPrevValues);

    /// <summary>Makes <paramref name="subscription"/> live. Every event with a revision above
    /// <paramref name="publishedRevision"/> will arrive in it; none at or below it will. False when the subscription
    /// wants previous values and a batch without them is being applied: await <paramref name="retry"/> (that batch's
    /// end) and call again; from the next batch on, Put events carry previous values.</summary>
    public bool TrySubscribe(WatchSubscription subscription, out long publishedRevision, out Task? retry)
    {
        lock (_lock)
        {
            retry = null;
            publishedRevision = _publishedRevision;
            if (_closed)
            {
                subscription.Writer.TryComplete();
                return true;
            }
            if (subscription.PutPrevValues && !subscription.Counted)
            {
                subscription.Counted = true;
                _putPrevWatchers++;
            }
            if (subscription.PutPrevValues && _omittingPutPrevValues)
            {
                retry = (_batchEnded ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
                return false;
            }
            _subscriptions.Add(subscription);
            return true;
        }
    }

    public void Unsubscribe(WatchSubscription subscription)
    {
        lock (_lock)
        {
            _subscriptions.Remove(subscription);
            if (subscription.Counted)
            {
                subscription.Counted = false;
                _putPrevWatchers--;
            }
        }
        subscription.Writer.TryComplete();
    }

    /// <summary>Called by the writer before it applies a batch: whether the batch's Put events must carry previous
    /// values (some subscription wants them). Until <see cref="EndBatch"/>, subscriptions that want them wait.</summary>
    public bool BeginBatch()
    {
        lock (_lock)
        {
            _omittingPutPrevValues = _putPrevWatchers == 0;
            return !_omittingPutPrevValues;
        }
    }

    /// <summary>Called by the writer after a batch was published or rolled back.</summary>
    public void EndBatch()
    {
        TaskCompletionSource? ended;
        lock (_lock)
        {
            _omittingPutPrevValues = false;
            ended = _batchEnded;
            _batchEnded = null;
        }
        ended?.TrySetResult();
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
        TaskCompletionSource? ended;
        lock (_lock)
        {
            _closed = true;
            all = [.. _subscriptions];
            _subscriptions.Clear();
            _omittingPutPrevValues = false;
            ended = _batchEnded;
            _batchEnded = null;
        }
        ended?.TrySetResult();
        foreach (var subscription in all)
        {
            subscription.Writer.TryComplete();
        }
    }
}
