using System.Diagnostics;

namespace KubeSharp.Scheduler.Runtime;

/// <summary>
/// Where a <see cref="KubeScheduler"/>'s time goes, for benchmarks: stopwatch totals of the scheduling cycle's phases
/// (the loop is one thread, so these are its CPU time give or take preemption by other threads) and of the binding
/// cycle (wall time of the pods/binding calls, which run concurrently). Pass one in
/// <see cref="KubeSchedulerOptions.Stats"/>; reading is safe at any time.
/// </summary>
public sealed class SchedulerStats
{
    private long _attempts;
    private long _scheduled;
    private long _failed;
    private long _bound;
    private long _snapshotTicks;
    private long _algorithmTicks;
    private long _assumeTicks;
    private long _failTicks;
    private long _bindTicks;

    /// <summary>Called with each pod the scheduler's pod informer delivers with spec.nodeName set (added or updated):
    /// a benchmark counts bindings here, off the scheduler's own watch, as upstream's scheduler_perf reads the
    /// scheduler's pod informer, instead of paying for a watch of its own. Called for every such event (the initial
    /// list and status updates of assigned pods too); runs on the informer's handler thread and must not throw.</summary>
    public Action<Api.Core.V1.Pod>? AssignedPodObserved { get; set; }

    /// <summary>Pods popped and scheduled (attempts, including failures).</summary>
    public long Attempts => Interlocked.Read(ref _attempts);

    /// <summary>Attempts that found a node.</summary>
    public long Scheduled => Interlocked.Read(ref _scheduled);

    /// <summary>Attempts that failed (FitError, no nodes, errors).</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Bindings written.</summary>
    public long Bound => Interlocked.Read(ref _bound);

    /// <summary>Time in <c>UpdateSnapshot</c>.</summary>
    public TimeSpan Snapshot => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _snapshotTicks));

    /// <summary>Time in the algorithm (PreFilter, Filter, PreScore, Score, select host).</summary>
    public TimeSpan Algorithm => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _algorithmTicks));

    /// <summary>Time in Reserve, Permit and assuming the pod in the cache.</summary>
    public TimeSpan Assume => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _assumeTicks));

    /// <summary>Time handling failures (PostFilter/preemption, event, status patch started).</summary>
    public TimeSpan Fail => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _failTicks));

    /// <summary>Summed wall time of the binding cycles (PreBind + Bind), which overlap.</summary>
    public TimeSpan Bind => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _bindTicks));

    internal void AddAttempt() => Interlocked.Increment(ref _attempts);

    internal void AddScheduled() => Interlocked.Increment(ref _scheduled);

    internal void AddFailed() => Interlocked.Increment(ref _failed);

    internal void AddBound() => Interlocked.Increment(ref _bound);

    internal void AddSnapshot(long ticks) => Interlocked.Add(ref _snapshotTicks, ticks);

    internal void AddAlgorithm(long ticks) => Interlocked.Add(ref _algorithmTicks, ticks);

    internal void AddAssume(long ticks) => Interlocked.Add(ref _assumeTicks, ticks);

    internal void AddFail(long ticks) => Interlocked.Add(ref _failTicks, ticks);

    internal void AddBind(long ticks) => Interlocked.Add(ref _bindTicks, ticks);
}
