using System.Diagnostics;
using System.Globalization;
using KubeSharp.Api;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Registry;
using KubeSharp.Api.Serialization;
using KubeSharp.ApiServer.Patching;
using KubeSharp.ApiServer.Registry;

namespace KubeSharp.ApiServer.Benchmarks;

/// <summary>
/// In-process micro-benchmark of managed-fields tracking for the write the simulated kubelet makes most: a PUT
/// pods/status of a running pod (Data/pod.json) with three managers (kube-controller-manager, default-scheduler,
/// kubelet) where the Ready and ContainersReady conditions flip. Times <see cref="ManagedFieldsWriter.Track"/> alone
/// (the copy of the pod it is handed is made outside the timed part) and counts the bytes it allocates. Runs only
/// when named (<c>--only managedfields</c>), not in the default set.
/// </summary>
public static class ManagedFieldsBench
{
    /// <summary>The signature of <see cref="ManagedFieldsWriter.Track"/>, so another implementation can be timed the same way.</summary>
    public delegate void TrackFunc(ResourceDefinition resource, IKubeMetaObject? live, IKubeMetaObject obj, string manager, string subresource, DateTimeOffset now);

    public const string Scenario = "managed fields: PUT pods/status, 3 managers, conditions changed";

    public static BenchResult Run(int iterations, TrackFunc? track = null)
    {
        track ??= ManagedFieldsWriter.Track;
        var catalog = new ResourceCatalog(ResourceRegistry.Default, Strategies.For);
        if (!catalog.TryGet("", "v1", "pods", out var pods))
        {
            throw new InvalidOperationException("no pods resource");
        }
        var resource = pods.Storage;
        var live = ThreeManagerPod(resource, track);
        var entries = live.Metadata.ManagedFields?.Count ?? 0;

        // Warm up (tiered JIT), then time.
        var warmup = Math.Min(iterations, 200);
        for (var i = 0; i < warmup; i++)
        {
            Step(resource, live, i, track, out _, out _);
        }
        var times = new double[iterations];
        long bytes = 0;
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        for (var i = 0; i < iterations; i++)
        {
            Step(resource, live, i, track, out times[i], out var allocated);
            bytes += allocated;
        }
        process.Refresh();
        // Process CPU (GC threads included) over the loop, which also copies the pod each call: robust on a busy machine.
        var cpuPerCall = (process.TotalProcessorTime - cpuBefore).TotalMicroseconds / iterations;
        Array.Sort(times);
        var p50 = times[times.Length / 2];
        var p99 = times[Math.Min(times.Length - 1, (int)(times.Length * 0.99))];
        var mean = times.Average();
        return new BenchResult(Scenario,
            string.Create(CultureInfo.InvariantCulture, $"mean {mean:F1} us, {bytes / iterations / 1024.0:F1} KiB allocated per call"),
            "-",
            string.Create(CultureInfo.InvariantCulture, $"p50 {p50:F1} us, p99 {p99:F1} us, process CPU {cpuPerCall:F1} us per call (with the copy) over {iterations:N0} calls; {entries} managedFields entries"),
            iterations);
    }

    private static void Step(ResourceDefinition resource, Pod live, int i, TrackFunc track, out double micros, out long allocated)
    {
        var obj = live.DeepCopy();
        var ready = i % 2 == 0 ? "False" : "True";
        var when = Time.FromDateTimeOffset(new DateTimeOffset(2026, 11, 1, 11, 0, 0, TimeSpan.Zero).AddSeconds(i));
        foreach (var condition in obj.Status!.Conditions!)
        {
            if (condition.Type is "Ready" or "ContainersReady")
            {
                condition.Status = ready;
                condition.LastTransitionTime = when;
            }
        }
        var now = new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero).AddSeconds(i);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var start = Stopwatch.GetTimestamp();
        track(resource, live, obj, "kubelet", "status", now);
        micros = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        if (obj.Metadata.ManagedFields is not { Count: 3 })
        {
            throw new InvalidOperationException($"expected 3 managedFields entries, got {obj.Metadata.ManagedFields?.Count}");
        }
    }

    /// <summary>Data/pod.json (created by kube-controller-manager) after the scheduler's and the kubelet's status writes.</summary>
    private static Pod ThreeManagerPod(ResourceDefinition resource, TrackFunc track)
    {
        using var stream = typeof(ManagedFieldsBench).Assembly.GetManifestResourceStream("pod.json")
            ?? throw new InvalidOperationException("pod.json is not embedded");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        var running = KubeJson.Deserialize<Pod>(memory.ToArray());
        var pending = running.DeepCopy();
        pending.Status = new PodStatus { Phase = "Pending" };
        var scheduled = pending.DeepCopy();
        scheduled.Status = new PodStatus
        {
            Phase = "Pending",
            Conditions = [running.Status!.Conditions!.Single(c => c.Type == "PodScheduled").DeepCopy()],
        };
        var time = new DateTimeOffset(2026, 11, 1, 10, 0, 0, TimeSpan.Zero);
        track(resource, pending, scheduled, "default-scheduler", "status", time);
        track(resource, scheduled, running, "kubelet", "status", time.AddSeconds(5));
        return running;
    }
}
