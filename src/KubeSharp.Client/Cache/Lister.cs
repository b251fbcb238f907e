using KubeSharp.Api.Labels;

namespace KubeSharp.Client.Cache;

/// <summary>
/// Reads an informer's cache (client-go's generic lister). The objects returned are the cached instances, shared with
/// every other reader: do not mutate them (DeepCopy first, then update through the client). In tests,
/// <see cref="SharedInformerOptions.DetectMutations"/> catches violations.
/// </summary>
public sealed class Lister<T>
    where T : class
{
    private readonly ThreadSafeIndexer<T> _indexer;
    private readonly ObjectAdapter<T> _adapter;

    /// <summary>Creates a lister over an indexer that has the namespace index (<see cref="ThreadSafeIndexer.WithNamespaceIndex{T}"/>).</summary>
    public Lister(ThreadSafeIndexer<T> indexer, ObjectAdapter<T> adapter)
    {
        ArgumentNullException.ThrowIfNull(indexer);
        ArgumentNullException.ThrowIfNull(adapter);
        _indexer = indexer;
        _adapter = adapter;
    }

    /// <summary>Every cached object matching the selector (all when null or empty), across namespaces.</summary>
    public IReadOnlyList<T> List(Selector? selector = null) => Filter(_indexer.List(), selector);

    /// <summary>Every cached object matching a label selector string (<c>app=web</c>).</summary>
    /// <exception cref="FormatException">The selector does not parse.</exception>
    public IReadOnlyList<T> List(string labelSelector) => List(ParseSelector(labelSelector));

    /// <summary>A cluster-scoped object by name (or any object by its full key "namespace/name"), or null.</summary>
    public T? Get(string name) => _indexer.GetByKey(name);

    /// <summary>The objects of one namespace.</summary>
    public NamespaceLister<T> Namespace(string @namespace) => new(_indexer, @namespace, this);

    internal IReadOnlyList<T> Filter(IReadOnlyList<T> items, Selector? selector)
    {
        if (selector is null || selector.IsEmpty)
        {
            return items;
        }
        return [.. items.Where(i => selector.Matches(_adapter.GetLabels(i)))];
    }

    internal static Selector ParseSelector(string labelSelector)
    {
        ArgumentNullException.ThrowIfNull(labelSelector);
        if (labelSelector.Trim().Length == 0)
        {
            return Selector.Everything;
        }
        return Selector.TryParse(labelSelector, out var selector, out var error) ? selector : throw new FormatException(error);
    }
}

/// <summary>The cached objects of one namespace.</summary>
public sealed class NamespaceLister<T>
    where T : class
{
    private readonly ThreadSafeIndexer<T> _indexer;
    private readonly string _namespace;
    private readonly Lister<T> _parent;

    internal NamespaceLister(ThreadSafeIndexer<T> indexer, string @namespace, Lister<T> parent)
    {
        _indexer = indexer;
        _namespace = @namespace;
        _parent = parent;
    }

    /// <summary>The namespace's objects matching the selector (all when null or empty).</summary>
    public IReadOnlyList<T> List(Selector? selector = null) => _parent.Filter(_indexer.ByIndex(IndexNames.Namespace, _namespace), selector);

    /// <summary>The namespace's objects matching a label selector string.</summary>
    public IReadOnlyList<T> List(string labelSelector) => List(Lister<T>.ParseSelector(labelSelector));

    /// <summary>An object by name, or null.</summary>
    public T? Get(string name) => _indexer.GetByKey(CacheKeys.Of(_namespace, name));
}
