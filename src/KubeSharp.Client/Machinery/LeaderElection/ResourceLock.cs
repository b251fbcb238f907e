namespace KubeSharp.Client.Machinery.LeaderElection;

/// <summary>
/// The leader election record (client-go's resourcelock.LeaderElectionRecord): what a lock object stores. A Lease
/// keeps it in its spec. Value equality: two reads of an unchanged lock compare equal.
/// </summary>
public sealed record LeaderElectionRecord
{
    /// <summary>Who holds the lock; "" once released.</summary>
    public string HolderIdentity { get; init; } = "";

    public int LeaseDurationSeconds { get; init; }

    public DateTimeOffset AcquireTime { get; init; }

    public DateTimeOffset RenewTime { get; init; }

    public int LeaderTransitions { get; init; }

    /// <summary>The coordinated leader election strategy (null when unset).</summary>
    public string? Strategy { get; init; }

    public string? PreferredHolder { get; init; }
}

/// <summary>
/// client-go's resourcelock.Interface: the object leader election competes for. Writes are optimistic: an update
/// made from a stale read fails (409 Conflict), so of two candidates racing for the lock exactly one wins.
/// </summary>
public interface IResourceLock
{
    /// <summary>This candidate's identity, written as the holder when it leads.</summary>
    string Identity { get; }

    /// <summary>The lock for messages, e.g. "kube-system/kube-controller-manager".</summary>
    string Describe();

    /// <summary>Reads the record; null when the lock object does not exist. Other failures throw.</summary>
    Task<LeaderElectionRecord?> GetAsync(CancellationToken cancellationToken);

    /// <summary>Creates the lock object with <paramref name="record"/>; throws when that fails (e.g. it exists).</summary>
    Task CreateAsync(LeaderElectionRecord record, CancellationToken cancellationToken);

    /// <summary>Writes <paramref name="record"/> over the object last read or written, failing (throwing) when the
    /// object changed since then.</summary>
    Task UpdateAsync(LeaderElectionRecord record, CancellationToken cancellationToken);

    /// <summary>Records a leader election event ("became leader", "stopped leading") about the lock object, when the
    /// lock has an event recorder; the default does nothing.</summary>
    void RecordEvent(string message)
    {
    }
}
