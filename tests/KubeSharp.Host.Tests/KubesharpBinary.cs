using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using KubeSharp.ApiServer.Tests.Integration;

namespace KubeSharp.Host.Tests;

/// <summary>
/// The published <c>out/kubesharp</c> (or <c>$KUBESHARP_BINARY</c>) and the processes a test starts from it, each in a
/// temp directory of its own that is deleted, with every process killed, on dispose.
/// </summary>
public sealed class KubesharpBinary : IAsyncDisposable
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(90);
    private readonly List<BackgroundProcess> _processes = [];

    public KubesharpBinary()
    {
        Path = Locate();
        Root = Directory.CreateTempSubdirectory("kubesharp-binary-").FullName;
    }

    /// <summary>The binary under test.</summary>
    public string Path { get; }

    /// <summary>The test's temp directory (data dirs, kubeconfigs, kubectl caches).</summary>
    public string Root { get; }

    /// <summary>The admin kubeconfig the last started server wrote.</summary>
    public string Kubeconfig => System.IO.Path.Combine(Root, "admin.kubeconfig");

    private static string Locate()
    {
        if (Environment.GetEnvironmentVariable("KUBESHARP_BINARY") is { Length: > 0 } configured)
        {
            return configured;
        }
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = System.IO.Path.Combine(directory.FullName, "out", "kubesharp");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException("out/kubesharp was not found above the test directory: run ./build.sh (test.sh does) or set KUBESHARP_BINARY");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Runs the binary to completion; returns exit code and output.</summary>
    public Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] arguments)
        => RunProcessAsync(Path, arguments, null);

    /// <summary>Starts a long-running sub-command (server, sim, scheduler); killed on dispose.</summary>
    public BackgroundProcess Start(params string[] arguments)
    {
        var process = BackgroundProcess.Start(Path, arguments);
        _processes.Add(process);
        return process;
    }

    /// <summary>Starts <c>kubesharp server</c> on loopback with a fresh data dir (or <paramref name="dataDirectory"/>)
    /// and waits until it is ready to serve kubectl.</summary>
    public async Task<BackgroundProcess> StartServerAsync(string? dataDirectory = null, params string[] extraArguments)
    {
        if (File.Exists(Kubeconfig))
        {
            File.Delete(Kubeconfig);
        }
        var server = Start(
        [
            "server",
            "--data-dir", dataDirectory ?? System.IO.Path.Combine(Root, "data"),
            "--bind-address", "127.0.0.1",
            "--https-port", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--kubeconfig-out", Kubeconfig,
            .. extraArguments,
        ]);
        await EventuallyAsync(async () =>
        {
            server.HasExited.ShouldBeFalse($"the server exited:\n{server.Stdout}\n{server.Stderr}");
            if (!File.Exists(Kubeconfig))
            {
                return false;
            }
            var (code, stdout, _) = await KubectlAsync("get --raw /readyz");
            return code == 0 && stdout.Trim() == "ok";
        }, "the server to become ready");
        return server;
    }

    /// <summary>Runs the real kubectl (the dispatcher picks the version matching the server) with the admin kubeconfig
    /// and a fresh discovery cache.</summary>
    public Task<(int ExitCode, string Stdout, string Stderr)> KubectlAsync(string arguments, string? stdin = null)
        => RunProcessAsync(
            "/usr/bin/kubectl",
            ["--kubeconfig=" + Kubeconfig, "--cache-dir=" + System.IO.Path.Combine(Root, "cache-" + Guid.NewGuid().ToString("N")),
                .. arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)],
            stdin);

    /// <summary>kubectl that must succeed; returns its standard output.</summary>
    public async Task<string> KubectlOkAsync(string arguments, string? stdin = null)
    {
        var (code, stdout, stderr) = await KubectlAsync(arguments, stdin);
        code.ShouldBe(0, $"kubectl {arguments}:\n{stdout}\n{stderr}");
        return stdout;
    }

    /// <summary>Sends SIGTERM (what systemd and Ctrl-C send) and waits for the process to exit; returns its exit code.</summary>
    public static async Task<int> StopAsync(BackgroundProcess process)
    {
        using (var kill = Process.Start("/bin/kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }
        return await process.WaitForExitAsync(Generous);
    }

    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Generous;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out waiting for {what}");
            }
            await Task.Delay(200);
        }
    }

    private async Task<(int ExitCode, string Stdout, string Stderr)> RunProcessAsync(string file, IEnumerable<string> arguments, string? stdin)
    {
        var start = BackgroundProcess.StartInfo(file, arguments);
        start.Environment["HOME"] = Root;
        return await BackgroundProcess.RunToEndAsync(start, stdin, Generous);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            process.Dispose();
        }
        await Task.Yield();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
