using System.Diagnostics;
using KubeSharp.ApiServer.Hosting;
using KubeSharp.Storage;
using KubeSharp.Storage.Sqlite;

namespace KubeSharp.ApiServer.Tests.Integration;

/// <summary>
/// A real API server in-process: SQLite in a temp dir, HTTPS on a random loopback port, the admin kubeconfig
/// written next to it; and a runner for the real kubectl with a fresh --cache-dir. Everything is removed on dispose.
/// </summary>
public class ApiServerFixture : IAsyncLifetime
{
    /// <summary>kubectl matching the server's minor version (the dispatcher at /usr/bin/kubectl picks the same).</summary>
    public const string Kubectl = "/usr/lib/google-cloud-sdk/bin/kubectl.1.32";

    private readonly string _root = Directory.CreateTempSubdirectory("kubesharp-apiserver-").FullName;
    private ApiServerOptions? _options;
    private IKeyValueStore? _store;
    private ApiServerHost? _host;

    /// <summary>The server's reported gitVersion (its minor picks kubectl.1.32 through the /usr/bin/kubectl dispatcher).</summary>
    public const string GitVersion = "v1.32.0+kubesharp.test";

    public string KubeconfigPath => Path.Combine(_root, "admin.kubeconfig");

    /// <summary>A scratch folder removed with the fixture (scripts, extracted certificates).</summary>
    public string Root => _root;

    public ApiServerHost Host => _host ?? throw new InvalidOperationException("not started");

    /// <summary>
    /// A raw HTTP client authenticated with the admin certificate (the test server's own certificate is trusted as is),
    /// for tests that pin exact requests and replies. No automatic decompression: what the server sends is what the
    /// test reads.
    /// </summary>
    public HttpClient CreateAdminHttpClient(TimeSpan? timeout = null)
    {
#pragma warning disable CA2000 // the client owns the handler
        var handler = new HttpClientHandler
        {
            ClientCertificateOptions = ClientCertificateOption.Manual,
            ServerCertificateCustomValidationCallback = (_, _, _, _) => true,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
        };
#pragma warning restore CA2000
        handler.ClientCertificates.Add(Host.Pki.AdminCertificate);
        return new HttpClient(handler, disposeHandler: true) { BaseAddress = Host.Address, Timeout = timeout ?? TimeSpan.FromSeconds(60) };
    }

    /// <summary>TLS options of a hand-built HTTP/2 handler: the admin certificate, and the fixture's own serving
    /// certificate (the one the cluster CA signed) trusted by its hash.</summary>
    public System.Net.Security.SslClientAuthenticationOptions AdminSslOptions() => new()
    {
        ClientCertificates = [Host.Pki.AdminCertificate],
        RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == Host.Pki.ServingCertificate.GetCertHashString(),
    };

    /// <summary>The server's store (tests compact it, for example).</summary>
    public IKeyValueStore Store => _store ?? throw new InvalidOperationException("not started");

    /// <summary>Lets a derived fixture change the server's options.</summary>
    protected virtual ApiServerOptions Configure(ApiServerOptions options) => options;

    /// <summary>The store the server runs on (each start opens it again): the embedded SQLite file under the root.</summary>
    protected virtual async Task<IKeyValueStore> OpenStoreAsync()
        => await SqliteKeyValueStore.OpenAsync(new SqliteStoreOptions(Path.Combine(_root, "state.db")));

    public async Task InitializeAsync()
    {
        _options = new ApiServerOptions
        {
            DataDir = _root,
            BindAddress = "127.0.0.1",
            HttpsPort = 0,
            KubeconfigOut = KubeconfigPath,
            GitVersion = GitVersion,
        };
        _options = Configure(_options);
        await StartAsync();
    }

    private async Task StartAsync()
    {
        _store = await OpenStoreAsync();
        _host = await ApiServerHost.StartAsync(_options!, _store, TimeProvider.System, null, CancellationToken.None);
    }

    /// <summary>Stops the server and its store, then starts both again on the same data (a new port and kubeconfig).</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAsync();
    }

    private async Task StopAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
            _host = null;
        }
        if (_store is not null)
        {
            await _store.DisposeAsync();
            _store = null;
        }
    }

    /// <summary>Runs kubectl with the admin kubeconfig and a fresh discovery cache; returns exit code and output.</summary>
    public Task<(int ExitCode, string Stdout, string Stderr)> KubectlAsync(string arguments, string? stdin = null)
        => RunKubectlAsync(Kubectl, arguments, stdin);

    /// <summary>Runs the given kubectl binary with the admin kubeconfig and a fresh discovery cache.</summary>
    public async Task<(int ExitCode, string Stdout, string Stderr)> RunKubectlAsync(
        string kubectl, string arguments, string? stdin = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        return await BackgroundProcess.RunToEndAsync(KubectlStartInfo(kubectl, arguments, environment), stdin, TimeSpan.FromSeconds(60));
    }

    /// <summary>Starts a long-running kubectl (a watch); the caller reads its output and disposes it to stop it.</summary>
    public BackgroundProcess StartKubectl(string kubectl, string arguments)
        => new(Process.Start(KubectlStartInfo(kubectl, arguments, null))!);

    /// <summary>Starts any program (curl) in the background.</summary>
    public static BackgroundProcess Start(string program, IEnumerable<string> arguments) => BackgroundProcess.Start(program, arguments);

    private ProcessStartInfo KubectlStartInfo(string kubectl, string arguments, IReadOnlyDictionary<string, string>? environment)
    {
        var start = BackgroundProcess.StartInfo(kubectl,
            ["--kubeconfig=" + KubeconfigPath, "--cache-dir=" + Path.Combine(_root, "cache-" + Guid.NewGuid().ToString("N")), .. SplitArguments(arguments)]);
        start.Environment["HOME"] = _root;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        return start;
    }

    private static List<string> SplitArguments(string arguments)
    {
        // Single quotes group words: "label cm x 'a=b c'".
        var result = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        foreach (var c in arguments)
        {
            if (c == '\'')
            {
                quoted = !quoted;
            }
            else if (c == ' ' && !quoted)
            {
                if (current.Length > 0)
                {
                    result.Add(current.ToString());
                    current.Clear();
                }
            }
            else
            {
                current.Append(c);
            }
        }
        if (current.Length > 0)
        {
            result.Add(current.ToString());
        }
        return result;
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
