namespace KubeSharp.ApiServer.Streaming;

/// <summary>Which API endpoint a streaming request came through.</summary>
public enum StreamingSubresource
{
    /// <summary><c>pods/log</c>: kubelet <c>/containerLogs/NS/POD/CONTAINER</c>, text/plain, flushed when following.</summary>
    Log,

    /// <summary><c>pods/exec</c>: kubelet <c>/exec/NS/POD/CONTAINER?command=...</c>, upgrade required.</summary>
    Exec,

    /// <summary><c>pods/attach</c>: kubelet <c>/attach/NS/POD/CONTAINER</c>, upgrade required.</summary>
    Attach,

    /// <summary><c>pods/portforward</c>: kubelet <c>/portForward/NS/POD</c>, upgrade required (SPDY/3.1, or SPDY
    /// tunnelled in WebSocket as <c>SPDY/3.1+portforward.k8s.io</c>).</summary>
    PortForward,

    /// <summary><c>nodes/NAME/proxy/PATH</c>: any request to the kubelet's <c>/PATH</c>.</summary>
    NodeProxy,

    /// <summary><c>services/NAME/proxy/PATH</c>: any request to an endpoint of the service.</summary>
    ServiceProxy,
}

/// <summary>Where a streaming request goes: a node's kubelet (<see cref="Host"/> = node name, <see cref="Port"/> 0 =
/// the node's kubelet endpoint port) or a service endpoint (<see cref="Host"/> = address, <see cref="Port"/> = port).</summary>
public sealed record StreamingTarget(bool IsKubelet, string Host, int Port, string Scheme)
{
    public static StreamingTarget Kubelet(string nodeName, int port = 0, string scheme = "https") => new(true, nodeName, port, scheme);

    public static StreamingTarget Endpoint(string address, int port, string scheme = "http") => new(false, address, port, scheme);
}

/// <summary>A request to forward: the backend path and query (already in the kubelet's form, e.g.
/// <c>/exec/default/web/nginx</c> and <c>command=sh&amp;stdin=1&amp;stdout=1</c>), and the client's upgrade, if any.</summary>
public sealed record StreamingRequest(StreamingSubresource Subresource, StreamingTarget Target, string Path, string Query, UpgradeRequest? Upgrade)
{
    /// <summary>Whether replies are flushed as they come (logs with follow=true, every upgraded stream).</summary>
    public bool Flush { get; init; }
}
