using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using KubeSharp.Storage;
using KubeSharp.Storage.Sqlite;

namespace KubeSharp.ApiServer.Benchmarks;

/// <summary>
/// Issue 4's API server scenarios against a real server over HTTPS with the admin client certificate: creates/s of
/// 2 KB ConfigMaps (and the SQLite store's own create rate at the same concurrency, for the ratio), lists of running
/// pods from the watch cache (whole and in pages), watch fan-out (store commit to client receipt), and resident memory.
/// </summary>
public static partial class ApiServerBench
{
    private static readonly string Payload = new('x', 2000);

    public static async Task<List<BenchResult>> RunAsync(BenchOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        var results = new List<BenchResult>();
        void Add(BenchResult result)
        {
            results.Add(result);
            log.WriteLine($"  -> {result.Scenario}: {result.Figure} ({result.Detail})");
        }

        if (options.Runs("create") || options.Runs("list") || options.Runs("watch"))
        {
            await using var server = await ServerUnderTest.StartInProcessAsync(options.TempRoot);
            log.WriteLine($"server in-process at {server.Address}");
            if (options.Runs("create"))
            {
                var store = await StoreCreatesAsync(options, cancellationToken);
                foreach (var protocol in options.CreateProtocols)
                {
                    log.WriteLine($"create: 2 KB ConfigMaps, {options.Clients} clients, HTTP/{protocol} ...");
                    Add(await CreatesAsync(server, options, protocol, store.PerSecond, cancellationToken));
                }
                Add(store.Result);
            }
            if (options.Runs("list"))
            {
                log.WriteLine($"list: loading {options.Pods} running pods ...");
                await LoadPodsAsync(server, "pods", options.Pods, cancellationToken);
                if (options.HoldSeconds > 0)
                {
                    log.WriteLine($"holding the server for {options.HoldSeconds} s: {server.Address} data dir {server.DataDir}");
                    await Task.Delay(TimeSpan.FromSeconds(options.HoldSeconds), cancellationToken);
                }
                log.WriteLine("list: timing ...");
                foreach (var protocol in new[] { "2", "1.1" })
                {
                    var lists = await ListsAsync(server, options, protocol, cancellationToken);
                    results.AddRange(lists);
                    log.WriteLine($"  -> {string.Join("; ", lists.Select(r => r.Scenario + ": " + r.Figure + " (" + r.Detail + ")"))}");
                }
            }
            if (options.Runs("watch"))
            {
                log.WriteLine($"watch: {options.Watchers} watchers, {options.WatchEventsPerSecond} events/s ...");
                Add(await WatchFanOutAsync(server, options, cancellationToken));
            }
        }
        if (options.Runs("rss"))
        {
            log.WriteLine($"rss: {(options.ServerExecutable is null ? "in-process server" : options.ServerExecutable + " server")} ...");
            results.AddRange(await RssAsync(options, cancellationToken));
        }
        return results;
    }

    private static async Task EnsureNamespaceAsync(HttpClient client, string name, CancellationToken cancellationToken)
    {
        try
        {
            await BenchClient.SendAsync(client, HttpMethod.Post, "/api/v1/namespaces", $"{{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{{\"name\":\"{name}\"}}}}", cancellationToken);
        }
        catch (InvalidOperationException e) when (e.Message.Contains(" 409 ", StringComparison.Ordinal))
        {
        }
    }

    private static string ConfigMap(string ns, string name, string payload)
        => $"{{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{{\"name\":\"{name}\",\"namespace\":\"{ns}\"}},\"data\":{{\"payload\":\"{payload}\"}}}}";

    // ---- 1. creates ----

    private static async Task<BenchResult> CreatesAsync(ServerUnderTest server, BenchOptions options, string protocol, double storePerSecond, CancellationToken cancellationToken)
    {
        using var client = BenchClient.Create(server.Address, server.AdminCertificate, server.CaCertificate, protocol, options.Clients);
        var ns = "create-h" + protocol.Replace(".", "", StringComparison.Ordinal);
        await EnsureNamespaceAsync(client, ns, cancellationToken);
        // Warm-up: open the connections and JIT the path.
        await Task.WhenAll(Enumerable.Range(0, options.Clients).Select(w =>
            BenchClient.SendAsync(client, HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", ConfigMap(ns, $"warm-{w}", Payload), cancellationToken)));

        var latencies = new List<double>[options.Clients];
        long errors = 0;
        var deadline = Stopwatch.GetTimestamp() + (long)(options.Seconds * Stopwatch.Frequency);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, options.Clients).Select(w => Task.Run(async () =>
        {
            var mine = latencies[w] = new List<double>(4096);
            for (var i = 0; Stopwatch.GetTimestamp() < deadline; i++)
            {
                var started = Stopwatch.GetTimestamp();
                using var content = BenchClient.Json(ConfigMap(ns, $"cm-{w}-{i}", Payload));
                using var response = await client.PostAsync(new Uri($"/api/v1/namespaces/{ns}/configmaps", UriKind.Relative), content, cancellationToken);
                await response.Content.LoadIntoBufferAsync(cancellationToken);
                if ((int)response.StatusCode != 201)
                {
                    Interlocked.Increment(ref errors);
                    continue;
                }
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }, cancellationToken)));
        var elapsed = clock.Elapsed.TotalSeconds;
        var all = new Percentiles(latencies.SelectMany(l => l));
        var perSecond = all.Count / elapsed;
        return new BenchResult($"create 2 KB ConfigMap, {options.Clients} clients, HTTP/{protocol}", $"{perSecond:N0} creates/s", ">= 5,000/s",
            $"{all.Count:N0} in {elapsed:F1} s; latency {all.Summary}, max {all.At(1):F1} ms; errors {errors}; "
            + $"{perSecond / storePerSecond:P0} of the store's own create rate ({storePerSecond:N0}/s)", all.Count);
    }

    /// <summary>The SQLite store's raw create rate with the same concurrency and value size, in this process.</summary>
    private static async Task<(double PerSecond, BenchResult Result)> StoreCreatesAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        var root = Directory.CreateDirectory(Path.Combine(options.TempRoot, "kubesharp-apibench-store-" + Guid.NewGuid().ToString("N"))).FullName;
        try
        {
            await using var store = await SqliteKeyValueStore.OpenAsync(new SqliteStoreOptions(Path.Combine(root, "state.db")) { CompactionInterval = TimeSpan.Zero }, null, null, cancellationToken);
            // The size of the server's stored ConfigMap (uid, creationTimestamp, managedFields added).
            var value = System.Text.Encoding.UTF8.GetBytes(ConfigMap("create", "cm-00-000000", Payload) + new string(' ', 400));
            long done = 0;
            var deadline = Stopwatch.GetTimestamp() + (long)(options.Seconds * Stopwatch.Frequency);
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, options.Clients).Select(w => Task.Run(async () =>
            {
                for (var i = 0; Stopwatch.GetTimestamp() < deadline; i++)
                {
                    var result = await store.CreateAsync($"/registry/configmaps/create/cm-{w}-{i}", value, null, cancellationToken);
                    if (result.Succeeded)
                    {
                        Interlocked.Increment(ref done);
                    }
                }
            }, cancellationToken)));
            var elapsed = clock.Elapsed.TotalSeconds;
            var perSecond = done / elapsed;
            var stats = store.Statistics;
            return (perSecond, new BenchResult($"store engine: SQLite create {value.Length / 1024.0:F1} KB, {options.Clients} writers", $"{perSecond:N0} creates/s", "(reference)",
                $"{done:N0} in {elapsed:F1} s, same process; avg commit batch {(double)stats.Requests / Math.Max(1, stats.Commits):F1}", done));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    // ---- 2. lists ----

    /// <summary>Creates running pods from the template (~4 KB each): a create, then a status update, as a kubelet would.</summary>
    private static async Task LoadPodsAsync(ServerUnderTest server, string ns, int count, CancellationToken cancellationToken)
    {
        using var client = BenchClient.Create(server.Address, server.AdminCertificate, server.CaCertificate, "2");
        await EnsureNamespaceAsync(client, ns, cancellationToken);
        var template = PodTemplate(ns);
        var status = template["status"]!.ToJsonString();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                var pod = (JsonObject)template.DeepClone();
                pod["metadata"]!["name"] = $"web-{i:D6}";
                pod.Remove("status");
                var created = JsonNode.Parse(await BenchClient.SendAsync(client, HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods", pod.ToJsonString(), cancellationToken))!;
                var running = (JsonObject)JsonNode.Parse(status)!;
                // The qosClass is the server's (computed on create, immutable after).
                running["qosClass"] = created["status"]?["qosClass"]?.DeepClone();
                created["status"] = running;
                await BenchClient.SendAsync(client, HttpMethod.Put, $"/api/v1/namespaces/{ns}/pods/web-{i:D6}/status", created.ToJsonString(), cancellationToken);
            }
        }, cancellationToken)));
    }

    private static JsonObject PodTemplate(string ns)
    {
        using var stream = typeof(ApiServerBench).Assembly.GetManifestResourceStream("pod.json") ?? throw new InvalidOperationException("pod.json is not embedded");
        var pod = (JsonObject)JsonNode.Parse(stream)!;
        var metadata = (JsonObject)pod["metadata"]!;
        metadata.Remove("uid");
        metadata.Remove("resourceVersion");
        metadata.Remove("creationTimestamp");
        metadata.Remove("managedFields");
        metadata["namespace"] = ns;
        return pod;
    }

    /// <summary>How a list client asks: kubectl sends <c>Accept: application/json</c> and <c>Accept-Encoding: gzip</c>;
    /// client-go's typed clients (controllers) prefer protobuf, also with gzip.</summary>
    private sealed record ListEncoding(string Name, string Accept, bool Gzip);

    private static readonly ListEncoding[] ListEncodings =
    [
        new("JSON", "application/json", Gzip: false),
        new("JSON, gzip", "application/json", Gzip: true),
        new("protobuf, gzip", "application/vnd.kubernetes.protobuf,application/json", Gzip: true),
    ];

    private static async Task<List<BenchResult>> ListsAsync(ServerUnderTest server, BenchOptions options, string protocol, CancellationToken cancellationToken)
    {
        const string path = "/api/v1/namespaces/pods/pods";
        var results = new List<BenchResult>();
        foreach (var encoding in ListEncodings)
        {
            // The bytes on the wire, once, from a client that does not inflate.
            long wire;
            using (var raw = BenchClient.Create(server.Address, server.AdminCertificate, server.CaCertificate, protocol))
            using (var request = new HttpRequestMessage(HttpMethod.Get, path))
            {
                request.Headers.TryAddWithoutValidation("Accept", encoding.Accept);
                if (encoding.Gzip)
                {
                    request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip");
                }
                using var response = await raw.SendAsync(request, cancellationToken);
                wire = (await response.Content.ReadAsByteArrayAsync(cancellationToken)).LongLength;
            }
            using var client = BenchClient.Create(server.Address, server.AdminCertificate, server.CaCertificate, protocol, gzip: encoding.Gzip);
            // Warm-up, and the check that every pod is listed.
            var body = await GetListAsync(client, path, encoding, cancellationToken);
            var items = CountItems(body, encoding);
            var whole = new List<double>();
            var cpu = ProcessCpu();
            for (var i = 0; i < options.ListRepetitions; i++)
            {
                var started = Stopwatch.GetTimestamp();
                body = await GetListAsync(client, path, encoding, cancellationToken);
                whole.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            // CPU per list of this process (server and client both), the figure the shared machine's load does not skew.
            var cpuPerList = (ProcessCpu() - cpu).TotalMilliseconds / options.ListRepetitions;
            var wholeStats = new Percentiles(whole);
            results.Add(new BenchResult($"list {items:N0} pods ({encoding.Name}, HTTP/{protocol})", wholeStats.Summary, "p50 <= 50 ms",
                $"{body.Length / 1048576.0:F1} MiB per list ({body.Length / Math.Max(1, items):N0} B/pod)"
                + (encoding.Gzip ? $", {wire / 1048576.0:F1} MiB on the wire, inflated by the client" : "")
                + $", {options.ListRepetitions} lists, max {wholeStats.At(1):F1} ms; CPU {cpuPerList:F0} ms per list (server + client); load {Load()}", items));
        }

        using (var client = BenchClient.Create(server.Address, server.AdminCertificate, server.CaCertificate, protocol))
        {
            var pages = new List<double>();
            var traversals = new List<double>();
            var pagedItems = 0;
            for (var i = 0; i < Math.Max(1, options.ListRepetitions / 3); i++)
            {
                var traversal = Stopwatch.GetTimestamp();
                string? token = null;
                pagedItems = 0;
                do
                {
                    var uri = $"{path}?limit={options.PageSize}" + (token is null ? "" : "&continue=" + Uri.EscapeDataString(token));
                    var started = Stopwatch.GetTimestamp();
                    var page = await client.GetByteArrayAsync(new Uri(uri, UriKind.Relative), cancellationToken);
                    pages.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    using var document = JsonDocument.Parse(page);
                    pagedItems += document.RootElement.GetProperty("items").GetArrayLength();
                    token = document.RootElement.GetProperty("metadata").TryGetProperty("continue", out var c) ? c.GetString() : null;
                }
                while (!string.IsNullOrEmpty(token));
                traversals.Add(Stopwatch.GetElapsedTime(traversal).TotalMilliseconds);
            }
            var pageStats = new Percentiles(pages);
            var traversalStats = new Percentiles(traversals);
            results.Add(new BenchResult($"list {pagedItems:N0} pods, limit={options.PageSize} pages (JSON), HTTP/{protocol}", $"page {pageStats.Summary}", "-",
                $"whole traversal p50 {traversalStats.At(0.5):F1} ms over {traversals.Count} traversal(s) of {pages.Count / Math.Max(1, traversals.Count)} pages; load {Load()}", pagedItems));
        }
        return results;
    }

    private static async Task<byte[]> GetListAsync(HttpClient client, string path, ListEncoding encoding, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept", encoding.Accept);
        using var response = await client.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    private static int CountItems(byte[] body, ListEncoding encoding)
    {
        if (encoding.Accept.StartsWith(KubeSharp.Api.Protobuf.KubeProtobuf.ContentType, StringComparison.Ordinal))
        {
            return KubeSharp.Api.Protobuf.KubeProtobuf.Decode<KubeSharp.Api.Core.V1.PodList>(body).Items?.Count ?? 0;
        }
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("items").GetArrayLength();
    }

    private static TimeSpan ProcessCpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    /// <summary>The 1-minute load average now (the machine is shared).</summary>
    private static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    // ---- 4. resident memory ----

    private static async Task<List<BenchResult>> RssAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        var separate = options.ServerExecutable is not null;
        await using var server = separate
            ? await ServerUnderTest.StartProcessAsync(options.ServerExecutable!, options.TempRoot)
            : await ServerUnderTest.StartInProcessAsync(options.TempRoot);
        var what = separate ? $"RSS of a separate `{Path.GetFileName(options.ServerExecutable)} server` process (VmRSS)" : "working set of this process (server + benchmark client, after a full GC)";
        await Task.Delay(TimeSpan.FromSeconds(Math.Min(3, options.Seconds)), cancellationToken);
        var idle = Rss(server);
        await LoadPodsAsync(server, "rss", options.Pods, cancellationToken);
        using (var client = BenchClient.Create(server.Address, server.AdminCertificate, server.CaCertificate, "2"))
        {
            // One list encodes every pod's JSON into the cache, as a real client's first list does.
            await client.GetByteArrayAsync(new Uri("/api/v1/namespaces/rss/pods", UriKind.Relative), cancellationToken);
        }
        await Task.Delay(TimeSpan.FromSeconds(Math.Min(3, options.Seconds)), cancellationToken);
        var loaded = Rss(server);
        return
        [
            new BenchResult("server RSS idle", $"{idle / 1048576.0:N0} MiB", "-", what, idle),
            new BenchResult($"server RSS with {options.Pods:N0} pods", $"{loaded / 1048576.0:N0} MiB", "-", $"{what}; after one full list", loaded),
        ];
    }

    private static long Rss(ServerUnderTest server)
    {
        if (server.ServerProcess is { } process)
        {
            foreach (var line in File.ReadLines($"/proc/{process.Id}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
                }
            }
            throw new InvalidOperationException("no VmRSS");
        }
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        using var self = Process.GetCurrentProcess();
        return self.WorkingSet64;
    }
}
