using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.Storage.Sqlite;

/// <summary>
/// The embedded storage engine: <see cref="IKeyValueStore"/> on one SQLite file, with history (MVCC),
/// compaction, TTLs and watches. See <see cref="IKeyValueStore"/> for the contract every engine keeps.
/// </summary>
/// <remarks>
/// <para><b>Durability.</b> WAL with <c>synchronous=FULL</c>: a write's task completes only after the
/// transaction holding it was committed and the WAL fsynced, so an acknowledged write survives SIGKILL and
/// power loss; a transaction is all or nothing.</para>
/// <para><b>Writes</b> go through one writer thread with group commit (<see cref="StoreWriter"/>): concurrent
/// writes share a transaction and an fsync, so throughput grows with the number of writers and SQLite never
/// reports "database is locked". <b>Reads</b> use a pool of read connections, each read one WAL snapshot.</para>
/// <para><b>Watches</b> are fed in memory from the commit path; a watch from an older revision replays history
/// from the database first and then switches to the live feed at the exact revision it subscribed at.</para>
/// <para><b>Maintenance.</b> <see cref="SqliteStoreOptions.CompactionInterval"/> drives automatic compaction
/// (like the API server's); compaction deletes history in small transactions, then gives free pages back
/// (incremental vacuum) and truncates the WAL, so the file stays bounded under steady churn. TTL expiry and
/// all timers use the injected <see cref="TimeProvider"/>.</para>
/// <para>One process at a time: a second open of the same file fails with
/// <see cref="StorageErrorCode.Unavailable"/>. Every member is thread-safe.</para>
/// </remarks>
public sealed class SqliteKeyValueStore : IKeyValueStore
{
    private const int VacuumPagesPerStep = 2048;

    private readonly SqliteStoreOptions _options;
    private readonly string _path;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly FileStream _lockFile;
    private readonly StoreWriter _writer;
    private readonly WalCheckpointer _checkpointer;
    private readonly ReadConnectionPool _readers;
    private readonly WatchBroadcaster _broadcaster;
    private readonly ITimer? _compactionTimer;
    private readonly SemaphoreSlim _compactionGate = new(1, 1);
    private readonly CancellationTokenSource _shutdown = new();
    private readonly Lock _backgroundLock = new();
    private Task _background = Task.CompletedTask;
    private long _revisionAtLastTick;
    private int _disposed;

    private SqliteKeyValueStore(SqliteStoreOptions options, string path, TimeProvider timeProvider, ILogger logger,
        FileStream lockFile, SqliteConnection connection, StoreMeta meta)
    {
        _options = options;
        _path = path;
        _time = timeProvider;
        _logger = logger;
        _lockFile = lockFile;
        _broadcaster = new WatchBroadcaster(meta.CurrentRevision, options.WatcherBufferSize);
        _broadcaster.WatcherDropped += _ => StoreLog.WatcherDropped(_logger, _path, _options.WatcherBufferSize);
        _checkpointer = new WalCheckpointer(ConnectionString(path, SqliteOpenMode.ReadWrite), path, logger);
        _writer = new StoreWriter(connection, path, meta, _broadcaster, _checkpointer, timeProvider, logger, options);
        _readers = new ReadConnectionPool(ConnectionString(path, SqliteOpenMode.ReadWrite), options.MaxReadConnections);
        _revisionAtLastTick = meta.CurrentRevision;
        _writer.Start();
        if (options.CompactionInterval > TimeSpan.Zero && options.CompactionInterval != Timeout.InfiniteTimeSpan)
        {
            _compactionTimer = timeProvider.CreateTimer(static state => ((SqliteKeyValueStore)state!).OnCompactionTick(), this,
                options.CompactionInterval, options.CompactionInterval);
        }
        if (meta.CompactProgress < meta.CompactedRevision)
        {
            // A compaction was cut short (crash or shutdown): finish deleting its history in the background.
            _background = RunCompactionInBackgroundAsync(meta.CompactedRevision);
        }
    }

    /// <summary>The options the store was opened with.</summary>
    public SqliteStoreOptions Options => _options;

    /// <summary>Writer counters since the store was opened.</summary>
    public SqliteStoreStatistics Statistics => _writer.Statistics;

    /// <summary>The writer's gate (tests only): reset it to hold writes in the queue, set it to let them through.</summary>
    internal ManualResetEventSlim WriterGate => _writer.Gate;

    /// <summary>
    /// Opens the store at <see cref="SqliteStoreOptions.Path"/>, creating it when the file is missing or empty.
    /// An existing store is recovered (SQLite replays or discards its WAL: committed transactions are kept,
    /// anything else is gone whole).
    /// </summary>
    /// <param name="options">Where and how; see <see cref="SqliteStoreOptions"/>.</param>
    /// <param name="timeProvider">Clock and timers for TTLs, compaction and progress events; null for the system clock.</param>
    /// <param name="logger">Where to log; null for none.</param>
    /// <param name="cancellationToken">Cancels before the file is opened.</param>
    /// <exception cref="StorageException"><see cref="StorageErrorCode.Corrupt"/> when the file is not SQLite, is
    /// SQLite without the KubeSharp marker table, has a newer schema version or is damaged (the message names
    /// the file, which is left untouched); <see cref="StorageErrorCode.Unavailable"/> when another process has
    /// it open or it cannot be opened.</exception>
    public static async ValueTask<SqliteKeyValueStore> OpenAsync(SqliteStoreOptions options, TimeProvider? timeProvider = null,
        ILogger<SqliteKeyValueStore>? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        cancellationToken.ThrowIfCancellationRequested();
        // Opening reads the file and may recover its WAL: keep that off the caller's thread.
        return await Task.Run(() => Open(options, timeProvider ?? TimeProvider.System, (ILogger?)logger ?? NullLogger.Instance), cancellationToken);
    }

    private static SqliteKeyValueStore Open(SqliteStoreOptions options, TimeProvider timeProvider, ILogger logger)
    {
        var path = System.IO.Path.GetFullPath(options.Path);
        var directory = System.IO.Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
        var lockFile = AcquireLock(path);
        SqliteConnection? connection = null;
        try
        {
            StoreSchema.CheckHeader(path);
            if (new FileInfo(path) is { Exists: true, Length: > 0 })
            {
                // Look before touching: a foreign or newer file is refused by a read-only connection.
                using var inspect = new SqliteConnection(ConnectionString(path, SqliteOpenMode.ReadOnly));
                inspect.Open();
                StoreSchema.Validate(inspect, path);
            }
            connection = new SqliteConnection(ConnectionString(path, SqliteOpenMode.ReadWriteCreate));
            connection.Open();
            var meta = StoreSchema.Prepare(connection, path, timeProvider, options.WalSizeLimitBytes);
            // 16 MiB, not more: a B-tree balance that reorders sibling pages parks a page at the pending-byte page
            // number (page 262,145 with 4 KiB pages) while swapping, so the commit of such a transaction scans the
            // writer's whole page-cache hash table (pcache1TruncateUnsafe) while the file is under 1 GiB, costing
            // time proportional to the pages cached. 64 MiB made that scan ~6 % of the writer thread in the end-to-end benchmark.
            StoreSchema.Execute(connection, "PRAGMA cache_size = -16384");
            StoreSchema.Execute(connection, "PRAGMA temp_store = MEMORY");
            // Checkpoints run on their own thread (WalCheckpointer); SQLite's own stays as a backstop only.
            StoreSchema.Execute(connection, "PRAGMA wal_autocheckpoint = 10000");
            var store = new SqliteKeyValueStore(options, path, timeProvider, logger, lockFile, connection, meta);
            StoreLog.Opened(logger, path, meta.CurrentRevision, meta.CompactedRevision);
            return store;
        }
        catch (SqliteException exception)
        {
            connection?.Dispose();
            lockFile.Dispose();
            throw StoreSchema.IsCorruption(exception)
                ? StoreSchema.CorruptError(path, exception)
                : new StorageException(StorageErrorCode.Unavailable, $"'{path}' cannot be opened: {exception.Message}", exception);
        }
        catch
        {
            connection?.Dispose();
            lockFile.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public ValueTask<long> GetCurrentRevisionAsync(CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(_writer.CommittedRevision);
    }

    /// <inheritdoc />
    public ValueTask<long> GetCompactedRevisionAsync(CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(_writer.CompactedRevision);
    }

    /// <inheritdoc />
    public async ValueTask<GetResult> GetAsync(string key, long revision, CancellationToken cancellationToken)
    {
        var keyBytes = KeyBytes(key);
        ArgumentOutOfRangeException.ThrowIfNegative(revision);
        var connection = await RentAsync(cancellationToken);
        try
        {
            return connection.Get(key, keyBytes, revision);
        }
        catch (SqliteException exception)
        {
            throw ReadError(exception);
        }
        finally
        {
            _readers.Return(connection);
        }
    }

    /// <inheritdoc />
    public async ValueTask<RangeResult> RangeAsync(RangeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var bounds = Bounds(request.Key, request.RangeEnd);
        ArgumentOutOfRangeException.ThrowIfNegative(request.Revision);
        ArgumentOutOfRangeException.ThrowIfNegative(request.Limit);
        var connection = await RentAsync(cancellationToken);
        try
        {
            return connection.Range(bounds, request.Revision, request.Limit, request.KeysOnly, request.CountOnly);
        }
        catch (SqliteException exception)
        {
            throw ReadError(exception);
        }
        finally
        {
            _readers.Return(connection);
        }
    }

    /// <inheritdoc />
    /// <exception cref="StorageException"><see cref="StorageErrorCode.InvalidKey"/> for an empty key,
    /// <see cref="StorageErrorCode.ValueTooLarge"/> for a value over <see cref="StorageLimits.MaxValueBytes"/>.</exception>
    public ValueTask<WriteResult> CreateAsync(string key, ReadOnlyMemory<byte> value, TimeSpan? ttl, CancellationToken cancellationToken)
    {
        try
        {
            return Submit(WriteRequest.ForKey(WriteKind.Create, key, KeyBytes(key), ValueBytes(key, value), 0, ExpiresAt(ttl)), cancellationToken);
        }
#pragma warning disable CA1031 // Bad input fails the returned task, as from an async method.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            return ValueTask.FromException<WriteResult>(exception);
        }
    }

    /// <inheritdoc />
    /// <exception cref="StorageException"><see cref="StorageErrorCode.InvalidKey"/> for an empty key,
    /// <see cref="StorageErrorCode.ValueTooLarge"/> for a value over <see cref="StorageLimits.MaxValueBytes"/>.</exception>
    public ValueTask<WriteResult> UpdateAsync(string key, ReadOnlyMemory<byte> value, long expectedModRevision, TimeSpan? ttl,
        CancellationToken cancellationToken)
    {
        try
        {
            ArgumentOutOfRangeException.ThrowIfNegative(expectedModRevision);
            return Submit(WriteRequest.ForKey(WriteKind.Update, key, KeyBytes(key), ValueBytes(key, value), expectedModRevision, ExpiresAt(ttl)),
                cancellationToken);
        }
#pragma warning disable CA1031 // Bad input fails the returned task, as from an async method.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            return ValueTask.FromException<WriteResult>(exception);
        }
    }

    /// <inheritdoc />
    public ValueTask<WriteResult> DeleteAsync(string key, long expectedModRevision, CancellationToken cancellationToken)
    {
        try
        {
            ArgumentOutOfRangeException.ThrowIfNegative(expectedModRevision);
            return Submit(WriteRequest.ForKey(WriteKind.Delete, key, KeyBytes(key), ReadOnlyMemory<byte>.Empty, expectedModRevision, null), cancellationToken);
        }
#pragma warning disable CA1031 // Bad input fails the returned task, as from an async method.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            return ValueTask.FromException<WriteResult>(exception);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<WatchEvent> WatchAsync(WatchRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var bounds = Bounds(request.Key, request.RangeEnd);
        ArgumentOutOfRangeException.ThrowIfNegative(request.StartRevision);
        ThrowIfDisposed();
        cancellationToken.ThrowIfCancellationRequested();

        using var subscription = _broadcaster.CreateSubscription(bounds, request.PutPrevValues);
        long subscribedAt;
        long? calledAt = null;
        while (!_broadcaster.TrySubscribe(subscription, out subscribedAt, out var retry))
        {
            // A batch without previous values is being applied: subscribe after it, and replay it from the database.
            calledAt ??= subscribedAt;
            await retry!.WaitAsync(cancellationToken);
        }
        var next = request.StartRevision == 0 ? (calledAt ?? subscribedAt) + 1 : request.StartRevision;
        if (request.StartRevision != 0 && request.StartRevision < _writer.CompactedRevision)
        {
            yield return CompactedEvent(_writer.CompactedRevision);
            yield break;
        }

        // Replay what was committed before the subscription, page by page, then go live from subscribedAt + 1.
        while (next <= subscribedAt)
        {
            var page = await ReadHistoryAsync(bounds, next, subscribedAt, cancellationToken);
            if (page is null)
            {
                yield break; // the store is closing
            }
            if (next < page.Value.CompactedRevision)
            {
                yield return CompactedEvent(page.Value.CompactedRevision);
                yield break;
            }
            foreach (var change in page.Value.Events)
            {
                yield return change;
            }
            if (page.Value.Events.Count < _options.WatchReplayPageSize)
            {
                break;
            }
            next = page.Value.Events[^1].Revision + 1;
        }
        next = Math.Max(next, subscribedAt + 1);

        var reader = subscription.Reader;
        using var progressTimer = request.ProgressNotify ? new PeriodicTimer(_options.ProgressInterval, _time) : null;
        Task<bool>? tick = null;
        Task<bool>? readable = null;
        var delivered = false;
        while (true)
        {
            while (reader.TryRead(out var change))
            {
                if (change.Revision >= next)
                {
                    delivered = true;
                    yield return change;
                }
            }
            readable ??= reader.WaitToReadAsync(cancellationToken).AsTask();
            if (progressTimer is not null)
            {
                tick ??= progressTimer.WaitForNextTickAsync(cancellationToken).AsTask();
                await Task.WhenAny(readable, tick);
                if (tick.IsCompleted)
                {
                    await tick; // throws when cancelled
                    tick = null;
                    var idle = !delivered;
                    delivered = false;
                    if (idle && _broadcaster.TryGetIdleRevision(subscription, out var progressRevision) && progressRevision >= next - 1)
                    {
                        yield return new WatchEvent(WatchEventType.Progress, null, null, progressRevision);
                    }
                    if (!readable.IsCompleted)
                    {
                        continue;
                    }
                }
            }
            bool more;
            try
            {
                more = await readable;
            }
            finally
            {
                readable = null;
            }
            if (!more)
            {
                if (reader.Completion.IsFaulted)
                {
                    await reader.Completion; // rethrows the StorageException the broadcaster ended the watch with
                }
                cancellationToken.ThrowIfCancellationRequested();
                yield break;
            }
        }
    }

    /// <inheritdoc />
    /// <remarks>Deletes the history in steps of <see cref="SqliteStoreOptions.CompactionBatchRevisions"/>
    /// revisions, each a short transaction of its own, then returns free pages to the file system and truncates
    /// the WAL. Reads below <paramref name="revision"/> fail as soon as the first step has committed; the call
    /// completes when all of it is done. A cancelled or interrupted compaction is finished later (at the next
    /// compaction, or in the background when the store is next opened).</remarks>
    /// <exception cref="StorageException"><see cref="StorageErrorCode.FutureRevision"/> when
    /// <paramref name="revision"/> is newer than the store.</exception>
    public async ValueTask CompactAsync(long revision, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        ArgumentOutOfRangeException.ThrowIfNegative(revision);
        var current = _writer.CommittedRevision;
        if (revision > current)
        {
            throw new StorageException(StorageErrorCode.FutureRevision,
                $"cannot compact to revision {revision}: the store's current revision is {current}");
        }
        if (revision <= _writer.CompactedRevision && _writer.CompactProgress >= _writer.CompactedRevision)
        {
            return;
        }
        await CompactCoreAsync(revision, cancellationToken);
    }

    /// <summary>Checkpoints the WAL into the database file and truncates it (also done after each compaction).
    /// Returns false when a reader on an old snapshot kept part of the WAL from being copied.</summary>
    public async ValueTask<bool> CheckpointAsync(CancellationToken cancellationToken)
        => (await SubmitAsync(WriteRequest.Maintenance(WriteKind.Checkpoint, 0), cancellationToken)).Succeeded;

    /// <summary>Stops taking writes, lets the queued ones commit, ends every watch and closes the file.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        _compactionTimer?.Dispose();
        await _shutdown.CancelAsync();
        Task background;
        lock (_backgroundLock)
        {
            background = _background;
        }
        await background; // never faults: it logs
        await _writer.StopAsync();
        _broadcaster.Close();
        _readers.Dispose();
        _checkpointer.Dispose();
        _writer.Dispose();
        _lockFile.Dispose();
        _shutdown.Dispose();
        _compactionGate.Dispose();
    }

    private async Task CompactCoreAsync(long revision, CancellationToken cancellationToken)
    {
        await _compactionGate.WaitAsync(cancellationToken);
        try
        {
            var started = _time.GetTimestamp();
            if (revision > _writer.CompactedRevision)
            {
                await SubmitAsync(WriteRequest.Maintenance(WriteKind.SetCompacted, revision), cancellationToken);
            }
            long rows = 0;
            while (true)
            {
                var step = await SubmitAsync(WriteRequest.Maintenance(WriteKind.CompactStep, 0), cancellationToken);
                rows += step.Revision;
                if (step.Succeeded)
                {
                    break;
                }
            }
            while (rows > 0)
            {
                var vacuum = await SubmitAsync(WriteRequest.Maintenance(WriteKind.Vacuum, VacuumPagesPerStep), cancellationToken);
                if (vacuum.Succeeded)
                {
                    break;
                }
            }
            // The truncating checkpoint reports busy when the background PASSIVE checkpointer (woken every
            // RowsPerCheckpoint rows, so often right at a compaction under steady churn) or a reader holds the WAL:
            // a few short retries, so that a compaction leaves the file bounded rather than the WAL at its peak.
            for (var attempt = 0; attempt < 5; attempt++)
            {
                if ((await SubmitAsync(WriteRequest.Maintenance(WriteKind.Checkpoint, 0), cancellationToken)).Succeeded)
                {
                    break;
                }
                await Task.Delay(TimeSpan.FromMilliseconds(10 << attempt), cancellationToken);
            }
            var elapsed = _time.GetElapsedTime(started);
            StoreLog.Compacted(_logger, _path, _writer.CompactedRevision, rows, (long)elapsed.TotalMilliseconds);
        }
        finally
        {
            _compactionGate.Release();
        }
    }

    /// <summary>Automatic compaction, like the API server's: compact to the revision seen one interval ago,
    /// keeping at least <see cref="SqliteStoreOptions.RetainedRevisions"/> revisions.</summary>
    private void OnCompactionTick()
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return;
        }
        var current = _writer.CommittedRevision;
        var target = Math.Min(Interlocked.Exchange(ref _revisionAtLastTick, current), current - _options.RetainedRevisions);
        if (target <= _writer.CompactedRevision && _writer.CompactProgress >= _writer.CompactedRevision)
        {
            return;
        }
        lock (_backgroundLock)
        {
            if (_background.IsCompleted && Volatile.Read(ref _disposed) == 0)
            {
                _background = RunCompactionInBackgroundAsync(Math.Max(target, _writer.CompactedRevision));
            }
        }
    }

    private async Task RunCompactionInBackgroundAsync(long revision)
    {
        await Task.Yield();
        try
        {
            await CompactCoreAsync(revision, _shutdown.Token);
        }
        catch (OperationCanceledException) when (_shutdown.IsCancellationRequested)
        {
            // closing: the rest is done at the next open
        }
        catch (ObjectDisposedException)
        {
            // closing
        }
#pragma warning disable CA1031 // Background work logs its failure; the next tick tries again.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            StoreLog.AutoCompactionFailed(_logger, exception, _path);
        }
    }

    private ValueTask<WriteResult> SubmitAsync(WriteRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return Submit(request, cancellationToken);
        }
        catch (ObjectDisposedException exception)
        {
            return ValueTask.FromException<WriteResult>(exception);
        }
    }

    /// <summary>Queues a request; the returned task completes when its transaction has committed. Throws
    /// <see cref="ObjectDisposedException"/> once the store is closing.</summary>
    private ValueTask<WriteResult> Submit(WriteRequest request, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<WriteResult>(cancellationToken);
        }
        // Client writes stop at disposal; internal maintenance may still queue until the writer stops.
        var closed = Volatile.Read(ref _disposed) != 0 && request.Kind is WriteKind.Create or WriteKind.Update or WriteKind.Delete;
        ObjectDisposedException.ThrowIf(closed, this);
        // Registered before queueing: the writer never sees a request whose registration is still being made.
        request.CancelOn(cancellationToken);
        if (!_writer.TryEnqueue(request))
        {
            request.Fail(new ObjectDisposedException(GetType().FullName));
        }
        return request.AsValueTask();
    }

    private async ValueTask<HistoryPage?> ReadHistoryAsync(KeyBounds bounds, long from, long to, CancellationToken cancellationToken)
    {
        ReadConnection connection;
        try
        {
            connection = await RentAsync(cancellationToken);
        }
        catch (ObjectDisposedException)
        {
            return null;
        }
        try
        {
            return connection.History(bounds, from, to, _options.WatchReplayPageSize);
        }
        catch (SqliteException exception)
        {
            throw ReadError(exception);
        }
        finally
        {
            _readers.Return(connection);
        }
    }

    private ValueTask<ReadConnection> RentAsync(CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        cancellationToken.ThrowIfCancellationRequested();
        return _readers.RentAsync(cancellationToken);
    }

    private StorageException ReadError(SqliteException exception)
        => StoreSchema.IsCorruption(exception)
            ? StoreSchema.CorruptError(_path, exception)
            : new StorageException(StorageErrorCode.Unavailable, $"'{_path}': read failed: {exception.Message}", exception);

    private long? ExpiresAt(TimeSpan? ttl)
    {
        if (ttl is not { } value)
        {
            return null;
        }
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ttl), value, "a TTL must be positive");
        }
        return _time.GetUtcNow().ToUnixTimeMilliseconds() + (long)Math.Ceiling(value.TotalMilliseconds);
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

    private static WatchEvent CompactedEvent(long compactedRevision) => new(WatchEventType.Compacted, null, null, compactedRevision);

    private static byte[] KeyBytes(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length == 0)
        {
            throw new StorageException(StorageErrorCode.InvalidKey, "the key is empty");
        }
        return Encoding.UTF8.GetBytes(key);
    }

    private static KeyBounds Bounds(string key, string? rangeEnd)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length == 0 && rangeEnd is null)
        {
            throw new StorageException(StorageErrorCode.InvalidKey, "the key is empty (give a range end to read a range)");
        }
        return KeyBounds.For(key, rangeEnd);
    }

    private static ReadOnlyMemory<byte> ValueBytes(string key, ReadOnlyMemory<byte> value)
    {
        if (value.Length > StorageLimits.MaxValueBytes)
        {
            throw new StorageException(StorageErrorCode.ValueTooLarge,
                $"the value for key '{key}' is {value.Length} bytes; the limit is {StorageLimits.MaxValueBytes} bytes (1.5 MiB)");
        }
        // The caller hands the bytes over (IKeyValueStore: they are not changed after the call): a whole array or a
        // gapped value (written from its two parts) is kept as it is, without a copy.
        return (MemoryMarshal.TryGetArray(value, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length)
            || GappedValue.TryGet(value, out _)
            ? value
            : value.ToArray();
    }

    private static FileStream AcquireLock(string path)
    {
        var lockPath = path + ".lock";
        try
        {
            // An exclusive advisory lock (flock on Linux): released by the kernel when the process dies.
            return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
        }
        catch (IOException exception)
        {
            throw new StorageException(StorageErrorCode.Unavailable,
                $"'{path}' is in use by another process (cannot lock '{lockPath}'): {exception.Message}", exception);
        }
        catch (UnauthorizedAccessException exception)
        {
            throw new StorageException(StorageErrorCode.Unavailable, $"'{path}': cannot create '{lockPath}': {exception.Message}", exception);
        }
    }

    private static string ConnectionString(string path, SqliteOpenMode mode) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = mode,
        Pooling = false,
        Cache = SqliteCacheMode.Private,
    }.ToString();
}
