using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using KubeSharp.ApiServer.Hosting;
using KubeSharp.Storage.Sqlite;

namespace KubeSharp.ApiServer.Benchmarks;

/// <summary>
/// The API server being measured: in-process (<see cref="ApiServerHost"/> on a SQLite store in a temp dir, as the
/// integration tests start it), or a separate `kubesharp server` process, whose resident set is then the server's
/// alone. Either way the temp dir is removed on dispose.
/// </summary>
internal sealed class ServerUnderTest : IAsyncDisposable
{
    private readonly string _root;
    private readonly SqliteKeyValueStore? _store;
    private readonly ApiServerHost? _host;
    private readonly Process? _process;

    private ServerUnderTest(string root, Uri address, X509Certificate2 admin, X509Certificate2 ca, SqliteKeyValueStore? store, ApiServerHost? host, Process? process)
    {
        _root = root;
        Address = address;
        AdminCertificate = admin;
        CaCertificate = ca;
        _store = store;
        _host = host;
        _process = process;
    }

    public Uri Address { get; }

    /// <summary>The server's data dir (tls/ holds the CA and the admin certificate).</summary>
    public string DataDir => _root;

    public X509Certificate2 AdminCertificate { get; }

    public X509Certificate2 CaCertificate { get; }

    /// <summary>The in-process server's store (null for a separate process).</summary>
    public SqliteKeyValueStore? Store => _store;

    /// <summary>The process whose memory is the server's.</summary>
    public Process? ServerProcess => _process;

    public static async Task<ServerUnderTest> StartInProcessAsync(string tempRoot)
    {
        var root = Directory.CreateDirectory(Path.Combine(tempRoot, "kubesharp-apibench-" + Guid.NewGuid().ToString("N"))).FullName;
        var options = KubeSharp.Benchmarks.Shared.BenchApiServer.Options(root);
        var store = await SqliteKeyValueStore.OpenAsync(new SqliteStoreOptions(Path.Combine(root, "state.db")));
        var host = await ApiServerHost.StartAsync(options, store, TimeProvider.System, null, CancellationToken.None);
        return new ServerUnderTest(root, host.Address, host.Pki.AdminCertificate, host.Pki.CaCertificate, store, host, null);
    }

    /// <summary>Starts `<paramref name="executable"/> server` on a free loopback port and waits for /readyz.</summary>
    public static async Task<ServerUnderTest> StartProcessAsync(string executable, string tempRoot)
    {
        var root = Directory.CreateDirectory(Path.Combine(tempRoot, "kubesharp-apibench-" + Guid.NewGuid().ToString("N"))).FullName;
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        var start = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "server", "--data-dir", root, "--bind-address", "127.0.0.1", "--https-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--kubeconfig-out", Path.Combine(root, "admin.kubeconfig"), "--disable-agent" })
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {executable}");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var address = new Uri($"https://127.0.0.1:{port}");
        var tls = Path.Combine(root, "tls");
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{executable} server exited with {process.ExitCode}");
            }
            if (File.Exists(Path.Combine(root, "admin.kubeconfig")) && File.Exists(Path.Combine(tls, "admin.key")))
            {
                var ca = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(tls, "ca.crt"));
                var admin = X509Certificate2.CreateFromPemFile(Path.Combine(tls, "admin.crt"), Path.Combine(tls, "admin.key"));
                var server = new ServerUnderTest(root, address, admin, ca, null, null, process);
                using var client = BenchClient.Create(address, admin, ca, "1.1");
                try
                {
                    using var ready = await client.GetAsync(new Uri("/readyz", UriKind.Relative));
                    if (ready.IsSuccessStatusCode)
                    {
                        return server;
                    }
                }
                catch (HttpRequestException)
                {
                }
            }
            if (deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{executable} server did not become ready");
            }
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
        if (_process is not null)
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
            await _process.WaitForExitAsync();
            _process.Dispose();
        }
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
