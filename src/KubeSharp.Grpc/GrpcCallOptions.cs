namespace KubeSharp.Grpc;

/// <summary>Per-call settings.</summary>
/// <param name="Timeout">The call's deadline, relative to its start; sent as <c>grpc-timeout</c> and enforced
/// locally (the call fails with <see cref="GrpcStatusCode.DeadlineExceeded"/>). Null: no deadline beyond
/// <see cref="GrpcChannelOptions.DefaultTimeout"/>.</param>
/// <param name="Headers">Extra request metadata (lower-case ASCII names, e.g. etcd's <c>token</c>).</param>
public sealed record GrpcCallOptions(TimeSpan? Timeout = null, IReadOnlyList<KeyValuePair<string, string>>? Headers = null)
{
    /// <summary>No deadline and no extra metadata.</summary>
    public static GrpcCallOptions Default { get; } = new();
}
