using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KubeSharp.ApiServer.Rest;

namespace KubeSharp.ApiServer.Tests.Integration;

/// <summary>A server whose watch bookmarks come every second (upstream: about once a minute).</summary>
public sealed class FastBookmarkServerFixture : ApiServerFixture
{
    protected override ApiServerOptions Configure(ApiServerOptions options) => options with { WatchBookmarkInterval = TimeSpan.FromSeconds(1) };
}

/// <summary>List and watch semantics over HTTPS with the admin certificate: bookmarks, watch lists
/// (sendInitialEvents), consistent pagination, compaction, object size limits and the real kubectl.</summary>
public sealed class WatchListTests(FastBookmarkServerFixture server) : IClassFixture<FastBookmarkServerFixture>, IDisposable
{
    private readonly HttpClient _http = server.CreateAdminHttpClient();

    public void Dispose() => _http.Dispose();

    private async Task CreateNamespaceAsync(string name)
    {
        using var response = await _http.PostAsync("/api/v1/namespaces", Json($$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{name}}}"}}"""));
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    private async Task<long> CreateConfigMapAsync(string ns, string name)
    {
        using var response = await _http.PostAsync($"/api/v1/namespaces/{ns}/configmaps",
            Json($$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}"},"data":{"k":"v"}}"""));
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Created, body);
        return long.Parse(JsonNode.Parse(body)!["metadata"]!["resourceVersion"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private async Task<(HttpStatusCode Code, JsonNode Body)> GetJsonAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    /// <summary>A streaming watch read line by line.</summary>
    private sealed class WatchStream(HttpResponseMessage response, StreamReader reader) : IDisposable
    {
        public HttpResponseMessage Response { get; } = response;

        /// <summary>The next event, or null when the stream ended.</summary>
        public async Task<JsonNode?> NextAsync(TimeSpan timeout)
        {
            using var cts = new CancellationTokenSource(timeout);
            var line = await reader.ReadLineAsync(cts.Token);
            return line is null ? null : JsonNode.Parse(line);
        }

        public void Dispose()
        {
            reader.Dispose();
            Response.Dispose();
        }
    }

    private async Task<WatchStream> WatchAsync(string path)
    {
        var response = await _http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return new WatchStream(response, new StreamReader(await response.Content.ReadAsStreamAsync()));
    }

    private static string TypeOf(JsonNode? e) => e!["type"]!.GetValue<string>();

    private static string NameOf(JsonNode? e) => e!["object"]!["metadata"]!["name"]!.GetValue<string>();

    private static long RevisionOf(JsonNode? e)
        => long.Parse(e!["object"]!["metadata"]!["resourceVersion"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Bookmarks_ArriveOnlyWhenAsked_WithTheKindAndTheCurrentRevision()
    {
        await CreateNamespaceAsync("wl-bookmarks");
        var created = await CreateConfigMapAsync("wl-bookmarks", "first");

        using (var watch = await WatchAsync($"/api/v1/namespaces/wl-bookmarks/configmaps?watch=1&resourceVersion={created}&allowWatchBookmarks=true&timeoutSeconds=20"))
        {
            var bookmark = await watch.NextAsync(TimeSpan.FromSeconds(10));
            TypeOf(bookmark).ShouldBe("BOOKMARK");
            var obj = bookmark!["object"]!;
            obj["kind"]!.GetValue<string>().ShouldBe("ConfigMap");
            obj["apiVersion"]!.GetValue<string>().ShouldBe("v1");
            obj["metadata"]!["name"].ShouldBeNull();
            RevisionOf(bookmark).ShouldBeGreaterThanOrEqualTo(created);
            // Changes still come, and later bookmarks carry a revision at least as new.
            var second = await CreateConfigMapAsync("wl-bookmarks", "second");
            JsonNode? next;
            do
            {
                next = await watch.NextAsync(TimeSpan.FromSeconds(10));
            }
            while (TypeOf(next) == "BOOKMARK");
            TypeOf(next).ShouldBe("ADDED");
            NameOf(next).ShouldBe("second");
            do
            {
                next = await watch.NextAsync(TimeSpan.FromSeconds(10));
            }
            while (TypeOf(next) != "BOOKMARK");
            RevisionOf(next).ShouldBeGreaterThanOrEqualTo(second);
        }

        // Without allowWatchBookmarks a 3s watch (three bookmark intervals) sends none.
        using (var quiet = await WatchAsync($"/api/v1/namespaces/wl-bookmarks/configmaps?watch=1&resourceVersion={created}&timeoutSeconds=3"))
        {
            var types = new List<string>();
            while (await quiet.NextAsync(TimeSpan.FromSeconds(10)) is { } e)
            {
                types.Add(TypeOf(e));
            }
            types.ShouldBe(["ADDED"]);
        }
    }

    [Fact]
    public async Task SendInitialEvents_SendsTheStateThenTheEndBookmarkThenChanges()
    {
        await CreateNamespaceAsync("wl-initial");
        var revisions = new List<long>();
        foreach (var name in new[] { "a", "b", "c" })
        {
            revisions.Add(await CreateConfigMapAsync("wl-initial", name));
        }
        using var watch = await WatchAsync("/api/v1/namespaces/wl-initial/configmaps?watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&timeoutSeconds=30");
        var names = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var e = await watch.NextAsync(TimeSpan.FromSeconds(10));
            TypeOf(e).ShouldBe("ADDED");
            names.Add(NameOf(e));
        }
        names.ShouldBe(["a", "b", "c"]);
        var end = await watch.NextAsync(TimeSpan.FromSeconds(10));
        TypeOf(end).ShouldBe("BOOKMARK");
        end!["object"]!["metadata"]!["annotations"]!["k8s.io/initial-events-end"]!.GetValue<string>().ShouldBe("true");
        RevisionOf(end).ShouldBeGreaterThanOrEqualTo(revisions.Max());

        await CreateConfigMapAsync("wl-initial", "d");
        JsonNode? next;
        do
        {
            next = await watch.NextAsync(TimeSpan.FromSeconds(10));
        }
        while (TypeOf(next) == "BOOKMARK" && next!["object"]!["metadata"]!["annotations"] is null);
        TypeOf(next).ShouldBe("ADDED");
        NameOf(next).ShouldBe("d");
    }

    [Fact]
    public async Task SendInitialEvents_WithoutBookmarks_SendsTheStateButNoEndBookmark()
    {
        await CreateNamespaceAsync("wl-initial-nobm");
        await CreateConfigMapAsync("wl-initial-nobm", "only");
        using var watch = await WatchAsync("/api/v1/namespaces/wl-initial-nobm/configmaps?watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&timeoutSeconds=3");
        var types = new List<string>();
        while (await watch.NextAsync(TimeSpan.FromSeconds(10)) is { } e)
        {
            types.Add(TypeOf(e));
        }
        types.ShouldBe(["ADDED"]);
    }

    [Theory]
    [InlineData("watch=1&sendInitialEvents=true", "resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan")]
    [InlineData("watch=1&resourceVersionMatch=NotOlderThan", "resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided")]
    [InlineData("watch=1&sendInitialEvents=true&resourceVersionMatch=Exact", "resourceVersionMatch: Unsupported value: \"Exact\": supported values: \"NotOlderThan\"")]
    [InlineData("resourceVersionMatch=Exact", "resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided")]
    [InlineData("resourceVersion=0&resourceVersionMatch=Exact", "resourceVersionMatch: Forbidden: resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\"")]
    [InlineData("resourceVersion=5&resourceVersionMatch=Newest", "resourceVersionMatch: Unsupported value: \"Newest\": supported values: \"Exact\", \"NotOlderThan\", \"\"")]
    [InlineData("sendInitialEvents=true", "sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list")]
    public async Task InvalidListOptions_Are422WithUpstreamsMessages(string query, string expected)
    {
        var (code, body) = await GetJsonAsync("/api/v1/namespaces/default/configmaps?" + query);
        code.ShouldBe(HttpStatusCode.UnprocessableEntity);
        body["reason"]!.GetValue<string>().ShouldBe("Invalid");
        body["message"]!.GetValue<string>().ShouldStartWith("ListOptions.meta.k8s.io \"\" is invalid: ");
        body["message"]!.GetValue<string>().ShouldContain(expected);
        body["details"]!["kind"]!.GetValue<string>().ShouldBe("ListOptions");
    }

    [Theory]
    [InlineData("/api/v1/namespaces/default/configmaps?resourceVersion=abc")]
    [InlineData("/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=abc")]
    public async Task UnparsableResourceVersion_IsBadRequestWithUpstreamsFieldError(string path)
    {
        var (code, status) = await GetJsonAsync(path);
        code.ShouldBe(HttpStatusCode.BadRequest);
        status["message"]!.GetValue<string>().ShouldBe("resourceVersion: Invalid value: \"abc\": strconv.ParseUint: parsing \"abc\": invalid syntax");
    }

    [Fact]
    public async Task ContinueWithResourceVersion_IsBadRequest()
    {
        await CreateNamespaceAsync("wl-continue-rv");
        for (var i = 0; i < 3; i++)
        {
            await CreateConfigMapAsync("wl-continue-rv", $"cm-{i}");
        }
        var (_, first) = await GetJsonAsync("/api/v1/namespaces/wl-continue-rv/configmaps?limit=1");
        var token = first["metadata"]!["continue"]!.GetValue<string>();
        var (code, body) = await GetJsonAsync($"/api/v1/namespaces/wl-continue-rv/configmaps?limit=1&resourceVersion=5&continue={Uri.EscapeDataString(token)}");
        code.ShouldBe(HttpStatusCode.BadRequest);
        body["message"]!.GetValue<string>().ShouldBe("specifying resource version is not allowed when using continue");
        (code, body) = await GetJsonAsync("/api/v1/namespaces/wl-continue-rv/configmaps?limit=1&continue=bm90LWpzb24=");
        code.ShouldBe(HttpStatusCode.BadRequest);
        body["message"]!.GetValue<string>().ShouldStartWith("continue key is not valid");
    }

    [Fact]
    public async Task Pagination_IsOneSnapshot_WhileObjectsChangeBetweenPages()
    {
        await CreateNamespaceAsync("wl-pages");
        for (var i = 0; i < 5; i++)
        {
            await CreateConfigMapAsync("wl-pages", $"cm-{i}");
        }
        var (code, first) = await GetJsonAsync("/api/v1/namespaces/wl-pages/configmaps?limit=2");
        code.ShouldBe(HttpStatusCode.OK);
        var revision = first["metadata"]!["resourceVersion"]!.GetValue<string>();
        first["metadata"]!["remainingItemCount"]!.GetValue<long>().ShouldBe(3);
        var names = first["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()).ToList();

        // Between pages: one object appears after the cursor, one not yet listed disappears.
        await CreateConfigMapAsync("wl-pages", "cm-9");
        (await _http.DeleteAsync("/api/v1/namespaces/wl-pages/configmaps/cm-3")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var token = first["metadata"]!["continue"]!.GetValue<string>();
        while (token.Length > 0)
        {
            var (pageCode, page) = await GetJsonAsync($"/api/v1/namespaces/wl-pages/configmaps?limit=2&continue={Uri.EscapeDataString(token)}");
            pageCode.ShouldBe(HttpStatusCode.OK);
            page["metadata"]!["resourceVersion"]!.GetValue<string>().ShouldBe(revision);
            names.AddRange(page["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()));
            token = page["metadata"]!["continue"]?.GetValue<string>() ?? "";
        }
        names.ShouldBe(["cm-0", "cm-1", "cm-2", "cm-3", "cm-4"]);

        // A fresh list sees the changes.
        var (_, now) = await GetJsonAsync("/api/v1/namespaces/wl-pages/configmaps");
        now["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()).ShouldBe(["cm-0", "cm-1", "cm-2", "cm-4", "cm-9"]);
    }

    [Fact]
    public async Task KubectlChunkedGet_ListsEveryObject()
    {
        await CreateNamespaceAsync("wl-chunks");
        for (var i = 0; i < 5; i++)
        {
            await CreateConfigMapAsync("wl-chunks", $"cm-{i}");
        }
        var (code, stdout, stderr) = await server.KubectlAsync("get configmaps -n wl-chunks --chunk-size=2 -o name");
        code.ShouldBe(0, stderr);
        stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).ShouldBe(
            ["configmap/cm-0", "configmap/cm-1", "configmap/cm-2", "configmap/cm-3", "configmap/cm-4"]);
    }

    [Fact]
    public async Task RemainingItemCount_IsLeftOutWithSelectors()
    {
        await CreateNamespaceAsync("wl-remaining");
        for (var i = 0; i < 4; i++)
        {
            await CreateConfigMapAsync("wl-remaining", $"cm-{i}");
        }
        var (_, page) = await GetJsonAsync("/api/v1/namespaces/wl-remaining/configmaps?limit=1&fieldSelector=metadata.name!%3Dcm-0");
        page["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()).ShouldBe(["cm-1"]);
        page["metadata"]!["continue"].ShouldNotBeNull();
        page["metadata"]!["remainingItemCount"].ShouldBeNull();
    }

    [Fact]
    public async Task CompactedContinue_Is410WithAFreshToken_AndExactListAtACompactedRevisionIs410()
    {
        await CreateNamespaceAsync("wl-compact");
        var firstRevision = 0L;
        for (var i = 0; i < 4; i++)
        {
            var rv = await CreateConfigMapAsync("wl-compact", $"cm-{i}");
            firstRevision = firstRevision == 0 ? rv : firstRevision;
        }
        var (_, first) = await GetJsonAsync("/api/v1/namespaces/wl-compact/configmaps?limit=2");
        var token = first["metadata"]!["continue"]!.GetValue<string>();
        await CreateConfigMapAsync("wl-compact", "cm-5");
        await server.Store.CompactAsync(await server.Store.GetCurrentRevisionAsync(CancellationToken.None), CancellationToken.None);

        var (code, gone) = await GetJsonAsync($"/api/v1/namespaces/wl-compact/configmaps?limit=2&continue={Uri.EscapeDataString(token)}");
        code.ShouldBe(HttpStatusCode.Gone);
        gone["reason"]!.GetValue<string>().ShouldBe("Expired");
        gone["message"]!.GetValue<string>().ShouldBe(RestHandler.InconsistentContinueMessage);
        var fresh = gone["metadata"]!["continue"]!.GetValue<string>();
        fresh.ShouldNotBe(token);

        // The fresh token continues at the latest revision, after the same key.
        var (freshCode, rest) = await GetJsonAsync($"/api/v1/namespaces/wl-compact/configmaps?limit=10&continue={Uri.EscapeDataString(fresh)}");
        freshCode.ShouldBe(HttpStatusCode.OK);
        rest["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()).ShouldBe(["cm-2", "cm-3", "cm-5"]);

        var (exactCode, tooOld) = await GetJsonAsync($"/api/v1/namespaces/wl-compact/configmaps?resourceVersion={firstRevision}&resourceVersionMatch=Exact");
        exactCode.ShouldBe(HttpStatusCode.Gone);
        tooOld["message"]!.GetValue<string>().ShouldBe(RestHandler.ListTooOldMessage);
    }

    [Fact]
    public async Task ExactList_ReturnsTheStateAtThatRevision()
    {
        await CreateNamespaceAsync("wl-exact");
        var rv = await CreateConfigMapAsync("wl-exact", "before");
        await CreateConfigMapAsync("wl-exact", "after");
        var (code, list) = await GetJsonAsync($"/api/v1/namespaces/wl-exact/configmaps?resourceVersion={rv}&resourceVersionMatch=Exact");
        code.ShouldBe(HttpStatusCode.OK);
        list["metadata"]!["resourceVersion"]!.GetValue<string>().ShouldBe(rv.ToString(System.Globalization.CultureInfo.InvariantCulture));
        list["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()).ShouldBe(["before"]);

        var (futureCode, future) = await GetJsonAsync($"/api/v1/namespaces/wl-exact/configmaps?resourceVersion={rv + 100000}&resourceVersionMatch=NotOlderThan");
        futureCode.ShouldBe(HttpStatusCode.GatewayTimeout);
        future["message"]!.GetValue<string>().ShouldStartWith($"Timeout: Too large resource version: {rv + 100000}, current: ");
    }

    [Fact]
    public async Task WatchFromAFutureRevision_Is504TooLargeResourceVersion()
    {
        var (code, status) = await GetJsonAsync("/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=99999999");
        code.ShouldBe(HttpStatusCode.GatewayTimeout);
        status["reason"]!.GetValue<string>().ShouldBe("Timeout");
        status["message"]!.GetValue<string>().ShouldStartWith("Timeout: Too large resource version: 99999999, current: ");
        status["details"]!["causes"]![0]!["reason"]!.GetValue<string>().ShouldBe("ResourceVersionTooLarge");
    }

    [Fact]
    public async Task OversizedObject_Is413WithEtcdsWords()
    {
        await CreateNamespaceAsync("wl-size");
        // 1.6 MB of container args: no validation limit applies, the body is under 3 MiB, the stored object over 1.5 MiB.
        var args = string.Join(",", Enumerable.Range(0, 1600).Select(_ => "\"" + new string('x', 1000) + "\""));
        var pod = $$$"""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"big"},"spec":{"containers":[{"name":"c","image":"busybox","args":[{{{args}}}]}]}}""";
        using var response = await _http.PostAsync("/api/v1/namespaces/wl-size/pods", Json(pod));
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        status["reason"]!.GetValue<string>().ShouldBe("RequestEntityTooLarge");
        status["message"]!.GetValue<string>().ShouldBe("Request entity too large: etcdserver: request is too large");
        status["kind"]!.GetValue<string>().ShouldBe("Status");
        (await _http.GetAsync("/api/v1/namespaces/wl-size/pods/big")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task UpdateThatGrowsAnObjectPastTheStoreLimit_Is413WithEtcdsWords_AndLeavesItAsItWas()
    {
        await CreateNamespaceAsync("wl-size-update");
        const string Small = """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"grow"},"spec":{"selector":{"matchLabels":{"app":"g"}},"template":{"metadata":{"labels":{"app":"g"}},"spec":{"containers":[{"name":"c","image":"busybox"ARGS}]}}}}""";
        using (var created = await _http.PostAsync("/apis/apps/v1/namespaces/wl-size-update/deployments", Json(Small.Replace("ARGS", "", StringComparison.Ordinal))))
        {
            created.StatusCode.ShouldBe(HttpStatusCode.Created);
        }
        // 1.6 MB of template args (mutable in a Deployment, no validation limit): the stored object is over 1.5 MiB.
        var args = ",\"args\":[" + string.Join(",", Enumerable.Range(0, 1600).Select(_ => "\"" + new string('x', 1000) + "\"")) + "]";
        using var response = await _http.PutAsync("/apis/apps/v1/namespaces/wl-size-update/deployments/grow", Json(Small.Replace("ARGS", args, StringComparison.Ordinal)));
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        status["reason"]!.GetValue<string>().ShouldBe("RequestEntityTooLarge");
        status["message"]!.GetValue<string>().ShouldBe("Request entity too large: etcdserver: request is too large");
        var (code, current) = await GetJsonAsync("/apis/apps/v1/namespaces/wl-size-update/deployments/grow");
        code.ShouldBe(HttpStatusCode.OK);
        current["spec"]!["template"]!["spec"]!["containers"]![0]!["args"].ShouldBeNull();
    }

    [Fact]
    public async Task BodyOver3MiB_Is413()
    {
        var data = new string('x', 3 * 1024 * 1024 + 10);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/namespaces/default/configmaps")
        {
            Content = Json($$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"huge"},"data":{"k":"{{{data}}}"}}"""),
        };
        // The server answers from Content-Length without reading the body: waiting for 100-continue keeps the client
        // from racing the answer with its upload (a reset connection instead of the 413).
        request.Headers.ExpectContinue = true;
        using var response = await _http.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        status["reason"]!.GetValue<string>().ShouldBe("RequestEntityTooLarge");
        status["message"]!.GetValue<string>().ShouldBe("Request entity too large: limit is 3145728");
    }

    [Fact]
    public async Task ServerSideApply_IntoAMissingNamespace_IsNotFound_AndIntoATerminatingOne_Forbidden()
    {
        var apply = new StringContent("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"},"data":{"a":"b"}}""", Encoding.UTF8);
        apply.Headers.ContentType = new MediaTypeHeaderValue("application/apply-patch+yaml");
        using (var response = await _http.PatchAsync("/api/v1/namespaces/wl-missing/configmaps/x?fieldManager=test", apply))
        {
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
            body["message"]!.GetValue<string>().ShouldBe("namespaces \"wl-missing\" not found");
        }

        await CreateNamespaceAsync("wl-terminating");
        // A finalizer keeps the namespace terminating after the delete.
        using (var patch = await _http.PatchAsync("/api/v1/namespaces/wl-terminating",
            new StringContent("""{"metadata":{"finalizers":["test/hold"]}}""", Encoding.UTF8, "application/merge-patch+json")))
        {
            patch.StatusCode.ShouldBe(HttpStatusCode.OK, await patch.Content.ReadAsStringAsync());
        }
        (await _http.DeleteAsync("/api/v1/namespaces/wl-terminating")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var applyAgain = new StringContent("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"},"data":{"a":"b"}}""", Encoding.UTF8);
        applyAgain.Headers.ContentType = new MediaTypeHeaderValue("application/apply-patch+yaml");
        using (var response = await _http.PatchAsync("/api/v1/namespaces/wl-terminating/configmaps/x?fieldManager=test", applyAgain))
        {
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            body["message"]!.GetValue<string>().ShouldContain("because it is being terminated");
        }
        using var release = await _http.PatchAsync("/api/v1/namespaces/wl-terminating",
            new StringContent("""{"metadata":{"finalizers":null}}""", Encoding.UTF8, "application/merge-patch+json"));
        release.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task KubectlGetRaw_WatchListStream_EndsWithTheInitialEventsBookmark()
    {
        await CreateNamespaceAsync("wl-raw");
        await CreateConfigMapAsync("wl-raw", "one");
        var (code, stdout, stderr) = await server.KubectlAsync(
            "get --raw /api/v1/namespaces/wl-raw/configmaps?watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&timeoutSeconds=2");
        code.ShouldBe(0, stderr);
        var events = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)).ToList();
        TypeOf(events[0]).ShouldBe("ADDED");
        NameOf(events[0]).ShouldBe("one");
        TypeOf(events[1]).ShouldBe("BOOKMARK");
        events[1]!["object"]!["metadata"]!["annotations"]!["k8s.io/initial-events-end"]!.GetValue<string>().ShouldBe("true");
    }

    [Fact]
    public async Task TableWatch_SendsOneRowTables_WithColumnsOnlyInTheFirstEvent()
    {
        await CreateNamespaceAsync("wl-table");
        await CreateConfigMapAsync("wl-table", "one");
        await CreateConfigMapAsync("wl-table", "two");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/namespaces/wl-table/configmaps?watch=1&timeoutSeconds=2");
        request.Headers.Accept.ParseAdd("application/json;as=Table;v=v1;g=meta.k8s.io");
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        lines.Count.ShouldBe(2);
        foreach (var e in lines)
        {
            e["object"]!["kind"]!.GetValue<string>().ShouldBe("Table");
            e["object"]!["rows"]!.AsArray().Count.ShouldBe(1);
        }
        lines[0]["object"]!["columnDefinitions"]!.AsArray().Count.ShouldBeGreaterThan(0);
        lines[1]["object"]!["columnDefinitions"].ShouldBeNull();
        lines[1]["object"]!["rows"]![0]!["cells"]![0]!.GetValue<string>().ShouldBe("two");
    }

    private async Task CreatePodAsync(string ns, string name)
    {
        using var response = await _http.PostAsync($"/api/v1/namespaces/{ns}/pods",
            Json($$$"""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{name}}}"},"spec":{"containers":[{"name":"c","image":"busybox"}]}}"""));
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task KubectlGetPodsWatch_ShowsTheListThenChanges()
    {
        await CreateNamespaceAsync("wl-kubectl");
        await CreatePodAsync("wl-kubectl", "existing");
        var start = new ProcessStartInfo(ApiServerFixture.Kubectl)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var cacheDir = Path.Combine(Path.GetTempPath(), "kubesharp-wl-" + Guid.NewGuid().ToString("N"));
        foreach (var argument in new[] { "--kubeconfig=" + server.KubeconfigPath, "--cache-dir=" + cacheDir, "get", "pods", "-n", "wl-kubectl", "-w" })
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            async Task<string> NextLineAsync() => await process.StandardOutput.ReadLineAsync(timeout.Token)
                ?? throw new InvalidOperationException("kubectl ended: " + await process.StandardError.ReadToEndAsync());
            (await NextLineAsync()).ShouldStartWith("NAME");
            (await NextLineAsync()).ShouldStartWith("existing ");
            await CreatePodAsync("wl-kubectl", "later");
            (await NextLineAsync()).ShouldStartWith("later ");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            if (Directory.Exists(cacheDir))
            {
                Directory.Delete(cacheDir, recursive: true);
            }
        }
    }
}
