namespace KubeSharp.Scheduler.Framework;

/// <summary>
/// Runs work over pieces with bounded parallelism in chunks (upstream's <c>parallelize.Parallelizer</c>, chunk size
/// min(sqrt(n), n/parallelism+1)), stopping early when asked.
/// </summary>
public sealed class Parallelizer
{
    /// <summary>Creates a parallelizer.</summary>
    public Parallelizer(int parallelism) => Parallelism = Math.Max(1, Math.Min(parallelism, Environment.ProcessorCount));

    /// <summary>The number of workers used at most (the configured parallelism, capped at the processor count).</summary>
    public int Parallelism { get; }

    /// <summary>Upstream's chunk size.</summary>
    public static int ChunkSizeFor(int n, int parallelism)
    {
        var s = (int)Math.Sqrt(n);
        var r = (n / Math.Max(1, parallelism)) + 1;
        if (s > r)
        {
            s = r;
        }

        return Math.Max(1, s);
    }

    /// <summary>Runs <paramref name="work"/> for 0..pieces-1 until done or <paramref name="stop"/> is set.</summary>
    public void Until(int pieces, Action<int> work, StopFlag? stop = null)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (pieces <= 0)
        {
            return;
        }

        var chunk = ChunkSizeFor(pieces, Parallelism);
        var chunks = (pieces + chunk - 1) / chunk;
        var workers = Math.Min(Parallelism, chunks);
        if (workers <= 1 || pieces < 16)
        {
            for (var i = 0; i < pieces; i++)
            {
                if (stop is { IsStopped: true })
                {
                    return;
                }

                work(i);
            }

            return;
        }

        var next = -1;
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, _ =>
        {
            while (true)
            {
                var c = Interlocked.Increment(ref next);
                if (c >= chunks)
                {
                    return;
                }

                var end = Math.Min(pieces, (c + 1) * chunk);
                for (var i = c * chunk; i < end; i++)
                {
                    if (stop is { IsStopped: true })
                    {
                        return;
                    }

                    work(i);
                }
            }
        });
    }
}

/// <summary>A cancellation flag cheaper than a CancellationTokenSource for the filter loop.</summary>
public sealed class StopFlag
{
    private volatile bool _stopped;

    /// <summary>Whether the work should stop.</summary>
    public bool IsStopped => _stopped;

    /// <summary>Asks the work to stop.</summary>
    public void Stop() => _stopped = true;
}
