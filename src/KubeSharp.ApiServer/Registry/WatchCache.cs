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

    public WatchCache(ResourceDefinition resource, int windowSize = 1000)
    {
        Resource = resource;
        _windowSize = windowSize;
    }

    public ResourceDefinition Resource { get; }

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
            _oldestServable = revision;
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
                var obj = CachedObject.FromStorage(Resource, kv.Key, kv.Value, kv.ModRevision);
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
                return;
            }
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

    /// <summary>Sends a BOOKMARK at <paramref name="revision"/> to watchers that asked for them.</summary>
    internal void Bookmark(long revision, Func<long, CachedObject> bookmarkObject)
    {
        lock (_lock)
        {
            if (_watchers.Count == 0)
            {
                return;
            }
            var bookmark = new CacheEvent(ApiWatchEventType.Bookmark, bookmarkObject(revision), null, revision);
            foreach (var watcher in _watchers)
            {
                watcher.Offer(bookmark);
            }
        }
    }

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

    /// <summary>One object by key, or null.</summary>
    public CachedObject? Get(string key)
    {
        lock (_lock)
        {
            return _objects.GetValueOrDefault(key);
        }
    }

    /// <summary>
    /// Starts a watch. <paramref name="fromRevision"/> 0 sends every matching object as ADDED first; otherwise the
    /// events after that revision are replayed. A revision older than the event window gives 410 Gone.
    /// </summary>
    public CacheWatcher Watch(long fromRevision, long currentRevision, ListFilter filter, bool bookmarks)
    {
        lock (_lock)
        {
            var watcher = new CacheWatcher(filter, bookmarks, Unregister);
            if (fromRevision == 0)
            {
                foreach (var obj in _objects.Values)
                {
                    watcher.Offer(new CacheEvent(ApiWatchEventType.Added, obj, null, obj.Revision));
                }
            }
            else
            {
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
