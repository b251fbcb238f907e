using System.Collections.Concurrent;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Meta.V1;
using KubeSharp.Client.Cache;
using KubeSharp.Client.Tests.Integration;
using static KubeSharp.Client.Tests.Unit.FakeListerWatcher;

namespace KubeSharp.Client.Tests.Unit;

/// <summary>The reflector and shared informer against a scripted lister-watcher.</summary>
public sealed class InformerTests : IAsyncDisposable
{
    private readonly FakeListerWatcher _fake = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Exception> _errors = [];
    private Task? _run;

    private ConcurrentQueue<CacheMutationException> Mutations { get; } = new();

    private SharedIndexInformer<ConfigMap> Informer(TimeSpan? resync = null, long pageSize = 0, bool detectMutations = false)
        => new(_fake, ObjectAdapter.For<ConfigMap>(), new SharedInformerOptions
        {
            ResyncPeriod = resync ?? TimeSpan.Zero,
            DetectMutations = detectMutations,
            OnMutation = e => Mutations.Enqueue(e),
            Reflector = new ReflectorOptions
            {
                PageSize = pageSize,
                InitialBackoff = TimeSpan.FromMilliseconds(20),
                MaxBackoff = TimeSpan.FromMilliseconds(100),
                OnError = e =>
                {
                    lock (_errors)
                    {
                        _errors.Add(e);
                    }
                },
            },
        });

    private void Start(SharedIndexInformer<ConfigMap> informer) => _run = informer.RunAsync(_stop.Token);

    /// <summary>Records notifications as strings, in order.</summary>
    private sealed class Recorder : IResourceEventHandler<ConfigMap>
    {
        public ConcurrentQueue<string> Seen { get; } = new();

        public void OnAdd(ConfigMap obj, bool isInInitialList) => Seen.Enqueue($"add {obj.Metadata.Name}@{obj.Metadata.ResourceVersion}{(isInInitialList ? " initial" : "")}");

        public void OnUpdate(ConfigMap oldObj, ConfigMap newObj) => Seen.Enqueue($"update {newObj.Metadata.Name}@{oldObj.Metadata.ResourceVersion}->{newObj.Metadata.ResourceVersion}");

        public void OnDelete(ConfigMap obj, bool isFinalStateUnknown) => Seen.Enqueue($"delete {obj.Metadata.Name}@{obj.Metadata.ResourceVersion}{(isFinalStateUnknown ? " tombstone" : "")}");

        public Task WaitForAsync(int count) => Clients.EventuallyAsync(() => Seen.Count >= count, $"{count} notifications, have: {string.Join("; ", Seen)}");
    }

    [Fact]
    public async Task InitialList_ThenWatchEvents_ReachTheHandlerInOrder()
    {
        _fake.EnqueueList("10", Cm("a", "5"), Cm("b", "6"));
        var informer = Informer();
        var recorder = new Recorder();
        var registration = informer.AddEventHandler(recorder);
        Start(informer);

        (await informer.WaitForCacheSyncAsync()).ShouldBeTrue();
        await _fake.WaitForWatchAsync(1);
        _fake.ListCalls[0].ResourceVersion.ShouldBe("0");
        _fake.WatchCalls[0].ResourceVersion.ShouldBe("10");
        _fake.WatchCalls[0].AllowWatchBookmarks.ShouldBeTrue();
        _fake.WatchCalls[0].TimeoutSeconds.ShouldNotBeNull().ShouldBeInRange(300, 600);

        _fake.Send(WatchEventType.Added, Cm("c", "11"));
        _fake.Send(WatchEventType.Modified, Cm("a", "12", value: "x"));
        _fake.Send(WatchEventType.Deleted, Cm("b", "13"));
        await recorder.WaitForAsync(5);

        recorder.Seen.ShouldBe(["add a@5 initial", "add b@6 initial", "add c@11", "update a@5->12", "delete b@13"]);
        await Clients.EventuallyAsync(() => registration.HasSynced, "registration synced");
        informer.Lister.Namespace("ns").List().Select(c => c.Metadata.Name).Order().ShouldBe(["a", "c"]);
        informer.Lister.Namespace("ns").Get("a")!.Data!["k"].ShouldBe("x");
        informer.LastSyncResourceVersion.ShouldBe("13");
    }

    [Fact]
    public async Task WatchEnd_ResumesFromTheLastResourceVersion_IncludingBookmarks()
    {
        _fake.EnqueueList("10");
        var informer = Informer();
        Start(informer);
        await _fake.WaitForWatchAsync(1);

        _fake.Send(WatchEventType.Added, Cm("a", "11"));
        _fake.Send(WatchEventType.Bookmark, new ConfigMap { Metadata = new ObjectMeta { ResourceVersion = "20" } });
        await Clients.EventuallyAsync(() => informer.LastSyncResourceVersion == "20", "bookmark seen");
        await Task.Delay(1100); // a watch that ends at once with nothing is treated as a failure; this one lasted.
        _fake.End();
        await _fake.WaitForWatchAsync(2);

        _fake.WatchCalls[1].ResourceVersion.ShouldBe("20");
        _fake.ListCount.ShouldBe(1);
        informer.Indexer.ListKeys().ShouldBe(["ns/a"]);
    }

    [Fact]
    public async Task Gone_Relists_AndTheDifferenceBecomesAddUpdateAndTombstoneDelete()
    {
        _fake.EnqueueList("10", Cm("keep", "5"), Cm("change", "6"), Cm("vanish", "7"));
        _fake.EnqueueList("30", Cm("keep", "5"), Cm("change", "25"), Cm("new", "26"));
        var informer = Informer();
        var recorder = new Recorder();
        informer.AddEventHandler(recorder);
        Start(informer);
        await _fake.WaitForWatchAsync(1);

        _fake.Fail(new KubeApiException(new Status { Code = 410, Reason = "Expired", Message = "too old resource version: 10 (20)" }));
        await _fake.WaitForWatchAsync(2);
        await recorder.WaitForAsync(7);

        _fake.ListCalls[1].ResourceVersion.ShouldBe("10");
        _fake.WatchCalls[1].ResourceVersion.ShouldBe("30");
        recorder.Seen.Skip(3).ShouldBe(["delete vanish@7 tombstone", "update keep@5->5", "update change@6->25", "add new@26"], ignoreOrder: false);
        informer.Indexer.ListKeys().Order().ShouldBe(["ns/change", "ns/keep", "ns/new"]);
        informer.ListCount.ShouldBe(2);
    }

    [Fact]
    public async Task ListGoneAtAVersion_RelistsAtTheLatest()
    {
        _fake.EnqueueList("10", Cm("a", "5"));
        _fake.EnqueueListError(new KubeApiException(new Status { Code = 410, Reason = "Expired", Message = "The resourceVersion for the provided list is too old." }));
        _fake.EnqueueList("40", Cm("b", "35"));
        var informer = Informer();
        Start(informer);
        await _fake.WaitForWatchAsync(1);

        _fake.Fail(new KubeApiException(new Status { Code = 410, Reason = "Expired" }));
        await _fake.WaitForWatchAsync(2);

        _fake.ListCalls.Select(l => l.ResourceVersion).ShouldBe(["0", "10", ""]);
        _fake.WatchCalls[1].ResourceVersion.ShouldBe("40");
        informer.Indexer.ListKeys().ShouldBe(["ns/b"]);
    }

    [Fact]
    public async Task FailingLists_BackOff_NeverSpin()
    {
        _fake.DefaultList = _ => throw new HttpRequestException("connection refused");
        var informer = Informer();
        Start(informer);

        await Task.Delay(1000);

        // 20 ms doubling to a 100 ms cap: about a dozen attempts in a second, not thousands.
        _fake.ListCount.ShouldBeInRange(4, 20);
        informer.HasSynced.ShouldBeFalse();
        lock (_errors)
        {
            _errors.ShouldAllBe(e => e is HttpRequestException);
        }
        _fake.DefaultList = _ => new ResourceList<ConfigMap>([Cm("a", "1")], "2", "");
        (await informer.WaitForCacheSyncAsync(new CancellationTokenSource(TimeSpan.FromSeconds(5)).Token)).ShouldBeTrue();
    }

    [Fact]
    public async Task BrokenWatchConnection_ResumesTheWatch_WithoutRelisting()
    {
        _fake.EnqueueList("10", Cm("a", "5"));
        var informer = Informer();
        Start(informer);
        await _fake.WaitForWatchAsync(1);
        _fake.Send(WatchEventType.Modified, Cm("a", "12"));
        await Clients.EventuallyAsync(() => informer.LastSyncResourceVersion == "12", "event applied");

        _fake.Fail(new IOException("connection reset"));
        await _fake.WaitForWatchAsync(2);

        _fake.WatchCalls[1].ResourceVersion.ShouldBe("12");
        _fake.ListCount.ShouldBe(1);
    }

    [Fact]
    public async Task WatchesThatEndAtOnce_BackOff()
    {
        _fake.EnqueueList("10");
        var informer = Informer();
        Start(informer);
        for (var i = 1; i <= 4; i++)
        {
            await _fake.WaitForWatchAsync(i);
            _fake.End();
        }
        await _fake.WaitForWatchAsync(5);

        lock (_errors)
        {
            _errors.Count(e => e.Message.Contains("very short watch", StringComparison.Ordinal)).ShouldBeGreaterThanOrEqualTo(4);
        }
    }

    [Fact]
    public async Task PagedList_FollowsContinueTokens()
    {
        _fake.EnqueueList(p =>
        {
            p.Limit.ShouldBe(2);
            return new ResourceList<ConfigMap>([Cm("a", "1"), Cm("b", "2")], "10", "token-1");
        });
        _fake.EnqueueList(p =>
        {
            p.Continue.ShouldBe("token-1");
            p.ResourceVersion.ShouldBeNull();
            return new ResourceList<ConfigMap>([Cm("c", "3")], "10", "");
        });
        var informer = Informer(pageSize: 2);
        Start(informer);

        await informer.WaitForCacheSyncAsync();

        informer.Indexer.ListKeys().Order().ShouldBe(["ns/a", "ns/b", "ns/c"]);
        await _fake.WaitForWatchAsync(1);
        _fake.WatchCalls[0].ResourceVersion.ShouldBe("10");
    }

    [Fact]
    public async Task HandlerAddedAfterSync_GetsTheCacheReplayed_ThenLiveEvents()
    {
        _fake.EnqueueList("10", Cm("a", "5"));
        var informer = Informer();
        Start(informer);
        await informer.WaitForCacheSyncAsync();
        await _fake.WaitForWatchAsync(1);

        var late = new Recorder();
        var registration = informer.AddEventHandler(late);
        _fake.Send(WatchEventType.Added, Cm("b", "11"));
        await late.WaitForAsync(2);

        late.Seen.ShouldBe(["add a@5 initial", "add b@11"]);
        registration.HasSynced.ShouldBeTrue();
    }

    [Fact]
    public async Task ThrowingHandler_DoesNotStopItsLaterNotifications_OrOtherHandlers()
    {
        _fake.EnqueueList("10");
        var informer = Informer();
        var failures = new ConcurrentQueue<string>();
        informer.AddEventHandler(onAdd: (obj, _) =>
        {
            failures.Enqueue(obj.Metadata.Name);
            if (obj.Metadata.Name == "boom")
            {
                throw new InvalidOperationException("handler bug");
            }
        });
        var other = new Recorder();
        informer.AddEventHandler(other);
        Start(informer);
        await _fake.WaitForWatchAsync(1);

        _fake.Send(WatchEventType.Added, Cm("boom", "11"));
        _fake.Send(WatchEventType.Added, Cm("after", "12"));
        await Clients.EventuallyAsync(() => failures.Count == 2, "both adds delivered");
        await other.WaitForAsync(2);

        failures.ShouldBe(["boom", "after"]);
    }

    [Fact]
    public async Task Resync_RedeliversEveryObjectAsUpdate()
    {
        _fake.EnqueueList("10", Cm("a", "5"));
        var informer = Informer(resync: TimeSpan.FromSeconds(1));
        var recorder = new Recorder();
        informer.AddEventHandler(recorder);
        Start(informer);

        await recorder.WaitForAsync(2);

        recorder.Seen.Take(2).ShouldBe(["add a@5 initial", "update a@5->5"]);
    }

    [Fact]
    public async Task MutationDetector_CatchesAHandlerThatMutatesTheCachedObject()
    {
        _fake.EnqueueList("10", Cm("a", "5"));
        var informer = Informer(detectMutations: true);
        Start(informer);
        await informer.WaitForCacheSyncAsync();
        informer.CheckForMutations();

        informer.Lister.Namespace("ns").Get("a")!.Metadata.Labels = new() { ["oops"] = "mutated" };

        var error = Should.Throw<CacheMutationException>(informer.CheckForMutations);
        error.Message.ShouldContain("ns/a");
    }

    [Fact]
    public async Task CustomIndexers_WorkOnTheInformerCache()
    {
        _fake.EnqueueList("10", Cm("a", "5", value: "red"), Cm("b", "6", value: "blue"));
        var informer = Informer();
        informer.AddIndexers(new Dictionary<string, IndexFunc<ConfigMap>> { ["value"] = cm => cm.Data is { } d ? [d["k"]] : [] });
        Start(informer);
        await informer.WaitForCacheSyncAsync();
        await _fake.WaitForWatchAsync(1);

        _fake.Send(WatchEventType.Modified, Cm("b", "11", value: "red"));
        await Clients.EventuallyAsync(() => informer.Indexer.IndexKeys("value", "red").Count == 2, "index updated");

        informer.Indexer.IndexKeys("value", "blue").ShouldBeEmpty();
    }

    [Fact]
    public async Task Cancellation_StopsTheInformer()
    {
        _fake.EnqueueList("10");
        var informer = Informer();
        Start(informer);
        await _fake.WaitForWatchAsync(1);

        await _stop.CancelAsync();

        await _run!.WaitAsync(TimeSpan.FromSeconds(5));
        await Should.ThrowAsync<InvalidOperationException>(() => informer.RunAsync(CancellationToken.None));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_run is not null)
        {
            await _run.WaitAsync(TimeSpan.FromSeconds(10));
        }
        _stop.Dispose();
    }
}
