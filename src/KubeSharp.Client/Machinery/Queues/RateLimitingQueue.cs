namespace KubeSharp.Client.Machinery.Queues;

// client-go's names: these types are queues (CA1711 reserves the suffix for System.Collections.Queue subclasses).
#pragma warning disable CA1711

/// <summary>client-go's workqueue.RateLimitingInterface: a delaying queue that retries keys with backoff.</summary>
public interface IRateLimitingQueue<T> : IDelayingQueue<T> where T : notnull
{
    /// <summary>Adds <paramref name="item"/> after the delay its rate limiter gives (one more failure for it).</summary>
    void AddRateLimited(T item);

    /// <summary>The key succeeded: its backoff is reset. (It does not remove the key from the queue.)</summary>
    void Forget(T item);

    /// <summary>How many times the key was rate-limited since it was last forgotten.</summary>
    int NumRequeues(T item);
}

/// <summary>The rate-limited queue (client-go's rate_limiting_queue.go).</summary>
public class RateLimitingQueue<T> : DelayingQueue<T>, IRateLimitingQueue<T> where T : notnull
{
    private readonly IRateLimiter<T> _rateLimiter;

    /// <param name="rateLimiter">Null: <see cref="RateLimiters.DefaultController{T}"/> on the same clock.</param>
    /// <param name="clock">The clock of the delays (and of the default limiter's bucket).</param>
    /// <param name="comparer">Key equality.</param>
    public RateLimitingQueue(IRateLimiter<T>? rateLimiter = null, TimeProvider? clock = null, IEqualityComparer<T>? comparer = null)
        : base(clock, comparer)
        => _rateLimiter = rateLimiter ?? RateLimiters.DefaultController<T>(clock);

    public void AddRateLimited(T item) => AddAfter(item, _rateLimiter.When(item));

    public void Forget(T item) => _rateLimiter.Forget(item);

    public int NumRequeues(T item) => _rateLimiter.NumRequeues(item);
}
