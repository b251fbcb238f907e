namespace KubeSharp.Grpc;

/// <summary>gRPC status codes, with the numbers the protocol sends in <c>grpc-status</c>.</summary>
public enum GrpcStatusCode
{
    /// <summary>Not an error.</summary>
    OK = 0,

    /// <summary>The call was cancelled (typically by the caller).</summary>
    Cancelled = 1,

    /// <summary>Unknown error, or a status the client could not classify.</summary>
    Unknown = 2,

    /// <summary>The client sent an invalid argument.</summary>
    InvalidArgument = 3,

    /// <summary>The deadline expired before the call completed.</summary>
    DeadlineExceeded = 4,

    /// <summary>Something requested was not found.</summary>
    NotFound = 5,

    /// <summary>Something the client tried to create already exists.</summary>
    AlreadyExists = 6,

    /// <summary>The caller may not do this.</summary>
    PermissionDenied = 7,

    /// <summary>A resource (quota, memory, message size) is exhausted.</summary>
    ResourceExhausted = 8,

    /// <summary>The system is not in the state the call needs.</summary>
    FailedPrecondition = 9,

    /// <summary>The call was aborted (concurrency conflict).</summary>
    Aborted = 10,

    /// <summary>The call went past a valid range (etcd: compacted or future revision).</summary>
    OutOfRange = 11,

    /// <summary>The method is not implemented by the server.</summary>
    Unimplemented = 12,

    /// <summary>An invariant broke: protocol errors, malformed responses.</summary>
    Internal = 13,

    /// <summary>The service is unavailable (connection failures); retrying may help.</summary>
    Unavailable = 14,

    /// <summary>Unrecoverable data loss.</summary>
    DataLoss = 15,

    /// <summary>The call lacks valid credentials.</summary>
    Unauthenticated = 16,
}
