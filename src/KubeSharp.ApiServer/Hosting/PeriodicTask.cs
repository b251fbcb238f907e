namespace KubeSharp.ApiServer.Hosting;

/// <summary>Runs a piece of upkeep every interval until cancelled (upstream's wait.Until): a failed run is reported
/// and tried again at the next tick, never in a tight loop.</summary>
public static class PeriodicTask
{
    public static async Task RunAsync(TimeSpan interval, TimeProvider time, Func<CancellationToken, Task> work, Action<Exception>? onFailure,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    await work(cancellationToken);
                }
#pragma warning disable CA1031 // Upkeep must survive any one failure: it is reported and retried next tick.
                catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
                {
                    onFailure?.Invoke(e);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
