namespace KubeSharp.Controllers.Replication;

/// <summary>
/// Upstream's ControllerExpectations (with UIDTrackingControllerExpectations' per-pod deletion tracking): after a
/// controller asks for N creations or deletions it does not act on the key again until the informer has shown it those
/// N events (or 5 minutes pass), so a cache that lags behind the controller's own writes never causes double creates
/// or deletes.
/// </summary>
public sealed class ControllerExpectations
{
    /// <summary>After this long unmet expectations are considered stale and the controller acts again.</summary>
    public static readonly TimeSpan ExpectationsTimeout = TimeSpan.FromMinutes(5);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock;

    /// <summary>Creates the store.</summary>
    public ControllerExpectations(TimeProvider clock)
    {
        _clock = clock;
    }

    /// <summary>Whether the controller may act on <paramref name="key"/>: no expectations, all observed, or expired.</summary>
    public bool Satisfied(string key)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(key, out var entry))
            {
                return true;
            }
            return (entry.Adds <= 0 && entry.Deletes <= 0) || _clock.GetUtcNow() - entry.Timestamp > ExpectationsTimeout;
        }
    }

    /// <summary>Expects <paramref name="count"/> pod creations.</summary>
    public void ExpectCreations(string key, int count)
    {
        lock (_lock)
        {
            _entries[key] = new Entry { Adds = count, Timestamp = _clock.GetUtcNow() };
        }
    }

    /// <summary>Expects the deletion of the given pods (namespace/name keys).</summary>
    public void ExpectDeletions(string key, IEnumerable<string> podKeys)
    {
        lock (_lock)
        {
            var entry = new Entry { Timestamp = _clock.GetUtcNow() };
            foreach (var podKey in podKeys)
            {
                if (entry.DeleteKeys.Add(podKey))
                {
                    entry.Deletes++;
                }
            }
            _entries[key] = entry;
        }
    }

    /// <summary>Expects <paramref name="creations"/> pod creations and the deletion of the given pods together
    /// (upstream SetExpectations; the DaemonSet controller creates and deletes in one pass).</summary>
    public void Expect(string key, int creations, IEnumerable<string> deletionPodKeys)
    {
        ArgumentNullException.ThrowIfNull(deletionPodKeys);
        lock (_lock)
        {
            var entry = new Entry { Adds = creations, Timestamp = _clock.GetUtcNow() };
            foreach (var podKey in deletionPodKeys)
            {
                if (entry.DeleteKeys.Add(podKey))
                {
                    entry.Deletes++;
                }
            }
            _entries[key] = entry;
        }
    }

    /// <summary>One expected creation was seen (or will never happen: the create failed).</summary>
    public void CreationObserved(string key)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var entry))
            {
                entry.Adds--;
            }
        }
    }

    /// <summary>The deletion of <paramref name="podKey"/> was seen (counted once however often it is reported).</summary>
    public void DeletionObserved(string key, string podKey)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var entry) && entry.DeleteKeys.Remove(podKey))
            {
                entry.Deletes--;
            }
        }
    }

    /// <summary>Forgets the key (its controller is gone).</summary>
    public void Delete(string key)
    {
        lock (_lock)
        {
            _entries.Remove(key);
        }
    }

    private sealed class Entry
    {
        public int Adds { get; set; }

        public int Deletes { get; set; }

        public DateTimeOffset Timestamp { get; init; }

        public HashSet<string> DeleteKeys { get; } = new(StringComparer.Ordinal);
    }
}
