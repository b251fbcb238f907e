namespace KubeSharp.Storage.Sqlite;

/// <summary>Counters of the writer since the store was opened (diagnostics and tests).</summary>
/// <param name="Requests">Write requests applied (successful or not), including TTL expiries and compaction steps.</param>
/// <param name="Commits">Transactions committed: with group commit, fewer than <paramref name="Requests"/>.</param>
/// <param name="LargestBatch">Most requests committed in one transaction.</param>
/// <param name="FailedCommits">Transactions that failed and were rolled back (their callers got an exception).</param>
public readonly record struct SqliteStoreStatistics(long Requests, long Commits, long LargestBatch, long FailedCommits);
