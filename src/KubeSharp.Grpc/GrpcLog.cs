using Microsoft.Extensions.Logging;

namespace KubeSharp.Grpc;

internal static partial class GrpcLog
{
    [LoggerMessage(1, LogLevel.Warning, "gRPC endpoint {Endpoint} unreachable for {Method}: {Reason}")]
    public static partial void EndpointUnreachable(ILogger logger, Uri endpoint, string method, string reason);

    [LoggerMessage(2, LogLevel.Information, "gRPC calls move to endpoint {Endpoint}")]
    public static partial void EndpointSelected(ILogger logger, Uri endpoint);
}
