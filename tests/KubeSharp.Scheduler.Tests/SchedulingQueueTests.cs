using KubeSharp.Api.Core.V1;
using KubeSharp.Scheduler.Config;
using KubeSharp.Scheduler.Framework;
using KubeSharp.Scheduler.Runtime;

namespace KubeSharp.Scheduler.Tests;

/// <summary>The scheduling queue: activeQ order, backoff, unschedulable pods and their moves, scheduling gates.</summary>
public class SchedulingQueueTests
{
    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;

        public void Advance(TimeSpan by) => Now += by;
    }

    private readonly ManualClock _clock = new();
    private readonly SchedulingQueue _queue;

    public SchedulingQueueTests()
    {
        var fw = SchedulerFramework.Create(SchedulerConfigLoader.Default().Profiles[0], PluginRegistry.InTree());
        _queue = new SchedulingQueue(fw.QueueSort!.Less, fw.RunPreEnqueuePlugins, new PodNominator(), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), _clock);
    }

    private static Pod MakePod(string name, int priority = 0)
    {
        Pod pod = St.MakePod(name);
        pod.Metadata.Uid = "uid-" + name;
        pod.Spec.Priority = priority;
        return pod;
    }

    private async Task<string> PopNameAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var info = await _queue.PopAsync(cts.Token);
        return info!.PodInfo.Pod.Metadata.Name;
    }

    [Fact]
    public async Task ActiveQ_HigherPriorityFirst_ThenArrival()
    {
        _queue.Add(MakePod("low-early", 1));
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        _queue.Add(MakePod("high", 100));
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        _queue.Add(MakePod("low-late", 1));
        (await PopNameAsync()).ShouldBe("high");
        (await PopNameAsync()).ShouldBe("low-early");
        (await PopNameAsync()).ShouldBe("low-late");
    }

    [Fact]
    public void Backoff_DoublesFromOneSecond_CappedAtTen()
    {
        Enumerable.Range(1, 6).Select(a => _queue.BackoffDuration(a).TotalSeconds).ShouldBe([1, 2, 4, 8, 10, 10]);
    }

    [Fact]
    public async Task Unschedulable_MovedByAnEvent_WaitsOutItsBackoff()
    {
        _queue.Add(MakePod("p"));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var info = (await _queue.PopAsync(cts.Token))!;
        _queue.AddUnschedulable(info, _queue.SchedulingCycle);
        _queue.Counts.ShouldBe((0, 0, 1));

        _queue.MoveAllToActiveOrBackoff();
        _queue.Counts.ShouldBe((0, 1, 0));
        _clock.Advance(TimeSpan.FromMilliseconds(900));
        _queue.Flush();
        _queue.Counts.ShouldBe((0, 1, 0));
        _clock.Advance(TimeSpan.FromMilliseconds(200));
        _queue.Flush();
        _queue.Counts.ShouldBe((1, 0, 0));
        (await PopNameAsync()).ShouldBe("p");
    }

    [Fact]
    public async Task MoveRequestDuringTheAttempt_SendsTheFailedPodToBackoff()
    {
        _queue.Add(MakePod("p"));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var info = (await _queue.PopAsync(cts.Token))!;
        var cycle = _queue.SchedulingCycle;
        _queue.MoveAllToActiveOrBackoff(); // e.g. a node was added while the pod was being scheduled
        _queue.AddUnschedulable(info, cycle);
        _queue.Counts.ShouldBe((0, 1, 0));
    }

    [Fact]
    public async Task Unschedulable_FlushedAfterFiveMinutes()
    {
        _queue.Add(MakePod("p"));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var info = (await _queue.PopAsync(cts.Token))!;
        _queue.AddUnschedulable(info, _queue.SchedulingCycle);
        _clock.Advance(TimeSpan.FromMinutes(4));
        _queue.Flush();
        _queue.Counts.ShouldBe((0, 0, 1));
        _clock.Advance(TimeSpan.FromMinutes(1.1));
        _queue.Flush();
        _queue.Counts.ShouldBe((1, 0, 0));
    }

    [Fact]
    public async Task SchedulingGates_KeepThePodOut_UntilAnUpdateRemovesThem()
    {
        var gated = MakePod("gated");
        gated.Spec.SchedulingGates = [new PodSchedulingGate { Name = "example.com/wait" }];
        _queue.Add(gated);
        _queue.MoveAllToActiveOrBackoff();
        _clock.Advance(TimeSpan.FromMinutes(10));
        _queue.Flush();
        _queue.Counts.ShouldBe((0, 0, 1));

        var ungated = gated.DeepCopy();
        ungated.Spec.SchedulingGates = null;
        _queue.Update(gated, ungated);
        _queue.Counts.ShouldBe((1, 0, 0));
        (await PopNameAsync()).ShouldBe("gated");
    }

    [Fact]
    public async Task PodDeletedDuringItsAttempt_IsNotRequeued()
    {
        var pod = MakePod("p");
        _queue.Add(pod);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var info = (await _queue.PopAsync(cts.Token))!;
        _queue.Delete(pod);
        _queue.AddUnschedulable(info, _queue.SchedulingCycle);
        _queue.Counts.ShouldBe((0, 0, 0));
    }
}
