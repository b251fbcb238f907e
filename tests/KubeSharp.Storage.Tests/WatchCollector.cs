namespace KubeSharp.Storage.Tests;

/// <summary>
/// Runs a watch in the background and records what it yields, so tests can wait (with a timeout, polling)
/// for the events they expect without fixed sleeps.
/// </summary>
public sealed class WatchCollector : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly List<WatchEvent> _events = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _pump;
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public WatchCollector(IKeyValueStore store, WatchRequest request)
    {
        _pump = Task.Run(async () =>
        {
            try
            {
                var enumerator = store.WatchAsync(request, _stop.Token).GetAsyncEnumerator(_stop.Token);
                await using (enumerator.ConfigureAwait(false))
                {
                    var moving = enumerator.MoveNextAsync();
                    _started.TrySetResult();
                    while (await moving)
                    {
                        lock (_lock)
                        {
                            _events.Add(enumerator.Current);
                        }
                        moving = enumerator.MoveNextAsync();
                    }
                }
                Ended = true;
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
            }
#pragma warning disable CA1031 // recorded for the test to assert on
            catch (Exception exception)
#pragma warning restore CA1031
            {
                Error = exception;
                Ended = true;
            }
            finally
            {
                _started.TrySetResult();
            }
        });
    }

    /// <summary>The stream ended by itself (after a Compacted event, an error, or store disposal).</summary>
    public bool Ended { get; private set; }

    /// <summary>The exception the stream ended with, if any.</summary>
    public Exception? Error { get; private set; }

    public IReadOnlyList<WatchEvent> Events
    {
        get
        {
            lock (_lock)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>Completes once the watch's first MoveNextAsync has been called.</summary>
    public Task Started => _started.Task;

    /// <summary>Polls until <paramref name="condition"/> holds on the events so far; fails the test on timeout.</summary>
    public async Task<IReadOnlyList<WatchEvent>> WaitForAsync(Func<IReadOnlyList<WatchEvent>, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var events = Events;
            if (condition(events))
            {
                return events;
            }
            if (Ended || DateTime.UtcNow > deadline)
            {
                throw new ShouldAssertException(
                    $"watch: timed out or ended waiting for {what}; ended={Ended}, error={Error?.Message}, got {events.Count} events: "
                    + string.Join(", ", events.Select(e => $"{e.Type}@{e.Revision}:{e.Kv?.Key}")));
            }
            await Task.Delay(10);
        }
    }

    /// <summary>Polls until the stream has ended by itself.</summary>
    public async Task WaitForEndAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Ended)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new ShouldAssertException($"watch did not end; got {Events.Count} events");
            }
            await Task.Delay(10);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _pump;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }
}
