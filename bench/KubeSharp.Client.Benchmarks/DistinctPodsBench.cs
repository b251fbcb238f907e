using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using KubeSharp.Api.Core.V1;
using KubeSharp.Client;

namespace KubeSharp.Client.Benchmarks;

/// <summary>
/// Decodes many distinct pods (argument distinct): each pod has its own name, uid, resourceVersion, node name and IPs,
/// and is decoded three times with other pods' decodes in between, as the informers of the end-to-end benchmark see
/// them. Unlike the single-pod loop, the shared string pool and the pods' own strings do not stay in the CPU caches,
/// so the figure includes the cache misses a real process pays. Reports CPU time and allocation per decode.
/// </summary>
internal static class DistinctPodsBench
{
    public static int Run(string[] args)
    {
        var pods = 10_000;
        var rounds = 6;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--pods")
            {
                pods = int.Parse(args[++i], CultureInfo.InvariantCulture);
            }
            else if (args[i] == "--rounds")
            {
                rounds = int.Parse(args[++i], CultureInfo.InvariantCulture);
            }
        }
        using var resource = typeof(DistinctPodsBench).Assembly.GetManifestResourceStream("pod.json")!;
        var template = JsonNode.Parse(resource)!.AsObject();
        var random = new Random(42);
        var adapter = ObjectAdapter.For<Pod>(skipManagedFields: true);
        const int Gap = 64;
        Console.WriteLine($"distinct pods: {pods} per round, each decoded 3 times {Gap} and {2 * Gap} pods apart; load {(File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "?")}");
        using var process = Process.GetCurrentProcess();
        for (var round = 0; round < rounds; round++)
        {
            var bodies = new byte[pods][];
            for (var i = 0; i < pods; i++)
            {
                var n = (round * pods) + i;
                var metadata = template["metadata"]!;
                metadata["name"] = "pod-" + n.ToString(CultureInfo.InvariantCulture);
                metadata["uid"] = new Guid(RandomBytes(random, 16)).ToString();
                metadata["resourceVersion"] = (1_000_000 + n).ToString(CultureInfo.InvariantCulture);
                template["spec"]!["nodeName"] = "node-" + random.Next(5000).ToString(CultureInfo.InvariantCulture);
                var status = template["status"]!;
                status["podIP"] = $"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}";
                status["hostIP"] = $"192.168.{random.Next(20)}.{random.Next(250)}";
                status["containerStatuses"]![0]!["containerID"] = "containerd://" + Convert.ToHexStringLower(RandomBytes(random, 32));
                bodies[i] = Encoding.UTF8.GetBytes(template.ToJsonString());
            }
            GC.Collect();
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            var before = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            var decodes = 0;
            for (var i = 0; i < pods + (2 * Gap); i++)
            {
                for (var k = 0; k < 3; k++)
                {
                    var j = i - (k * Gap);
                    if (j >= 0 && j < pods)
                    {
                        adapter.Decode(bodies[j]);
                        decodes++;
                    }
                }
            }
            clock.Stop();
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            process.Refresh();
            Console.WriteLine($"round {round}: {allocated / decodes,7:N0} B/decode  {clock.Elapsed.TotalMicroseconds / decodes,7:N2} us/decode  " +
                $"{(process.TotalProcessorTime - cpu).TotalMicroseconds / decodes,7:N2} us CPU/decode");
        }
        return 0;
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
