using System.Collections.Concurrent;
using KubeSharp.Client.Machinery.Queues;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Client.Tests.Machinery.Queues;

public class QueueWorkersTests
{
    private static RateLimitingQueue<string> FastQueue()
        => new(new ItemExponentialFailureRateLimiter<string>(TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(20)));

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!condition())
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "condition not met in time");
            await Task.Delay(5);
        }
    }

    [Fact]
    public async Task FailingReconcile_IsRetriedWithBackoff_AndLogged_ThenForgottenOnSuccess()
    {
        using var queue = FastQueue();
        var logger = new ListLogger();
        var attempts = 0;
        using var cts = new CancellationTokenSource();
        var requeuesSeen = new ConcurrentQueue<int>();

        var run = QueueWorkers.RunAsync(queue, 2, (key, _) =>
        {
            requeuesSeen.Enqueue(queue.NumRequeues(key));
            if (Interlocked.Increment(ref attempts) <= 3)
            {
                throw new InvalidOperationException("boom " + attempts);
            }
            return Task.CompletedTask;
        }, logger, cts.Token);
        queue.Add("ns/a");

        await WaitForAsync(() => Volatile.Read(ref attempts) == 4 && queue.NumRequeues("ns/a") == 0 && queue.ProcessingCount() == 0);
        await cts.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));

        requeuesSeen.ShouldBe([0, 1, 2, 3]);
        logger.Entries.Count.ShouldBe(3);
        logger.Entries.ShouldAllBe(e => e.Level == LogLevel.Error && e.Message.Contains("ns/a") && e.Exception is InvalidOperationException);
    }

    [Fact]
    public async Task RequeueAfter_LooksAgainLater()
    {
        using var queue = FastQueue();
        var attempts = 0;
        using var cts = new CancellationTokenSource();

        var run = QueueWorkers.RunAsync(queue, 1, (_, _) =>
            Task.FromResult(Interlocked.Increment(ref attempts) < 3 ? ReconcileResult.After(TimeSpan.FromMilliseconds(10)) : ReconcileResult.Done), null, cts.Token);
        queue.Add("k");

        await WaitForAsync(() => Volatile.Read(ref attempts) == 3);
        await Task.Delay(100);
        await cts.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));

        attempts.ShouldBe(3);
        queue.NumRequeues("k").ShouldBe(0);
    }

    [Fact]
    public async Task Cancellation_StopsTheWorkers_AndShutsTheQueueDown()
    {
        using var queue = FastQueue();
        using var cts = new CancellationTokenSource();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sawCancellation = false;

        var run = QueueWorkers.RunAsync(queue, 3, async (_, ct) =>
        {
            started.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                sawCancellation = true;
                throw;
            }
        }, null, cts.Token);
        queue.Add("k");
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await cts.CancelAsync();

        await run.WaitAsync(TimeSpan.FromSeconds(10));
        sawCancellation.ShouldBeTrue();
        queue.ShuttingDown.ShouldBeTrue();
        queue.NumRequeues("k").ShouldBe(0); // a cancelled reconcile is not a failure
    }

    /// <summary>Eight workers, keys re-added all the time and failing at random: no key is ever reconciled by two
    /// workers at once.</summary>
    [Fact]
    public async Task Stress_AKeyIsNeverReconciledTwiceAtOnce()
    {
        using var queue = FastQueue();
        using var cts = new CancellationTokenSource();
        var inFlight = new ConcurrentDictionary<string, int>();
        var violations = 0;
        var reconciles = 0;

        var run = QueueWorkers.RunAsync(queue, 8, async (key, _) =>
        {
            if (inFlight.AddOrUpdate(key, 1, (_, n) => n + 1) != 1)
            {
                Interlocked.Increment(ref violations);
            }
            Interlocked.Increment(ref reconciles);
            await Task.Yield();
            Thread.SpinWait(Random.Shared.Next(500));
            inFlight.AddOrUpdate(key, 0, (_, n) => n - 1);
            if (Random.Shared.Next(5) == 0)
            {
                throw new InvalidOperationException("random failure");
            }
        }, null, cts.Token);

        var producers = Enumerable.Range(0, 3).Select(p => Task.Run(async () =>
        {
            for (var i = 0; i < 3000; i++)
            {
                queue.Add("key-" + Random.Shared.Next(20));
                if (i % 100 == 0)
                {
                    await Task.Yield();
                }
            }
        })).ToArray();
        await Task.WhenAll(producers).WaitAsync(TimeSpan.FromSeconds(60));
        await WaitForAsync(() => queue.Len() == 0 && queue.ProcessingCount() == 0 && queue.WaitingCount() == 0);
        await cts.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));

        violations.ShouldBe(0);
        reconciles.ShouldBeGreaterThan(20);
    }

    private sealed class ListLogger : ILogger
    {
        public ConcurrentQueue<(LogLevel Level, string Message, Exception? Exception)> Entries { get; } = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => Entries.Enqueue((logLevel, formatter(state, exception), exception));
    }
}
