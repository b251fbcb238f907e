using Microsoft.Extensions.Logging;

namespace KubeSharp.Storage.Etcd;

internal static partial class EtcdLog
{
    [LoggerMessage(1, LogLevel.Warning, "etcd watch stream broke ({Reason}); reconnecting {Watchers} watchers")]
    public static partial void WatchStreamBroke(ILogger logger, string reason, int watchers);

    [LoggerMessage(2, LogLevel.Information, "etcd watch stream reconnected to {Endpoint}; resumed {Watchers} watchers")]
    public static partial void WatchStreamReconnected(ILogger logger, Uri endpoint, int watchers);

    [LoggerMessage(3, LogLevel.Error, "etcd watch stream could not reconnect within {Timeout}; ending {Watchers} watchers")]
    public static partial void WatchStreamGaveUp(ILogger logger, TimeSpan timeout, int watchers);

    [LoggerMessage(4, LogLevel.Warning, "etcd watcher {WatchId} on {Key} fell {Buffered} events behind; ending it")]
    public static partial void WatcherOverflow(ILogger logger, long watchId, string key, int buffered);

    [LoggerMessage(5, LogLevel.Debug, "etcd lease {LeaseId} granted for TTL {Ttl}s (asked {Requested}s)")]
    public static partial void LeaseGranted(ILogger logger, long leaseId, long ttl, long requested);

    [LoggerMessage(6, LogLevel.Warning, "etcd watcher {WatchId} on {Key} cancelled by the server: {Reason}")]
    public static partial void WatcherCancelled(ILogger logger, long watchId, string key, string reason);
}
