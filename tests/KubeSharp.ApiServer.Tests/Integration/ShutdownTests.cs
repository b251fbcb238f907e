using System.Net;

namespace KubeSharp.ApiServer.Tests.Integration;

/// <summary>Stopping the server (what SIGTERM does to <c>kubesharp server</c>) ends open watches at once with a
/// clean end of stream, as upstream closes watches when it shuts down, instead of leaving the graceful stop to wait for
/// them until its timeout and then reset their connections.</summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task StoppingTheServer_EndsOpenWatchesCleanly_AndCompletes()
    {
        var server = new ApiServerFixture();
        await server.InitializeAsync();
        var stopped = false;
        try
        {
            using var http = server.CreateAdminHttpClient(Timeout.InfiniteTimeSpan);
            using var watch = await http.GetAsync("/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=0", HttpCompletionOption.ResponseHeadersRead);
            watch.StatusCode.ShouldBe(HttpStatusCode.OK);
            using var reader = new StreamReader(await watch.Content.ReadAsStreamAsync());

            using (var create = new StringContent("""{"metadata":{"name":"before-stop"}}""", System.Text.Encoding.UTF8, "application/json"))
            {
                (await http.PostAsync("/api/v1/namespaces/default/configmaps", create)).StatusCode.ShouldBe(HttpStatusCode.Created);
            }
            string? line;
            do
            {
                line = await reader.ReadLineAsync();
                line.ShouldNotBeNull("the watch ended before its first event");
            }
            while (!line.Contains("\"before-stop\"", StringComparison.Ordinal));

            var stop = server.DisposeAsync();
            stopped = true;
            // Without the server ending it, the stream would stay open until the host's shutdown timeout and then be
            // reset (an IOException here); a clean end reads to the end of the stream.
            var rest = await reader.ReadToEndAsync();
            rest.ShouldBe("");
            await stop;
        }
        finally
        {
            if (!stopped)
            {
                await server.DisposeAsync();
            }
        }
    }
}
