using System.Text.Json;
using System.Text.RegularExpressions;

namespace KubeSharp.ApiServer.Tests.Integration;

/// <summary>curl with the admin certificate from the written kubeconfig: the API needs no kubectl.</summary>
public sealed partial class AdminCertificateCurlTests(ApiServerFixture server) : IClassFixture<ApiServerFixture>
{
    [GeneratedRegex(@"^\s*(certificate-authority-data|client-certificate-data|client-key-data):\s*(\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex KubeconfigData();

    /// <summary>Writes the CA, client certificate and key of the kubeconfig as PEM files; returns curl's TLS arguments.</summary>
    private List<string> TlsArguments()
    {
        var kubeconfig = File.ReadAllText(server.KubeconfigPath);
        var files = new Dictionary<string, string>();
        foreach (Match match in KubeconfigData().Matches(kubeconfig))
        {
            var path = Path.Combine(server.Root, $"{match.Groups[1].Value}-{Guid.NewGuid():N}.pem");
            File.WriteAllBytes(path, Convert.FromBase64String(match.Groups[2].Value));
            files[match.Groups[1].Value] = path;
        }
        return ["-sS", "-N", "--cacert", files["certificate-authority-data"], "--cert", files["client-certificate-data"], "--key", files["client-key-data"]];
    }

    private string Url(string path) => server.Host.Address.ToString().TrimEnd('/') + path;

    [Fact]
    public async Task Watch_StreamsAddedModifiedDeletedEvents()
    {
        (await server.KubectlAsync("create namespace curl-watch")).ExitCode.ShouldBe(0);
        (await server.KubectlAsync("create configmap first -n curl-watch")).ExitCode.ShouldBe(0);
        using var curl = ApiServerFixture.Start("curl", [.. TlsArguments(), Url("/api/v1/namespaces/curl-watch/configmaps?watch=1&timeoutSeconds=20")]);
        await curl.WaitForOutputAsync(o => o.Contains("\"first\"", StringComparison.Ordinal));

        (await server.KubectlAsync("create configmap second -n curl-watch --from-literal=a=1")).ExitCode.ShouldBe(0);
        (await server.KubectlAsync("label configmap second -n curl-watch x=y")).ExitCode.ShouldBe(0);
        (await server.KubectlAsync("delete configmap second -n curl-watch")).ExitCode.ShouldBe(0);
        var output = await curl.WaitForOutputAsync(o => o.Contains("\"DELETED\"", StringComparison.Ordinal));

        var events = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            using var doc = JsonDocument.Parse(line);
            var obj = doc.RootElement.GetProperty("object");
            obj.GetProperty("kind").GetString().ShouldBe("ConfigMap");
            return (doc.RootElement.GetProperty("type").GetString(), obj.GetProperty("metadata").GetProperty("name").GetString(),
                obj.GetProperty("metadata").TryGetProperty("labels", out var labels) ? labels.GetProperty("x").GetString() : null);
        }).ToList();
        events.ShouldBe([("ADDED", "first", null), ("ADDED", "second", null), ("MODIFIED", "second", "y"), ("DELETED", "second", "y")]);
    }

    [Fact]
    public async Task Get_WithoutTheClientCertificate_IsUnauthorized()
    {
        using var curl = ApiServerFixture.Start("curl", ["-sS", "-k", "-o", "/dev/null", "-w", "%{http_code}", Url("/api/v1/namespaces/default/pods")]);
        (await curl.WaitForExitAsync(TimeSpan.FromSeconds(30))).ShouldBe(0);
        curl.Stdout.ShouldBe("401");
    }

    [Fact]
    public async Task Get_WithTheAdminCertificate_ListsPods()
    {
        using var curl = ApiServerFixture.Start("curl", [.. TlsArguments(), Url("/api/v1/namespaces/default/pods")]);
        (await curl.WaitForExitAsync(TimeSpan.FromSeconds(30))).ShouldBe(0, curl.Stderr);
        using var doc = JsonDocument.Parse(curl.Stdout);
        doc.RootElement.GetProperty("kind").GetString().ShouldBe("PodList");
    }
}
