using System.Net;
using System.Text.Json.Nodes;

namespace KubeSharp.ApiServer.Tests.Integration;

/// <summary>
/// What DELETE answers, as upstream's genericregistry.Store and handlers/delete.go: the deleted object for the stores
/// built with ReturnDeletedObject (pods, podtemplates, services, serviceaccounts, namespaces, storageclasses), else a
/// Success Status whose details name the object with its resource as "kind" and its uid; the object as updated while
/// its deletion is pending (finalizers, graceful pods); 202 only for a pending deletion asked with
/// orphanDependents=false; deletecollection answers the list of what it deleted.
/// </summary>
public sealed class DeleteResponseTests(ApiServerFixture server) : IClassFixture<ApiServerFixture>, IDisposable
{
    private readonly HttpClient _http = server.CreateAdminHttpClient();

    public void Dispose() => _http.Dispose();

    private Task<(HttpStatusCode Code, string Text)> SendAsync(HttpMethod method, string path, string? json = null, string contentType = "application/json")
        => _http.SendTextAsync(method, path, json, contentType);

    private async Task<JsonObject> CreateAsync(string path, string json)
    {
        var (code, text) = await SendAsync(HttpMethod.Post, path, json);
        code.ShouldBe(HttpStatusCode.Created, text);
        return JsonNode.Parse(text)!.AsObject();
    }

    private static string Uid(JsonObject obj) => obj["metadata"]!["uid"]!.GetValue<string>();

    [Fact]
    public async Task Delete_RacingWrites_IsRetriedNotAConflict()
    {
        // Upstream's storage Delete re-reads and retries when the object changed under it (a client without
        // preconditions never sees 409 for that); ours once answered 409, which let the CronJob controller take a
        // running Job for gone.
        for (var round = 0; round < 10; round++)
        {
            var path = "/api/v1/namespaces/default/configmaps/del-race-" + round;
            await CreateAsync("/api/v1/namespaces/default/configmaps", $$$"""{"metadata":{"name":"del-race-{{{round}}}"}}""");
            using var stop = new CancellationTokenSource();
            var writes = 0;
            var writer = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var (written, _) = await SendAsync(HttpMethod.Patch, path, $$$"""{"data":{"n":"{{{writes}}}"}}""", "application/merge-patch+json");
                    if (written != HttpStatusCode.OK)
                    {
                        return;
                    }
                    writes++;
                }
            });
            while (Volatile.Read(ref writes) < 3 && !writer.IsCompleted)
            {
                await Task.Delay(5);
            }
            var (code, text) = await SendAsync(HttpMethod.Delete, path);
            await stop.CancelAsync();
            await writer;
            code.ShouldBe(HttpStatusCode.OK, text);
            (await SendAsync(HttpMethod.Get, path)).Code.ShouldBe(HttpStatusCode.NotFound);
        }
    }

    [Fact]
    public async Task Delete_ConfigMap_AnswersASuccessStatusNamingTheResourceAndUid()
    {
        var created = await CreateAsync("/api/v1/namespaces/default/configmaps", """{"metadata":{"name":"del-status"}}""");
        var (code, text) = await SendAsync(HttpMethod.Delete, "/api/v1/namespaces/default/configmaps/del-status");
        code.ShouldBe(HttpStatusCode.OK);
        text.ShouldBe("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Success\",\"details\":{\"name\":\"del-status\",\"kind\":\"configmaps\",\"uid\":\""
            + Uid(created) + "\"}}");
        (await SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/configmaps/del-status")).Code.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Delete_InAGroup_NamesTheGroup_AndADryRunAnswersTheSameStatus()
    {
        var created = await CreateAsync("/apis/apps/v1/namespaces/default/deployments", """
            {"metadata":{"name":"del-apps"},"spec":{"selector":{"matchLabels":{"a":"b"}},"template":{"metadata":{"labels":{"a":"b"}},"spec":{"containers":[{"name":"c","image":"nginx"}]}}}}
            """);
        var expected = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Success\",\"details\":{\"name\":\"del-apps\",\"group\":\"apps\",\"kind\":\"deployments\",\"uid\":\""
            + Uid(created) + "\"}}";
        var (code, text) = await SendAsync(HttpMethod.Delete, "/apis/apps/v1/namespaces/default/deployments/del-apps?dryRun=All");
        code.ShouldBe(HttpStatusCode.OK);
        text.ShouldBe(expected);
        (await SendAsync(HttpMethod.Get, "/apis/apps/v1/namespaces/default/deployments/del-apps")).Code.ShouldBe(HttpStatusCode.OK);

        (code, text) = await SendAsync(HttpMethod.Delete, "/apis/apps/v1/namespaces/default/deployments/del-apps", """{"propagationPolicy":"Background"}""");
        code.ShouldBe(HttpStatusCode.OK);
        text.ShouldBe(expected);
    }

    [Theory]
    [InlineData("/api/v1/namespaces/default/services", """{"metadata":{"name":"del-svc"},"spec":{"ports":[{"port":80}]}}""", "Service")]
    [InlineData("/api/v1/namespaces/default/serviceaccounts", """{"metadata":{"name":"del-sa"}}""", "ServiceAccount")]
    [InlineData("/api/v1/namespaces/default/podtemplates", """{"metadata":{"name":"del-pt"},"template":{"spec":{"containers":[{"name":"c","image":"nginx"}]}}}""", "PodTemplate")]
    [InlineData("/apis/storage.k8s.io/v1/storageclasses", """{"metadata":{"name":"del-sc"},"provisioner":"example.com/x"}""", "StorageClass")]
    [InlineData("/api/v1/namespaces/default/pods", """{"metadata":{"name":"del-pod"},"spec":{"containers":[{"name":"c","image":"nginx"}]}}""", "Pod")]
    public async Task Delete_OfAStoreThatReturnsDeletedObjects_AnswersTheObject(string collection, string json, string kind)
    {
        var created = await CreateAsync(collection, json);
        var name = created["metadata"]!["name"]!.GetValue<string>();
        var (code, text) = await SendAsync(HttpMethod.Delete, collection + "/" + name);
        code.ShouldBe(HttpStatusCode.OK);
        var deleted = JsonNode.Parse(text)!.AsObject();
        deleted["kind"]!.GetValue<string>().ShouldBe(kind);
        Uid(deleted).ShouldBe(Uid(created));
        (await SendAsync(HttpMethod.Get, collection + "/" + name)).Code.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Delete_HeldByAFinalizer_AnswersTheMarkedObject_And202OnlyForOrphanDependentsFalse()
    {
        await CreateAsync("/api/v1/namespaces/default/configmaps", """{"metadata":{"name":"del-held","finalizers":["example.com/hold"]}}""");
        var (code, text) = await SendAsync(HttpMethod.Delete, "/api/v1/namespaces/default/configmaps/del-held");
        code.ShouldBe(HttpStatusCode.OK);
        var marked = JsonNode.Parse(text)!.AsObject();
        marked["kind"]!.GetValue<string>().ShouldBe("ConfigMap");
        marked["metadata"]!["deletionTimestamp"].ShouldNotBeNull();
        marked["metadata"]!["deletionGracePeriodSeconds"]!.GetValue<long>().ShouldBe(0);

        (code, text) = await SendAsync(HttpMethod.Delete, "/api/v1/namespaces/default/configmaps/del-held", """{"orphanDependents":false}""");
        code.ShouldBe(HttpStatusCode.Accepted);
        JsonNode.Parse(text)!["metadata"]!["name"]!.GetValue<string>().ShouldBe("del-held");

        // Foreground propagation adds the GC's finalizer and answers the object too (200: no orphanDependents).
        await CreateAsync("/api/v1/namespaces/default/configmaps", """{"metadata":{"name":"del-fg"}}""");
        (code, text) = await SendAsync(HttpMethod.Delete, "/api/v1/namespaces/default/configmaps/del-fg", """{"propagationPolicy":"Foreground"}""");
        code.ShouldBe(HttpStatusCode.OK);
        JsonNode.Parse(text)!["metadata"]!["finalizers"]!.AsArray().Select(f => f!.GetValue<string>()).ShouldBe(["foregroundDeletion"]);

        foreach (var name in new[] { "del-held", "del-fg" })
        {
            (code, text) = await SendAsync(HttpMethod.Patch, "/api/v1/namespaces/default/configmaps/" + name, """{"metadata":{"finalizers":null}}""", "application/merge-patch+json");
            code.ShouldBe(HttpStatusCode.OK, text);
        }
        (await SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/configmaps/del-held")).Code.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Delete_GracefulPod_AnswersThePodAsMarked_AndAgainWhileItIsPending()
    {
        await CreateAsync("/api/v1/namespaces/default/pods", """{"metadata":{"name":"del-graceful"},"spec":{"nodeName":"node-a","containers":[{"name":"c","image":"nginx"}]}}""");
        var (code, text) = await SendAsync(HttpMethod.Delete, "/api/v1/namespaces/default/pods/del-graceful");
        code.ShouldBe(HttpStatusCode.OK);
        var marked = JsonNode.Parse(text)!.AsObject();
        marked["kind"]!.GetValue<string>().ShouldBe("Pod");
        marked["metadata"]!["deletionGracePeriodSeconds"]!.GetValue<long>().ShouldBe(30);

        (code, text) = await SendAsync(HttpMethod.Delete, "/api/v1/namespaces/default/pods/del-graceful", """{"orphanDependents":false}""");
        code.ShouldBe(HttpStatusCode.Accepted);
        JsonNode.Parse(text)!["metadata"]!["deletionGracePeriodSeconds"]!.GetValue<long>().ShouldBe(30);

        (code, text) = await SendAsync(HttpMethod.Delete, "/api/v1/namespaces/default/pods/del-graceful?gracePeriodSeconds=0");
        code.ShouldBe(HttpStatusCode.OK);
        JsonNode.Parse(text)!["kind"]!.GetValue<string>().ShouldBe("Pod");
        (await SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/pods/del-graceful")).Code.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task DeleteCollection_AnswersTheListOfWhatItDeleted()
    {
        (await SendAsync(HttpMethod.Post, "/api/v1/namespaces", """{"metadata":{"name":"del-coll"}}""")).Code.ShouldBe(HttpStatusCode.Created);
        var uids = new List<string>();
        foreach (var name in new[] { "a", "b", "c" })
        {
            uids.Add(Uid(await CreateAsync("/api/v1/namespaces/del-coll/configmaps", "{\"metadata\":{\"name\":\"" + name + "\",\"labels\":{\"go\":\"" + (name == "c" ? "no" : "yes") + "\"}}}")));
        }
        var (code, text) = await SendAsync(HttpMethod.Delete, "/api/v1/namespaces/del-coll/configmaps?labelSelector=go%3Dyes");
        code.ShouldBe(HttpStatusCode.OK, text);
        var list = JsonNode.Parse(text)!.AsObject();
        list["kind"]!.GetValue<string>().ShouldBe("ConfigMapList");
        list["apiVersion"]!.GetValue<string>().ShouldBe("v1");
        list["metadata"]!["resourceVersion"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
        list["items"]!.AsArray().Select(i => (i!["metadata"]!["name"]!.GetValue<string>(), Uid(i.AsObject()))).ShouldBe([("a", uids[0]), ("b", uids[1])]);

        var (_, remaining) = await SendAsync(HttpMethod.Get, "/api/v1/namespaces/del-coll/configmaps");
        JsonNode.Parse(remaining)!["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()).ShouldBe(["c"]);

        // Nothing selected: an empty list.
        (code, text) = await SendAsync(HttpMethod.Delete, "/api/v1/namespaces/del-coll/configmaps?labelSelector=go%3Dmaybe");
        code.ShouldBe(HttpStatusCode.OK, text);
        JsonNode.Parse(text)!["items"]!.AsArray().Count.ShouldBe(0);
    }

    [Fact]
    public async Task Kubectl_DeletePrintsDeleted_AndWaitFollowsTheUidOfTheStatus()
    {
        (await server.KubectlAsync("create configmap del-kubectl --from-literal=a=b")).ExitCode.ShouldBe(0);
        var deleted = await server.KubectlAsync("delete configmap del-kubectl --wait=true --timeout=60s");
        deleted.ExitCode.ShouldBe(0, deleted.Stderr);
        deleted.Stdout.Trim().ShouldBe("configmap \"del-kubectl\" deleted");

        (await server.KubectlAsync("create deployment del-kubectl --image=nginx")).ExitCode.ShouldBe(0);
        deleted = await server.KubectlAsync("delete deployment del-kubectl --cascade=foreground --wait=false");
        deleted.ExitCode.ShouldBe(0, deleted.Stderr);
        deleted.Stdout.Trim().ShouldBe("deployment.apps \"del-kubectl\" deleted");
        var held = await server.KubectlAsync("get deployment del-kubectl -o jsonpath={.metadata.finalizers}");
        held.Stdout.ShouldBe("[\"foregroundDeletion\"]");

        (await server.KubectlAsync("create service clusterip del-kubectl --tcp=80:80")).ExitCode.ShouldBe(0);
        deleted = await server.KubectlAsync("delete service del-kubectl");
        deleted.ExitCode.ShouldBe(0, deleted.Stderr);
        deleted.Stdout.Trim().ShouldBe("service \"del-kubectl\" deleted");
    }
}
