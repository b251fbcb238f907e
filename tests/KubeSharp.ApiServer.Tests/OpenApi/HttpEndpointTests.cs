using System.Net;
using System.Text.Json;
using KubeSharp.ApiServer.Discovery;

namespace KubeSharp.ApiServer.Tests.OpenApi;

public sealed class HttpEndpointTests : IAsyncLifetime, IDisposable
{
    private MinimalApiServer _server = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await MinimalApiServer.StartAsync();
        _client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseProxy = false }) { BaseAddress = _server.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    public void Dispose() => _client?.Dispose();

    private async Task<HttpResponseMessage> GetAsync(string path, string? accept = null, string? ifNoneMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }
        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }
        return await _client.SendAsync(request);
    }

    [Theory]
    [InlineData("/apis", "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json", DiscoveryMediaTypes.AggregatedV2, "APIGroupDiscoveryList")]
    [InlineData("/api", "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json", DiscoveryMediaTypes.AggregatedV2Beta1, "APIGroupDiscoveryList")]
    [InlineData("/api", "application/json, */*", "application/json", "APIVersions")]
    [InlineData("/apis/", null, "application/json", "APIGroupList")]
    [InlineData("/apis/apps", null, "application/json", "APIGroup")]
    [InlineData("/apis/apps/v1", "application/json, */*", "application/json", "APIResourceList")]
    [InlineData("/api/v1", null, "application/json", "APIResourceList")]
    public async Task Discovery_NegotiatesShapeAndExactContentType(string path, string? accept, string contentType, string kind)
    {
        using var response = await GetAsync(path, accept);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        // The exact bytes on the wire matter (kubectl compares the aggregated Content-Type as a string).
        response.Content.Headers.NonValidated["Content-Type"].ToString().ShouldBe(contentType);
        JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync()).RootElement.GetProperty("kind").GetString().ShouldBe(kind);
    }

    [Fact]
    public async Task AggregatedDiscovery_RevalidatesWithETag()
    {
        const string accept = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
        using var first = await GetAsync("/apis", accept);
        var etag = first.Headers.ETag!.Tag;
        using var second = await GetAsync("/apis", accept, etag);
        second.StatusCode.ShouldBe(HttpStatusCode.NotModified);
    }

    [Theory]
    [InlineData("/apis", "application/yaml", 406, "NotAcceptable")]
    [InlineData("/apis/nope.example.com", null, 404, "NotFound")]
    [InlineData("/api/v2", null, 404, "NotFound")]
    [InlineData("/openapi/v2", "application/com.github.proto-openapi.spec.v2@v1.0+protobuf", 404, "NotFound")]
    [InlineData("/openapi/v3/apis/nope/v1", null, 404, "NotFound")]
    [InlineData("/api/v1/namespaces/default/pods", null, 404, "NotFound")]
    public async Task Errors_AreStatusObjects(string path, string? accept, int code, string reason)
    {
        using var response = await GetAsync(path, accept);
        ((int)response.StatusCode).ShouldBe(code);
        var status = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync()).RootElement;
        status.GetProperty("kind").GetString().ShouldBe("Status");
        status.GetProperty("reason").GetString().ShouldBe(reason);
        status.GetProperty("code").GetInt32().ShouldBe(code);
    }

    [Fact]
    public async Task OpenApi_HashedUrlsAreImmutable_StaleHashesRedirect()
    {
        using var index = await GetAsync("/openapi/v3", "application/json, */*");
        index.StatusCode.ShouldBe(HttpStatusCode.OK);
        var url = JsonDocument.Parse(await index.Content.ReadAsByteArrayAsync()).RootElement
            .GetProperty("paths").GetProperty("apis/apps/v1").GetProperty("serverRelativeURL").GetString()!;

        using var document = await GetAsync(url, "application/json");
        document.StatusCode.ShouldBe(HttpStatusCode.OK);
        document.Headers.CacheControl!.ToString().ShouldBe("public, immutable");
        document.Content.Headers.Expires!.Value.ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddDays(360));
        document.Headers.ETag!.Tag.ShouldBe("\"" + url[(url.IndexOf("hash=", StringComparison.Ordinal) + 5)..] + "\"");
        document.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");

        using var notModified = await GetAsync(url, "application/json", document.Headers.ETag.Tag);
        notModified.StatusCode.ShouldBe(HttpStatusCode.NotModified);

        using var stale = await GetAsync("/openapi/v3/apis/apps/v1?hash=0123", "application/json");
        stale.StatusCode.ShouldBe(HttpStatusCode.MovedPermanently);
        stale.Headers.Location!.ToString().ShouldBe(url);

        using var unhashed = await GetAsync("/openapi/v3/apis/apps/v1", "application/json");
        unhashed.StatusCode.ShouldBe(HttpStatusCode.OK);
        unhashed.Headers.CacheControl.ShouldBeNull();
    }
}
