using System.Diagnostics;
using System.Globalization;
using KubeSharp.Api;
using KubeSharp.Api.Coordination.V1;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Meta.V1;
using KubeSharp.Api.Registry;
using KubeSharp.Api.Serialization;
using KubeSharp.ApiServer.Patching;
using KubeSharp.ApiServer.Registry;

namespace KubeSharp.ApiServer.Benchmarks;

/// <summary>
/// In-process micro-benchmark of managed-fields tracking (<see cref="ManagedFieldsWriter.Track"/>) for the writes the
/// scheduler benchmark's control plane makes most:
/// <list type="bullet">
/// <item>a PUT pods/status of a running pod (Data/pod.json) with three managers (kube-controller-manager,
/// default-scheduler, kubelet) where the Ready and ContainersReady conditions flip;</item>
/// <item>the simulated kubelet's first pods/status of a scheduled pod (Pending to Running: IPs, conditions, container
/// statuses) that so far has only its creator's entry;</item>
/// <item>the create of a SchedulingBasic pod (defaulted, compared with the zero pod);</item>
/// <item>a Lease renewal PUT by the manager that created the Lease (only spec.renewTime changes, the request carries
/// no managedFields), of one Lease and of 5,000 node Leases in turn (each with its own owner reference, so its entry
/// has a field set of its own, as the scheduler benchmark's simulated nodes);</item>
/// <item>the create of a core/v1 Event.</item>
/// </list>
/// Each shape times Track alone (the copy of the object it is handed is made outside the timed part) and counts the
/// bytes it allocates. Runs only when named (<c>--only managedfields</c>), not in the default set.
/// </summary>
public static class ManagedFieldsBench
{
    /// <summary>The signature of <see cref="ManagedFieldsWriter.Track"/>, so another implementation can be timed the same way.</summary>
    public delegate void TrackFunc(ResourceDefinition resource, IKubeMetaObject? live, IKubeMetaObject obj, string manager, string subresource, DateTimeOffset now);

    private const string Creator = "KubeSharp.Scheduler.Benchmarks";

    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 10, 0, 0, TimeSpan.Zero);

    /// <summary>One timed write: the object to hand Track (a fresh copy for call <c>i</c>), its live object, and the
    /// managedFields count the result must have.</summary>
    private sealed record Shape(string Name, ResourceDefinition Resource, IKubeMetaObject? Live, Func<int, IKubeMetaObject> Next, string Manager,
        string Subresource, int ExpectedEntries)
    {
        /// <summary>The live object of call <c>i</c> when it is not always <see cref="Live"/>.</summary>
        public Func<int, IKubeMetaObject>? LiveOf { get; init; }
    }

    /// <summary>Nodes whose Leases the round-robin renewal shape renews (as many as the scheduler benchmark's).</summary>
    private const int LeaseCount = 5_000;

    public static List<BenchResult> Run(int iterations, TrackFunc? track = null, string? shapeFilter = null)
    {
        track ??= ManagedFieldsWriter.Track;
        var catalog = new ResourceCatalog(ResourceRegistry.Default, Strategies.For);
        var pods = Definition(catalog, "", "v1", "pods");
        var leases = Definition(catalog, "coordination.k8s.io", "v1", "leases");
        var events = Definition(catalog, "", "v1", "events");

        var running = ThreeManagerPod(pods.Storage, track);
        var (scheduled, basicCreate) = BasicPod(pods, track);
        var lease = CreatedLease(leases.Storage, track);
        var nodeLeases = Enumerable.Range(0, LeaseCount).Select(n => CreatedLease(leases.Storage, track, n)).ToArray();
        var shapes = new[]
        {
            new Shape("PUT pods/status, 3 managers, conditions changed", pods.Storage, running, i => ConditionsFlipped(running, i), "kubelet", "status", 3),
            new Shape("first PUT pods/status by the kubelet (Pending to Running), creator's entry only", pods.Storage, scheduled,
                i => RunningPod(scheduled, i), "kubelet", "status", 2),
            new Shape("create of a SchedulingBasic pod (defaulted)", pods.Storage, null, i => Named(basicCreate, i), Creator, "", 1),
            new Shape("PUT Lease renewal by its creator, no managedFields sent", leases.Storage, lease, i => Renewed(lease, i), Creator, "", 1),
            new Shape("PUT Lease renewal by its creator, 5,000 Leases in turn", leases.Storage, null,
                i => Renewed(nodeLeases[i % LeaseCount], i), Creator, "", 1) { LiveOf = i => nodeLeases[i % LeaseCount] },
            new Shape("create of a core/v1 Event", events.Storage, null, NewEvent, Creator, "", 1),
        };
        var results = new List<BenchResult>();
        foreach (var shape in shapes.Where(s => shapeFilter is null || s.Name.Contains(shapeFilter, StringComparison.OrdinalIgnoreCase)))
        {
            results.Add(RunShape(shape, iterations, track));
        }
        return results;
    }

    private static ResourceDefinition Definition(ResourceCatalog catalog, string group, string version, string resource)
        => catalog.TryGet(group, version, resource, out var definition) ? definition : throw new InvalidOperationException($"no {resource} resource");

    private static BenchResult RunShape(Shape shape, int iterations, TrackFunc track)
    {
        // Warm up (tiered JIT), then time.
        var warmup = Math.Min(iterations, 200);
        for (var i = 0; i < warmup; i++)
        {
            Step(shape, i, track, out _, out _);
        }
        var times = new double[iterations];
        long bytes = 0;
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        for (var i = 0; i < iterations; i++)
        {
            Step(shape, i, track, out times[i], out var allocated);
            bytes += allocated;
        }
        process.Refresh();
        // Process CPU (GC threads included) over the loop, which also copies the object each call: robust on a busy machine.
        var cpuPerCall = (process.TotalProcessorTime - cpuBefore).TotalMicroseconds / iterations;
        Array.Sort(times);
        var p50 = times[times.Length / 2];
        var p99 = times[Math.Min(times.Length - 1, (int)(times.Length * 0.99))];
        var mean = times.Average();
        return new BenchResult("managed fields: " + shape.Name,
            string.Create(CultureInfo.InvariantCulture, $"p50 {p50:F1} us, {bytes / iterations / 1024.0:F1} KiB allocated per call"),
            "-",
            string.Create(CultureInfo.InvariantCulture, $"mean {mean:F1} us, p99 {p99:F1} us, process CPU {cpuPerCall:F1} us per call (with the copy) over {iterations:N0} calls; {shape.ExpectedEntries} managedFields entries"),
            iterations);
    }

    private static void Step(Shape shape, int i, TrackFunc track, out double micros, out long allocated)
    {
        var obj = shape.Next(i);
        var now = T0.AddHours(2).AddSeconds(i);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var start = Stopwatch.GetTimestamp();
        track(shape.Resource, shape.LiveOf?.Invoke(i) ?? shape.Live, obj, shape.Manager, shape.Subresource, now);
        micros = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        if (obj.Metadata.ManagedFields?.Count != shape.ExpectedEntries)
        {
            throw new InvalidOperationException($"{shape.Name}: expected {shape.ExpectedEntries} managedFields entries, got {obj.Metadata.ManagedFields?.Count}");
        }
    }

    private static Pod ConditionsFlipped(Pod live, int i)
    {
        var obj = live.DeepCopy();
        var ready = i % 2 == 0 ? "False" : "True";
        var when = Time.FromDateTimeOffset(T0.AddHours(1).AddSeconds(i));
        foreach (var condition in obj.Status!.Conditions!)
        {
            if (condition.Type is "Ready" or "ContainersReady")
            {
                condition.Status = ready;
                condition.LastTransitionTime = when;
            }
        }
        return obj;
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
        track(resource, pending, scheduled, "default-scheduler", "status", T0);
        track(resource, scheduled, running, "kubelet", "status", T0.AddSeconds(5));
        return running;
    }

    /// <summary>The scheduler benchmark's basic pod: as created (defaulted, with its creator's entry) and bound, and
    /// the object its create is handed.</summary>
    private static (Pod Scheduled, Pod Create) BasicPod(ResourceDefinition pods, TrackFunc track)
    {
        var pod = new Pod { Metadata = new ObjectMeta { Name = "pod-0", Namespace = "default", Labels = new() { ["app"] = "basic" } } };
        pod.Spec.Containers = [new Container { Name = "c", Image = "registry.k8s.io/pause:3.10" }];
        pod.Spec.Containers[0].Resources.Requests = new() { ["cpu"] = Quantity.Parse("100m"), ["memory"] = Quantity.Parse("500Mi") };
        pods.Strategy.PrepareForCreate(pods, pod);
        pods.Strategy.Default(pod);
        var create = pod.DeepCopy();
        pod.Metadata.Uid = "5b1f3c3e-8a51-4a5e-9f0e-2f7b6c1d9a10";
        pod.Metadata.ResourceVersion = "100";
        pod.Metadata.CreationTimestamp = Time.FromDateTimeOffset(T0);
        track(pods.Storage, null, pod, Creator, "", T0);
        // Bound as the binding subresource does (no managed fields of its own).
        pod.Spec.NodeName = "node-17";
        pod.Status.Conditions = [new PodCondition { Type = "PodScheduled", Status = "True", LastTransitionTime = Time.FromDateTimeOffset(T0.AddSeconds(1)) }];
        return (pod, create);
    }

    private static Pod Named(Pod create, int i)
    {
        var pod = create.DeepCopy();
        pod.Metadata.Name = "pod-" + i.ToString(CultureInfo.InvariantCulture);
        pod.Metadata.Uid = Guid.NewGuid().ToString();
        return pod;
    }

    /// <summary>The simulated kubelet's status for a bound pod: Running, Ready, IPs and container statuses.</summary>
    private static Pod RunningPod(Pod scheduled, int i)
    {
        var pod = scheduled.DeepCopy();
        var now = Time.FromDateTimeOffset(T0.AddSeconds(2 + i));
        var status = pod.Status;
        status.Phase = "Running";
        status.HostIP = "172.16.0.17";
        status.HostIPs = [new HostIP { Ip = "172.16.0.17" }];
        var podIp = string.Create(CultureInfo.InvariantCulture, $"10.128.17.{i % 254 + 1}");
        status.PodIP = podIp;
        status.PodIPs = [new PodIP { Ip = podIp }];
        status.StartTime = now;
        foreach (var type in new[] { "PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady" })
        {
            status.Conditions!.Add(new PodCondition { Type = type, Status = "True", LastTransitionTime = now });
        }
        status.ContainerStatuses = [new ContainerStatus
        {
            Name = "c",
            Image = "registry.k8s.io/pause:3.10",
            ImageID = "registry.k8s.io/pause:3.10",
            ContainerID = "kubesharp-sim://c",
            Ready = true,
            Started = true,
            State = new ContainerState { Running = new ContainerStateRunning { StartedAt = now } },
        }];
        return pod;
    }

    /// <summary>Node <paramref name="node"/>'s Lease (owned by its Node, whose uid is the node's own) as created.</summary>
    private static Lease CreatedLease(ResourceDefinition leases, TrackFunc track, int node = 17)
    {
        var name = "node-" + node.ToString(CultureInfo.InvariantCulture);
        var lease = new Lease
        {
            Metadata = new ObjectMeta
            {
                Name = name,
                Namespace = "kube-node-lease",
                Uid = "0c6b3a9e-2b52-4f53-8e36-93c3e1f7a2b4",
                ResourceVersion = "200",
                CreationTimestamp = Time.FromDateTimeOffset(T0),
                OwnerReferences = [new OwnerReference { ApiVersion = "v1", Kind = "Node", Name = name, Uid = string.Create(CultureInfo.InvariantCulture, $"7d4b9c8f-2b52-4f53-8e36-{node:x12}") }],
            },
            Spec = new LeaseSpec { HolderIdentity = name, LeaseDurationSeconds = 40, RenewTime = MicroTime.FromDateTimeOffset(T0) },
        };
        track(leases, null, lease, Creator, "", T0);
        return lease;
    }

    private static Lease Renewed(Lease live, int i)
    {
        var lease = live.DeepCopy();
        lease.Metadata.ManagedFields = null;
        lease.Spec.RenewTime = MicroTime.FromDateTimeOffset(T0.AddSeconds(10 + i));
        return lease;
    }

    private static Event NewEvent(int i)
    {
        var time = Time.FromDateTimeOffset(T0.AddSeconds(i));
        var name = "pod-" + i.ToString(CultureInfo.InvariantCulture);
        return new Event
        {
            Metadata = new ObjectMeta { Name = name + ".18" + i.ToString("x8", CultureInfo.InvariantCulture), Namespace = "default", Uid = Guid.NewGuid().ToString() },
            InvolvedObject = new ObjectReference { Kind = "Pod", Namespace = "default", Name = name, Uid = "uid-" + name, ApiVersion = "v1", ResourceVersion = "100" },
            Reason = "Scheduled",
            Message = "Successfully assigned default/" + name + " to node-17",
            FirstTimestamp = time,
            LastTimestamp = time,
            Count = 1,
            Type = "Normal",
            Source = new EventSource { Component = "default-scheduler" },
            ReportingComponent = "default-scheduler",
        };
    }
}
