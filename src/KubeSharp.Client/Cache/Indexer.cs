namespace KubeSharp.Client.Cache;

/// <summary>An index function: the index values of an object (for example its namespace, its node name).</summary>
public delegate IEnumerable<string> IndexFunc<in T>(T obj);

/// <summary>Well-known index names.</summary>
public static class IndexNames
{
    /// <summary>The namespace index every informer's indexer has (metadata.namespace; "" for cluster-scoped objects).</summary>
    public const string Namespace = "namespace";
}

/// <summary>
/// A thread-safe object store keyed "namespace/name" (or "name") with secondary indexes (client-go's
/// threadSafeStore + Indexer). Objects handed out are the stored instances: callers must not mutate them (copy with
/// <see cref="ObjectAdapter{T}.DeepCopy"/> first).
/// </summary>
public interface IIndexer<T>
    where T : class
{
    /// <summary>The object with this key, or null.</summary>
    T? GetByKey(string key);

    /// <summary>All objects (a snapshot list; order unspecified).</summary>
    IReadOnlyList<T> List();

    /// <summary>All keys (a snapshot).</summary>
    IReadOnlyList<string> ListKeys();

    /// <summary>The number of objects.</summary>
    int Count { get; }

    /// <summary>The objects whose <paramref name="indexName"/> index values include <paramref name="indexValue"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such index.</exception>
    IReadOnlyList<T> ByIndex(string indexName, string indexValue);

    /// <summary>The keys whose <paramref name="indexName"/> index values include <paramref name="indexValue"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such index.</exception>
    IReadOnlyList<string> IndexKeys(string indexName, string indexValue);

    /// <summary>The objects sharing any index value with <paramref name="obj"/> in <paramref name="indexName"/>.</summary>
    IReadOnlyList<T> Index(string indexName, T obj);

    /// <summary>The distinct values present in an index.</summary>
    IReadOnlyList<string> ListIndexFuncValues(string indexName);

    /// <summary>Adds indexes; existing objects are indexed at once. A name already in use throws.</summary>
    void AddIndexers(IReadOnlyDictionary<string, IndexFunc<T>> indexers);

    /// <summary>The index names.</summary>
    IReadOnlyCollection<string> IndexerNames { get; }
}

/// <summary>Factory of indexers.</summary>
public static class ThreadSafeIndexer
{
    /// <summary>An indexer keyed "namespace/name" with the namespace index.</summary>
    public static ThreadSafeIndexer<T> WithNamespaceIndex<T>(ObjectAdapter<T> adapter)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(adapter);
        return new ThreadSafeIndexer<T>(adapter.KeyOf, new Dictionary<string, IndexFunc<T>>
        {
            [IndexNames.Namespace] = SingleValue<T>(adapter.GetNamespace),
        });
    }

    /// <summary>
    /// An index function of exactly one value per object (a namespace, a node name). The indexer calls
    /// <paramref name="value"/> directly (no list per call) and leaves the index alone when an update keeps the value.
    /// </summary>
    public static IndexFunc<T> SingleValue<T>(Func<T, string> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new SingleValueIndex<T>(value).Values;
    }
}

/// <summary>The target of a <see cref="ThreadSafeIndexer.SingleValue{T}"/> index function.</summary>
internal sealed class SingleValueIndex<T>(Func<T, string> value)
{
    public Func<T, string> Value { get; } = value;

    public IEnumerable<string> Values(T obj) => [Value(obj)];
}

/// <summary>The thread-safe indexer (a lock around dictionaries; reads return snapshots).</summary>
public sealed class ThreadSafeIndexer<T> : IIndexer<T>
    where T : class
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, T> _items = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IndexFunc<T>> _indexers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, HashSet<string>>> _indices = new(StringComparer.Ordinal);

    // Per index, in the order added: its name, index, and for single-valued functions the value function.
    private readonly List<(string Name, IndexFunc<T> Func, Func<T, string>? Single, Dictionary<string, HashSet<string>> Index)> _indexList = [];
    private readonly Func<T, string> _keyOf;

    /// <summary>Creates an indexer keyed by <paramref name="keyOf"/> with the given indexes.</summary>
    public ThreadSafeIndexer(Func<T, string> keyOf, IReadOnlyDictionary<string, IndexFunc<T>>? indexers = null)
    {
        ArgumentNullException.ThrowIfNull(keyOf);
        _keyOf = keyOf;
        if (indexers is not null)
        {
            AddIndexers(indexers);
        }
    }

    /// <summary>The key of an object.</summary>
    public string KeyOf(T obj) => _keyOf(obj);

    /// <inheritdoc/>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _items.Count;
            }
        }
    }

    /// <inheritdoc/>
    public IReadOnlyCollection<string> IndexerNames
    {
        get
        {
            lock (_lock)
            {
                return [.. _indexers.Keys];
            }
        }
    }

    /// <summary>Adds or replaces an object; returns the previous one (or null).</summary>
    public T? AddOrUpdate(T obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var key = _keyOf(obj);
        lock (_lock)
        {
            _items.TryGetValue(key, out var old);
            _items[key] = obj;
            UpdateIndices(old, obj, key);
            return old;
        }
    }

    /// <summary>Removes the object with this key; returns it (or null when absent).</summary>
    public T? DeleteByKey(string key)
    {
        lock (_lock)
        {
            if (!_items.Remove(key, out var old))
            {
                return null;
            }
            UpdateIndices(old, null, key);
            return old;
        }
    }

    /// <summary>Replaces the whole contents.</summary>
    public void Replace(IEnumerable<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        lock (_lock)
        {
            _items.Clear();
            foreach (var obj in items)
            {
                _items[_keyOf(obj)] = obj;
            }
            for (var i = 0; i < _indexList.Count; i++)
            {
                var entry = _indexList[i];
                entry.Index = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
                _indices[entry.Name] = entry.Index;
                _indexList[i] = entry;
            }
            foreach (var (key, obj) in _items)
            {
                UpdateIndices(null, obj, key);
            }
        }
    }

    /// <inheritdoc/>
    public T? GetByKey(string key)
    {
        lock (_lock)
        {
            return _items.GetValueOrDefault(key);
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<T> List()
    {
        lock (_lock)
        {
            return [.. _items.Values];
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> ListKeys()
    {
        lock (_lock)
        {
            return [.. _items.Keys];
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<T> ByIndex(string indexName, string indexValue)
    {
        lock (_lock)
        {
            var index = IndexOf(indexName);
            if (!index.TryGetValue(indexValue, out var keys))
            {
                return [];
            }
            var result = new T[keys.Count];
            var i = 0;
            foreach (var key in keys)
            {
                result[i++] = _items[key];
            }
            return result;
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> IndexKeys(string indexName, string indexValue)
    {
        lock (_lock)
        {
            var index = IndexOf(indexName);
            return index.TryGetValue(indexValue, out var keys) ? [.. keys] : [];
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<T> Index(string indexName, T obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        lock (_lock)
        {
            var index = IndexOf(indexName);
            var keys = new HashSet<string>(StringComparer.Ordinal);
            foreach (var value in _indexers[indexName](obj))
            {
                if (index.TryGetValue(value, out var set))
                {
                    keys.UnionWith(set);
                }
            }
            return [.. keys.Select(k => _items[k])];
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> ListIndexFuncValues(string indexName)
    {
        lock (_lock)
        {
            return [.. IndexOf(indexName).Keys];
        }
    }

    /// <inheritdoc/>
    public void AddIndexers(IReadOnlyDictionary<string, IndexFunc<T>> indexers)
    {
        ArgumentNullException.ThrowIfNull(indexers);
        lock (_lock)
        {
            foreach (var name in indexers.Keys)
            {
                if (_indexers.ContainsKey(name))
                {
                    throw new ArgumentException($"indexer conflict: {name}", nameof(indexers));
                }
            }
            foreach (var (name, func) in indexers)
            {
                _indexers[name] = func;
                var index = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
                _indices[name] = index;
                _indexList.Add((name, func, (func.Target as SingleValueIndex<T>)?.Value, index));
                foreach (var (key, obj) in _items)
                {
                    foreach (var value in func(obj))
                    {
                        Add(index, value, key);
                    }
                }
            }
        }
    }

    private Dictionary<string, HashSet<string>> IndexOf(string indexName)
        => _indices.TryGetValue(indexName, out var index) ? index : throw new KeyNotFoundException($"Index with name {indexName} does not exist");

    private void UpdateIndices(T? old, T? obj, string key)
    {
        foreach (var (_, func, single, index) in _indexList)
        {
            if (single is not null)
            {
                // One value each: nothing to do when an update keeps it.
                var oldValue = old is null ? null : single(old);
                var newValue = obj is null ? null : single(obj);
                if (oldValue is not null && newValue is not null && string.Equals(oldValue, newValue, StringComparison.Ordinal))
                {
                    continue;
                }
                if (oldValue is not null)
                {
                    Remove(index, oldValue, key);
                }
                if (newValue is not null)
                {
                    Add(index, newValue, key);
                }
                continue;
            }
            // Index functions give a value or two: compare them as lists, no sets per update.
            var oldValues = old is null ? [] : Values(func(old));
            var newValues = obj is null ? [] : Values(func(obj));
            for (var i = 0; i < oldValues.Count; i++)
            {
                if (!Contains(newValues, oldValues[i]))
                {
                    Remove(index, oldValues[i], key);
                }
            }
            for (var i = 0; i < newValues.Count; i++)
            {
                if (old is null || !Contains(oldValues, newValues[i]))
                {
                    Add(index, newValues[i], key);
                }
            }
        }
    }

    private static void Remove(Dictionary<string, HashSet<string>> index, string value, string key)
    {
        if (index.TryGetValue(value, out var set))
        {
            set.Remove(key);
            if (set.Count == 0)
            {
                index.Remove(value);
            }
        }
    }

    private static IReadOnlyList<string> Values(IEnumerable<string> values) => values as IReadOnlyList<string> ?? [.. values];

    private static bool Contains(IReadOnlyList<string> values, string value)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (string.Equals(values[i], value, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    private static void Add(Dictionary<string, HashSet<string>> index, string value, string key)
    {
        if (!index.TryGetValue(value, out var set))
        {
            index[value] = set = new HashSet<string>(StringComparer.Ordinal);
        }
        set.Add(key);
    }
}
