using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace KubeSharp.ApiServer.Benchmarks;

/// <summary>HttpClients that present the admin client certificate and trust only the cluster CA.</summary>
internal static class BenchClient
{
    /// <summary>A client speaking exactly <paramref name="protocol"/> ("1.1": a pool of up to
    /// <paramref name="connections"/> connections; "2": streams multiplexed, more connections opened when one's
    /// 100 concurrent streams are taken).</summary>
    /// <param name="gzip">Send <c>Accept-Encoding: gzip</c> and inflate replies, as client-go's transport does.</param>
    public static HttpClient Create(Uri address, X509Certificate2 clientCertificate, X509Certificate2 ca, string protocol, int connections = 256, bool gzip = false)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            AutomaticDecompression = gzip ? DecompressionMethods.GZip : DecompressionMethods.None,
            UseProxy = false,
            // client-go's HTTP/2 stream window (4 MiB; .NET starts at 64 KiB and grows it by RTT): a 40 MiB list
            // should not wait on window updates more than kubectl would.
            InitialHttp2StreamWindowSize = 4 << 20,
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = [clientCertificate],
                RemoteCertificateValidationCallback = (_, certificate, _, errors) => Trusted(certificate, ca, errors),
            },
        };
        var version = protocol == "2" ? HttpVersion.Version20 : HttpVersion.Version11;
        return new HttpClient(handler)
        {
            BaseAddress = address,
            DefaultRequestVersion = version,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    private static bool Trusted(X509Certificate? certificate, X509Certificate2 ca, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }
        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            return false;
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>Sends a request and fails on a non-2xx reply, with the server's Status in the message.</summary>
    public static async Task<string> SendAsync(HttpClient client, HttpMethod method, string path, string? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = Json(body);
        }
        using var response = await client.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {text}");
        }
        return text;
    }
}
