using System.Globalization;
using KubeSharp.Api;
using KubeSharp.ApiServer.Errors;
using KubeSharp.Storage;

namespace KubeSharp.ApiServer.Registry;

/// <summary>
/// Generic storage of one resource over the key/value store (upstream's genericregistry.Store): create, get,
/// guaranteed update (read, change, compare-and-swap, retry on conflict) and delete, with the resource's strategy
/// applied. Lists and watches are served by its <see cref="WatchCache"/>. A store of a version other than the storage
/// version shares the storage version's cache; it takes and returns storage-version objects (the REST layer converts).
/// </summary>
public sealed class ResourceStore(ResourceDefinition resource, IKeyValueStore store, WatchCache cache, TimeProvider time)
{
    public ResourceDefinition Resource { get; } = resource;

    public WatchCache Cache { get; } = cache;

    public IKeyValueStore Store { get; } = store;

    /// <summary>The resource's write hooks (Services' allocators), if any. Set once at startup.</summary>
    public IResourceHooks? Hooks { get; set; }

    /// <summary>Reads one object from the store (a consistent read).</summary>
    public async ValueTask<CachedObject> GetAsync(string ns, string name, CancellationToken cancellationToken)
    {
        var key = Resource.Key(ns, name);
        var result = await Store.GetAsync(key, 0, cancellationToken);
        if (result.Kv is null)
        {
            throw ApiErrors.NotFound(Resource.GroupResource, name);
        }
        return CachedObject.FromStorage(Resource.Storage, key, result.Kv.Value, result.Kv.ModRevision);
    }

    /// <summary>Creates an object that has been prepared, defaulted and validated.</summary>
    public async ValueTask<CachedObject> CreateAsync(IKubeMetaObject obj, bool dryRun, TimeSpan? ttl, CancellationToken cancellationToken)
    {
        var meta = obj.Metadata;
        if (meta.Uid.Length == 0)
        {
            meta.Uid = Guid.NewGuid().ToString();
        }
        meta.CreationTimestamp = Time.Now(time).Rfc3339Copy();
        meta.ResourceVersion = "";
        var key = Resource.Key(meta.Namespace, meta.Name);
        if (dryRun)
        {
            var existing = await Store.GetAsync(key, 0, cancellationToken);
            if (existing.Kv is not null)
            {
                throw ApiErrors.AlreadyExists(Resource.GroupResource, meta.Name);
            }
            return new CachedObject(Resource.Storage, key, obj, 0);
        }
        var result = await Store.CreateAsync(key, CachedObject.EncodeForStorage(Resource.Storage, obj), ttl, cancellationToken);
        if (!result.Succeeded)
        {
            var exists = ApiErrors.AlreadyExists(Resource.GroupResource, meta.Name);
            // Upstream's Store.Create says when the existing object is only waiting for its finalizers.
            if (result.Kv is { } existing && CachedObject.FromStorage(Resource.Storage, key, existing.Value, existing.ModRevision).Object.Metadata.DeletionTimestamp is not null)
            {
                exists.Status.Message = "object is being deleted: " + exists.Status.Message;
            }
            throw exists;
        }
        meta.ResourceVersion = result.Revision.ToString(CultureInfo.InvariantCulture);
        return new CachedObject(Resource.Storage, key, obj, result.Revision);
    }

    /// <summary>
    /// Updates an object: <paramref name="update"/> gets a private copy of the current object (or null when it does
    /// not exist) and returns the new object, or throws an API error. The new object's resourceVersion must match the
    /// current one (409 otherwise); callers making unconditional updates copy the current one in. On a concurrent write
    /// the update is retried with the fresh object.
    /// </summary>
    public ValueTask<(CachedObject Result, bool Created)> GuaranteedUpdateAsync(
        string ns, string name, Func<IKubeMetaObject?, IKubeMetaObject> update, bool dryRun, TimeSpan? ttl, CancellationToken cancellationToken)
        => GuaranteedUpdateAsync(ns, name, current => ValueTask.FromResult(update(current)), dryRun, ttl, cancellationToken);

    /// <summary>As above, with an asynchronous <paramref name="update"/> (one that runs write hooks).</summary>
    public async ValueTask<(CachedObject Result, bool Created)> GuaranteedUpdateAsync(
        string ns, string name, Func<IKubeMetaObject?, ValueTask<IKubeMetaObject>> update, bool dryRun, TimeSpan? ttl, CancellationToken cancellationToken)
    {
        var key = Resource.Key(ns, name);
        for (var attempt = 0; ; attempt++)
        {
            var current = await Store.GetAsync(key, 0, cancellationToken);
            var currentObject = current.Kv is null ? null : CachedObject.FromStorage(Resource.Storage, key, current.Kv.Value, current.Kv.ModRevision);
            // The version the caller must match, taken before the callback may change the object it is handed.
            var currentVersion = currentObject?.Object.Metadata.ResourceVersion;
            var updated = await update(currentObject?.Object);
            var requested = updated.Metadata.ResourceVersion;
            if (currentObject is null)
            {
                return (await CreateAsync(updated, dryRun, ttl, cancellationToken), true);
            }
            if (requested.Length > 0 && requested != currentVersion)
            {
                throw ApiErrors.Conflict(Resource.GroupResource, name, ApiErrors.ObjectModifiedMessage);
            }
            if (dryRun)
            {
                return (new CachedObject(Resource.Storage, key, updated, currentObject.Revision), false);
            }
            var encoded = CachedObject.EncodeForStorage(Resource.Storage, updated);
            if (encoded.AsSpan().SequenceEqual(current.Kv!.Value.Span))
            {
                // Nothing changed: no write and the resourceVersion stays, as upstream's GuaranteedUpdate.
                return (currentObject, false);
            }
            var result = await Store.UpdateAsync(key, encoded, current.Kv.ModRevision, ttl, cancellationToken);
            if (result.Succeeded)
            {
                updated.Metadata.ResourceVersion = result.Revision.ToString(CultureInfo.InvariantCulture);
                return (new CachedObject(Resource.Storage, key, updated, result.Revision), false);
            }
            // Written meanwhile: go again with the fresh object; an explicit stale resourceVersion fails above.
            if (attempt > 20)
            {
                throw ApiErrors.Conflict(Resource.GroupResource, name, ApiErrors.ObjectModifiedMessage);
            }
        }
    }

    /// <summary>Deletes an object if it still has <paramref name="expectedRevision"/> (0 = any).</summary>
    public async ValueTask<CachedObject> DeleteAsync(CachedObject current, bool dryRun, CancellationToken cancellationToken)
    {
        if (dryRun)
        {
            return current;
        }
        var result = await Store.DeleteAsync(current.Key, current.Revision, cancellationToken);
        if (!result.Succeeded)
        {
            if (result.Kv is null)
            {
                throw ApiErrors.NotFound(Resource.GroupResource, current.Object.Metadata.Name);
            }
            throw ApiErrors.Conflict(Resource.GroupResource, current.Object.Metadata.Name, ApiErrors.ObjectModifiedMessage);
        }
        if (Hooks is not null)
        {
            await Hooks.AfterDeleteAsync(current.Object, CancellationToken.None);
        }
        return current;
    }
}
