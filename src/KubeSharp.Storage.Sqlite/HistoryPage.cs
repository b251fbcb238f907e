namespace KubeSharp.Storage.Sqlite;

/// <summary>One page of history for a watch replay.</summary>
/// <param name="Events">The changes, in revision order.</param>
/// <param name="CompactedRevision">The compacted revision in the snapshot the page was read from.</param>
internal readonly record struct HistoryPage(List<WatchEvent> Events, long CompactedRevision);
