using Microsoft.AspNetCore.Http;

namespace KubeSharp.ApiServer.Streaming;

/// <summary>
/// The seam between the API server and the nodes (upstream's kubelet ConnectionInfoGetter plus its upgrade-aware
/// proxy): pods/log, pods/exec, pods/attach, pods/portforward and nodes/proxy go to a node's kubelet, services/proxy
/// to one of the service's endpoints. The REST layer has already checked what upstream checks before dialing (the
/// pod exists, is scheduled, the container is valid, the node exists, the service has an endpoint) and built the
/// backend path; an implementation connects, forwards the request and copies the reply (or, for an upgrade, answers
/// the client's upgrade and then copies bytes both ways until either side closes).
/// </summary>
/// <remarks>Errors before anything was written to the client are thrown as <see cref="Errors.ApiStatusException"/>
/// and become a metav1.Status reply: upstream answers an unreachable kubelet with 500 and no reason
/// (<c>error dialing backend: ...</c>) and an unreachable service endpoint with 503.</remarks>
public interface INodeConnection
{
    Task ProxyAsync(StreamingRequest request, HttpContext context, CancellationToken cancellationToken);
}
