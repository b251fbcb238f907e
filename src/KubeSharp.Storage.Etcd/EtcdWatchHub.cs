using Google.Protobuf;
using KubeSharp.Grpc;
using KubeSharp.Storage.Etcd.Protocol;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Storage.Etcd;

/// <summary>
/// All watchers of one store multiplexed on one etcd Watch stream (as etcd's clientv3 does), with
/// client-chosen watcher ids (etcd 3.4's <c>watch_id</c>), resumption after the stream breaks, and a bounded
/// buffer per watcher.
/// </summary>
/// <remarks>
/// <para><b>Why one stream.</b> The API server keeps a watch per resource type plus one per client watch:
/// hundreds. One HTTP/2 stream each would cost etcd a pair of goroutines and a flow-control window each, and
/// the client one request per watcher to open; multiplexed, a watcher costs one create message. The price,
/// head-of-line blocking behind a slow consumer, is avoided by never blocking the reader: each watcher has its
/// own buffer (<see cref="EtcdStoreOptions.WatchBufferEvents"/>) and a watcher whose consumer falls that far
/// behind is ended with <see cref="StorageErrorCode.Unavailable"/> while the others go on.</para>
/// <para><b>Breaks.</b> When the stream fails (member down, connection lost) the reader reconnects (the channel
/// moves to another endpoint) and re-creates every watcher from the first revision it has not delivered, so
/// consumers see neither a gap nor a duplicate; if history was compacted meanwhile they get a Compacted event.
/// After <see cref="EtcdStoreOptions.WatchReconnectTimeout"/> without a stream, watchers end with
/// <see cref="StorageErrorCode.Unavailable"/>.</para>
/// <para><b>Threading.</b> Register and unregister from any thread; one reader task dispatches responses.</para>
/// </remarks>
internal sealed class EtcdWatchHub : IAsyncDisposable
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(2);

    private readonly GrpcChannel _channel;
    private readonly EtcdStoreOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly Dictionary<long, EtcdWatcher> _watchers = [];
    private readonly CancellationTokenSource _disposed = new();
    private GrpcDuplexCall<Protocol.WatchRequest, WatchResponse>? _call;
    private Task? _reader;
    private long _nextId;
    private bool _isDisposed;

    public EtcdWatchHub(GrpcChannel channel, EtcdStoreOptions options, TimeProvider time, ILogger logger)
    {
        _channel = channel;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>Adds a watcher and sends its create request (or leaves that to the reader while it connects).
    /// The consumer's token only stops the wait for the shared stream's write lock: a token passed to the write
    /// itself would, when cancelled, reset the stream every other watcher shares.</summary>
    public async ValueTask RegisterAsync(EtcdWatcher watcher, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        GrpcDuplexCall<Protocol.WatchRequest, WatchResponse>? call;
        lock (_lock)
        {
            if (_isDisposed)
            {
                watcher.Events.Writer.TryComplete();
                return;
            }
            watcher.Id = ++_nextId;
            _watchers.Add(watcher.Id, watcher);
            _reader ??= Task.Run(ReadLoopAsync, CancellationToken.None);
            call = _call;
            if (call is not null)
            {
                watcher.SentOn = call;
            }
        }
        if (call is not null)
        {
            await TrySendAsync(call, CreateRequest(watcher), CancellationToken.None);
        }
    }

    /// <summary>Removes a watcher whose consumer is done, and cancels it on the stream.</summary>
    public void Unregister(EtcdWatcher watcher)
    {
        GrpcDuplexCall<Protocol.WatchRequest, WatchResponse>? call;
        lock (_lock)
        {
            if (!_watchers.Remove(watcher.Id))
            {
                return;
            }
            call = watcher.SentOn == _call ? _call : null;
        }
        watcher.Events.Writer.TryComplete();
        if (call is not null)
        {
            _ = TrySendAsync(call, CancelRequest(watcher.Id), CancellationToken.None).AsTask();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task? reader;
        lock (_lock)
        {
            if (_isDisposed)
            {
                return;
            }
            _isDisposed = true;
            reader = _reader;
        }
        await _disposed.CancelAsync();
        if (reader is not null)
        {
            await reader;
        }
        lock (_lock)
        {
            foreach (var watcher in _watchers.Values)
            {
                watcher.Events.Writer.TryComplete();
            }
            _watchers.Clear();
        }
        _disposed.Dispose();
    }

    private async Task ReadLoopAsync()
    {
        var token = _disposed.Token;
        DateTimeOffset? brokenSince = null;
        var backoff = TimeSpan.FromMilliseconds(100);
        while (!token.IsCancellationRequested)
        {
            var call = _channel.StartDuplex(EtcdMethods.Watch, null, token);
            try
            {
                List<EtcdWatcher> resend;
                lock (_lock)
                {
                    _call = call;
                    resend = [.. _watchers.Values.Where(w => w.SentOn != call)];
                    foreach (var watcher in resend)
                    {
                        watcher.SentOn = call;
                    }
                }
                foreach (var watcher in resend)
                {
                    await call.WriteAsync(CreateRequest(watcher), token);
                }
                if (resend.Count > 0 && brokenSince is not null)
                {
                    EtcdLog.WatchStreamReconnected(_logger, _channel.PreferredEndpoint, resend.Count);
                }
                while (await call.MoveNextAsync(token))
                {
                    brokenSince = null;
                    backoff = TimeSpan.FromMilliseconds(100);
                    Dispatch(call.Current, call);
                }
                throw new GrpcCallException(new GrpcStatus(GrpcStatusCode.Unavailable, "etcd ended the watch stream"));
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is not GrpcCallException)
            {
                // A bug or an unexpected failure: end the watchers rather than leave them waiting forever.
                lock (_lock)
                {
                    var failure = new StorageException(StorageErrorCode.Unavailable, "the etcd watch stream failed: " + e.Message, e);
                    foreach (var watcher in _watchers.Values)
                    {
                        watcher.Events.Writer.TryComplete(failure);
                    }
                    _watchers.Clear();
                    _call = null;
                    _reader = null;
                    return;
                }
            }
            catch (GrpcCallException e)
            {
                int count;
                lock (_lock)
                {
                    if (_call == call)
                    {
                        _call = null;
                    }
                    count = _watchers.Count;
                }
                var now = _time.GetUtcNow();
                brokenSince ??= now;
                EtcdLog.WatchStreamBroke(_logger, e.Status.ToString(), count);
                if (now - brokenSince.Value > _options.WatchReconnectTimeout)
                {
                    EtcdLog.WatchStreamGaveUp(_logger, _options.WatchReconnectTimeout, count);
                    lock (_lock)
                    {
                        var failure = new StorageException(StorageErrorCode.Unavailable,
                            $"the etcd watch stream broke and could not be re-established within {_options.WatchReconnectTimeout}: {e.Status}", e);
                        foreach (var watcher in _watchers.Values)
                        {
                            watcher.Events.Writer.TryComplete(failure);
                        }
                        _watchers.Clear();
                        // No watcher left: stop; the next registration starts a new reader.
                        _reader = null;
                        return;
                    }
                }
                try
                {
                    await Task.Delay(backoff, _time, token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                backoff = backoff * 2 < MaxBackoff ? backoff * 2 : MaxBackoff;
            }
            finally
            {
                await call.DisposeAsync();
            }
        }
    }

    private void Dispatch(WatchResponse response, GrpcDuplexCall<Protocol.WatchRequest, WatchResponse> call)
    {
        EtcdWatcher? watcher;
        lock (_lock)
        {
            if (!_watchers.TryGetValue(response.WatchId, out watcher) || watcher.SentOn != call)
            {
                return; // cancelled meanwhile, or a response from an older stream
            }
        }
        var header = response.Header?.Revision ?? 0;
        if (response.CompactRevision != 0)
        {
            // The start (or resume) revision is compacted: etcd has cancelled the watcher.
            watcher.Events.Writer.TryWrite(new WatchEvent(WatchEventType.Compacted, null, null, response.CompactRevision));
            End(watcher, null, sendCancel: false);
            return;
        }
        if (response.Canceled)
        {
            EtcdLog.WatcherCancelled(_logger, watcher.Id, watcher.Request.Key, response.CancelReason);
            End(watcher, new StorageException(StorageErrorCode.Unavailable, $"etcd cancelled the watch on {watcher.Request.Key}: {response.CancelReason}"), sendCancel: false);
            return;
        }
        if (response.Created)
        {
            if (watcher.NextRevision == 0)
            {
                watcher.NextRevision = header + 1;
            }
            return;
        }
        if (response.Events.Count == 0)
        {
            // A progress notification: nothing in the range is pending up to the header's revision.
            if (header + 1 > watcher.NextRevision)
            {
                watcher.NextRevision = header + 1;
            }
            if (watcher.Request.ProgressNotify)
            {
                Publish(watcher, new WatchEvent(WatchEventType.Progress, null, null, header));
            }
            return;
        }
        foreach (var e in response.Events)
        {
            var kv = ToKeyValue(e.Kv);
            var watchEvent = new WatchEvent(
                e.Type == Event.Types.EventType.Delete ? WatchEventType.Delete : WatchEventType.Put,
                kv,
                e.PrevKv is null ? null : ToKeyValue(e.PrevKv),
                kv.ModRevision);
            if (!Publish(watcher, watchEvent))
            {
                return;
            }
            watcher.NextRevision = kv.ModRevision + 1;
        }
    }

    private bool Publish(EtcdWatcher watcher, WatchEvent watchEvent)
    {
        if (watcher.Events.Writer.TryWrite(watchEvent))
        {
            return true;
        }
        EtcdLog.WatcherOverflow(_logger, watcher.Id, watcher.Request.Key, watcher.Capacity);
        End(watcher, new StorageException(StorageErrorCode.Unavailable,
            $"the watcher on {watcher.Request.Key} fell more than {watcher.Capacity} events behind and was ended; watch again from a recent revision"),
            sendCancel: true);
        return false;
    }

    private void End(EtcdWatcher watcher, Exception? error, bool sendCancel)
    {
        GrpcDuplexCall<Protocol.WatchRequest, WatchResponse>? call;
        lock (_lock)
        {
            _watchers.Remove(watcher.Id);
            call = _call;
        }
        watcher.Events.Writer.TryComplete(error);
        if (sendCancel && call is not null)
        {
            _ = TrySendAsync(call, CancelRequest(watcher.Id), CancellationToken.None).AsTask();
        }
    }

    internal static KeyValue ToKeyValue(Protocol.KeyValue kv)
        => new(kv.Key.ToStringUtf8(), kv.Value.Memory, kv.CreateRevision, kv.ModRevision, kv.Version);

    private static Protocol.WatchRequest CreateRequest(EtcdWatcher watcher) => new()
    {
        CreateRequest = new WatchCreateRequest
        {
            Key = watcher.Key,
            RangeEnd = watcher.RangeEnd,
            StartRevision = watcher.NextRevision,
            ProgressNotify = watcher.Request.ProgressNotify,
            PrevKv = true,
            WatchId = watcher.Id,
        },
    };

    private static Protocol.WatchRequest CancelRequest(long id) => new() { CancelRequest = new WatchCancelRequest { WatchId = id } };

    /// <summary>Writes to the stream; a failure is left to the reader, which reconnects and re-creates.</summary>
    private static async ValueTask TrySendAsync(GrpcDuplexCall<Protocol.WatchRequest, WatchResponse> call, Protocol.WatchRequest request, CancellationToken cancellationToken)
    {
        try
        {
            await call.WriteAsync(request, cancellationToken);
        }
        catch (Exception e) when (e is GrpcCallException or ObjectDisposedException or InvalidOperationException)
        {
        }
    }
}
