namespace KubeSharp.Grpc;

/// <summary>The outcome of a gRPC call: a code and the server's (percent-decoded) message.</summary>
/// <param name="Code">The status code.</param>
/// <param name="Detail">The human-readable detail (<c>grpc-message</c>), empty when none.</param>
public readonly record struct GrpcStatus(GrpcStatusCode Code, string Detail)
{
    /// <summary>The status of a successful call.</summary>
    public static GrpcStatus Ok => new(GrpcStatusCode.OK, "");

    /// <inheritdoc />
    public override string ToString() => Detail.Length == 0 ? Code.ToString() : $"{Code}: {Detail}";
}
