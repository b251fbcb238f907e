namespace KubeSharp.Storage.Sqlite;

/// <summary>What a <see cref="WriteRequest"/> asks the writer to do.</summary>
internal enum WriteKind
{
    Create,
    Update,
    Delete,

    /// <summary>Delete keys whose TTL has passed (internal; no caller waits).</summary>
    Expire,

    /// <summary>Record a new compacted revision (<see cref="WriteRequest.Revision"/>) before any history goes.</summary>
    SetCompacted,

    /// <summary>Delete one window of superseded history; the result's Succeeded says whether compaction is done.</summary>
    CompactStep,

    /// <summary>Give back up to <see cref="WriteRequest.Revision"/> free pages to the file system.</summary>
    Vacuum,

    /// <summary>Checkpoint the WAL into the database file and truncate it (outside any transaction).</summary>
    Checkpoint,
}
