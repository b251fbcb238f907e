using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace KubeSharp.ApiServer.Tests.Integration;

/// <summary>Raw requests for tests that pin exact replies (with <see cref="ApiServerFixture.CreateAdminHttpClient"/>).</summary>
public static class AdminHttp
{
    /// <summary>Sends <paramref name="body"/> (when given) as <paramref name="contentType"/>; the status and the reply text.</summary>
    public static async Task<(HttpStatusCode Code, string Text)> SendTextAsync(this HttpClient http, HttpMethod method, string path, string? body = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }
        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>As <see cref="SendTextAsync"/>, the reply parsed as a JSON object (empty when there is no body).</summary>
    public static async Task<(HttpStatusCode Code, JsonObject Body)> SendJsonAsync(this HttpClient http, HttpMethod method, string path, string? body = null, string contentType = "application/json")
    {
        var (code, text) = await http.SendTextAsync(method, path, body, contentType);
        return (code, text.Length == 0 ? [] : JsonNode.Parse(text)!.AsObject());
    }
}
