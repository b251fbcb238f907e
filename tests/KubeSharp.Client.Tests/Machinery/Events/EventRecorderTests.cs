using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using KubeSharp.Api;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Meta.V1;
using KubeSharp.Client.Machinery.Events;
using KubeSharp.Tests.Common;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Client.Tests.Machinery.Events;

/// <summary>An in-memory events API: create (409 when the name exists), strategic-merge patch of count,
/// lastTimestamp and message (404 when missing), with injectable failures.</summary>
public sealed class FakeEventSink : IEventSink
{
    private readonly Lock _lock = new();
    private int _version;

    public Dictionary<string, Event> Stored { get; } = [];

    public ConcurrentQueue<(string Verb, string Name, string? Patch)> Calls { get; } = new();

    /// <summary>The next this-many calls fail with a transport error.</summary>
    public int TransportFailures { get; set; }

    /// <summary>When set, every call fails with this server error.</summary>
    public KubeApiException? Rejection { get; set; }

    /// <summary>When set, calls wait for it (a hung server).</summary>
    public TaskCompletionSource? Gate { get; set; }

    public ConcurrentQueue<string> Seen { get; } = new();

    public static KubeApiException ApiError(int code, string reason)
        => new(new Status { Kind = "Status", ApiVersion = "v1", StatusValue = "Failure", Code = code, Reason = reason, Message = reason });

    public async Task<Event> CreateAsync(Event e, CancellationToken cancellationToken)
    {
        Seen.Enqueue(e.Metadata.Name);
        if (Gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }
        Calls.Enqueue(("create", e.Metadata.Name, null));
        Fail();
        lock (_lock)
        {
            var key = e.Metadata.Namespace + "/" + e.Metadata.Name;
            if (Stored.ContainsKey(key))
            {
                throw ApiError(409, "AlreadyExists");
            }
            var stored = e.DeepCopy();
            stored.Metadata.ResourceVersion = (++_version).ToString(System.Globalization.CultureInfo.InvariantCulture);
            Stored[key] = stored;
            return stored.DeepCopy();
        }
    }

    public Task<Event> PatchAsync(Event e, byte[] patch, CancellationToken cancellationToken)
    {
        var text = Encoding.UTF8.GetString(patch);
        Calls.Enqueue(("patch", e.Metadata.Name, text));
        Fail();
        lock (_lock)
        {
            if (!Stored.TryGetValue(e.Metadata.Namespace + "/" + e.Metadata.Name, out var stored))
            {
                throw ApiError(404, "NotFound");
            }
            using var doc = JsonDocument.Parse(patch);
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "count":
                        stored.Count = property.Value.GetInt32();
                        break;
                    case "lastTimestamp":
                        stored.LastTimestamp = Time.Parse(property.Value.GetString()!);
                        break;
                    case "message":
                        stored.Message = property.Value.GetString()!;
                        break;
                    default:
                        throw ApiError(422, "Invalid");
                }
            }
            stored.Metadata.ResourceVersion = (++_version).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Task.FromResult(stored.DeepCopy());
        }
    }

    private void Fail()
    {
        if (Rejection is { } rejection)
        {
            throw rejection;
        }
        lock (_lock)
        {
            if (TransportFailures > 0)
            {
                TransportFailures--;
                throw new HttpRequestException("connection refused");
            }
        }
    }
}

public sealed class ListLogger : ILogger
{
    public ConcurrentQueue<(LogLevel Level, string Message)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        => Entries.Enqueue((logLevel, formatter(state, exception)));
}

public sealed class EventRecorderTests : IAsyncDisposable
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
    private readonly FakeEventSink _sink = new();
    private readonly ListLogger _log = new();
    private readonly EventBroadcaster _broadcaster;
    private readonly IEventRecorder _recorder;

    public EventRecorderTests()
    {
        _broadcaster = new EventBroadcaster(new EventBroadcasterOptions { Clock = _clock, Logger = _log });
        _broadcaster.StartRecordingToSink(_sink);
        _recorder = _broadcaster.NewRecorder(new EventSource { Component = "test-controller", Host = "node-1" });
    }

    private static Pod NewPod(string name = "web-0") => new()
    {
        Metadata = new() { Name = name, Namespace = "shop", Uid = "uid-" + name, ResourceVersion = "42" },
    };

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!condition())
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "condition not met in time");
            await Task.Delay(5);
        }
    }

    /// <summary>Waits until the sink has been called <paramref name="calls"/> times and nothing more is queued.</summary>
    private async Task SettleAsync(int calls)
    {
        await WaitForAsync(() => _sink.Calls.Count >= calls);
        await Task.Delay(50);
        _sink.Calls.Count.ShouldBe(calls);
    }

    private Event Single() => _sink.Stored.Values.ShouldHaveSingleItem();

    [Fact]
    public async Task Event_IsWrittenWithTheObjectsReference_SourceAndName()
    {
        var pod = NewPod();

        _recorder.Event(pod, EventTypes.Warning, "BackOff", "Back-off restarting failed container");
        await SettleAsync(1);

        var e = Single();
        var nanos = (_clock.GetUtcNow().UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
        e.Metadata.Name.ShouldBe("web-0." + nanos.ToString("x", System.Globalization.CultureInfo.InvariantCulture));
        e.Metadata.Name.Length.ShouldBe("web-0.".Length + 16);
        e.Metadata.Namespace.ShouldBe("shop");
        e.InvolvedObject.Kind.ShouldBe("Pod");
        e.InvolvedObject.ApiVersion.ShouldBe("v1");
        e.InvolvedObject.Name.ShouldBe("web-0");
        e.InvolvedObject.Namespace.ShouldBe("shop");
        e.InvolvedObject.Uid.ShouldBe("uid-web-0");
        e.InvolvedObject.ResourceVersion.ShouldBe("42");
        e.Source.Component.ShouldBe("test-controller");
        e.Source.Host.ShouldBe("node-1");
        e.ReportingComponent.ShouldBe("test-controller");
        e.ReportingInstance.ShouldBe("node-1");
        e.Type.ShouldBe("Warning");
        e.Reason.ShouldBe("BackOff");
        e.Message.ShouldBe("Back-off restarting failed container");
        e.Count.ShouldBe(1);
        e.FirstTimestamp.ShouldBe(Time.FromDateTimeOffset(_clock.GetUtcNow()));
        e.LastTimestamp.ShouldBe(e.FirstTimestamp);
    }

    [Fact]
    public async Task ObjectNameThatMakesNoValidEventName_GetsAUuidName()
    {
        _recorder.Event(NewPod("Not_A_DNS_Name"), EventTypes.Normal, "Created", "created");
        await SettleAsync(1);

        var e = Single();
        Guid.TryParse(e.Metadata.Name, out _).ShouldBeTrue(e.Metadata.Name);
        e.InvolvedObject.Name.ShouldBe("Not_A_DNS_Name");
    }

    [Fact]
    public async Task ClusterScopedObject_EventGoesToDefault_AndEventfFormats()
    {
        var node = new Node { Metadata = new() { Name = "n1", Uid = "u1" } };

        _recorder.Eventf(node, EventTypes.Normal, "NodeReady", "Node {0} status is now: {1}", "n1", "NodeReady");
        await SettleAsync(1);

        var e = Single();
        e.Metadata.Namespace.ShouldBe("default");
        e.InvolvedObject.Kind.ShouldBe("Node");
        e.InvolvedObject.Namespace.ShouldBe("");
        e.Message.ShouldBe("Node n1 status is now: NodeReady");
    }

    [Fact]
    public async Task IdenticalEvents_UpdateCountAndLastTimestamp_ByPatch()
    {
        var pod = NewPod();
        _recorder.Event(pod, EventTypes.Normal, "Pulled", "Image pulled");
        await SettleAsync(1);
        var first = Single().DeepCopy();
        _clock.Advance(TimeSpan.FromSeconds(30));

        _recorder.Event(pod, EventTypes.Normal, "Pulled", "Image pulled");
        await SettleAsync(2);

        var e = Single();
        e.Metadata.Name.ShouldBe(first.Metadata.Name);
        e.Count.ShouldBe(2);
        e.FirstTimestamp.ShouldBe(first.FirstTimestamp);
        e.LastTimestamp.ShouldBe(Time.FromDateTimeOffset(_clock.GetUtcNow()));
        var patch = _sink.Calls.Last();
        patch.Verb.ShouldBe("patch");
        patch.Patch.ShouldBe("""{"count":2,"lastTimestamp":"2026-01-02T03:04:35Z","message":"Image pulled"}""");
    }

    [Fact]
    public async Task DifferentMessages_AreSeparateEvents_UntilTheTenthIsCombined()
    {
        var pod = NewPod();
        for (var i = 1; i <= 9; i++)
        {
            _recorder.Event(pod, EventTypes.Warning, "FailedMount", $"volume {i} not found");
            _clock.Advance(TimeSpan.FromMilliseconds(1)); // event names carry the time in nanoseconds
        }
        await SettleAsync(9);
        _sink.Stored.Count.ShouldBe(9);

        _recorder.Event(pod, EventTypes.Warning, "FailedMount", "volume 10 not found");
        await SettleAsync(10);

        _sink.Stored.Count.ShouldBe(10);
        var combined = _sink.Stored.Values.Single(e => e.Message.StartsWith("(combined", StringComparison.Ordinal));
        combined.Message.ShouldBe("(combined from similar events): volume 10 not found");
        combined.Count.ShouldBe(1);
        combined.InvolvedObject.Name.ShouldBe("web-0");

        _clock.Advance(TimeSpan.FromSeconds(1));
        _recorder.Event(pod, EventTypes.Warning, "FailedMount", "volume 11 not found");
        await SettleAsync(11);

        _sink.Stored.Count.ShouldBe(10);
        combined = _sink.Stored.Values.Single(e => e.Message.StartsWith("(combined", StringComparison.Ordinal));
        combined.Message.ShouldBe("(combined from similar events): volume 11 not found");
        combined.Count.ShouldBe(2);
        _sink.Calls.Last().Verb.ShouldBe("patch");
    }

    [Fact]
    public async Task SimilarEvents_MoreThanTenMinutesApart_AreNotCombined()
    {
        var pod = NewPod();
        for (var i = 1; i <= 15; i++)
        {
            _recorder.Event(pod, EventTypes.Warning, "FailedMount", $"volume {i} not found");
            await SettleAsync(i);
            _clock.Advance(TimeSpan.FromMinutes(11));
        }

        _sink.Stored.Count.ShouldBe(15);
        _sink.Stored.Values.ShouldAllBe(e => !e.Message.StartsWith("(combined", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SpamFilter_Allows25PerSourceAndObject_ThenOneEveryFiveMinutes()
    {
        var pod = NewPod();
        for (var i = 0; i < 30; i++)
        {
            _recorder.Event(pod, EventTypes.Normal, "Tick", "same message");
        }
        await SettleAsync(25);

        Single().Count.ShouldBe(25);
        _recorder.Event(NewPod("other"), EventTypes.Normal, "Tick", "same message"); // another object has its own budget
        await SettleAsync(26);

        _clock.Advance(TimeSpan.FromMinutes(5));
        _recorder.Event(pod, EventTypes.Normal, "Tick", "same message");
        _recorder.Event(pod, EventTypes.Normal, "Tick", "same message");
        await SettleAsync(27);

        // As in client-go, skipped events still count in the de-duplication cache: 30 seen before, this is the 31st.
        _sink.Stored["shop/" + _sink.Calls.First().Name].Count.ShouldBe(31);
    }

    [Fact]
    public async Task UnsupportedType_IsDroppedWithALogLine()
    {
        _recorder.Event(NewPod(), "Fatal", "Oops", "no");
        _recorder.Event(NewPod(), EventTypes.Normal, "Fine", "yes");
        await SettleAsync(1);

        Single().Reason.ShouldBe("Fine");
        _log.Entries.ShouldContain(e => e.Level == LogLevel.Error && e.Message == "Unsupported event type: 'Fatal'");
    }

    [Fact]
    public async Task PatchOfADeletedEvent_CreatesItAgain()
    {
        var pod = NewPod();
        _recorder.Event(pod, EventTypes.Normal, "Pulled", "Image pulled");
        await SettleAsync(1);
        var name = Single().Metadata.Name;
        _sink.Stored.Clear();

        _recorder.Event(pod, EventTypes.Normal, "Pulled", "Image pulled");
        await SettleAsync(3);

        _sink.Calls.Select(c => c.Verb).ShouldBe(["create", "patch", "create"]);
        var e = Single();
        e.Metadata.Name.ShouldBe(name);
        e.Count.ShouldBe(2);
    }

    [Fact]
    public async Task TransportFailures_AreRetriedAfterSleeping()
    {
        _sink.TransportFailures = 2;

        _recorder.Event(NewPod(), EventTypes.Normal, "Started", "Started container");
        await WaitForAsync(() => _sink.Calls.Count == 1);
        while (_sink.Stored.Count == 0)
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(5);
        }
        await SettleAsync(3);

        Single().Reason.ShouldBe("Started");
        _log.Entries.Count(e => e.Message.Contains("may retry after sleeping", StringComparison.Ordinal)).ShouldBe(2);
    }

    [Fact]
    public async Task ServerRejection_IsNotRetried()
    {
        _sink.Rejection = FakeEventSink.ApiError(422, "Invalid");

        _recorder.Event(NewPod(), EventTypes.Normal, "Started", "Started container");
        await SettleAsync(1);
        _clock.Advance(TimeSpan.FromMinutes(5));
        await Task.Delay(50);

        _sink.Calls.Count.ShouldBe(1);
        _log.Entries.ShouldContain(e => e.Message.Contains("will not retry", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FullQueue_DropsEvents_WithoutBlockingTheCaller()
    {
        await using var broadcaster = new EventBroadcaster(new EventBroadcasterOptions { Clock = _clock, Logger = _log, QueueLength = 2 });
        var hung = new FakeEventSink { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        broadcaster.StartRecordingToSink(hung);
        var recorder = broadcaster.NewRecorder(new EventSource { Component = "c" });
        recorder.Event(NewPod("p0"), EventTypes.Normal, "R", "m");
        await WaitForAsync(() => hung.Seen.Count == 1); // the writer is stuck on the first event

        var started = DateTime.UtcNow;
        for (var i = 1; i <= 5; i++)
        {
            recorder.Event(NewPod("p" + i), EventTypes.Normal, "R", "m");
        }

        (DateTime.UtcNow - started).ShouldBeLessThan(TimeSpan.FromSeconds(2));
        _log.Entries.Count(e => e.Message.StartsWith("Dropping event because the queue is full", StringComparison.Ordinal)).ShouldBe(3);
        hung.Gate.SetResult();
        await WaitForAsync(() => hung.Stored.Count == 3);
        hung.Stored.Values.Select(e => e.InvolvedObject.Name).Order().ShouldBe(["p0", "p1", "p2"]);
    }

    [Fact]
    public async Task StructuredLogging_LogsEveryEvent()
    {
        var logger = new ListLogger();
        using var watcher = _broadcaster.StartStructuredLogging(logger);

        _recorder.Event(NewPod(), EventTypes.Normal, "Scheduled", "Assigned shop/web-0 to node-1");
        await WaitForAsync(() => !logger.Entries.IsEmpty);

        logger.Entries.ShouldHaveSingleItem().Message.ShouldBe(
            "Event occurred: object=shop/web-0 fieldPath= kind=Pod apiVersion=v1 type=Normal reason=Scheduled message=Assigned shop/web-0 to node-1");
    }

    [Fact]
    public async Task ShutdownAsync_WritesWhatWasQueued_ThenDropsNewEvents()
    {
        for (var i = 0; i < 5; i++)
        {
            _recorder.Event(NewPod("p" + i), EventTypes.Normal, "R", "m");
        }

        await _broadcaster.ShutdownAsync().WaitAsync(TimeSpan.FromSeconds(10));
        _recorder.Event(NewPod("late"), EventTypes.Normal, "R", "m");

        _sink.Stored.Count.ShouldBe(5);
    }

    public async ValueTask DisposeAsync() => await _broadcaster.DisposeAsync();
}

public class FakeEventRecorderTests
{
    [Fact]
    public void KeepsTypeReasonMessage_OptionallyWithTheObjectsKind()
    {
        var pod = new Pod { Metadata = new() { Name = "p", Namespace = "ns" } };
        var plain = new FakeEventRecorder();
        var withObject = new FakeEventRecorder { IncludeObject = true };

        plain.Eventf(pod, EventTypes.Warning, "FailedCreate", "Error creating: {0}", "quota");
        plain.Event(pod, EventTypes.Normal, "SuccessfulCreate", "Created pod: p-1");
        withObject.Event(pod, EventTypes.Normal, "Scheduled", "ok");

        plain.Events.ShouldBe(["Warning FailedCreate Error creating: quota", "Normal SuccessfulCreate Created pod: p-1"]);
        withObject.Events.ShouldBe(["Normal Scheduled ok involvedObject{kind=Pod,apiVersion=v1}"]);
    }
}
