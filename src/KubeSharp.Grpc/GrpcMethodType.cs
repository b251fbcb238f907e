namespace KubeSharp.Grpc;

/// <summary>How many messages each side of a method sends.</summary>
public enum GrpcMethodType
{
    /// <summary>One request, one response.</summary>
    Unary,

    /// <summary>One request, a stream of responses.</summary>
    ServerStreaming,

    /// <summary>A stream of requests and a stream of responses, at the same time.</summary>
    DuplexStreaming,
}
