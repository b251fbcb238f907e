using System.Text;
using KubeSharp.Api;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Registry;
using KubeSharp.ApiServer.Errors;
using KubeSharp.ApiServer.Registry;
using KubeSharp.Storage;
using KubeSharp.Storage.Sqlite;

namespace KubeSharp.ApiServer.Tests.Registry;

/// <summary>
/// One encoding per write shared by the store, the reply and the watch cache; updates that start from the watch
/// cache's object (upstream's cached GuaranteedUpdate) and fall back to the store when it is stale.
/// </summary>
public sealed class WriteSharingTests : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("kubesharp-sharing-").FullName;
    private SqliteKeyValueStore _store = null!;
    private ResourceDefinition _configMaps = null!;

    public async Task InitializeAsync()
    {
        _store = await SqliteKeyValueStore.OpenAsync(new SqliteStoreOptions(Path.Combine(_root, "state.db")));
        var catalog = new ResourceCatalog(ResourceRegistry.Default, Strategies.For);
        catalog.TryGet("", "v1", "configmaps", out var configMaps).ShouldBeTrue();
        _configMaps = configMaps!;
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    private static ConfigMap NewConfigMap(string name) => new()
    {
        ApiVersion = "v1",
        Kind = "ConfigMap",
        Metadata = new() { Name = name, Namespace = "n", Labels = new() { ["app"] = "x" }, Annotations = new() { ["note"] = "\"resourceVersion\":\"1\"" } },
        Data = new() { ["k"] = "v" },
    };

    [Fact]
    public void SplicedJson_IsExactlyTheEncodingWithTheResourceVersion()
    {
        var pod = new Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new() { Name = "p", Namespace = "n", Uid = "u-1", CreationTimestamp = Time.Now().Rfc3339Copy(), Labels = new() { ["a"] = "b" } },
        };
        pod.Spec.Containers = [new Container { Name = "c", Image = "i" }];
        pod.Spec.NodeName = "node-1";
        var catalog = new ResourceCatalog(ResourceRegistry.Default, Strategies.For);
        catalog.TryGet("", "v1", "pods", out var pods).ShouldBeTrue();

        var storage = StorageEncoding.Encode(pods!, pod, out var gapped);

        gapped.ShouldNotBeNull();
        gapped.GapStart.ShouldBeGreaterThan(0);
        pod.Metadata.ResourceVersion.ShouldBe("");
        var stored = storage.ToArray();
        stored.ShouldBe(CachedObject.EncodeForStorage(pods!, pod));
        gapped.ValueEquals(stored).ShouldBeTrue();
        var copy = StorageEncoding.WithResourceVersion(gapped, 1234567);
        // The gap is sized for the revision the next write is expected to get; any other takes a copy.
        var json = StorageEncoding.Complete(gapped, 1234567);
        pod.Metadata.ResourceVersion = "1234567";
        json.ShouldBe(CachedObject.Encode(pods!, pod));
        copy.ShouldBe(json);
        // The stored value reads the same after the gap was filled.
        storage.ToArray().ShouldBe(stored);
        var cached = new CachedObject(pods!, "/registry/pods/n/p", pod, 1234567, json, gapped.GapStart);
        cached.StorageFormEquals(storage).ShouldBeTrue();
        cached.StorageFormEquals(stored).ShouldBeTrue();
        // A second encoding expects a 7-digit revision now: its gap fits and becomes the JSON in place.
        var again = StorageEncoding.Encode(pods!, pod, out var gappedAgain);
        cached.StorageFormEquals(again).ShouldBeTrue();
        var inPlace = StorageEncoding.Complete(gappedAgain!, 1234568);
        inPlace.ShouldBeSameAs(gappedAgain!.Array);
        pod.Metadata.ResourceVersion = "1234568";
        inPlace.ShouldBe(CachedObject.Encode(pods!, pod));
        stored[^2] ^= 1;
        cached.StorageFormEquals(stored).ShouldBeFalse();
        gapped.ValueEquals(stored).ShouldBeFalse();
        gapped.Array[^2] ^= 1;
        cached.StorageFormEquals(storage).ShouldBeFalse();
    }

    [Fact]
    public async Task Writes_ShareTheirObjectWithTheWatchCache_AndALaterUpdateNeverMutatesIt()
    {
        var cache = new WatchCache(_configMaps);
        await using var dispatcher = new CacheDispatcher(_store, [cache], TimeProvider.System);
        await dispatcher.StartAsync(CancellationToken.None);
        var rs = new ResourceStore(_configMaps, _store, cache, TimeProvider.System);

        var created = await rs.CreateAsync(NewConfigMap("a"), dryRun: false, ttl: null, CancellationToken.None);
        (await dispatcher.WaitForRevisionAsync(created.Revision, TimeSpan.FromSeconds(30), CancellationToken.None)).ShouldBeTrue();
        cache.Get(created.Key).ShouldBeSameAs(created);
        cache.PendingWrites.ShouldBe(0);
        var createdJson = created.Json.ToArray();
        // What the watch cache holds is what decoding the stored bytes gives.
        var stored = (await _store.GetAsync(created.Key, 0, CancellationToken.None)).Kv!;
        createdJson.ShouldBe(CachedObject.FromStorage(_configMaps, stored.Key, stored.Value, stored.ModRevision).Json);

        var (updated, wasCreated) = await rs.GuaranteedUpdateAsync("n", "a", current =>
        {
            current.ShouldNotBeNull();
            current.ShouldNotBeSameAs(created.Object);
            var configMap = (ConfigMap)current;
            configMap.Data!["k"] = "v2";
            configMap.Metadata.Labels!["app"] = "y";
            return configMap;
        }, dryRun: false, ttl: null, CancellationToken.None);

        wasCreated.ShouldBeFalse();
        updated.Revision.ShouldBeGreaterThan(created.Revision);
        ((ConfigMap)created.Object).Data!["k"].ShouldBe("v");
        created.Labels["app"].ShouldBe("x");
        created.Json.ShouldBe(createdJson);
        ((ConfigMap)updated.Object).Data!["k"].ShouldBe("v2");
        updated.Object.Metadata.ResourceVersion.ShouldBe(updated.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture));
        (await dispatcher.WaitForRevisionAsync(updated.Revision, TimeSpan.FromSeconds(30), CancellationToken.None)).ShouldBeTrue();
        cache.Get(created.Key).ShouldBeSameAs(updated);
        stored = (await _store.GetAsync(created.Key, 0, CancellationToken.None)).Kv!;
        updated.Json.ShouldBe(CachedObject.FromStorage(_configMaps, stored.Key, stored.Value, stored.ModRevision).Json);

        // An update that changes nothing writes nothing and keeps the resourceVersion.
        var (same, _) = await rs.GuaranteedUpdateAsync("n", "a", current => current!, dryRun: false, ttl: null, CancellationToken.None);
        same.Revision.ShouldBe(updated.Revision);
        (await _store.GetCurrentRevisionAsync(CancellationToken.None)).ShouldBe(updated.Revision);
        cache.PendingWrites.ShouldBe(0);
    }

    [Fact]
    public async Task ASharedUpdate_GetsTheCachesObjectItself_AndLeavesItAsItWas()
    {
        var cache = new WatchCache(_configMaps);
        await using var dispatcher = new CacheDispatcher(_store, [cache], TimeProvider.System);
        await dispatcher.StartAsync(CancellationToken.None);
        var rs = new ResourceStore(_configMaps, _store, cache, TimeProvider.System);
        var created = await rs.CreateAsync(NewConfigMap("s"), dryRun: false, ttl: null, CancellationToken.None);
        (await dispatcher.WaitForRevisionAsync(created.Revision, TimeSpan.FromSeconds(30), CancellationToken.None)).ShouldBeTrue();
        var createdJson = created.Json.ToArray();

        var (updated, _) = await rs.GuaranteedUpdateSharedAsync("n", "s", (current, original) =>
        {
            original.ShouldBeSameAs(created);
            current.ShouldBeSameAs(created.Object);
            var next = new ConfigMap
            {
                ApiVersion = "v1",
                Kind = "ConfigMap",
                Metadata = ((ConfigMap)current!).Metadata.ShallowCopy(),
                Data = new() { ["k"] = "v2" },
            };
            return ValueTask.FromResult<IKubeMetaObject>(next);
        }, dryRun: false, ttl: null, CancellationToken.None);

        ((ConfigMap)updated.Object).Data!["k"].ShouldBe("v2");
        ((ConfigMap)created.Object).Data!["k"].ShouldBe("v");
        created.Object.Metadata.ResourceVersion.ShouldBe(created.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture));
        created.Json.ShouldBe(createdJson);
        CachedObject.Encode(_configMaps, created.Object).ShouldBe(createdJson);
        (await dispatcher.WaitForRevisionAsync(updated.Revision, TimeSpan.FromSeconds(30), CancellationToken.None)).ShouldBeTrue();
        cache.Get(created.Key).ShouldBeSameAs(updated);

        // Handing the cache's own object back would have the write change it for a moment: refused.
        await Should.ThrowAsync<InvalidOperationException>(async () => await rs.GuaranteedUpdateSharedAsync("n", "s",
            (current, _) => ValueTask.FromResult(current!), dryRun: false, ttl: null, CancellationToken.None));
        CachedObject.Encode(_configMaps, updated.Object).ShouldBe(updated.Json);
    }

    [Fact]
    public async Task ASharedUpdate_FromTheStore_GetsAPrivateObject()
    {
        var (_, rs, created) = await StaleSetupAsync();
        var originals = new List<CachedObject?>();
        var (updated, _) = await rs.GuaranteedUpdateSharedAsync("n", "b", (current, original) =>
        {
            originals.Add(original);
            if (original is not null)
            {
                // The stale cache's object: leave it be (the store has moved on, so this attempt is retried).
                var copy = (ConfigMap)((IDeepCopyable<IKubeMetaObject>)current!).DeepCopy();
                copy.Data!["mine"] = "1";
                return ValueTask.FromResult<IKubeMetaObject>(copy);
            }
            current.ShouldNotBeSameAs(created.Object);
            ((ConfigMap)current!).Data!["mine"] = "2";
            return ValueTask.FromResult(current);
        }, dryRun: false, ttl: null, CancellationToken.None);

        originals.Count.ShouldBe(2);
        originals[0].ShouldBeSameAs(created);
        originals[1].ShouldBeNull();
        ((ConfigMap)updated.Object).Data!["mine"].ShouldBe("2");
        ((ConfigMap)updated.Object).Data!["other"].ShouldBe("1");
        ((ConfigMap)created.Object).Data!.ContainsKey("mine").ShouldBeFalse();
    }

    /// <summary>A cache fed by hand, so it can be made stale on purpose.</summary>
    private async Task<(WatchCache Cache, ResourceStore Store, CachedObject Created)> StaleSetupAsync()
    {
        var cache = new WatchCache(_configMaps);
        cache.Reset([], await _store.GetCurrentRevisionAsync(CancellationToken.None));
        var rs = new ResourceStore(_configMaps, _store, cache, TimeProvider.System);
        var created = await rs.CreateAsync(NewConfigMap("b"), dryRun: false, ttl: null, CancellationToken.None);
        var kv = (await _store.GetAsync(created.Key, 0, CancellationToken.None)).Kv!;
        cache.Apply(new WatchEvent(WatchEventType.Put, kv, null, kv.ModRevision));
        cache.Get(created.Key).ShouldBeSameAs(created);
        cache.PendingWrites.ShouldBe(0);
        // Another writer changes the object; the cache does not see it.
        var other = NewConfigMap("b");
        other.Metadata.Uid = created.Object.Metadata.Uid;
        other.Data!["other"] = "1";
        var write = await _store.UpdateAsync(created.Key, CachedObject.EncodeForStorage(_configMaps, other), created.Revision, null, CancellationToken.None);
        write.Succeeded.ShouldBeTrue();
        return (cache, rs, created);
    }

    [Fact]
    public async Task UpdateFromAStaleCache_RetriesWithTheStoredObject()
    {
        var (_, rs, created) = await StaleSetupAsync();
        var seen = new List<string>();
        var (updated, _) = await rs.GuaranteedUpdateAsync("n", "b", current =>
        {
            seen.Add(current!.Metadata.ResourceVersion);
            ((ConfigMap)current).Data!["mine"] = "2";
            return current;
        }, dryRun: false, ttl: null, CancellationToken.None);

        seen.Count.ShouldBe(2);
        seen[0].ShouldBe(created.Object.Metadata.ResourceVersion);
        var data = ((ConfigMap)updated.Object).Data!;
        data["other"].ShouldBe("1");
        data["mine"].ShouldBe("2");
        ((ConfigMap)created.Object).Data!.ContainsKey("mine").ShouldBeFalse();
    }

    [Fact]
    public async Task ClientResourceVersion_IsCheckedAgainstTheStore_NotAStaleCache()
    {
        var (_, rs, created) = await StaleSetupAsync();
        var live = (await _store.GetAsync(created.Key, 0, CancellationToken.None)).Kv!.ModRevision.ToString(System.Globalization.CultureInfo.InvariantCulture);

        // The client sends the live resourceVersion: the stale cache must not make it a conflict.
        var (updated, _) = await rs.GuaranteedUpdateAsync("n", "b", current =>
        {
            var next = (ConfigMap)((IDeepCopyable<IKubeMetaObject>)current!).DeepCopy();
            next.Metadata.ResourceVersion = live;
            next.Data!["mine"] = "3";
            return next;
        }, dryRun: false, ttl: null, CancellationToken.None);
        ((ConfigMap)updated.Object).Data!["mine"].ShouldBe("3");

        // A resourceVersion that is really stale stays a 409.
        var conflict = await Should.ThrowAsync<ApiStatusException>(async () => await rs.GuaranteedUpdateAsync("n", "b", current =>
        {
            current!.Metadata.ResourceVersion = created.Object.Metadata.ResourceVersion;
            return current;
        }, dryRun: false, ttl: null, CancellationToken.None));
        conflict.Status.Code.ShouldBe(409);
    }

    [Fact]
    public async Task ErrorFromAStaleCachedObject_IsRetriedWithTheStoredObject_AndStandsWhenTheCacheWasCurrent()
    {
        var (cache, rs, _) = await StaleSetupAsync();
        var attempts = 0;
        var (updated, _) = await rs.GuaranteedUpdateAsync("n", "b", current =>
        {
            attempts++;
            if (!((ConfigMap)current!).Data!.ContainsKey("other"))
            {
                throw ApiErrors.BadRequest("stale");
            }
            ((ConfigMap)current).Data!["seen"] = "yes";
            return current;
        }, dryRun: false, ttl: null, CancellationToken.None);
        attempts.ShouldBe(2);
        ((ConfigMap)updated.Object).Data!["seen"].ShouldBe("yes");

        // Now bring the cache up to date: the same kind of error is final after one attempt and one store check.
        var kv = (await _store.GetAsync(updated.Key, 0, CancellationToken.None)).Kv!;
        cache.Apply(new WatchEvent(WatchEventType.Put, kv, null, kv.ModRevision));
        cache.Get(updated.Key).ShouldBeSameAs(updated);
        attempts = 0;
        var error = await Should.ThrowAsync<ApiStatusException>(async () => await rs.GuaranteedUpdateAsync("n", "b", (Func<IKubeMetaObject?, IKubeMetaObject>)(_ =>
        {
            attempts++;
            throw ApiErrors.BadRequest("always");
        }), dryRun: false, ttl: null, CancellationToken.None));
        error.Status.Message.ShouldBe("always");
        attempts.ShouldBe(1);
    }

    [Fact]
    public void AWriteWhoseEventArrivesFirst_IsBuiltOnceAndShared()
    {
        var cache = new WatchCache(_configMaps);
        cache.Reset([], 1);
        var obj = NewConfigMap("c");
        var storage = StorageEncoding.Encode(_configMaps, obj, out var gapped);
        var handoff = new WriteHandoff("/registry/configmaps/n/c", obj, gapped!);
        cache.BeginWrite(handoff);
        var kv = new KeyValue(handoff.Key, storage, 2, 2, 1);
        cache.Apply(new WatchEvent(WatchEventType.Put, kv, null, 2));
        cache.PendingWrites.ShouldBe(0);
        var result = cache.CompleteWrite(handoff, 2);
        result.ShouldBeSameAs(cache.Get(handoff.Key));
        result.Object.Metadata.ResourceVersion.ShouldBe("2");
        Encoding.UTF8.GetString(result.Json).ShouldContain("\"resourceVersion\":\"2\"");
        result.Json.ShouldBe(CachedObject.FromStorage(_configMaps, kv.Key, storage, 2).Json);

        // A write whose event is someone else's (other bytes) is not taken for it; its own result is private.
        var mine = NewConfigMap("c");
        mine.Data!["k"] = "mine";
        StorageEncoding.Encode(_configMaps, mine, out var mineStorage);
        var second = new WriteHandoff(handoff.Key, mine, mineStorage!);
        cache.BeginWrite(second);
        var theirs = NewConfigMap("c");
        theirs.Data!["k"] = "theirs";
        cache.Apply(new WatchEvent(WatchEventType.Put, new KeyValue(handoff.Key, StorageEncoding.Encode(_configMaps, theirs, out _), 2, 3, 2), null, 3));
        ((ConfigMap)cache.Get(handoff.Key)!.Object).Data!["k"].ShouldBe("theirs");
        cache.PendingWrites.ShouldBe(1);
        cache.AbortWrite(second);
        cache.PendingWrites.ShouldBe(0);
    }
}
