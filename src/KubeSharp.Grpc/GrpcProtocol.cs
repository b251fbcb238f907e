namespace KubeSharp.Grpc;

/// <summary>Names and mappings of the gRPC-over-HTTP/2 protocol.</summary>
internal static class GrpcProtocol
{
    public const string ContentType = "application/grpc";
    public const string StatusHeader = "grpc-status";
    public const string MessageHeader = "grpc-message";
    public const string TimeoutHeader = "grpc-timeout";

    /// <summary>The status of a response whose HTTP status is not 200 (gRPC's HTTP to status mapping).</summary>
    public static GrpcStatusCode FromHttpStatus(int status) => status switch
    {
        400 => GrpcStatusCode.Internal,
        401 => GrpcStatusCode.Unauthenticated,
        403 => GrpcStatusCode.PermissionDenied,
        404 => GrpcStatusCode.Unimplemented,
        429 or 502 or 503 or 504 => GrpcStatusCode.Unavailable,
        _ => GrpcStatusCode.Unknown,
    };

    /// <summary>The status of a stream reset by the server with an HTTP/2 error code.</summary>
    public static GrpcStatusCode FromHttp2Error(long errorCode) => errorCode switch
    {
        0x7 => GrpcStatusCode.Unavailable, // REFUSED_STREAM
        0x8 => GrpcStatusCode.Cancelled, // CANCEL
        0xb => GrpcStatusCode.ResourceExhausted, // ENHANCE_YOUR_CALM
        0xc => GrpcStatusCode.PermissionDenied, // INADEQUATE_SECURITY
        _ => GrpcStatusCode.Internal,
    };
}
