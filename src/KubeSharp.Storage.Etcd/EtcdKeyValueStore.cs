using System.Runtime.CompilerServices;
using Google.Protobuf;
using KubeSharp.Grpc;
using KubeSharp.Storage.Etcd.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.Storage.Etcd;

/// <summary>
/// <see cref="IKeyValueStore"/> on etcd v3 (3.4 or later) over its gRPC API, the way the Kubernetes API server
/// uses etcd: keys stored exactly as given (<c>/registry/pods/default/web</c>), values as the raw bytes given.
/// </summary>
/// <remarks>
/// <para><b>Mapping.</b> Create is a Txn <c>create_revision(key) == 0 ? Put : Range</c>; compare-and-swap
/// update and delete are Txns on <c>mod_revision(key)</c> (or <c>version(key) &gt; 0</c> for "any") whose else
/// branch reads the current value, so a failed write returns it in the same round trip. Reads are
/// linearizable Ranges. Watches share one Watch stream (<see cref="EtcdWatchHub"/>). TTL keys are attached to
/// leases reused per TTL (<see cref="EtcdLeaseManager"/>).</para>
/// <para><b>Revisions.</b> etcd's: a new etcd reports revision 1 (not 0) before the first write. Reads at a
/// past revision report that revision as the one they were served at.</para>
/// <para><b>Errors.</b> etcd's compacted / future revision errors become <see cref="StorageException"/> with
/// <see cref="StorageErrorCode.Compacted"/> / <see cref="StorageErrorCode.FutureRevision"/>; values over
/// <see cref="StorageLimits.MaxValueBytes"/> are refused before sending (<see cref="StorageErrorCode.ValueTooLarge"/>);
/// everything else the cluster or the network does wrong is <see cref="StorageErrorCode.Unavailable"/>.
/// Unary calls fail over between <see cref="EtcdStoreOptions.Endpoints"/> when a member cannot be reached; a
/// write whose outcome is unknown (connection lost after sending) is never retried.</para>
/// <para><b>Threading.</b> Every member is safe to call concurrently.</para>
/// </remarks>
public sealed class EtcdKeyValueStore : IKeyValueStore
{
    private static readonly ByteString NoSuchKey = ByteString.CopyFrom(0);

    private readonly GrpcChannel _channel;
    private readonly GrpcCallOptions _callOptions;
    private readonly EtcdLeaseManager _leases;
    private readonly EtcdWatchHub _watches;
    private long _compactedHint;
    private int _disposed;

    /// <summary>A store on the etcd cluster at <see cref="EtcdStoreOptions.Endpoints"/>. Connects lazily;
    /// <see cref="ConnectAsync"/> also checks that etcd answers.</summary>
    public EtcdKeyValueStore(EtcdStoreOptions options, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        var time = timeProvider ?? TimeProvider.System;
        loggerFactory ??= NullLoggerFactory.Instance;
        var logger = loggerFactory.CreateLogger<EtcdKeyValueStore>();
        _channel = new GrpcChannel(new GrpcChannelOptions
        {
            Endpoints = options.Endpoints,
            ClientCertificate = options.ClientCertificate,
            TrustedCertificateAuthorities = options.TrustedCertificateAuthorities,
            ConnectTimeout = options.DialTimeout,
            KeepAlivePingDelay = options.KeepAliveTime,
            KeepAlivePingTimeout = options.KeepAliveTimeout,
            UserAgent = "kubesharp-etcd/0.1",
        }, time, loggerFactory.CreateLogger<GrpcChannel>());
        _callOptions = new GrpcCallOptions(options.RequestTimeout);
        _leases = new EtcdLeaseManager(_channel, _callOptions, options, time, logger);
        _watches = new EtcdWatchHub(_channel, options, time, logger);
    }

    /// <summary>The options the store was made with.</summary>
    public EtcdStoreOptions Options { get; }

    /// <summary>The gRPC channel to etcd (for etcd calls the store does not wrap).</summary>
    public GrpcChannel Channel => _channel;

    /// <summary>Makes a store and waits until etcd answers a status request.</summary>
    /// <exception cref="StorageException">No endpoint answered (<see cref="StorageErrorCode.Unavailable"/>).</exception>
    public static async Task<EtcdKeyValueStore> ConnectAsync(EtcdStoreOptions options, TimeProvider? timeProvider, ILoggerFactory? loggerFactory, CancellationToken cancellationToken)
    {
        var store = new EtcdKeyValueStore(options, timeProvider, loggerFactory);
        try
        {
            await store.GetStatusAsync(cancellationToken);
            return store;
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    /// <summary>The status of the member calls currently go to (Maintenance/Status).</summary>
    public async Task<EtcdStatus> GetStatusAsync(CancellationToken cancellationToken)
    {
        var endpoint = _channel.PreferredEndpoint;
        var status = await CallAsync(EtcdMethods.Status, new StatusRequest(), cancellationToken);
        return new EtcdStatus(endpoint, status.Version, status.Header?.ClusterId ?? 0, status.Header?.MemberId ?? 0, status.Leader,
            status.Header?.Revision ?? 0, status.DbSize, status.DbSizeInUse, status.RaftIndex, status.RaftAppliedIndex, status.RaftTerm,
            status.IsLearner, [.. status.Errors]);
    }

    /// <inheritdoc />
    /// <remarks>etcd's counter starts at 1: a new etcd reports 1.</remarks>
    public async ValueTask<long> GetCurrentRevisionAsync(CancellationToken cancellationToken)
    {
        var response = await CallAsync(EtcdMethods.Range, new Protocol.RangeRequest { Key = NoSuchKey }, cancellationToken);
        return response.Header.Revision;
    }

    /// <inheritdoc />
    public async ValueTask<GetResult> GetAsync(string key, long revision, CancellationToken cancellationToken)
    {
        var keyBytes = KeyBytes(key);
        var response = await CallAsync(EtcdMethods.Range, new Protocol.RangeRequest { Key = keyBytes, Revision = revision }, cancellationToken);
        var kv = response.Kvs.Count == 0 ? null : ToKeyValue(response.Kvs[0], key);
        return new GetResult(kv, revision > 0 ? revision : response.Header.Revision);
    }

    /// <inheritdoc />
    public async ValueTask<RangeResult> RangeAsync(Storage.RangeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.RangeEnd is null && request.Key.Length == 0)
        {
            throw new StorageException(StorageErrorCode.InvalidKey, "the key is empty");
        }
        var response = await CallAsync(EtcdMethods.Range, new Protocol.RangeRequest
        {
            Key = ByteString.CopyFromUtf8(request.Key),
            RangeEnd = request.RangeEnd is null ? ByteString.Empty : ByteString.CopyFromUtf8(request.RangeEnd),
            Revision = request.Revision,
            Limit = request.Limit,
            KeysOnly = request.KeysOnly,
            CountOnly = request.CountOnly,
        }, cancellationToken);
        var kvs = new KeyValue[response.Kvs.Count];
        for (var i = 0; i < kvs.Length; i++)
        {
            kvs[i] = EtcdWatchHub.ToKeyValue(response.Kvs[i]);
        }
        return new RangeResult(kvs, request.Revision > 0 ? request.Revision : response.Header.Revision, response.More, response.Count);
    }

    /// <inheritdoc />
    public async ValueTask<WriteResult> CreateAsync(string key, ReadOnlyMemory<byte> value, TimeSpan? ttl, CancellationToken cancellationToken)
    {
        var keyBytes = KeyBytes(key);
        CheckValue(value);
        for (var attempt = 0; ; attempt++)
        {
            var lease = ttl is { } t ? await GetLeaseAsync(t, cancellationToken) : 0;
            var txn = new TxnRequest
            {
                Compare = { new Compare { Key = keyBytes, Target = Compare.Types.CompareTarget.Create, Result = Compare.Types.CompareResult.Equal, CreateRevision = 0 } },
                Success = { new RequestOp { RequestPut = new PutRequest { Key = keyBytes, Value = UnsafeByteOperations.UnsafeWrap(value), Lease = lease } } },
                Failure = { new RequestOp { RequestRange = new Protocol.RangeRequest { Key = keyBytes } } },
            };
            TxnResponse response;
            try
            {
                response = await _channel.UnaryAsync(EtcdMethods.Txn, txn, _callOptions, cancellationToken);
            }
            catch (GrpcCallException e) when (lease != 0 && attempt == 0 && EtcdErrors.IsLeaseNotFound(e))
            {
                _leases.Forget(lease);
                continue;
            }
            catch (GrpcCallException e)
            {
                throw await MapAsync(e, cancellationToken);
            }
            var revision = response.Header.Revision;
            if (response.Succeeded)
            {
                return new WriteResult(true, revision, new KeyValue(key, value, revision, revision, 1));
            }
            return new WriteResult(false, revision, FirstKv(response, key));
        }
    }

    /// <inheritdoc />
    public async ValueTask<WriteResult> UpdateAsync(string key, ReadOnlyMemory<byte> value, long expectedModRevision, TimeSpan? ttl, CancellationToken cancellationToken)
    {
        var keyBytes = KeyBytes(key);
        CheckValue(value);
        var compare = expectedModRevision != 0
            ? new Compare { Key = keyBytes, Target = Compare.Types.CompareTarget.Mod, Result = Compare.Types.CompareResult.Equal, ModRevision = expectedModRevision }
            : new Compare { Key = keyBytes, Target = Compare.Types.CompareTarget.Version, Result = Compare.Types.CompareResult.Greater, Version = 0 };
        for (var attempt = 0; ; attempt++)
        {
            var lease = ttl is { } t ? await GetLeaseAsync(t, cancellationToken) : 0;
            var txn = new TxnRequest
            {
                Compare = { compare },
                // The keys-only read after the put yields the key's create revision and version (not its value)
                // in the same round trip; a put with prev_kv would also ship the old value back.
                Success =
                {
                    new RequestOp { RequestPut = new PutRequest { Key = keyBytes, Value = UnsafeByteOperations.UnsafeWrap(value), Lease = lease } },
                    new RequestOp { RequestRange = new Protocol.RangeRequest { Key = keyBytes, KeysOnly = true } },
                },
                Failure = { new RequestOp { RequestRange = new Protocol.RangeRequest { Key = keyBytes } } },
            };
            TxnResponse response;
            try
            {
                response = await _channel.UnaryAsync(EtcdMethods.Txn, txn, _callOptions, cancellationToken);
            }
            catch (GrpcCallException e) when (lease != 0 && attempt == 0 && EtcdErrors.IsLeaseNotFound(e))
            {
                _leases.Forget(lease);
                continue;
            }
            catch (GrpcCallException e)
            {
                throw await MapAsync(e, cancellationToken);
            }
            var revision = response.Header.Revision;
            if (!response.Succeeded)
            {
                return new WriteResult(false, revision, FirstKv(response, key));
            }
            var written = response.Responses[1].ResponseRange.Kvs[0];
            return new WriteResult(true, revision, new KeyValue(key, value, written.CreateRevision, written.ModRevision, written.Version));
        }
    }

    /// <inheritdoc />
    public async ValueTask<WriteResult> DeleteAsync(string key, long expectedModRevision, CancellationToken cancellationToken)
    {
        var keyBytes = KeyBytes(key);
        if (expectedModRevision == 0)
        {
            var deleted = await CallAsync(EtcdMethods.DeleteRange, new DeleteRangeRequest { Key = keyBytes, PrevKv = true }, cancellationToken);
            return deleted.Deleted == 0
                ? new WriteResult(false, deleted.Header.Revision, null)
                : new WriteResult(true, deleted.Header.Revision, ToKeyValue(deleted.PrevKvs[0], key));
        }
        var response = await CallAsync(EtcdMethods.Txn, new TxnRequest
        {
            Compare = { new Compare { Key = keyBytes, Target = Compare.Types.CompareTarget.Mod, Result = Compare.Types.CompareResult.Equal, ModRevision = expectedModRevision } },
            Success = { new RequestOp { RequestDeleteRange = new DeleteRangeRequest { Key = keyBytes, PrevKv = true } } },
            Failure = { new RequestOp { RequestRange = new Protocol.RangeRequest { Key = keyBytes } } },
        }, cancellationToken);
        var revision = response.Header.Revision;
        if (!response.Succeeded)
        {
            return new WriteResult(false, revision, FirstKv(response, key));
        }
        var previous = response.Responses[0].ResponseDeleteRange.PrevKvs;
        return new WriteResult(true, revision, previous.Count == 0 ? null : ToKeyValue(previous[0], key));
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<WatchEvent> WatchAsync(Storage.WatchRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.RangeEnd is null && request.Key.Length == 0)
        {
            throw new StorageException(StorageErrorCode.InvalidKey, "the key is empty");
        }
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var watcher = new EtcdWatcher(request, Options.WatchBufferEvents);
        await _watches.RegisterAsync(watcher, cancellationToken);
        try
        {
            var reader = watcher.Events.Reader;
            while (await reader.WaitToReadAsync(cancellationToken))
            {
                while (reader.TryRead(out var watchEvent))
                {
                    yield return watchEvent;
                }
            }
        }
        finally
        {
            _watches.Unregister(watcher);
        }
    }

    /// <inheritdoc />
    public async ValueTask CompactAsync(long revision, CancellationToken cancellationToken)
    {
        if (revision <= 0)
        {
            return;
        }
        try
        {
            await _channel.UnaryAsync(EtcdMethods.Compact, new CompactionRequest { Revision = revision }, _callOptions, cancellationToken);
        }
        catch (GrpcCallException e) when (EtcdErrors.IsCompacted(e))
        {
            // At or below an earlier compaction: nothing to do.
        }
        catch (GrpcCallException e)
        {
            throw await MapAsync(e, cancellationToken);
        }
    }

    /// <inheritdoc />
    /// <remarks>etcd does not report its compaction revision directly; it is found by a binary search of
    /// reads of one absent key (cheap index lookups) for the oldest revision that is not compacted: about
    /// log2(revision) serializable Ranges, or two when the previous answer still holds. 0 when nothing below
    /// revision 2 is compacted.</remarks>
    public async ValueTask<long> GetCompactedRevisionAsync(CancellationToken cancellationToken)
    {
        // The last answer is checked first (two reads): compactions are rare, so it is usually still right.
        var hint = Volatile.Read(ref _compactedHint);
        if (hint > 1 && await IsReadableAsync(hint, cancellationToken) && !await IsReadableAsync(hint - 1, cancellationToken))
        {
            return hint;
        }
        var current = await GetCurrentRevisionAsync(cancellationToken);
        if (current <= 1 || await IsReadableAsync(1, cancellationToken))
        {
            return 0;
        }
        long compacted = 1, readable = current;
        while (readable - compacted > 1)
        {
            var middle = compacted + ((readable - compacted) / 2);
            if (await IsReadableAsync(middle, cancellationToken))
            {
                readable = middle;
            }
            else
            {
                compacted = middle;
            }
        }
        Volatile.Write(ref _compactedHint, readable);
        return readable;
    }

    /// <summary>Closes the watch stream (watches end) and the connections.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        await _watches.DisposeAsync();
        _channel.Dispose();
    }

    private async ValueTask<bool> IsReadableAsync(long revision, CancellationToken cancellationToken)
    {
        try
        {
            await _channel.UnaryAsync(EtcdMethods.Range, new Protocol.RangeRequest { Key = NoSuchKey, Revision = revision, Serializable = true }, _callOptions, cancellationToken);
            return true;
        }
        catch (GrpcCallException e) when (EtcdErrors.IsCompacted(e))
        {
            return false;
        }
        catch (GrpcCallException e)
        {
            throw EtcdErrors.ToStorageException(e);
        }
    }

    private async ValueTask<long> GetLeaseAsync(TimeSpan ttl, CancellationToken cancellationToken)
    {
        try
        {
            return await _leases.GetLeaseAsync(ttl, cancellationToken);
        }
        catch (GrpcCallException e)
        {
            throw await MapAsync(e, cancellationToken);
        }
    }

    private async ValueTask<TResponse> CallAsync<TRequest, TResponse>(GrpcMethod<TRequest, TResponse> method, TRequest request, CancellationToken cancellationToken)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        try
        {
            return await _channel.UnaryAsync(method, request, _callOptions, cancellationToken);
        }
        catch (GrpcCallException e)
        {
            throw await MapAsync(e, cancellationToken);
        }
    }

    /// <summary>The storage error for a failed call; a compacted one gets the compaction revision.</summary>
    private async ValueTask<StorageException> MapAsync(GrpcCallException e, CancellationToken cancellationToken)
    {
        long compactRevision = 0;
        if (EtcdErrors.IsCompacted(e))
        {
            try
            {
                compactRevision = await GetCompactedRevisionAsync(cancellationToken);
            }
            catch (StorageException)
            {
            }
        }
        return EtcdErrors.ToStorageException(e, compactRevision);
    }

    private static ByteString KeyBytes(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length == 0)
        {
            throw new StorageException(StorageErrorCode.InvalidKey, "the key is empty");
        }
        return ByteString.CopyFromUtf8(key);
    }

    private static void CheckValue(ReadOnlyMemory<byte> value)
    {
        if (value.Length > StorageLimits.MaxValueBytes)
        {
            throw new StorageException(StorageErrorCode.ValueTooLarge,
                $"the value is {value.Length} bytes; at most {StorageLimits.MaxValueBytes} bytes are allowed");
        }
    }

    private static KeyValue? FirstKv(TxnResponse response, string key)
    {
        var range = response.Responses.Count > 0 ? response.Responses[0].ResponseRange : null;
        return range is { Kvs.Count: > 0 } ? ToKeyValue(range.Kvs[0], key) : null;
    }

    /// <summary>A KeyValue for a key already known as a string (saves decoding it again).</summary>
    private static KeyValue ToKeyValue(Protocol.KeyValue kv, string key)
        => new(key, kv.Value.Memory, kv.CreateRevision, kv.ModRevision, kv.Version);
}
