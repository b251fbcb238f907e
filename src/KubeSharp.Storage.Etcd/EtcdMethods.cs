using KubeSharp.Grpc;
using KubeSharp.Storage.Etcd.Protocol;

namespace KubeSharp.Storage.Etcd;

/// <summary>The etcd v3 gRPC methods KubeSharp calls, for use with <see cref="GrpcChannel"/>.</summary>
public static class EtcdMethods
{
    /// <summary><c>/etcdserverpb.KV/Range</c>.</summary>
    public static readonly GrpcMethod<Protocol.RangeRequest, RangeResponse> Range = new(GrpcMethodType.Unary, "etcdserverpb.KV", "Range", RangeResponse.Parser);

    /// <summary><c>/etcdserverpb.KV/Put</c>.</summary>
    public static readonly GrpcMethod<PutRequest, PutResponse> Put = new(GrpcMethodType.Unary, "etcdserverpb.KV", "Put", PutResponse.Parser);

    /// <summary><c>/etcdserverpb.KV/DeleteRange</c>.</summary>
    public static readonly GrpcMethod<DeleteRangeRequest, DeleteRangeResponse> DeleteRange = new(GrpcMethodType.Unary, "etcdserverpb.KV", "DeleteRange", DeleteRangeResponse.Parser);

    /// <summary><c>/etcdserverpb.KV/Txn</c>.</summary>
    public static readonly GrpcMethod<TxnRequest, TxnResponse> Txn = new(GrpcMethodType.Unary, "etcdserverpb.KV", "Txn", TxnResponse.Parser);

    /// <summary><c>/etcdserverpb.KV/Compact</c>.</summary>
    public static readonly GrpcMethod<CompactionRequest, CompactionResponse> Compact = new(GrpcMethodType.Unary, "etcdserverpb.KV", "Compact", CompactionResponse.Parser);

    /// <summary><c>/etcdserverpb.Watch/Watch</c> (bidirectional).</summary>
    public static readonly GrpcMethod<Protocol.WatchRequest, WatchResponse> Watch = new(GrpcMethodType.DuplexStreaming, "etcdserverpb.Watch", "Watch", WatchResponse.Parser);

    /// <summary><c>/etcdserverpb.Lease/LeaseGrant</c>.</summary>
    public static readonly GrpcMethod<LeaseGrantRequest, LeaseGrantResponse> LeaseGrant = new(GrpcMethodType.Unary, "etcdserverpb.Lease", "LeaseGrant", LeaseGrantResponse.Parser);

    /// <summary><c>/etcdserverpb.Lease/LeaseRevoke</c>.</summary>
    public static readonly GrpcMethod<LeaseRevokeRequest, LeaseRevokeResponse> LeaseRevoke = new(GrpcMethodType.Unary, "etcdserverpb.Lease", "LeaseRevoke", LeaseRevokeResponse.Parser);

    /// <summary><c>/etcdserverpb.Lease/LeaseTimeToLive</c>.</summary>
    public static readonly GrpcMethod<LeaseTimeToLiveRequest, LeaseTimeToLiveResponse> LeaseTimeToLive = new(GrpcMethodType.Unary, "etcdserverpb.Lease", "LeaseTimeToLive", LeaseTimeToLiveResponse.Parser);

    /// <summary><c>/etcdserverpb.Maintenance/Status</c>.</summary>
    public static readonly GrpcMethod<StatusRequest, StatusResponse> Status = new(GrpcMethodType.Unary, "etcdserverpb.Maintenance", "Status", StatusResponse.Parser);

    /// <summary><c>/etcdserverpb.Maintenance/Alarm</c>.</summary>
    public static readonly GrpcMethod<AlarmRequest, AlarmResponse> Alarm = new(GrpcMethodType.Unary, "etcdserverpb.Maintenance", "Alarm", AlarmResponse.Parser);
}
