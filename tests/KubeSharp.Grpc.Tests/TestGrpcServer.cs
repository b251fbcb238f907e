using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Grpc.Tests;

/// <summary>An in-process Kestrel server speaking gRPC by hand (HTTP/2 only), one handler for every path.</summary>
public sealed class TestGrpcServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestGrpcServer(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    /// <summary>The endpoint to give the client.</summary>
    public Uri Endpoint { get; }

    /// <summary>Starts a server on 127.0.0.1 (h2c), or with <paramref name="listen"/> on what it configures.</summary>
    public static async Task<TestGrpcServer> StartAsync(RequestDelegate handler, Action<KestrelServerOptions>? listen = null, string scheme = "http")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(options =>
        {
            if (listen is null)
            {
                options.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2);
            }
            else
            {
                listen(options);
            }
        });
        var app = builder.Build();
        app.Run(handler);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var endpoint = address.StartsWith("http://unix:", StringComparison.Ordinal)
            ? new Uri("unix://" + address["http://unix:".Length..])
            : new Uri(scheme + "://" + new Uri(address).Authority);
        return new TestGrpcServer(app, endpoint);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
