using System.Net;
using System.Net.Sockets;

namespace KubeSharp.ApiServer.Tests.Integration;

/// <summary>
/// The server's HTTP/2 limits as kube-apiserver's: 250 concurrent streams per connection (Go's HTTP/2 server default,
/// which kube-apiserver keeps), so one client connection carries its watches and requests together without a second
/// connection.
/// </summary>
public sealed class Http2LimitsTests(ApiServerFixture server) : IClassFixture<ApiServerFixture>
{
    [Fact]
    public async Task OneConnection_CarriesMoreThanKestrelsDefault100ConcurrentStreams()
    {
        // Connections counted as they are opened: a stream the server refuses (over its limit) is retried on a new one.
        var connections = 0;
        using var client = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            // As our client's and client-go's transports: another connection only when the server's stream limit is reached.
            EnableMultipleHttp2Connections = true,
            ConnectCallback = async (context, cancellationToken) =>
            {
                Interlocked.Increment(ref connections);
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
            SslOptions = server.AdminSslOptions(),
        })
        {
            BaseAddress = server.Host.Address,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var requests = Enumerable.Range(0, 150)
            .Select(_ => new HttpRequestMessage(HttpMethod.Get, "/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=120")
            {
                Version = HttpVersion.Version20,
                VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            }).ToList();
        var watches = new List<HttpResponseMessage>();
        try
        {
            // The connection first, then 150 watches (each holds its stream) and a plain request on it.
            using (var first = await client.GetAsync("/api/v1/namespaces/default", timeout.Token))
            {
                first.StatusCode.ShouldBe(HttpStatusCode.OK);
                first.Version.ShouldBe(HttpVersion.Version20);
            }
            Volatile.Read(ref connections).ShouldBe(1);
            foreach (var request in requests)
            {
                var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                watches.Add(response);
                response.StatusCode.ShouldBe(HttpStatusCode.OK);
            }
            using var get = await client.GetAsync("/api/v1/namespaces/default", timeout.Token);
            get.StatusCode.ShouldBe(HttpStatusCode.OK);
            Volatile.Read(ref connections).ShouldBe(1);
        }
        finally
        {
            foreach (var watch in watches)
            {
                watch.Dispose();
            }
            foreach (var request in requests)
            {
                request.Dispose();
            }
        }
    }
}
