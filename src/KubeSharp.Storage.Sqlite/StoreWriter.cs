using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Storage.Sqlite;

/// <summary>
/// The single writer. Requests from any number of callers queue in a channel; one dedicated thread takes as
/// many as are waiting (up to a maximum), applies them in order in ONE transaction, commits it (one fsync for
/// the whole group), publishes the batch's events to the watchers and only then completes the callers' tasks.
/// </summary>
/// <remarks>
/// <para>Only this thread writes to the database, so SQLite never reports "database is locked": readers use
/// their own connections and WAL snapshots. Requests in one batch see each other's effects (they run in order
/// in one transaction). When a transaction fails, all of its requests fail with <see cref="StorageException"/>
/// and nothing of it is applied; the in-memory revision goes back to the committed one.</para>
/// <para>Thread-safety: <see cref="TryEnqueue"/>, the committed-state properties and <see cref="Statistics"/>
/// may be used from any thread; every other member runs on the writer thread.</para>
/// </remarks>
internal sealed class StoreWriter : IDisposable
{
    private const int ExpireBatchSize = 1000;

    private readonly SqliteConnection _connection;
    private readonly string _path;
    private readonly Channel<WriteRequest> _queue = Channel.CreateUnbounded<WriteRequest>(new UnboundedChannelOptions { SingleReader = true });
    private readonly WatchBroadcaster _broadcaster;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly int _maxBatch;
    private readonly int _compactionBatch;
    private readonly Thread _thread;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ITimer _expiryTimer;
    private readonly WalCheckpointer _checkpointer;

    // The statements every write runs, through SQLite's C API (RawStatement); the rest through commands.
    private readonly RawStatement _latest;
    private readonly RawStatement _latestMeta;
    private readonly RawStatement _insert;
    private readonly RawStatement _clearExpiry;
    private readonly RawStatement _updateMeta;
    private readonly SqliteCommand _expired;
    private readonly SqliteCommand _minExpiry;
    private readonly SqliteCommand _compactSuperseded;
    private readonly SqliteCommand _compactTombstones;
    private readonly SqliteCommand[] _transactional;

    // Writer-thread state; during a batch it runs ahead of the committed state below.
    private long _revision;
    private long _compacted;
    private long _compactProgress;
    private long _scheduledExpiryMs = long.MaxValue;
    private bool _putPrevValues = true;
    private byte[] _valueScratch = new byte[16 * 1024];

    // Committed state, readable from any thread.
    private long _committedRevision;
    private long _committedCompacted;
    private long _committedProgress;

    private long _requests;
    private long _commits;
    private long _largestBatch;
    private long _failedCommits;

    public StoreWriter(SqliteConnection connection, string path, StoreMeta meta, WatchBroadcaster broadcaster,
        WalCheckpointer checkpointer, TimeProvider timeProvider, ILogger logger, SqliteStoreOptions options)
    {
        _connection = connection;
        _checkpointer = checkpointer;
        _path = path;
        _broadcaster = broadcaster;
        _time = timeProvider;
        _logger = logger;
        _maxBatch = options.MaxBatchSize;
        _compactionBatch = options.CompactionBatchRevisions;
        _revision = _committedRevision = meta.CurrentRevision;
        _compacted = _committedCompacted = meta.CompactedRevision;
        _compactProgress = _committedProgress = meta.CompactProgress;

        _latest = new RawStatement(connection, "SELECT mod_revision, create_revision, version, deleted, expires_at, value FROM kv WHERE key = ?1 ORDER BY mod_revision DESC LIMIT 1");
        // The same without the value: what a write needs unless a watcher or the caller wants the previous value.
        _latestMeta = new RawStatement(connection, "SELECT mod_revision, create_revision, version, deleted, expires_at FROM kv WHERE key = ?1 ORDER BY mod_revision DESC LIMIT 1");
        _insert = new RawStatement(connection, "INSERT INTO kv (mod_revision, key, create_revision, version, deleted, prev_revision, expires_at, value) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
        _clearExpiry = new RawStatement(connection, "UPDATE kv SET expires_at = NULL WHERE mod_revision = ?1");
        _updateMeta = new RawStatement(connection, "UPDATE meta SET current_revision = ?1, compacted_revision = ?2, compact_progress = ?3 WHERE id = 1");
        _expired = Prepare("SELECT key, mod_revision FROM kv WHERE expires_at IS NOT NULL AND expires_at <= $now ORDER BY expires_at LIMIT $limit",
            "$now", "$limit");
        _minExpiry = Prepare("SELECT MIN(expires_at) FROM kv WHERE expires_at IS NOT NULL");
        // Compaction, one window [lo, hi) of revisions below the compacted revision at a time: every row in the
        // window replaced the row its prev_revision names, so that row is superseded; tombstones below the
        // compacted revision are not needed by any read at or after it (their predecessors go with the first
        // statement).
        _compactSuperseded = Prepare("DELETE FROM kv WHERE mod_revision IN (SELECT prev_revision FROM kv WHERE mod_revision >= $lo AND mod_revision < $hi AND prev_revision > 0)",
            "$lo", "$hi");
        _compactTombstones = Prepare("DELETE FROM kv WHERE mod_revision >= $lo AND mod_revision < $hi AND deleted = 1", "$lo", "$hi");
        _transactional = [_expired, _minExpiry, _compactSuperseded, _compactTombstones];

        _expiryTimer = timeProvider.CreateTimer(static state => ((StoreWriter)state!).OnExpiryDue(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _thread = new Thread(Run) { IsBackground = true, Name = "kubesharp-sqlite-writer" };
    }

    /// <summary>The revision of the last committed write.</summary>
    public long CommittedRevision => Volatile.Read(ref _committedRevision);

    /// <summary>The committed compacted revision.</summary>
    public long CompactedRevision => Volatile.Read(ref _committedCompacted);

    /// <summary>How far superseded history has been deleted (below <see cref="CompactedRevision"/> when a
    /// compaction is unfinished).</summary>
    public long CompactProgress => Volatile.Read(ref _committedProgress);

    public SqliteStoreStatistics Statistics => new(Interlocked.Read(ref _requests), Interlocked.Read(ref _commits),
        Interlocked.Read(ref _largestBatch), Interlocked.Read(ref _failedCommits));

    /// <summary>Starts the writer thread and arms the TTL timer for keys already in the store.</summary>
    public void Start()
    {
        using (var command = _connection.CreateCommand())
        {
            command.CommandText = "SELECT MIN(expires_at) FROM kv WHERE expires_at IS NOT NULL";
            if (command.ExecuteScalar() is long first)
            {
                ScheduleExpiry(first);
            }
        }
        _thread.Start();
    }

    /// <summary>Holds the writer before it takes its next batch, so that tests can queue (and cancel) requests behind it
    /// deterministically. Set (open) in normal operation.</summary>
    internal ManualResetEventSlim Gate { get; } = new(initialState: true);

    /// <summary>Queues a request; false once the writer is stopping.</summary>
    public bool TryEnqueue(WriteRequest request) => _queue.Writer.TryWrite(request);

    /// <summary>Stops taking requests; the task completes once every queued request has been applied.</summary>
    public Task StopAsync()
    {
        _queue.Writer.TryComplete();
        _expiryTimer.Dispose();
        return _stopped.Task;
    }

    public void Dispose()
    {
        _expiryTimer.Dispose();
        Gate.Dispose();
        foreach (var command in _transactional)
        {
            command.Dispose();
        }
        foreach (var statement in (RawStatement[])[_latest, _latestMeta, _insert, _clearExpiry, _updateMeta])
        {
            statement.Dispose();
        }
        _connection.Dispose();
    }

    private void OnExpiryDue() => _queue.Writer.TryWrite(WriteRequest.Maintenance(WriteKind.Expire, 0));

    private void Run()
    {
        var batch = new List<WriteRequest>(_maxBatch);
        var outsideTransaction = new List<WriteRequest>();
        var reader = _queue.Reader;
        try
        {
            while (WaitForWork(reader))
            {
                Gate.Wait();
                while (batch.Count < _maxBatch && reader.TryRead(out var request))
                {
                    if (!request.TryClaim())
                    {
                        continue; // cancelled while queued: never applied
                    }
                    (request.Kind is WriteKind.Checkpoint or WriteKind.Vacuum ? outsideTransaction : batch).Add(request);
                }
                if (batch.Count > 0)
                {
                    ApplyBatch(batch);
                    batch.Clear();
                }
                foreach (var request in outsideTransaction)
                {
                    RunMaintenance(request);
                }
                outsideTransaction.Clear();
            }
        }
#pragma warning disable CA1031 // The writer must never die silently: fail what is queued and say why.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            StoreLog.WriterCrashed(_logger, exception, _path);
            _queue.Writer.TryComplete();
            _broadcaster.EndBatch(); // no watch waits for a batch that will never end
            var error = new StorageException(StorageErrorCode.Unavailable, $"'{_path}': the store's writer stopped: {exception.Message}", exception);
            foreach (var request in batch.Concat(outsideTransaction))
            {
                request.Fail(error);
            }
            while (reader.TryRead(out var request))
            {
                request.Fail(error);
            }
        }
        finally
        {
            _stopped.TrySetResult();
        }
    }

    private static bool WaitForWork(ChannelReader<WriteRequest> reader)
    {
        var wait = reader.WaitToReadAsync(CancellationToken.None);
        return wait.IsCompletedSuccessfully ? wait.Result : wait.AsTask().GetAwaiter().GetResult();
    }

    private void ApplyBatch(List<WriteRequest> batch)
    {
        var (startRevision, startCompacted, startProgress) = (_revision, _compacted, _compactProgress);
        var events = new List<CommittedEvent>();
        var earliestNewExpiry = long.MaxValue;
        var expired = false;
        long? nextExpiry = null;
        // Whether Put events carry the previous value: only when a watcher asked for it (see WatchRequest.PutPrevValues).
        _putPrevValues = _broadcaster.BeginBatch();
        try
        {
            using (var transaction = _connection.BeginTransaction())
            {
                foreach (var command in _transactional)
                {
                    command.Transaction = transaction;
                }
                foreach (var request in batch)
                {
                    request.Result = Apply(request, events);
                    if (request.ExpiresAtMs is { } expiresAt && request.Result.Succeeded)
                    {
                        earliestNewExpiry = Math.Min(earliestNewExpiry, expiresAt);
                    }
                    expired |= request.Kind == WriteKind.Expire;
                }
                if (expired)
                {
                    nextExpiry = _minExpiry.ExecuteScalar() as long?;
                }
                _updateMeta.Bind(1, _revision);
                _updateMeta.Bind(2, _compacted);
                _updateMeta.Bind(3, _compactProgress);
                _updateMeta.Execute();
                transaction.Commit();
            }
        }
#pragma warning disable CA1031 // Any failure fails the batch's callers; the store goes on.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            (_revision, _compacted, _compactProgress) = (startRevision, startCompacted, startProgress);
            Interlocked.Increment(ref _failedCommits);
            StoreLog.CommitFailed(_logger, exception, _path, batch.Count);
            var error = exception switch
            {
                StorageException storage => storage,
                SqliteException sqlite when StoreSchema.IsCorruption(sqlite) => StoreSchema.CorruptError(_path, sqlite),
                _ => new StorageException(StorageErrorCode.Unavailable, $"'{_path}': the write transaction failed and was rolled back: {exception.Message}", exception),
            };
            foreach (var request in batch)
            {
                if (request.Kind == WriteKind.Expire)
                {
                    request.Complete(); // nobody waits for expiry: retry it shortly
                }
                else
                {
                    request.Fail(error);
                }
            }
            if (expired)
            {
                ScheduleExpiry(_time.GetUtcNow().ToUnixTimeMilliseconds() + 1000);
            }
            _broadcaster.EndBatch();
            return;
        }

        Volatile.Write(ref _committedRevision, _revision);
        Volatile.Write(ref _committedCompacted, _compacted);
        Volatile.Write(ref _committedProgress, _compactProgress);
        if (events.Count > 0)
        {
            _broadcaster.Publish(events, _revision);
        }
        _broadcaster.EndBatch();
        foreach (var request in batch)
        {
            request.Complete();
        }
        _checkpointer.NoteCommit(batch.Count);
        Interlocked.Add(ref _requests, batch.Count);
        Interlocked.Increment(ref _commits);
        if (batch.Count > Interlocked.Read(ref _largestBatch))
        {
            Interlocked.Exchange(ref _largestBatch, batch.Count);
        }
        if (expired)
        {
            _scheduledExpiryMs = long.MaxValue;
            ScheduleExpiry(Math.Min(nextExpiry ?? long.MaxValue, earliestNewExpiry));
        }
        else if (earliestNewExpiry < _scheduledExpiryMs)
        {
            ScheduleExpiry(earliestNewExpiry);
        }
    }

    private WriteResult Apply(WriteRequest request, List<CommittedEvent> events)
    {
        switch (request.Kind)
        {
            case WriteKind.Create:
                {
                    var latest = ReadLatest(request.KeyBytes, request.Key, withValue: false);
                    if (latest.Kv is not null)
                    {
                        // The result of a failed create carries the existing value.
                        return new WriteResult(false, _revision, ReadLatest(request.KeyBytes, request.Key, withValue: true).Kv);
                    }
                    var revision = ++_revision;
                    Insert(revision, request.KeyBytes, revision, 1, deleted: false, prevRevision: 0, request.ExpiresAtMs, request.Value);
                    var kv = new KeyValue(request.Key, request.Value, revision, revision, 1);
                    events.Add(new CommittedEvent(request.KeyBytes, new WatchEvent(WatchEventType.Put, kv, null, revision)));
                    return new WriteResult(true, revision, kv);
                }
            case WriteKind.Update:
                {
                    // The previous value is read only when a watcher wants it in the Put event; a failed compare reads
                    // it for the result (which carries the current value).
                    var latest = ReadLatest(request.KeyBytes, request.Key, withValue: _putPrevValues);
                    if (latest.Kv is null || (request.Revision != 0 && latest.Kv.ModRevision != request.Revision))
                    {
                        return new WriteResult(false, _revision,
                            latest.Kv is null || _putPrevValues ? latest.Kv : ReadLatest(request.KeyBytes, request.Key, withValue: true).Kv);
                    }
                    var revision = ++_revision;
                    Insert(revision, request.KeyBytes, latest.Kv.CreateRevision, latest.Kv.Version + 1, deleted: false, latest.Kv.ModRevision,
                        request.ExpiresAtMs, request.Value);
                    ClearExpiry(latest);
                    var kv = new KeyValue(request.Key, request.Value, latest.Kv.CreateRevision, revision, latest.Kv.Version + 1);
                    events.Add(new CommittedEvent(request.KeyBytes, new WatchEvent(WatchEventType.Put, kv, latest.Kv, revision)));
                    return new WriteResult(true, revision, kv);
                }
            case WriteKind.Delete:
                return Delete(request.KeyBytes, request.Key, request.Revision, events);
            case WriteKind.Expire:
                return Expire(events);
            case WriteKind.SetCompacted:
                _compacted = Math.Max(_compacted, request.Revision);
                return new WriteResult(true, _compacted, null);
            case WriteKind.CompactStep:
                return CompactStep();
            default:
                throw new InvalidOperationException($"unexpected request {request.Kind} in a transaction");
        }
    }

    private WriteResult Delete(byte[] keyBytes, string key, long expectedModRevision, List<CommittedEvent> events)
    {
        var latest = ReadLatest(keyBytes, key, withValue: true);
        if (latest.Kv is null || (expectedModRevision != 0 && latest.Kv.ModRevision != expectedModRevision))
        {
            return new WriteResult(false, _revision, latest.Kv);
        }
        var revision = ++_revision;
        Insert(revision, keyBytes, 0, 0, deleted: true, latest.Kv.ModRevision, null, ReadOnlyMemory<byte>.Empty);
        ClearExpiry(latest);
        var tombstone = new KeyValue(key, ReadOnlyMemory<byte>.Empty, 0, revision, 0);
        events.Add(new CommittedEvent(keyBytes, new WatchEvent(WatchEventType.Delete, tombstone, latest.Kv, revision)));
        return new WriteResult(true, revision, latest.Kv);
    }

    private WriteResult Expire(List<CommittedEvent> events)
    {
        var due = new List<(byte[] Key, long ModRevision)>();
        _expired.Parameters[0].Value = _time.GetUtcNow().ToUnixTimeMilliseconds();
        _expired.Parameters[1].Value = ExpireBatchSize;
        using (var reader = _expired.ExecuteReader())
        {
            while (reader.Read())
            {
                due.Add((ReadConnection.ReadBytes(reader, 0), reader.GetInt64(1)));
            }
        }
        foreach (var (key, modRevision) in due)
        {
            Delete(key, Encoding.UTF8.GetString(key), modRevision, events);
        }
        return new WriteResult(true, _revision, null);
    }

    private WriteResult CompactStep()
    {
        var low = _compactProgress;
        var high = Math.Min(low + _compactionBatch, _compacted);
        if (low >= high)
        {
            return new WriteResult(true, 0, null);
        }
        _compactSuperseded.Parameters[0].Value = low;
        _compactSuperseded.Parameters[1].Value = high;
        long deleted = _compactSuperseded.ExecuteNonQuery();
        _compactTombstones.Parameters[0].Value = low;
        _compactTombstones.Parameters[1].Value = high;
        deleted += _compactTombstones.ExecuteNonQuery();
        _compactProgress = high;
        // Succeeded: compaction has caught up; Revision: rows deleted by this step.
        return new WriteResult(high >= _compacted, deleted, null);
    }

    private void RunMaintenance(WriteRequest request)
    {
        try
        {
            using var command = _connection.CreateCommand();
            if (request.Kind == WriteKind.Vacuum)
            {
                command.CommandText = "PRAGMA freelist_count";
                var free = (long)command.ExecuteScalar()!;
                var pages = Math.Min(free, request.Revision);
                if (pages > 0)
                {
                    command.CommandText = string.Create(CultureInfo.InvariantCulture, $"PRAGMA incremental_vacuum({pages})");
                    command.ExecuteNonQuery();
                }
                request.Result = new WriteResult(pages >= free, pages, null);
            }
            else
            {
                // TRUNCATE copies the WAL into the database and empties it. With a reader still on an old
                // snapshot it does what it can and reports busy (no busy handler is set: it never waits).
                command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
                using var reader = command.ExecuteReader();
                var busy = reader.Read() && reader.GetInt64(0) != 0;
                request.Result = new WriteResult(!busy, _committedRevision, null);
            }
            request.Complete();
        }
        catch (SqliteException exception)
        {
            StoreLog.CheckpointFailed(_logger, exception, _path);
            request.Fail(new StorageException(StorageErrorCode.Unavailable, $"'{_path}': {request.Kind} failed: {exception.Message}", exception));
        }
        Interlocked.Increment(ref _requests);
    }

    private void ScheduleExpiry(long expiresAtMs)
    {
        _scheduledExpiryMs = expiresAtMs;
        if (expiresAtMs == long.MaxValue)
        {
            _expiryTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }
        var due = expiresAtMs - _time.GetUtcNow().ToUnixTimeMilliseconds();
        try
        {
            if (due <= 0)
            {
                // Already due (more expired keys than one step takes, or expired while the store was closed).
                _expiryTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                OnExpiryDue();
            }
            else
            {
                _expiryTimer.Change(TimeSpan.FromMilliseconds(due), Timeout.InfiniteTimeSpan);
            }
        }
        catch (ObjectDisposedException)
        {
            // Stopping: expiry resumes when the store is opened again.
        }
    }

    /// <summary>The newest row of a key: <see cref="LatestRow.Kv"/> is null when the key does not exist. Without
    /// <paramref name="withValue"/> its value is left empty (not read).</summary>
    private LatestRow ReadLatest(byte[] keyBytes, string key, bool withValue)
    {
        var statement = withValue ? _latest : _latestMeta;
        try
        {
            statement.Bind(1, keyBytes);
            if (!statement.Step() || statement.Int64(3) != 0)
            {
                return default;
            }
            var value = withValue ? statement.Bytes(5) : ReadOnlyMemory<byte>.Empty;
            var kv = new KeyValue(key, value, statement.Int64(1), statement.Int64(0), statement.Int64(2));
            return new LatestRow(kv, !statement.IsNull(4));
        }
        finally
        {
            statement.Reset();
        }
    }

    private void ClearExpiry(LatestRow latest)
    {
        if (latest.HasExpiry)
        {
            _clearExpiry.Bind(1, latest.Kv!.ModRevision);
            _clearExpiry.Execute();
        }
    }

    private void Insert(long revision, byte[] key, long createRevision, long version, bool deleted, long prevRevision, long? expiresAtMs, ReadOnlyMemory<byte> value)
    {
        _insert.Bind(1, revision);
        _insert.Bind(2, key);
        _insert.Bind(3, createRevision);
        _insert.Bind(4, version);
        _insert.Bind(5, deleted ? 1L : 0L);
        _insert.Bind(6, prevRevision);
        _insert.Bind(7, expiresAtMs);
        if (GappedValue.TryGet(value, out var gapped))
        {
            // Its two parts, joined in the writer's scratch buffer (SQLite copies a bound blob).
            if (_valueScratch.Length < gapped.Length)
            {
                _valueScratch = new byte[Math.Max(gapped.Length, _valueScratch.Length * 2)];
            }
            gapped.CopyTo(_valueScratch);
            _insert.Bind(8, _valueScratch.AsSpan(0, gapped.Length));
        }
        else
        {
            _insert.Bind(8, value.Span);
        }
        _insert.Execute();
    }

    private SqliteCommand Prepare(string sql, params string[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }
        command.Prepare();
        return command;
    }
}
