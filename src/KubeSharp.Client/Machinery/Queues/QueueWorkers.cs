using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.Client.Machinery.Queues;

/// <summary>What a reconcile asks for besides success: to look at the key again after a while.</summary>
public readonly record struct ReconcileResult(TimeSpan? RequeueAfter)
{
    /// <summary>Done: the key's backoff is reset and it is not looked at again until it is added.</summary>
    public static ReconcileResult Done => default;

    /// <summary>Done for now, but look again after <paramref name="delay"/> (the backoff is reset).</summary>
    public static ReconcileResult After(TimeSpan delay) => new(delay);
}

/// <summary>
/// Runs workers over a rate-limited queue, the loop of every client-go controller (processNextWorkItem): take a key,
/// reconcile it; on success <see cref="IRateLimitingQueue{T}.Forget"/> it, on an exception log it and
/// <see cref="IRateLimitingQueue{T}.AddRateLimited"/> it; always <see cref="IWorkQueue{T}.Done"/>. Since the queue
/// never hands a key to two workers at once, a key is never reconciled twice at once.
/// </summary>
public static partial class QueueWorkers
{
    /// <summary>
    /// Runs <paramref name="workers"/> workers until <paramref name="cancellationToken"/> is cancelled or the queue is
    /// shut down. Cancellation shuts the queue down; the returned task ends when every worker has stopped (a running
    /// reconcile sees the cancelled token).
    /// </summary>
    public static Task RunAsync<T>(IRateLimitingQueue<T> queue, int workers, Func<T, CancellationToken, Task> reconcile,
        ILogger? logger = null, CancellationToken cancellationToken = default) where T : notnull
    {
        ArgumentNullException.ThrowIfNull(reconcile);
        return RunAsync(queue, workers, async (item, ct) =>
        {
            await reconcile(item, ct);
            return ReconcileResult.Done;
        }, logger, cancellationToken);
    }

    /// <summary>As the other overload, with a reconcile that may ask to look at the key again later.</summary>
    public static async Task RunAsync<T>(IRateLimitingQueue<T> queue, int workers, Func<T, CancellationToken, Task<ReconcileResult>> reconcile,
        ILogger? logger = null, CancellationToken cancellationToken = default) where T : notnull
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(reconcile);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(workers);
        logger ??= NullLogger.Instance;
        using var registration = cancellationToken.Register(static q => ((IWorkQueue<T>)q!).ShutDown(), queue);
        var tasks = new Task[workers];
        for (var i = 0; i < workers; i++)
        {
            tasks[i] = Task.Run(() => WorkerAsync(queue, reconcile, logger, cancellationToken), CancellationToken.None);
        }
        await Task.WhenAll(tasks);
    }

    /// <summary>Takes and reconciles one key; false once the queue is shut down and empty (or cancelled).</summary>
    public static async Task<bool> ProcessNextAsync<T>(IRateLimitingQueue<T> queue, Func<T, CancellationToken, Task<ReconcileResult>> reconcile,
        ILogger? logger = null, CancellationToken cancellationToken = default) where T : notnull
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(reconcile);
        var (item, shutdown) = await queue.GetAsync(CancellationToken.None);
        if (shutdown)
        {
            return false;
        }
        try
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return false;
            }
            var result = await reconcile(item, cancellationToken);
            queue.Forget(item);
            if (result.RequeueAfter is { } after)
            {
                queue.AddAfter(item, after);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
#pragma warning disable CA1031 // A failed reconcile is retried with backoff, whatever it threw.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogReconcileFailed(logger ?? NullLogger.Instance, e, item.ToString() ?? "", queue.NumRequeues(item));
            queue.AddRateLimited(item);
        }
        finally
        {
            queue.Done(item);
        }
        return true;
    }

    private static async Task WorkerAsync<T>(IRateLimitingQueue<T> queue, Func<T, CancellationToken, Task<ReconcileResult>> reconcile,
        ILogger logger, CancellationToken cancellationToken) where T : notnull
    {
        while (await ProcessNextAsync(queue, reconcile, logger, cancellationToken))
        {
        }
    }

    [LoggerMessage(1, LogLevel.Error, "reconcile of {Key} failed (requeued {Requeues} times before); retrying with backoff")]
    private static partial void LogReconcileFailed(ILogger logger, Exception exception, string key, int requeues);
}
