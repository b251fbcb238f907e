using KubeSharp.Api;
using KubeSharp.Api.Coordination.V1;
using KubeSharp.Client.Machinery.Events;

namespace KubeSharp.Client.Machinery.LeaderElection;

/// <summary>
/// A coordination.k8s.io/v1 Lease as the lock (client-go's resourcelock.LeaseLock). Updates replace the Lease last
/// read or written (PUT with its resourceVersion), so a stale candidate's write is a 409 Conflict.
/// </summary>
public sealed class LeaseLock : IResourceLock
{
    private readonly ResourceClient<Lease> _leases;
    private readonly string _namespace;
    private readonly string _name;
    private readonly IEventRecorder? _events;
    private readonly IReadOnlyDictionary<string, string>? _labels;
    private readonly Lock _lock = new();
    private Lease? _lease;

    /// <param name="client">The client (its identity needs get, create and update on leases).</param>
    /// <param name="namespace">The Lease's namespace.</param>
    /// <param name="name">The Lease's name.</param>
    /// <param name="identity">This candidate's identity (see <see cref="LeaderElector.NewIdentity"/>).</param>
    /// <param name="events">Records "became leader" / "stopped leading" events on the Lease, when given.</param>
    /// <param name="labels">Labels for the Lease when this candidate creates it.</param>
    public LeaseLock(KubernetesClient client, string @namespace, string name, string identity, IEventRecorder? events = null, IReadOnlyDictionary<string, string>? labels = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(@namespace);
        ArgumentException.ThrowIfNullOrEmpty(name);
        _leases = client.Resource<Lease>(@namespace);
        _namespace = @namespace;
        _name = name;
        Identity = identity ?? "";
        _events = events;
        _labels = labels;
    }

    public string Identity { get; }

    public string Describe() => _namespace + "/" + _name;

    public async Task<LeaderElectionRecord?> GetAsync(CancellationToken cancellationToken)
    {
        var lease = await _leases.TryGetAsync(_name, cancellationToken);
        if (lease is null)
        {
            return null;
        }
        lock (_lock)
        {
            _lease = lease;
        }
        return ToRecord(lease.Spec);
    }

    public async Task CreateAsync(LeaderElectionRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var lease = new Lease
        {
            Metadata = new()
            {
                Name = _name,
                Namespace = _namespace,
                Labels = _labels is null ? null : new Dictionary<string, string>(_labels),
            },
            Spec = ToSpec(record),
        };
        var created = await _leases.CreateAsync(lease, cancellationToken: cancellationToken);
        lock (_lock)
        {
            _lease = created;
        }
    }

    public async Task UpdateAsync(LeaderElectionRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        Lease lease;
        lock (_lock)
        {
            lease = _lease?.DeepCopy() ?? throw new InvalidOperationException("lease not initialized, call get or create first");
        }
        lease.Spec = ToSpec(record);
        var updated = await _leases.UpdateAsync(lease, cancellationToken: cancellationToken);
        lock (_lock)
        {
            _lease = updated;
        }
    }

    public void RecordEvent(string message)
    {
        if (_events is null)
        {
            return;
        }
        Lease subject;
        lock (_lock)
        {
            subject = new Lease
            {
                Kind = Lease.KubeKind,
                ApiVersion = Lease.KubeApiVersion,
                Metadata = _lease?.Metadata.DeepCopy() ?? new() { Name = _name, Namespace = _namespace },
            };
        }
        _events.Event(subject, EventTypes.Normal, "LeaderElection", Identity + " " + message);
    }

    /// <summary>client-go's LeaseSpecToLeaderElectionRecord.</summary>
    public static LeaderElectionRecord ToRecord(LeaseSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new LeaderElectionRecord
        {
            HolderIdentity = spec.HolderIdentity ?? "",
            LeaseDurationSeconds = spec.LeaseDurationSeconds ?? 0,
            AcquireTime = spec.AcquireTime is { IsZero: false } acquire ? acquire.ToDateTimeOffset() : default,
            RenewTime = spec.RenewTime is { IsZero: false } renew ? renew.ToDateTimeOffset() : default,
            LeaderTransitions = spec.LeaseTransitions ?? 0,
            Strategy = spec.Strategy,
            PreferredHolder = spec.PreferredHolder,
        };
    }

    /// <summary>client-go's LeaderElectionRecordToLeaseSpec.</summary>
    public static LeaseSpec ToSpec(LeaderElectionRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new LeaseSpec
        {
            HolderIdentity = record.HolderIdentity,
            LeaseDurationSeconds = record.LeaseDurationSeconds,
            AcquireTime = MicroTime.FromDateTimeOffset(record.AcquireTime),
            RenewTime = MicroTime.FromDateTimeOffset(record.RenewTime),
            LeaseTransitions = record.LeaderTransitions,
            Strategy = string.IsNullOrEmpty(record.Strategy) ? null : record.Strategy,
            PreferredHolder = string.IsNullOrEmpty(record.PreferredHolder) ? null : record.PreferredHolder,
        };
    }
}
