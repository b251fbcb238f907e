using KubeSharp.Scheduler.Framework;

namespace KubeSharp.Scheduler.Tests;

public class ParallelizerTests
{
    [Theory]
    [InlineData(1, 10, true)]
    [InlineData(2, 5000, true)]
    [InlineData(16, 777, true)]
    [InlineData(2, 5000, false)]
    [InlineData(16, 777, false)]
    public void Until_RunsEveryPieceExactlyOnce(int parallelism, int pieces, bool sequentialWhenPoolBusy)
    {
        var counts = new int[pieces];
        new Parallelizer(parallelism) { SequentialWhenPoolBusy = sequentialWhenPoolBusy }.Until(pieces, i => Interlocked.Increment(ref counts[i]));
        counts.ShouldAllBe(c => c == 1);
    }

    [Fact]
    public void Until_ReusedWorkAcrossManyCalls_NeverRunsAPieceOfAnEarlierCall()
    {
        // The filter loop reuses one work delegate: a helper of an earlier call must not run pieces once that call
        // returned (it would run them against the next call's state).
        var parallelizer = new Parallelizer(2) { SequentialWhenPoolBusy = false };
        var round = 0;
        var wrong = 0;
        var counts = new int[300];
        void Work(int i)
        {
            if (Volatile.Read(ref round) != counts.Length)
            {
                Interlocked.Increment(ref wrong);
            }

            Interlocked.Increment(ref counts[i]);
        }

        for (var r = 0; r < 500; r++)
        {
            Array.Clear(counts);
            Volatile.Write(ref round, counts.Length);
            var stop = new StopFlag();
            parallelizer.Until(counts.Length, i =>
            {
                Work(i);
                if (i == 10 && r % 2 == 0)
                {
                    stop.Stop();
                }
            }, stop);
            Volatile.Write(ref round, -1);
            if (r % 2 == 1)
            {
                counts.ShouldAllBe(c => c == 1);
            }
        }

        wrong.ShouldBe(0);
    }

    [Fact]
    public void Until_StopsWhenAsked()
    {
        var stop = new StopFlag();
        var done = 0;
        new Parallelizer(2) { SequentialWhenPoolBusy = false }.Until(100_000, i =>
        {
            if (Interlocked.Increment(ref done) == 50)
            {
                stop.Stop();
            }
        }, stop);
        done.ShouldBeLessThan(100_000);
    }

    [Fact]
    public void Until_PropagatesExceptions() =>
        Should.Throw<InvalidOperationException>(() => new Parallelizer(2) { SequentialWhenPoolBusy = false }.Until(1000, i =>
        {
            if (i == 500)
            {
                throw new InvalidOperationException("boom");
            }
        }));

    [Theory]
    [InlineData(5000, 16, 70)]
    [InlineData(100, 16, 7)]
    [InlineData(10, 16, 1)]
    public void ChunkSize_IsUpstreams(int n, int parallelism, int expected) => Parallelizer.ChunkSizeFor(n, parallelism).ShouldBe(expected);
}
