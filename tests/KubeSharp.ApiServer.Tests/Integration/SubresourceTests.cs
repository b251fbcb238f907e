using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace KubeSharp.ApiServer.Tests.Integration;

/// <summary>Subresources and graceful pod deletion through the real kubectl 1.32 and plain HTTP: /scale,
/// pods/binding, pods/eviction with PodDisruptionBudgets, Terminating pods, and the streaming subresources with no
/// kubelet connection.</summary>
public sealed class SubresourceTests(ApiServerFixture server) : IClassFixture<ApiServerFixture>, IDisposable
{
    private readonly HttpClient _http = server.CreateAdminHttpClient();

    public void Dispose() => _http.Dispose();

    private Task<(HttpStatusCode Code, JsonObject Body)> SendAsync(HttpMethod method, string path, string? json = null, string contentType = "application/json")
        => _http.SendJsonAsync(method, path, json, contentType);

    private async Task<JsonObject> GetAsync(string path)
    {
        var (code, body) = await SendAsync(HttpMethod.Get, path);
        code.ShouldBe(HttpStatusCode.OK, body.ToJsonString());
        return body;
    }

    private async Task ApplyAsync(string manifest)
    {
        var applied = await server.KubectlAsync("apply -f -", manifest);
        applied.ExitCode.ShouldBe(0, applied.Stderr);
    }

    private static string Pod(string name, string labels = "{}", string nodeName = "", string containers = "[{\"name\":\"main\",\"image\":\"busybox\"}]")
        => "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + name + "\",\"labels\":" + labels
            + "},\"spec\":{\"nodeName\":\"" + nodeName + "\",\"containers\":" + containers + "}}";

    private async Task CreatePodAsync(string name, string labels = "{}", string nodeName = "", string containers = "[{\"name\":\"main\",\"image\":\"busybox\"}]")
    {
        var (code, body) = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/pods", Pod(name, labels, nodeName, containers));
        code.ShouldBe(HttpStatusCode.Created, body.ToJsonString());
    }

    [Fact]
    public async Task Delete_DryRunInDeleteOptionsBody_KeepsTheObject()
    {
        var (code, body) = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps", """{"metadata":{"name":"dry-body"}}""");
        code.ShouldBe(HttpStatusCode.Created, body.ToJsonString());

        (code, body) = await SendAsync(HttpMethod.Delete, "/api/v1/namespaces/default/configmaps/dry-body", """{"kind":"DeleteOptions","apiVersion":"v1","dryRun":["All"]}""");
        code.ShouldBe(HttpStatusCode.OK, body.ToJsonString());
        (await GetAsync("/api/v1/namespaces/default/configmaps/dry-body"))["metadata"]!["name"]!.GetValue<string>().ShouldBe("dry-body");

        // Upstream's ValidateDeleteOptions: an unknown dryRun value is a 422 on DeleteOptions (WriteOptionsValidationTests).
        (code, body) = await SendAsync(HttpMethod.Delete, "/api/v1/namespaces/default/configmaps/dry-body", """{"dryRun":["Some"]}""");
        code.ShouldBe(HttpStatusCode.UnprocessableEntity, body.ToJsonString());

        // kubectl sends its DeleteOptions (protobuf in 1.32) in the body.
        var kubectl = await server.KubectlAsync("delete configmap dry-body --dry-run=server");
        kubectl.ExitCode.ShouldBe(0, kubectl.Stderr);
        kubectl.Stdout.ShouldContain("deleted (server dry run)");
        (await GetAsync("/api/v1/namespaces/default/configmaps/dry-body"))["metadata"]!["name"]!.GetValue<string>().ShouldBe("dry-body");

        (code, body) = await SendAsync(HttpMethod.Delete, "/api/v1/namespaces/default/configmaps/dry-body?dryRun=All");
        code.ShouldBe(HttpStatusCode.OK, body.ToJsonString());
        (await GetAsync("/api/v1/namespaces/default/configmaps/dry-body"))["metadata"]!["name"]!.GetValue<string>().ShouldBe("dry-body");
    }

    [Fact]
    public async Task Delete_OptionsAsQueryParameters_WhenThereIsNoBody()
    {
        await CreatePodAsync("query-grace", nodeName: "node-a"); // bound: deleted gracefully (30 s) unless told otherwise
        var (code, body) = await SendAsync(HttpMethod.Delete, "/api/v1/namespaces/default/pods/query-grace?gracePeriodSeconds=0");
        code.ShouldBe(HttpStatusCode.OK, body.ToJsonString());
        (code, _) = await SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/pods/query-grace");
        code.ShouldBe(HttpStatusCode.NotFound);

        (code, body) = await SendAsync(HttpMethod.Delete, "/api/v1/namespaces/default/pods/x?gracePeriodSeconds=soon");
        code.ShouldBe(HttpStatusCode.BadRequest, body.ToJsonString());
        body["message"]!.GetValue<string>().ShouldContain("\"soon\"");
    }

    [Fact]
    public async Task KubectlScale_Deployment_ChangesSpecReplicas()
    {
        (await server.KubectlAsync("create deployment scaled --image=nginx:1.25")).ExitCode.ShouldBe(0);

        var scaled = await server.KubectlAsync("scale deployment scaled --replicas=3");
        scaled.ExitCode.ShouldBe(0, scaled.Stderr);
        scaled.Stdout.Trim().ShouldBe("deployment.apps/scaled scaled");

        var (code, stdout, stderr) = await server.KubectlAsync("get deploy scaled -o jsonpath={.spec.replicas}/{.metadata.generation}");
        code.ShouldBe(0, stderr);
        stdout.ShouldBe("3/2");
    }

    [Theory]
    [InlineData("1.30")]
    [InlineData("1.31")]
    [InlineData("1.33")]
    public async Task KubectlScale_OtherKubectlVersions(string version)
    {
        var name = "scaled-" + version.Replace('.', '-');
        (await server.KubectlAsync($"create deployment {name} --image=nginx:1.25")).ExitCode.ShouldBe(0);

        var (code, stdout, stderr) = await RunKubectlAsync($"/usr/lib/google-cloud-sdk/bin/kubectl.{version}", "scale", "deployment", name, "--replicas=4");

        code.ShouldBe(0, stderr);
        stdout.Trim().ShouldBe($"deployment.apps/{name} scaled");
        (await server.KubectlAsync($"get deploy {name} -o jsonpath={{.spec.replicas}}")).Stdout.ShouldBe("4");
    }

    private async Task<(int ExitCode, string Stdout, string Stderr)> RunKubectlAsync(string kubectl, params string[] arguments)
    {
        var home = Directory.CreateTempSubdirectory("kubesharp-kubectl-").FullName;
        try
        {
            var start = new System.Diagnostics.ProcessStartInfo(kubectl)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add("--kubeconfig=" + server.KubeconfigPath);
            start.ArgumentList.Add("--cache-dir=" + Path.Combine(home, "cache"));
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }
            start.Environment["HOME"] = home;
            return await BackgroundProcess.RunToEndAsync(start, null, TimeSpan.FromSeconds(60));
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    [Fact]
    public async Task KubectlDrain_EvictsThePodsOfTheNode()
    {
        (await SendAsync(HttpMethod.Post, "/api/v1/nodes", """{"apiVersion":"v1","kind":"Node","metadata":{"name":"drain-node"}}""")).Code.ShouldBe(HttpStatusCode.Created);
        await CreatePodAsync("drained", """{"app":"drained"}""", nodeName: "drain-node");
        await MakeRunningAndReadyAsync("drained");

        var drained = await server.KubectlAsync("drain drain-node --force --grace-period=0 --timeout=30s");

        drained.ExitCode.ShouldBe(0, drained.Stderr);
        drained.Stdout.ShouldContain("pod/drained evicted");
        drained.Stdout.ShouldContain("node/drain-node drained");
        (await SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/pods/drained")).Code.ShouldBe(HttpStatusCode.NotFound);
        (await GetAsync("/api/v1/nodes/drain-node"))["spec"]!["unschedulable"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task KubectlScale_ReplicaSetAndStatefulSet_WithCurrentReplicasCheck()
    {
        await ApplyAsync("""
            apiVersion: apps/v1
            kind: ReplicaSet
            metadata: {name: rs1}
            spec:
              replicas: 1
              selector: {matchLabels: {app: rs1}}
              template:
                metadata: {labels: {app: rs1}}
                spec: {containers: [{name: c, image: nginx}]}
            ---
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: sts1}
            spec:
              replicas: 1
              serviceName: sts1
              selector: {matchLabels: {app: sts1}}
              template:
                metadata: {labels: {app: sts1}}
                spec: {containers: [{name: c, image: nginx}]}
            """);

        var rs = await server.KubectlAsync("scale rs/rs1 --replicas=2");
        rs.ExitCode.ShouldBe(0, rs.Stderr);
        rs.Stdout.Trim().ShouldBe("replicaset.apps/rs1 scaled");
        // --current-replicas makes kubectl GET the Scale and PUT it back with its resourceVersion.
        var sts = await server.KubectlAsync("scale statefulset sts1 --current-replicas=1 --replicas=4");
        sts.ExitCode.ShouldBe(0, sts.Stderr);
        sts.Stdout.Trim().ShouldBe("statefulset.apps/sts1 scaled");
        var wrong = await server.KubectlAsync("scale statefulset sts1 --current-replicas=1 --replicas=5");
        wrong.ExitCode.ShouldBe(1);

        (await server.KubectlAsync("get rs rs1 -o jsonpath={.spec.replicas}")).Stdout.ShouldBe("2");
        var table = await server.KubectlAsync("get rs rs1 --subresource=scale");
        table.ExitCode.ShouldBe(0, table.Stderr);
        table.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
            .ShouldBe(["NAME DESIRED AVAILABLE", "rs1 2 0"]);
        (await server.KubectlAsync("get statefulset sts1 -o jsonpath={.spec.replicas}")).Stdout.ShouldBe("4");
    }

    [Fact]
    public async Task ScaleSubresource_GetPutPatch_AsUpstream()
    {
        (await server.KubectlAsync("create deployment scalehttp --image=nginx:1.25 --replicas=2")).ExitCode.ShouldBe(0);
        var deployment = await GetAsync("/apis/apps/v1/namespaces/default/deployments/scalehttp");
        const string path = "/apis/apps/v1/namespaces/default/deployments/scalehttp/scale";

        var scale = await GetAsync(path);
        scale["kind"]!.GetValue<string>().ShouldBe("Scale");
        scale["apiVersion"]!.GetValue<string>().ShouldBe("autoscaling/v1");
        scale["metadata"]!["name"]!.GetValue<string>().ShouldBe("scalehttp");
        scale["metadata"]!["uid"]!.GetValue<string>().ShouldBe(deployment["metadata"]!["uid"]!.GetValue<string>());
        scale["metadata"]!["resourceVersion"]!.GetValue<string>().ShouldBe(deployment["metadata"]!["resourceVersion"]!.GetValue<string>());
        scale["metadata"]!["creationTimestamp"]!.GetValue<string>().ShouldBe(deployment["metadata"]!["creationTimestamp"]!.GetValue<string>());
        scale["spec"]!["replicas"]!.GetValue<int>().ShouldBe(2);
        scale["status"]!["selector"]!.GetValue<string>().ShouldBe("app=scalehttp");

        var staleVersion = scale["metadata"]!["resourceVersion"]!.GetValue<string>();
        var (patched, patchedBody) = await SendAsync(HttpMethod.Patch, path, """{"spec":{"replicas":5}}""", "application/merge-patch+json");
        patched.ShouldBe(HttpStatusCode.OK, patchedBody.ToJsonString());
        patchedBody["spec"]!["replicas"]!.GetValue<int>().ShouldBe(5);
        patchedBody["metadata"]!["resourceVersion"]!.GetValue<string>().ShouldNotBe(staleVersion);

        var (stale, staleBody) = await SendAsync(HttpMethod.Put, path,
            $$$"""{"kind":"Scale","apiVersion":"autoscaling/v1","metadata":{"name":"scalehttp","resourceVersion":"{{{staleVersion}}}"},"spec":{"replicas":1}}""");
        stale.ShouldBe(HttpStatusCode.Conflict);
        staleBody["message"]!.GetValue<string>().ShouldBe("Operation cannot be fulfilled on deployments.apps \"scalehttp\": the object has been modified; please apply your changes to the latest version and try again");

        var (wrongKind, wrongKindBody) = await SendAsync(HttpMethod.Put, path, """{"kind":"Deployment","apiVersion":"apps/v1","metadata":{"name":"scalehttp"}}""");
        wrongKind.ShouldBe(HttpStatusCode.BadRequest);
        wrongKindBody["message"]!.GetValue<string>().ShouldBe("the API version in the data (apps/v1) does not match the expected API version (autoscaling/v1), or the kind (Deployment) does not match the expected kind (Scale)");

        var (invalid, invalidBody) = await SendAsync(HttpMethod.Put, path, """{"kind":"Scale","apiVersion":"autoscaling/v1","metadata":{"name":"scalehttp"},"spec":{"replicas":-1}}""");
        invalid.ShouldBe(HttpStatusCode.UnprocessableEntity);
        invalidBody["message"]!.GetValue<string>().ShouldBe("Scale.autoscaling \"scalehttp\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0");

        var (json, jsonBody) = await SendAsync(HttpMethod.Patch, path, """[{"op":"replace","path":"/spec/replicas","value":0}]""", "application/json-patch+json");
        json.ShouldBe(HttpStatusCode.OK, jsonBody.ToJsonString());
        var (smp, smpBody) = await SendAsync(HttpMethod.Patch, path, """{"spec":{"replicas":6}}""", "application/strategic-merge-patch+json");
        smp.ShouldBe(HttpStatusCode.OK, smpBody.ToJsonString());
        (await GetAsync("/apis/apps/v1/namespaces/default/deployments/scalehttp"))["spec"]!["replicas"]!.GetValue<int>().ShouldBe(6);

        var (missing, missingBody) = await SendAsync(HttpMethod.Get, "/apis/apps/v1/namespaces/default/deployments/nope/scale");
        missing.ShouldBe(HttpStatusCode.NotFound);
        missingBody["message"]!.GetValue<string>().ShouldBe("deployments.apps \"nope\" not found");
        var (missingPatch, missingPatchBody) = await SendAsync(HttpMethod.Patch, "/apis/apps/v1/namespaces/default/deployments/nope/scale",
            """{"spec":{"replicas":1}}""", "application/merge-patch+json");
        missingPatch.ShouldBe(HttpStatusCode.NotFound);
        missingPatchBody["message"]!.GetValue<string>().ShouldBe("deployments.apps \"nope\" not found");
        var (noScale, _) = await SendAsync(HttpMethod.Get, "/apis/apps/v1/namespaces/default/daemonsets/x/scale");
        noScale.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ScaleSubresource_ReplicationController_UsesTheMapSelector()
    {
        await ApplyAsync("""
            apiVersion: v1
            kind: ReplicationController
            metadata: {name: rc1}
            spec:
              replicas: 1
              selector: {app: rc1, tier: web}
              template:
                metadata: {labels: {app: rc1, tier: web}}
                spec: {containers: [{name: c, image: nginx}]}
            """);
        var scaled = await server.KubectlAsync("scale rc rc1 --replicas=3");
        scaled.ExitCode.ShouldBe(0, scaled.Stderr);

        var scale = await GetAsync("/api/v1/namespaces/default/replicationcontrollers/rc1/scale");
        scale["spec"]!["replicas"]!.GetValue<int>().ShouldBe(3);
        scale["status"]!["selector"]!.GetValue<string>().ShouldBe("app=rc1,tier=web");
    }

    [Fact]
    public async Task Binding_AssignsTheNodeOnce_AndTheLegacyEndpointWorks()
    {
        await CreatePodAsync("bound");
        var (code, body) = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/pods/bound/binding",
            """{"apiVersion":"v1","kind":"Binding","metadata":{"name":"bound","annotations":{"scheduler/note":"picked"}},"target":{"kind":"Node","name":"node-1"}}""");
        code.ShouldBe(HttpStatusCode.Created, body.ToJsonString());
        body["kind"]!.GetValue<string>().ShouldBe("Status");
        body["status"]!.GetValue<string>().ShouldBe("Success");
        body["code"]!.GetValue<int>().ShouldBe(201);

        var pod = await GetAsync("/api/v1/namespaces/default/pods/bound");
        pod["spec"]!["nodeName"]!.GetValue<string>().ShouldBe("node-1");
        pod["metadata"]!["annotations"]!["scheduler/note"]!.GetValue<string>().ShouldBe("picked");
        var condition = pod["status"]!["conditions"]!.AsArray().Single(c => c!["type"]!.GetValue<string>() == "PodScheduled")!;
        condition["status"]!.GetValue<string>().ShouldBe("True");
        condition["lastTransitionTime"].ShouldNotBeNull();

        var (again, againBody) = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/pods/bound/binding",
            """{"apiVersion":"v1","kind":"Binding","metadata":{"name":"bound"},"target":{"name":"node-2"}}""");
        again.ShouldBe(HttpStatusCode.Conflict);
        againBody["message"]!.GetValue<string>().ShouldBe("Operation cannot be fulfilled on pods/binding \"bound\": pod bound is already assigned to node \"node-1\"");

        var (mismatch, _) = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/pods/bound/binding",
            """{"apiVersion":"v1","kind":"Binding","metadata":{"name":"other"},"target":{"name":"node-2"}}""");
        mismatch.ShouldBe(HttpStatusCode.BadRequest);
        var (noTarget, noTargetBody) = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/pods/bound/binding",
            """{"apiVersion":"v1","kind":"Binding","metadata":{"name":"bound"},"target":{}}""");
        noTarget.ShouldBe(HttpStatusCode.UnprocessableEntity, noTargetBody.ToJsonString());

        await CreatePodAsync("bound-legacy");
        var (legacy, legacyBody) = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/bindings",
            """{"apiVersion":"v1","kind":"Binding","metadata":{"name":"bound-legacy"},"target":{"name":"node-3"}}""");
        legacy.ShouldBe(HttpStatusCode.Created, legacyBody.ToJsonString());
        (await GetAsync("/api/v1/namespaces/default/pods/bound-legacy"))["spec"]!["nodeName"]!.GetValue<string>().ShouldBe("node-3");

        var (gone, _) = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/pods/ghost/binding",
            """{"apiVersion":"v1","kind":"Binding","metadata":{"name":"ghost"},"target":{"name":"node-1"}}""");
        gone.ShouldBe(HttpStatusCode.NotFound);
    }

    private async Task MakeRunningAndReadyAsync(string pod)
    {
        var (code, body) = await SendAsync(HttpMethod.Patch, $"/api/v1/namespaces/default/pods/{pod}/status",
            """{"status":{"phase":"Running","conditions":[{"type":"Ready","status":"True"}]}}""", "application/merge-patch+json");
        code.ShouldBe(HttpStatusCode.OK, body.ToJsonString());
    }

    private async Task SetBudgetStatusAsync(string budget, int disruptionsAllowed)
    {
        var (code, body) = await SendAsync(HttpMethod.Patch, $"/apis/policy/v1/namespaces/default/poddisruptionbudgets/{budget}/status",
            $$$"""{"status":{"observedGeneration":1,"disruptionsAllowed":{{{disruptionsAllowed}}},"currentHealthy":2,"desiredHealthy":1,"expectedPods":2}}""",
            "application/merge-patch+json");
        code.ShouldBe(HttpStatusCode.OK, body.ToJsonString());
    }

    private Task<(HttpStatusCode Code, JsonObject Body)> EvictAsync(string pod, string apiVersion = "policy/v1")
        => SendAsync(HttpMethod.Post, $"/api/v1/namespaces/default/pods/{pod}/eviction",
            $$$"""{"kind":"Eviction","apiVersion":"{{{apiVersion}}}","metadata":{"name":"{{{pod}}}","namespace":"default"},"deleteOptions":{}}""");

    [Fact]
    public async Task Eviction_IsBlockedByABudgetWithNoDisruptionsLeft_AndAllowedOtherwise()
    {
        await CreatePodAsync("guarded-a", """{"app":"guarded"}""");
        await CreatePodAsync("guarded-b", """{"app":"guarded"}""");
        await MakeRunningAndReadyAsync("guarded-a");
        await MakeRunningAndReadyAsync("guarded-b");
        var created = await server.KubectlAsync("create pdb guard --selector=app=guarded --min-available=1");
        created.ExitCode.ShouldBe(0, created.Stderr);

        // The controller has not observed the budget yet: upstream refuses until it has.
        var (early, earlyBody) = await EvictAsync("guarded-a");
        early.ShouldBe(HttpStatusCode.TooManyRequests);
        earlyBody["details"]!["causes"]![0]!["message"]!.GetValue<string>().ShouldBe("The disruption budget guard is still being processed by the server.");

        await SetBudgetStatusAsync("guard", disruptionsAllowed: 0);
        var (blocked, blockedBody) = await EvictAsync("guarded-a");
        blocked.ShouldBe(HttpStatusCode.TooManyRequests);
        blockedBody["reason"]!.GetValue<string>().ShouldBe("TooManyRequests");
        blockedBody["message"]!.GetValue<string>().ShouldBe("Cannot evict pod as it would violate the pod's disruption budget.");
        var cause = blockedBody["details"]!["causes"]![0]!;
        cause["reason"]!.GetValue<string>().ShouldBe("DisruptionBudget");
        cause["message"]!.GetValue<string>().ShouldBe("The disruption budget guard needs 1 healthy pods and has 2 currently");
        (await SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/pods/guarded-a")).Code.ShouldBe(HttpStatusCode.OK);

        await SetBudgetStatusAsync("guard", disruptionsAllowed: 1);
        var (allowed, allowedBody) = await EvictAsync("guarded-a", apiVersion: "policy/v1beta1");
        allowed.ShouldBe(HttpStatusCode.Created, allowedBody.ToJsonString());
        allowedBody["status"]!.GetValue<string>().ShouldBe("Success");
        (await SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/pods/guarded-a")).Code.ShouldBe(HttpStatusCode.NotFound);

        var budget = await GetAsync("/apis/policy/v1/namespaces/default/poddisruptionbudgets/guard");
        budget["status"]!["disruptionsAllowed"]!.GetValue<int>().ShouldBe(0);
        budget["status"]!["disruptedPods"]!["guarded-a"].ShouldNotBeNull();
        var condition = budget["status"]!["conditions"]!.AsArray().Single()!;
        condition["type"]!.GetValue<string>().ShouldBe("DisruptionAllowed");
        condition["status"]!.GetValue<string>().ShouldBe("False");
        condition["reason"]!.GetValue<string>().ShouldBe("InsufficientPods");

        var (again, _) = await EvictAsync("guarded-b");
        again.ShouldBe(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Eviction_OfAPendingPod_SkipsTheBudget()
    {
        await CreatePodAsync("pending-evictee", """{"app":"pending-guarded"}""");
        (await server.KubectlAsync("create pdb pending-guard --selector=app=pending-guarded --min-available=1")).ExitCode.ShouldBe(0);

        var (dryRun, dryRunBody) = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/pods/pending-evictee/eviction?dryRun=All",
            """{"kind":"Eviction","apiVersion":"policy/v1","metadata":{"name":"pending-evictee"}}""");
        dryRun.ShouldBe(HttpStatusCode.Created, dryRunBody.ToJsonString());
        (await SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/pods/pending-evictee")).Code.ShouldBe(HttpStatusCode.OK);

        // A protobuf body, as client-go's typed clients send it.
        var eviction = new KubeSharp.Api.Policy.V1.Eviction { Metadata = new() { Name = "pending-evictee", Namespace = "default" }, DeleteOptions = new() };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/namespaces/default/pods/pending-evictee/eviction")
        {
            Content = new ByteArrayContent(KubeSharp.Api.Protobuf.KubeProtobuf.Encode(eviction)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.kubernetes.protobuf");
        using var response = await _http.SendAsync(request);
        var (code, body) = (response.StatusCode, await response.Content.ReadAsStringAsync());

        code.ShouldBe(HttpStatusCode.Created, body);
        (await SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/pods/pending-evictee")).Code.ShouldBe(HttpStatusCode.NotFound);
        var (mismatch, _) = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/pods/x/eviction",
            """{"kind":"Eviction","apiVersion":"policy/v1","metadata":{"name":"y"}}""");
        mismatch.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task KubectlDelete_ScheduledPod_IsTerminatingUntilForced()
    {
        await CreatePodAsync("graceful", nodeName: "node-1");

        var created = await GetAsync("/api/v1/namespaces/default/pods/graceful");
        created["status"]!["phase"]!.GetValue<string>().ShouldBe("Pending");
        created["status"]!["qosClass"]!.GetValue<string>().ShouldBe("BestEffort");
        created["metadata"]!["generation"].ShouldBeNull();

        var deleted = await server.KubectlAsync("delete pod graceful --wait=false");
        deleted.ExitCode.ShouldBe(0, deleted.Stderr);
        var terminating = await GetAsync("/api/v1/namespaces/default/pods/graceful");
        var meta = terminating["metadata"]!;
        meta["deletionGracePeriodSeconds"]!.GetValue<long>().ShouldBe(30);
        var deadline = DateTimeOffset.Parse(meta["deletionTimestamp"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        (deadline - DateTimeOffset.UtcNow).TotalSeconds.ShouldBeInRange(20, 31);
        var listed = await server.KubectlAsync("get pod graceful");
        listed.Stdout.ShouldContain("Terminating");

        // A second delete may shorten the grace period, never lengthen it.
        (await server.KubectlAsync("delete pod graceful --wait=false --grace-period=60")).ExitCode.ShouldBe(0);
        (await GetAsync("/api/v1/namespaces/default/pods/graceful"))["metadata"]!["deletionGracePeriodSeconds"]!.GetValue<long>().ShouldBe(30);
        (await server.KubectlAsync("delete pod graceful --wait=false --grace-period=10")).ExitCode.ShouldBe(0);
        var shortened = (await GetAsync("/api/v1/namespaces/default/pods/graceful"))["metadata"]!;
        shortened["deletionGracePeriodSeconds"]!.GetValue<long>().ShouldBe(10);
        var newDeadline = DateTimeOffset.Parse(shortened["deletionTimestamp"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        (deadline - newDeadline).TotalSeconds.ShouldBe(20);

        var forced = await server.KubectlAsync("delete pod graceful --grace-period=0 --force");
        forced.ExitCode.ShouldBe(0, forced.Stderr);
        forced.Stdout.ShouldContain("pod \"graceful\" force deleted");
        (await SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/pods/graceful")).Code.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task KubectlDelete_UnscheduledPod_IsRemovedAtOnce()
    {
        await CreatePodAsync("unscheduled-delete");

        var deleted = await server.KubectlAsync("delete pod unscheduled-delete");

        deleted.ExitCode.ShouldBe(0, deleted.Stderr);
        deleted.Stdout.Trim().ShouldBe("pod \"unscheduled-delete\" deleted");
        (await SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/pods/unscheduled-delete")).Code.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Streaming_UnscheduledPod_LogsAreEmptyAndExecSaysNoHost()
    {
        await CreatePodAsync("nohost");

        // Upstream has no log location for an unscheduled pod: an empty stream, no error.
        var logs = await server.KubectlAsync("logs nohost");
        logs.ExitCode.ShouldBe(0, logs.Stderr);
        logs.Stdout.ShouldBeEmpty();

        var exec = await server.KubectlAsync("exec nohost -- ls");
        exec.ExitCode.ShouldBe(1);
        exec.Stderr.ShouldContain("pod nohost does not have a host assigned");
    }

    [Fact]
    public async Task Streaming_ContainerChoice_AndUnreachableKubelet()
    {
        (await SendAsync(HttpMethod.Post, "/api/v1/nodes", """{"apiVersion":"v1","kind":"Node","metadata":{"name":"stream-node"}}""")).Code.ShouldBe(HttpStatusCode.Created);
        await CreatePodAsync("twins", nodeName: "stream-node", containers: """[{"name":"a","image":"busybox"},{"name":"b","image":"busybox"}]""");

        var (noContainer, noContainerBody) = await SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/pods/twins/log");
        noContainer.ShouldBe(HttpStatusCode.BadRequest);
        noContainerBody["message"]!.GetValue<string>().ShouldBe("a container name must be specified for pod twins, choose one of: [a b]");
        var (badContainer, badContainerBody) = await SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/pods/twins/exec?container=c&command=ls");
        badContainer.ShouldBe(HttpStatusCode.BadRequest);
        badContainerBody["message"]!.GetValue<string>().ShouldBe("container c is not valid for pod twins");
        var (noUpgrade, noUpgradeBody) = await SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/pods/twins/exec?container=a&command=ls");
        noUpgrade.ShouldBe(HttpStatusCode.BadRequest);
        noUpgradeBody["message"]!.GetValue<string>().ShouldBe("Upgrade request required");
        var (badTail, _) = await SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/pods/twins/log?container=a&tailLines=-1");
        badTail.ShouldBe(HttpStatusCode.UnprocessableEntity);

        var logs = await server.KubectlAsync("logs twins -c a");
        logs.ExitCode.ShouldBe(1);
        logs.Stderr.ShouldContain("Error from server: Get \"https://stream-node:10250/containerLogs/default/twins/a\": no connection to the kubelet of node \"stream-node\" is configured");
        var exec = await server.KubectlAsync("exec twins -c b -- ls");
        exec.ExitCode.ShouldBe(1);
        exec.Stderr.ShouldContain("error dialing backend: no connection to the kubelet of node \"stream-node\" is configured");

        await CreatePodAsync("lost-node", nodeName: "missing-node");
        var lost = await server.KubectlAsync("logs lost-node");
        lost.ExitCode.ShouldBe(1);
        lost.Stderr.ShouldContain("Error from server (NotFound): nodes \"missing-node\" not found");
    }

    [Fact]
    public async Task Proxy_NodeAndService_CheckTheirTargets()
    {
        var (node, nodeBody) = await SendAsync(HttpMethod.Get, "/api/v1/nodes/no-such-node/proxy/healthz");
        node.ShouldBe(HttpStatusCode.NotFound);
        nodeBody["message"]!.GetValue<string>().ShouldBe("nodes \"no-such-node\" not found");

        await ApplyAsync("""
            apiVersion: v1
            kind: Service
            metadata: {name: proxied}
            spec:
              selector: {app: proxied}
              ports: [{name: http, port: 80}]
            """);
        var (noPort, noPortBody) = await SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/services/proxied:9999/proxy/");
        noPort.ShouldBe(HttpStatusCode.ServiceUnavailable);
        noPortBody["message"]!.GetValue<string>().ShouldBe("no service port 9999 found for service \"proxied\"");
        var (noEndpoints, _) = await SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/services/proxied:80/proxy/");
        noEndpoints.ShouldBe(HttpStatusCode.NotFound);

        (await SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/endpoints",
            """{"apiVersion":"v1","kind":"Endpoints","metadata":{"name":"proxied"},"subsets":[{"addresses":[{"ip":"10.42.0.9"}],"ports":[{"name":"http","port":8080}]}]}""")).Code.ShouldBe(HttpStatusCode.Created);
        var (unreachable, unreachableBody) = await SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/services/http:proxied:http/proxy/index.html");
        unreachable.ShouldBe(HttpStatusCode.ServiceUnavailable);
        unreachableBody["message"]!.GetValue<string>().ShouldStartWith("error trying to reach service: dial tcp 10.42.0.9:8080: ");

        (await SendAsync(HttpMethod.Post, "/api/v1/nodes", """{"apiVersion":"v1","kind":"Node","metadata":{"name":"proxy-node"}}""")).Code.ShouldBe(HttpStatusCode.Created);
        var (kubelet, kubeletBody) = await SendAsync(HttpMethod.Get, "/api/v1/nodes/proxy-node/proxy/healthz");
        kubelet.ShouldBe(HttpStatusCode.InternalServerError);
        kubeletBody["message"]!.GetValue<string>().ShouldBe("error dialing backend: no connection to the kubelet of node \"proxy-node\" is configured");
    }
}
