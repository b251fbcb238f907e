using System.Text;
using System.Text.Json.Nodes;
using KubeSharp.Api.Registry;
using KubeSharp.ApiServer.Registry;
using KubeSharp.Storage;

namespace KubeSharp.ApiServer.Tests.Registry;

/// <summary>Periodic bookmarks and the watch-list start of the watch cache, with time passed in explicitly.</summary>
public sealed class WatchCacheBookmarkTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static WatchCache NewCache()
    {
        var catalog = new ResourceCatalog(ResourceRegistry.Default, Strategies.For);
        catalog.TryGet("", "v1", "configmaps", out var resource).ShouldBeTrue();
        var cache = new WatchCache(resource!);
        var value = Encoding.UTF8.GetBytes("""{"metadata":{"name":"a","namespace":"n"},"data":{"k":"v"}}""");
        cache.Reset([new KeyValue("/registry/configmaps/n/a", value, 5, 5, 1)], 7);
        return cache;
    }

    private static List<CacheEvent> Drain(CacheWatcher watcher)
    {
        var events = new List<CacheEvent>();
        while (watcher.Events.TryRead(out var e))
        {
            events.Add(e);
        }
        return events;
    }

    [Fact]
    public void PeriodicBookmark_ComesAfterTheFrequency_OnlyToWatchersThatAskedForIt()
    {
        var cache = NewCache();
        using var asked = cache.Watch(WatchStart.Now, 0, 7, ListFilter.All, bookmarks: true, now: T0, deadline: T0 + TimeSpan.FromMinutes(30), bookmarkFrequency: Minute);
        using var quiet = cache.Watch(WatchStart.Now, 0, 7, ListFilter.All, bookmarks: false, now: T0, deadline: T0 + TimeSpan.FromMinutes(30), bookmarkFrequency: Minute);

        cache.SendDueBookmarks(T0 + TimeSpan.FromSeconds(59), 9, Minute);
        Drain(asked).ShouldBeEmpty();

        cache.SendDueBookmarks(T0 + TimeSpan.FromSeconds(61), 9, Minute);
        var bookmark = Drain(asked).ShouldHaveSingleItem();
        bookmark.Type.ShouldBe(ApiWatchEventType.Bookmark);
        bookmark.Revision.ShouldBe(9);
        var json = JsonNode.Parse(bookmark.Object.Json)!;
        json["kind"]!.GetValue<string>().ShouldBe("ConfigMap");
        json["apiVersion"]!.GetValue<string>().ShouldBe("v1");
        json["metadata"]!["resourceVersion"]!.GetValue<string>().ShouldBe("9");
        json["metadata"]!["annotations"].ShouldBeNull();
        Drain(quiet).ShouldBeEmpty();

        // The next one a minute later, not on every tick.
        cache.SendDueBookmarks(T0 + TimeSpan.FromSeconds(90), 9, Minute);
        Drain(asked).ShouldBeEmpty();
        cache.SendDueBookmarks(T0 + TimeSpan.FromSeconds(122), 10, Minute);
        Drain(asked).ShouldHaveSingleItem().Revision.ShouldBe(10);
    }

    [Fact]
    public void PeriodicBookmark_ComesTwoSecondsBeforeTheDeadline_WhenThatIsSooner()
    {
        var cache = NewCache();
        using var watcher = cache.Watch(WatchStart.Now, 0, 7, ListFilter.All, bookmarks: true, now: T0, deadline: T0 + TimeSpan.FromSeconds(10), bookmarkFrequency: Minute);
        cache.SendDueBookmarks(T0 + TimeSpan.FromSeconds(7), 7, Minute);
        Drain(watcher).ShouldBeEmpty();
        cache.SendDueBookmarks(T0 + TimeSpan.FromSeconds(8), 7, Minute);
        Drain(watcher).ShouldHaveSingleItem().Type.ShouldBe(ApiWatchEventType.Bookmark);
        cache.SendDueBookmarks(T0 + TimeSpan.FromSeconds(9.5), 7, Minute);
        Drain(watcher).ShouldBeEmpty();
    }

    [Fact]
    public void InitialEvents_AreTheStateThenTheAnnotatedBookmarkAtTheCacheRevision()
    {
        var cache = NewCache();
        using var watcher = cache.Watch(WatchStart.InitialEvents, 0, 8, ListFilter.All, bookmarks: true, initialEventsEndBookmark: true);
        var events = Drain(watcher);
        events.Select(e => e.Type).ShouldBe([ApiWatchEventType.Added, ApiWatchEventType.Bookmark]);
        events[1].Revision.ShouldBe(8);
        var json = JsonNode.Parse(events[1].Object.Json)!;
        json["metadata"]!["annotations"]![WatchCache.InitialEventsEndAnnotation]!.GetValue<string>().ShouldBe("true");
    }

    [Fact]
    public void WatchFromNow_ReplaysNothing()
    {
        var cache = NewCache();
        using var watcher = cache.Watch(WatchStart.Now, 0, 7, ListFilter.All, bookmarks: false);
        Drain(watcher).ShouldBeEmpty();
    }
}
