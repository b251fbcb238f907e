namespace KubeSharp.Client.Machinery.Queues;

// client-go's names: these types are queues (CA1711 reserves the suffix for System.Collections.Queue subclasses).
#pragma warning disable CA1711

/// <summary>
/// client-go's workqueue.Interface: a FIFO of keys for controllers.
/// </summary>
/// <remarks>
/// A key added while it is queued is stored once (dedup). A key handed out by <see cref="GetAsync"/> is "processing"
/// until <see cref="Done"/>: it is never handed to a second worker meanwhile; adding it again while processing marks
/// it dirty, and <see cref="Done"/> queues it again. After <see cref="ShutDown"/> adds are ignored, the keys already
/// queued are still handed out, and then every get answers "shut down".
/// </remarks>
public interface IWorkQueue<T> where T : notnull
{
    /// <summary>Queues <paramref name="item"/> unless it is queued already or the queue is shutting down.</summary>
    void Add(T item);

    /// <summary>The number of keys waiting (not counting the ones being processed).</summary>
    int Len();

    /// <summary>
    /// Waits for a key and marks it processing; the caller must call <see cref="Done"/> with it. Answers
    /// <c>Shutdown = true</c> (and a default item) once the queue is shut down and empty.
    /// </summary>
    ValueTask<(T Item, bool Shutdown)> GetAsync(CancellationToken cancellationToken = default);

    /// <summary>The end of processing <paramref name="item"/>: if it was added meanwhile, it is queued again.</summary>
    void Done(T item);

    /// <summary>Ignores further adds and wakes every waiting getter once the queue is empty.</summary>
    void ShutDown();

    /// <summary>As <see cref="ShutDown"/>, then waits until no key is being processed (every worker called
    /// <see cref="Done"/>). A <see cref="ShutDown"/> meanwhile ends the wait.</summary>
    Task ShutDownWithDrainAsync(CancellationToken cancellationToken = default);

    bool ShuttingDown { get; }
}

/// <summary>The plain work queue (client-go's workqueue.Typed); see <see cref="IWorkQueue{T}"/>.</summary>
public class WorkQueue<T> : IWorkQueue<T>, IDisposable where T : notnull
{
    private readonly Lock _lock = new();
    private readonly Queue<T> _queue = new();
    private readonly HashSet<T> _dirty;
    private readonly HashSet<T> _processing;
    private readonly LinkedList<Waiter> _waiters = new();
    private bool _shuttingDown;
    private TaskCompletionSource? _drained;

    public WorkQueue(IEqualityComparer<T>? comparer = null)
    {
        _dirty = new HashSet<T>(comparer);
        _processing = new HashSet<T>(comparer);
    }

    public bool ShuttingDown
    {
        get
        {
            lock (_lock)
            {
                return _shuttingDown;
            }
        }
    }

    public void Add(T item)
    {
        lock (_lock)
        {
            if (_shuttingDown || !_dirty.Add(item))
            {
                return;
            }
            if (_processing.Contains(item))
            {
                return;
            }
            _queue.Enqueue(item);
            DispatchLocked();
        }
    }

    public int Len()
    {
        lock (_lock)
        {
            return _queue.Count;
        }
    }

    /// <summary>The number of keys being processed (handed out and not yet done).</summary>
    public int ProcessingCount()
    {
        lock (_lock)
        {
            return _processing.Count;
        }
    }

    public ValueTask<(T Item, bool Shutdown)> GetAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_queue.Count > 0)
            {
                return ValueTask.FromResult((TakeLocked(), false));
            }
            if (_shuttingDown)
            {
                return ValueTask.FromResult((default(T)!, true));
            }
            cancellationToken.ThrowIfCancellationRequested();
            var waiter = new Waiter();
            waiter.Node = _waiters.AddLast(waiter);
            if (cancellationToken.CanBeCanceled)
            {
                waiter.Registration = cancellationToken.Register(static (state, token) =>
                {
                    var (queue, w) = ((WorkQueue<T>, Waiter))state!;
                    queue.CancelWaiter(w, token);
                }, (this, waiter));
            }
            return new ValueTask<(T, bool)>(waiter.Completion.Task);
        }
    }

    public void Done(T item)
    {
        lock (_lock)
        {
            _processing.Remove(item);
            if (_dirty.Contains(item))
            {
                _queue.Enqueue(item);
                DispatchLocked();
            }
            if (_processing.Count == 0)
            {
                _drained?.TrySetResult();
            }
        }
    }

    public void ShutDown()
    {
        lock (_lock)
        {
            _shuttingDown = true;
            _drained?.TrySetResult();
            DispatchLocked();
        }
        OnShutDown();
    }

    public async Task ShutDownWithDrainAsync(CancellationToken cancellationToken = default)
    {
        Task drained;
        lock (_lock)
        {
            _shuttingDown = true;
            _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_processing.Count == 0)
            {
                _drained.TrySetResult();
            }
            drained = _drained.Task;
            DispatchLocked();
        }
        OnShutDown();
        await drained.WaitAsync(cancellationToken);
    }

    /// <summary>Called once the queue is shutting down (derived queues stop their timers).</summary>
    protected virtual void OnShutDown()
    {
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            ShutDown();
        }
    }

    private T TakeLocked()
    {
        var item = _queue.Dequeue();
        _processing.Add(item);
        _dirty.Remove(item);
        return item;
    }

    /// <summary>Hands queued keys to waiting getters; once shut down and empty, tells the rest "shut down".</summary>
    private void DispatchLocked()
    {
        while (_waiters.First is { } node && (_queue.Count > 0 || _shuttingDown))
        {
            _waiters.RemoveFirst();
            var waiter = node.Value;
            waiter.Node = null;
            // Unregister, not Dispose: Dispose would wait for a running cancellation callback, which waits for this lock.
            waiter.Registration.Unregister();
            waiter.Completion.TrySetResult(_queue.Count > 0 ? (TakeLocked(), false) : (default!, true));
        }
    }

    private void CancelWaiter(Waiter waiter, CancellationToken token)
    {
        lock (_lock)
        {
            if (waiter.Node is null)
            {
                return;
            }
            _waiters.Remove(waiter.Node);
            waiter.Node = null;
        }
        waiter.Completion.TrySetCanceled(token);
    }

    private sealed class Waiter
    {
        public TaskCompletionSource<(T, bool)> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public LinkedListNode<Waiter>? Node { get; set; }

        public CancellationTokenRegistration Registration { get; set; }
    }
}
