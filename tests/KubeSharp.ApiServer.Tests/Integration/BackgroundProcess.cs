using System.Diagnostics;
using System.Text;

namespace KubeSharp.ApiServer.Tests.Integration;

/// <summary>A started process whose standard output is collected as it arrives; disposing kills it.</summary>
public sealed class BackgroundProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Task _pump;
    private readonly Task _errorPump;

    internal BackgroundProcess(Process process)
    {
        _process = process;
        _process.StandardInput.Close();
        _pump = PumpAsync(process.StandardOutput, _stdout);
        _errorPump = PumpAsync(process.StandardError, _stderr);
    }

    /// <summary>Starts <paramref name="program"/> with its standard streams redirected.</summary>
    public static BackgroundProcess Start(string program, IEnumerable<string> arguments)
        => new(Process.Start(StartInfo(program, arguments))!);

    /// <summary>How every test process starts: no shell, standard input/output/error redirected, arguments as given.</summary>
    public static ProcessStartInfo StartInfo(string program, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        return start;
    }

    /// <summary>Runs a process to its end (killed, with its children, after <paramref name="timeout"/>) and returns its
    /// exit code and output; <paramref name="stdin"/> is written to its standard input first.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunToEndAsync(ProcessStartInfo start, string? stdin, TimeSpan timeout)
    {
        using var process = Process.Start(start)!;
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The process id (to signal it, e.g. SIGTERM for a graceful stop).</summary>
    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Stdout
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    private static async Task PumpAsync(StreamReader reader, StringBuilder into)
    {
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            lock (into)
            {
                into.Append(buffer, 0, read);
            }
        }
    }

    /// <summary>Waits until the complete lines of output so far satisfy <paramref name="done"/> and returns them; fails
    /// with the output on timeout. A line still being written is left out: the pipe delivers chunks, so a word of the
    /// last line can arrive before the rest of it.</summary>
    public async Task<string> WaitForOutputAsync(Func<string, bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var all = Stdout;
            var output = all[..(all.LastIndexOf('\n') + 1)];
            if (done(output))
            {
                return output;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"expected output did not arrive; stdout:\n{all}\nstderr:\n{Stderr}");
            }
            await Task.Delay(50);
        }
    }

    /// <summary>Waits for the process to end by itself and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        await Task.WhenAll(_pump, _errorPump);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }
}
