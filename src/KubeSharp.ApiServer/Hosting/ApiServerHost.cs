using System.Net;
using System.Text;
using KubeSharp.Api.Registry;
using KubeSharp.ApiServer.Authentication;
using KubeSharp.ApiServer.Certificates;
using KubeSharp.ApiServer.Discovery;
using KubeSharp.ApiServer.Rest;
using KubeSharp.ApiServer.OpenApi;
using KubeSharp.ApiServer.Registry;
using KubeSharp.ApiServer.Services;
using KubeSharp.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KubeSharp.ApiServer.Hosting;

/// <summary>
/// The running API server: certificates, the store's caches, the REST, discovery and OpenAPI handlers behind
/// authentication, served over HTTPS (HTTP/1.1 and HTTP/2) by Kestrel.
/// </summary>
public sealed partial class ApiServerHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CacheDispatcher _dispatcher;
    private readonly ServiceAllocations _allocations;
    private readonly CancellationTokenSource _stopUpkeep;
    private readonly Task[] _upkeep;

    /// <summary>
    /// The ASP.NET host of the API server: no appsettings files from the working directory, and nothing watching it.
    /// ASP.NET's default builder reads appsettings.json from the current directory with reload-on-change, which puts
    /// a recursive inotify watch on that directory: 25,698 watches when started from /tmp, the whole file system when
    /// started from / (as a service is), and CPU spent on every file written below it (the datastore's own writes when
    /// the data dir is below it).
    /// </summary>
    internal static WebApplicationBuilder CreateWebBuilder()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });
        builder.Logging.ClearProviders();
        return builder;
    }

    private ApiServerHost(WebApplication app, CacheDispatcher dispatcher, ServiceAllocations allocations, ClusterPki pki, Uri address,
        CancellationTokenSource stopUpkeep, Task[] upkeep)
    {
        _app = app;
        _dispatcher = dispatcher;
        _allocations = allocations;
        Pki = pki;
        Address = address;
        _stopUpkeep = stopUpkeep;
        _upkeep = upkeep;
    }

    public ClusterPki Pki { get; }

    /// <summary>The HTTPS address clients use (https://127.0.0.1:PORT for a wildcard bind).</summary>
    public Uri Address { get; }

    /// <summary>Starts the server on an open store; returns when it accepts requests.</summary>
    public static async Task<ApiServerHost> StartAsync(ApiServerOptions options, IKeyValueStore store, TimeProvider time, ILoggerFactory? loggerFactory, CancellationToken cancellationToken)
    {
        var serviceIp = ServiceNetwork.FirstAddress(options.ServiceClusterIpRange);
        var pki = ClusterPki.LoadOrCreate(Path.Combine(options.DataDir, "tls"), serviceIp, [], time);

        var catalog = new ResourceCatalog(ServedApi.Registry, Strategies.For);
        var caches = catalog.All.ToDictionary(r => r, r => new WatchCache(r));
        var dispatcher = new CacheDispatcher(store, caches.Values, time, options.WatchBookmarkInterval);
        await dispatcher.StartAsync(cancellationToken);
        // One store per served version; versions of one resource share its storage version's cache.
        var stores = catalog.Served.ToDictionary(r => r, r => new ResourceStore(r, store, caches[r.Storage], time));

        // Service ClusterIPs and NodePorts: persisted bitmaps, repaired against the Services before serving.
        catalog.TryGet("", "v1", "services", out var services);
        catalog.TryGet("", "v1", "endpoints", out var endpoints);
        var allocations = new ServiceAllocations(new ClusterIPAllocator(store, options.ServiceClusterIpRange),
            new NodePortAllocator(store, options.ServiceNodePortRange), stores[endpoints!], loggerFactory?.CreateLogger<ServiceAllocations>());
        stores[services!].Hooks = allocations;
        var repair = new AllocationRepair(allocations, services!, store, time, loggerFactory?.CreateLogger<AllocationRepair>());
        await repair.RunOnceAsync(cancellationToken);
        await Bootstrap.EnsureAsync(catalog, stores, cancellationToken);

        var builder = CreateWebBuilder();
        var bind = IPAddress.Parse(options.BindAddress);
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // kube-apiserver's HTTP/2 serving (Go's x/net/http2 default): 250 concurrent streams per connection
            // (Kestrel's default is 100: the clients of one kubeconfig share one connection, and the scheduler
            // benchmark's creators, bindings, status writes, Lease renewals and watches went over 100 and opened a second
            // connection, which halves the frame coalescing on both sides). Kestrel's minimum request-body and response
            // data rates stay on: kube-apiserver bounds a stalled body or reader with its 60 s request timeout, which
            // KubeSharp does not have yet, and without them a client that declares a large body and stalls would hold
            // a mutating in-flight slot and its buffer forever.
            kestrel.Limits.Http2.MaxStreamsPerConnection = 250;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes + 1;
            kestrel.Listen(bind, options.HttpsPort, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(https =>
                {
                    https.ServerCertificate = pki.ServingCertificate;
                    https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
                    // Chains are checked by the authenticator against the cluster CA.
                    https.ClientCertificateValidation = (_, _, _) => true;
                });
            });
        });
        var app = builder.Build();
        // Cancelled when the host is disposed, just before Kestrel's graceful stop: open watches end cleanly then.
        var endWatches = new CancellationTokenSource();
        var apiCatalog = new ApiCatalog(ServedApi.Registry, serverAddress: $"{options.BindAddress}:{options.HttpsPort}");
        var pipeline = new RequestPipeline(options, [new ClientCertificateAuthenticator(pki.CaCertificate, time)],
            new DiscoveryHandler(apiCatalog), new OpenApiHandler(apiCatalog), new RestHandler(catalog, stores, dispatcher, store, options, time,
                admission: Admission.DefaultAdmission.Create(new Admission.AdmissionLookup(catalog, stores, dispatcher, store), options, time),
                serverStopping: endWatches.Token),
            VersionDocument(options), loggerFactory?.CreateLogger<RequestPipeline>());
        app.Run(pipeline.HandleAsync);
        await app.StartAsync(cancellationToken);

        var port = options.HttpsPort;
        if (port == 0)
        {
            var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            port = new Uri(bound.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal)).Port;
        }
        var host = bind.Equals(IPAddress.Any) || bind.Equals(IPAddress.IPv6Any) ? "127.0.0.1" : options.BindAddress;
        var address = new Uri($"https://{host}:{port}");
        // The kubernetes Service needs the port actually bound (its targetPort and endpoints).
        var advertise = ServiceNetwork.AdvertiseAddress(options);
        await Bootstrap.EnsureKubernetesServiceAsync(catalog, stores, serviceIp, advertise, port, cancellationToken);
        KubeconfigWriter.Write(options.KubeconfigOut, address.ToString().TrimEnd('/'), pki.CaCertificate, pki.AdminCertificate);

        // Upkeep: the allocation repair, and the kubernetes Service and its endpoints put right again and again (upstream's
        // endpoint reconciler), so a deleted or edited one comes back.
        var stopUpkeep = new CancellationTokenSource();
        var upkeepLogger = loggerFactory?.CreateLogger<ApiServerHost>();
        Task[] upkeep =
        [
            repair.RunAsync(stopUpkeep.Token),
            PeriodicTask.RunAsync(options.KubernetesServiceReconcileInterval, time,
                ct => Bootstrap.EnsureKubernetesServiceAsync(catalog, stores, serviceIp, advertise, port, ct),
                e =>
                {
                    if (upkeepLogger is not null)
                    {
                        LogKubernetesServiceFailed(upkeepLogger, e);
                    }
                }, stopUpkeep.Token),
        ];
        return new ApiServerHost(app, dispatcher, allocations, pki, address, stopUpkeep, upkeep) { _endWatches = endWatches };
    }

    private CancellationTokenSource? _endWatches;

    /// <summary>Completes when a stop is asked for (SIGTERM, Ctrl+C: the application's StopApplication) or
    /// <paramref name="cancellationToken"/> is cancelled; the server keeps serving until it is disposed, so in-process
    /// clients can be stopped first.</summary>
    public async Task WaitForStopRequestAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _app.Lifetime.ApplicationStopping);
        try
        {
            await Task.Delay(Timeout.Infinite, linked.Token);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Completes when the server stops.</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    private static byte[] VersionDocument(ApiServerOptions options) => Encoding.UTF8.GetBytes(
        $"{{\"major\":\"{options.KubernetesMajor}\",\"minor\":\"{options.KubernetesMinor}\",\"gitVersion\":\"{options.GitVersion}\",\"gitCommit\":\"{options.GitCommit}\","
        + "\"gitTreeState\":\"clean\",\"buildDate\":\"1970-01-01T00:00:00Z\",\"goVersion\":\"" + System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription
        + "\",\"compiler\":\"kubesharp\",\"platform\":\"linux/amd64\"}");

    public async ValueTask DisposeAsync()
    {
        await _stopUpkeep.CancelAsync();
        await Task.WhenAll(_upkeep);
        _stopUpkeep.Dispose();
        if (_endWatches is not null)
        {
            await _endWatches.CancelAsync();
        }
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _dispatcher.DisposeAsync();
        _allocations.Dispose();
        _endWatches?.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconciling the kubernetes Service and its endpoints failed; retrying at the next interval")]
    private static partial void LogKubernetesServiceFailed(ILogger logger, Exception exception);
}
