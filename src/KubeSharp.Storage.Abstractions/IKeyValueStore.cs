namespace KubeSharp.Storage;

/// <summary>
/// A revisioned key/value store shaped like etcd v3: the store the API server keeps every object in.
/// </summary>
/// <remarks>
/// <para><b>Revisions.</b> The store has one revision counter. Every successful write (create, update, delete)
/// increments it by exactly one and stamps the written key with it (<see cref="KeyValue.ModRevision"/>).
/// Revisions are positive, strictly increasing and never reused, also across restarts. The API server
/// uses them as <c>resourceVersion</c>.</para>
/// <para><b>Consistency.</b> A write is durable when its task completes: after a crash or power loss every
/// acknowledged write is present and no unacknowledged write is half-applied. Reads at the latest revision
/// observe every write acknowledged before the read started. Reads at an older revision see the store as
/// it was then, until that revision is compacted.</para>
/// <para><b>Keys</b> are UTF-8 strings compared bytewise, laid out as upstream does:
/// <c>/registry/&lt;resource&gt;/&lt;namespace&gt;/&lt;name&gt;</c>. Values are opaque bytes up to
/// <see cref="StorageLimits.MaxValueBytes"/>. A value passed to a write is handed over: the store may keep its
/// memory without copying it (as the written <see cref="KeyValue.Value"/>, in watch events), so the caller must not
/// change those bytes after the call. A <see cref="GappedValue"/>'s memory is a value like any other (its gap is not
/// part of it); an engine may write it from its two parts.</para>
/// <para><b>Threading.</b> Every member is safe to call concurrently. Expected outcomes (key exists,
/// revision mismatch, not found) are values; exceptions are for bad input (<see cref="StorageException"/>
/// with a <see cref="StorageErrorCode"/>), an unavailable backend, or cancellation.</para>
/// </remarks>
public interface IKeyValueStore : IAsyncDisposable
{
    /// <summary>The current revision (of the last write). A new, empty store reports its starting revision:
    /// 0, except on etcd, whose counter starts at 1 (its first write gets revision 2).</summary>
    ValueTask<long> GetCurrentRevisionAsync(CancellationToken cancellationToken);

    /// <summary>Reads one key at <paramref name="revision"/> (0 = latest). Found or not, the result carries
    /// the store revision the read was served at. Throws <see cref="StorageException"/> with
    /// <see cref="StorageErrorCode.Compacted"/> when the revision has been compacted, or
    /// <see cref="StorageErrorCode.FutureRevision"/> when it is newer than the store.</summary>
    ValueTask<GetResult> GetAsync(string key, long revision, CancellationToken cancellationToken);

    /// <summary>
    /// Reads keys in <c>[request.Key, request.RangeEnd)</c> in key order at a revision (0 = latest), at most
    /// <see cref="RangeRequest.Limit"/> of them (0 = all). <see cref="RangeResult.More"/> says whether keys
    /// remain; paging continues with <c>Key = lastKey + "\0"</c> at the <see cref="RangeResult.Revision"/> the
    /// first page returned, so the pages form one consistent snapshot while writes go on.
    /// Compacted or future revisions throw as in <see cref="GetAsync"/>.
    /// </summary>
    ValueTask<RangeResult> RangeAsync(RangeRequest request, CancellationToken cancellationToken);

    /// <summary>Creates a key that must not exist. On conflict nothing is written and the result carries the
    /// existing value. <paramref name="ttl"/>, when given, deletes the key after that time (Events).</summary>
    ValueTask<WriteResult> CreateAsync(string key, ReadOnlyMemory<byte> value, TimeSpan? ttl, CancellationToken cancellationToken);

    /// <summary>Replaces a key's value if its mod revision equals <paramref name="expectedModRevision"/>
    /// (compare-and-swap); 0 means "whatever it is, as long as it exists". On mismatch nothing is written and
    /// the result carries the current value (null when the key does not exist).</summary>
    ValueTask<WriteResult> UpdateAsync(string key, ReadOnlyMemory<byte> value, long expectedModRevision, TimeSpan? ttl, CancellationToken cancellationToken);

    /// <summary>Deletes a key if its mod revision equals <paramref name="expectedModRevision"/> (0 = any).
    /// The result carries the deleted value on success, the current value (or null) on failure.</summary>
    ValueTask<WriteResult> DeleteAsync(string key, long expectedModRevision, CancellationToken cancellationToken);

    /// <summary>
    /// Streams changes of keys in <c>[request.Key, request.RangeEnd)</c> from revision
    /// <see cref="WatchRequest.StartRevision"/> inclusive (0 = only changes after the call). Events come in
    /// revision order, each once, with the previous value. When the start revision has been compacted the
    /// stream yields one <see cref="WatchEventType.Compacted"/> event and ends. With
    /// <see cref="WatchRequest.ProgressNotify"/> the stream yields <see cref="WatchEventType.Progress"/> events
    /// carrying the store revision when idle, so watchers can advance (bookmarks). TTL expiry shows as a
    /// Delete event. A watcher that falls too far behind may be ended by the engine with
    /// <see cref="StorageException"/> (code Unavailable) rather than buffer without bound. The stream ends only when
    /// <paramref name="cancellationToken"/> is cancelled, after a Compacted event, or when the store is disposed.
    /// </summary>
    IAsyncEnumerable<WatchEvent> WatchAsync(WatchRequest request, CancellationToken cancellationToken);

    /// <summary>Discards history older than <paramref name="revision"/>: reads and watches at earlier revisions
    /// fail as compacted afterwards. Current values are never discarded. Compacting at or below an earlier
    /// compaction is a no-op; a revision newer than the store throws <see cref="StorageException"/> with
    /// <see cref="StorageErrorCode.FutureRevision"/> (as etcd does).</summary>
    ValueTask CompactAsync(long revision, CancellationToken cancellationToken);

    /// <summary>The revision history is kept from (the last compaction), or 0.</summary>
    ValueTask<long> GetCompactedRevisionAsync(CancellationToken cancellationToken);
}
