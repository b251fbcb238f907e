using KubeSharp.Client.Machinery.Queues;
using KubeSharp.Tests.Common;

namespace KubeSharp.Client.Tests.Machinery.Queues;

public class DelayingQueueTests
{
    private static async Task<string> TakeAsync(WorkQueue<string> queue)
    {
        var (item, shutdown) = await queue.GetAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        shutdown.ShouldBeFalse();
        return item;
    }

    [Fact]
    public void AddAfter_AddsWhenTheDelayHasPassed()
    {
        var clock = new FakeTimeProvider();
        using var queue = new DelayingQueue<string>(clock);

        queue.AddAfter("a", TimeSpan.FromSeconds(1));

        queue.Len().ShouldBe(0);
        queue.WaitingCount().ShouldBe(1);
        clock.Advance(TimeSpan.FromMilliseconds(999));
        queue.Len().ShouldBe(0);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        queue.Len().ShouldBe(1);
        queue.WaitingCount().ShouldBe(0);
    }

    [Fact]
    public void AddAfter_NotPositive_AddsAtOnce()
    {
        var clock = new FakeTimeProvider();
        using var queue = new DelayingQueue<string>(clock);

        queue.AddAfter("a", TimeSpan.Zero);
        queue.AddAfter("b", TimeSpan.FromSeconds(-1));

        queue.Len().ShouldBe(2);
    }

    [Fact]
    public async Task Keys_BecomeReadyInReadyTimeOrder_NotAddOrder()
    {
        var clock = new FakeTimeProvider();
        using var queue = new DelayingQueue<string>(clock);

        queue.AddAfter("late", TimeSpan.FromSeconds(3));
        queue.AddAfter("early", TimeSpan.FromSeconds(1));
        queue.AddAfter("middle", TimeSpan.FromSeconds(2));

        clock.Advance(TimeSpan.FromSeconds(1));
        queue.Len().ShouldBe(1);
        clock.Advance(TimeSpan.FromSeconds(5));
        queue.Len().ShouldBe(3);
        (await TakeAsync(queue)).ShouldBe("early");
        (await TakeAsync(queue)).ShouldBe("middle");
        (await TakeAsync(queue)).ShouldBe("late");
    }

    [Fact]
    public void SameKeyWaiting_KeepsTheEarlierReadyTime_AndIsAddedOnce()
    {
        var clock = new FakeTimeProvider();
        using var queue = new DelayingQueue<string>(clock);

        queue.AddAfter("a", TimeSpan.FromSeconds(5));
        queue.AddAfter("a", TimeSpan.FromSeconds(1));
        queue.AddAfter("a", TimeSpan.FromSeconds(10));

        queue.WaitingCount().ShouldBe(1);
        clock.Advance(TimeSpan.FromSeconds(1));
        queue.Len().ShouldBe(1);
        queue.WaitingCount().ShouldBe(0);
        clock.Advance(TimeSpan.FromSeconds(20));
        queue.Len().ShouldBe(1);
    }

    [Fact]
    public void ThousandsOfWaitingKeys_AreServedByOneTimer()
    {
        var clock = new FakeTimeProvider();
        using var queue = new DelayingQueue<int>(clock);

        for (var i = 0; i < 5000; i++)
        {
            queue.AddAfter(i, TimeSpan.FromMilliseconds(5000 - i));
        }

        queue.WaitingCount().ShouldBe(5000);
        clock.Advance(TimeSpan.FromMilliseconds(2500));
        queue.Len().ShouldBe(2500); // delays 1..2500 ms
        clock.Advance(TimeSpan.FromMilliseconds(2500));
        queue.Len().ShouldBe(5000);
    }

    [Fact]
    public void ShutDown_DropsWaitingKeys()
    {
        var clock = new FakeTimeProvider();
        using var queue = new DelayingQueue<string>(clock);
        queue.AddAfter("a", TimeSpan.FromSeconds(1));

        queue.ShutDown();
        queue.AddAfter("b", TimeSpan.FromSeconds(1));
        clock.Advance(TimeSpan.FromSeconds(2));

        queue.Len().ShouldBe(0);
        queue.WaitingCount().ShouldBe(0);
    }

    [Fact]
    public async Task RealClock_DelayedKeyArrives()
    {
        using var queue = new DelayingQueue<string>();
        var started = DateTime.UtcNow;

        queue.AddAfter("a", TimeSpan.FromMilliseconds(100));
        queue.AddAfter("b", TimeSpan.FromMilliseconds(50));

        (await TakeAsync(queue)).ShouldBe("b");
        (await TakeAsync(queue)).ShouldBe("a");
        (DateTime.UtcNow - started).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(95));
    }
}

public class RateLimiterTests
{
    private static readonly TimeSpan Ms = TimeSpan.FromMilliseconds(1);

    [Fact]
    public void Exponential_DoublesPerFailure_UpToTheCap_AndForgetResets()
    {
        var limiter = new ItemExponentialFailureRateLimiter<string>(Ms, TimeSpan.FromSeconds(1));

        limiter.When("one").ShouldBe(Ms);
        limiter.When("one").ShouldBe(2 * Ms);
        limiter.When("one").ShouldBe(4 * Ms);
        limiter.When("one").ShouldBe(8 * Ms);
        limiter.When("one").ShouldBe(16 * Ms);
        limiter.NumRequeues("one").ShouldBe(5);
        limiter.When("two").ShouldBe(Ms);
        limiter.When("two").ShouldBe(2 * Ms);
        limiter.NumRequeues("two").ShouldBe(2);

        limiter.Forget("one");

        limiter.NumRequeues("one").ShouldBe(0);
        limiter.When("one").ShouldBe(Ms);
        for (var i = 0; i < 9; i++)
        {
            limiter.When("one");
        }
        limiter.When("one").ShouldBe(TimeSpan.FromSeconds(1)); // 2^10 ms > 1 s
    }

    [Fact]
    public void Exponential_Defaults_Are5msAnd1000s_AndNeverOverflow()
    {
        var limiter = new ItemExponentialFailureRateLimiter<string>();

        limiter.When("k").ShouldBe(5 * Ms);
        limiter.When("k").ShouldBe(10 * Ms);
        for (var i = 0; i < 2000; i++)
        {
            limiter.When("k").ShouldBeLessThanOrEqualTo(TimeSpan.FromSeconds(1000));
        }
        limiter.When("k").ShouldBe(TimeSpan.FromSeconds(1000));
    }

    [Fact]
    public void FastSlow_FastForMaxAttempts_ThenSlow()
    {
        var limiter = new ItemFastSlowRateLimiter<string>(5 * Ms, TimeSpan.FromSeconds(10), 3);

        limiter.When("a").ShouldBe(5 * Ms);
        limiter.When("a").ShouldBe(5 * Ms);
        limiter.When("a").ShouldBe(5 * Ms);
        limiter.When("a").ShouldBe(TimeSpan.FromSeconds(10));
        limiter.When("a").ShouldBe(TimeSpan.FromSeconds(10));
        limiter.NumRequeues("a").ShouldBe(5);
        limiter.When("b").ShouldBe(5 * Ms);

        limiter.Forget("a");

        limiter.NumRequeues("a").ShouldBe(0);
        limiter.When("a").ShouldBe(5 * Ms);
    }

    [Fact]
    public void Bucket_BurstIsFree_ThenTokensAreReservedAtTheRate()
    {
        var clock = new FakeTimeProvider();
        var limiter = new BucketRateLimiter<string>(10, 100, clock);

        for (var i = 0; i < 100; i++)
        {
            limiter.When("k" + i).ShouldBe(TimeSpan.Zero);
        }
        limiter.When("x").ShouldBe(TimeSpan.FromMilliseconds(100));
        limiter.When("y").ShouldBe(TimeSpan.FromMilliseconds(200));
        limiter.NumRequeues("x").ShouldBe(0);

        clock.Advance(TimeSpan.FromSeconds(1)); // 10 tokens back; 2 were owed

        for (var i = 0; i < 8; i++)
        {
            limiter.When("z").ShouldBe(TimeSpan.Zero);
        }
        limiter.When("z").ShouldBe(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Bucket_RefillsOnlyUpToTheBurst()
    {
        var clock = new FakeTimeProvider();
        var bucket = new TokenBucket(1, 3, clock);

        clock.Advance(TimeSpan.FromHours(1));

        bucket.TryTake().ShouldBeTrue();
        bucket.TryTake().ShouldBeTrue();
        bucket.TryTake().ShouldBeTrue();
        bucket.TryTake().ShouldBeFalse();
        clock.Advance(TimeSpan.FromMilliseconds(999));
        bucket.TryTake().ShouldBeFalse();
        clock.Advance(TimeSpan.FromMilliseconds(1));
        bucket.TryTake().ShouldBeTrue();
    }

    [Fact]
    public void DefaultController_IsTheLargerOfBackoffAndBucket()
    {
        var clock = new FakeTimeProvider();
        var limiter = RateLimiters.DefaultController<string>(clock);

        limiter.When("a").ShouldBe(5 * Ms);
        limiter.When("a").ShouldBe(10 * Ms);
        limiter.NumRequeues("a").ShouldBe(2);
        for (var i = 0; i < 98; i++)
        {
            limiter.When("key" + i).ShouldBe(5 * Ms);
        }
        // The bucket (burst 100) is empty now: 10 per second means 100 ms for the next, more than 5 ms.
        limiter.When("b").ShouldBe(TimeSpan.FromMilliseconds(100));

        limiter.Forget("a");

        limiter.NumRequeues("a").ShouldBe(0);
    }

    [Fact]
    public void RateLimitingQueue_AddRateLimited_WaitsTheLimitersDelay()
    {
        var clock = new FakeTimeProvider();
        using var queue = new RateLimitingQueue<string>(new ItemExponentialFailureRateLimiter<string>(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1)), clock);

        queue.AddRateLimited("a");
        queue.AddRateLimited("a");

        queue.NumRequeues("a").ShouldBe(2);
        queue.Len().ShouldBe(0);
        clock.Advance(TimeSpan.FromSeconds(1));
        queue.Len().ShouldBe(1); // the first (1 s) ready time won; the second (2 s) was later
        queue.Forget("a");
        queue.NumRequeues("a").ShouldBe(0);
    }
}
