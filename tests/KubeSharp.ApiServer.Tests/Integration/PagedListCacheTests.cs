using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using KubeSharp.ApiServer.Registry;
using KubeSharp.Storage;

namespace KubeSharp.ApiServer.Tests.Integration;

/// <summary>
/// Paginated and Exact lists are served from the watch cache's snapshots; every page must be what the store answers
/// for the same revision and start key (items, continue token, remainingItemCount).
/// </summary>
public sealed class PagedListCacheTests(ApiServerFixture server) : IClassFixture<ApiServerFixture>, IDisposable
{
    private readonly HttpClient _http = server.CreateAdminHttpClient();

    public void Dispose() => _http.Dispose();

    private async Task SendAsync(HttpMethod method, string path, string? json, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, method == HttpMethod.Patch ? "application/merge-patch+json" : "application/json");
        }
        using var response = await _http.SendAsync(request);
        response.StatusCode.ShouldBe(expected, await response.Content.ReadAsStringAsync());
    }

    private async Task<(HttpStatusCode Code, string Body)> GetAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task CreateConfigMapsAsync(string ns, int count)
    {
        await SendAsync(HttpMethod.Post, "/api/v1/namespaces", $$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{ns}}}"}}""", HttpStatusCode.Created);
        for (var i = 0; i < count; i++)
        {
            await SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps",
                $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm-{{{i:D2}}}","labels":{"m":"{{{i % 3}}}"}},"data":{"k":"v{{{i}}}"}}""", HttpStatusCode.Created);
        }
    }

    /// <summary>Every page of a traversal: the raw bodies, and the continue token that asked for each.</summary>
    private async Task<List<(string Continue, string Body)>> TraverseAsync(string path, string query)
    {
        var pages = new List<(string, string)>();
        var (code, body) = await GetAsync(path + query);
        code.ShouldBe(HttpStatusCode.OK, body);
        pages.Add(("", body));
        var token = JsonNode.Parse(body)!["metadata"]!["continue"]?.GetValue<string>();
        while (!string.IsNullOrEmpty(token))
        {
            (code, body) = await GetAsync($"{path}{query}&continue={Uri.EscapeDataString(token)}");
            code.ShouldBe(HttpStatusCode.OK, body);
            pages.Add((token, body));
            token = JsonNode.Parse(body)!["metadata"]!["continue"]?.GetValue<string>();
        }
        return pages;
    }

    /// <summary>Makes <see cref="WatchCache.MaxSnapshots"/> newer snapshots (a change, then a first page), so older
    /// revisions are no longer in the cache and their pages come from the store.</summary>
    private async Task PushOutSnapshotsAsync(string ns)
    {
        for (var i = 0; i <= WatchCache.MaxSnapshots; i++)
        {
            await SendAsync(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/configmaps/cm-00", $$$"""{"data":{"bump":"{{{i}}}"}}""", HttpStatusCode.OK);
            (await GetAsync($"/api/v1/namespaces/{ns}/configmaps?limit=1")).Code.ShouldBe(HttpStatusCode.OK);
        }
    }

    [Theory]
    [InlineData("/api/v1/namespaces/plc-a/configmaps", "?limit=4")]
    [InlineData("/api/v1/namespaces/plc-a/configmaps", "?limit=5&labelSelector=m%3D1")]
    [InlineData("/api/v1/namespaces/plc-a/configmaps", "?limit=3&fieldSelector=metadata.name!%3Dcm-04")]
    [InlineData("/api/v1/configmaps", "?limit=7")]
    public async Task PagesFromTheCache_AreTheStoresPagesForTheSameRevision(string path, string query)
    {
        if ((await GetAsync("/api/v1/namespaces/plc-a")).Code == HttpStatusCode.NotFound)
        {
            await CreateConfigMapsAsync("plc-a", 17);
            await CreateConfigMapsAsync("plc-b", 5);
        }
        // Served from a snapshot of the cache taken by the first page.
        var fromCache = await TraverseAsync(path, query);
        fromCache.Count.ShouldBeGreaterThan(1);
        var revision = JsonNode.Parse(fromCache[0].Body)!["metadata"]!["resourceVersion"]!.GetValue<string>();

        await PushOutSnapshotsAsync("plc-a");
        // The same requests now read the store at that revision (the first page as an Exact list).
        var (code, exactFirst) = await GetAsync($"{path}{query}&resourceVersion={revision}&resourceVersionMatch=Exact");
        code.ShouldBe(HttpStatusCode.OK, exactFirst);
        JsonNode.Parse(exactFirst)!.ToJsonString().ShouldBe(JsonNode.Parse(fromCache[0].Body)!.ToJsonString());
        foreach (var (token, body) in fromCache.Skip(1))
        {
            var (pageCode, fromStore) = await GetAsync($"{path}{query}&continue={Uri.EscapeDataString(token)}");
            pageCode.ShouldBe(HttpStatusCode.OK, fromStore);
            fromStore.ShouldBe(body);
        }

        // And both are the store's own range at that revision.
        var keyPrefix = path.Contains("namespaces", StringComparison.Ordinal) ? "/registry/configmaps/plc-a/" : "/registry/configmaps/";
        var range = await server.Store.RangeAsync(new RangeRequest(keyPrefix, KeyRanges.PrefixEnd(keyPrefix), long.Parse(revision, System.Globalization.CultureInfo.InvariantCulture), 0), CancellationToken.None);
        var listed = fromCache.SelectMany(p => JsonNode.Parse(p.Body)!["items"]!.AsArray()).Select(i => i!["metadata"]!["namespace"] + "/" + i!["metadata"]!["name"]).ToList();
        var stored = range.Kvs.Select(kv => JsonNode.Parse(kv.Value.ToArray())!).Where(o => Matches(o, query)).Select(o => o["metadata"]!["namespace"] + "/" + o["metadata"]!["name"]).ToList();
        listed.ShouldBe(stored);
    }

    private static bool Matches(JsonNode obj, string query)
    {
        if (query.Contains("labelSelector=m%3D1", StringComparison.Ordinal))
        {
            return obj["metadata"]!["labels"]?["m"]?.GetValue<string>() == "1";
        }
        if (query.Contains("fieldSelector=metadata.name!%3Dcm-04", StringComparison.Ordinal))
        {
            return obj["metadata"]!["name"]!.GetValue<string>() != "cm-04";
        }
        return true;
    }

    [Fact]
    public async Task ContinueFromACacheSnapshot_AfterCompaction_Is410()
    {
        await CreateConfigMapsAsync("plc-compact", 6);
        var (_, first) = await GetAsync("/api/v1/namespaces/plc-compact/configmaps?limit=2");
        var token = JsonNode.Parse(first)!["metadata"]!["continue"]!.GetValue<string>();
        // Nothing changes: the snapshot still covers the token's revision, but the store has compacted it.
        var current = await server.Store.GetCurrentRevisionAsync(CancellationToken.None);
        await SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/secrets", """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"plc-bump"}}""", HttpStatusCode.Created);
        await server.Store.CompactAsync(current + 1, CancellationToken.None);
        var (code, gone) = await GetAsync($"/api/v1/namespaces/plc-compact/configmaps?limit=2&continue={Uri.EscapeDataString(token)}");
        code.ShouldBe(HttpStatusCode.Gone);
        JsonNode.Parse(gone)!["message"]!.GetValue<string>().ShouldBe(KubeSharp.ApiServer.Rest.RestHandler.InconsistentContinueMessage);
    }

    [Fact]
    public async Task ExactListAtTheCurrentState_AndNotOlderThanPages_ComeOutRight()
    {
        await CreateConfigMapsAsync("plc-exact", 4);
        var (_, all) = await GetAsync("/api/v1/namespaces/plc-exact/configmaps");
        var revision = JsonNode.Parse(all)!["metadata"]!["resourceVersion"]!.GetValue<string>();
        var (code, exact) = await GetAsync($"/api/v1/namespaces/plc-exact/configmaps?resourceVersion={revision}&resourceVersionMatch=Exact");
        code.ShouldBe(HttpStatusCode.OK, exact);
        JsonNode.Parse(exact)!["items"]!.ToJsonString().ShouldBe(JsonNode.Parse(all)!["items"]!.ToJsonString());

        var (pageCode, page) = await GetAsync($"/api/v1/namespaces/plc-exact/configmaps?limit=3&resourceVersion={revision}&resourceVersionMatch=NotOlderThan");
        pageCode.ShouldBe(HttpStatusCode.OK, page);
        var node = JsonNode.Parse(page)!;
        node["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()).ShouldBe(["cm-00", "cm-01", "cm-02"]);
        node["metadata"]!["remainingItemCount"]!.GetValue<long>().ShouldBe(1);
        long.Parse(node["metadata"]!["resourceVersion"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)
            .ShouldBeGreaterThanOrEqualTo(long.Parse(revision, System.Globalization.CultureInfo.InvariantCulture));
    }
}
