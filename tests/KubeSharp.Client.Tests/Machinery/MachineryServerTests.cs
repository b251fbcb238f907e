using System.Diagnostics;
using KubeSharp.Api.Coordination.V1;
using KubeSharp.Api.Core.V1;
using KubeSharp.ApiServer.Tests.Integration;
using KubeSharp.Client.Machinery.Events;
using KubeSharp.Client.Machinery.LeaderElection;

namespace KubeSharp.Client.Tests.Machinery;

/// <summary>Leader election on real Leases and the event recorder against the real API server.</summary>
public sealed class MachineryServerTests(ApiServerFixture server) : IClassFixture<ApiServerFixture>, IDisposable
{
    private readonly KubernetesClient _client = KubernetesClient.FromKubeconfig(server.KubeconfigPath);
    private readonly Lock _lock = new();
    private readonly List<string> _log = [];
    private readonly List<Candidate> _candidates = [];
    private int _leading;
    private int _overlaps;

    private static async Task WaitForAsync(Func<bool> condition, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!condition())
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "condition not met in time");
            await Task.Delay(20);
        }
    }

    private sealed class Candidate
    {
        public required string Identity { get; init; }

        public required CancellationTokenSource Stop { get; init; }

        public Task Run { get; set; } = Task.CompletedTask;

        public Stopwatch? StartedAt { get; set; }
    }

    private Candidate StartCandidate(string leaseName, string identity, bool releaseOnCancel, IEventRecorder? events = null)
    {
        var candidate = new Candidate { Identity = identity, Stop = new CancellationTokenSource() };
        var config = new LeaderElectionConfig
        {
            Lock = new LeaseLock(_client, "default", leaseName, identity, events),
            LeaseDuration = TimeSpan.FromSeconds(2),
            RenewDeadline = TimeSpan.FromSeconds(1.5),
            RetryPeriod = TimeSpan.FromSeconds(0.3),
            ReleaseOnCancel = releaseOnCancel,
            Name = leaseName,
            Callbacks = new LeaderCallbacks
            {
                OnStartedLeading = async ct =>
                {
                    if (Interlocked.Increment(ref _leading) > 1)
                    {
                        Interlocked.Increment(ref _overlaps);
                    }
                    lock (_lock)
                    {
                        _log.Add(identity + " started");
                    }
                    candidate.StartedAt = Stopwatch.StartNew();
                    try
                    {
                        await Task.Delay(Timeout.Infinite, ct);
                    }
                    finally
                    {
                        lock (_lock)
                        {
                            _log.Add(identity + " stopped");
                        }
                        Interlocked.Decrement(ref _leading);
                    }
                },
                OnStoppedLeading = () => { },
            },
        };
        candidate.Run = Task.Run(() => LeaderElector.RunAsync(config, candidate.Stop.Token));
        _candidates.Add(candidate);
        return candidate;
    }

    private string[] Log()
    {
        lock (_lock)
        {
            return [.. _log];
        }
    }

    private async Task<(Candidate Leader, Candidate Other)> StartPairAsync(string lease, bool releaseOnCancel, IEventRecorder? events = null)
    {
        var a = StartCandidate(lease, "a_" + Guid.NewGuid(), releaseOnCancel, events);
        var b = StartCandidate(lease, "b_" + Guid.NewGuid(), releaseOnCancel, events);
        await WaitForAsync(() => a.StartedAt is not null || b.StartedAt is not null, TimeSpan.FromSeconds(20));
        // Several lease durations: the other candidate never takes over while the leader renews.
        await Task.Delay(TimeSpan.FromSeconds(3));
        (a.StartedAt is null || b.StartedAt is null).ShouldBeTrue("both candidates led");
        return a.StartedAt is not null ? (a, b) : (b, a);
    }

    [Fact]
    public async Task TwoElectors_OneLeads_AndAfterTheLeaderDiesTheOtherTakesOverOnceTheLeaseExpires()
    {
        var broadcaster = new EventBroadcaster();
        await using var _ = broadcaster;
        broadcaster.StartRecordingToSink(new KubeEventSink(_client));
        var events = broadcaster.NewRecorder("leader-election-test");
        var (leader, other) = await StartPairAsync("le-expiry", releaseOnCancel: false, events);
        var leases = _client.Resource<Lease>("default");
        var held = await leases.GetAsync("le-expiry");
        held.Spec.HolderIdentity.ShouldBe(leader.Identity);
        held.Spec.LeaseDurationSeconds.ShouldBe(2);
        held.Spec.LeaseTransitions.ShouldBe(0);
        held.Spec.RenewTime!.Value.ToDateTimeOffset().ShouldBeGreaterThan(DateTimeOffset.UtcNow - TimeSpan.FromSeconds(2)); // being renewed

        // A killed leader: its elector stops without releasing the lease.
        var killed = Stopwatch.StartNew();
        await leader.Stop.CancelAsync();
        await leader.Run.WaitAsync(TimeSpan.FromSeconds(10));
        (await leases.GetAsync("le-expiry")).Spec.HolderIdentity.ShouldBe(leader.Identity);

        await WaitForAsync(() => other.StartedAt is not null, TimeSpan.FromSeconds(20));
        var takeover = killed.Elapsed - other.StartedAt!.Elapsed;

        // The last renewal was at most a retry period before the kill; the other waits a full lease after seeing it.
        takeover.ShouldBeGreaterThan(TimeSpan.FromSeconds(1.5));
        var after = await leases.GetAsync("le-expiry");
        after.Spec.HolderIdentity.ShouldBe(other.Identity);
        after.Spec.LeaseTransitions.ShouldBe(1);
        _overlaps.ShouldBe(0);
        Log().ShouldBe([leader.Identity + " started", leader.Identity + " stopped", other.Identity + " started"]);

        // LeaseLock records "became leader" events on the Lease.
        await WaitForAsync(() => LeaderEvents().Count == 2, TimeSpan.FromSeconds(20));
        LeaderEvents().Select(e => e.Message).Order().ShouldBe(new[] { leader.Identity + " became leader", other.Identity + " became leader" }.Order());
        LeaderEvents().ShouldAllBe(e => e.InvolvedObject.Kind == "Lease" && e.InvolvedObject.ApiVersion == "coordination.k8s.io/v1" && e.Type == "Normal");

        List<Event> LeaderEvents()
            => [.. _client.Resource<Event>("default").ListAsync().GetAwaiter().GetResult().Items
                .Where(e => e.Reason == "LeaderElection" && e.InvolvedObject.Name == "le-expiry")];
    }

    [Fact]
    public async Task LeaderWithReleaseOnCancel_HandsOverAtOnce()
    {
        var (leader, other) = await StartPairAsync("le-release", releaseOnCancel: true);

        var cancelled = Stopwatch.StartNew();
        await leader.Stop.CancelAsync();
        await leader.Run.WaitAsync(TimeSpan.FromSeconds(10));
        await WaitForAsync(() => other.StartedAt is not null, TimeSpan.FromSeconds(20));
        var takeover = cancelled.Elapsed - other.StartedAt!.Elapsed;

        // Well under the 2 s lease: the other took the released lease at its next retry.
        takeover.ShouldBeLessThan(TimeSpan.FromSeconds(1.5));
        var lease = await _client.Resource<Lease>("default").GetAsync("le-release");
        lease.Spec.HolderIdentity.ShouldBe(other.Identity);
        lease.Spec.LeaseDurationSeconds.ShouldBe(2);
        lease.Spec.LeaseTransitions.ShouldBe(1);
        _overlaps.ShouldBe(0);
        Log().ShouldBe([leader.Identity + " started", leader.Identity + " stopped", other.Identity + " started"]);
    }

    [Fact]
    public async Task TwoIdenticalEvents_AreOneEventWithCountTwo()
    {
        await using var broadcaster = new EventBroadcaster();
        broadcaster.StartRecordingToSink(new KubeEventSink(_client));
        var recorder = broadcaster.NewRecorder(new EventSource { Component = "machinery-test", Host = "host-1" });
        var pod = new Pod { Metadata = new() { Name = "evt-pod", Namespace = "default", Uid = Guid.NewGuid().ToString() } };
        var events = _client.Resource<Event>("default");

        recorder.Event(pod, EventTypes.Warning, "BackOff", "Back-off pulling image");
        await WaitForAsync(() => Matching().Count == 1, TimeSpan.FromSeconds(20));
        var first = Matching().Single();
        await Task.Delay(1100); // lastTimestamp has second precision
        recorder.Event(pod, EventTypes.Warning, "BackOff", "Back-off pulling image");
        await WaitForAsync(() => Matching().SingleOrDefault()?.Count == 2, TimeSpan.FromSeconds(20));

        var e = Matching().ShouldHaveSingleItem();
        e.Metadata.Name.ShouldBe(first.Metadata.Name);
        e.Metadata.Name.ShouldMatch(@"^evt-pod\.[0-9a-f]{16}$");
        e.Count.ShouldBe(2);
        e.FirstTimestamp.ShouldBe(first.FirstTimestamp);
        e.LastTimestamp.ShouldBeGreaterThan(first.LastTimestamp);
        e.Source.Component.ShouldBe("machinery-test");
        e.Source.Host.ShouldBe("host-1");
        e.InvolvedObject.Kind.ShouldBe("Pod");
        e.InvolvedObject.Uid.ShouldBe(pod.Metadata.Uid);
        e.Type.ShouldBe("Warning");

        List<Event> Matching()
            => [.. events.ListAsync().GetAwaiter().GetResult().Items.Where(x => x.InvolvedObject.Uid == pod.Metadata.Uid)];
    }

    public void Dispose()
    {
        foreach (var candidate in _candidates)
        {
            candidate.Stop.Cancel();
            candidate.Run.Wait(TimeSpan.FromSeconds(10));
            candidate.Stop.Dispose();
        }
        _client.Dispose();
    }
}
