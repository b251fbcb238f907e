using System.Net;

namespace KubeSharp.ApiServer.Tests.Integration;

/// <summary>
/// Acceptance items written while their features were built on other branches (scale, ClusterIP allocation, graceful
/// pod deletion, pod field selectors, the namespace finalizer, events.k8s.io). They run with kubectl 1.32 (the
/// server's minor).
/// </summary>
public sealed class KubectlAcceptanceExtraTests(ApiServerFixture server) : IClassFixture<ApiServerFixture>
{
    private const string Kubectl = KubectlBinaries.V132;

    private async Task<string> Ok(string arguments, string? stdin = null)
    {
        var (code, stdout, stderr) = await server.RunKubectlAsync(Kubectl, arguments, stdin);
        code.ShouldBe(0, $"kubectl {arguments}\n{stderr}");
        return stdout;
    }

    [Fact]
    public async Task ScaleDeployment_GoesThroughTheScaleSubresource()
    {
        await Ok("create namespace pending-scale");
        await Ok("create deployment web -n pending-scale --image=nginx --replicas=2");

        (await Ok("scale deployment web -n pending-scale --replicas=5")).Trim().ShouldBe("deployment.apps/web scaled");
        (await Ok("get deployment web -n pending-scale -o jsonpath={.spec.replicas}/{.metadata.generation}")).ShouldBe("5/2");

        var scale = await Ok("get --raw /apis/apps/v1/namespaces/pending-scale/deployments/web/scale");
        using var doc = System.Text.Json.JsonDocument.Parse(scale);
        doc.RootElement.GetProperty("kind").GetString().ShouldBe("Scale");
        doc.RootElement.GetProperty("apiVersion").GetString().ShouldBe("autoscaling/v1");
        doc.RootElement.GetProperty("spec").GetProperty("replicas").GetInt32().ShouldBe(5);
        doc.RootElement.GetProperty("status").GetProperty("selector").GetString().ShouldBe("app=web");

        // --current-replicas is a precondition: a mismatch is refused.
        var (code, _, stderr) = await server.RunKubectlAsync(Kubectl, "scale deployment web -n pending-scale --current-replicas=3 --replicas=1");
        code.ShouldBe(1);
        stderr.ShouldContain("expected replicas to be 3, was 5");
    }

    [Fact]
    public async Task CreateServiceClusterIp_GetsAnAddressFromTheServiceRange()
    {
        await Ok("create namespace pending-svc");
        (await Ok("create service clusterip api -n pending-svc --tcp=80:8080")).Trim().ShouldBe("service/api created");

        var ip = await Ok("get service api -n pending-svc -o jsonpath={.spec.clusterIP}");
        IPAddress.TryParse(ip, out var address).ShouldBeTrue(ip);
        var bytes = address!.GetAddressBytes();
        (bytes[0], bytes[1]).ShouldBe(((byte)10, (byte)43));
        (await Ok("get service api -n pending-svc -o jsonpath={.spec.clusterIPs[0]}")).ShouldBe(ip);

        var table = (await Ok("get service api -n pending-svc")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        table[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[..5].ShouldBe(["api", "ClusterIP", ip, "<none>", "80/TCP"]);
    }

    [Fact]
    public async Task WaitForDelete_OnAPodBoundToANode_WaitsForTheGracePeriodToBeCutShort()
    {
        await Ok("create namespace pending-wait");
        const string pod = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: bound
              namespace: pending-wait
            spec:
              nodeName: node-1
              containers:
              - name: c
                image: nginx
            """;
        await Ok("create -f -", pod);

        // A pod on a node is only marked: the kubelet (absent here) would finish the deletion.
        await Ok("delete pod bound -n pending-wait --wait=false");
        (await Ok("get pod bound -n pending-wait -o jsonpath={.metadata.deletionGracePeriodSeconds}")).ShouldBe("30");
        var (code, _, stderr) = await server.RunKubectlAsync(Kubectl, "wait --for=delete pod/bound -n pending-wait --timeout=2s");
        code.ShouldBe(1);
        stderr.ShouldContain("timed out waiting for the condition");

        var wait = server.RunKubectlAsync(Kubectl, "wait --for=delete pod/bound -n pending-wait --timeout=30s");
        await Task.Delay(500);
        await Ok("delete pod bound -n pending-wait --grace-period=0 --force");
        var (waitCode, stdout, waitErr) = await wait;
        waitCode.ShouldBe(0, waitErr);
        stdout.Trim().ShouldBe("pod/bound condition met");
    }

    [Fact]
    public async Task GetPods_ByPodSpecificFieldSelectors()
    {
        await Ok("create namespace pending-fields");
        await Ok("run always -n pending-fields --image=nginx");
        await Ok("run never -n pending-fields --image=nginx --restart=Never");

        (await Ok("get pods -n pending-fields --field-selector spec.restartPolicy=Never -o name")).Trim().ShouldBe("pod/never");
        (await Ok("get pods -n pending-fields --field-selector status.phase=Pending -o name")).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .ShouldBe(["pod/always", "pod/never"]);
        var (code, _, stderr) = await server.RunKubectlAsync(Kubectl, "get pods -n pending-fields --field-selector spec.bogus=x");
        code.ShouldBe(1);
        stderr.ShouldContain("field label not supported: spec.bogus");
    }

    [Fact]
    public async Task CreateNamespace_GetsTheKubernetesFinalizer()
    {
        await Ok("create namespace pending-ns");
        (await Ok("get ns pending-ns -o jsonpath={.status.phase}/{.spec.finalizers}")).ShouldBe("Active/[\"kubernetes\"]");
    }

    [Fact]
    public async Task EventsV1Fixture_IsServed()
    {
        await Ok("create namespace pending-events");
        const string evt = """
            apiVersion: events.k8s.io/v1
            kind: Event
            metadata:
              name: e1
              namespace: pending-events
            eventTime: "2026-01-01T00:00:00.000000Z"
            reportingController: example.com/ctl
            reportingInstance: ctl-1
            action: Tested
            reason: Accepted
            type: Normal
            regarding: {kind: Pod, name: p, namespace: pending-events}
            """;
        (await Ok("create -f -", evt)).Trim().ShouldBe("event.events.k8s.io/e1 created");
        (await Ok("get events.v1.events.k8s.io e1 -n pending-events -o jsonpath={.reason}/{.regarding.name}")).ShouldBe("Accepted/p");
    }
}
