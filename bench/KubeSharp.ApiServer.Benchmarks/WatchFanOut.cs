using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using KubeSharp.Storage;

namespace KubeSharp.ApiServer.Benchmarks;

public static partial class ApiServerBench
{
    /// <summary>
    /// Watchers on one namespace's ConfigMaps over HTTP/2 while a writer creates ConfigMaps there at a steady rate:
    /// every write is one delivery per watcher. Latency is store commit (the revision's event at a watch of this
    /// process on the store, beside the server's own) to the event line's arrival at a client.
    /// </summary>
    private static async Task<BenchResult> WatchFanOutAsync(ServerUnderTest server, BenchOptions options, CancellationToken cancellationToken)
    {
        const string ns = "watch";
        using var client = BenchClient.Create(server.Address, server.AdminCertificate, server.CaCertificate, "2");
        // HTTP/1.1, one connection per watch: SocketsHttpHandler put only one long-running HTTP/2 stream on each
        // connection in this harness (curl multiplexes such watches on one connection against the same server).
        using var watchClient = BenchClient.Create(server.Address, server.AdminCertificate, server.CaCertificate, "1.1", connections: options.Watchers);
        await EnsureNamespaceAsync(client, ns, cancellationToken);
        var listed = await BenchClient.SendAsync(client, HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps?limit=1", null, cancellationToken);
        string fromRevision;
        using (var document = JsonDocument.Parse(listed))
        {
            fromRevision = document.RootElement.GetProperty("metadata").GetProperty("resourceVersion").GetString()!;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var commits = new ConcurrentDictionary<long, long>();
        var commitWatch = server.Store is { } store ? Task.Run(async () =>
        {
            try
            {
                await foreach (var change in store.WatchAsync(WatchRequest.Prefix($"/registry/configmaps/{ns}/", long.Parse(fromRevision, System.Globalization.CultureInfo.InvariantCulture) + 1), stop.Token))
                {
                    commits.TryAdd(change.Revision, Stopwatch.GetTimestamp());
                }
            }
            catch (OperationCanceledException)
            {
            }
        }, CancellationToken.None) : Task.CompletedTask;

        var receipts = new List<(long Revision, long At)>[options.Watchers];
        var started = 0;
        var retried = 0;
        var broken = 0;
        using var waves = new SemaphoreSlim(50);
        var watchers = Enumerable.Range(0, options.Watchers).Select(w => Task.Run(async () =>
        {
            var mine = receipts[w] = new List<(long, long)>(4096);
            try
            {
                await waves.WaitAsync(stop.Token);
                HttpResponseMessage? response = null;
                for (var attempt = 1; response is null; attempt++)
                {
                    // A TLS handshake can miss Kestrel's 10 s limit on a loaded machine: try again, then give up.
                    try
                    {
                        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps?watch=true&resourceVersion={fromRevision}");
                        response = await watchClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stop.Token);
                        response.EnsureSuccessStatusCode();
                    }
                    catch (HttpRequestException) when (attempt < 3)
                    {
                        response?.Dispose();
                        response = null;
                        Interlocked.Increment(ref retried);
                    }
                }
                using (response)
                {
                    Interlocked.Increment(ref started);
                    waves.Release();
                    await using var stream = await response.Content.ReadAsStreamAsync(stop.Token);
                    await ReadEventsAsync(stream, mine, stop.Token);
                }
                if (!stop.IsCancellationRequested)
                {
                    Interlocked.Increment(ref broken);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
            catch (IOException) when (!stop.IsCancellationRequested)
            {
                Interlocked.Increment(ref broken);
            }
            catch (HttpRequestException) when (!stop.IsCancellationRequested)
            {
                Interlocked.Increment(ref broken);
            }
        }, CancellationToken.None)).ToArray();
        var waitStart = Stopwatch.StartNew();
        while (Volatile.Read(ref started) + Volatile.Read(ref broken) < options.Watchers)
        {
            if (waitStart.Elapsed > TimeSpan.FromSeconds(120) || watchers.FirstOrDefault(t => t.IsFaulted) is { } failed)
            {
                await stop.CancelAsync();
                var reason = watchers.FirstOrDefault(t => t.IsFaulted)?.Exception?.InnerException;
                await Task.WhenAll(watchers.Where(t => !t.IsFaulted));
                throw new InvalidOperationException($"only {started} of {options.Watchers} watches started", reason);
            }
            await Task.Delay(20, cancellationToken);
            if (waitStart.ElapsedMilliseconds / 20 % 250 == 0)
            {
                Console.Error.WriteLine($"  {started} watches started after {waitStart.Elapsed.TotalSeconds:F0} s");
            }
        }
        var connectSeconds = waitStart.Elapsed.TotalSeconds;

        // The writer: paced in 10 ms ticks.
        var writes = 0;
        var writeErrors = 0;
        var inFlight = new List<Task>();
        var writeClock = Stopwatch.StartNew();
        var deadline = Stopwatch.GetTimestamp() + (long)(options.Seconds * Stopwatch.Frequency);
        var small = new string('y', 200);
        for (var tick = 0; Stopwatch.GetTimestamp() < deadline; tick++)
        {
            var next = Task.Delay(10, cancellationToken);
            var due = (int)(writeClock.Elapsed.TotalSeconds * options.WatchEventsPerSecond) - writes;
            for (var j = 0; j < due; j++)
            {
                var name = $"event-{writes++:D7}";
                inFlight.Add(Task.Run(async () =>
                {
                    try
                    {
                        await BenchClient.SendAsync(client, HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", ConfigMap(ns, name, small), cancellationToken);
                    }
                    catch (Exception e) when (e is InvalidOperationException or HttpRequestException)
                    {
                        Interlocked.Increment(ref writeErrors);
                    }
                }, cancellationToken));
            }
            await next;
        }
        await Task.WhenAll(inFlight);
        var writeSeconds = writeClock.Elapsed.TotalSeconds;
        var expected = (long)(writes - writeErrors) * options.Watchers;
        long Received() => receipts.Sum(r => { lock (r) { return (long)r.Count; } });
        var drain = Stopwatch.StartNew();
        while (Received() < expected && drain.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(20, cancellationToken);
        }
        var totalSeconds = writeClock.Elapsed.TotalSeconds;
        await stop.CancelAsync();
        await Task.WhenAll(watchers);
        await commitWatch;

        var received = Received();
        var latencies = new List<double>((int)Math.Min(received, int.MaxValue));
        var unmatched = 0L;
        foreach (var list in receipts)
        {
            foreach (var (revision, at) in list)
            {
                if (commits.TryGetValue(revision, out var committed))
                {
                    latencies.Add(Stopwatch.GetElapsedTime(committed, at).TotalMilliseconds);
                }
                else
                {
                    unmatched++;
                }
            }
        }
        var stats = new Percentiles(latencies);
        var rate = received / totalSeconds; // writes plus the drain of what was still queued
        return new BenchResult($"watch fan-out, {options.Watchers:N0} watchers x {options.WatchEventsPerSecond} events/s (HTTP/1.1)",
            $"{rate:N0} deliveries/s; commit->client {stats.Summary}", ">= 100k/s, p99 <= 100 ms",
            $"{received:N0} of {expected:N0} deliveries ({writes} writes, {writeErrors} failed) in {totalSeconds:F1} s (writes took {writeSeconds:F1} s); "
            + $"max {stats.At(1):F1} ms; {options.Watchers} HTTP/1.1 connections; watches started in {connectSeconds:F1} s"
            + (unmatched > 0 ? $"; {unmatched} without a commit time" : "")
            + (retried + broken > 0 ? $"; {retried} watch starts retried, {broken} watch streams failed" : ""), received);
    }

    /// <summary>Reads a watch stream's event lines, noting each one's resourceVersion and arrival time.</summary>
    private static async Task ReadEventsAsync(Stream stream, List<(long Revision, long At)> receipts, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        var filled = 0;
        while (true)
        {
            if (filled == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }
            var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken);
            if (read == 0)
            {
                return;
            }
            var now = Stopwatch.GetTimestamp();
            filled += read;
            var consumed = 0;
            while (true)
            {
                var end = buffer.AsSpan(consumed, filled - consumed).IndexOf((byte)'\n');
                if (end < 0)
                {
                    break;
                }
                var line = buffer.AsSpan(consumed, end);
                consumed += end + 1;
                var at = line.IndexOf("\"resourceVersion\":\""u8);
                if (at >= 0 && Utf8Parser.TryParse(line[(at + 19)..], out long revision, out _))
                {
                    lock (receipts)
                    {
                        receipts.Add((revision, now));
                    }
                }
            }
            buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
            filled -= consumed;
        }
    }
}
