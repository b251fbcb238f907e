using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace KubeSharp.ApiServer.Tests.Integration;

/// <summary>
/// Patches without a resourceVersion that race each other: upstream applies a patch inside GuaranteedUpdate, again on
/// every attempt, so each concurrent patch lands on the object the others left (none is overwritten with the state
/// the patch first saw).
/// </summary>
public sealed class ConcurrentPatchTests(ApiServerFixture server) : IClassFixture<ApiServerFixture>, IDisposable
{
    // More writers of one object than a capped retry loop would let through (20 attempts was the cap until session 8).
    private const int Patches = 40;

    private readonly HttpClient _http = server.CreateAdminHttpClient();

    public void Dispose() => _http.Dispose();

    private async Task PatchAsync(string path, string contentType, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, path) { Content = new StringContent(body, Encoding.UTF8, contentType) };
        using var response = await _http.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private async Task<JsonObject> CreateConfigMapAsync(string name)
    {
        using var created = await _http.PostAsync("/api/v1/namespaces/default/configmaps",
            new StringContent("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":""" + "\"" + name + "\"}}", Encoding.UTF8, "application/json"));
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        return JsonNode.Parse(await created.Content.ReadAsStringAsync())!.AsObject();
    }

    private async Task<JsonObject> GetAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    [Theory]
    [InlineData("application/merge-patch+json")]
    [InlineData("application/strategic-merge-patch+json")]
    public async Task ConcurrentPatchesOfDifferentLabels_AllLand(string contentType)
    {
        var name = "concurrent-" + (contentType.StartsWith("application/merge", StringComparison.Ordinal) ? "merge" : "smp");
        await CreateConfigMapAsync(name);
        var path = $"/api/v1/namespaces/default/configmaps/{name}";

        await Task.WhenAll(Enumerable.Range(0, Patches).Select(i =>
            Task.Run(() => PatchAsync(path, contentType, "{\"metadata\":{\"labels\":{\"label-" + i + "\":\"v\"}}}"))));

        var labels = (await GetAsync(path))["metadata"]!["labels"]!.AsObject();
        labels.Select(l => l.Key).Order(StringComparer.Ordinal)
            .ShouldBe(Enumerable.Range(0, Patches).Select(i => "label-" + i).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ConcurrentJsonPatchesAddingAnnotations_AllLand()
    {
        await CreateConfigMapAsync("concurrent-json");
        var path = "/api/v1/namespaces/default/configmaps/concurrent-json";
        await PatchAsync(path, "application/merge-patch+json", """{"metadata":{"annotations":{"seed":"v"}}}""");

        await Task.WhenAll(Enumerable.Range(0, Patches).Select(i =>
            Task.Run(() => PatchAsync(path, "application/json-patch+json", $$"""[{"op":"add","path":"/metadata/annotations/a-{{i}}","value":"v"}]"""))));

        var annotations = (await GetAsync(path))["metadata"]!["annotations"]!.AsObject();
        annotations.Count.ShouldBe(Patches + 1);
    }

    [Fact]
    public async Task APatchNamingAStaleResourceVersion_IsAConflict()
    {
        var created = await CreateConfigMapAsync("concurrent-stale");
        var staleVersion = created["metadata"]!["resourceVersion"]!.GetValue<string>();
        var path = "/api/v1/namespaces/default/configmaps/concurrent-stale";
        await PatchAsync(path, "application/merge-patch+json", """{"data":{"a":"1"}}""");

        using var request = new HttpRequestMessage(HttpMethod.Patch, path)
        {
            Content = new StringContent("{\"metadata\":{\"resourceVersion\":\"" + staleVersion + "\"},\"data\":{\"b\":\"2\"}}", Encoding.UTF8, "application/merge-patch+json"),
        };
        using var response = await _http.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await GetAsync(path))["data"]!.AsObject().ContainsKey("b").ShouldBeFalse();
    }
}
