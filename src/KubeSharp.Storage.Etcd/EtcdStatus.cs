namespace KubeSharp.Storage.Etcd;

/// <summary>What an etcd member reports about itself (Maintenance/Status).</summary>
/// <param name="Endpoint">The endpoint that answered.</param>
/// <param name="Version">The etcd server version, e.g. "3.4.23".</param>
/// <param name="ClusterId">The cluster id.</param>
/// <param name="MemberId">The answering member's id.</param>
/// <param name="Leader">The member id this member believes is the leader (0: none).</param>
/// <param name="Revision">The key/value store revision.</param>
/// <param name="DbSize">Backend database size allocated on disk, in bytes.</param>
/// <param name="DbSizeInUse">Backend database size logically in use, in bytes.</param>
/// <param name="RaftIndex">The raft committed index.</param>
/// <param name="RaftAppliedIndex">The raft applied index.</param>
/// <param name="RaftTerm">The raft term.</param>
/// <param name="IsLearner">Whether the member is a non-voting learner.</param>
/// <param name="Errors">Alarms and health errors (e.g. "NOSPACE"), empty when healthy.</param>
public sealed record EtcdStatus(
    Uri Endpoint,
    string Version,
    ulong ClusterId,
    ulong MemberId,
    ulong Leader,
    long Revision,
    long DbSize,
    long DbSizeInUse,
    ulong RaftIndex,
    ulong RaftAppliedIndex,
    ulong RaftTerm,
    bool IsLearner,
    IReadOnlyList<string> Errors);
