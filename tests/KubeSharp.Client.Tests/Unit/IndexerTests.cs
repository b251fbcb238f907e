using KubeSharp.Api.Core.V1;
using KubeSharp.Client.Cache;
using static KubeSharp.Client.Tests.Unit.FakeListerWatcher;

namespace KubeSharp.Client.Tests.Unit;

public class IndexerTests
{
    private static ThreadSafeIndexer<ConfigMap> Indexer() => ThreadSafeIndexer.WithNamespaceIndex(ObjectAdapter.For<ConfigMap>());

    private static IndexFunc<ConfigMap> ByValue => cm => cm.Data is { } data ? [.. data.Values] : [];

    [Fact]
    public void Keys_AreNamespaceSlashName_OrName()
    {
        CacheKeys.Of("ns", "a").ShouldBe("ns/a");
        CacheKeys.Of("", "node-1").ShouldBe("node-1");
        CacheKeys.Split("ns/a").ShouldBe(("ns", "a"));
        CacheKeys.Split("node-1").ShouldBe(("", "node-1"));
    }

    [Fact]
    public void AddUpdateDelete_KeepTheNamespaceIndexInStep()
    {
        var indexer = Indexer();
        indexer.AddOrUpdate(Cm("a", "1", "x")).ShouldBeNull();
        indexer.AddOrUpdate(Cm("b", "1", "x"));
        indexer.AddOrUpdate(Cm("a", "1", "y"));

        indexer.ByIndex(IndexNames.Namespace, "x").Select(c => c.Metadata.Name).Order().ShouldBe(["a", "b"]);
        indexer.IndexKeys(IndexNames.Namespace, "y").ShouldBe(["y/a"]);

        var old = indexer.AddOrUpdate(Cm("a", "2", "x"));
        old!.Metadata.ResourceVersion.ShouldBe("1");
        indexer.GetByKey("x/a")!.Metadata.ResourceVersion.ShouldBe("2");

        indexer.DeleteByKey("x/a")!.Metadata.Name.ShouldBe("a");
        indexer.DeleteByKey("x/a").ShouldBeNull();
        indexer.IndexKeys(IndexNames.Namespace, "x").ShouldBe(["x/b"]);
        indexer.ListIndexFuncValues(IndexNames.Namespace).Order().ShouldBe(["x", "y"]);
        indexer.Count.ShouldBe(2);
    }

    [Fact]
    public void SingleValueIndex_FollowsChanges_AndReplace()
    {
        var indexer = Indexer();
        indexer.AddOrUpdate(Cm("a", "1", value: "red"));
        indexer.AddIndexers(new Dictionary<string, IndexFunc<ConfigMap>> { ["color"] = ThreadSafeIndexer.SingleValue<ConfigMap>(cm => cm.Data!["k"]) });
        indexer.AddOrUpdate(Cm("b", "1", value: "red"));

        indexer.IndexKeys("color", "red").Order().ShouldBe(["ns/a", "ns/b"]);
        indexer.AddOrUpdate(Cm("a", "2", value: "red"));
        indexer.IndexKeys("color", "red").Order().ShouldBe(["ns/a", "ns/b"]);
        indexer.AddOrUpdate(Cm("a", "3", value: "blue"));
        indexer.IndexKeys("color", "red").ShouldBe(["ns/b"]);
        indexer.ByIndex("color", "blue").Single().Metadata.ResourceVersion.ShouldBe("3");
        indexer.Index("color", Cm("probe", "0", value: "red")).Single().Metadata.Name.ShouldBe("b");

        indexer.DeleteByKey("ns/b");
        indexer.ListIndexFuncValues("color").ShouldBe(["blue"]);
        indexer.Replace([Cm("c", "1", value: "green")]);
        indexer.ListIndexFuncValues("color").ShouldBe(["green"]);
        indexer.IndexKeys(IndexNames.Namespace, "ns").ShouldBe(["ns/c"]);
    }

    [Fact]
    public void CustomIndex_AddedLater_IndexesExistingObjects_AndFollowsChanges()
    {
        var indexer = Indexer();
        indexer.AddOrUpdate(Cm("a", "1", value: "red"));
        indexer.AddOrUpdate(Cm("b", "1", value: "blue"));

        indexer.AddIndexers(new Dictionary<string, IndexFunc<ConfigMap>> { ["color"] = ByValue });

        indexer.IndexKeys("color", "red").ShouldBe(["ns/a"]);
        indexer.AddOrUpdate(Cm("a", "2", value: "blue"));
        indexer.IndexKeys("color", "red").ShouldBeEmpty();
        indexer.IndexKeys("color", "blue").Order().ShouldBe(["ns/a", "ns/b"]);
        indexer.Index("color", Cm("probe", "0", value: "blue")).Count.ShouldBe(2);
        indexer.ListIndexFuncValues("color").ShouldBe(["blue"]);
        indexer.IndexerNames.Order().ShouldBe(["color", IndexNames.Namespace]);

        Should.Throw<ArgumentException>(() => indexer.AddIndexers(new Dictionary<string, IndexFunc<ConfigMap>> { ["color"] = ByValue }));
        Should.Throw<KeyNotFoundException>(() => indexer.ByIndex("missing", "x"));
    }

    [Fact]
    public void Replace_RebuildsEverything()
    {
        var indexer = Indexer();
        indexer.AddIndexers(new Dictionary<string, IndexFunc<ConfigMap>> { ["color"] = ByValue });
        indexer.AddOrUpdate(Cm("old", "1", value: "red"));

        indexer.Replace([Cm("n1", "5", "a", value: "green"), Cm("n2", "5", "b")]);

        indexer.ListKeys().Order().ShouldBe(["a/n1", "b/n2"]);
        indexer.IndexKeys("color", "red").ShouldBeEmpty();
        indexer.IndexKeys("color", "green").ShouldBe(["a/n1"]);
        indexer.ByIndex(IndexNames.Namespace, "b").Single().Metadata.Name.ShouldBe("n2");
    }

    [Fact]
    public void Lister_FiltersByNamespaceAndSelector()
    {
        var indexer = Indexer();
        indexer.AddOrUpdate(Cm("a", "1", "x", new() { ["app"] = "web" }));
        indexer.AddOrUpdate(Cm("b", "1", "x", new() { ["app"] = "db" }));
        indexer.AddOrUpdate(Cm("c", "1", "y", new() { ["app"] = "web" }));
        var lister = new Lister<ConfigMap>(indexer, ObjectAdapter.For<ConfigMap>());

        lister.List().Count.ShouldBe(3);
        lister.List("app=web").Select(c => c.Metadata.Name).Order().ShouldBe(["a", "c"]);
        lister.Namespace("x").List().Select(c => c.Metadata.Name).Order().ShouldBe(["a", "b"]);
        lister.Namespace("x").List("app in (db)").Single().Metadata.Name.ShouldBe("b");
        lister.Namespace("x").Get("a")!.Metadata.Namespace.ShouldBe("x");
        lister.Namespace("y").Get("b").ShouldBeNull();
        lister.Get("x/b")!.Metadata.Name.ShouldBe("b");
        lister.Namespace("none").List().ShouldBeEmpty();
        Should.Throw<FormatException>(() => lister.List("app in ("));
    }

    [Fact]
    public async Task ConcurrentWritersAndReaders_StayConsistent()
    {
        var indexer = Indexer();
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(() =>
        {
            for (var i = 0; i < 500; i++)
            {
                indexer.AddOrUpdate(Cm($"cm-{w}-{i % 50}", i.ToString(System.Globalization.CultureInfo.InvariantCulture), $"ns-{w}"));
                if (i % 7 == 0)
                {
                    indexer.DeleteByKey($"ns-{w}/cm-{w}-{i % 50}");
                }
            }
        }));
        var reader = Task.Run(() =>
        {
            for (var i = 0; i < 500; i++)
            {
                foreach (var cm in indexer.ByIndex(IndexNames.Namespace, "ns-1"))
                {
                    cm.Metadata.Namespace.ShouldBe("ns-1");
                }
            }
        });
        await Task.WhenAll([.. writers, reader]);

        for (var w = 0; w < 4; w++)
        {
            indexer.IndexKeys(IndexNames.Namespace, $"ns-{w}").Order().ShouldBe(indexer.ListKeys().Where(k => k.StartsWith($"ns-{w}/", StringComparison.Ordinal)).Order());
        }
    }
}
