using System.Net;
using System.Text.Json.Nodes;

namespace KubeSharp.ApiServer.Tests.Integration;

/// <summary>
/// The admission chain through the real server and kubectl 1.32: namespace lifecycle (Terminating, the finalize
/// subresource, immortal namespaces), the pod defaults of ServiceAccount, Priority and DefaultTolerationSeconds,
/// LimitRanger defaults and limits, and ResourceQuota refusals and charging. The tests play the controllers that do
/// not exist yet: the namespace controller (finalize) and the resource quota controller (quota status).
/// </summary>
public sealed class AdmissionTests(ApiServerFixture server) : IClassFixture<ApiServerFixture>, IDisposable
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

    private async Task<string> Ok(string arguments, string? stdin = null)
    {
        var (code, stdout, stderr) = await server.KubectlAsync(arguments, stdin);
        code.ShouldBe(0, $"kubectl {arguments}\n{stderr}");
        return stdout;
    }

    private async Task<string> Refused(string arguments, string? stdin = null)
    {
        var (code, _, stderr) = await server.KubectlAsync(arguments, stdin);
        code.ShouldBe(1, $"kubectl {arguments} succeeded");
        return stderr.Trim();
    }

    /// <summary>kubectl run's --overrides giving the one container these resources (kubectl 1.32 has no --requests).</summary>
    private static string Resources(string container, string resources)
        => "--overrides={\"spec\":{\"containers\":[{\"name\":\"" + container + "\",\"image\":\"nginx\",\"resources\":" + resources + "}]}}";

    private static string Pod(string name, string spec = "") => "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{\"containers\":[{\"name\":\"main\",\"image\":\"busybox\"}]" + spec + "}}";

    [Fact]
    public async Task DeletingANamespace_LeavesItTerminating_RefusesNewContent_AndFinalizeRemovesIt()
    {
        await Ok("create namespace adm-term");
        await Ok("create configmap kept -n adm-term --from-literal=a=b");

        (await Ok("delete namespace adm-term --wait=false")).Trim().ShouldBe("namespace \"adm-term\" deleted");
        var ns = await GetAsync("/api/v1/namespaces/adm-term");
        ns["status"]!["phase"]!.GetValue<string>().ShouldBe("Terminating");
        ns["metadata"]!["deletionTimestamp"].ShouldNotBeNull();
        ns["spec"]!["finalizers"]!.AsArray().Select(f => f!.GetValue<string>()).ShouldBe(["kubernetes"]);
        (await Ok("get namespace adm-term --no-headers")).ShouldContain("Terminating");

        // Nothing new goes in: kubectl shows upstream's words, the Status carries the NamespaceTerminating cause.
        (await Refused("create configmap late -n adm-term --from-literal=a=b")).ShouldBe(
            "error: failed to create configmap: configmaps \"late\" is forbidden: unable to create new content in namespace adm-term because it is being terminated");
        var (code, status) = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/adm-term/configmaps", """{"metadata":{"name":"late"}}""");
        code.ShouldBe(HttpStatusCode.Forbidden);
        status["reason"]!.GetValue<string>().ShouldBe("Forbidden");
        status["details"]!["name"]!.GetValue<string>().ShouldBe("late");
        var cause = status["details"]!["causes"]![0]!;
        cause["reason"]!.GetValue<string>().ShouldBe("NamespaceTerminating");
        cause["message"]!.GetValue<string>().ShouldBe("namespace adm-term is being terminated");
        cause["field"]!.GetValue<string>().ShouldBe("metadata.namespace");
        // Refused before its name is generated: upstream names the generateName.
        var generated = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/adm-term/configmaps", """{"metadata":{"generateName":"gen-"}}""");
        generated.Body["message"]!.GetValue<string>().ShouldBe(
            "configmaps \"gen-\" is forbidden: unable to create new content in namespace adm-term because it is being terminated");

        // Deleting again changes nothing while the finalizer is there; content can still be updated and deleted.
        (await SendAsync(HttpMethod.Delete, "/api/v1/namespaces/adm-term")).Code.ShouldBe(HttpStatusCode.OK);
        (await GetAsync("/api/v1/namespaces/adm-term"))["status"]!["phase"]!.GetValue<string>().ShouldBe("Terminating");
        await Ok("label configmap kept -n adm-term x=y");
        (await Refused("create namespace adm-term")).ShouldBe(
            "Error from server (AlreadyExists): object is being deleted: namespaces \"adm-term\" already exists");

        // What the namespace controller does: delete the content, then remove its finalizer through /finalize.
        using var wait = server.StartKubectl(ApiServerFixture.Kubectl, "wait --for=delete namespace/adm-term --timeout=30s");
        await Ok("delete configmap kept -n adm-term");
        ns["spec"]!["finalizers"] = new JsonArray();
        var (finalized, finalizedBody) = await SendAsync(HttpMethod.Put, "/api/v1/namespaces/adm-term/finalize", ns.ToJsonString());
        finalized.ShouldBe(HttpStatusCode.OK, finalizedBody.ToJsonString());
        finalizedBody["spec"]!["finalizers"].ShouldBeNull();
        (await SendAsync(HttpMethod.Get, "/api/v1/namespaces/adm-term")).Code.ShouldBe(HttpStatusCode.NotFound);
        (await wait.WaitForExitAsync(TimeSpan.FromSeconds(30))).ShouldBe(0);
    }

    [Fact]
    public async Task MetadataFinalizers_HoldAFinalizedNamespace_UntilTheyAreRemoved()
    {
        (await SendAsync(HttpMethod.Post, "/api/v1/namespaces", """{"metadata":{"name":"adm-hold","finalizers":["example.com/hold"]}}""")).Code.ShouldBe(HttpStatusCode.Created);
        (await SendAsync(HttpMethod.Delete, "/api/v1/namespaces/adm-hold")).Code.ShouldBe(HttpStatusCode.OK);
        var ns = await GetAsync("/api/v1/namespaces/adm-hold");
        ns["spec"]!["finalizers"] = new JsonArray();
        (await SendAsync(HttpMethod.Put, "/api/v1/namespaces/adm-hold/finalize", ns.ToJsonString())).Code.ShouldBe(HttpStatusCode.OK);
        var held = await GetAsync("/api/v1/namespaces/adm-hold");
        held["status"]!["phase"]!.GetValue<string>().ShouldBe("Terminating");
        // The finalize subresource keeps the status: a phase in the body is ignored.
        held["status"]!["phase"] = "Active";
        (await SendAsync(HttpMethod.Put, "/api/v1/namespaces/adm-hold/finalize", held.ToJsonString())).Body["status"]!["phase"]!.GetValue<string>().ShouldBe("Terminating");

        var (released, releasedBody) = await SendAsync(HttpMethod.Patch, "/api/v1/namespaces/adm-hold", """{"metadata":{"finalizers":null}}""", "application/merge-patch+json");
        released.ShouldBe(HttpStatusCode.OK, releasedBody.ToJsonString());
        (await SendAsync(HttpMethod.Get, "/api/v1/namespaces/adm-hold")).Code.ShouldBe(HttpStatusCode.NotFound);

        var (badVerb, _) = await SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/finalize");
        badVerb.ShouldBe(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task ImmortalNamespaces_CannotBeDeleted_AndMissingNamespacesAreNotFound()
    {
        foreach (var name in new[] { "default", "kube-system", "kube-public" })
        {
            (await Refused($"delete namespace {name} --wait=false")).ShouldBe(
                $"Error from server (Forbidden): namespaces \"{name}\" is forbidden: this namespace may not be deleted");
        }
        (await GetAsync("/api/v1/namespaces/kube-public"))["status"]!["phase"]!.GetValue<string>().ShouldBe("Active");
        (await Refused("create configmap x -n adm-missing")).ShouldBe("error: failed to create configmap: namespaces \"adm-missing\" not found");
    }

    [Fact]
    public async Task NewPods_GetTheDefaultServiceAccount_Priority_AndNodeFailureTolerations()
    {
        await Ok("create namespace adm-pods");
        var yaml = await Ok("run plain -n adm-pods --image=nginx --dry-run=server -o yaml");
        yaml.ShouldContain("  serviceAccountName: default\n");
        yaml.ShouldContain("  serviceAccount: default\n");
        yaml.ShouldContain("  priority: 0\n");
        yaml.ShouldContain("  preemptionPolicy: PreemptLowerPriority\n");
        yaml.ShouldContain("""
              tolerations:
              - effect: NoExecute
                key: node.kubernetes.io/not-ready
                operator: Exists
                tolerationSeconds: 300
              - effect: NoExecute
                key: node.kubernetes.io/unreachable
                operator: Exists
                tolerationSeconds: 300

            """.Replace("\r", "", StringComparison.Ordinal), Case.Sensitive);

        // A pod that tolerates not-ready already (empty effect counts) keeps its own and gets only unreachable.
        var (code, pod) = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/adm-pods/pods",
            Pod("own", ""","serviceAccountName":"robot","tolerations":[{"key":"node.kubernetes.io/not-ready","operator":"Exists"}]"""));
        code.ShouldBe(HttpStatusCode.Created, pod.ToJsonString());
        pod["spec"]!["serviceAccountName"]!.GetValue<string>().ShouldBe("robot");
        var tolerations = pod["spec"]!["tolerations"]!.AsArray();
        tolerations.Count.ShouldBe(2);
        tolerations[0]!["tolerationSeconds"].ShouldBeNull();
        tolerations[1]!["key"]!.GetValue<string>().ShouldBe("node.kubernetes.io/unreachable");

        // A pod naming no image pull secrets gets its ServiceAccount's.
        await Ok("create serviceaccount puller -n adm-pods");
        await Ok("patch serviceaccount puller -n adm-pods -p {\"imagePullSecrets\":[{\"name\":\"registry\"}]}");
        var pulling = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/adm-pods/pods", Pod("pulling", ""","serviceAccountName":"puller" """));
        pulling.Code.ShouldBe(HttpStatusCode.Created, pulling.Body.ToJsonString());
        pulling.Body["spec"]!["imagePullSecrets"]![0]!["name"]!.GetValue<string>().ShouldBe("registry");

        var critical = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/adm-pods/pods", Pod("critical", ""","priorityClassName":"system-cluster-critical" """));
        critical.Code.ShouldBe(HttpStatusCode.Created);
        critical.Body["spec"]!["priority"]!.GetValue<int>().ShouldBe(2000000000);

        var (missing, missingBody) = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/adm-pods/pods", Pod("nowhere", ""","priorityClassName":"adm-nope" """));
        missing.ShouldBe(HttpStatusCode.Forbidden);
        missingBody["message"]!.GetValue<string>().ShouldBe("pods \"nowhere\" is forbidden: no PriorityClass with name adm-nope was found");
        var (contradicting, contradictingBody) = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/adm-pods/pods",
            Pod("liar", ""","priorityClassName":"system-cluster-critical","priority":7"""));
        contradicting.ShouldBe(HttpStatusCode.Forbidden);
        contradictingBody["message"]!.GetValue<string>().ShouldBe("pods \"liar\" is forbidden: the integer value of priority (7) must not be provided in pod spec; "
            + "priority admission controller computed 2000000000 from the given PriorityClass name");

        // A global default class applies to pods naming none; only one class may be the default.
        await Ok("create priorityclass adm-default --value=1000 --global-default");
        (await Refused("create priorityclass adm-second --value=5 --global-default")).ShouldBe(
            "error: failed to create priorityclass: priorityclasses.scheduling.k8s.io \"adm-second\" is forbidden: PriorityClass adm-default is already marked as default. Only one default can exist");
        var defaulted = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/adm-pods/pods", Pod("defaulted"));
        defaulted.Body["spec"]!["priorityClassName"]!.GetValue<string>().ShouldBe("adm-default");
        defaulted.Body["spec"]!["priority"]!.GetValue<int>().ShouldBe(1000);
        await Ok("delete priorityclass adm-default");
    }

    [Fact]
    public async Task LimitRanges_DefaultContainerResources_AndRefuseWhatIsOutOfRange()
    {
        await Ok("create namespace adm-limits");
        await Ok("apply -f -", """
            apiVersion: v1
            kind: LimitRange
            metadata:
              name: limits
              namespace: adm-limits
            spec:
              limits:
              - type: Container
                default: {cpu: 500m}
                defaultRequest: {cpu: 100m}
                max: {cpu: "1"}
                maxLimitRequestRatio: {cpu: "10"}
              - type: PersistentVolumeClaim
                min: {storage: 1Gi}
                max: {storage: 2Gi}
            """);
        var (code, pod) = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/adm-limits/pods",
            """{"metadata":{"name":"sized"},"spec":{"initContainers":[{"name":"init","image":"busybox"}],"containers":[{"name":"main","image":"busybox"}]}}""");
        code.ShouldBe(HttpStatusCode.Created, pod.ToJsonString());
        var resources = pod["spec"]!["containers"]![0]!["resources"]!;
        resources["requests"]!["cpu"]!.GetValue<string>().ShouldBe("100m");
        resources["limits"]!["cpu"]!.GetValue<string>().ShouldBe("500m");
        pod["spec"]!["initContainers"]![0]!["resources"]!["limits"]!["cpu"]!.GetValue<string>().ShouldBe("500m");
        pod["metadata"]!["annotations"]!["kubernetes.io/limit-ranger"]!.GetValue<string>().ShouldBe(
            "LimitRanger plugin set: cpu request for container main; cpu limit for container main; cpu request for init container init; cpu limit for init container init");
        pod["status"]!["qosClass"]!.GetValue<string>().ShouldBe("Burstable");

        (await Refused("run big -n adm-limits --image=nginx " + Resources("big", "{\"requests\":{\"cpu\":\"1\"},\"limits\":{\"cpu\":\"2\"}}"))).ShouldBe(
            "Error from server (Forbidden): pods \"big\" is forbidden: maximum cpu usage per Container is 1, but limit is 2");
        var (ratio, ratioBody) = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/adm-limits/pods",
            """{"metadata":{"name":"skewed"},"spec":{"containers":[{"name":"main","image":"busybox","resources":{"requests":{"cpu":"10m"},"limits":{"cpu":"1"}}}]}}""");
        ratio.ShouldBe(HttpStatusCode.Forbidden);
        ratioBody["message"]!.GetValue<string>().ShouldBe(
            "pods \"skewed\" is forbidden: cpu max limit to request ratio per Container is 10, but provided ratio is 100.000000");

        static string Claim(string name, string size)
            => "{\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{\"accessModes\":[\"ReadWriteOnce\"],\"resources\":{\"requests\":{\"storage\":\"" + size + "\"}}}}";
        var (tooBig, tooBigBody) = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/adm-limits/persistentvolumeclaims", Claim("huge", "3Gi"));
        tooBig.ShouldBe(HttpStatusCode.Forbidden);
        tooBigBody["message"]!.GetValue<string>().ShouldBe(
            "persistentvolumeclaims \"huge\" is forbidden: maximum storage usage per PersistentVolumeClaim is 2Gi, but request is 3Gi");
        var (tooSmall, tooSmallBody) = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/adm-limits/persistentvolumeclaims", Claim("tiny", "100Mi"));
        tooSmall.ShouldBe(HttpStatusCode.Forbidden);
        tooSmallBody["message"]!.GetValue<string>().ShouldBe(
            "persistentvolumeclaims \"tiny\" is forbidden: minimum storage usage per PersistentVolumeClaim is 1Gi, but request is 100Mi");
        (await SendAsync(HttpMethod.Post, "/api/v1/namespaces/adm-limits/persistentvolumeclaims", Claim("fits", "1Gi"))).Code.ShouldBe(HttpStatusCode.Created);
    }

    /// <summary>What the resource quota controller does for a new quota in an empty namespace: status.hard from
    /// spec.hard, nothing used yet.</summary>
    private async Task SyncQuotaStatusAsync(string ns, string name)
    {
        var quota = await GetAsync($"/api/v1/namespaces/{ns}/resourcequotas/{name}");
        var hard = quota["spec"]!["hard"]!.AsObject();
        var used = new JsonObject();
        foreach (var (key, _) in hard)
        {
            used[key] = "0";
        }
        quota["status"] = new JsonObject { ["hard"] = hard.DeepClone(), ["used"] = used };
        var (code, body) = await SendAsync(HttpMethod.Put, $"/api/v1/namespaces/{ns}/resourcequotas/{name}/status", quota.ToJsonString());
        code.ShouldBe(HttpStatusCode.OK, body.ToJsonString());
    }

    private async Task<string> UsedAsync(string ns, string quota, string resource)
        => (await GetAsync($"/api/v1/namespaces/{ns}/resourcequotas/{quota}"))["status"]!["used"]![resource]!.GetValue<string>();

    [Fact]
    public async Task ResourceQuota_ChargesUsage_AndRefusesWhatExceedsIt()
    {
        await Ok("create namespace adm-quota");
        await Ok("create quota counts -n adm-quota --hard=pods=1,configmaps=1,services.nodeports=1");
        // Until the quota controller has seen the quota it limits nothing, as upstream.
        await Ok("create configmap before -n adm-quota --from-literal=a=b");
        await Ok("delete configmap before -n adm-quota");
        await SyncQuotaStatusAsync("adm-quota", "counts");

        await Ok("run first -n adm-quota --image=nginx");
        (await UsedAsync("adm-quota", "counts", "pods")).ShouldBe("1");
        (await Refused("run second -n adm-quota --image=nginx")).ShouldBe(
            "Error from server (Forbidden): pods \"second\" is forbidden: exceeded quota: counts, requested: pods=1, used: pods=1, limited: pods=1");

        // A dry run is checked but not charged.
        await Ok("create configmap dry -n adm-quota --from-literal=a=b --dry-run=server");
        (await UsedAsync("adm-quota", "counts", "configmaps")).ShouldBe("0");
        await Ok("create configmap one -n adm-quota --from-literal=a=b");
        (await UsedAsync("adm-quota", "counts", "configmaps")).ShouldBe("1");
        (await Refused("create configmap two -n adm-quota --from-literal=a=b")).ShouldBe(
            "error: failed to create configmap: configmaps \"two\" is forbidden: exceeded quota: counts, requested: configmaps=1, used: configmaps=1, limited: configmaps=1");

        // Updates are charged by their growth: a ClusterIP Service turned NodePort with two ports needs two node ports.
        await Ok("create service clusterip web -n adm-quota --tcp=80:80,443:443");
        (await Refused("patch service web -n adm-quota -p {\"spec\":{\"type\":\"NodePort\"}}")).ShouldBe(
            "Error from server (Forbidden): services \"web\" is forbidden: exceeded quota: counts, requested: services.nodeports=2, used: services.nodeports=0, limited: services.nodeports=1");
    }

    [Fact]
    public async Task ResourceQuota_OnComputeResources_WantsThemStated_AndHonoursScopes()
    {
        await Ok("create namespace adm-compute");
        await Ok("create quota compute -n adm-compute --hard=requests.cpu=1,limits.memory=1Gi");
        await Ok("create quota besteffort -n adm-compute --hard=pods=1 --scopes=BestEffort");
        await SyncQuotaStatusAsync("adm-compute", "compute");
        await SyncQuotaStatusAsync("adm-compute", "besteffort");

        (await Refused("run bare -n adm-compute --image=nginx")).ShouldBe(
            "Error from server (Forbidden): pods \"bare\" is forbidden: failed quota: compute: must specify limits.memory for: bare; requests.cpu for: bare");
        await Ok("run sized -n adm-compute --image=nginx " + Resources("sized", "{\"requests\":{\"cpu\":\"600m\"},\"limits\":{\"memory\":\"512Mi\"}}"));
        var compute = (await GetAsync("/api/v1/namespaces/adm-compute/resourcequotas/compute"))["status"]!["used"]!;
        compute["requests.cpu"]!.GetValue<string>().ShouldBe("600m");
        compute["limits.memory"]!.GetValue<string>().ShouldBe("512Mi");
        // The BestEffort quota does not cover a pod with requests.
        (await UsedAsync("adm-compute", "besteffort", "pods")).ShouldBe("0");
        (await Refused("run more -n adm-compute --image=nginx " + Resources("more", "{\"requests\":{\"cpu\":\"600m\"},\"limits\":{\"memory\":\"100Mi\"}}"))).ShouldBe(
            "Error from server (Forbidden): pods \"more\" is forbidden: exceeded quota: compute, requested: requests.cpu=600m, used: requests.cpu=600m, limited: requests.cpu=1");
    }
}
