using System.Diagnostics;
using System.Globalization;
using KubeSharp.Api;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Meta.V1;
using KubeSharp.ApiServer.Defaulting;
using KubeSharp.ApiServer.Validation;

namespace KubeSharp.ApiServer.Benchmarks;

/// <summary>
/// The API server's per-request path for the three writes per pod the scheduler benchmark drives (pod create,
/// pods/binding, pods/status update), outside the store: (1) in-process, single-threaded, the pod's defaulting +
/// create validation and its status-update validation (what the REST handler runs before the store), CPU and bytes
/// per call; (2) over HTTPS/HTTP2 against an in-process server (SQLite), 16 concurrent loops each doing create ->
/// binding -> status update per pod, CPU and bytes per pod for the whole process (server and client). Runs only
/// when named (<c>--only reqpath</c>).
/// </summary>
public static class RequestPathBench
{
    private const int Loops = 16;

    public static async Task<List<BenchResult>> RunAsync(int pods, TextWriter log)
    {
        var results = new List<BenchResult>
        {
            Measure("reqpath: default + validate pod create", pods * 10, DefaultAndValidateCreate(pods * 10)),
            Measure("reqpath: validate pod status update", pods * 10, ValidateStatusUpdate(pods * 10)),
        };
        results.Add(await HttpAsync(pods, log));
        return results;
    }

    private static Pod BasicPod(int i)
    {
        // The scheduler benchmark's SchedulingBasic pod.
        var pod = new Pod { Metadata = new ObjectMeta { Name = "pod-" + i.ToString(CultureInfo.InvariantCulture), Namespace = "default" } };
        pod.Metadata.Labels = new() { ["app"] = "basic" };
        pod.Spec.Containers = [new Container { Name = "c", Image = "registry.k8s.io/pause:3.10" }];
        pod.Spec.Containers[0].Resources.Requests = new() { ["cpu"] = Quantity.Parse("100m"), ["memory"] = Quantity.Parse("500Mi") };
        return pod;
    }

    private static Action DefaultAndValidateCreate(int count) => () =>
    {
        var template = BasicPod(0);
        for (var i = 0; i < count; i++)
        {
            var pod = template.DeepCopy();
            ObjectDefaulter.Apply(pod);
            if (ObjectValidator.ValidateCreate(pod, ValidationOptions.Default).Count != 0)
            {
                throw new InvalidOperationException("invalid pod");
            }
        }
    };

    private static Action ValidateStatusUpdate(int count) => () =>
    {
        var old = BasicPod(0);
        ObjectDefaulter.Apply(old);
        old.Metadata.ResourceVersion = "10";
        old.Metadata.Uid = "7d1c6f3e-0000-0000-0000-000000000001";
        old.Metadata.CreationTimestamp = Time.FromDateTimeOffset(new DateTimeOffset(2026, 11, 1, 10, 0, 0, TimeSpan.Zero));
        old.Spec.NodeName = "node-1";
        old.Status = new PodStatus
        {
            Phase = "Pending",
            QosClass = "Burstable",
            Conditions = [new PodCondition { Type = "PodScheduled", Status = "True", LastTransitionTime = old.Metadata.CreationTimestamp }],
        };
        var updated = old.DeepCopy();
        updated.Status!.Phase = "Running";
        updated.Status.HostIP = "10.0.0.11";
        updated.Status.HostIPs = [new HostIP { Ip = "10.0.0.11" }];
        updated.Status.PodIP = "10.42.1.17";
        updated.Status.PodIPs = [new PodIP { Ip = "10.42.1.17" }];
        updated.Status.StartTime = old.Metadata.CreationTimestamp;
        updated.Status.Conditions!.Add(new PodCondition { Type = "Ready", Status = "True", LastTransitionTime = old.Metadata.CreationTimestamp });
        updated.Status.ContainerStatuses = [new ContainerStatus { Name = "c", Ready = true, Started = true, Image = "registry.k8s.io/pause:3.10", ImageID = "sha256:abc", ContainerID = "containerd://abc", State = new ContainerState { Running = new ContainerStateRunning { StartedAt = old.Metadata.CreationTimestamp } } }];
        for (var i = 0; i < count; i++)
        {
            if (ObjectValidator.ValidateStatusUpdate(updated, old, ValidationOptions.Default).Count != 0)
            {
                throw new InvalidOperationException("invalid status update: " + ObjectValidator.ValidateStatusUpdate(updated, old, ValidationOptions.Default).ToAggregateMessage());
            }
        }
    };

    private static BenchResult Measure(string scenario, int calls, Action run)
    {
        run(); // warm-up (tiered JIT)
        run();
        var cost = ProcessCost.Start(thisThreadOnly: true);
        run();
        var (cpu, bytes, elapsed, _) = cost.Stop();
        return new BenchResult(scenario,
            string.Create(CultureInfo.InvariantCulture, $"{cpu.TotalMicroseconds / calls:F2} us CPU, {bytes / (double)calls:F0} B allocated per call"),
            "-",
            string.Create(CultureInfo.InvariantCulture, $"{elapsed.TotalMicroseconds / calls:F2} us wall per call, {calls:N0} calls"),
            calls);
    }

    private static async Task<BenchResult> HttpAsync(int pods, TextWriter log)
    {
        await using var server = await ServerUnderTest.StartInProcessAsync(Path.GetTempPath());
        using var client = BenchClient.Create(server.Address, server.AdminCertificate, server.CaCertificate, "2", Loops);
        log.WriteLine($"reqpath: server in-process at {server.Address}; warming up ...");
        await RunPodsAsync(client, "warm", Math.Min(pods, 500));
        var cost = ProcessCost.Start();
        await RunPodsAsync(client, "bench", pods);
        var (cpu, bytes, elapsed, gen0) = cost.Stop();
        return new BenchResult("reqpath: HTTP/2 create + binding + status per pod (16 loops, whole process)",
            string.Create(CultureInfo.InvariantCulture, $"{cpu.TotalMicroseconds / pods:F0} us CPU, {bytes / (double)pods / 1024:F1} KiB allocated per pod"),
            "-",
            string.Create(CultureInfo.InvariantCulture, $"{pods / elapsed.TotalSeconds:F0} pods/s, {pods:N0} pods, {gen0} gen0 GCs"),
            pods);
    }

    private static Task RunPodsAsync(HttpClient client, string prefix, int pods)
    {
        var next = -1;
        return Task.WhenAll(Enumerable.Range(0, Loops).Select(_ => Task.Run(async () =>
        {
            for (var n = Interlocked.Increment(ref next); n < pods; n = Interlocked.Increment(ref next))
            {
                var name = string.Create(CultureInfo.InvariantCulture, $"{prefix}-{n:D6}");
                await BenchClient.SendAsync(client, HttpMethod.Post, "/api/v1/namespaces/default/pods",
                    "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"default\",\"labels\":{\"app\":\"basic\"}},"
                    + "\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"registry.k8s.io/pause:3.10\",\"resources\":{\"requests\":{\"cpu\":\"100m\",\"memory\":\"500Mi\"}}}]}}",
                    CancellationToken.None);
                await BenchClient.SendAsync(client, HttpMethod.Post, $"/api/v1/namespaces/default/pods/{name}/binding",
                    "{\"apiVersion\":\"v1\",\"kind\":\"Binding\",\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"default\"},\"target\":{\"kind\":\"Node\",\"name\":\"node-1\"}}",
                    CancellationToken.None);
                await BenchClient.SendAsync(client, HttpMethod.Put, $"/api/v1/namespaces/default/pods/{name}/status",
                    "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"default\"},"
                    + "\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"registry.k8s.io/pause:3.10\"}]},"
                    + "\"status\":{\"phase\":\"Running\",\"qosClass\":\"Burstable\",\"hostIP\":\"10.0.0.11\",\"hostIPs\":[{\"ip\":\"10.0.0.11\"}],\"podIP\":\"10.42.1.17\",\"podIPs\":[{\"ip\":\"10.42.1.17\"}],"
                    + "\"startTime\":\"2026-11-01T10:00:00Z\",\"conditions\":[{\"type\":\"PodScheduled\",\"status\":\"True\",\"lastTransitionTime\":\"2026-11-01T10:00:00Z\"},"
                    + "{\"type\":\"Ready\",\"status\":\"True\",\"lastTransitionTime\":\"2026-11-01T10:00:01Z\"}],"
                    + "\"containerStatuses\":[{\"name\":\"c\",\"ready\":true,\"started\":true,\"restartCount\":0,\"image\":\"registry.k8s.io/pause:3.10\",\"imageID\":\"sha256:abc\","
                    + "\"containerID\":\"containerd://abc\",\"state\":{\"running\":{\"startedAt\":\"2026-11-01T10:00:01Z\"}}}]}}",
                    CancellationToken.None);
            }
        })));
    }
}
