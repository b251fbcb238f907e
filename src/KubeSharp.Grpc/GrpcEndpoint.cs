using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace KubeSharp.Grpc;

/// <summary>One server: its URI, the base URI requests are made against, and the HTTP/2 connection pool
/// (a <see cref="SocketsHttpHandler"/> of its own, so that TCP, TLS and Unix socket endpoints can be mixed).</summary>
internal sealed class GrpcEndpoint : IDisposable
{
    private GrpcEndpoint(Uri uri, Uri baseUri, HttpMessageInvoker invoker)
    {
        Uri = uri;
        BaseUri = baseUri;
        Invoker = invoker;
    }

    public Uri Uri { get; }

    public Uri BaseUri { get; }

    public HttpMessageInvoker Invoker { get; }

    public static GrpcEndpoint Create(Uri uri, GrpcChannelOptions options)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (!uri.IsAbsoluteUri)
        {
            throw new ArgumentException($"gRPC endpoint '{uri}' is not an absolute URI (http://, https:// or unix://)", nameof(uri));
        }
#pragma warning disable CA2000 // the handler is owned by the invoker, which this endpoint disposes.
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.ConnectTimeout,
            KeepAlivePingDelay = options.KeepAlivePingDelay,
            KeepAlivePingTimeout = options.KeepAlivePingTimeout,
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
        };
#pragma warning restore CA2000
        Uri baseUri;
        switch (uri.Scheme)
        {
            case "http":
                baseUri = new Uri("http://" + uri.Authority);
                break;
            case "https":
                baseUri = new Uri("https://" + uri.Authority);
                handler.SslOptions = CreateSslOptions(options);
                break;
            case "unix":
                var path = uri.AbsolutePath;
                if (string.IsNullOrEmpty(path) || path == "/")
                {
                    handler.Dispose();
                    throw new ArgumentException($"gRPC endpoint '{uri}' names no socket path (unix:///path/to.sock)", nameof(uri));
                }
                path = Uri.UnescapeDataString(path);
                baseUri = new Uri("http://localhost");
                handler.ConnectCallback = (_, cancellationToken) => ConnectUnixAsync(path, cancellationToken);
                break;
            default:
                handler.Dispose();
                throw new ArgumentException($"gRPC endpoint '{uri}' has an unsupported scheme (http, https or unix)", nameof(uri));
        }
        return new GrpcEndpoint(uri, baseUri, new HttpMessageInvoker(handler, disposeHandler: true));
    }

    public void Dispose() => Invoker.Dispose();

    private static async ValueTask<Stream> ConnectUnixAsync(string path, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static SslClientAuthenticationOptions CreateSslOptions(GrpcChannelOptions options)
    {
        var ssl = new SslClientAuthenticationOptions();
        if (options.ClientCertificate is { } certificate)
        {
            ssl.ClientCertificates = [certificate];
        }
        if (options.TrustedCertificateAuthorities is { Count: > 0 } authorities)
        {
            var roots = new X509Certificate2Collection(authorities);
            ssl.RemoteCertificateValidationCallback = (_, presented, presentedChain, errors) =>
                ValidateAgainst(roots, presented, presentedChain, errors);
        }
        return ssl;
    }

    /// <summary>Accepts a server certificate that chains to one of <paramref name="roots"/> (and only those)
    /// and matches the host name.</summary>
    internal static bool ValidateAgainst(X509Certificate2Collection roots, X509Certificate? presented, X509Chain? presentedChain, SslPolicyErrors errors)
    {
        if (presented is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
        {
            return false;
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presentedChain is not null)
        {
            foreach (var element in presentedChain.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }
        using var leaf = new X509Certificate2(presented);
        return chain.Build(leaf);
    }
}
