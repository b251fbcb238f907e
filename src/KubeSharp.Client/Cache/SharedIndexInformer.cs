using System.Diagnostics;
using System.Threading.Channels;

namespace KubeSharp.Client.Cache;

/// <summary>Options of a <see cref="SharedIndexInformer{T}"/>.</summary>
public sealed class SharedInformerOptions
{
    /// <summary>How often every cached object is re-delivered to handlers as OnUpdate(obj, obj) (zero: never). A
    /// handler may ask for its own period (not shorter than the informer's check interval of 1 s).</summary>
    public TimeSpan ResyncPeriod { get; init; }

    /// <summary>The reflector's options (page size, watch timeout, backoff, error callback).</summary>
    public ReflectorOptions Reflector { get; init; } = new();

    /// <summary>Record every cached object and check periodically that nobody mutated it (tests). Default: the
    /// KUBESHARP_CACHE_MUTATION_DETECTOR environment variable.</summary>
    public bool DetectMutations { get; init; } = CacheMutationDetector.EnabledByEnvironment;

    /// <summary>Called when a handler throws (the handler keeps receiving later notifications). Default: trace.</summary>
    public Action<Exception>? OnHandlerError { get; init; }

    /// <summary>Called when the periodic mutation check finds a mutated object. Default: the process fails fast,
    /// as client-go panics.</summary>
    public Action<CacheMutationException>? OnMutation { get; init; }
}

/// <summary>
/// A shared informer (client-go's sharedIndexInformer): a <see cref="Reflector{T}"/> keeps a thread-safe
/// <see cref="IIndexer{T}"/> in step with the server and every registered handler is told about each change, in order,
/// on its own queue. <see cref="Lister"/> reads the cache.
/// </summary>
/// <remarks>
/// The objects in the cache, in notifications and from the lister are shared, not copies: callers must not mutate
/// them (DeepCopy first). <see cref="SharedInformerOptions.DetectMutations"/> turns on a detector that catches
/// offenders in tests. Start it with <see cref="RunAsync"/> (runs until cancelled).
/// </remarks>
public sealed class SharedIndexInformer<T> : IReflectorStore<T>
    where T : class
{
    private readonly Lock _lock = new();
    private readonly IListerWatcher<T> _listerWatcher;
    private readonly SharedInformerOptions _options;
    private readonly ThreadSafeIndexer<T> _indexer;
    private readonly List<Listener> _listeners = [];
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CacheMutationDetector<T>? _detector;
    private Reflector<T>? _reflector;
    private int _started;

    /// <summary>Creates an informer over a lister-watcher (a resource client, or a <see cref="ListWatch{T}"/> with selectors).</summary>
    public SharedIndexInformer(IListerWatcher<T> listerWatcher, ObjectAdapter<T> adapter, SharedInformerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(listerWatcher);
        ArgumentNullException.ThrowIfNull(adapter);
        _listerWatcher = listerWatcher;
        Adapter = adapter;
        _options = options ?? new SharedInformerOptions();
        _indexer = ThreadSafeIndexer.WithNamespaceIndex(adapter);
        Lister = new Lister<T>(_indexer, adapter);
        _detector = _options.DetectMutations ? new CacheMutationDetector<T>(adapter) : null;
    }

    /// <summary>The object adapter.</summary>
    public ObjectAdapter<T> Adapter { get; }

    /// <summary>The cache (with the namespace index and any added with <see cref="AddIndexers"/>).</summary>
    public IIndexer<T> Indexer => _indexer;

    /// <summary>A lister over the cache.</summary>
    public Lister<T> Lister { get; }

    /// <summary>True once the first list is in the cache.</summary>
    public bool HasSynced => _synced.Task.IsCompleted;

    /// <summary>The resourceVersion last seen; "" before the first list.</summary>
    public string LastSyncResourceVersion => _reflector?.LastSyncResourceVersion ?? "";

    /// <summary>True once <see cref="RunAsync"/> was called.</summary>
    public bool IsStarted => Volatile.Read(ref _started) != 0;

    /// <summary>How many lists the reflector made (1 + relists).</summary>
    public int ListCount => _reflector?.ListCount ?? 0;

    /// <summary>Adds indexes (for example by node name). Allowed before and after start.</summary>
    public void AddIndexers(IReadOnlyDictionary<string, IndexFunc<T>> indexers) => _indexer.AddIndexers(indexers);

    /// <summary>
    /// Adds a handler. Added after the informer has objects, it is first given every cached object as
    /// OnAdd(obj, isInInitialList: true). <paramref name="resyncPeriod"/> (default the informer's) re-delivers every
    /// object as OnUpdate(obj, obj) periodically.
    /// </summary>
    public IEventHandlerRegistration AddEventHandler(IResourceEventHandler<T> handler, TimeSpan? resyncPeriod = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var period = resyncPeriod ?? _options.ResyncPeriod;
        if (period > TimeSpan.Zero && period < TimeSpan.FromSeconds(1))
        {
            period = TimeSpan.FromSeconds(1);
        }
        var listener = new Listener(this, handler, period);
        lock (_lock)
        {
            _listeners.Add(listener);
            if (HasSynced)
            {
                foreach (var obj in _indexer.List())
                {
                    listener.Add(new Notification(NotificationKind.Add, null, obj, true));
                }
                listener.Add(new Notification(NotificationKind.Synced, null, null, false));
            }
        }
        listener.Start();
        return listener;
    }

    /// <summary>Adds a handler made of delegates.</summary>
    public IEventHandlerRegistration AddEventHandler(Action<T, bool>? onAdd = null, Action<T, T>? onUpdate = null, Action<T, bool>? onDelete = null, TimeSpan? resyncPeriod = null)
        => AddEventHandler(new ResourceEventHandler<T>(onAdd, onUpdate, onDelete), resyncPeriod);

    /// <summary>Removes a handler; it receives nothing more after pending notifications are dropped.</summary>
    public void RemoveEventHandler(IEventHandlerRegistration registration)
    {
        if (registration is Listener listener)
        {
            lock (_lock)
            {
                _listeners.Remove(listener);
            }
            listener.Stop();
        }
    }

    /// <summary>Waits until the first list is in the cache; false when cancelled first.</summary>
    public async Task<bool> WaitForCacheSyncAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await _synced.Task.WaitAsync(cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Checks the mutation detector now (when enabled); throws <see cref="CacheMutationException"/>.</summary>
    public void CheckForMutations() => _detector?.Check();

    /// <summary>Runs the informer (list, watch, resync, handler dispatch) until cancelled. Can be called once.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("the informer has already been started");
        }
        var reflector = new Reflector<T>(_listerWatcher, Adapter, this, _options.Reflector);
        _reflector = reflector;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var resync = Task.Run(() => ResyncLoopAsync(stop.Token), CancellationToken.None);
        try
        {
            await reflector.RunAsync(stop.Token);
        }
        finally
        {
            await stop.CancelAsync();
            await resync;
            Listener[] listeners;
            lock (_lock)
            {
                listeners = [.. _listeners];
            }
            foreach (var listener in listeners)
            {
                listener.Stop();
            }
        }
    }

    void IReflectorStore<T>.Replace(IReadOnlyList<T> items, string resourceVersion)
    {
        lock (_lock)
        {
            var initial = !HasSynced;
            var fresh = new Dictionary<string, T>(items.Count, StringComparer.Ordinal);
            foreach (var obj in items)
            {
                fresh[Adapter.KeyOf(obj)] = obj;
            }
            var previous = _indexer.List();
            var previousByKey = previous.ToDictionary(Adapter.KeyOf, StringComparer.Ordinal);
            _indexer.Replace(fresh.Values);
            foreach (var old in previous)
            {
                if (!fresh.ContainsKey(Adapter.KeyOf(old)))
                {
                    Distribute(new Notification(NotificationKind.Delete, null, old, true));
                }
            }
            foreach (var (key, obj) in fresh)
            {
                Track(obj);
                var old = previousByKey.GetValueOrDefault(key);
                Distribute(old is null
                    ? new Notification(NotificationKind.Add, null, obj, initial)
                    : new Notification(NotificationKind.Update, old, obj, false));
            }
            if (initial)
            {
                Distribute(new Notification(NotificationKind.Synced, null, null, false));
                _synced.TrySetResult();
            }
        }
    }

    void IReflectorStore<T>.Add(T obj) => Upsert(obj);

    void IReflectorStore<T>.Update(T obj) => Upsert(obj);

    void IReflectorStore<T>.Delete(T obj)
    {
        lock (_lock)
        {
            _indexer.DeleteByKey(Adapter.KeyOf(obj));
            Distribute(new Notification(NotificationKind.Delete, null, obj, false));
        }
    }

    private void Upsert(T obj)
    {
        lock (_lock)
        {
            Track(obj);
            var old = _indexer.AddOrUpdate(obj);
            Distribute(old is null
                ? new Notification(NotificationKind.Add, null, obj, false)
                : new Notification(NotificationKind.Update, old, obj, false));
        }
    }

    private void Track(T obj) => _detector?.Add(obj);

    private void Distribute(Notification notification)
    {
        foreach (var listener in _listeners)
        {
            listener.Add(notification);
        }
    }

    private async Task ResyncLoopAsync(CancellationToken cancellationToken)
    {
        var time = _options.Reflector.TimeProvider;
        var lastMutationCheck = time.GetUtcNow();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken);
                var now = time.GetUtcNow();
                lock (_lock)
                {
                    if (!HasSynced)
                    {
                        continue;
                    }
                    List<T>? all = null;
                    foreach (var listener in _listeners)
                    {
                        if (listener.ResyncDue(now))
                        {
                            all ??= [.. _indexer.List()];
                            foreach (var obj in all)
                            {
                                listener.Add(new Notification(NotificationKind.Update, obj, obj, false));
                            }
                        }
                    }
                }
                if (_detector is not null && now - lastMutationCheck >= TimeSpan.FromSeconds(10))
                {
                    lastMutationCheck = now;
                    try
                    {
                        _detector.Check();
                    }
                    catch (CacheMutationException e)
                    {
                        if (_options.OnMutation is { } onMutation)
                        {
                            onMutation(e);
                        }
                        else
                        {
                            Environment.FailFast(e.Message, e);
                        }
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void ReportHandlerError(Exception e)
    {
        if (_options.OnHandlerError is { } onError)
        {
            onError(e);
        }
        else
        {
            Trace.TraceError($"informer {typeof(T).Name}: event handler failed: {e}");
        }
    }

    private enum NotificationKind
    {
        Add,
        Update,
        Delete,
        Synced,
    }

    private readonly record struct Notification(NotificationKind Kind, T? Old, T? New, bool Flag);

    /// <summary>One handler with its own ordered queue and dispatch task.</summary>
    private sealed class Listener(SharedIndexInformer<T> informer, IResourceEventHandler<T> handler, TimeSpan resyncPeriod) : IEventHandlerRegistration
    {
        private readonly Channel<Notification> _queue = Channel.CreateUnbounded<Notification>(new UnboundedChannelOptions { SingleReader = true });
        private volatile bool _stopped;
        private DateTimeOffset _nextResync = DateTimeOffset.MinValue;
        private volatile bool _synced;

        public bool HasSynced => _synced;

        public void Add(Notification notification) => _queue.Writer.TryWrite(notification);

        public bool ResyncDue(DateTimeOffset now)
        {
            if (resyncPeriod <= TimeSpan.Zero)
            {
                return false;
            }
            if (_nextResync == DateTimeOffset.MinValue)
            {
                _nextResync = now + resyncPeriod;
                return false;
            }
            if (now < _nextResync)
            {
                return false;
            }
            _nextResync = now + resyncPeriod;
            return true;
        }

        public void Start() => _ = Task.Run(RunAsync, CancellationToken.None);

        public void Stop()
        {
            _stopped = true;
            _queue.Writer.TryComplete();
        }

        private async Task RunAsync()
        {
            await foreach (var n in _queue.Reader.ReadAllAsync())
            {
                if (_stopped)
                {
                    return;
                }
                try
                {
                    switch (n.Kind)
                    {
                        case NotificationKind.Add:
                            handler.OnAdd(n.New!, n.Flag);
                            break;
                        case NotificationKind.Update:
                            handler.OnUpdate(n.Old!, n.New!);
                            break;
                        case NotificationKind.Delete:
                            handler.OnDelete(n.New!, n.Flag);
                            break;
                        case NotificationKind.Synced:
                            _synced = true;
                            break;
                    }
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    informer.ReportHandlerError(e);
                }
            }
        }
    }
}
