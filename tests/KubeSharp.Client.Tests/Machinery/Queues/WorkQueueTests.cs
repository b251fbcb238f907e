using System.Collections.Concurrent;
using KubeSharp.Client.Machinery.Queues;

namespace KubeSharp.Client.Tests.Machinery.Queues;

public class WorkQueueTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static async Task<string> TakeAsync(WorkQueue<string> queue)
    {
        var (item, shutdown) = await queue.GetAsync().AsTask().WaitAsync(Patience);
        shutdown.ShouldBeFalse();
        return item;
    }

    [Fact]
    public async Task Add_IsFifo_AndDeduplicatesQueuedKeys()
    {
        using var queue = new WorkQueue<string>();

        queue.Add("a");
        queue.Add("b");
        queue.Add("a");
        queue.Add("c");
        queue.Add("b");

        queue.Len().ShouldBe(3);
        (await TakeAsync(queue)).ShouldBe("a");
        (await TakeAsync(queue)).ShouldBe("b");
        (await TakeAsync(queue)).ShouldBe("c");
        queue.Len().ShouldBe(0);
        queue.ProcessingCount().ShouldBe(3);
    }

    [Fact]
    public async Task KeyAddedWhileProcessing_IsNotHandedOut_UntilDone()
    {
        using var queue = new WorkQueue<string>();
        queue.Add("a");
        (await TakeAsync(queue)).ShouldBe("a");

        queue.Add("a");
        queue.Add("a");
        queue.Len().ShouldBe(0);
        var second = queue.GetAsync().AsTask();
        await Task.Delay(50);
        second.IsCompleted.ShouldBeFalse();

        queue.Done("a");

        var (item, shutdown) = await second.WaitAsync(Patience);
        item.ShouldBe("a");
        shutdown.ShouldBeFalse();
        queue.Len().ShouldBe(0);
        queue.Done("a");
        queue.Len().ShouldBe(0);
        queue.ProcessingCount().ShouldBe(0);
    }

    [Fact]
    public async Task Done_WithoutReAdd_DoesNotRequeue()
    {
        using var queue = new WorkQueue<string>();
        queue.Add("a");
        await TakeAsync(queue);

        queue.Done("a");

        queue.Len().ShouldBe(0);
        queue.Add("a");
        queue.Len().ShouldBe(1);
    }

    [Fact]
    public async Task GetAsync_WaitsForAnAdd()
    {
        using var queue = new WorkQueue<string>();
        var get = queue.GetAsync().AsTask();
        await Task.Delay(50);
        get.IsCompleted.ShouldBeFalse();

        queue.Add("x");

        (await get.WaitAsync(Patience)).ShouldBe(("x", false));
        queue.ProcessingCount().ShouldBe(1);
    }

    [Fact]
    public async Task CancelledGet_DoesNotLoseTheNextKey()
    {
        using var queue = new WorkQueue<string>();
        using var cts = new CancellationTokenSource();
        var cancelled = queue.GetAsync(cts.Token).AsTask();

        await cts.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(() => cancelled);

        queue.Add("x");
        queue.Len().ShouldBe(1);
        (await TakeAsync(queue)).ShouldBe("x");
    }

    [Fact]
    public async Task ShutDown_IgnoresAdds_HandsOutWhatIsQueued_ThenSaysShutDown()
    {
        using var queue = new WorkQueue<string>();
        queue.Add("a");

        queue.ShutDown();
        queue.Add("b");

        queue.ShuttingDown.ShouldBeTrue();
        queue.Len().ShouldBe(1);
        (await TakeAsync(queue)).ShouldBe("a");
        var (item, shutdown) = await queue.GetAsync();
        shutdown.ShouldBeTrue();
        item.ShouldBeNull();
    }

    [Fact]
    public async Task ShutDown_WakesWaitingGetters()
    {
        using var queue = new WorkQueue<string>();
        var getters = Enumerable.Range(0, 3).Select(_ => queue.GetAsync().AsTask()).ToArray();
        await Task.Delay(20);

        queue.ShutDown();

        foreach (var getter in getters)
        {
            (await getter.WaitAsync(Patience)).Shutdown.ShouldBeTrue();
        }
    }

    [Fact]
    public async Task ShutDownWithDrain_WaitsForProcessingKeys()
    {
        using var queue = new WorkQueue<string>();
        queue.Add("a");
        queue.Add("b");
        await TakeAsync(queue);
        await TakeAsync(queue);

        var drain = queue.ShutDownWithDrainAsync();
        queue.Done("a");
        await Task.Delay(50);
        drain.IsCompleted.ShouldBeFalse();
        queue.Add("c");
        queue.Len().ShouldBe(0);

        queue.Done("b");

        await drain.WaitAsync(Patience);
        (await queue.GetAsync()).Shutdown.ShouldBeTrue();
    }

    [Fact]
    public async Task ShutDownWithDrain_WithNothingProcessing_ReturnsAtOnce()
    {
        using var queue = new WorkQueue<string>();

        await queue.ShutDownWithDrainAsync().WaitAsync(Patience);

        queue.ShuttingDown.ShouldBeTrue();
    }

    [Fact]
    public async Task ShutDown_EndsADrainWait()
    {
        using var queue = new WorkQueue<string>();
        queue.Add("a");
        await TakeAsync(queue);
        var drain = queue.ShutDownWithDrainAsync();
        await Task.Delay(20);
        drain.IsCompleted.ShouldBeFalse();

        queue.ShutDown();

        await drain.WaitAsync(Patience);
    }

    /// <summary>Many producers and workers: a key is never held by two workers at once, and every add is followed by
    /// a processing of its key that starts after it.</summary>
    [Fact]
    public async Task Stress_NoKeyIsProcessedTwiceAtOnce_AndNoAddIsLost()
    {
        using var queue = new WorkQueue<int>();
        const int keys = 50;
        var inFlight = new int[keys];
        var lastAdd = new long[keys];
        var lastStart = new long[keys];
        long sequence = 0;
        var violations = 0;
        var processed = 0;

        var workers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                var (key, shutdown) = await queue.GetAsync();
                if (shutdown)
                {
                    return;
                }
                if (Interlocked.Increment(ref inFlight[key]) != 1)
                {
                    Interlocked.Increment(ref violations);
                }
                Volatile.Write(ref lastStart[key], Interlocked.Increment(ref sequence));
                if (Random.Shared.Next(4) == 0)
                {
                    await Task.Yield();
                }
                else
                {
                    Thread.SpinWait(Random.Shared.Next(200));
                }
                Interlocked.Decrement(ref inFlight[key]);
                Interlocked.Increment(ref processed);
                queue.Done(key);
            }
        })).ToArray();

        var producers = Enumerable.Range(0, 4).Select(p => Task.Run(() =>
        {
            var random = new Random(p);
            for (var i = 0; i < 20_000; i++)
            {
                var key = random.Next(keys);
                // The sequence is taken before the add: a processing that starts after this point covers it.
                InterlockedMax(ref lastAdd[key], Interlocked.Increment(ref sequence));
                queue.Add(key);
                if (i % 500 == 0)
                {
                    Thread.Yield();
                }
            }
        })).ToArray();
        await Task.WhenAll(producers).WaitAsync(TimeSpan.FromSeconds(60));

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while ((queue.Len() > 0 || queue.ProcessingCount() > 0) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }
        await queue.ShutDownWithDrainAsync().WaitAsync(Patience);
        await Task.WhenAll(workers).WaitAsync(Patience);

        violations.ShouldBe(0);
        processed.ShouldBeGreaterThan(keys);
        for (var key = 0; key < keys; key++)
        {
            lastStart[key].ShouldBeGreaterThan(lastAdd[key], $"key {key}: its last add was never processed");
        }
    }

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }
            current = seen;
        }
    }

    [Fact]
    public async Task ConcurrentGetters_EachKeyGoesToOneGetter()
    {
        using var queue = new WorkQueue<int>();
        var getters = Enumerable.Range(0, 100).Select(_ => queue.GetAsync().AsTask()).ToArray();
        var got = new ConcurrentBag<int>();

        Parallel.For(0, 100, i => queue.Add(i));

        foreach (var getter in getters)
        {
            var (item, shutdown) = await getter.WaitAsync(Patience);
            shutdown.ShouldBeFalse();
            got.Add(item);
        }
        got.Order().ShouldBe(Enumerable.Range(0, 100));
        queue.Len().ShouldBe(0);
    }
}
