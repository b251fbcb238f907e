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

    /// <summary>Runs the pieces on the calling thread when the thread pool has work queued (default true).</summary>
    public bool SequentialWhenPoolBusy { get; init; } = true;

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

        // Sequential when there is nothing to split, and when the thread pool already has queued work: a helper
        // would start only after that work (the caller is done by then), and if it did start it would only take a
        // core from work of the same process. The result is the same either way (the pieces are independent).
        if (workers <= 1 || pieces < 16 || (SequentialWhenPoolBusy && ThreadPool.PendingWorkItemCount > 0))
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

        // The caller works through the chunks itself; helpers queued to the thread pool join if they get a CPU in
        // time. The caller waits only for helpers that actually started, so a loaded machine degrades to the
        // sequential loop instead of waiting for a worker thread to be scheduled.
        var run = new Run(pieces, chunk, chunks, work, stop);
        for (var i = 1; i < workers; i++)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static r => r.Help(), run, preferLocal: false);
        }

        try
        {
            run.Work();
        }
        catch (Exception e)
        {
            run.Fail(e);
        }

        // Waits for the helpers that started and rethrows the first failure.
        run.Close();
    }

    private sealed class Run(int pieces, int chunk, int chunks, Action<int> work, StopFlag? stop)
    {
        private int _next = -1;
        private int _active;
        private int _closed;
        private Exception? _error;

        public void Help()
        {
            Interlocked.Increment(ref _active);
            try
            {
                if (Volatile.Read(ref _closed) == 0)
                {
                    Work();
                }
            }
            catch (Exception e)
            {
                Fail(e);
            }
            finally
            {
                Interlocked.Decrement(ref _active);
            }
        }

        public void Fail(Exception e) => Interlocked.CompareExchange(ref _error, e, null);

        public void Work()
        {
            while (true)
            {
                var c = Interlocked.Increment(ref _next);
                if (c >= chunks || Volatile.Read(ref _error) is not null)
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
        }

        public void Close()
        {
            // A full fence (not a release write): a helper increments _active and then reads _closed, this reads
            // _active after setting _closed, so either the helper sees the close or this waits for the helper. A late
            // helper must never run pieces once the caller has returned (the work delegate may be reused).
            Interlocked.Exchange(ref _closed, 1);
            var spin = default(SpinWait);
            while (Volatile.Read(ref _active) != 0)
            {
                spin.SpinOnce();
            }

            if (_error is { } e)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e);
            }
        }
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
