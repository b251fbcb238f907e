using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using KubeSharp.Api.Core.V1;
using KubeSharp.Client;
using KubeSharp.Client.Cache;

if (args.Contains("--distinct"))
{
    return KubeSharp.Client.Benchmarks.DistinctPodsBench.Run(args);
}
if (args.Contains("--wire"))
{
    return await KubeSharp.Client.Benchmarks.WireBench.RunAsync(args);
}

// Decodes a watch stream of pod events as an informer does (WatchDecoder + ThreadSafeIndexer; "dropped": decoded
// objects not kept, which shows what keeping 1,000 live pods costs the GC), then one pod body repeatedly
// (ObjectAdapter.Decode), and reports the allocation, wall time and CPU time per event, with and without managedFields.
var events = 20_000;
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--events")
    {
        events = int.Parse(args[++i], CultureInfo.InvariantCulture);
    }
}

using var resource = typeof(Program).Assembly.GetManifestResourceStream("pod.json")!;
var pod = JsonNode.Parse(resource)!.AsObject();
var stream = new StringBuilder();
for (var i = 0; i < events; i++)
{
    pod["metadata"]!["name"] = "pod-" + (i % 1000).ToString(CultureInfo.InvariantCulture);
    pod["metadata"]!["resourceVersion"] = (i + 1).ToString(CultureInfo.InvariantCulture);
    stream.Append("{\"type\":\"MODIFIED\",\"object\":").Append(pod.ToJsonString()).Append("}\n");
}
var body = Encoding.UTF8.GetBytes(stream.ToString());
Console.WriteLine($"{events} events, {body.Length / events} bytes each; {Environment.ProcessorCount} cores, load {(File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "?")}");

// CPU time (this process, all threads: GC included) is steadier than wall time on a loaded machine.
using var process = Process.GetCurrentProcess();
foreach (var (skip, store) in new[] { (false, true), (true, true), (true, false), (false, true), (true, true), (true, false) })
{
    var adapter = ObjectAdapter.For<Pod>(skip);
    var indexer = ThreadSafeIndexer.WithNamespaceIndex(adapter);
    process.Refresh();
    var cpu = process.TotalProcessorTime;
    var before = GC.GetAllocatedBytesForCurrentThread();
    var clock = Stopwatch.StartNew();
    await foreach (var evt in WatchDecoder.ReadAsync(new MemoryStream(body, writable: false), adapter))
    {
        if (store)
        {
            indexer.AddOrUpdate(evt.Object);
        }
    }
    clock.Stop();
    var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
    process.Refresh();
    Console.WriteLine($"watch  skipManagedFields={skip,-5} {(store ? "stored " : "dropped")} {allocated / events,7:N0} B/event  {clock.Elapsed.TotalMicroseconds / events,7:N1} us/event  " +
        $"{(process.TotalProcessorTime - cpu).TotalMicroseconds / events,7:N1} us CPU/event");
}

// One pod body decoded again and again (a GET, or the API server decoding a request body): the decoder alone.
var single = Encoding.UTF8.GetBytes(pod.ToJsonString());
foreach (var skip in new[] { false, true, false, true })
{
    var adapter = ObjectAdapter.For<Pod>(skip);
    process.Refresh();
    var cpu = process.TotalProcessorTime;
    var before = GC.GetAllocatedBytesForCurrentThread();
    var clock = Stopwatch.StartNew();
    for (var i = 0; i < events; i++)
    {
        adapter.Decode(single);
    }
    clock.Stop();
    var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
    process.Refresh();
    Console.WriteLine($"decode skipManagedFields={skip,-5}  {allocated / events,7:N0} B/pod    {clock.Elapsed.TotalMicroseconds / events,7:N1} us/pod    " +
        $"{(process.TotalProcessorTime - cpu).TotalMicroseconds / events,7:N1} us CPU/pod");
}
return 0;
