using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using KubeSharp.Api.Core.V1;
using KubeSharp.Client;
using KubeSharp.Client.Cache;

if (args.Contains("--wire"))
{
    return await KubeSharp.Client.Benchmarks.WireBench.RunAsync(args);
}

// Decodes a watch stream of pod events as an informer does (WatchDecoder + ThreadSafeIndexer) and reports the
// allocation and time per event, with and without managedFields.
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

foreach (var skip in new[] { false, true, false, true })
{
    var adapter = ObjectAdapter.For<Pod>(skip);
    var indexer = ThreadSafeIndexer.WithNamespaceIndex(adapter);
    var before = GC.GetAllocatedBytesForCurrentThread();
    var clock = Stopwatch.StartNew();
    await foreach (var evt in WatchDecoder.ReadAsync(new MemoryStream(body, writable: false), adapter))
    {
        indexer.AddOrUpdate(evt.Object);
    }
    clock.Stop();
    var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
    Console.WriteLine($"skipManagedFields={skip,-5}  {allocated / events,7:N0} B/event  {clock.Elapsed.TotalMicroseconds / events,7:N1} us/event");
}
return 0;
