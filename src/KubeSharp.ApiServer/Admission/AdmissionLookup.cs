using KubeSharp.Api;
using KubeSharp.Api.Core.V1;
using KubeSharp.ApiServer.Registry;
using KubeSharp.Storage;

namespace KubeSharp.ApiServer.Admission;

/// <summary>
/// What admission plugins read of the cluster (upstream's plugins read shared informers): the watch caches, brought up
/// to every write the store has acknowledged once per request (so an object created just before is seen), with the
/// store as the last resort for a namespace the cache lacks. Objects handed out belong to the caches: read only.
/// </summary>
public sealed class AdmissionLookup(ResourceCatalog catalog, IReadOnlyDictionary<ResourceDefinition, ResourceStore> stores,
    CacheDispatcher dispatcher, IKeyValueStore store)
{
    private static readonly TimeSpan FreshnessWait = TimeSpan.FromSeconds(1);

    private static readonly ListFilter AllNamespaces = new("", Api.Labels.Selector.Everything, Api.Fields.Selector.Everything);

    /// <summary>The store of a served resource, or null when the resource is not served.</summary>
    public ResourceStore? StoreOf(string group, string version, string resource)
        => catalog.TryGet(group, version, resource, out var definition) ? stores[definition] : null;

    /// <summary>The namespace, from the cache or (missing there) the store; null when it does not exist. With
    /// <paramref name="fresh"/> the cache is first brought up to the store (a namespace marked Terminating a moment ago
    /// is seen so); without, a cached namespace is taken as it is (enough to know it exists).</summary>
    public async ValueTask<Namespace?> GetNamespaceAsync(AdmissionAttributes attributes, string name, bool fresh, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        if (StoreOf("", "v1", "namespaces") is not { } namespaces)
        {
            return null;
        }
        var trustCache = !fresh || await EnsureFreshAsync(attributes, cancellationToken);
        var key = namespaces.Resource.Key("", name);
        if (trustCache && namespaces.Cache.Get(key) is { Object: Namespace cached })
        {
            return cached;
        }
        var current = await store.GetAsync(key, 0, cancellationToken);
        return current.Kv is null ? null : (Namespace)CachedObject.FromStorage(namespaces.Resource, current.Kv.Key, current.Kv.Value, current.Kv.ModRevision).Object;
    }

    /// <summary>Every object of a resource in a namespace ("" for all or cluster-scoped), from the (fresh) cache.</summary>
    public async ValueTask<List<T>> ListAsync<T>(AdmissionAttributes attributes, string group, string version, string resource, string ns,
        CancellationToken cancellationToken) where T : IKubeMetaObject
    {
        ArgumentNullException.ThrowIfNull(attributes);
        if (StoreOf(group, version, resource) is not { } rs)
        {
            return [];
        }
        await EnsureFreshAsync(attributes, cancellationToken);
        var filter = ns.Length == 0 ? AllNamespaces : new ListFilter(ns, Api.Labels.Selector.Everything, Api.Fields.Selector.Everything);
        var items = rs.Cache.List(filter);
        var result = new List<T>(items.Count);
        foreach (var item in items)
        {
            if (item.Object is T typed)
            {
                result.Add(typed);
            }
        }
        return result;
    }

    /// <summary>One object from the (fresh) cache, or null.</summary>
    public async ValueTask<T?> GetAsync<T>(AdmissionAttributes attributes, string group, string version, string resource, string ns, string name,
        CancellationToken cancellationToken) where T : class, IKubeMetaObject
    {
        ArgumentNullException.ThrowIfNull(attributes);
        if (StoreOf(group, version, resource) is not { } rs)
        {
            return null;
        }
        await EnsureFreshAsync(attributes, cancellationToken);
        return rs.Cache.Get(rs.Resource.Key(ns, name))?.Object as T;
    }

    private async ValueTask<bool> EnsureFreshAsync(AdmissionAttributes attributes, CancellationToken cancellationToken)
    {
        if (attributes.CachesFresh)
        {
            return true;
        }
        var latest = await store.GetCurrentRevisionAsync(cancellationToken);
        var fresh = dispatcher.Revision >= latest || await dispatcher.WaitForRevisionAsync(latest, FreshnessWait, cancellationToken);
        attributes.CachesFresh = fresh;
        return fresh;
    }
}
