using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using KubeSharp.ApiServer.Admission;

namespace KubeSharp.ApiServer.Tests.Integration;

/// <summary>An admission plugin after the built-in ones (where upstream's webhooks run) that records what it is
/// asked about in the namespace <c>seam</c>, and refuses, while validating, any subresource write on an object named
/// <c>refuse-me</c>.</summary>
public sealed class RecordingAdmissionPlugin : IMutatingAdmissionPlugin, IValidatingAdmissionPlugin
{
    public ConcurrentQueue<string> Seen { get; } = new();

    public string Name => "Recording";

    public bool Handles(AdmissionOperation operation) => true;

    public ValueTask AdmitAsync(AdmissionAttributes attributes, CancellationToken cancellationToken) => Record("admit", attributes);

    public ValueTask ValidateAsync(AdmissionAttributes attributes, CancellationToken cancellationToken)
    {
        if (attributes.Namespace == "seam" && attributes.Name == "refuse-me" && attributes.Subresource.Length > 0)
        {
            throw AdmissionErrors.Forbidden(attributes, "refused by the recording plugin");
        }
        return Record("validate", attributes);
    }

    private ValueTask Record(string phase, AdmissionAttributes a)
    {
        if (a.Namespace == "seam")
        {
            Seen.Enqueue($"{phase} {a.Operation} {a.ResourceName}/{a.Subresource} {a.Kind} {a.Name} {a.Object?.GetType().Name ?? "-"} {a.OldObject?.GetType().Name ?? "-"} dryRun={a.DryRun}");
        }
        return ValueTask.CompletedTask;
    }
}

public sealed class RecordingAdmissionFixture : ApiServerFixture
{
    public RecordingAdmissionPlugin Plugin { get; } = new();

    protected override ApiServerOptions Configure(ApiServerOptions options) => options with { AdditionalAdmissionPlugins = [Plugin] };
}

/// <summary>
/// pods/binding, pods/eviction and RESOURCE/scale pass the admission chain as upstream's handlers pass them: a binding
/// and an eviction as the create of their subresource with the Binding/Eviction object (so NamespaceLifecycle refuses
/// them in a terminating namespace, with the NamespaceTerminating cause kubectl drain looks for), the eviction's pod
/// deletion without a second admission, a scale write as the update of RESOURCE/scale with the old and new Scale.
/// </summary>
public sealed class SubresourceAdmissionTests(RecordingAdmissionFixture server) : IClassFixture<RecordingAdmissionFixture>, IDisposable
{
    private readonly HttpClient _http = server.CreateAdminHttpClient();

    public void Dispose() => _http.Dispose();

    private Task<(HttpStatusCode Code, JsonObject Body)> SendAsync(HttpMethod method, string path, string? json = null, string contentType = "application/json")
        => _http.SendJsonAsync(method, path, json, contentType);

    private static string Pod(string name) => "{\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"nginx\"}]}}";

    private string[] Drain()
    {
        var seen = new List<string>();
        while (server.Plugin.Seen.TryDequeue(out var line))
        {
            seen.Add(line);
        }
        return [.. seen];
    }

    [Fact]
    public async Task BindingEvictionAndScale_AreAdmittedWithTheirSubresourceAndObjects()
    {
        (await SendAsync(HttpMethod.Post, "/api/v1/namespaces", """{"metadata":{"name":"seam"}}""")).Code.ShouldBeOneOf(HttpStatusCode.Created, HttpStatusCode.Conflict);
        (await SendAsync(HttpMethod.Post, "/api/v1/namespaces/seam/pods", Pod("p1"))).Code.ShouldBe(HttpStatusCode.Created);
        Drain();

        var (code, body) = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/seam/pods/p1/binding", """{"metadata":{"name":"p1"},"target":{"name":"node-a"}}""");
        code.ShouldBe(HttpStatusCode.Created, body.ToJsonString());
        Drain().ShouldBe([
            "admit Create pods/binding Binding p1 Binding - dryRun=False",
            "validate Create pods/binding Binding p1 Binding - dryRun=False",
        ]);

        (code, body) = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/seam/pods/p1/eviction?dryRun=All", """{"metadata":{"name":"p1"}}""");
        code.ShouldBe(HttpStatusCode.Created, body.ToJsonString());
        (await SendAsync(HttpMethod.Get, "/api/v1/namespaces/seam/pods/p1")).Code.ShouldBe(HttpStatusCode.OK);
        (code, body) = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/seam/pods/p1/eviction", """{"metadata":{"name":"p1"},"deleteOptions":{"gracePeriodSeconds":0}}""");
        code.ShouldBe(HttpStatusCode.Created, body.ToJsonString());
        (await SendAsync(HttpMethod.Get, "/api/v1/namespaces/seam/pods/p1")).Code.ShouldBe(HttpStatusCode.NotFound);
        // No DELETE of the pod is admitted: upstream's eviction deletes through the store.
        Drain().ShouldBe([
            "admit Create pods/eviction Eviction p1 Eviction - dryRun=True",
            "validate Create pods/eviction Eviction p1 Eviction - dryRun=True",
            "admit Create pods/eviction Eviction p1 Eviction - dryRun=False",
            "validate Create pods/eviction Eviction p1 Eviction - dryRun=False",
        ]);

        (await SendAsync(HttpMethod.Post, "/apis/apps/v1/namespaces/seam/deployments", """
            {"metadata":{"name":"d1"},"spec":{"selector":{"matchLabels":{"a":"b"}},"template":{"metadata":{"labels":{"a":"b"}},"spec":{"containers":[{"name":"c","image":"nginx"}]}}}}
            """)).Code.ShouldBe(HttpStatusCode.Created);
        Drain();
        // An update starts from the watch cache's object and, like upstream's cached GuaranteedUpdate, runs again
        // (admission included) when the cache had not yet seen the previous write; a consistent list between the
        // writes waits for the cache, so each update below is admitted exactly once.
        (await SendAsync(HttpMethod.Get, "/apis/apps/v1/namespaces/seam/deployments")).Code.ShouldBe(HttpStatusCode.OK);
        (code, body) = await SendAsync(HttpMethod.Put, "/apis/apps/v1/namespaces/seam/deployments/d1/scale", """{"metadata":{"name":"d1"},"spec":{"replicas":3}}""");
        code.ShouldBe(HttpStatusCode.OK, body.ToJsonString());
        (await SendAsync(HttpMethod.Get, "/apis/apps/v1/namespaces/seam/deployments")).Code.ShouldBe(HttpStatusCode.OK);
        (code, body) = await SendAsync(HttpMethod.Patch, "/apis/apps/v1/namespaces/seam/deployments/d1/scale", """{"spec":{"replicas":4}}""", "application/merge-patch+json");
        code.ShouldBe(HttpStatusCode.OK, body.ToJsonString());
        body["spec"]!["replicas"]!.GetValue<int>().ShouldBe(4);
        Drain().ShouldBe([
            "admit Update deployments/scale Scale d1 Scale Scale dryRun=False",
            "validate Update deployments/scale Scale d1 Scale Scale dryRun=False",
            "admit Update deployments/scale Scale d1 Scale Scale dryRun=False",
            "validate Update deployments/scale Scale d1 Scale Scale dryRun=False",
        ]);
    }

    [Fact]
    public async Task ARefusingPlugin_StopsBindingsEvictionsAndScaleWrites()
    {
        (await SendAsync(HttpMethod.Post, "/api/v1/namespaces", """{"metadata":{"name":"seam"}}""")).Code.ShouldBeOneOf(HttpStatusCode.Created, HttpStatusCode.Conflict);
        (await SendAsync(HttpMethod.Post, "/api/v1/namespaces/seam/pods", Pod("refuse-me"))).Code.ShouldBe(HttpStatusCode.Created);
        (await SendAsync(HttpMethod.Post, "/apis/apps/v1/namespaces/seam/deployments", """
            {"metadata":{"name":"refuse-me"},"spec":{"selector":{"matchLabels":{"a":"b"}},"template":{"metadata":{"labels":{"a":"b"}},"spec":{"containers":[{"name":"c","image":"nginx"}]}}}}
            """)).Code.ShouldBe(HttpStatusCode.Created);

        var (code, status) = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/seam/pods/refuse-me/binding", """{"metadata":{"name":"refuse-me"},"target":{"name":"node-a"}}""");
        code.ShouldBe(HttpStatusCode.Forbidden);
        status["message"]!.GetValue<string>().ShouldBe("pods \"refuse-me\" is forbidden: refused by the recording plugin");
        (code, _) = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/seam/pods/refuse-me/eviction", """{"metadata":{"name":"refuse-me"},"deleteOptions":{"gracePeriodSeconds":0}}""");
        code.ShouldBe(HttpStatusCode.Forbidden);
        var pod = (await SendAsync(HttpMethod.Get, "/api/v1/namespaces/seam/pods/refuse-me")).Body;
        pod["spec"]!["nodeName"].ShouldBeNull();
        pod["metadata"]!["deletionTimestamp"].ShouldBeNull();

        (code, status) = await SendAsync(HttpMethod.Patch, "/apis/apps/v1/namespaces/seam/deployments/refuse-me/scale", """{"spec":{"replicas":3}}""", "application/merge-patch+json");
        code.ShouldBe(HttpStatusCode.Forbidden, status.ToJsonString());
        status["message"]!.GetValue<string>().ShouldBe("deployments.apps \"refuse-me\" is forbidden: refused by the recording plugin");
        (await SendAsync(HttpMethod.Get, "/apis/apps/v1/namespaces/seam/deployments/refuse-me")).Body["spec"]!["replicas"]!.GetValue<int>().ShouldBe(1);
        Drain();
    }

    [Fact]
    public async Task TerminatingNamespace_RefusesBindingsAndEvictions_WithTheNamespaceTerminatingCause()
    {
        (await SendAsync(HttpMethod.Post, "/api/v1/namespaces", """{"metadata":{"name":"seam-term"}}""")).Code.ShouldBe(HttpStatusCode.Created);
        (await SendAsync(HttpMethod.Post, "/api/v1/namespaces/seam-term/pods", Pod("unbound"))).Code.ShouldBe(HttpStatusCode.Created);
        (await SendAsync(HttpMethod.Post, "/apis/apps/v1/namespaces/seam-term/deployments", """
            {"metadata":{"name":"d1"},"spec":{"selector":{"matchLabels":{"a":"b"}},"template":{"metadata":{"labels":{"a":"b"}},"spec":{"containers":[{"name":"c","image":"nginx"}]}}}}
            """)).Code.ShouldBe(HttpStatusCode.Created);
        (await SendAsync(HttpMethod.Delete, "/api/v1/namespaces/seam-term")).Code.ShouldBe(HttpStatusCode.OK);

        foreach (var (path, json) in new[]
        {
            ("/api/v1/namespaces/seam-term/pods/unbound/binding", """{"metadata":{"name":"unbound"},"target":{"name":"node-a"}}"""),
            ("/api/v1/namespaces/seam-term/pods/unbound/eviction", """{"metadata":{"name":"unbound"}}"""),
        })
        {
            var (code, status) = await SendAsync(HttpMethod.Post, path, json);
            code.ShouldBe(HttpStatusCode.Forbidden, status.ToJsonString());
            status["message"]!.GetValue<string>().ShouldBe("pods \"unbound\" is forbidden: unable to create new content in namespace seam-term because it is being terminated");
            var cause = status["details"]!["causes"]![0]!;
            cause["reason"]!.GetValue<string>().ShouldBe("NamespaceTerminating");
            cause["field"]!.GetValue<string>().ShouldBe("metadata.namespace");
        }
        (await SendAsync(HttpMethod.Get, "/api/v1/namespaces/seam-term/pods/unbound"))
            .Body["spec"]!["nodeName"].ShouldBeNull();

        // A scale write is an update: the terminating namespace does not stop it.
        var (scaled, scale) = await SendAsync(HttpMethod.Patch, "/apis/apps/v1/namespaces/seam-term/deployments/d1/scale", """{"spec":{"replicas":2}}""", "application/merge-patch+json");
        scaled.ShouldBe(HttpStatusCode.OK, scale.ToJsonString());
    }
}
