namespace KubeSharp.Grpc;

/// <summary>A gRPC call ended with a status other than OK: sent by the server, or decided by the client
/// (deadline, connection failure, malformed response). Caller cancellation is reported as
/// <see cref="OperationCanceledException"/> instead.</summary>
public sealed class GrpcCallException : Exception
{
    public GrpcCallException() : this(new GrpcStatus(GrpcStatusCode.Unknown, "")) { }

    public GrpcCallException(string message) : this(new GrpcStatus(GrpcStatusCode.Unknown, message)) { }

    public GrpcCallException(string message, Exception inner) : this(new GrpcStatus(GrpcStatusCode.Unknown, message), inner) { }

    /// <summary>A failed call with <paramref name="status"/> and, when known, its trailers.</summary>
    public GrpcCallException(GrpcStatus status, Exception? inner = null, IReadOnlyList<KeyValuePair<string, string>>? trailers = null)
        : base($"gRPC call failed: {status}", inner)
    {
        Status = status;
        Trailers = trailers ?? [];
    }

    /// <summary>The call's status.</summary>
    public GrpcStatus Status { get; }

    /// <summary>The call's status code.</summary>
    public GrpcStatusCode StatusCode => Status.Code;

    /// <summary>The response trailers (or the headers of a trailers-only response), when the server sent them.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Trailers { get; }
}
