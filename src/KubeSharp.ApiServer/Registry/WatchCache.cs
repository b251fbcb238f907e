using KubeSharp.ApiServer.Errors;
using KubeSharp.Storage;

namespace KubeSharp.ApiServer.Registry;

/// <summary>
/// The in-memory state of one resource, kept current by the <see cref="CacheDispatcher"/>'s single store watch:
/// every object (sorted by key), a window of recent events for watches that resume from a resourceVersion, and the
/// registered watchers. Lists and watches are served from here; each event's JSON is encoded once for all watchers.
/// </summary>
/// <remarks>Thread-safe: one lock guards state changes, registration and replay, so a watcher never misses or
/// repeats an event between its replay and the live stream.</remarks>
public sealed class WatchCache
{
    private readonly object _lock = new();
    private readonly SortedDictionary<string, CachedObject> _objects = new(StringComparer.Ordinal);
    private readonly Queue<CacheEvent> _window = new();
    private readonly List<CacheWatcher> _watchers = [];
    private readonly int _windowSize;
    private long _oldestServable;
    private long _revision;
    /// <summary>The revision of the last change to the objects (an applied event, or the relist).</summary>
    private long _lastChange;
    /// <summary>Snapshots handed out for paged and exact-revision lists, newest last.</summary>
    private readonly List<Snapshot> _snapshots = [];
    /// <summary>The snapshot of the current state, until the next change closes it.</summary>
    private Snapshot? _current;
    /// <summary>Writes of this server in flight, by key: their event is applied with the writer's object and JSON
    /// instead of decoding the stored bytes again (see <see cref="WriteHandoff"/>).</summary>
    private readonly Dictionary<string, WriteHandoff> _handoffs = new(StringComparer.Ordinal);

    /// <summary>Snapshots kept for continue tokens (older ones are read from the store).</summary>
    public const int MaxSnapshots = 8;

    public WatchCache(ResourceDefinition resource, int windowSize = 1000)
    {
        Resource = resource;
        _windowSize = windowSize;
    }

    public ResourceDefinition Resource { get; }

    /// <summary>Compressed runs of this resource's list items, for gzip list replies.</summary>
    public CompressedChunks Compressed { get; } = new();

    /// <summary>The number of objects held.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _objects.Count;
            }
        }
    }

    /// <summary>Replaces the whole state with a list read at <paramref name="revision"/> (start and relist).
    /// Watchers are ended: they cannot be told what changed in between.</summary>
    internal void Reset(IEnumerable<KeyValue> items, long revision)
    {
        lock (_lock)
        {
            _objects.Clear();
            foreach (var kv in items)
            {
                _objects[kv.Key] = CachedObject.FromStorage(Resource, kv.Key, kv.Value, kv.ModRevision);
            }
            _window.Clear();
            _handoffs.Clear();
            _oldestServable = revision;
            _revision = revision;
            // What changed between the old state and the relist is unknown: no old snapshot can stand for a revision.
            _snapshots.Clear();
            _current = null;
            _lastChange = revision;
            foreach (var watcher in _watchers)
            {
                watcher.Complete();
            }
            _watchers.Clear();
        }
    }

    /// <summary>Applies one store event of this resource.</summary>
    internal void Apply(WatchEvent change)
    {
        lock (_lock)
        {
            CacheEvent cacheEvent;
            if (change.Type == WatchEventType.Put)
            {
                var kv = change.Kv!;
                CachedObject obj;
                if (_handoffs.TryGetValue(kv.Key, out var handoff) && handoff.Matches(kv))
                {
                    _handoffs.Remove(kv.Key);
                    obj = handoff.Result ??= handoff.Build(Resource, kv.ModRevision);
                }
                else
                {
                    obj = CachedObject.FromStorage(Resource, kv.Key, kv.Value, kv.ModRevision);
                }
                _objects.TryGetValue(kv.Key, out var previous);
                _objects[kv.Key] = obj;
                cacheEvent = new CacheEvent(previous is null ? ApiWatchEventType.Added : ApiWatchEventType.Modified, obj, previous, change.Revision);
            }
            else if (change.Type == WatchEventType.Delete && _objects.Remove(change.Kv!.Key, out var removed))
            {
                // The deleted object as last seen, stamped with the deletion's revision, as upstream sends it.
                var prevValue = change.PrevKv?.Value ?? default;
                // Stores send the previous value with deletes; without it the last cached state stands in.
                var last = prevValue.IsEmpty ? removed : CachedObject.FromStorage(Resource, removed.Key, prevValue, change.Revision);
                cacheEvent = new CacheEvent(ApiWatchEventType.Deleted, last, removed, change.Revision);
            }
            else
            {
                _revision = Math.Max(_revision, change.Revision);
                return;
            }
            _revision = Math.Max(_revision, change.Revision);
            Changed(change.Revision);
            _window.Enqueue(cacheEvent);
            while (_window.Count > _windowSize)
            {
                _oldestServable = _window.Dequeue().Revision;
            }
            foreach (var watcher in _watchers)
            {
                watcher.Offer(cacheEvent);
            }
        }
    }

    /// <summary>Registers a write about to be sent to the store, so that its event reuses the writer's object.</summary>
    internal void BeginWrite(WriteHandoff handoff)
    {
        lock (_lock)
        {
            _handoffs[handoff.Key] = handoff;
        }
    }

    /// <summary>
    /// The write succeeded at <paramref name="revision"/>: the object as the cache holds it (or will, once the event
    /// arrives), shared with the writer's reply. The writer must not change the object afterwards.
    /// </summary>
    internal CachedObject CompleteWrite(WriteHandoff handoff, long revision)
    {
        lock (_lock)
        {
            CachedObject result;
            if (handoff.Result is null)
            {
                result = handoff.Result = handoff.Build(Resource, revision);
            }
            else if (handoff.Result.Revision == revision)
            {
                result = handoff.Result;
            }
            else
            {
                // An earlier event with the same bytes took the writer's object: decode a private one.
                result = CachedObject.FromStorage(Resource, handoff.Key, handoff.Storage.Value, revision);
            }
            if (_revision >= revision)
            {
                RemoveHandoff(handoff);
            }
            return result;
        }
    }

    /// <summary>The write failed or was not made.</summary>
    internal void AbortWrite(WriteHandoff handoff)
    {
        lock (_lock)
        {
            RemoveHandoff(handoff);
        }
    }

    private void RemoveHandoff(WriteHandoff handoff)
    {
        if (_handoffs.TryGetValue(handoff.Key, out var registered) && ReferenceEquals(registered, handoff))
        {
            _handoffs.Remove(handoff.Key);
        }
    }

    /// <summary>The number of registered writes whose event has not arrived (for tests).</summary>
    internal int PendingWrites
    {
        get
        {
            lock (_lock)
            {
                return _handoffs.Count;
            }
        }
    }

    /// <summary>The revision the cache reflects: every event of this resource up to it has been applied.</summary>
    public long Revision
    {
        get
        {
            lock (_lock)
            {
                return _revision;
            }
        }
    }

    /// <summary>
    /// Sends the periodic BOOKMARK to every watcher that asked for bookmarks and whose time has come, carrying the
    /// cache's revision (at least <paramref name="revision"/>, up to which the dispatcher has delivered every event),
    /// as upstream's cacher does about once a minute per watcher.
    /// </summary>
    internal void SendDueBookmarks(DateTimeOffset now, long revision, TimeSpan frequency)
    {
        lock (_lock)
        {
            _revision = Math.Max(_revision, revision);
            CacheEvent? bookmark = null;
            foreach (var watcher in _watchers)
            {
                if (watcher.NextBookmark is { } due && due <= now)
                {
                    bookmark ??= new CacheEvent(ApiWatchEventType.Bookmark, BookmarkObject(_revision, initialEventsEnd: false), null, _revision);
                    watcher.Offer(bookmark);
                    watcher.ScheduleBookmark(now, frequency);
                }
            }
        }
    }

    /// <summary>The object a BOOKMARK carries: an empty object of the resource's kind with only its
    /// resourceVersion (and the initial-events-end annotation after the initial events of a watch list).</summary>
    public CachedObject BookmarkObject(long revision, bool initialEventsEnd)
    {
        var obj = (KubeSharp.Api.IKubeMetaObject)KubeSharp.Api.Serialization.KubeJson.Deserialize(Resource.Type, "{}"u8);
        obj.ApiVersion = Resource.Type.ApiVersion;
        obj.Kind = Resource.Type.Kind;
        obj.Metadata.ResourceVersion = revision.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (initialEventsEnd)
        {
            obj.Metadata.Annotations = new Dictionary<string, string> { [InitialEventsEndAnnotation] = "true" };
        }
        return new CachedObject(Resource, "", obj, revision);
    }

    /// <summary>The annotation marking the bookmark that ends a watch list's initial events.</summary>
    public const string InitialEventsEndAnnotation = "k8s.io/initial-events-end";

    /// <summary>The matching objects in key order.</summary>
    public List<CachedObject> List(ListFilter filter)
    {
        lock (_lock)
        {
            var result = new List<CachedObject>();
            IEnumerable<CachedObject> source = _objects.Values;
            foreach (var obj in source)
            {
                if (filter.Matches(obj))
                {
                    result.Add(obj);
                }
            }
            return result;
        }
    }

    /// <summary>The matching objects in key order and the revision they reflect: at least
    /// <paramref name="deliveredRevision"/>, up to which the dispatcher had applied every event before the call.</summary>
    public (List<CachedObject> Items, long Revision) ListAt(ListFilter filter, long deliveredRevision)
    {
        lock (_lock)
        {
            _revision = Math.Max(_revision, deliveredRevision);
            return (List(filter), _revision);
        }
    }

    /// <summary>
    /// The objects (all of them, in key order) as of the cache's current state and the revision that state is
    /// read at (at least <paramref name="deliveredRevision"/>, as <see cref="ListAt"/>). The array is a snapshot: it
    /// stays valid for every revision until the next change, and later lists or continue tokens at those revisions are
    /// served from it (<see cref="SnapshotAt"/>), as upstream's cacher serves paginated lists from its snapshots.
    /// </summary>
    public (CachedObject[] Items, long Revision) SnapshotNow(long deliveredRevision)
    {
        lock (_lock)
        {
            _revision = Math.Max(_revision, deliveredRevision);
            return (CurrentSnapshot().Items, _revision);
        }
    }

    /// <summary>
    /// The objects in key order exactly as they were at <paramref name="revision"/>, or null when the cache cannot
    /// tell: no kept snapshot covers it (it is older than the last change and was never snapshotted, or its snapshot
    /// was dropped), or it is newer than what the cache has seen (<paramref name="deliveredRevision"/>). Compaction is
    /// the caller's to check: the store answers 410 for a compacted revision even when its state is known here.
    /// </summary>
    public CachedObject[]? SnapshotAt(long revision, long deliveredRevision)
    {
        lock (_lock)
        {
            _revision = Math.Max(_revision, deliveredRevision);
            if (revision > _revision)
            {
                return null;
            }
            if (revision >= _lastChange)
            {
                return CurrentSnapshot().Items;
            }
            for (var i = _snapshots.Count - 1; i >= 0; i--)
            {
                if (_snapshots[i].From <= revision && revision < _snapshots[i].Until)
                {
                    return _snapshots[i].Items;
                }
            }
            return null;
        }
    }

    private Snapshot CurrentSnapshot()
    {
        if (_current is null)
        {
            _current = new Snapshot([.. _objects.Values], _lastChange);
            _snapshots.Add(_current);
            if (_snapshots.Count > MaxSnapshots)
            {
                _snapshots.RemoveAt(0);
            }
        }
        return _current;
    }

    /// <summary>The objects changed at <paramref name="revision"/>: the current snapshot now ends before it.</summary>
    private void Changed(long revision)
    {
        if (_current is not null)
        {
            _current.Until = revision;
            _current = null;
        }
        _lastChange = revision;
    }

    /// <summary>The objects as they were for revisions in [From, Until).</summary>
    private sealed class Snapshot(CachedObject[] items, long from)
    {
        public CachedObject[] Items { get; } = items;

        public long From { get; } = from;

        public long Until { get; set; } = long.MaxValue;
    }

    /// <summary>One object by key, or null.</summary>
    public CachedObject? Get(string key)
    {
        lock (_lock)
        {
            return _objects.GetValueOrDefault(key);
        }
    }

    /// <summary>
    /// Starts a watch. With <see cref="WatchStart.InitialEvents"/> every matching object is sent as ADDED first (and,
    /// with <paramref name="initialEventsEndBookmark"/>, then a BOOKMARK annotated k8s.io/initial-events-end at the
    /// revision of that state); with <see cref="WatchStart.FromRevision"/> the events after
    /// <paramref name="fromRevision"/> are replayed (a revision older than the event window gives 410 Gone); with
    /// <see cref="WatchStart.Now"/> only later changes are sent.
    /// </summary>
    public CacheWatcher Watch(WatchStart start, long fromRevision, long currentRevision, ListFilter filter, bool bookmarks,
        bool initialEventsEndBookmark = false, DateTimeOffset? now = null, DateTimeOffset? deadline = null, TimeSpan? bookmarkFrequency = null)
    {
        lock (_lock)
        {
            var watcher = new CacheWatcher(filter, bookmarks, deadline, Unregister);
            switch (start)
            {
                case WatchStart.InitialEvents:
                    foreach (var obj in _objects.Values)
                    {
                        watcher.Offer(new CacheEvent(ApiWatchEventType.Added, obj, null, obj.Revision));
                    }
                    if (initialEventsEndBookmark)
                    {
                        _revision = Math.Max(_revision, currentRevision);
                        watcher.Offer(new CacheEvent(ApiWatchEventType.Bookmark, BookmarkObject(_revision, initialEventsEnd: true), null, _revision));
                    }
                    break;
                case WatchStart.FromRevision:
                    if (fromRevision < _oldestServable)
                    {
                        throw ApiErrors.TooOldResourceVersion(fromRevision, Math.Max(_oldestServable, currentRevision));
                    }
                    foreach (var change in _window)
                    {
                        if (change.Revision > fromRevision)
                        {
                            watcher.Offer(change);
                        }
                    }
                    break;
            }
            if (now is { } started && bookmarkFrequency is { } frequency)
            {
                watcher.ScheduleBookmark(started, frequency);
            }
            _watchers.Add(watcher);
            return watcher;
        }
    }

    private void Unregister(CacheWatcher watcher)
    {
        lock (_lock)
        {
            _watchers.Remove(watcher);
        }
    }
}

/// <summary>
/// One write of this server on its way to the store: the typed object and its stored bytes, a
/// <see cref="GappedValue"/> whose gap is where the resourceVersion goes (<see cref="StorageEncoding"/>). Whichever
/// comes first, the store's event reaching the cache or the writer learning its revision, builds the
/// <see cref="CachedObject"/> (under the cache's lock) that both then share.
/// </summary>
internal sealed class WriteHandoff(string key, Api.IKubeMetaObject obj, GappedValue storage)
{
    public string Key { get; } = key;

    public Api.IKubeMetaObject Object { get; } = obj;

    public GappedValue Storage { get; } = storage;

    /// <summary>The shared object once built.</summary>
    public CachedObject? Result { get; set; }

    /// <summary>Whether the event for <paramref name="kv"/> is this write's: the store handed back this write's value
    /// (the embedded store keeps it), or, from a store that copies, the same bytes.</summary>
    public bool Matches(KeyValue kv)
    {
        if (Result is { } built)
        {
            return built.Revision == kv.ModRevision;
        }
        return GappedValue.TryGet(kv.Value, out var value) ? ReferenceEquals(value, Storage) : Storage.ValueEquals(kv.Value.Span);
    }

    /// <summary>Builds the shared object at <paramref name="revision"/>: its JSON is the stored array with the
    /// resourceVersion written into the gap. Called once.</summary>
    public CachedObject Build(ResourceDefinition resource, long revision)
    {
        Object.Metadata.ResourceVersion = revision.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new CachedObject(resource, Key, Object, revision, StorageEncoding.Complete(Storage, revision), Storage.GapStart);
    }
}

/// <summary>Where a watch starts.</summary>
public enum WatchStart
{
    /// <summary>The current state as ADDED events, then changes.</summary>
    InitialEvents,

    /// <summary>The changes after a given revision.</summary>
    FromRevision,

    /// <summary>Only changes from now on.</summary>
    Now,
}
