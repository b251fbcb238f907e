using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using KubeSharp.Grpc;
using KubeSharp.Storage.Etcd.Protocol;

namespace KubeSharp.Storage.Etcd.Tests;

/// <summary>
/// A real single-member etcd (the Debian package's <c>/usr/bin/etcd</c>) for tests and benchmarks: loopback
/// only, random free ports, a temp data directory; killed by PID and its directory deleted on dispose.
/// </summary>
public sealed class EtcdServer : IAsyncDisposable
{
    private const string EtcdBinary = "/usr/bin/etcd";
    private const string EtcdctlBinary = "/usr/bin/etcdctl";
    private readonly ConcurrentQueue<string> _log = new();
    private readonly string[] _extraArguments;
    private Process? _process;

    private EtcdServer(string directory, int clientPort, int peerPort, string? certificateDirectory, string[] extraArguments)
    {
        Directory = directory;
        ClientPort = clientPort;
        PeerPort = peerPort;
        CertificateDirectory = certificateDirectory;
        _extraArguments = extraArguments;
    }

    /// <summary>The temp directory: <c>data/</c> (etcd's) and the certificates, if any.</summary>
    public string Directory { get; }

    public int ClientPort { get; }

    public int PeerPort { get; }

    /// <summary>Where ca.crt, server.crt/key and client.crt/key are when the server uses TLS.</summary>
    public string? CertificateDirectory { get; }

    public bool Tls => CertificateDirectory is not null;

    /// <summary>The client URL (http or https on 127.0.0.1).</summary>
    public Uri ClientUrl => new($"{(Tls ? "https" : "http")}://127.0.0.1:{ClientPort}");

    /// <summary>The etcd process id (changes on restart).</summary>
    public int ProcessId => _process?.Id ?? 0;

    /// <summary>The last lines etcd logged (for failure messages).</summary>
    public string RecentLog => string.Join('\n', _log);

    /// <summary>Starts etcd and waits until it answers. <paramref name="certificates"/>: serve TLS with client
    /// certificate authentication, with certificates from that CA.</summary>
    public static async Task<EtcdServer> StartAsync(Action<string>? writeCertificates = null, params string[] extraArguments)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("kubesharp-etcd-").FullName;
        string? certificateDirectory = null;
        if (writeCertificates is not null)
        {
            certificateDirectory = Path.Combine(directory, "pki");
            System.IO.Directory.CreateDirectory(certificateDirectory);
            writeCertificates(certificateDirectory);
        }
        Exception? last = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var server = new EtcdServer(directory, FreePort(), FreePort(), certificateDirectory, extraArguments);
            try
            {
                await server.StartProcessAsync();
                return server;
            }
            catch (InvalidOperationException e)
            {
                // Most likely a port taken between choosing and binding it: try other ports.
                last = e;
                await server.KillAsync();
                System.IO.Directory.Delete(Path.Combine(directory, "data"), recursive: true);
            }
        }
        System.IO.Directory.Delete(directory, recursive: true);
        throw new InvalidOperationException("etcd did not start", last);
    }

    /// <summary>Kills etcd (SIGKILL, as a crash would) and waits for it to exit.</summary>
    public async Task KillAsync()
    {
        var process = _process;
        if (process is null)
        {
            return;
        }
        _process = null;
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: false);
            }
            await process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
        }
        process.Dispose();
    }

    /// <summary>Kills etcd and starts it again on the same data and ports.</summary>
    public async Task RestartAsync()
    {
        await KillAsync();
        await StartProcessAsync();
    }

    /// <summary>Runs etcdctl (API v3) against this server and returns its standard output.</summary>
    public async Task<string> EtcdctlAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(EtcdctlBinary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ETCDCTL_API"] = "3";
        start.ArgumentList.Add("--endpoints=" + ClientUrl);
        if (CertificateDirectory is { } pki)
        {
            start.ArgumentList.Add("--cacert=" + Path.Combine(pki, "ca.crt"));
            start.ArgumentList.Add("--cert=" + Path.Combine(pki, "client.crt"));
            start.ArgumentList.Add("--key=" + Path.Combine(pki, "client.key"));
        }
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw;
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"etcdctl {string.Join(' ', arguments)} failed ({process.ExitCode}): {await error}");
        }
        return await output;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task StartProcessAsync()
    {
        var clientUrl = ClientUrl.ToString().TrimEnd('/');
        var peerUrl = $"http://127.0.0.1:{PeerPort}";
        var start = new ProcessStartInfo(EtcdBinary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] arguments =
        [
            "--name=kubesharp-test",
            "--data-dir=" + Path.Combine(Directory, "data"),
            "--listen-client-urls=" + clientUrl,
            "--advertise-client-urls=" + clientUrl,
            "--listen-peer-urls=" + peerUrl,
            "--initial-advertise-peer-urls=" + peerUrl,
            "--initial-cluster=kubesharp-test=" + peerUrl,
            "--initial-cluster-state=new",
            // 1 GiB backend quota, and requests large enough for a StorageLimits.MaxValueBytes value plus its key.
            "--quota-backend-bytes=1073741824",
            "--max-request-bytes=2097152",
            "--logger=zap",
            "--log-level=warn",
            "--log-outputs=stderr",
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        if (CertificateDirectory is { } pki)
        {
            start.ArgumentList.Add("--cert-file=" + Path.Combine(pki, "server.crt"));
            start.ArgumentList.Add("--key-file=" + Path.Combine(pki, "server.key"));
            start.ArgumentList.Add("--trusted-ca-file=" + Path.Combine(pki, "ca.crt"));
            start.ArgumentList.Add("--client-cert-auth");
        }
        foreach (var argument in _extraArguments)
        {
            start.ArgumentList.Add(argument);
        }
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Record(e.Data);
        process.ErrorDataReceived += (_, e) => Record(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        await WaitUntilServingAsync(process);
    }

    private async Task WaitUntilServingAsync(Process process)
    {
        using var channel = new GrpcChannel(new GrpcChannelOptions
        {
            Endpoints = [ClientUrl],
            ConnectTimeout = TimeSpan.FromSeconds(1),
            ClientCertificate = CertificateDirectory is { } pki ? ClientCertificate(pki) : null,
            TrustedCertificateAuthorities = CertificateDirectory is { } ca ? [TrustedCa(ca)] : null,
        });
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"etcd exited with {process.ExitCode}: {RecentLog}");
            }
            try
            {
                var status = await channel.UnaryAsync(EtcdMethods.Status, new StatusRequest(), new GrpcCallOptions(TimeSpan.FromSeconds(2)), CancellationToken.None);
                if (status.Leader != 0)
                {
                    return;
                }
            }
            catch (GrpcCallException) when (DateTime.UtcNow < deadline)
            {
            }
            catch (GrpcCallException e)
            {
                throw new InvalidOperationException($"etcd did not answer within 30 s: {e.Message}\n{RecentLog}", e);
            }
            await Task.Delay(50);
        }
    }

    /// <summary>The client certificate etcd accepts, from <paramref name="pki"/>.</summary>
    public static System.Security.Cryptography.X509Certificates.X509Certificate2 ClientCertificate(string pki)
        => System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPemFile(Path.Combine(pki, "client.crt"), Path.Combine(pki, "client.key"));

    /// <summary>The CA of etcd's certificates, from <paramref name="pki"/>.</summary>
    public static System.Security.Cryptography.X509Certificates.X509Certificate2 TrustedCa(string pki)
        => System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificateFromFile(Path.Combine(pki, "ca.crt"));

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }
        _log.Enqueue(line);
        while (_log.Count > 200 && _log.TryDequeue(out _))
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
