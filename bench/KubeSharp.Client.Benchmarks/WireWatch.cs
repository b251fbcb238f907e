using KubeSharp.Client;

namespace KubeSharp.Client.Benchmarks;

/// <summary>
/// A pod watch for the wire benchmark (<c>--watchers N</c>): streams every pod event of the namespace over the
/// client's shared HTTP/2 connection and drains the bytes (no decoding), so a case that writes pods also pays the
/// watch fan-out's transport cost on both sides, as the scheduler benchmark's three pod watchers do.
/// </summary>
internal static class WireWatch
{
    public static async Task DrainAsync(KubernetesClient client, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            using var response = await client.Rest.OpenStreamAsync(
                new RestRequest(HttpMethod.Get, "/api/v1/namespaces/default/pods").AddQuery("watch", "true").AddQuery("timeoutSeconds", "3600"),
                cancellationToken);
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            await using (stream)
            {
                while (await stream.ReadAsync(buffer, cancellationToken) > 0)
                {
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
