using System.Net;
using System.Text;
using System.Text.Json;

namespace KubeSharp.ApiServer.Tests.Integration;

/// <summary>
/// Lists written item by item (no whole-body buffer) and watch streams over HTTP/2 with the admin certificate:
/// exact JSON and Content-Length for empty, whole and paged lists; watch headers before the first event.
/// </summary>
public sealed class StreamingResponsesTests(ApiServerFixture server) : IClassFixture<ApiServerFixture>, IDisposable
{
    private readonly HttpClient _client = new(new SocketsHttpHandler
    {
        UseProxy = false,
        SslOptions = server.AdminSslOptions(),
    })
    {
        BaseAddress = server.Host.Address,
        DefaultRequestVersion = HttpVersion.Version20,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };

    public void Dispose() => _client.Dispose();

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }
        return await _client.SendAsync(request);
    }

    private async Task CreateNamespaceWithConfigMapsAsync(string ns, int count)
    {
        using (var created = await SendAsync(HttpMethod.Post, "/api/v1/namespaces", $"{{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{{\"name\":\"{ns}\"}}}}"))
        {
            created.StatusCode.ShouldBe(HttpStatusCode.Created);
        }
        for (var i = 0; i < count; i++)
        {
            using var created = await SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps",
                $"{{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{{\"name\":\"cm-{i}\"}},\"data\":{{\"k\":\"v{i}\"}}}}");
            created.StatusCode.ShouldBe(HttpStatusCode.Created);
        }
    }

    [Fact]
    public async Task List_EmptyWholeAndPaged_IsExactJsonWithItsContentLength()
    {
        await CreateNamespaceWithConfigMapsAsync("stream-list", 5);

        using var empty = await SendAsync(HttpMethod.Get, "/api/v1/namespaces/stream-list/secrets");
        var emptyBody = await empty.Content.ReadAsByteArrayAsync();
        empty.Content.Headers.ContentLength.ShouldBe(emptyBody.Length);
        var emptyJson = JsonDocument.Parse(emptyBody).RootElement;
        emptyJson.GetProperty("kind").GetString().ShouldBe("SecretList");
        emptyJson.GetProperty("items").GetArrayLength().ShouldBe(0);
        Encoding.UTF8.GetString(emptyBody).ShouldEndWith("\"items\":[]}");

        using var whole = await SendAsync(HttpMethod.Get, "/api/v1/namespaces/stream-list/configmaps");
        var wholeBody = await whole.Content.ReadAsByteArrayAsync();
        whole.Content.Headers.ContentLength.ShouldBe(wholeBody.Length);
        var items = JsonDocument.Parse(wholeBody).RootElement.GetProperty("items");
        items.EnumerateArray().Select(i => i.GetProperty("metadata").GetProperty("name").GetString()).ShouldBe(["cm-0", "cm-1", "cm-2", "cm-3", "cm-4"]);

        var names = new List<string?>();
        string? token = null;
        var pages = 0;
        do
        {
            using var page = await SendAsync(HttpMethod.Get, "/api/v1/namespaces/stream-list/configmaps?limit=2" + (token is null ? "" : "&continue=" + Uri.EscapeDataString(token)));
            var body = await page.Content.ReadAsByteArrayAsync();
            page.Content.Headers.ContentLength.ShouldBe(body.Length);
            var root = JsonDocument.Parse(body).RootElement;
            names.AddRange(root.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("metadata").GetProperty("name").GetString()));
            var metadata = root.GetProperty("metadata");
            token = metadata.TryGetProperty("continue", out var c) ? c.GetString() : null;
            if (token is not null)
            {
                metadata.GetProperty("remainingItemCount").GetInt64().ShouldBe(5 - names.Count);
            }
            pages++;
        }
        while (token is not null);
        names.ShouldBe(["cm-0", "cm-1", "cm-2", "cm-3", "cm-4"]);
        pages.ShouldBe(3);
    }

    [Fact]
    public async Task Watch_OverHttp2_SendsHeadersBeforeTheFirstEvent_ThenEventLines()
    {
        await CreateNamespaceWithConfigMapsAsync("stream-watch", 0);
        using var list = await SendAsync(HttpMethod.Get, "/api/v1/namespaces/stream-watch/configmaps");
        var revision = JsonDocument.Parse(await list.Content.ReadAsByteArrayAsync()).RootElement.GetProperty("metadata").GetProperty("resourceVersion").GetString();

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/namespaces/stream-watch/configmaps?watch=true&resourceVersion={revision}");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        // Nothing has changed since the list: the headers alone must arrive (HTTP/2 held them until a flush).
        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");

        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        for (var i = 0; i < 3; i++)
        {
            using var created = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/stream-watch/configmaps",
                $"{{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{{\"name\":\"w-{i}\"}}}}");
            created.StatusCode.ShouldBe(HttpStatusCode.Created);
        }
        for (var i = 0; i < 3; i++)
        {
            var line = await reader.ReadLineAsync(timeout.Token);
            var watchEvent = JsonDocument.Parse(line!).RootElement;
            watchEvent.GetProperty("type").GetString().ShouldBe("ADDED");
            watchEvent.GetProperty("object").GetProperty("kind").GetString().ShouldBe("ConfigMap");
            watchEvent.GetProperty("object").GetProperty("metadata").GetProperty("name").GetString().ShouldBe($"w-{i}");
        }
    }
}
