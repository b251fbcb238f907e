using KubeSharp.Grpc;
using KubeSharp.Storage.Etcd.Protocol;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Storage.Etcd;

/// <summary>
/// Leases for keys with a TTL, as the API server's etcd3 lease manager does it: one lease per TTL (in whole
/// seconds) is granted with a little extra time and reused by later writes with the same TTL while it still
/// outlives their TTL, so a burst of Events costs one LeaseGrant rather than one each.
/// </summary>
/// <remarks>A key so lives between its TTL and TTL + min(<see cref="EtcdStoreOptions.LeaseReuseDuration"/>,
/// TTL x <see cref="EtcdStoreOptions.LeaseReuseFraction"/>), plus etcd's expiry granularity (etcd also raises
/// TTLs below its minimum, 2 s by default). Thread-safe; concurrent misses may grant twice, harmlessly.</remarks>
internal sealed class EtcdLeaseManager
{
    private readonly GrpcChannel _channel;
    private readonly GrpcCallOptions _callOptions;
    private readonly EtcdStoreOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly Dictionary<long, (long LeaseId, DateTimeOffset Expires)> _byTtl = [];

    public EtcdLeaseManager(GrpcChannel channel, GrpcCallOptions callOptions, EtcdStoreOptions options, TimeProvider time, ILogger logger)
    {
        _channel = channel;
        _callOptions = callOptions;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>TTLs are whole seconds, rounded up, at least 1.</summary>
    public static long Seconds(TimeSpan ttl) => Math.Max(1, (long)Math.Ceiling(ttl.TotalSeconds));

    /// <summary>A lease that lives at least <paramref name="ttl"/> from now.</summary>
    public async ValueTask<long> GetLeaseAsync(TimeSpan ttl, CancellationToken cancellationToken)
    {
        var seconds = Seconds(ttl);
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            if (_byTtl.TryGetValue(seconds, out var previous) && now.AddSeconds(seconds) < previous.Expires)
            {
                return previous.LeaseId;
            }
        }
        var reuse = (long)Math.Min(_options.LeaseReuseDuration.TotalSeconds, seconds * _options.LeaseReuseFraction);
        var granted = await _channel.UnaryAsync(EtcdMethods.LeaseGrant, new LeaseGrantRequest { TTL = seconds + reuse }, _callOptions, cancellationToken);
        if (!string.IsNullOrEmpty(granted.Error))
        {
            throw new StorageException(StorageErrorCode.Unavailable, $"etcd refused a lease of {seconds + reuse}s: {granted.Error}");
        }
        EtcdLog.LeaseGranted(_logger, granted.ID, granted.TTL, seconds + reuse);
        // Reusable while it outlives a new key's TTL; the granted TTL may be above the asked one (etcd's minimum).
        var expires = now.AddSeconds(Math.Min(granted.TTL, seconds + reuse));
        lock (_lock)
        {
            _byTtl[seconds] = (granted.ID, expires);
        }
        return granted.ID;
    }

    /// <summary>Stops reusing <paramref name="leaseId"/> (etcd said it no longer exists).</summary>
    public void Forget(long leaseId)
    {
        lock (_lock)
        {
            foreach (var (ttl, lease) in _byTtl)
            {
                if (lease.LeaseId == leaseId)
                {
                    _byTtl.Remove(ttl);
                    return;
                }
            }
        }
    }
}
