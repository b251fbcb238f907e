using KubeSharp.Scheduler.Framework;

namespace KubeSharp.Scheduler.Tests;

public class ParallelizerTests
{
    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 5000)]
    [InlineData(16, 777)]
    public void Until_RunsEveryPieceExactlyOnce(int parallelism, int pieces)
    {
        var counts = new int[pieces];
        new Parallelizer(parallelism).Until(pieces, i => Interlocked.Increment(ref counts[i]));
        counts.ShouldAllBe(c => c == 1);
    }

    [Fact]
    public void Until_StopsWhenAsked()
    {
        var stop = new StopFlag();
        var done = 0;
        new Parallelizer(2).Until(100_000, i =>
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
        Should.Throw<InvalidOperationException>(() => new Parallelizer(2).Until(1000, i =>
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
