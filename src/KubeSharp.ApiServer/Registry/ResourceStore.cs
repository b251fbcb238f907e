using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
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
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
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
        var storage = StorageEncoding.Encode(Resource.Storage, obj, out var gapped);
        var handoff = BeginWrite(key, obj, gapped);
        WriteResult result;
        try
        {
            result = await Store.CreateAsync(key, storage, ttl, cancellationToken);
        }
        catch (StorageException e) when (e.Code == StorageErrorCode.ValueTooLarge)
        {
            AbortWrite(handoff);
            throw Rest.RestHandler.ObjectTooLarge();
        }
        catch
        {
            AbortWrite(handoff);
            throw;
        }
        if (!result.Succeeded)
        {
            AbortWrite(handoff);
            var exists = ApiErrors.AlreadyExists(Resource.GroupResource, meta.Name);
            // Upstream's Store.Create says when the existing object is only waiting for its finalizers.
            if (result.Kv is { } existing && CachedObject.FromStorage(Resource.Storage, key, existing.Value, existing.ModRevision).Object.Metadata.DeletionTimestamp is not null)
            {
                exists.Status.Message = "object is being deleted: " + exists.Status.Message;
            }
            throw exists;
        }
        return CompleteWrite(handoff, key, obj, result.Revision);
    }

    /// <summary>Tells the watch cache about a write about to be made (when its encoding allows sharing).</summary>
    private WriteHandoff? BeginWrite(string key, IKubeMetaObject obj, GappedValue? storage)
    {
        if (storage is null)
        {
            return null;
        }
        var handoff = new WriteHandoff(key, obj, storage);
        Cache.BeginWrite(handoff);
        return handoff;
    }

    private void AbortWrite(WriteHandoff? handoff)
    {
        if (handoff is not null)
        {
            Cache.AbortWrite(handoff);
        }
    }

    /// <summary>The written object: the one the watch cache holds (JSON spliced from the stored bytes), or, when the
    /// encoding could not be shared, a new one encoded on demand.</summary>
    private CachedObject CompleteWrite(WriteHandoff? handoff, string key, IKubeMetaObject obj, long revision)
    {
        if (handoff is not null)
        {
            return Cache.CompleteWrite(handoff, revision);
        }
        obj.Metadata.ResourceVersion = revision.ToString(CultureInfo.InvariantCulture);
        return new CachedObject(Resource.Storage, key, obj, revision);
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
    public ValueTask<(CachedObject Result, bool Created)> GuaranteedUpdateAsync(
        string ns, string name, Func<IKubeMetaObject?, ValueTask<IKubeMetaObject>> update, bool dryRun, TimeSpan? ttl, CancellationToken cancellationToken)
        => GuaranteedUpdateAsync(ns, name, (current, _) => update(current), dryRun, ttl, cancellationToken);

    /// <summary>
    /// As above; <paramref name="update"/> also gets the watch cache's entry its private copy was made from, unchanged
    /// (its object and JSON are shared with readers and watchers: read them, never change them), or null when the
    /// copy came from the store (then the private copy is the only one). Its state machine is pooled (one per write
    /// otherwise).
    /// </summary>
    public ValueTask<(CachedObject Result, bool Created)> GuaranteedUpdateAsync(
        string ns, string name, Func<IKubeMetaObject?, CachedObject?, ValueTask<IKubeMetaObject>> update, bool dryRun, TimeSpan? ttl,
        CancellationToken cancellationToken)
        => GuaranteedUpdateCoreAsync(ns, name, update, copyCached: true, dryRun, ttl, cancellationToken);

    /// <summary>
    /// As above, without the private copy: when the current object comes from the watch cache, <paramref name="update"/>
    /// gets the cache's object itself (the same instance as the entry's <see cref="CachedObject.Object"/>, shared with
    /// readers and watchers) and must not change it or anything it holds: it returns a new object, copying only what it
    /// changes (the pods/status and pods/binding paths, which change a few fields of a large object). When the entry is
    /// null the object came from the store and is the caller's own, as above.
    /// </summary>
    public ValueTask<(CachedObject Result, bool Created)> GuaranteedUpdateSharedAsync(
        string ns, string name, Func<IKubeMetaObject?, CachedObject?, ValueTask<IKubeMetaObject>> update, bool dryRun, TimeSpan? ttl,
        CancellationToken cancellationToken)
        => GuaranteedUpdateCoreAsync(ns, name, update, copyCached: false, dryRun, ttl, cancellationToken);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<(CachedObject Result, bool Created)> GuaranteedUpdateCoreAsync(
        string ns, string name, Func<IKubeMetaObject?, CachedObject?, ValueTask<IKubeMetaObject>> update, bool copyCached, bool dryRun, TimeSpan? ttl,
        CancellationToken cancellationToken)
    {
        var key = Resource.Key(ns, name);
        for (var attempt = 0; ; attempt++)
        {
            // As upstream's cacher: the first attempt starts from the watch cache's object (a private copy), and
            // falls back to the store when that turns out stale (a failed compare-and-swap, an error, or no change).
            var cached = attempt == 0 ? CachedForUpdate(key) : null;
            KeyValue? currentKv = null;
            CachedObject? currentObject = null;
            IKubeMetaObject? currentValue;
            long currentRevision;
            if (cached is not null)
            {
                currentValue = copyCached ? ((IDeepCopyable<IKubeMetaObject>)cached.Object).DeepCopy() : cached.Object;
                currentRevision = cached.Revision;
            }
            else
            {
                currentKv = (await Store.GetAsync(key, 0, cancellationToken)).Kv;
                currentObject = currentKv is null ? null : CachedObject.FromStorage(Resource.Storage, key, currentKv.Value, currentKv.ModRevision);
                currentValue = currentObject?.Object;
                currentRevision = currentKv?.ModRevision ?? 0;
            }
            // The version the caller must match, taken before the callback may change the object it is handed.
            var currentVersion = currentValue?.Metadata.ResourceVersion;
            IKubeMetaObject updated;
            if (cached is null)
            {
                updated = await update(currentValue, null);
            }
            else
            {
                ExceptionDispatchInfo? error = null;
                try
                {
                    updated = await update(currentValue, cached);
                }
                catch (ApiStatusException e)
                {
                    error = ExceptionDispatchInfo.Capture(e);
                    updated = null!;
                }
                if (error is not null)
                {
                    // The cached object may be stale and the error an artifact of it: go again with the live object,
                    // unless the store still holds the cached revision (then the error stands), as upstream.
                    if (await ChangedSinceAsync(key, cached.Revision, cancellationToken))
                    {
                        continue;
                    }
                    error.Throw();
                }
                if (!copyCached && ReferenceEquals(updated, cached.Object))
                {
                    // Encoding changes the object's metadata for a moment: the cache's own object is never written.
                    throw new InvalidOperationException("a shared update must return a new object, not the watch cache's");
                }
            }
            var requested = updated.Metadata.ResourceVersion;
            if (currentValue is null)
            {
                return (await CreateAsync(updated, dryRun, ttl, cancellationToken), true);
            }
            if (requested.Length > 0 && requested != currentVersion)
            {
                if (cached is not null && await ChangedSinceAsync(key, cached.Revision, cancellationToken))
                {
                    continue;
                }
                throw ApiErrors.Conflict(Resource.GroupResource, name, ApiErrors.ObjectModifiedMessage);
            }
            if (dryRun)
            {
                return (new CachedObject(Resource.Storage, key, updated, currentRevision), false);
            }
            var encoded = StorageEncoding.Encode(Resource.Storage, updated, out var gapped);
            if (cached is not null ? cached.StorageFormEquals(encoded) : StorageEquals(encoded, gapped, currentKv!.Value.Span))
            {
                if (cached is not null)
                {
                    // Upstream confirms a no-op against the store before skipping the write.
                    continue;
                }
                // Nothing changed: no write and the resourceVersion stays, as upstream's GuaranteedUpdate.
                return (currentObject!, false);
            }
            var handoff = BeginWrite(key, updated, gapped);
            WriteResult result;
            try
            {
                result = await Store.UpdateAsync(key, encoded, currentRevision, ttl, cancellationToken);
            }
            catch (StorageException e) when (e.Code == StorageErrorCode.ValueTooLarge)
            {
                AbortWrite(handoff);
                throw Rest.RestHandler.ObjectTooLarge();
            }
            catch
            {
                AbortWrite(handoff);
                throw;
            }
            if (result.Succeeded)
            {
                return (CompleteWrite(handoff, key, updated, result.Revision), false);
            }
            AbortWrite(handoff);
            // Written meanwhile: go again with the fresh object, as long as it takes (as upstream's GuaranteedUpdate:
            // every lost compare-and-swap means another write won, so the loop ends; the request's cancellation bounds
            // it); an explicit stale resourceVersion fails above.
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private static bool StorageEquals(ReadOnlyMemory<byte> encoded, GappedValue? gapped, ReadOnlySpan<byte> stored)
        => gapped?.ValueEquals(stored) ?? encoded.Span.SequenceEqual(stored);

    /// <summary>The watch cache's object for an update's first attempt, when its stored form is known (it was written
    /// by this server) and it can be copied; else null (read the store).</summary>
    private CachedObject? CachedForUpdate(string key)
        => Cache.Get(key) is { StorageSlot: >= 0, Object: IDeepCopyable<IKubeMetaObject> } cached ? cached : null;

    /// <summary>Whether the stored object is no longer the one at <paramref name="revision"/> (changed or gone).</summary>
    private async ValueTask<bool> ChangedSinceAsync(string key, long revision, CancellationToken cancellationToken)
        => (await Store.GetAsync(key, 0, cancellationToken)).Kv?.ModRevision != revision;

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
