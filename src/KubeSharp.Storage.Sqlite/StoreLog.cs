using Microsoft.Extensions.Logging;

namespace KubeSharp.Storage.Sqlite;

/// <summary>The engine's log messages (source-generated).</summary>
internal static partial class StoreLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Opened store {Path} at revision {Revision} (compacted {CompactedRevision})")]
    public static partial void Opened(ILogger logger, string path, long revision, long compactedRevision);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Compacted {Path} to revision {Revision}: {Rows} history rows deleted in {ElapsedMs} ms")]
    public static partial void Compacted(ILogger logger, string path, long revision, long rows, long elapsedMs);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Write transaction on {Path} failed; {Requests} requests got an error")]
    public static partial void CommitFailed(ILogger logger, Exception exception, string path, int requests);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Automatic compaction of {Path} failed")]
    public static partial void AutoCompactionFailed(ILogger logger, Exception exception, string path);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "A watcher on {Path} fell {Capacity} events behind and was ended")]
    public static partial void WatcherDropped(ILogger logger, string path, int capacity);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "WAL checkpoint of {Path} failed")]
    public static partial void CheckpointFailed(ILogger logger, Exception exception, string path);

    [LoggerMessage(EventId = 7, Level = LogLevel.Error, Message = "The writer of {Path} stopped unexpectedly")]
    public static partial void WriterCrashed(ILogger logger, Exception exception, string path);
}
