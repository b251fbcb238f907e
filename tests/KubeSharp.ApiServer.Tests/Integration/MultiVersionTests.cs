using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace KubeSharp.ApiServer.Tests.Integration;

/// <summary>
/// Resources served in several versions over one storage: core/v1 and events.k8s.io/v1 Events, autoscaling/v2 and
/// autoscaling/v1 HorizontalPodAutoscalers, over HTTPS and through the real kubectl.
/// </summary>
public sealed class MultiVersionTests(ApiServerFixture server) : IClassFixture<ApiServerFixture>, IDisposable
{
    private const string CoreEvents = "/api/v1/namespaces/default/events";
    private const string EventsV1 = "/apis/events.k8s.io/v1/namespaces/default/events";
    private const string HpaV1 = "/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers";
    private const string HpaV2 = "/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers";

    private readonly HttpClient _client = CreateClient(server);

    public void Dispose() => _client.Dispose();

    [Fact]
    public async Task CoreEvent_IsReadThroughEventsV1()
    {
        var created = await SendAsync(HttpMethod.Post, CoreEvents, """
            {"apiVersion":"v1","kind":"Event","metadata":{"name":"core-1"},
             "involvedObject":{"kind":"Pod","namespace":"default","name":"web-0"},
             "reason":"Pulled","message":"pulled the image","type":"Normal","count":2,
             "firstTimestamp":"2024-01-02T03:04:05Z","lastTimestamp":"2024-01-02T03:04:09Z",
             "source":{"component":"kubelet","host":"node-1"}}
            """);
        created.Status.ShouldBe(HttpStatusCode.Created, created.Body);

        var read = await SendAsync(HttpMethod.Get, EventsV1 + "/core-1");
        read.Status.ShouldBe(HttpStatusCode.OK, read.Body);
        var e = read.Json;
        e["apiVersion"]!.GetValue<string>().ShouldBe("events.k8s.io/v1");
        e["kind"]!.GetValue<string>().ShouldBe("Event");
        e["note"]!.GetValue<string>().ShouldBe("pulled the image");
        e["regarding"]!["name"]!.GetValue<string>().ShouldBe("web-0");
        e["deprecatedCount"]!.GetValue<int>().ShouldBe(2);
        e["deprecatedFirstTimestamp"]!.GetValue<string>().ShouldBe("2024-01-02T03:04:05Z");
        e["deprecatedSource"]!["component"]!.GetValue<string>().ShouldBe("kubelet");
        e["message"].ShouldBeNull();
        e["metadata"]!["resourceVersion"]!.GetValue<string>().ShouldBe(created.Json["metadata"]!["resourceVersion"]!.GetValue<string>());

        var list = await SendAsync(HttpMethod.Get, EventsV1 + "?fieldSelector=regarding.name%3Dweb-0");
        list.Status.ShouldBe(HttpStatusCode.OK, list.Body);
        list.Json["kind"]!.GetValue<string>().ShouldBe("EventList");
        list.Json["apiVersion"]!.GetValue<string>().ShouldBe("events.k8s.io/v1");
        var items = list.Json["items"]!.AsArray();
        items.Select(i => i!["metadata"]!["name"]!.GetValue<string>()).ShouldContain("core-1");
        items.ShouldAllBe(i => i!["apiVersion"]!.GetValue<string>() == "events.k8s.io/v1");
    }

    [Fact]
    public async Task EventsV1Event_IsReadThroughCore_AndSelectableInBoth()
    {
        var created = await SendAsync(HttpMethod.Post, EventsV1, """
            {"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"ev1-1"},
             "eventTime":"2024-03-04T05:06:07.123456Z","reportingController":"example.com/ctl","reportingInstance":"ctl-1",
             "action":"Scale","reason":"Scaled","type":"Normal","note":"scaled up",
             "regarding":{"kind":"Deployment","namespace":"default","name":"api","apiVersion":"apps/v1"}}
            """);
        created.Status.ShouldBe(HttpStatusCode.Created, created.Body);
        created.Json["apiVersion"]!.GetValue<string>().ShouldBe("events.k8s.io/v1");
        created.Json["note"]!.GetValue<string>().ShouldBe("scaled up");

        var core = await SendAsync(HttpMethod.Get, CoreEvents + "/ev1-1");
        core.Status.ShouldBe(HttpStatusCode.OK, core.Body);
        core.Json["apiVersion"]!.GetValue<string>().ShouldBe("v1");
        core.Json["message"]!.GetValue<string>().ShouldBe("scaled up");
        core.Json["involvedObject"]!["name"]!.GetValue<string>().ShouldBe("api");
        core.Json["reportingComponent"]!.GetValue<string>().ShouldBe("example.com/ctl");
        core.Json["eventTime"]!.GetValue<string>().ShouldBe("2024-03-04T05:06:07.123456Z");

        (await NamesAsync(CoreEvents + "?fieldSelector=involvedObject.name%3Dapi,reportingComponent%3Dexample.com/ctl")).ShouldBe(["ev1-1"]);
        (await NamesAsync(EventsV1 + "?fieldSelector=regarding.name%3Dapi,reportingController%3Dexample.com/ctl")).ShouldBe(["ev1-1"]);
        (await NamesAsync(EventsV1 + "?fieldSelector=regarding.kind%3DNode")).ShouldBeEmpty();

        // Each version has its own field names: the core name is not an events.k8s.io label.
        var wrong = await SendAsync(HttpMethod.Get, EventsV1 + "?fieldSelector=involvedObject.name%3Dapi");
        wrong.Status.ShouldBe(HttpStatusCode.BadRequest, wrong.Body);
        wrong.Json["message"]!.GetValue<string>().ShouldContain("field label not supported: involvedObject.name");
    }

    [Fact]
    public async Task EventsV1_IsValidatedStrictly_CoreIsNot()
    {
        const string legacy = """
            {"apiVersion":"%V","kind":"Event","metadata":{"name":"%N"},"reason":"Started","type":"Normal"}
            """;
        var core = await SendAsync(HttpMethod.Post, CoreEvents, legacy.Replace("%V", "v1", StringComparison.Ordinal).Replace("%N", "legacy-core", StringComparison.Ordinal));
        core.Status.ShouldBe(HttpStatusCode.Created, core.Body);

        var strict = await SendAsync(HttpMethod.Post, EventsV1, legacy.Replace("%V", "events.k8s.io/v1", StringComparison.Ordinal).Replace("%N", "legacy-ev1", StringComparison.Ordinal));
        strict.Status.ShouldBe((HttpStatusCode)422, strict.Body);
        strict.Json["reason"]!.GetValue<string>().ShouldBe("Invalid");
        var fields = strict.Json["details"]!["causes"]!.AsArray().Select(c => c!["field"]!.GetValue<string>()).ToList();
        fields.ShouldContain("eventTime");

        var missingController = await SendAsync(HttpMethod.Post, EventsV1, """
            {"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"no-controller"},
             "eventTime":"2024-03-04T05:06:07.000000Z","reportingInstance":"i","action":"A","reason":"R","type":"Normal",
             "regarding":{"kind":"Pod","namespace":"default","name":"p"}}
            """);
        missingController.Status.ShouldBe((HttpStatusCode)422, missingController.Body);
        missingController.Json["details"]!["causes"]!.AsArray().Select(c => c!["field"]!.GetValue<string>()).ShouldContain("reportingController");
    }

    [Fact]
    public async Task Watch_ThroughBothVersions_SendsEachItsVersion()
    {
        var start = (await SendAsync(HttpMethod.Get, CoreEvents)).Json["metadata"]!["resourceVersion"]!.GetValue<string>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var coreWatch = await OpenWatchAsync($"{CoreEvents}?watch=true&resourceVersion={start}&fieldSelector=metadata.name%3Dwatched", cts.Token);
        using var v1Watch = await OpenWatchAsync($"{EventsV1}?watch=true&resourceVersion={start}&fieldSelector=metadata.name%3Dwatched", cts.Token);

        var created = await SendAsync(HttpMethod.Post, CoreEvents, """
            {"apiVersion":"v1","kind":"Event","metadata":{"name":"watched"},"involvedObject":{"kind":"Pod","namespace":"default","name":"w"},
             "reason":"Created","message":"made","type":"Normal"}
            """);
        created.Status.ShouldBe(HttpStatusCode.Created, created.Body);

        var coreEvent = await ReadWatchEventAsync(coreWatch, cts.Token);
        coreEvent["type"]!.GetValue<string>().ShouldBe("ADDED");
        coreEvent["object"]!["apiVersion"]!.GetValue<string>().ShouldBe("v1");
        coreEvent["object"]!["message"]!.GetValue<string>().ShouldBe("made");

        var v1Event = await ReadWatchEventAsync(v1Watch, cts.Token);
        v1Event["type"]!.GetValue<string>().ShouldBe("ADDED");
        v1Event["object"]!["apiVersion"]!.GetValue<string>().ShouldBe("events.k8s.io/v1");
        v1Event["object"]!["note"]!.GetValue<string>().ShouldBe("made");
        v1Event["object"]!["metadata"]!["resourceVersion"]!.GetValue<string>()
            .ShouldBe(coreEvent["object"]!["metadata"]!["resourceVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task Table_IncludeObject_IsInTheRequestVersion()
    {
        var created = await SendAsync(HttpMethod.Post, CoreEvents, """
            {"apiVersion":"v1","kind":"Event","metadata":{"name":"tabled"},"involvedObject":{"kind":"Pod","namespace":"default","name":"t"},
             "reason":"Killing","message":"stopping","type":"Normal"}
            """);
        created.Status.ShouldBe(HttpStatusCode.Created, created.Body);
        var table = await SendAsync(HttpMethod.Get, EventsV1 + "/tabled?includeObject=Object", accept: "application/json;as=Table;v=v1;g=meta.k8s.io");
        table.Status.ShouldBe(HttpStatusCode.OK, table.Body);
        table.Json["kind"]!.GetValue<string>().ShouldBe("Table");
        var columns = table.Json["columnDefinitions"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()).ToList();
        columns.ShouldContain("Reason");
        var row = table.Json["rows"]![0]!;
        row["object"]!["apiVersion"]!.GetValue<string>().ShouldBe("events.k8s.io/v1");
        row["object"]!["note"]!.GetValue<string>().ShouldBe("stopping");
    }

    [Fact]
    public async Task Kubectl_GetsEventsInBothVersions()
    {
        var created = await SendAsync(HttpMethod.Post, CoreEvents, """
            {"apiVersion":"v1","kind":"Event","metadata":{"name":"kubectl-ev"},"involvedObject":{"kind":"Pod","namespace":"default","name":"kpod","apiVersion":"v1"},
             "reason":"BackOff","message":"back-off restarting","type":"Warning","count":1,"lastTimestamp":"2024-01-02T03:04:05Z"}
            """);
        created.Status.ShouldBe(HttpStatusCode.Created, created.Body);

        var core = await server.KubectlAsync("get events --field-selector involvedObject.name=kpod");
        core.ExitCode.ShouldBe(0, core.Stderr);
        core.Stdout.ShouldContain("BackOff");
        core.Stdout.ShouldContain("pod/kpod");
        core.Stdout.ShouldContain("back-off restarting");

        var v1 = await server.KubectlAsync("get events.v1.events.k8s.io --field-selector regarding.name=kpod");
        v1.ExitCode.ShouldBe(0, v1.Stderr);
        v1.Stdout.ShouldContain("BackOff");
        v1.Stdout.ShouldContain("pod/kpod");

        // kubectl events --for selects by the involved object's kind, apiVersion and name.
        var forPod = await server.KubectlAsync("events --for pod/kpod");
        forPod.ExitCode.ShouldBe(0, forPod.Stderr);
        forPod.Stdout.ShouldContain("back-off restarting");
        var forOther = await server.KubectlAsync("events --for pod/other");
        forOther.ExitCode.ShouldBe(0, forOther.Stderr);
        forOther.Stdout.ShouldNotContain("back-off restarting");

        var yaml = await server.KubectlAsync("get events.v1.events.k8s.io kubectl-ev -o jsonpath={.apiVersion}/{.note}/{.regarding.name}");
        yaml.ExitCode.ShouldBe(0, yaml.Stderr);
        yaml.Stdout.ShouldBe("events.k8s.io/v1/back-off restarting/kpod");
    }

    [Fact]
    public async Task HpaCreatedThroughV2_ReadAndUpdatedThroughV1_KeepsItsV2Fields()
    {
        var created = await SendAsync(HttpMethod.Post, HpaV2, """
            {"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler","metadata":{"name":"rich"},
             "spec":{"scaleTargetRef":{"kind":"Deployment","name":"rich","apiVersion":"apps/v1"},"minReplicas":1,"maxReplicas":5,
              "metrics":[{"type":"Resource","resource":{"name":"memory","target":{"type":"AverageValue","averageValue":"500Mi"}}},
                         {"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":70}}}],
              "behavior":{"scaleDown":{"stabilizationWindowSeconds":120,"policies":[{"type":"Pods","value":1,"periodSeconds":60}]}}}}
            """);
        created.Status.ShouldBe(HttpStatusCode.Created, created.Body);
        var storedV2 = created.Json;

        var v1 = await SendAsync(HttpMethod.Get, HpaV1 + "/rich");
        v1.Status.ShouldBe(HttpStatusCode.OK, v1.Body);
        v1.Json["apiVersion"]!.GetValue<string>().ShouldBe("autoscaling/v1");
        v1.Json["spec"]!["targetCPUUtilizationPercentage"]!.GetValue<int>().ShouldBe(70);
        v1.Json["spec"]!["metrics"].ShouldBeNull();
        var annotations = v1.Json["metadata"]!["annotations"]!;
        annotations["autoscaling.alpha.kubernetes.io/metrics"]!.GetValue<string>().ShouldContain("memory");
        annotations["autoscaling.alpha.kubernetes.io/behavior"]!.GetValue<string>().ShouldContain("\"stabilizationWindowSeconds\":120");

        // A v1 client reads, changes maxReplicas and writes the whole object back.
        var update = v1.Json.DeepClone();
        update["spec"]!["maxReplicas"] = 9;
        var updated = await SendAsync(HttpMethod.Put, HpaV1 + "/rich", update.ToJsonString());
        updated.Status.ShouldBe(HttpStatusCode.OK, updated.Body);
        updated.Json["apiVersion"]!.GetValue<string>().ShouldBe("autoscaling/v1");
        updated.Json["spec"]!["maxReplicas"]!.GetValue<int>().ShouldBe(9);

        var v2 = await SendAsync(HttpMethod.Get, HpaV2 + "/rich");
        v2.Status.ShouldBe(HttpStatusCode.OK, v2.Body);
        v2.Json["spec"]!["maxReplicas"]!.GetValue<int>().ShouldBe(9);
        v2.Json["spec"]!["metrics"]!.ToJsonString().ShouldBe(storedV2["spec"]!["metrics"]!.ToJsonString());
        v2.Json["spec"]!["behavior"]!.ToJsonString().ShouldBe(storedV2["spec"]!["behavior"]!.ToJsonString());
        v2.Json["metadata"]!["annotations"].ShouldBeNull();

        // A merge patch through v1 applies to the v1 form, and still loses nothing.
        var patched = await SendAsync(HttpMethod.Patch, HpaV1 + "/rich", """{"spec":{"targetCPUUtilizationPercentage":55}}""", "application/merge-patch+json");
        patched.Status.ShouldBe(HttpStatusCode.OK, patched.Body);
        patched.Json["spec"]!["targetCPUUtilizationPercentage"]!.GetValue<int>().ShouldBe(55);
        var afterPatch = (await SendAsync(HttpMethod.Get, HpaV2 + "/rich")).Json;
        var metrics = afterPatch["spec"]!["metrics"]!.AsArray();
        metrics.Count.ShouldBe(2);
        metrics[0]!["resource"]!["name"]!.GetValue<string>().ShouldBe("memory");
        metrics[1]!["resource"]!["target"]!["averageUtilization"]!.GetValue<int>().ShouldBe(55);
        afterPatch["spec"]!["behavior"]!["scaleDown"]!["stabilizationWindowSeconds"]!.GetValue<int>().ShouldBe(120);
    }

    [Fact]
    public async Task JsonPatchThroughEventsV1_AppliesToTheEventsV1Form()
    {
        var created = await SendAsync(HttpMethod.Post, CoreEvents, """
            {"apiVersion":"v1","kind":"Event","metadata":{"name":"patched"},"involvedObject":{"kind":"Pod","namespace":"default","name":"p"},
             "reason":"Created","message":"before","type":"Normal"}
            """);
        created.Status.ShouldBe(HttpStatusCode.Created, created.Body);

        var patched = await SendAsync(HttpMethod.Patch, EventsV1 + "/patched",
            """[{"op":"test","path":"/note","value":"before"},{"op":"add","path":"/series","value":{"count":2,"lastObservedTime":"2024-01-02T03:04:05.000000Z"}}]""",
            "application/json-patch+json");
        patched.Status.ShouldBe(HttpStatusCode.OK, patched.Body);
        patched.Json["series"]!["count"]!.GetValue<int>().ShouldBe(2);
        var core = await SendAsync(HttpMethod.Get, CoreEvents + "/patched");
        core.Json["series"]!["count"]!.GetValue<int>().ShouldBe(2);

        // Updates through events.k8s.io are validated strictly: the note (the internal message) is immutable there,
        // while core/v1 may change it.
        var note = await SendAsync(HttpMethod.Patch, EventsV1 + "/patched", """[{"op":"replace","path":"/note","value":"after"}]""", "application/json-patch+json");
        note.Status.ShouldBe((HttpStatusCode)422, note.Body);
        note.Json["message"]!.GetValue<string>().ShouldContain("message: Invalid value: \"after\": field is immutable");
        var coreMessage = await SendAsync(HttpMethod.Patch, CoreEvents + "/patched", """{"message":"after"}""", "application/merge-patch+json");
        coreMessage.Status.ShouldBe(HttpStatusCode.OK, coreMessage.Body);

        // The core name of the field is not a field of the events.k8s.io form.
        var wrongPath = await SendAsync(HttpMethod.Patch, EventsV1 + "/patched", """[{"op":"test","path":"/message","value":"after"}]""", "application/json-patch+json");
        wrongPath.Status.ShouldBe((HttpStatusCode)422, wrongPath.Body);
        (await SendAsync(HttpMethod.Get, EventsV1 + "/patched")).Json["note"]!.GetValue<string>().ShouldBe("after");
    }

    [Fact]
    public async Task HpaStatusThroughV1_IsStoredAsV2Metrics()
    {
        var created = await SendAsync(HttpMethod.Post, HpaV1, """
            {"apiVersion":"autoscaling/v1","kind":"HorizontalPodAutoscaler","metadata":{"name":"status-v1"},
             "spec":{"scaleTargetRef":{"kind":"Deployment","name":"d","apiVersion":"apps/v1"},"maxReplicas":4,"targetCPUUtilizationPercentage":60}}
            """);
        created.Status.ShouldBe(HttpStatusCode.Created, created.Body);
        created.Json["spec"]!["minReplicas"]!.GetValue<int>().ShouldBe(1);

        var update = created.Json.DeepClone();
        update["status"] = JsonNode.Parse("""{"currentReplicas":2,"desiredReplicas":3,"currentCPUUtilizationPercentage":72}""");
        var status = await SendAsync(HttpMethod.Put, HpaV1 + "/status-v1/status", update.ToJsonString());
        status.Status.ShouldBe(HttpStatusCode.OK, status.Body);
        status.Json["status"]!["currentCPUUtilizationPercentage"]!.GetValue<int>().ShouldBe(72);

        var v2 = (await SendAsync(HttpMethod.Get, HpaV2 + "/status-v1")).Json;
        v2["status"]!["desiredReplicas"]!.GetValue<int>().ShouldBe(3);
        var current = v2["status"]!["currentMetrics"]!.AsArray().Single()!;
        current["resource"]!["name"]!.GetValue<string>().ShouldBe("cpu");
        current["resource"]!["current"]!["averageUtilization"]!.GetValue<int>().ShouldBe(72);
    }

    [Fact]
    public async Task KubectlAutoscale_CreatesAnHpa_ThatGetHpaShows()
    {
        var deployment = await server.KubectlAsync("create deployment scaled --image=nginx:1.25");
        deployment.ExitCode.ShouldBe(0, deployment.Stderr);

        var autoscale = await server.KubectlAsync("autoscale deployment scaled --max=5 --cpu-percent=80");
        autoscale.ExitCode.ShouldBe(0, autoscale.Stderr);
        autoscale.Stdout.Trim().ShouldBe("horizontalpodautoscaler.autoscaling/scaled autoscaled");

        var get = await server.KubectlAsync("get hpa scaled");
        get.ExitCode.ShouldBe(0, get.Stderr);
        get.Stdout.ShouldContain("Deployment/scaled");
        get.Stdout.ShouldContain("cpu: <unknown>/80%");

        var v2 = await SendAsync(HttpMethod.Get, HpaV2 + "/scaled");
        v2.Status.ShouldBe(HttpStatusCode.OK, v2.Body);
        var metric = v2.Json["spec"]!["metrics"]!.AsArray().Single()!;
        metric["resource"]!["name"]!.GetValue<string>().ShouldBe("cpu");
        metric["resource"]!["target"]!["averageUtilization"]!.GetValue<int>().ShouldBe(80);
        v2.Json["spec"]!["minReplicas"]!.GetValue<int>().ShouldBe(1);
        v2.Json["spec"]!["maxReplicas"]!.GetValue<int>().ShouldBe(5);

        var v1 = await server.KubectlAsync("get horizontalpodautoscalers.v1.autoscaling scaled -o jsonpath={.apiVersion}/{.spec.targetCPUUtilizationPercentage}");
        v1.ExitCode.ShouldBe(0, v1.Stderr);
        v1.Stdout.ShouldBe("autoscaling/v1/80");
    }

    private static HttpClient CreateClient(ApiServerFixture server)
    {
        var handler = new HttpClientHandler { UseProxy = false };
        handler.ClientCertificates.Add(server.Host.Pki.AdminCertificate);
        var ca = server.Host.Pki.CaCertificate;
        handler.ServerCertificateCustomValidationCallback = (_, certificate, chain, _) =>
        {
            if (certificate is null || chain is null)
            {
                return false;
            }
            chain.ChainPolicy.TrustMode = System.Security.Cryptography.X509Certificates.X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck;
            return chain.Build(certificate);
        };
        return new HttpClient(handler) { BaseAddress = server.Host.Address };
    }

    private async Task<(HttpStatusCode Status, string Body, JsonNode Json)> SendAsync(HttpMethod method, string path, string? body = null,
        string contentType = "application/json", string accept = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }
        using var response = await _client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text, JsonNode.Parse(text.Length == 0 ? "{}" : text)!);
    }

    private async Task<List<string>> NamesAsync(string path)
    {
        var list = await SendAsync(HttpMethod.Get, path);
        list.Status.ShouldBe(HttpStatusCode.OK, list.Body);
        return list.Json["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()).ToList();
    }

    private async Task<StreamReader> OpenWatchAsync(string path, CancellationToken cancellationToken)
    {
        // HTTP/2, as kubectl watches: the response headers are sent as the watch starts.
        var request = new HttpRequestMessage(HttpMethod.Get, path) { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
    }

    private static async Task<JsonNode> ReadWatchEventAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        var line = await reader.ReadLineAsync(cancellationToken);
        line.ShouldNotBeNull();
        return JsonNode.Parse(line)!;
    }
}
