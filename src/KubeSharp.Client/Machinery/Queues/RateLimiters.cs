namespace KubeSharp.Client.Machinery.Queues;

/// <summary>client-go's workqueue.RateLimiter: how long a key waits before its next retry. Implementations are
/// thread-safe.</summary>
public interface IRateLimiter<T> where T : notnull
{
    /// <summary>The delay before <paramref name="item"/> is retried; counts one more failure for it.</summary>
    TimeSpan When(T item);

    /// <summary>Stops tracking <paramref name="item"/> (it succeeded): its failures are reset.</summary>
    void Forget(T item);

    /// <summary>How many times <paramref name="item"/> has been requeued (failed) since it was last forgotten.</summary>
    int NumRequeues(T item);
}

/// <summary>The rate limiters client-go's controllers use.</summary>
public static class RateLimiters
{
    /// <summary>client-go's DefaultControllerRateLimiter: the larger of a per-key exponential backoff (5 ms doubling
    /// up to 1000 s) and an overall token bucket (10 per second, burst 100).</summary>
    public static IRateLimiter<T> DefaultController<T>(TimeProvider? clock = null) where T : notnull
        => new MaxOfRateLimiter<T>(
            new ItemExponentialFailureRateLimiter<T>(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1000)),
            new BucketRateLimiter<T>(10, 100, clock));
}

/// <summary>
/// Per-key exponential backoff (client-go's ItemExponentialFailureRateLimiter): the n-th failure in a row waits
/// baseDelay * 2^(n-1), capped at maxDelay.
/// </summary>
public sealed class ItemExponentialFailureRateLimiter<T> : IRateLimiter<T> where T : notnull
{
    private readonly Lock _lock = new();
    private readonly Dictionary<T, int> _failures;
    private readonly TimeSpan _baseDelay;
    private readonly TimeSpan _maxDelay;

    public ItemExponentialFailureRateLimiter(TimeSpan baseDelay, TimeSpan maxDelay, IEqualityComparer<T>? comparer = null)
    {
        _baseDelay = baseDelay;
        _maxDelay = maxDelay;
        _failures = new Dictionary<T, int>(comparer);
    }

    /// <summary>The defaults: 5 ms base, 1000 s cap.</summary>
    public ItemExponentialFailureRateLimiter() : this(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1000))
    {
    }

    public TimeSpan When(T item)
    {
        int exponent;
        lock (_lock)
        {
            _failures.TryGetValue(item, out exponent);
            _failures[item] = exponent == int.MaxValue ? exponent : exponent + 1;
        }
        var ticks = _baseDelay.Ticks * Math.Pow(2, exponent);
        return ticks >= _maxDelay.Ticks || double.IsInfinity(ticks) ? _maxDelay : TimeSpan.FromTicks((long)ticks);
    }

    public void Forget(T item)
    {
        lock (_lock)
        {
            _failures.Remove(item);
        }
    }

    public int NumRequeues(T item)
    {
        lock (_lock)
        {
            return _failures.GetValueOrDefault(item);
        }
    }
}

/// <summary>
/// Fast, then slow (client-go's ItemFastSlowRateLimiter): the first maxFastAttempts failures of a key wait fastDelay,
/// later ones slowDelay.
/// </summary>
public sealed class ItemFastSlowRateLimiter<T> : IRateLimiter<T> where T : notnull
{
    private readonly Lock _lock = new();
    private readonly Dictionary<T, int> _failures;
    private readonly TimeSpan _fastDelay;
    private readonly TimeSpan _slowDelay;
    private readonly int _maxFastAttempts;

    public ItemFastSlowRateLimiter(TimeSpan fastDelay, TimeSpan slowDelay, int maxFastAttempts, IEqualityComparer<T>? comparer = null)
    {
        _fastDelay = fastDelay;
        _slowDelay = slowDelay;
        _maxFastAttempts = maxFastAttempts;
        _failures = new Dictionary<T, int>(comparer);
    }

    public TimeSpan When(T item)
    {
        lock (_lock)
        {
            var failures = _failures.GetValueOrDefault(item) + 1;
            _failures[item] = failures;
            return failures <= _maxFastAttempts ? _fastDelay : _slowDelay;
        }
    }

    public void Forget(T item)
    {
        lock (_lock)
        {
            _failures.Remove(item);
        }
    }

    public int NumRequeues(T item)
    {
        lock (_lock)
        {
            return _failures.GetValueOrDefault(item);
        }
    }
}

/// <summary>
/// An overall token bucket (client-go's BucketRateLimiter over golang.org/x/time/rate): the bucket holds up to
/// burst tokens, refilled at qps per second; each retry takes a token, and when none is left it reserves a future one
/// and waits for it. Keys are not tracked: <see cref="Forget"/> does nothing and <see cref="NumRequeues"/> is 0.
/// </summary>
public sealed class BucketRateLimiter<T> : IRateLimiter<T> where T : notnull
{
    private readonly TokenBucket _bucket;

    public BucketRateLimiter(double qps, int burst, TimeProvider? clock = null) => _bucket = new TokenBucket(qps, burst, clock);

    /// <summary>The defaults: 10 per second, burst 100.</summary>
    public BucketRateLimiter() : this(10, 100)
    {
    }

    public TimeSpan When(T item) => _bucket.Reserve();

    public void Forget(T item)
    {
    }

    public int NumRequeues(T item) => 0;
}

/// <summary>The largest delay of several limiters (client-go's MaxOfRateLimiter); forgetting forgets in all.</summary>
public sealed class MaxOfRateLimiter<T> : IRateLimiter<T> where T : notnull
{
    private readonly IRateLimiter<T>[] _limiters;

    public MaxOfRateLimiter(params IRateLimiter<T>[] limiters)
    {
        ArgumentNullException.ThrowIfNull(limiters);
        _limiters = limiters;
    }

    public TimeSpan When(T item)
    {
        var max = TimeSpan.Zero;
        foreach (var limiter in _limiters)
        {
            var delay = limiter.When(item);
            if (delay > max)
            {
                max = delay;
            }
        }
        return max;
    }

    public void Forget(T item)
    {
        foreach (var limiter in _limiters)
        {
            limiter.Forget(item);
        }
    }

    public int NumRequeues(T item)
    {
        var max = 0;
        foreach (var limiter in _limiters)
        {
            max = Math.Max(max, limiter.NumRequeues(item));
        }
        return max;
    }
}

/// <summary>
/// golang.org/x/time/rate's Limiter as far as reservations go: starts full (burst tokens), refills at rate tokens per
/// second up to burst; a reservation takes one token now, letting the count go negative, and answers how long until
/// that token exists.
/// </summary>
public sealed class TokenBucket
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _clock;
    private readonly double _rate;
    private readonly int _burst;
    private double _tokens;
    private DateTimeOffset _last;

    public TokenBucket(double rate, int burst, TimeProvider? clock = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rate);
        ArgumentOutOfRangeException.ThrowIfNegative(burst);
        _clock = clock ?? TimeProvider.System;
        _rate = rate;
        _burst = burst;
        _tokens = burst;
        _last = _clock.GetUtcNow();
    }

    /// <summary>Takes a token; the answer is how long to wait before using it (zero when one was there).</summary>
    public TimeSpan Reserve()
    {
        lock (_lock)
        {
            var tokens = AdvanceLocked();
            tokens -= 1;
            _tokens = tokens;
            return tokens < 0 ? TimeSpan.FromSeconds(-tokens / _rate) : TimeSpan.Zero;
        }
    }

    /// <summary>Takes a token if one is there now (x/time/rate's Allow).</summary>
    public bool TryTake()
    {
        lock (_lock)
        {
            var tokens = AdvanceLocked();
            if (tokens < 1)
            {
                _tokens = tokens;
                return false;
            }
            _tokens = tokens - 1;
            return true;
        }
    }

    private double AdvanceLocked()
    {
        var now = _clock.GetUtcNow();
        var elapsed = now > _last ? now - _last : TimeSpan.Zero;
        _last = now > _last ? now : _last;
        return Math.Min(_burst, _tokens + (elapsed.TotalSeconds * _rate));
    }
}
