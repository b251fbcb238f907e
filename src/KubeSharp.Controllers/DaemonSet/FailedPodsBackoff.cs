namespace KubeSharp.Controllers.DaemonSet;

/// <summary>
/// client-go's flowcontrol.Backoff as the DaemonSet controller uses it for failed pods (1 s doubling to 15 min per
/// DaemonSet, generation and node): a failed pod is deleted only when its key is not in backoff since the last
/// deletion, so a kubelet that keeps rejecting a pod is not fought in a hot loop.
/// </summary>
public sealed class FailedPodsBackoff
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (TimeSpan Backoff, DateTimeOffset LastUpdate)> _entries = new(StringComparer.Ordinal);

    /// <summary>Creates the backoff.</summary>
    public FailedPodsBackoff(TimeSpan initial, TimeSpan max)
    {
        Initial = initial;
        Max = max;
    }

    /// <summary>The first delay.</summary>
    public TimeSpan Initial { get; }

    /// <summary>The longest delay.</summary>
    public TimeSpan Max { get; }

    /// <summary>The key for a DaemonSet generation and node (upstream's failedPodsBackoffKey).</summary>
    public static string Key(string dsUid, long observedGeneration, string nodeName) => dsUid + "/" + observedGeneration + "/" + nodeName;

    /// <summary>The current delay of <paramref name="key"/> (zero when unknown).</summary>
    public TimeSpan Get(string key)
    {
        lock (_lock)
        {
            return _entries.TryGetValue(key, out var entry) ? entry.Backoff : TimeSpan.Zero;
        }
    }

    /// <summary>Whether less than the current delay has passed since the last <see cref="Next"/> (IsInBackOffSinceUpdate).</summary>
    public bool IsInBackOffSinceUpdate(string key, DateTimeOffset now)
    {
        lock (_lock)
        {
            return _entries.TryGetValue(key, out var entry) && !HasExpired(entry, now) && now - entry.LastUpdate < entry.Backoff;
        }
    }

    /// <summary>Starts or doubles the delay of <paramref name="key"/> (capped at <see cref="Max"/>).</summary>
    public void Next(string key, DateTimeOffset now)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(key, out var entry) || HasExpired(entry, now))
            {
                _entries[key] = (Initial, now);
                return;
            }
            var doubled = entry.Backoff * 2;
            _entries[key] = (doubled > Max ? Max : doubled, now);
        }
    }

    /// <summary>Drops entries unused for twice <see cref="Max"/> (upstream runs this every minute).</summary>
    public void GC(DateTimeOffset now)
    {
        lock (_lock)
        {
            foreach (var key in _entries.Where(e => HasExpired(e.Value, now)).Select(e => e.Key).ToList())
            {
                _entries.Remove(key);
            }
        }
    }

    private bool HasExpired((TimeSpan Backoff, DateTimeOffset LastUpdate) entry, DateTimeOffset now) => now - entry.LastUpdate > 2 * Max;
}
