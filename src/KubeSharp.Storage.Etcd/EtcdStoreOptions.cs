using System.Security.Cryptography.X509Certificates;

namespace KubeSharp.Storage.Etcd;

/// <summary>How <see cref="EtcdKeyValueStore"/> reaches etcd and how it behaves.</summary>
/// <remarks>etcd's own limits matter too: its <c>--max-request-bytes</c> (default 1.5 MiB) must exceed
/// <see cref="StorageLimits.MaxValueBytes"/> plus the key and some overhead (2 MiB is enough), or the largest
/// values are refused by etcd (reported as <see cref="StorageErrorCode.ValueTooLarge"/>).</remarks>
public sealed record EtcdStoreOptions
{
    /// <summary>etcd client URLs (<c>http://127.0.0.1:2379</c>, <c>https://...</c>, or <c>unix:///path</c>),
    /// all members of one cluster. Calls go to one and fail over to the next when it cannot be reached.</summary>
    public required IReadOnlyList<Uri> Endpoints { get; init; }

    /// <summary>The client certificate (with key) for etcd's <c>--client-cert-auth</c>, or null.</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>The CA etcd's server certificates chain to (etcd's <c>--trusted-ca-file</c> side); null: the
    /// system trust store.</summary>
    public X509Certificate2Collection? TrustedCertificateAuthorities { get; init; }

    /// <summary>How long connecting to one endpoint may take before the next is tried.</summary>
    public TimeSpan DialTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The deadline of each request (reads, writes, lease grants); exceeded: Unavailable.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>HTTP/2 keep-alive ping interval on idle connections (etcd refuses pings more often than
    /// its <c>--grpc-keepalive-min-time</c>, 5 s by default).</summary>
    public TimeSpan KeepAliveTime { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a keep-alive ping may go unanswered before the connection is dropped.</summary>
    public TimeSpan KeepAliveTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Upper bound of how long a lease granted for one TTL is reused by later writes with the
    /// same TTL (the API server's lease manager: 60 s).</summary>
    public TimeSpan LeaseReuseDuration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The reuse duration as a fraction of the TTL, when that is shorter (the API server's 5 %).
    /// A key may so outlive its TTL by this fraction, never expire sooner.</summary>
    public double LeaseReuseFraction { get; init; } = 0.05;

    /// <summary>Events a watcher may have waiting for its consumer; past that the watcher is ended with
    /// <see cref="StorageErrorCode.Unavailable"/> (it has fallen behind) instead of buffering without bound.</summary>
    public int WatchBufferEvents { get; init; } = 100_000;

    /// <summary>How long the shared watch stream keeps trying to reconnect (any endpoint) after it broke,
    /// before its watchers are ended with <see cref="StorageErrorCode.Unavailable"/>.</summary>
    public TimeSpan WatchReconnectTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
