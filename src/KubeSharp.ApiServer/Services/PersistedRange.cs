using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Serialization;
using KubeSharp.ApiServer.Errors;
using KubeSharp.Storage;

namespace KubeSharp.ApiServer.Services;

/// <summary>
/// An allocation bitmap kept in the store as upstream keeps it: a v1 RangeAllocation (<c>range</c>, <c>data</c> =
/// the bitmap snapshot) under one key such as <c>/registry/ranges/serviceips</c>. Every change reads the stored
/// bitmap, applies the change and writes it back with compare-and-swap on the key's revision, retrying on conflict,
/// so API servers sharing a store never hand out the same value twice. Changes in this process are serialized to
/// avoid needless conflicts; the last bitmap read is reused while the key's revision is unchanged.
/// </summary>
public sealed class PersistedRange : IDisposable
{
    private readonly IKeyValueStore _store;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly AllocationBitmap _bitmap;
    private long _cachedRevision = -1;

    public PersistedRange(IKeyValueStore store, string key, string rangeSpec, int size, int offset)
    {
        _store = store;
        Key = key;
        RangeSpec = rangeSpec;
        _bitmap = new AllocationBitmap(size, offset);
    }

    /// <summary>The store key, e.g. /registry/ranges/serviceips.</summary>
    public string Key { get; }

    /// <summary>The range as written in the RangeAllocation (a CIDR, or "30000-32767").</summary>
    public string RangeSpec { get; }

    public int Size => _bitmap.Size;

    /// <summary>
    /// Applies <paramref name="change"/> to the current bitmap and persists it when it reports a change. With
    /// <paramref name="reset"/> a stored bitmap of another range is discarded (the repair after a range change);
    /// otherwise it is an error. <paramref name="change"/> may run more than once (on conflicts).
    /// </summary>
    public ValueTask<T> UpdateAsync<T>(Func<AllocationBitmap, (T Result, bool Changed)> change, CancellationToken cancellationToken, bool reset = false)
        => UpdateAsync((bitmap, _) => ValueTask.FromResult(change(bitmap)), cancellationToken, reset);

    /// <summary>The general form of the change above:
    /// <paramref name="change"/> also gets the store revision the bitmap was read at, so it can read other keys at
    /// the same revision (a consistent snapshot, as the repair does).</summary>
    public async ValueTask<T> UpdateAsync<T>(Func<AllocationBitmap, long, ValueTask<(T Result, bool Changed)>> change, CancellationToken cancellationToken, bool reset = false)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                var current = await _store.GetAsync(Key, 0, cancellationToken);
                Load(current.Kv, reset);
                var (result, changed) = await change(_bitmap, current.Revision);
                if (!changed)
                {
                    return result;
                }
                var value = Encode(_bitmap);
                WriteResult written;
                try
                {
                    written = current.Kv is null
                        ? await _store.CreateAsync(Key, value, null, cancellationToken)
                        : await _store.UpdateAsync(Key, value, current.Kv.ModRevision, null, cancellationToken);
                }
                catch (StorageException e) when (e.Code == StorageErrorCode.ValueTooLarge)
                {
                    throw Rest.RestHandler.ObjectTooLarge();
                }
                if (written.Succeeded)
                {
                    _cachedRevision = written.Revision;
                    return result;
                }
                // Written by another server meanwhile: start over from its bitmap.
                _cachedRevision = -1;
                if (attempt > 50)
                {
                    throw ApiErrors.InternalError($"unable to update the allocation range {Key}: too many concurrent changes");
                }
            }
        }
        catch
        {
            _cachedRevision = -1;
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Whether <paramref name="offset"/> is allocated in the stored bitmap.</summary>
    public async ValueTask<bool> HasAsync(int offset, CancellationToken cancellationToken)
        => await UpdateAsync(bitmap => (bitmap.Has(offset), false), cancellationToken);

    private void Load(KeyValue? kv, bool reset)
    {
        if (kv is null)
        {
            _bitmap.Restore([]);
            _cachedRevision = -1;
            return;
        }
        if (kv.ModRevision == _cachedRevision)
        {
            return;
        }
        RangeAllocation stored;
        try
        {
            stored = KubeJson.Deserialize<RangeAllocation>(kv.Value);
        }
        catch (JsonDecodeException) when (reset)
        {
            stored = new RangeAllocation { Range = RangeSpec };
        }
        if (stored.Range != RangeSpec)
        {
            if (!reset)
            {
                throw ApiErrors.InternalError($"the stored allocation range {stored.Range} does not match the configured range {RangeSpec}");
            }
            stored.Data = [];
        }
        _bitmap.Restore(stored.Data ?? []);
        _cachedRevision = kv.ModRevision;
    }

    private byte[] Encode(AllocationBitmap bitmap)
    {
        var allocation = new RangeAllocation
        {
            ApiVersion = RangeAllocation.KubeApiVersion,
            Kind = RangeAllocation.KubeKind,
            Range = RangeSpec,
            Data = bitmap.Snapshot(),
        };
        return KubeJson.SerializeToUtf8Bytes(allocation);
    }

    public void Dispose() => _gate.Dispose();
}
