namespace KubeSharp.Storage.Sqlite;

/// <summary>
/// Settings of a <see cref="SqliteKeyValueStore"/>. Every default lives here, in the property initialisers.
/// </summary>
/// <param name="Path">The database file. Its directory is created when missing; the engine also keeps
/// <c>Path-wal</c>, <c>Path-shm</c> (SQLite's WAL files) and <c>Path.lock</c> (one process at a time) beside it.</param>
public sealed record SqliteStoreOptions(string Path)
{
    /// <summary>How often history is compacted automatically, like the API server's
    /// <c>--etcd-compaction-interval</c> (default 5 minutes). Each run compacts to the revision the previous run
    /// saw, so at least one interval of history is kept. <see cref="TimeSpan.Zero"/> or
    /// <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> turns automatic compaction off.</summary>
    public TimeSpan CompactionInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Automatic compaction always keeps at least this many of the newest revisions.</summary>
    public long RetainedRevisions { get; init; } = 1000;

    /// <summary>Revisions of history deleted per step of a compaction; each step is one short write transaction,
    /// interleaved with client writes, so compaction never holds the writer for long.</summary>
    public int CompactionBatchRevisions { get; init; } = 1000;

    /// <summary>How long a watch with <see cref="WatchRequest.ProgressNotify"/> must be idle before it gets a
    /// <see cref="WatchEventType.Progress"/> event.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Events buffered per watcher. A watcher that falls this far behind the writer is ended with
    /// <see cref="StorageException"/> (<see cref="StorageErrorCode.Unavailable"/>) and must re-watch.</summary>
    public int WatcherBufferSize { get; init; } = 4096;

    /// <summary>Most writes committed in one transaction (group commit).</summary>
    public int MaxBatchSize { get; init; } = 1024;

    /// <summary>Most read connections open at once; further readers wait for one.</summary>
    public int MaxReadConnections { get; init; } = 8;

    /// <summary>Events read from the database per page when a watch replays history.</summary>
    public int WatchReplayPageSize { get; init; } = 1000;

    /// <summary>The WAL file is truncated back to at most this size after a checkpoint.</summary>
    public long WalSizeLimitBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Throws <see cref="ArgumentException"/> when a setting is out of range.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Path))
        {
            throw new ArgumentException("the database path is empty", nameof(Path));
        }
        ArgumentOutOfRangeException.ThrowIfNegative(RetainedRevisions, nameof(RetainedRevisions));
        ArgumentOutOfRangeException.ThrowIfLessThan(CompactionBatchRevisions, 1, nameof(CompactionBatchRevisions));
        ArgumentOutOfRangeException.ThrowIfLessThan(WatcherBufferSize, 1, nameof(WatcherBufferSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatchSize, 1, nameof(MaxBatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxReadConnections, 1, nameof(MaxReadConnections));
        ArgumentOutOfRangeException.ThrowIfLessThan(WatchReplayPageSize, 1, nameof(WatchReplayPageSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(WalSizeLimitBytes, 0, nameof(WalSizeLimitBytes));
        if (ProgressInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ProgressInterval), ProgressInterval, "must be positive");
        }
        if (CompactionInterval < TimeSpan.Zero && CompactionInterval != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(CompactionInterval), CompactionInterval, "must be positive, zero or infinite");
        }
    }
}
