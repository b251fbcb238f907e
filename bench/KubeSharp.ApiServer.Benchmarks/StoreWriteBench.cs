using System.Diagnostics;
using System.Globalization;
using KubeSharp.Api;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Registry;
using KubeSharp.Api.Serialization;
using KubeSharp.ApiServer.Registry;
using KubeSharp.Storage.Sqlite;

namespace KubeSharp.ApiServer.Benchmarks;

/// <summary>
/// In-process micro-benchmark of the write path below the REST handler: <see cref="ResourceStore"/> (encoding, the
/// watch cache handoff, guaranteed update from the cache) over the SQLite store (writer thread, group commit with
/// fsync), the <see cref="CacheDispatcher"/> feeding the pods' <see cref="WatchCache"/>, and two watchers of all pods
/// draining their events (the fan-out). Two shapes: pod creates (Data/pod.json renamed) and pods/status updates
/// flipping Ready/ContainersReady (the simulated kubelet's write), from 16 concurrent writers. Reports process CPU
/// and bytes allocated per write (both robust on a shared machine) and throughput. Runs only when named
/// (<c>--only storewrite</c>).
/// </summary>
public static class StoreWriteBench
{
    private const int Writers = 16;

    public static async Task<List<BenchResult>> RunAsync(int pods, int updateRounds, TextWriter log)
    {
        var catalog = new ResourceCatalog(ResourceRegistry.Default, Strategies.For);
        if (!catalog.TryGet("", "v1", "pods", out var served))
        {
            throw new InvalidOperationException("no pods resource");
        }
        var resource = served.Storage;
        var template = Template();
        var directory = Directory.CreateTempSubdirectory("kubesharp-storewrite-");
        try
        {
            await using var kv = await SqliteKeyValueStore.OpenAsync(new SqliteStoreOptions(Path.Combine(directory.FullName, "store.db")));
            var cache = new WatchCache(resource);
            await using var dispatcher = new CacheDispatcher(kv, [cache], TimeProvider.System);
            await dispatcher.StartAsync(CancellationToken.None);
            var store = new ResourceStore(resource, kv, cache, TimeProvider.System);
            using var stopWatchers = new CancellationTokenSource();
            var watchers = Enumerable.Range(0, 2).Select(_ => cache.Watch(WatchStart.Now, 0, 0, ListFilter.All, bookmarks: false)).ToArray();
            var drains = watchers.Select(w => DrainAsync(w, stopWatchers.Token)).ToArray();

            // Warm-up (tiered JIT, SQLite page cache): a small create + update round on other pods.
            await CreateAsync(store, template, "warm", Math.Min(pods, 400));
            await UpdateAsync(store, "warm", Math.Min(pods, 400), 2);

            var results = new List<BenchResult>
            {
                await MeasureAsync("store write: create pod (16 writers)", pods, () => CreateAsync(store, template, "bench", pods)),
                await MeasureAsync("store write: pods/status update (16 writers)", pods * updateRounds, () => UpdateAsync(store, "bench", pods, updateRounds)),
            };
            await dispatcher.WaitForRevisionAsync(await kv.GetCurrentRevisionAsync(CancellationToken.None), TimeSpan.FromSeconds(60), CancellationToken.None);
            await stopWatchers.CancelAsync();
            foreach (var watcher in watchers)
            {
                watcher.Dispose();
            }
            var delivered = (await Task.WhenAll(drains)).Sum();
            log.WriteLine($"  watchers received {delivered:N0} events; store: {kv.Statistics}");
            return results;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static async Task<BenchResult> MeasureAsync(string scenario, int writes, Func<Task> run)
    {
        var cost = ProcessCost.Start();
        await run();
        var (cpu, bytes, elapsed, gen0) = cost.Stop();
        return new BenchResult(scenario,
            string.Create(CultureInfo.InvariantCulture, $"{cpu.TotalMicroseconds / writes:F1} us CPU, {bytes / (double)writes / 1024:F2} KiB allocated per write"),
            "-",
            string.Create(CultureInfo.InvariantCulture, $"{writes / elapsed.TotalSeconds:F0} writes/s, {writes:N0} writes, {gen0} gen0 GCs"),
            writes);
    }

    private static Task CreateAsync(ResourceStore store, Pod template, string prefix, int pods)
        => ForEachWriterAsync(pods, async i =>
        {
            var pod = template.DeepCopy();
            pod.Metadata.Name = string.Create(CultureInfo.InvariantCulture, $"{prefix}-{i:D6}");
            pod.Metadata.Uid = "";
            pod.Metadata.ResourceVersion = "";
            await store.CreateAsync(pod, dryRun: false, ttl: null, CancellationToken.None);
        });

    private static Task UpdateAsync(ResourceStore store, string prefix, int pods, int rounds)
        => ForEachWriterAsync(pods * rounds, async n =>
        {
            var i = n % pods;
            var round = n / pods;
            var ready = round % 2 == 0 ? "False" : "True";
            var when = Time.FromDateTimeOffset(new DateTimeOffset(2026, 11, 1, 11, 0, 0, TimeSpan.Zero).AddSeconds(round));
            await store.GuaranteedUpdateAsync("default", string.Create(CultureInfo.InvariantCulture, $"{prefix}-{i:D6}"), current =>
            {
                var pod = (Pod)current!;
                foreach (var condition in pod.Status!.Conditions!)
                {
                    if (condition.Type is "Ready" or "ContainersReady")
                    {
                        condition.Status = ready;
                        condition.LastTransitionTime = when;
                    }
                }
                return pod;
            }, dryRun: false, ttl: null, CancellationToken.None);
        });

    /// <summary>Runs <paramref name="count"/> writes from <see cref="Writers"/> concurrent loops; the writes of one
    /// index are spread so that no two writers touch the same pod at once.</summary>
    private static Task ForEachWriterAsync(int count, Func<int, Task> write)
    {
        var next = -1;
        return Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Task.Run(async () =>
        {
            for (var n = Interlocked.Increment(ref next); n < count; n = Interlocked.Increment(ref next))
            {
                await write(n);
            }
        })));
    }

    private static async Task<long> DrainAsync(CacheWatcher watcher, CancellationToken cancellationToken)
    {
        long events = 0;
        try
        {
            while (await watcher.Events.WaitToReadAsync(cancellationToken))
            {
                while (watcher.Events.TryRead(out _))
                {
                    watcher.Consumed();
                    events++;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        return events;
    }

    private static Pod Template()
    {
        using var stream = typeof(StoreWriteBench).Assembly.GetManifestResourceStream("pod.json")
            ?? throw new InvalidOperationException("pod.json is not embedded");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return KubeJson.Deserialize<Pod>(memory.ToArray());
    }
}
