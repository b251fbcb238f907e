using System.Collections.Concurrent;
using System.Net;
using KubeSharp.ApiServer.Discovery;
using KubeSharp.ApiServer.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KubeSharp.ApiServer.Tests.OpenApi;

/// <summary>A Kestrel server on 127.0.0.1 (random port, plain HTTP) serving <c>/version</c>, discovery and OpenAPI;
/// everything else is a 404 Status. Records every request line.</summary>
public sealed class MinimalApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private MinimalApiServer(WebApplication app, ApiCatalog catalog)
    {
        _app = app;
        Catalog = catalog;
    }

    public ApiCatalog Catalog { get; }

    public ConcurrentQueue<string> Requests { get; } = new();

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public static async Task<MinimalApiServer> StartAsync(string minor = "32")
    {
        // The API server's own builder: no reload-on-change watch on the working directory (the host test checks the
        // test process holds none, while this server runs in parallel).
        var builder = KubeSharp.ApiServer.Hosting.ApiServerHost.CreateWebBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var catalog = new ApiCatalog(serverAddress: "127.0.0.1:6443");
        var server = new MinimalApiServer(app, catalog);
        var discovery = new DiscoveryHandler(catalog);
        var openApi = new OpenApiHandler(catalog);
        var version = System.Text.Encoding.UTF8.GetBytes(
            "{\"major\":\"1\",\"minor\":\"" + minor + "\",\"gitVersion\":\"v1." + minor + ".0+kubesharp\",\"gitCommit\":\"0000000000000000000000000000000000000000\","
            + "\"gitTreeState\":\"clean\",\"buildDate\":\"2025-01-01T00:00:00Z\",\"goVersion\":\"go1.23.4\",\"compiler\":\"gc\",\"platform\":\"linux/amd64\"}");
        app.Run(async context =>
        {
            server.Requests.Enqueue($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString} Accept={context.Request.Headers.Accept}");
            if (context.Request.Path == "/version")
            {
                context.Response.ContentType = "application/json";
                await context.Response.Body.WriteAsync(version, context.RequestAborted);
                return;
            }
            if (await discovery.TryHandleAsync(context) || await openApi.TryHandleAsync(context))
            {
                return;
            }
            await HttpResponses.WriteNotFoundAsync(context, context.RequestAborted);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
