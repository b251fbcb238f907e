namespace KubeSharp.Storage.Sqlite;

/// <summary>The newest row of a key as the writer sees it.</summary>
/// <param name="Kv">The key's value, or null when the key does not exist (no row, or a tombstone).</param>
/// <param name="HasExpiry">Whether the row carries a TTL deadline, to be cleared when it is superseded.</param>
internal readonly record struct LatestRow(KeyValue? Kv, bool HasExpiry);
