using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Meta.V1;
using KubeSharp.ApiServer.Tests.Integration;
using KubeSharp.Client.Cache;

namespace KubeSharp.Client.Tests.Integration;

/// <summary>Informers and clients that drop managedFields, against the real server (upstream's trim transform).</summary>
[Collection(SharedServer.Name)]
public sealed class SkipManagedFieldsIntegrationTests(ApiServerFixture server) : IDisposable
{
    private readonly KubernetesClient _client = Clients.Admin(server);

    [Fact]
    public async Task Informer_CachesObjectsWithoutManagedFields_WhileTheServerKeepsThem()
    {
        await Clients.CreateNamespaceAsync(_client, "skip-mf-informer");
        var cms = _client.Resource<ConfigMap>("skip-mf-informer");
        await cms.CreateAsync(Clients.ConfigMap("listed", data: new() { ["k"] = "0" }), new WriteParams { FieldManager = "creator" });
        await using var factory = new SharedInformerFactory(_client, new SharedInformerFactoryOptions { SkipManagedFields = true, DetectMutations = true });
        var informer = factory.Informer<ConfigMap>(new InformerScope { Namespace = "skip-mf-informer" });
        var dynamic = factory.DynamicInformer(cms.Resource, new InformerScope { Namespace = "skip-mf-informer" });
        informer.Adapter.SkipsManagedFields.ShouldBeTrue();
        factory.Start();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            (await factory.WaitForCacheSyncAsync(timeout.Token)).ShouldBeTrue();
        }

        // One object from the list, one from the watch.
        await cms.CreateAsync(Clients.ConfigMap("watched", labels: new() { ["app"] = "w" }), new WriteParams { FieldManager = "creator" });
        await Clients.EventuallyAsync(() => informer.Lister.Namespace("skip-mf-informer").Get("watched") is not null, "watched in the cache", 60);
        await Clients.EventuallyAsync(() => dynamic.Lister.Namespace("skip-mf-informer").Get("watched") is not null, "watched in the dynamic cache", 60);

        foreach (var name in new[] { "listed", "watched" })
        {
            var cached = informer.Lister.Namespace("skip-mf-informer").Get(name)!;
            cached.Metadata.ManagedFields.ShouldBeNull();
            cached.Metadata.Uid.ShouldNotBeEmpty();
            cached.Metadata.ResourceVersion.ShouldNotBeEmpty();
            dynamic.Lister.Namespace("skip-mf-informer").Get(name)!["metadata"]!["managedFields"].ShouldBeNull();
            var live = await cms.GetAsync(name);
            live.Metadata.ManagedFields.ShouldNotBeNull();
            live.Metadata.ManagedFields.Select(m => m.Manager).ShouldContain("creator");
        }
        informer.Lister.Namespace("skip-mf-informer").Get("watched")!.Metadata.Labels!["app"].ShouldBe("w");
        informer.CheckForMutations();
    }

    [Fact]
    public async Task UpdateOfATrimmedObject_KeepsTheLiveManagedFields_AndAnEmptyEntryResetsThem()
    {
        await Clients.CreateNamespaceAsync(_client, "skip-mf-update");
        var cms = _client.Resource<ConfigMap>("skip-mf-update");
        var trimmedClient = cms.WithoutManagedFields();
        trimmedClient.WithoutManagedFields().ShouldBeSameAs(trimmedClient);
        trimmedClient.InNamespace("skip-mf-update").Adapter.SkipsManagedFields.ShouldBeTrue();
        await cms.CreateAsync(Clients.ConfigMap("cm", data: new() { ["a"] = "1" }), new WriteParams { FieldManager = "creator" });

        // Upstream's decodeLiveOrNew: an update without managedFields keeps the live ones (and adds the updater's).
        var trimmed = await trimmedClient.GetAsync("cm");
        trimmed.Metadata.ManagedFields.ShouldBeNull();
        trimmed.Data!["b"] = "2";
        var answer = await trimmedClient.UpdateAsync(trimmed, new WriteParams { FieldManager = "updater" });
        answer.Metadata.ManagedFields.ShouldBeNull();

        var live = await cms.GetAsync("cm");
        live.Data!["b"].ShouldBe("2");
        live.Metadata.ManagedFields!.Select(m => m.Manager).OrderBy(m => m, StringComparer.Ordinal).ShouldBe(["creator", "updater"]);
        var creator = live.Metadata.ManagedFields!.Single(m => m.Manager == "creator");
        creator.FieldsV1!.Value.ToString().ShouldContain("f:a");

        // A single empty entry (what omitempty leaves of an empty list) resets them: only this update's manager remains.
        live.Metadata.ManagedFields = [new ManagedFieldsEntry()];
        live.Data["c"] = "3";
        var reset = await cms.UpdateAsync(live, new WriteParams { FieldManager = "resetter" });
        reset.Metadata.ManagedFields!.Select(m => m.Manager).ShouldBe(["resetter"]);
    }

    public void Dispose() => _client.Dispose();
}
