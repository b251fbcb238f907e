using System.Diagnostics;

namespace KubeSharp.ApiServer.Tests.OpenApi;

/// <summary>Runs a real kubectl binary against a server with a throwaway kubeconfig, cache dir and HOME.</summary>
public sealed class KubectlRunner : IDisposable
{
    private readonly string _binary;
    private readonly string _dir;

    public KubectlRunner(string binary, Uri server)
    {
        _binary = binary;
        _dir = Directory.CreateTempSubdirectory("kubesharp-kubectl-").FullName;
        Kubeconfig = Path.Combine(_dir, "kubeconfig");
        File.WriteAllText(Kubeconfig, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: test
              cluster:
                server: {server.GetLeftPart(UriPartial.Authority)}
            users:
            - name: test
              user: {"{}"}
            contexts:
            - name: test
              context:
                cluster: test
                user: test
                namespace: default
            current-context: test
            """);
    }

    public string Kubeconfig { get; }

    public string Directory_ => _dir;

    public static string BinaryFor(string minor) => $"/usr/lib/google-cloud-sdk/bin/kubectl.1.{minor}";

    /// <summary>Writes a file in the runner's temp dir and returns its path.</summary>
    public string WriteFile(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    public async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo(_binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--kubeconfig");
        start.ArgumentList.Add(Kubeconfig);
        start.ArgumentList.Add("--cache-dir");
        start.ArgumentList.Add(Path.Combine(_dir, "cache-" + Guid.NewGuid().ToString("N")));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["HOME"] = _dir;
        start.Environment["KUBECONFIG"] = Kubeconfig;
        start.Environment.Remove("HTTPS_PROXY");
        start.Environment.Remove("HTTP_PROXY");
        start.Environment["NO_PROXY"] = "127.0.0.1";
        return await Integration.BackgroundProcess.RunToEndAsync(start, null, TimeSpan.FromSeconds(90));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
