using System.Collections.Concurrent;
using KubeSharp.Client.Machinery.LeaderElection;
using KubeSharp.Tests.Common;

namespace KubeSharp.Client.Tests.Machinery.LeaderElection;

/// <summary>An in-memory lock object with optimistic concurrency: each candidate's lock remembers the version it last
/// read or wrote, and a write over a newer version fails, like a 409 from the API server.</summary>
public sealed class FakeLeaseServer
{
    private readonly Lock _lock = new();

    public LeaderElectionRecord? Record { get; private set; }

    public long Version { get; private set; }

    public int Writes { get; private set; }

    public void Seed(LeaderElectionRecord record)
    {
        lock (_lock)
        {
            Record = record;
            Version++;
        }
    }

    internal (LeaderElectionRecord? Record, long Version) Read()
    {
        lock (_lock)
        {
            return (Record, Version);
        }
    }

    internal long Create(LeaderElectionRecord record)
    {
        lock (_lock)
        {
            if (Record is not null)
            {
                throw new InvalidOperationException("409 AlreadyExists");
            }
            Record = record;
            Writes++;
            return ++Version;
        }
    }

    internal long Update(long? basedOn, LeaderElectionRecord record)
    {
        lock (_lock)
        {
            if (Record is null || basedOn != Version)
            {
                throw new InvalidOperationException("409 Conflict: the object has been modified");
            }
            Record = record;
            Writes++;
            return ++Version;
        }
    }
}

public sealed class FakeLock(FakeLeaseServer server, string identity) : IResourceLock
{
    private long? _version;

    /// <summary>Every call fails, as if this candidate lost its connection.</summary>
    public bool Partitioned { get; set; }

    public ConcurrentQueue<string> Events { get; } = new();

    public string Identity => identity;

    public string Describe() => "kube-system/test-lock";

    public Task<LeaderElectionRecord?> GetAsync(CancellationToken cancellationToken)
    {
        if (Partitioned)
        {
            return Task.FromException<LeaderElectionRecord?>(new HttpRequestException("connection refused"));
        }
        var (record, version) = server.Read();
        if (record is not null)
        {
            _version = version;
        }
        return Task.FromResult(record);
    }

    public Task CreateAsync(LeaderElectionRecord record, CancellationToken cancellationToken)
    {
        if (Partitioned)
        {
            return Task.FromException(new HttpRequestException("connection refused"));
        }
        _version = server.Create(record);
        return Task.CompletedTask;
    }

    public Task UpdateAsync(LeaderElectionRecord record, CancellationToken cancellationToken)
    {
        if (Partitioned)
        {
            return Task.FromException(new HttpRequestException("connection refused"));
        }
        _version = server.Update(_version, record);
        return Task.CompletedTask;
    }

    public void RecordEvent(string message) => Events.Enqueue($"{identity} {message}");
}

public sealed class LeaderElectorTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new();
    private readonly FakeLeaseServer _server = new();
    private readonly List<Candidate> _candidates = [];
    private readonly ConcurrentQueue<string> _log = new();
    private int _leading;
    private int _overlaps;

    private sealed class Candidate
    {
        public required string Name { get; init; }

        public required FakeLock Lock { get; init; }

        public required LeaderElector Elector { get; init; }

        public required CancellationTokenSource Stop { get; init; }

        public Task Run { get; set; } = Task.CompletedTask;

        public ConcurrentQueue<string> NewLeaders { get; } = new();

        public DateTimeOffset? StartedAt { get; set; }

        public DateTimeOffset? StoppedAt { get; set; }

        public bool Started => StartedAt is not null;
    }

    private Candidate Start(string name, bool releaseOnCancel = false, Func<CancellationToken, Task>? work = null)
    {
        var fakeLock = new FakeLock(_server, name);
        Candidate? candidate = null;
        var elector = new LeaderElector(new LeaderElectionConfig
        {
            Lock = fakeLock,
            Clock = _clock,
            JitterFactor = 0,
            ReleaseOnCancel = releaseOnCancel,
            Callbacks = new LeaderCallbacks
            {
                OnStartedLeading = async ct =>
                {
                    candidate!.StartedAt = _clock.GetUtcNow();
                    _log.Enqueue($"{name} started");
                    if (Interlocked.Increment(ref _leading) > 1)
                    {
                        Interlocked.Increment(ref _overlaps);
                    }
                    try
                    {
                        if (work is not null)
                        {
                            await work(ct);
                        }
                        else
                        {
                            await Task.Delay(Timeout.Infinite, ct);
                        }
                    }
                    finally
                    {
                        Interlocked.Decrement(ref _leading);
                    }
                },
                OnStoppedLeading = () =>
                {
                    candidate!.StoppedAt = _clock.GetUtcNow();
                    _log.Enqueue($"{name} stopped");
                },
                OnNewLeader = leader => candidate!.NewLeaders.Enqueue(leader),
            },
        });
        candidate = new Candidate { Name = name, Lock = fakeLock, Elector = elector, Stop = new CancellationTokenSource() };
        _candidates.Add(candidate);
        candidate.Run = Task.Run(() => elector.RunAsync(candidate.Stop.Token));
        return candidate;
    }

    /// <summary>Waits until every running elector sleeps on the fake clock (one armed timer each).</summary>
    private async Task WaitIdleAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var running = _candidates.Count(c => !c.Run.IsCompleted);
            if (_clock.ArmedTimerCount == running)
            {
                // Settle: a continuation may be about to arm another timer.
                await Task.Delay(2);
                if (_clock.ArmedTimerCount == _candidates.Count(c => !c.Run.IsCompleted))
                {
                    return;
                }
            }
            DateTime.UtcNow.ShouldBeLessThan(deadline, "electors did not settle");
            await Task.Delay(1);
        }
    }

    /// <summary>Moves the fake clock forward in 100 ms steps, letting the electors act at each.</summary>
    private async Task RunForAsync(TimeSpan span)
    {
        for (var t = TimeSpan.Zero; t < span; t += TimeSpan.FromMilliseconds(100))
        {
            await WaitIdleAsync();
            _clock.Advance(TimeSpan.FromMilliseconds(100));
        }
        await WaitIdleAsync();
    }

    /// <summary>Runs the clock until <paramref name="condition"/> holds; the fake time it took.</summary>
    private async Task<TimeSpan> RunUntilAsync(Func<bool> condition, TimeSpan limit)
    {
        var start = _clock.GetUtcNow();
        while (!condition())
        {
            (_clock.GetUtcNow() - start).ShouldBeLessThan(limit, "condition not reached in fake time");
            await WaitIdleAsync();
            _clock.Advance(TimeSpan.FromMilliseconds(100));
        }
        await WaitIdleAsync();
        return _clock.GetUtcNow() - start;
    }

    [Fact]
    public async Task SoleCandidate_CreatesTheLock_Leads_AndRenewsEveryRetryPeriod()
    {
        var a = Start("a");

        await RunUntilAsync(() => a.Started, TimeSpan.FromSeconds(1));

        a.Elector.IsLeader.ShouldBeTrue();
        a.Elector.GetLeader().ShouldBe("a");
        a.NewLeaders.ShouldBe(["a"]);
        a.Lock.Events.ShouldBe(["a became leader"]);
        var record = _server.Record!;
        record.HolderIdentity.ShouldBe("a");
        record.LeaseDurationSeconds.ShouldBe(15);
        record.LeaderTransitions.ShouldBe(0);
        var acquired = record.AcquireTime;

        await RunForAsync(TimeSpan.FromSeconds(10));

        _server.Record!.AcquireTime.ShouldBe(acquired);
        _server.Record.RenewTime.ShouldBe(acquired + TimeSpan.FromSeconds(10));
        _server.Writes.ShouldBe(7); // the create, a renewal at once (client-go's renew loop starts with one), then every 2 s
    }

    [Fact]
    public async Task SecondCandidate_NeverLeads_WhileTheLeaderRenews()
    {
        var a = Start("a");
        await RunUntilAsync(() => a.Started, TimeSpan.FromSeconds(1));
        var b = Start("b");

        await RunForAsync(TimeSpan.FromSeconds(60));

        b.Started.ShouldBeFalse();
        b.Elector.IsLeader.ShouldBeFalse();
        b.Elector.GetLeader().ShouldBe("a");
        b.NewLeaders.ShouldBe(["a"]);
        _server.Record!.LeaderTransitions.ShouldBe(0);
        _overlaps.ShouldBe(0);
    }

    [Fact]
    public async Task CancelledLeader_WithoutRelease_IsReplacedAfterTheLeaseExpires()
    {
        var a = Start("a");
        await RunUntilAsync(() => a.Started, TimeSpan.FromSeconds(1));
        var b = Start("b");
        await RunForAsync(TimeSpan.FromSeconds(3));
        var lastRenew = _server.Record!.RenewTime;

        await a.Stop.CancelAsync();
        await a.Run.WaitAsync(TimeSpan.FromSeconds(10));
        a.StoppedAt.ShouldNotBeNull();
        _server.Record!.HolderIdentity.ShouldBe("a"); // not released

        await RunUntilAsync(() => b.Started, TimeSpan.FromSeconds(30));

        // b saw the last renewal at most one retry period after it was written, and waits a full lease from then.
        (b.StartedAt!.Value - lastRenew).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(15));
        (b.StartedAt.Value - lastRenew).ShouldBeLessThanOrEqualTo(TimeSpan.FromSeconds(15 + 2 + 2));
        _server.Record!.HolderIdentity.ShouldBe("b");
        _server.Record.LeaderTransitions.ShouldBe(1);
        b.NewLeaders.ShouldBe(["a", "b"]);
        _log.ShouldBe(["a started", "a stopped", "b started"]);
        _overlaps.ShouldBe(0);
    }

    [Fact]
    public async Task CancelledLeader_WithReleaseOnCancel_IsReplacedAtOnce()
    {
        var a = Start("a", releaseOnCancel: true);
        await RunUntilAsync(() => a.Started, TimeSpan.FromSeconds(1));
        var b = Start("b");
        await RunForAsync(TimeSpan.FromSeconds(3));

        await a.Stop.CancelAsync();
        await a.Run.WaitAsync(TimeSpan.FromSeconds(10));
        _server.Record!.HolderIdentity.ShouldBe("");
        _server.Record.LeaseDurationSeconds.ShouldBe(1);
        var released = _clock.GetUtcNow();

        await RunUntilAsync(() => b.Started, TimeSpan.FromSeconds(5));

        (b.StartedAt!.Value - released).ShouldBeLessThanOrEqualTo(TimeSpan.FromSeconds(2)); // b's next retry
        _server.Record!.HolderIdentity.ShouldBe("b");
        _server.Record.LeaderTransitions.ShouldBe(1);
        _log.ShouldBe(["a started", "a stopped", "b started"]);
    }

    [Fact]
    public async Task PartitionedLeader_StopsAfterTheRenewDeadline_BeforeTheOtherStarts()
    {
        var a = Start("a");
        await RunUntilAsync(() => a.Started, TimeSpan.FromSeconds(1));
        var b = Start("b");
        await RunForAsync(TimeSpan.FromSeconds(3));
        var lastRenew = _server.Record!.RenewTime;

        a.Lock.Partitioned = true;
        await RunUntilAsync(() => a.Run.IsCompleted, TimeSpan.FromSeconds(20));

        // The round after the last renewal starts a retry period later and gives up a renew deadline after that.
        (a.StoppedAt!.Value - lastRenew).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(10));
        (a.StoppedAt.Value - lastRenew).ShouldBeLessThanOrEqualTo(TimeSpan.FromSeconds(12));
        a.Lock.Events.ShouldBe(["a became leader", "a stopped leading"]);
        b.Started.ShouldBeFalse();

        await RunUntilAsync(() => b.Started, TimeSpan.FromSeconds(20));

        b.StartedAt!.Value.ShouldBeGreaterThan(a.StoppedAt.Value);
        _log.ShouldBe(["a started", "a stopped", "b started"]);
        _overlaps.ShouldBe(0);
    }

    [Fact]
    public async Task ExistingRecord_IsJudgedByLocalObservation_NotItsTimestamps()
    {
        // A record renewed "long ago" by the remote clock (or far in the future): only the local observation counts.
        _server.Seed(new LeaderElectionRecord
        {
            HolderIdentity = "dead",
            LeaseDurationSeconds = 15,
            AcquireTime = _clock.GetUtcNow() - TimeSpan.FromDays(1),
            RenewTime = _clock.GetUtcNow() - TimeSpan.FromDays(1),
            LeaderTransitions = 4,
        });
        var b = Start("b");

        await RunForAsync(TimeSpan.FromSeconds(14));
        b.Started.ShouldBeFalse();
        b.NewLeaders.ShouldBe(["dead"]);

        var took = await RunUntilAsync(() => b.Started, TimeSpan.FromSeconds(5));

        took.ShouldBeLessThanOrEqualTo(TimeSpan.FromSeconds(3));
        _server.Record!.HolderIdentity.ShouldBe("b");
        _server.Record.LeaderTransitions.ShouldBe(5);
        b.NewLeaders.ShouldBe(["dead", "b"]);
    }

    [Fact]
    public async Task ManyCandidates_ExactlyOneLeads()
    {
        var all = Enumerable.Range(0, 5).Select(i => Start("c" + i)).ToList();

        await RunForAsync(TimeSpan.FromSeconds(30));

        all.Count(c => c.Started).ShouldBe(1);
        var leader = all.Single(c => c.Started);
        _server.Record!.HolderIdentity.ShouldBe(leader.Name);
        all.ShouldAllBe(c => c.Elector.GetLeader() == leader.Name);
        _overlaps.ShouldBe(0);
    }

    [Fact]
    public async Task LeadingWorkThatFails_EndsLeadership()
    {
        var a = Start("a", work: _ => throw new InvalidOperationException("controller crashed"));

        await RunUntilAsync(() => a.Run.IsCompleted, TimeSpan.FromSeconds(5));

        a.StoppedAt.ShouldNotBeNull();
        _log.ShouldBe(["a started", "a stopped"]);
    }

    [Fact]
    public async Task CancelledBeforeLeading_StillCallsOnStoppedLeading_LikeClientGo()
    {
        _server.Seed(new LeaderElectionRecord { HolderIdentity = "other", LeaseDurationSeconds = 15 });
        var a = Start("a");
        await RunForAsync(TimeSpan.FromSeconds(1));

        await a.Stop.CancelAsync();
        await a.Run.WaitAsync(TimeSpan.FromSeconds(10));

        _log.ShouldBe(["a stopped"]);
        _server.Record!.HolderIdentity.ShouldBe("other");
    }

    [Fact]
    public async Task Check_ReportsALeaderThatHasNotRenewedForLongerThanTheLeasePlusTolerance()
    {
        var a = Start("a");
        await RunUntilAsync(() => a.Started, TimeSpan.FromSeconds(1));
        var b = Start("b");
        await RunForAsync(TimeSpan.FromSeconds(3));
        a.Elector.Check(TimeSpan.Zero).ShouldBeNull();
        b.Elector.Check(TimeSpan.Zero).ShouldBeNull(); // not leading

        a.Lock.Partitioned = true;
        await RunForAsync(TimeSpan.FromSeconds(9));
        a.Elector.Check(TimeSpan.Zero).ShouldBeNull(); // 9 s since the last renewal: within the 15 s lease

        await RunForAsync(TimeSpan.FromSeconds(8));
        a.Elector.Check(TimeSpan.FromSeconds(1)).ShouldBe("failed election to renew leadership on lease ");
        a.Elector.Check(TimeSpan.FromSeconds(60)).ShouldBeNull();
    }

    [Fact]
    public void Config_IsValidatedLikeClientGo()
    {
        var fakeLock = new FakeLock(_server, "x");
        var callbacks = new LeaderCallbacks { OnStartedLeading = _ => Task.CompletedTask, OnStoppedLeading = () => { } };

        Should.Throw<ArgumentException>(() => new LeaderElector(new LeaderElectionConfig
        {
            Lock = fakeLock,
            Callbacks = callbacks,
            LeaseDuration = TimeSpan.FromSeconds(10),
            RenewDeadline = TimeSpan.FromSeconds(10),
        })).Message.ShouldBe("leaseDuration must be greater than renewDeadline");
        Should.Throw<ArgumentException>(() => new LeaderElector(new LeaderElectionConfig
        {
            Lock = fakeLock,
            Callbacks = callbacks,
            RenewDeadline = TimeSpan.FromSeconds(2),
            RetryPeriod = TimeSpan.FromSeconds(2),
        })).Message.ShouldBe("renewDeadline must be greater than retryPeriod*JitterFactor");
        Should.Throw<ArgumentException>(() => new LeaderElector(new LeaderElectionConfig
        {
            Lock = new FakeLock(_server, ""),
            Callbacks = callbacks,
        })).Message.ShouldBe("Lock identity is empty");
    }

    [Fact]
    public void NewIdentity_IsHostNameUnderscoreUuid()
    {
        var identity = LeaderElector.NewIdentity();

        identity.ShouldStartWith(Environment.MachineName.ToLowerInvariant() + "_");
        Guid.TryParse(identity[(identity.IndexOf('_', StringComparison.Ordinal) + 1)..], out _).ShouldBeTrue();
        LeaderElector.NewIdentity().ShouldNotBe(identity);
    }

    public void Dispose()
    {
        foreach (var candidate in _candidates)
        {
            candidate.Stop.Cancel();
            candidate.Run.Wait(TimeSpan.FromSeconds(10));
            candidate.Stop.Dispose();
        }
    }
}
