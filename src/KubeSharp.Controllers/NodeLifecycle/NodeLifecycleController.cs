using System.Collections.Concurrent;
using KubeSharp.Api;
using KubeSharp.Api.Coordination.V1;
using KubeSharp.Api.Core.V1;
using KubeSharp.Client;
using KubeSharp.Client.Cache;
using KubeSharp.Client.Machinery.Events;
using KubeSharp.Client.Machinery.Queues;
using KubeSharp.Controllers.Infrastructure;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Controllers.NodeLifecycle;

/// <summary>Timing of the node lifecycle controller (upstream's kube-controller-manager flags).</summary>
public sealed record NodeLifecycleOptions
{
    /// <summary><c>--node-monitor-period</c>: how often node health is checked (5 s).</summary>
    public TimeSpan MonitorPeriod { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary><c>--node-monitor-grace-period</c>: how long a node may stay silent before it is Unknown (50 s since 1.32).</summary>
    public TimeSpan MonitorGracePeriod { get; init; } = TimeSpan.FromSeconds(50);

    /// <summary><c>--node-startup-grace-period</c>: the same for a node that never posted a Ready condition (60 s).</summary>
    public TimeSpan StartupGracePeriod { get; init; } = TimeSpan.FromSeconds(60);
}

/// <summary>
/// Upstream's node lifecycle controller: every monitor period each node's health is judged from the last time its Ready
/// heartbeat or its Lease (<c>kube-node-lease/NAME</c>) was seen to change; a node silent for longer than the grace
/// period gets Ready/MemoryPressure/DiskPressure/PIDPressure Unknown and its pods Ready=False. Node keys on the queue
/// reconcile the controller's taints: NoExecute not-ready/unreachable from the Ready condition (taint-based eviction)
/// and the NoSchedule condition taints (TaintNodesByCondition), swapped as the state changes, removed when Ready again.
/// </summary>
public sealed partial class NodeLifecycleController : QueueController
{
    /// <summary>The namespace of the node Leases.</summary>
    public const string LeaseNamespace = "kube-node-lease";

    private const string PodNodeIndex = "nodelifecycle.spec.nodeName";

    private readonly NodeLifecycleOptions _options;
    private readonly ConcurrentDictionary<string, NodeHealth> _health = new(StringComparer.Ordinal);
    private Lister<Node> _nodes = null!;
    private Lister<Lease> _leases = null!;
    private IEventRecorder _recorder = null!;
    private IIndexer<Pod> _pods = null!;

    /// <summary>Creates the controller.</summary>
    public NodeLifecycleController(NodeLifecycleOptions? options = null)
        : base(workers: 1)
    {
        _options = options ?? new NodeLifecycleOptions();
    }

    /// <inheritdoc/>
    public override string Name => "nodelifecycle";

    private sealed class NodeHealth
    {
        public DateTimeOffset ProbeTimestamp;
        public Time? Heartbeat;
        public bool HadReady;
        public string ReadyStatus = "";
        public MicroTime? LeaseRenew;
        public bool RetryMarkPods;
    }

    /// <inheritdoc/>
    protected override void Register(ControllerContext context)
    {
        _recorder = context.EventRecorder("node-controller");
        var nodes = context.Informers.Informer<Node>();
        var leases = context.Informers.Informer<Lease>();
        var pods = context.Informers.Informer<Pod>();
        pods.AddIndexers(new Dictionary<string, IndexFunc<Pod>>(StringComparer.Ordinal)
        {
            [PodNodeIndex] = p => p.Spec.NodeName is { Length: > 0 } n ? [n] : [],
        });
        _nodes = nodes.Lister;
        _leases = leases.Lister;
        _pods = pods.Indexer;
        nodes.AddEventHandler(
            onAdd: (n, _) => Enqueue(n.Metadata.Name),
            onUpdate: (_, n) => Enqueue(n.Metadata.Name),
            onDelete: (n, unknown) => _health.TryRemove(n.Metadata.Name, out var removed));
    }

    /// <inheritdoc/>
    public override async Task RunAsync(CancellationToken cancellationToken)
    {
        var monitor = Task.Run(() => MonitorLoopAsync(cancellationToken), CancellationToken.None);
        try
        {
            await base.RunAsync(cancellationToken);
        }
        finally
        {
            await monitor;
        }
    }

    private async Task MonitorLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            foreach (var node in _nodes.List())
            {
                try
                {
                    await MonitorNodeAsync(node, cancellationToken);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e) when (e is KubeApiException or HttpRequestException)
                {
                    LogMonitorError(Logger, node.Metadata.Name, e.Message);
                }
            }
            try
            {
                await Task.Delay(_options.MonitorPeriod, Context.Clock, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static NodeCondition? Condition(Node node, string type) => node.Status.Conditions?.FirstOrDefault(c => c.Type == type);

    /// <summary>Upstream's tryUpdateNodeHealth plus the pod part of monitorNodeHealth for one node.</summary>
    private async Task MonitorNodeAsync(Node node, CancellationToken cancellationToken)
    {
        var name = node.Metadata.Name;
        var now = Context.Clock.GetUtcNow();
        var ready = Condition(node, "Ready");
        var lease = _leases.Namespace(LeaseNamespace).Get(name);
        var health = _health.GetOrAdd(name, _ => new NodeHealth { ProbeTimestamp = now, ReadyStatus = ready?.Status ?? "" });
        bool previouslyReady;
        lock (health)
        {
            // Upstream times silence with its own clock from the moment it saw a new heartbeat or Lease renewal, so
            // clock skew between node and controller does not matter.
            if (ready is null ? health.HadReady : !health.HadReady || health.Heartbeat != ready.LastHeartbeatTime)
            {
                health.ProbeTimestamp = now;
            }
            health.HadReady = ready is not null;
            health.Heartbeat = ready?.LastHeartbeatTime;
            if (lease?.Spec.RenewTime is { } renew && (health.LeaseRenew is null || health.LeaseRenew.Value.Before(renew)))
            {
                health.LeaseRenew = renew;
                health.ProbeTimestamp = now;
            }
            previouslyReady = health.ReadyStatus == "True";
        }
        var grace = ready is null ? _options.StartupGracePeriod : _options.MonitorGracePeriod;
        var current = ready;
        if (now > health.ProbeTimestamp + grace)
        {
            var copy = node.DeepCopy();
            var changed = false;
            var stamp = Time.Now(Context.Clock).Rfc3339Copy();
            copy.Status.Conditions ??= [];
            foreach (var type in (string[])["Ready", "MemoryPressure", "DiskPressure", "PIDPressure"])
            {
                var condition = copy.Status.Conditions.FirstOrDefault(c => c.Type == type);
                if (condition is null)
                {
                    copy.Status.Conditions.Add(new NodeCondition
                    {
                        Type = type,
                        Status = "Unknown",
                        Reason = "NodeStatusNeverUpdated",
                        Message = "Kubelet never posted node status.",
                        LastHeartbeatTime = node.Metadata.CreationTimestamp,
                        LastTransitionTime = stamp,
                    });
                    changed = true;
                }
                else if (condition.Status != "Unknown")
                {
                    condition.Status = "Unknown";
                    condition.Reason = "NodeStatusUnknown";
                    condition.Message = "Kubelet stopped posting node status.";
                    condition.LastTransitionTime = stamp;
                    changed = true;
                }
            }
            if (changed)
            {
                await Context.Client.Resource<Node>().UpdateStatusAsync(copy, cancellationToken: cancellationToken);
                LogNodeUnknown(Logger, name);
            }
            current = copy.Status.Conditions.First(c => c.Type == "Ready");
        }
        var status = current?.Status ?? "";
        bool markPods;
        if (status.Length > 0 && status != "True" && previouslyReady)
        {
            // Upstream RecordNodeStatusChange, once when Ready leaves True.
            _recorder.Event(node, EventTypes.Normal, "NodeNotReady", $"Node {name} status is now: NodeNotReady");
        }
        lock (health)
        {
            markPods = status.Length > 0 && status != "True" && (previouslyReady || health.RetryMarkPods);
            health.ReadyStatus = status.Length > 0 ? status : health.ReadyStatus;
            health.RetryMarkPods = false;
        }
        if (markPods)
        {
            try
            {
                await MarkPodsNotReadyAsync(name, cancellationToken);
            }
            catch (Exception e) when (e is KubeApiException or HttpRequestException)
            {
                lock (health)
                {
                    health.RetryMarkPods = true;
                }
                throw;
            }
        }
    }

    /// <summary>Upstream's MarkPodsNotReady: each pod on the node gets its Ready condition False.</summary>
    private async Task MarkPodsNotReadyAsync(string nodeName, CancellationToken cancellationToken)
    {
        foreach (var pod in _pods.ByIndex(PodNodeIndex, nodeName))
        {
            var ready = pod.Status.Conditions?.FirstOrDefault(c => c.Type == "Ready");
            if (ready is null || ready.Status == "False")
            {
                continue;
            }
            var copy = pod.DeepCopy();
            var condition = copy.Status.Conditions!.First(c => c.Type == "Ready");
            condition.Status = "False";
            condition.LastTransitionTime = Time.Now(Context.Clock).Rfc3339Copy();
            try
            {
                await Context.Client.Resource<Pod>(pod.Metadata.Namespace).UpdateStatusAsync(copy, cancellationToken: cancellationToken);
                // Upstream records it after the write, so that the pod still exists.
                _recorder.Event(pod, EventTypes.Warning, "NodeNotReady", "Node is not ready");
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
            }
        }
    }

    /// <summary>The taints the controller owns on this node: (key, effect) pairs from its conditions.</summary>
    private static HashSet<(string Key, string Effect)> DesiredTaints(Node node)
    {
        var desired = new HashSet<(string, string)>();
        foreach (var condition in node.Status.Conditions ?? [])
        {
            if (NodeTaints.ConditionTaints.TryGetValue(condition.Type, out var byStatus) && byStatus.TryGetValue(condition.Status, out var key))
            {
                desired.Add((key, "NoSchedule"));
            }
        }
        if (node.Spec.Unschedulable == true)
        {
            desired.Add((NodeTaints.Unschedulable, "NoSchedule"));
        }
        // Taint-based eviction (processTaintBaseEviction): NotReady / Unreachable NoExecute from the Ready condition.
        switch (Condition(node, "Ready")?.Status)
        {
            case "False":
                desired.Add((NodeTaints.NotReady, "NoExecute"));
                break;
            case "Unknown":
                desired.Add((NodeTaints.Unreachable, "NoExecute"));
                break;
        }
        return desired;
    }

    private static bool IsManaged(Taint taint) => taint.Effect switch
    {
        "NoSchedule" => taint.Key == NodeTaints.Unschedulable || NodeTaints.ConditionTaints.Values.Any(m => m.Values.Contains(taint.Key)),
        "NoExecute" => taint.Key is NodeTaints.NotReady or NodeTaints.Unreachable,
        _ => false,
    };

    /// <inheritdoc/>
    protected override async Task<ReconcileResult> ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        var node = _nodes.Get(key);
        if (node is null)
        {
            return ReconcileResult.Done;
        }
        var desired = DesiredTaints(node);
        var existing = node.Spec.Taints ?? [];
        var remove = existing.Where(t => IsManaged(t) && !desired.Contains((t.Key, t.Effect))).ToList();
        var add = desired.Where(d => !existing.Any(t => t.Key == d.Key && t.Effect == d.Effect)).ToList();
        if (remove.Count == 0 && add.Count == 0)
        {
            return ReconcileResult.Done;
        }
        var copy = node.DeepCopy();
        var stamp = Time.Now(Context.Clock).Rfc3339Copy();
        var taints = (copy.Spec.Taints ?? []).Where(t => !(IsManaged(t) && !desired.Contains((t.Key, t.Effect)))).ToList();
        // Upstream's SwapNodeControllerTaint stamps every taint it adds with timeAdded.
        taints.AddRange(add.Select(a => new Taint { Key = a.Key, Effect = a.Effect, TimeAdded = stamp }));
        copy.Spec.Taints = taints.Count > 0 ? taints : null;
        try
        {
            await Context.Client.Resource<Node>().UpdateAsync(copy, cancellationToken: cancellationToken);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            return ReconcileResult.Done;
        }
        var added = string.Join(",", add.Select(a => a.Key + ":" + a.Effect));
        var removed = string.Join(",", remove.Select(r => r.Key + ":" + r.Effect));
        LogTaints(Logger, key, added, removed);
        return ReconcileResult.Done;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "node {Node}: stopped posting status, conditions set to Unknown")]
    private static partial void LogNodeUnknown(ILogger logger, string node);

    [LoggerMessage(Level = LogLevel.Information, Message = "node {Node}: taints added [{Added}] removed [{Removed}]")]
    private static partial void LogTaints(ILogger logger, string node, string added, string removed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "node {Node}: health update failed: {Message}")]
    private static partial void LogMonitorError(ILogger logger, string node, string message);
}
