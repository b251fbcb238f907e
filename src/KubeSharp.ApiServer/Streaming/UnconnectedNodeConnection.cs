using KubeSharp.Api.Meta.V1;
using KubeSharp.ApiServer.Errors;
using Microsoft.AspNetCore.Http;

namespace KubeSharp.ApiServer.Streaming;

/// <summary>The node connection of a server that has none configured: every request fails as upstream fails when
/// the backend cannot be dialed (kubelet: 500 with no reason, <c>error dialing backend: ...</c>, or for logs the
/// HTTP client's <c>Get "URL": ...</c>; service endpoints: 503 <c>error trying to reach service: ...</c>).</summary>
public sealed class UnconnectedNodeConnection : INodeConnection
{
    public static UnconnectedNodeConnection Instance { get; } = new();

    public Task ProxyAsync(StreamingRequest request, HttpContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var target = request.Target;
        if (!target.IsKubelet)
        {
            throw ApiErrors.ServiceUnavailable($"error trying to reach service: dial tcp {target.Host}:{target.Port}: no connection to the cluster network is configured");
        }
        var cause = $"no connection to the kubelet of node \"{target.Host}\" is configured";
        var message = request.Subresource == StreamingSubresource.Log
            ? $"Get \"{target.Scheme}://{target.Host}:{(target.Port == 0 ? 10250 : target.Port)}{request.Path}{(request.Query.Length > 0 ? "?" + request.Query : "")}\": {cause}"
            : $"error dialing backend: {cause}";
        throw new ApiStatusException(new Status
        {
            Kind = "Status",
            ApiVersion = "v1",
            StatusValue = "Failure",
            Message = message,
            Code = 500,
        });
    }
}
