namespace KubeSharp.Client.Machinery.Queues;

// client-go's names: these types are queues (CA1711 reserves the suffix for System.Collections.Queue subclasses).
#pragma warning disable CA1711

/// <summary>client-go's workqueue.DelayingInterface: a work queue that can add a key later.</summary>
public interface IDelayingQueue<T> : IWorkQueue<T> where T : notnull
{
    /// <summary>
    /// Adds <paramref name="item"/> once <paramref name="delay"/> has passed (at once when it is not positive). A key
    /// already waiting keeps the earlier of its two ready times, so it is added once.
    /// </summary>
    void AddAfter(T item, TimeSpan delay);
}

/// <summary>
/// The delaying queue (client-go's delaying_queue.go): waiting keys sit in a heap ordered by ready time, served by one
/// timer of the injected <see cref="TimeProvider"/> set to the earliest ready time (no thread or timer per key).
/// </summary>
public class DelayingQueue<T> : WorkQueue<T>, IDelayingQueue<T> where T : notnull
{
    private readonly Lock _waitLock = new();
    private readonly TimeProvider _clock;
    private readonly PriorityQueue<Entry, (DateTimeOffset ReadyAt, long Sequence)> _heap = new();
    private readonly Dictionary<T, Entry> _waiting;
    private readonly ITimer _timer;
    private DateTimeOffset? _timerDue;
    private long _sequence;
    private bool _stopped;

    public DelayingQueue(TimeProvider? clock = null, IEqualityComparer<T>? comparer = null) : base(comparer)
    {
        _clock = clock ?? TimeProvider.System;
        _waiting = new Dictionary<T, Entry>(comparer);
        _timer = _clock.CreateTimer(static state => ((DelayingQueue<T>)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The number of keys waiting for their ready time.</summary>
    public int WaitingCount()
    {
        lock (_waitLock)
        {
            return _waiting.Count;
        }
    }

    public void AddAfter(T item, TimeSpan delay)
    {
        if (ShuttingDown)
        {
            return;
        }
        if (delay <= TimeSpan.Zero)
        {
            Add(item);
            return;
        }
        lock (_waitLock)
        {
            if (_stopped)
            {
                return;
            }
            var readyAt = _clock.GetUtcNow() + delay;
            if (_waiting.TryGetValue(item, out var existing))
            {
                if (existing.ReadyAt <= readyAt)
                {
                    return;
                }
                // The old heap entry stays behind and is skipped when it surfaces (it is no longer in _waiting).
            }
            var entry = new Entry(item, readyAt, _sequence++);
            _waiting[item] = entry;
            _heap.Enqueue(entry, (readyAt, entry.Sequence));
            ArmLocked();
        }
    }

    protected override void OnShutDown()
    {
        lock (_waitLock)
        {
            if (_stopped)
            {
                return;
            }
            _stopped = true;
            _waiting.Clear();
            _heap.Clear();
        }
        _timer.Dispose();
    }

    private void OnTimer()
    {
        List<T>? ready = null;
        lock (_waitLock)
        {
            _timerDue = null;
            if (_stopped)
            {
                return;
            }
            var now = _clock.GetUtcNow();
            while (_heap.TryPeek(out var entry, out var priority) && priority.ReadyAt <= now)
            {
                _heap.Dequeue();
                if (_waiting.TryGetValue(entry.Item, out var current) && ReferenceEquals(current, entry))
                {
                    _waiting.Remove(entry.Item);
                    (ready ??= []).Add(entry.Item);
                }
            }
            ArmLocked();
        }
        if (ready is not null)
        {
            foreach (var item in ready)
            {
                Add(item);
            }
        }
    }

    /// <summary>Sets the timer to the earliest live ready time, dropping superseded heap entries on top.</summary>
    private void ArmLocked()
    {
        while (_heap.TryPeek(out var entry, out _) && !(_waiting.TryGetValue(entry.Item, out var current) && ReferenceEquals(current, entry)))
        {
            _heap.Dequeue();
        }
        if (!_heap.TryPeek(out _, out var next))
        {
            return;
        }
        if (_timerDue is { } due && due <= next.ReadyAt)
        {
            return;
        }
        _timerDue = next.ReadyAt;
        var wait = next.ReadyAt - _clock.GetUtcNow();
        // At least a millisecond: a timer never fires in less, and a zero wait would spin while the clock catches up.
        _timer.Change(wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait, Timeout.InfiniteTimeSpan);
    }

    private sealed record Entry(T Item, DateTimeOffset ReadyAt, long Sequence);
}
