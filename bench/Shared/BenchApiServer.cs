using KubeSharp.ApiServer;

namespace KubeSharp.Benchmarks.Shared;

/// <summary>The options every in-process benchmark server uses (linked into the bench projects that start one).</summary>
internal static class BenchApiServer
{
    /// <summary>An API server on SQLite under <paramref name="root"/>, HTTPS on a free loopback port, its admin
    /// kubeconfig at <c>root/admin.kubeconfig</c>, the in-flight limits raised so that the benchmark's clients are the
    /// load rather than turned away.</summary>
    public static ApiServerOptions Options(string root) => new()
    {
        DataDir = root,
        BindAddress = "127.0.0.1",
        HttpsPort = 0,
        KubeconfigOut = Path.Combine(root, "admin.kubeconfig"),
        MaxRequestsInflight = 4000,
        MaxMutatingRequestsInflight = 2000,
    };
}
