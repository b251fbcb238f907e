using KubeSharp.Api.Apps.V1;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Meta.V1;
using KubeSharp.ApiServer.Errors;
using KubeSharp.ApiServer.Rest;
using KubeSharp.ApiServer.Rest.Subresources;
using KubeSharp.ApiServer.Streaming;
using Microsoft.AspNetCore.Http;

namespace KubeSharp.ApiServer.Tests.Streaming;

/// <summary>The pieces of the streaming seam and of /scale that need no server.</summary>
public sealed class StreamingSeamTests
{
    [Fact]
    public void UpgradeRequest_ReadsWebSocketAndSpdyUpgrades()
    {
        var ws = new DefaultHttpContext().Request;
        ws.Headers.Connection = "keep-alive, Upgrade";
        ws.Headers.Upgrade = "websocket";
        ws.Headers.SecWebSocketProtocol = "v5.channel.k8s.io";
        UpgradeRequest.From(ws).ShouldBe(new UpgradeRequest(UpgradeProtocol.WebSocket, "websocket", ["v5.channel.k8s.io"]), new UpgradeRequestComparer());

        var spdy = new DefaultHttpContext().Request;
        spdy.Headers.Connection = "Upgrade";
        spdy.Headers.Upgrade = "SPDY/3.1";
        spdy.Headers.Append("X-Stream-Protocol-Version", "v5.channel.k8s.io");
        spdy.Headers.Append("X-Stream-Protocol-Version", "v4.channel.k8s.io");
        var parsed = UpgradeRequest.From(spdy)!;
        parsed.Protocol.ShouldBe(UpgradeProtocol.Spdy);
        parsed.SubProtocols.ShouldBe(["v5.channel.k8s.io", "v4.channel.k8s.io"]);

        var plain = new DefaultHttpContext().Request;
        plain.Headers.Upgrade = "websocket";
        UpgradeRequest.From(plain).ShouldBeNull();
    }

    private sealed class UpgradeRequestComparer : IEqualityComparer<UpgradeRequest?>
    {
        public bool Equals(UpgradeRequest? x, UpgradeRequest? y)
            => x is not null && y is not null && x.Protocol == y.Protocol && x.Upgrade == y.Upgrade && x.SubProtocols.SequenceEqual(y.SubProtocols);

        public int GetHashCode(UpgradeRequest? obj) => 0;
    }

    private static Pod PodWith(params string[] containers) => new()
    {
        Metadata = new ObjectMeta { Name = "web" },
        Spec = new PodSpec
        {
            InitContainers = [new Container { Name = "init" }],
            Containers = containers.Select(c => new Container { Name = c }).ToList(),
        },
    };

    [Fact]
    public void ValidateContainer_UsesUpstreamsMessages()
    {
        RestHandler.ValidateContainer("", PodWith("main")).ShouldBe("main");
        RestHandler.ValidateContainer("init", PodWith("main")).ShouldBe("init");
        Should.Throw<ApiStatusException>(() => RestHandler.ValidateContainer("", PodWith("a", "b")))
            .Status.Message.ShouldBe("a container name must be specified for pod web, choose one of: [init a b]");
        Should.Throw<ApiStatusException>(() => RestHandler.ValidateContainer("", PodWith()))
            .Status.Message.ShouldBe("a container name must be specified for pod web");
        Should.Throw<ApiStatusException>(() => RestHandler.ValidateContainer("x", PodWith("a")))
            .Status.Message.ShouldBe("container x is not valid for pod web");
    }

    [Fact]
    public async Task UnconnectedNodeConnection_FailsAsAnUnreachableKubelet()
    {
        var exec = new StreamingRequest(StreamingSubresource.Exec, StreamingTarget.Kubelet("n1"), "/exec/default/web/main", "command=ls", null);
        var error = await Should.ThrowAsync<ApiStatusException>(() => UnconnectedNodeConnection.Instance.ProxyAsync(exec, new DefaultHttpContext(), CancellationToken.None));
        error.Status.Code.ShouldBe(500);
        error.Status.Reason.ShouldBe("");
        error.Status.Message.ShouldBe("error dialing backend: no connection to the kubelet of node \"n1\" is configured");

        var service = new StreamingRequest(StreamingSubresource.ServiceProxy, StreamingTarget.Endpoint("10.0.0.5", 80), "/", "", null);
        (await Should.ThrowAsync<ApiStatusException>(() => UnconnectedNodeConnection.Instance.ProxyAsync(service, new DefaultHttpContext(), CancellationToken.None)))
            .Status.Code.ShouldBe(503);
    }

    [Fact]
    public void ScaleConversion_TakesIdentityReplicasAndSelectorFromTheParent()
    {
        var deployment = new Deployment
        {
            Metadata = new ObjectMeta { Name = "web", Namespace = "ns", Uid = "u-1", ResourceVersion = "42" },
            Spec = new DeploymentSpec
            {
                Replicas = 3,
                Selector = new LabelSelector
                {
                    MatchLabels = new() { ["app"] = "web" },
                    MatchExpressions = [new LabelSelectorRequirement { Key = "tier", Operator = "In", Values = ["a", "b"] }],
                },
            },
            Status = new DeploymentStatus { Replicas = 2 },
        };

        var scale = ScaleConversion.ToScale(deployment);

        scale.ApiVersion.ShouldBe("autoscaling/v1");
        scale.Kind.ShouldBe("Scale");
        (scale.Metadata.Name, scale.Metadata.Namespace, scale.Metadata.Uid, scale.Metadata.ResourceVersion).ShouldBe(("web", "ns", "u-1", "42"));
        scale.Spec.Replicas.ShouldBe(3);
        scale.Status.Replicas.ShouldBe(2);
        scale.Status.Selector.ShouldBe("app=web,tier in (a,b)");

        ScaleConversion.SetReplicas(deployment, 7);
        deployment.Spec.Replicas.ShouldBe(7);
        ScaleConversion.IsScalable("apps", "daemonsets").ShouldBeFalse();
        ScaleConversion.IsScalable("", "replicationcontrollers").ShouldBeTrue();
    }
}
