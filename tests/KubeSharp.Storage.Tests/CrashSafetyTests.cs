using System.Diagnostics;
using System.Globalization;
using KubeSharp.Storage.CrashWriter;
using KubeSharp.Storage.Sqlite;
using Xunit.Abstractions;

namespace KubeSharp.Storage.Tests;

/// <summary>
/// SIGKILL at random moments: a child process writes under load (KubeSharp.Storage.CrashWriter) and prints each
/// write once its task has completed; the test kills it, reopens the same file and checks that every
/// acknowledged write is there, nothing is half-applied and the revisions are consistent. 50 times in a row.
/// </summary>
public sealed class CrashSafetyTests(ITestOutputHelper output) : IDisposable
{
    private const int Kills = 50;
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Sigkill_AtRandomMoments_LosesNoAcknowledgedWrite_AndHalfAppliesNothing()
    {
        var database = _directory.File("crash.db");
        var random = new Random(20250101);
        var lastRevision = 0L;
        var acknowledged = 0;
        var total = Stopwatch.StartNew();
        for (var run = 0; run < Kills; run++)
        {
            // Most kills land while writes are in flight; every fifth lands during start-up and recovery.
            var duringStartup = run % 5 == 4;
            var delay = TimeSpan.FromMilliseconds(duringStartup ? random.Next(0, 150) : random.Next(10, 300));
            var acks = await RunAndKillAsync(database, run, duringStartup, delay);
            acknowledged += acks.Count;

            await using var store = await SqliteKeyValueStore.OpenAsync(new SqliteStoreOptions(database) { CompactionInterval = TimeSpan.Zero });
            var current = await store.GetCurrentRevisionAsync(CancellationToken.None);
            await VerifyAsync(store, run, acks, lastRevision, current);
            lastRevision = current;
        }
        output.WriteLine($"{Kills} kills, {acknowledged} acknowledged writes verified, final revision {lastRevision}, {total.Elapsed.TotalSeconds:F1} s");
        acknowledged.ShouldBeGreaterThan(Kills * 10);
    }

    private static async Task<List<CrashAck>> RunAndKillAsync(string database, int run, bool duringStartup, TimeSpan delay)
    {
        var writer = Path.Combine(AppContext.BaseDirectory, "KubeSharp.Storage.CrashWriter.dll");
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(writer);
        start.ArgumentList.Add(database);
        start.ArgumentList.Add(run.ToString(CultureInfo.InvariantCulture));

        var lines = new List<string>();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start the crash writer");
        try
        {
            var stderr = process.StandardError.ReadToEndAsync();
            var reader = Task.Run(async () =>
            {
                while (await process.StandardOutput.ReadLineAsync() is { } line)
                {
                    lock (lines)
                    {
                        lines.Add(line);
                    }
                    if (line.StartsWith("READY ", StringComparison.Ordinal))
                    {
                        ready.TrySetResult();
                    }
                }
                ready.TrySetResult();
            });
            if (!duringStartup)
            {
                await ready.Task.WaitAsync(TimeSpan.FromSeconds(30));
                if (process.HasExited)
                {
                    throw new ShouldAssertException($"run {run}: the crash writer exited early: {await stderr}");
                }
            }
            await Task.Delay(delay);
            process.Kill(); // SIGKILL on Unix
            await process.WaitForExitAsync();
            await reader.WaitAsync(TimeSpan.FromSeconds(30));
            if (lines.Any(l => l.StartsWith("FAILED", StringComparison.Ordinal)))
            {
                throw new ShouldAssertException($"run {run}: a write the writer expected to succeed failed: {string.Join('\n', lines.Where(l => l.StartsWith("FAILED", StringComparison.Ordinal)))}");
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
                await process.WaitForExitAsync();
            }
        }
        // Only whole lines count: a line cut short by the kill lacks its END marker.
        return [.. lines.Select(CrashAck.Parse).OfType<CrashAck>()];
    }

    private static async Task VerifyAsync(SqliteKeyValueStore store, int run, List<CrashAck> acks, long previousRevision, long current)
    {
        var ct = CancellationToken.None;
        current.ShouldBeGreaterThanOrEqualTo(previousRevision, $"run {run}: the revision went backwards");
        if (acks.Count > 0)
        {
            current.ShouldBeGreaterThanOrEqualTo(acks.Max(a => a.Revision), $"run {run}: an acknowledged revision is missing");
            acks.Min(a => a.Revision).ShouldBeGreaterThan(previousRevision, $"run {run}: a revision was reused after a restart");
        }

        // Every acknowledged write is present, as it was written, at its revision.
        foreach (var ack in acks)
        {
            var read = await store.GetAsync(ack.Key, ack.Revision, ct);
            if (ack.Op == "delete")
            {
                read.Kv.ShouldBeNull($"run {run}: acknowledged delete of {ack.Key} at {ack.Revision} is missing");
                continue;
            }
            read.Kv.ShouldNotBeNull($"run {run}: acknowledged {ack.Op} of {ack.Key} at {ack.Revision} is missing");
            read.Kv.ModRevision.ShouldBe(ack.Revision);
            read.Kv.Value.ToArray().ShouldBe(CrashValue.Make(ack.Key, ack.Sequence), $"run {run}: {ack.Key} at {ack.Revision} has another value");
        }

        // Whatever else made it (written but not yet acknowledged when killed) is whole, and the revisions agree.
        var all = await store.RangeAsync(RangeRequest.Prefix($"/crash/{run}/"), ct);
        foreach (var kv in all.Kvs)
        {
            CrashValue.IsIntact(kv.Key, kv.Value.Span).ShouldBeTrue($"run {run}: {kv.Key} holds a damaged value");
            kv.ModRevision.ShouldBeLessThanOrEqualTo(current);
            kv.CreateRevision.ShouldBeLessThanOrEqualTo(kv.ModRevision);
            kv.CreateRevision.ShouldBeGreaterThan(previousRevision);
            kv.Version.ShouldBeGreaterThanOrEqualTo(1);
        }
        all.Kvs.Select(kv => kv.ModRevision).Distinct().Count().ShouldBe(all.Kvs.Count, $"run {run}: two keys share a revision");
        var latestAck = acks.Where(a => a.Op != "delete").GroupBy(a => a.Key).Select(g => g.MaxBy(a => a.Revision)!);
        foreach (var ack in latestAck)
        {
            var kv = all.Kvs.FirstOrDefault(k => k.Key == ack.Key);
            // Later (unacknowledged) writes may have replaced or deleted it; it never goes back in time.
            kv?.ModRevision.ShouldBeGreaterThanOrEqualTo(ack.Revision);
        }
    }

    /// <summary>The dotnet host running the tests, to run the writer with the same runtime.</summary>
    private static string DotnetHost()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }
        var current = Environment.ProcessPath;
        return current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
    }
}
