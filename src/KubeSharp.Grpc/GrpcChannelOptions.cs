using System.Security.Cryptography.X509Certificates;

namespace KubeSharp.Grpc;

/// <summary>
/// Where and how a <see cref="GrpcChannel"/> connects.
/// </summary>
/// <remarks>
/// Endpoint forms: <c>http://host:port</c> (HTTP/2 over cleartext TCP with prior knowledge, h2c),
/// <c>https://host:port</c> (HTTP/2 over TLS, ALPN h2), <c>unix:///absolute/path.sock</c> (h2c over a Unix
/// domain socket; the <c>:authority</c> sent is <c>localhost</c>). All endpoints serve the same service;
/// calls go to one of them and move to the next when a connection cannot be made.
/// </remarks>
public sealed record GrpcChannelOptions
{
    /// <summary>The servers, in order of preference; at least one.</summary>
    public required IReadOnlyList<Uri> Endpoints { get; init; }

    /// <summary>The client certificate (with private key) presented to TLS endpoints, or null.</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>The certificate authorities TLS endpoints' certificates must chain to. Null or empty: the
    /// system's trust store.</summary>
    public X509Certificate2Collection? TrustedCertificateAuthorities { get; init; }

    /// <summary>How long connecting (TCP and TLS) to one endpoint may take before the next is tried.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The deadline of unary and server-streaming calls that set none; null: none.</summary>
    public TimeSpan? DefaultTimeout { get; init; }

    /// <summary>HTTP/2 PING interval on idle connections; <see cref="Timeout.InfiniteTimeSpan"/> disables
    /// keep-alive pings. Keep it at or above the server's minimum (etcd: 5 s) or the server closes the connection.</summary>
    public TimeSpan KeepAlivePingDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a keep-alive PING may go unanswered before the connection is closed.</summary>
    public TimeSpan KeepAlivePingTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>The largest response message accepted; larger ones fail the call with
    /// <see cref="GrpcStatusCode.ResourceExhausted"/>.</summary>
    public int MaxReceiveMessageBytes { get; init; } = int.MaxValue;

    /// <summary>The largest request message sent; larger ones fail before sending with
    /// <see cref="GrpcStatusCode.ResourceExhausted"/>.</summary>
    public int MaxSendMessageBytes { get; init; } = int.MaxValue;

    /// <summary>The <c>user-agent</c> sent.</summary>
    public string UserAgent { get; init; } = "kubesharp-grpc/0.1";
}
