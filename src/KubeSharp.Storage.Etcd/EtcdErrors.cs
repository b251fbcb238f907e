using KubeSharp.Grpc;

namespace KubeSharp.Storage.Etcd;

/// <summary>etcd's gRPC errors as <see cref="StorageException"/>s. etcd reports its errors by message text
/// (<c>etcdserver: mvcc: required revision has been compacted</c>, ...) under a gRPC status code.</summary>
internal static class EtcdErrors
{
    public const string Compacted = "required revision has been compacted";
    public const string FutureRevision = "required revision is a future revision";
    public const string RequestTooLarge = "request is too large";
    public const string EmptyKey = "key is not provided";
    public const string LeaseNotFound = "requested lease not found";

    public static bool IsCompacted(GrpcCallException e) => e.Status.Detail.Contains(Compacted, StringComparison.Ordinal);

    public static bool IsFutureRevision(GrpcCallException e) => e.Status.Detail.Contains(FutureRevision, StringComparison.Ordinal);

    public static bool IsLeaseNotFound(GrpcCallException e) => e.Status.Detail.Contains(LeaseNotFound, StringComparison.Ordinal);

    /// <summary>The storage error for a failed etcd call (compacted errors get their revision from the caller).</summary>
    public static StorageException ToStorageException(GrpcCallException e, long compactRevision = 0)
    {
        var detail = e.Status.Detail;
        if (IsCompacted(e))
        {
            return new StorageException(StorageErrorCode.Compacted, $"etcd: {detail}", e) { CompactRevision = compactRevision };
        }
        if (IsFutureRevision(e))
        {
            return new StorageException(StorageErrorCode.FutureRevision, $"etcd: {detail}", e);
        }
        if (detail.Contains(RequestTooLarge, StringComparison.Ordinal)
            || (e.StatusCode == GrpcStatusCode.ResourceExhausted && detail.Contains("larger than max", StringComparison.Ordinal)))
        {
            return new StorageException(StorageErrorCode.ValueTooLarge, $"etcd refused the request as too large (raise its --max-request-bytes above {StorageLimits.MaxValueBytes} plus overhead): {detail}", e);
        }
        if (detail.Contains(EmptyKey, StringComparison.Ordinal))
        {
            return new StorageException(StorageErrorCode.InvalidKey, $"etcd: {detail}", e);
        }
        return new StorageException(StorageErrorCode.Unavailable, $"etcd call failed: {e.Status}", e);
    }
}
