using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using KubeSharp.Api;
using KubeSharp.Api.Coordination.V1;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Meta.V1;
using KubeSharp.Api.Schema;
using KubeSharp.Api.Serialization;
using KubeSharp.Client;
using KubeSharp.Client.Cache;
using KubeSharp.Client.Machinery.Queues;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.Scheduler.Simulation;

/// <summary>What <see cref="NodeSimulator"/> registers and how it behaves.</summary>
public sealed record NodeSimulatorOptions
{
    /// <summary>How many nodes.</summary>
    public int Nodes { get; init; } = 1;

    /// <summary>Node names are this prefix plus the index (0-based).</summary>
    public string NamePrefix { get; init; } = "sim-node-";

    /// <summary>Capacity and allocatable cpu of every node.</summary>
    public Quantity Cpu { get; init; } = Quantity.Parse("32");

    /// <summary>Capacity and allocatable memory of every node.</summary>
    public Quantity Memory { get; init; } = Quantity.Parse("256Gi");

    /// <summary>Capacity and allocatable pods of every node.</summary>
    public int Pods { get; init; } = 110;

    /// <summary>Extra labels of every node.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>Taints of every node.</summary>
    public IReadOnlyList<Taint> Taints { get; init; } = [];

    /// <summary>Nodes are spread round robin over this many zones (<c>topology.kubernetes.io/zone=zone-N</c>); 0: no zone label.</summary>
    public int Zones { get; init; } = 1;

    /// <summary>The kubelet version the nodes report.</summary>
    public string KubeletVersion { get; init; } = "v1.32.0-kubesharp-sim";

    /// <summary>How often each node's Lease is renewed (the kubelet's 10 s); the renewals are spread over the interval.</summary>
    public TimeSpan LeaseRenewInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The Lease's spec.leaseDurationSeconds (the kubelet's 40).</summary>
    public int LeaseDurationSeconds { get; init; } = 40;

    /// <summary>Whether pods bound to the nodes are moved to Running/Ready and their deletions finished.</summary>
    public bool ManagePods { get; init; } = true;

    /// <summary>
    /// Whether pod status is written as the kubelet's status manager writes it, a strategic merge patch of pods/status
    /// carrying the changed fields (<see cref="NodeSimulator.StatusPatch"/>), rather than a PUT of the whole pod. Off by
    /// default: with our API server the patch costs more end to end (client diff plus the server's patch path) than the
    /// PUT; bench/KubeSharp.Client.Benchmarks <c>--wire --case run-put --case run-patch</c> measures both.
    /// </summary>
    public bool PatchPodStatus { get; init; }

    /// <summary>Concurrent requests while registering nodes, renewing leases and writing pod statuses.</summary>
    public int Concurrency { get; init; } = 16;

    /// <summary>The name of node <paramref name="index"/>.</summary>
    public string NodeName(int index) => NamePrefix + index.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// Simulated nodes, as KWOK makes them: registers Nodes with capacity, allocatable, a Ready condition, addresses and
/// nodeInfo, keeps their Leases in kube-node-lease fresh as kubelets do (every node once per
/// <see cref="NodeSimulatorOptions.LeaseRenewInterval"/>, spread over the interval so thousands of nodes write a steady
/// stream instead of bursts), moves pods bound to them to Running/Ready through pods/status (a PUT, or the kubelet's
/// strategic merge patch with <see cref="NodeSimulatorOptions.PatchPodStatus"/>) and finishes their
/// deletion (grace period 0) as a kubelet would. Pods are watched through one informer on assigned pods
/// (<c>spec.nodeName!=</c>) filtered by the simulated node names. Nothing is removed when it stops unless
/// <see cref="CleanupAsync"/> is called.
/// </summary>
public sealed partial class NodeSimulator
{
    /// <summary>The namespace of the node Leases.</summary>
    public const string LeaseNamespace = "kube-node-lease";

    private readonly KubernetesClient _client;
    private readonly NodeSimulatorOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly HashSet<string> _names;
    private readonly Dictionary<string, int> _indexes;
    private readonly Lease?[] _leases;
    private long _leaseRenewals;
    private long _podsStarted;
    private long _podsDeleted;
    private int _podIpCounter;
    private readonly TaskCompletionSource _registered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Creates a simulator of <see cref="NodeSimulatorOptions.Nodes"/> nodes over <paramref name="client"/>.</summary>
    public NodeSimulator(KubernetesClient client, NodeSimulatorOptions options, TimeProvider? clock = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Nodes);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Concurrency, 1);
        _client = client;
        _options = options;
        _clock = clock ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _names = new HashSet<string>(StringComparer.Ordinal);
        _indexes = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < options.Nodes; i++)
        {
            _names.Add(options.NodeName(i));
            _indexes[options.NodeName(i)] = i;
        }
        _leases = new Lease?[options.Nodes];
    }

    /// <summary>The names of the simulated nodes.</summary>
    public IReadOnlyCollection<string> NodeNames => _names;

    /// <summary>Completes once every node is registered (with its status and Lease).</summary>
    public Task Registered => _registered.Task;

    /// <summary>Lease renewals written so far (not counting the first create).</summary>
    public long LeaseRenewals => Interlocked.Read(ref _leaseRenewals);

    /// <summary>Pods moved to Running so far.</summary>
    public long PodsStarted => Interlocked.Read(ref _podsStarted);

    /// <summary>Pod deletions finished so far.</summary>
    public long PodsDeleted => Interlocked.Read(ref _podsDeleted);

    /// <summary>The Node object registered for node <paramref name="index"/> (without status).</summary>
    public Node NewNode(int index)
    {
        var name = _options.NodeName(index);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["kubernetes.io/hostname"] = name,
            ["kubernetes.io/os"] = "linux",
            ["kubernetes.io/arch"] = "amd64",
            ["type"] = "kubesharp-sim",
        };
        if (_options.Zones > 0)
        {
            labels["topology.kubernetes.io/zone"] = "zone-" + (index % _options.Zones).ToString(CultureInfo.InvariantCulture);
        }
        foreach (var (key, value) in _options.Labels)
        {
            labels[key] = value;
        }
        return new Node
        {
            Metadata = new ObjectMeta
            {
                Name = name,
                Labels = labels,
                Annotations = new() { ["node.alpha.kubernetes.io/ttl"] = "0", ["kubesharp.io/simulated"] = "true" },
            },
            Spec = new NodeSpec { Taints = _options.Taints.Count == 0 ? null : [.. _options.Taints.Select(t => t.DeepCopy())] },
        };
    }

    /// <summary>The status node <paramref name="index"/> reports.</summary>
    public NodeStatus NewNodeStatus(int index)
    {
        var now = Time.Now(_clock).Rfc3339Copy();
        var resources = new Dictionary<string, Quantity>(StringComparer.Ordinal)
        {
            ["cpu"] = _options.Cpu,
            ["memory"] = _options.Memory,
            ["pods"] = Quantity.FromInt64(_options.Pods, QuantityFormat.DecimalSI),
            ["ephemeral-storage"] = Quantity.Parse("100Gi"),
        };
        NodeCondition Condition(string type, string status, string reason, string message) => new()
        {
            Type = type,
            Status = status,
            Reason = reason,
            Message = message,
            LastHeartbeatTime = now,
            LastTransitionTime = now,
        };
        return new NodeStatus
        {
            Capacity = resources,
            Allocatable = new Dictionary<string, Quantity>(resources, StringComparer.Ordinal),
            Phase = "Running",
            Conditions =
            [
                Condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
                Condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
                Condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
                Condition("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
            ],
            Addresses =
            [
                new NodeAddress { Type = "InternalIP", Address = NodeIp(index) },
                new NodeAddress { Type = "Hostname", Address = _options.NodeName(index) },
            ],
            DaemonEndpoints = new NodeDaemonEndpoints { KubeletEndpoint = new DaemonEndpoint { Port = 10250 } },
            NodeInfo = new NodeSystemInfo
            {
                MachineID = "sim-" + index.ToString(CultureInfo.InvariantCulture),
                SystemUUID = "sim-" + index.ToString(CultureInfo.InvariantCulture),
                BootID = "sim-" + index.ToString(CultureInfo.InvariantCulture),
                KernelVersion = "simulated",
                OsImage = "KubeSharp simulated node",
                ContainerRuntimeVersion = "kubesharp-sim://0.1",
                KubeletVersion = _options.KubeletVersion,
                KubeProxyVersion = _options.KubeletVersion,
                OperatingSystem = "linux",
                Architecture = "amd64",
            },
        };
    }

    /// <summary>Node <paramref name="index"/>'s InternalIP: 172.16.0.0/12 by index.</summary>
    public static string NodeIp(int index) => string.Create(CultureInfo.InvariantCulture, $"172.{16 + (index >> 16) % 16}.{(index >> 8) & 255}.{index & 255}");

    /// <summary>
    /// Registers the nodes (creating or updating them and their status), then renews their Leases and handles their
    /// pods until <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var informers = new SharedInformerFactory(_client, new SharedInformerFactoryOptions
        {
            SkipManagedFields = true,
            OnError = e => LogInformerError(e.Message),
        });
        RateLimitingQueue<string>? queue = null;
        SharedIndexInformer<Pod>? pods = null;
        if (_options.ManagePods)
        {
            queue = new RateLimitingQueue<string>(RateLimiters.DefaultController<string>(_clock), _clock);
            pods = informers.Informer<Pod>(new InformerScope { FieldSelector = "spec.nodeName!=" });
            pods.AddEventHandler(
                (pod, _) => Enqueue(queue, pod),
                (_, pod) => Enqueue(queue, pod));
        }

        try
        {
            await RegisterAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _registered.TrySetException(e);
            throw;
        }
        _registered.TrySetResult();
        LogRegistered(_options.Nodes);

        var tasks = new List<Task> { Task.Run(() => RenewLeasesAsync(cancellationToken), CancellationToken.None) };
        if (queue is not null)
        {
            informers.Start(cancellationToken);
            var lister = pods!.Lister;
            tasks.Add(QueueWorkers.RunAsync(queue, _options.Concurrency, (key, ct) => SyncPodAsync(lister, key, ct), _logger, cancellationToken));
        }
        try
        {
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            queue?.ShutDown();
        }
    }

    private void Enqueue(RateLimitingQueue<string> queue, Pod pod)
    {
        if (_names.Contains(pod.Spec.NodeName) && NeedsWork(pod))
        {
            queue.Add(CacheKeys.Of(pod.Metadata.Namespace, pod.Metadata.Name));
        }
    }

    private static bool NeedsWork(Pod pod) => pod.Metadata.DeletionTimestamp is not null || pod.Status.Phase is not ("Running" or "Succeeded" or "Failed");

    /// <summary>Creates (or brings up to date) every node with its status and Lease, <see cref="NodeSimulatorOptions.Concurrency"/> at a time.</summary>
    private async Task RegisterAsync(CancellationToken cancellationToken)
    {
        // Answers without managedFields: the Leases kept for renewal then PUT without them (the server keeps its own).
        var nodes = _client.Resource<Node>().WithoutManagedFields();
        var leases = _client.Resource<Lease>(LeaseNamespace).WithoutManagedFields();
        await Parallel.ForEachAsync(Enumerable.Range(0, _options.Nodes),
            new ParallelOptions { MaxDegreeOfParallelism = _options.Concurrency, CancellationToken = cancellationToken },
            async (index, ct) =>
            {
                var wanted = NewNode(index);
                Node node;
                try
                {
                    node = await nodes.CreateAsync(wanted, cancellationToken: ct).ConfigureAwait(false);
                }
                catch (KubeApiException e) when (e.IsAlreadyExists)
                {
                    // Registered before (a restart): the labels and taints become ours again, as a kubelet reconciles them.
                    node = await nodes.GetAsync(wanted.Metadata.Name, cancellationToken: ct).ConfigureAwait(false);
                    node.Metadata.Labels = wanted.Metadata.Labels;
                    node.Spec.Taints = wanted.Spec.Taints;
                    node = await nodes.UpdateAsync(node, cancellationToken: ct).ConfigureAwait(false);
                }
                // The controller manager may change the node meanwhile (podCIDR, taints): retry on the latest object.
                for (var attempt = 0; ; attempt++)
                {
                    node.Status = NewNodeStatus(index);
                    try
                    {
                        node = await nodes.UpdateStatusAsync(node, cancellationToken: ct).ConfigureAwait(false);
                        break;
                    }
                    catch (KubeApiException e) when (e.IsConflict && attempt < 10)
                    {
                        node = await nodes.GetAsync(wanted.Metadata.Name, cancellationToken: ct).ConfigureAwait(false);
                    }
                }

                var lease = NewLease(node);
                try
                {
                    _leases[index] = await leases.CreateAsync(lease, cancellationToken: ct).ConfigureAwait(false);
                }
                catch (KubeApiException e) when (e.IsAlreadyExists)
                {
                    await RenewLeaseAsync(index, ct).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
    }

    private Lease NewLease(Node node) => new()
    {
        Metadata = new ObjectMeta
        {
            Name = node.Metadata.Name,
            Namespace = LeaseNamespace,
            OwnerReferences = [new OwnerReference { ApiVersion = "v1", Kind = "Node", Name = node.Metadata.Name, Uid = node.Metadata.Uid }],
        },
        Spec = new LeaseSpec
        {
            HolderIdentity = node.Metadata.Name,
            LeaseDurationSeconds = _options.LeaseDurationSeconds,
            RenewTime = MicroTime.Now(_clock),
        },
    };

    /// <summary>
    /// Renews every Lease once per interval: the interval is cut into ticks of about 100 ms and each tick renews the
    /// nodes whose index falls in it, so 5,000 nodes make a steady 500 writes/s rather than a burst every 10 s.
    /// </summary>
    private async Task RenewLeasesAsync(CancellationToken cancellationToken)
    {
        var count = _options.Nodes;
        if (count == 0)
        {
            return;
        }
        var ticks = (int)Math.Clamp(_options.LeaseRenewInterval.TotalMilliseconds / 100, 1, count);
        var tick = _options.LeaseRenewInterval / ticks;
        using var timer = new PeriodicTimer(tick, _clock);
        var slot = 0;
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            // Nodes [from, to) are this tick's share.
            var from = (int)((long)count * slot / ticks);
            var to = (int)((long)count * (slot + 1) / ticks);
            slot = (slot + 1) % ticks;
            await Parallel.ForEachAsync(Enumerable.Range(from, to - from),
                new ParallelOptions { MaxDegreeOfParallelism = _options.Concurrency, CancellationToken = cancellationToken },
                async (index, ct) =>
                {
                    try
                    {
                        await RenewLeaseAsync(index, ct).ConfigureAwait(false);
                    }
                    catch (KubeApiException e)
                    {
                        LogLeaseFailed(_options.NodeName(index), e.Message);
                    }
                    catch (HttpRequestException e)
                    {
                        LogLeaseFailed(_options.NodeName(index), e.Message);
                    }
                }).ConfigureAwait(false);
        }
    }

    /// <summary>The kubelet's lease controller: update the last Lease seen with a new renewTime; on a conflict or a missing Lease read or create it again.</summary>
    private async Task RenewLeaseAsync(int index, CancellationToken cancellationToken)
    {
        // Answers are decoded without managedFields (never read; a PUT without them keeps the server's).
        var leases = _client.Resource<Lease>(LeaseNamespace).WithoutManagedFields();
        var name = _options.NodeName(index);
        var lease = _leases[index];
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (lease is null)
            {
                lease = await leases.TryGetAsync(name, cancellationToken).ConfigureAwait(false);
                if (lease is null)
                {
                    var node = await _client.Resource<Node>().TryGetAsync(name, cancellationToken).ConfigureAwait(false);
                    if (node is null)
                    {
                        return; // deleted from outside: nothing to hold a Lease for
                    }
                    _leases[index] = await leases.CreateAsync(NewLease(node), cancellationToken: cancellationToken).ConfigureAwait(false);
                    return;
                }
            }
            var renewed = lease.DeepCopy();
            renewed.Spec.HolderIdentity = name;
            renewed.Spec.LeaseDurationSeconds = _options.LeaseDurationSeconds;
            renewed.Spec.RenewTime = MicroTime.Now(_clock);
            try
            {
                _leases[index] = await leases.UpdateAsync(renewed, cancellationToken: cancellationToken).ConfigureAwait(false);
                Interlocked.Increment(ref _leaseRenewals);
                return;
            }
            catch (KubeApiException e) when (e.IsConflict || e.IsNotFound)
            {
                lease = null;
            }
        }
    }

    /// <summary>One assigned pod: finish its deletion, or report it Running and Ready.</summary>
    private async Task SyncPodAsync(Lister<Pod> lister, string key, CancellationToken cancellationToken)
    {
        var (ns, name) = CacheKeys.Split(key);
        var pod = lister.Namespace(ns).Get(name);
        if (pod is null || !_names.Contains(pod.Spec.NodeName) || !NeedsWork(pod))
        {
            return;
        }
        var client = _client.Resource<Pod>(ns).WithoutManagedFields();
        try
        {
            if (pod.Metadata.DeletionTimestamp is not null)
            {
                await client.DeleteAsync(name, new DeleteOptions
                {
                    GracePeriodSeconds = 0,
                    Preconditions = new Preconditions { Uid = pod.Metadata.Uid },
                }, cancellationToken).ConfigureAwait(false);
                Interlocked.Increment(ref _podsDeleted);
                return;
            }
            var running = RunningView(pod);
            if (_options.PatchPodStatus)
            {
                // As the kubelet's status manager (statusutil.PatchPodStatus): a strategic merge patch of pods/status
                // from the status it last saw to the new one, with the pod's UID as a precondition.
                await client.PatchAsync(name, PatchType.StrategicMerge, StatusPatch(pod, running), subresource: "status", cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await client.UpdateStatusAsync(running, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            Interlocked.Increment(ref _podsStarted);
        }
        catch (KubeApiException e) when (e.IsNotFound || e.IsConflict)
        {
            // Gone, or changed meanwhile: the informer brings the newer object back.
        }
    }

    /// <summary>The pod as a kubelet reports it once its containers run: phase Running, Ready, IPs and container statuses.</summary>
    public Pod RunningPod(Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var copy = pod.DeepCopy();
        copy.Status = RunningStatus(pod);
        return copy;
    }

    /// <summary>
    /// The pod to write: the cached pod's metadata and spec (shared, only read while it is encoded) with the running
    /// status, saving a deep copy of the whole pod per write.
    /// </summary>
    private Pod RunningView(Pod pod) => new()
    {
        ApiVersion = pod.ApiVersion,
        Kind = pod.Kind,
        Metadata = pod.Metadata,
        Spec = pod.Spec,
        Status = RunningStatus(pod),
    };

    /// <summary>The status of <see cref="RunningPod"/> (a new object; the pod is left alone).</summary>
    private PodStatus RunningStatus(Pod pod)
    {
        var status = pod.Status.DeepCopy();
        var now = Time.Now(_clock).Rfc3339Copy();
        var index = _indexes.GetValueOrDefault(pod.Spec.NodeName);
        var hostIp = NodeIp(index);
        var podIp = pod.Spec.HostNetwork
            ? hostIp
            : string.Create(CultureInfo.InvariantCulture, $"10.{128 + (index >> 8) % 128}.{index & 255}.{(uint)Interlocked.Increment(ref _podIpCounter) % 254 + 1}");
        status.Phase = "Running";
        status.HostIP = hostIp;
        status.HostIPs = [new HostIP { Ip = hostIp }];
        status.PodIP = podIp;
        status.PodIPs = [new PodIP { Ip = podIp }];
        status.StartTime ??= now;
        var conditions = status.Conditions ?? [];
        void Set(string type)
        {
            var existing = conditions.FirstOrDefault(c => c.Type == type);
            if (existing is null)
            {
                conditions.Add(new PodCondition { Type = type, Status = "True", LastTransitionTime = now });
            }
            else if (existing.Status != "True")
            {
                existing.Status = "True";
                existing.Reason = "";
                existing.Message = "";
                existing.LastTransitionTime = now;
            }
        }
        Set("PodReadyToStartContainers");
        Set("Initialized");
        Set("Ready");
        Set("ContainersReady");
        Set("PodScheduled");
        status.Conditions = conditions;
        status.InitContainerStatuses = pod.Spec.InitContainers is { Count: > 0 } inits
            ? [.. inits.Select(c => new ContainerStatus
            {
                Name = c.Name,
                Image = c.Image,
                ImageID = c.Image,
                ContainerID = "kubesharp-sim://" + c.Name,
                Ready = true,
                State = new ContainerState { Terminated = new ContainerStateTerminated { ExitCode = 0, Reason = "Completed", StartedAt = now, FinishedAt = now } },
            })]
            : null;
        status.ContainerStatuses = [.. (pod.Spec.Containers ?? []).Select(c => new ContainerStatus
        {
            Name = c.Name,
            Image = c.Image,
            ImageID = c.Image,
            ContainerID = "kubesharp-sim://" + c.Name,
            Ready = true,
            Started = true,
            State = new ContainerState { Running = new ContainerStateRunning { StartedAt = now } },
        })];
        return status;
    }

    /// <summary>
    /// The kubelet's pod status patch (statusutil.PatchPodStatus): the two-way strategic merge patch from a pod holding
    /// <paramref name="original"/>'s status to one holding <paramref name="updated"/>'s status and UID, so the patch
    /// carries <c>metadata.uid</c> (a precondition: a pod recreated under the same name is not patched) and the changed
    /// status fields only.
    /// </summary>
    public static byte[] StatusPatch(Pod original, Pod updated)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(updated);
        var before = new JsonObject { ["status"] = JsonNode.Parse(KubeJson.SerializeToUtf8Bytes(original.Status)) };
        var after = new JsonObject
        {
            ["metadata"] = new JsonObject { ["uid"] = updated.Metadata.Uid },
            ["status"] = JsonNode.Parse(KubeJson.SerializeToUtf8Bytes(updated.Status)),
        };
        ApiSchema.Default.TryGetByKind("", "v1", "Pod", out var podSchema);
        var patch = StrategicMergePatchBuilder.CreateTwoWay(before, after, podSchema);
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, KubeJson.WriterOptions))
        {
            patch.WriteTo(writer);
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Deletes the simulated nodes and their Leases (<c>kubesharp sim --cleanup</c> on exit).</summary>
    public async Task CleanupAsync(CancellationToken cancellationToken)
    {
        var nodes = _client.Resource<Node>();
        var leases = _client.Resource<Lease>(LeaseNamespace);
        await Parallel.ForEachAsync(_names, new ParallelOptions { MaxDegreeOfParallelism = _options.Concurrency, CancellationToken = cancellationToken },
            async (name, ct) =>
            {
                try
                {
                    await leases.DeleteAsync(name, cancellationToken: ct).ConfigureAwait(false);
                }
                catch (KubeApiException e) when (e.IsNotFound)
                {
                }
                try
                {
                    await nodes.DeleteAsync(name, cancellationToken: ct).ConfigureAwait(false);
                }
                catch (KubeApiException e) when (e.IsNotFound)
                {
                }
            }).ConfigureAwait(false);
    }

    /// <summary>Parses <c>k=v,k2=v2</c> (the --labels flag).</summary>
    public static Dictionary<string, string> ParseLabels(string? text)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new FormatException($"invalid label \"{part}\": expected key=value");
            }
            labels[part[..eq].TrimEnd()] = part[(eq + 1)..].TrimStart();
        }
        return labels;
    }

    /// <summary>Parses <c>key=value:Effect,key:Effect</c> (the --taints flag, kubectl taint's spec syntax).</summary>
    public static List<Taint> ParseTaints(string? text)
    {
        var taints = new List<Taint>();
        foreach (var part in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = part.LastIndexOf(':');
            if (colon <= 0)
            {
                throw new FormatException($"invalid taint spec: {part}");
            }
            var effect = part[(colon + 1)..];
            if (effect is not ("NoSchedule" or "PreferNoSchedule" or "NoExecute"))
            {
                throw new FormatException($"invalid taint effect: {effect}, unsupported taint effect");
            }
            var keyValue = part[..colon];
            var eq = keyValue.IndexOf('=', StringComparison.Ordinal);
            taints.Add(new Taint
            {
                Key = eq < 0 ? keyValue : keyValue[..eq],
                Value = eq < 0 ? "" : keyValue[(eq + 1)..],
                Effect = effect,
            });
        }
        return taints;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} simulated nodes registered")]
    private partial void LogRegistered(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "informer error: {Message}")]
    private partial void LogInformerError(string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "renewing the lease of {Node} failed: {Message}")]
    private partial void LogLeaseFailed(string node, string message);
}
