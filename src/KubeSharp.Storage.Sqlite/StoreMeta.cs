namespace KubeSharp.Storage.Sqlite;

/// <summary>The revisions recorded in the <c>meta</c> row.</summary>
/// <param name="CurrentRevision">The revision of the last committed write.</param>
/// <param name="CompactedRevision">History before this revision is gone (or going).</param>
/// <param name="CompactProgress">Superseded history has been deleted below this revision.</param>
internal readonly record struct StoreMeta(long CurrentRevision, long CompactedRevision, long CompactProgress);
