using KubeSharp.ApiServer.Tests.Integration;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Meta.V1;

namespace KubeSharp.Client.Tests.Integration;

/// <summary>One real API server shared by the client's integration test classes (each uses its own namespaces).</summary>
[CollectionDefinition(Name)]
public sealed class SharedServer : ICollectionFixture<ApiServerFixture>
{
    public const string Name = "client-server";
}

internal static class Clients
{
    public static KubernetesClient Admin(ApiServerFixture server) => KubernetesClient.FromKubeconfig(server.KubeconfigPath);

    public static async Task CreateNamespaceAsync(KubernetesClient client, string name)
        => await client.Resource<Namespace>().CreateAsync(new Namespace { Metadata = new ObjectMeta { Name = name } });

    public static ConfigMap ConfigMap(string name, string ns = "", Dictionary<string, string>? data = null, Dictionary<string, string>? labels = null)
        => new() { Metadata = new ObjectMeta { Name = name, Namespace = ns, Labels = labels }, Data = data };

    /// <summary>Polls until <paramref name="condition"/> holds (10 s), failing with <paramref name="what"/>.</summary>
    public static async Task EventuallyAsync(Func<bool> condition, string what, int seconds = 15)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("timed out waiting for: " + what);
            }
            await Task.Delay(25);
        }
    }
}
