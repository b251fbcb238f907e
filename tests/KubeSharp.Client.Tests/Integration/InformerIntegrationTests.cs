using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Meta.V1;
using KubeSharp.ApiServer;
using KubeSharp.ApiServer.Tests.Integration;
using KubeSharp.Client.Cache;

namespace KubeSharp.Client.Tests.Integration;

/// <summary>Records an informer's notifications as strings, in order.</summary>
internal sealed class NotificationLog : IResourceEventHandler<ConfigMap>
{
    public ConcurrentQueue<string> Seen { get; } = new();

    public void OnAdd(ConfigMap obj, bool isInInitialList) => Seen.Enqueue($"add {obj.Metadata.Name}{(isInInitialList ? " initial" : "")}");

    public void OnUpdate(ConfigMap oldObj, ConfigMap newObj)
    {
        if (oldObj.Metadata.ResourceVersion != newObj.Metadata.ResourceVersion)
        {
            Seen.Enqueue($"update {newObj.Metadata.Name}={newObj.Data?.GetValueOrDefault("k")}");
        }
    }

    public void OnDelete(ConfigMap obj, bool isFinalStateUnknown) => Seen.Enqueue($"delete {obj.Metadata.Name}{(isFinalStateUnknown ? " tombstone" : "")}");

    public Task WaitForAsync(string entry, int seconds = 30)
        => Clients.EventuallyAsync(() => Seen.Contains(entry), $"'{entry}' in [{string.Join("; ", Seen)}]", seconds);

    /// <summary>Waits for an entry starting with <paramref name="prefix"/> (a deletion seen live or as a relist tombstone).</summary>
    public Task WaitForPrefixAsync(string prefix, int seconds = 30)
        => Clients.EventuallyAsync(() => Seen.Any(s => s.StartsWith(prefix, StringComparison.Ordinal)), $"'{prefix}...' in [{string.Join("; ", Seen)}]", seconds);
}

/// <summary>Passes calls to the real client; from the second watch on, each waits for the gate first (the test
/// changes the server meanwhile, as if the client were slow or disconnected).</summary>
internal sealed class GatedListerWatcher(IListerWatcher<ConfigMap> inner) : IListerWatcher<ConfigMap>
{
    private int _watches;

    public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Watches => Volatile.Read(ref _watches);

    public Task<ResourceList<ConfigMap>> ListAsync(ListParams parameters, CancellationToken cancellationToken) => inner.ListAsync(parameters, cancellationToken);

    public async IAsyncEnumerable<WatchEvent<ConfigMap>> WatchAsync(ListParams parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _watches) > 1)
        {
            await Gate.Task.WaitAsync(cancellationToken);
        }
        await foreach (var evt in inner.WatchAsync(parameters, cancellationToken))
        {
            yield return evt;
        }
    }
}

[Collection(SharedServer.Name)]
public sealed class InformerIntegrationTests(ApiServerFixture server) : IAsyncDisposable
{
    private readonly KubernetesClient _client = Clients.Admin(server);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _runs = [];

    [Fact]
    public async Task Factory_InformerSyncs_ThenSeesAddUpdateDelete_AndTheListerServesTheCache()
    {
        await Clients.CreateNamespaceAsync(_client, "inf-basic");
        var cms = _client.Resource<ConfigMap>("inf-basic");
        await cms.CreateAsync(Clients.ConfigMap("before", data: new() { ["k"] = "0" }, labels: new() { ["app"] = "x" }));
        await using var factory = new SharedInformerFactory(_client, new SharedInformerFactoryOptions { DetectMutations = true });
        var informer = factory.Informer<ConfigMap>(new InformerScope { Namespace = "inf-basic" });
        factory.Informer<ConfigMap>(new InformerScope { Namespace = "inf-basic" }).ShouldBeSameAs(informer);
        var namespaces = factory.Informer<Namespace>();
        var log = new NotificationLog();
        var registration = informer.AddEventHandler(log);

        factory.Start();
        (await factory.WaitForCacheSyncAsync(Timeout(30))).ShouldBeTrue();

        await log.WaitForAsync("add before initial");
        await Clients.EventuallyAsync(() => registration.HasSynced, "handler synced");
        namespaces.Lister.Get("inf-basic").ShouldNotBeNull();
        namespaces.Lister.Get("default").ShouldNotBeNull();

        var created = await cms.CreateAsync(Clients.ConfigMap("live", data: new() { ["k"] = "1" }, labels: new() { ["app"] = "x" }));
        await log.WaitForAsync("add live");
        created.Data!["k"] = "2";
        await cms.UpdateAsync(created);
        await log.WaitForAsync("update live=2");
        informer.Lister.Namespace("inf-basic").Get("live")!.Data!["k"].ShouldBe("2");
        informer.Lister.Namespace("inf-basic").List("app=x").Count.ShouldBe(2);

        await cms.DeleteAsync("before");
        await log.WaitForAsync("delete before");

        log.Seen.ShouldBe(["add before initial", "add live", "update live=2", "delete before"]);
        informer.Lister.List().Select(c => c.Metadata.Name).ShouldBe(["live"]);
        informer.ListCount.ShouldBe(1);
        informer.CheckForMutations();
    }

    [Fact]
    public async Task DynamicInformer_ListsAndWatchesJsonObjects()
    {
        await Clients.CreateNamespaceAsync(_client, "inf-dynamic");
        await using var factory = new SharedInformerFactory(_client);
        var informer = factory.DynamicInformer(_client.Resource<ConfigMap>().Resource, new InformerScope { Namespace = "inf-dynamic", LabelSelector = "pick=yes" });
        factory.Start();
        (await factory.WaitForCacheSyncAsync(Timeout(30))).ShouldBeTrue();

        var cms = _client.Resource<ConfigMap>("inf-dynamic");
        await cms.CreateAsync(Clients.ConfigMap("skipped"));
        await cms.CreateAsync(Clients.ConfigMap("picked", labels: new() { ["pick"] = "yes" }));

        await Clients.EventuallyAsync(() => informer.Lister.Namespace("inf-dynamic").Get("picked") is not null, "picked in the dynamic cache");
        informer.Lister.List().Select(informer.Adapter.GetName).ShouldBe(["picked"]);
    }

    [Fact]
    public async Task WatchWindowCompacted_WhileTheClientWasAway_GivesGone_AndTheInformerRelistsToTheRightContents()
    {
        await Clients.CreateNamespaceAsync(_client, "inf-compact");
        await Clients.CreateNamespaceAsync(_client, "inf-noise");
        var cms = _client.Resource<ConfigMap>("inf-compact");
        await cms.CreateAsync(Clients.ConfigMap("keep", data: new() { ["k"] = "0" }));
        var change = await cms.CreateAsync(Clients.ConfigMap("change", data: new() { ["k"] = "0" }));
        await cms.CreateAsync(Clients.ConfigMap("vanish"));
        var gated = new GatedListerWatcher(cms);
        var errors = new ConcurrentQueue<Exception>();
        var informer = new SharedIndexInformer<ConfigMap>(gated, ObjectAdapter.For<ConfigMap>(), new SharedInformerOptions
        {
            Reflector = new ReflectorOptions { MinWatchTimeout = TimeSpan.FromSeconds(1), OnError = errors.Enqueue },
        });
        var log = new NotificationLog();
        informer.AddEventHandler(log);
        Run(informer);
        (await informer.WaitForCacheSyncAsync(Timeout(30))).ShouldBeTrue();
        // The first watch ends after its 1-2 s server timeout; the second waits at the gate.
        await Clients.EventuallyAsync(() => gated.Watches >= 2, "the informer's second watch", 30);

        var seenVersion = informer.LastSyncResourceVersion;
        change.Data!["k"] = "1";
        await cms.UpdateAsync(change);
        await cms.DeleteAsync("vanish");
        await cms.CreateAsync(Clients.ConfigMap("new"));
        // More changes than the server's watch window holds (1000 per resource), then a store compaction.
        var noise = _client.Resource<ConfigMap>("inf-noise");
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async w =>
        {
            var cm = await noise.CreateAsync(Clients.ConfigMap($"noise-{w}", data: new() { ["k"] = "0" }));
            for (var i = 0; i < 130; i++)
            {
                cm.Data!["k"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                cm = await noise.UpdateAsync(cm);
            }
        }));
        await server.Store.CompactAsync(await server.Store.GetCurrentRevisionAsync(CancellationToken.None), CancellationToken.None);
        // A plain watch from the informer's version now fails with 410 Gone too.
        var gone = await Should.ThrowAsync<KubeApiException>(async () =>
        {
            await foreach (var _ in cms.WatchAsync(new ListParams { ResourceVersion = seenVersion }, Timeout(30)))
            {
            }
        });
        gone.IsGone.ShouldBeTrue();
        gone.Code.ShouldBe(410);
        gated.Gate.SetResult();

        await log.WaitForAsync("delete vanish tombstone");
        await log.WaitForAsync("update change=1");
        await log.WaitForAsync("add new");
        errors.ShouldContain(e => KubeErrors.IsGone(e));
        informer.ListCount.ShouldBe(2);
        informer.Lister.List().Select(c => c.Metadata.Name).Order().ShouldBe(["change", "keep", "new"]);
        informer.Lister.Namespace("inf-compact").Get("change")!.Data!["k"].ShouldBe("1");

        // And it keeps watching after the relist.
        await cms.CreateAsync(Clients.ConfigMap("after"));
        await log.WaitForAsync("add after");
    }

    private void Run<T>(SharedIndexInformer<T> informer)
        where T : class
        => _runs.Add(informer.RunAsync(_stop.Token));

    private static CancellationToken Timeout(int seconds) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_runs).WaitAsync(TimeSpan.FromSeconds(30));
        _stop.Dispose();
        _client.Dispose();
    }
}

/// <summary>A server that keeps its port across restarts (so clients reconnect to the same address).</summary>
public sealed class FixedPortServerFixture : ApiServerFixture
{
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    protected override ApiServerOptions Configure(ApiServerOptions options) => options with { HttpsPort = FreePort() };
}

/// <summary>An informer survives a server restart: the watch breaks, reconnects with backoff, gets 410 (the new
/// watch cache starts at the current revision) and relists, then follows changes again.</summary>
public sealed class InformerRestartTests : IAsyncLifetime
{
    private readonly FixedPortServerFixture _server = new();

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task AfterARestart_TheInformerRecovers_WithCorrectContents()
    {
        using var client = Clients.Admin(_server);
        await Clients.CreateNamespaceAsync(client, "inf-restart");
        await Clients.CreateNamespaceAsync(client, "inf-elsewhere");
        var cms = client.Resource<ConfigMap>("inf-restart");
        await cms.CreateAsync(Clients.ConfigMap("before"));
        var errors = new ConcurrentQueue<Exception>();
        var informer = new SharedIndexInformer<ConfigMap>(cms, ObjectAdapter.For<ConfigMap>(), new SharedInformerOptions
        {
            Reflector = new ReflectorOptions { MaxBackoff = TimeSpan.FromSeconds(2), OnError = errors.Enqueue },
        });
        var log = new NotificationLog();
        informer.AddEventHandler(log);
        using var stop = new CancellationTokenSource();
        var run = informer.RunAsync(stop.Token);
        try
        {
            (await informer.WaitForCacheSyncAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token)).ShouldBeTrue();
            // A write the informer does not see moves the revision past its last resourceVersion.
            await client.Resource<ConfigMap>("inf-elsewhere").CreateAsync(Clients.ConfigMap("elsewhere"));

            await _server.RestartAsync();

            await cms.CreateAsync(Clients.ConfigMap("after"));
            await cms.DeleteAsync("before");
            await log.WaitForAsync("add after", 60);
            await log.WaitForPrefixAsync("delete before", 60);
            informer.Lister.List().Select(c => c.Metadata.Name).ShouldBe(["after"]);
            errors.ShouldContain(e => KubeErrors.IsGone(e));
            informer.ListCount.ShouldBe(2);
        }
        finally
        {
            await stop.CancelAsync();
            await run.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }
}
