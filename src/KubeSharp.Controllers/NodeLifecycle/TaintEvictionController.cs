using KubeSharp.Api;
using KubeSharp.Api.Core.V1;
using KubeSharp.Client;
using KubeSharp.Client.Cache;
using KubeSharp.Client.Machinery.Events;
using KubeSharp.Controllers.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.Controllers.NodeLifecycle;

/// <summary>
/// Upstream's taint-eviction-controller (the former NoExecuteTaintManager): a pod on a node with NoExecute taints is
/// deleted at once when some taint is not tolerated, after the smallest tolerationSeconds of the tolerations used
/// (timed, as upstream, from when the controller first saw the pod under those taints), or never when they all tolerate
/// forever. A pending eviction is cancelled when the taints go away or become tolerated forever. Before deleting, the
/// pod gets the DisruptionTarget condition (reason DeletionByTaintManager).
/// </summary>
public sealed partial class TaintEvictionController : IController
{
    private const string PodNodeIndex = "taint-eviction.spec.nodeName";

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Scheduled> _scheduled = new(StringComparer.Ordinal);
    private ControllerContext _context = null!;
    private ILogger _logger = NullLogger.Instance;
    private IEventRecorder _recorder = null!;
    private Lister<Node> _nodes = null!;
    private IIndexer<Pod> _pods = null!;
    private CancellationToken _stopping = new(canceled: true);
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed record Scheduled(DateTimeOffset CreatedAt, DateTimeOffset TriggerAt, CancellationTokenSource Cancel);

    /// <inheritdoc/>
    public string Name => "taint-eviction-controller";

    /// <summary>The number of evictions waiting for their time (for tests and metrics).</summary>
    public int PendingEvictions
    {
        get
        {
            lock (_lock)
            {
                return _scheduled.Count;
            }
        }
    }

    /// <inheritdoc/>
    public Task InitializeAsync(ControllerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        _logger = context.LoggerFactory.CreateLogger<TaintEvictionController>();
        _recorder = context.EventRecorder("taint-eviction-controller");
        var nodes = context.Informers.Informer<Node>();
        var pods = context.Informers.Informer<Pod>();
        pods.AddIndexers(new Dictionary<string, IndexFunc<Pod>>(StringComparer.Ordinal)
        {
            [PodNodeIndex] = p => p.Spec.NodeName is { Length: > 0 } n ? [n] : [],
        });
        _nodes = nodes.Lister;
        _pods = pods.Indexer;
        pods.AddEventHandler(
            onAdd: (p, _) => AfterStart(() => ProcessPod(p)),
            onUpdate: (_, p) => AfterStart(() => ProcessPod(p)),
            onDelete: (p, _) => Cancel(Key(p)));
        nodes.AddEventHandler(
            onAdd: (n, _) => AfterStart(() => ProcessNode(n.Metadata.Name)),
            onUpdate: (_, n) => AfterStart(() => ProcessNode(n.Metadata.Name)),
            onDelete: (n, _) => AfterStart(() => ProcessNode(n.Metadata.Name)));
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        _stopping = cancellationToken;
        _started.TrySetResult();
        foreach (var node in _nodes.List())
        {
            ProcessNode(node.Metadata.Name);
        }
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
        lock (_lock)
        {
            foreach (var s in _scheduled.Values)
            {
                s.Cancel.Cancel();
                s.Cancel.Dispose();
            }
            _scheduled.Clear();
        }
    }

    /// <summary>Events before the caches synced are covered by the full pass in <see cref="RunAsync"/>.</summary>
    private void AfterStart(Action action)
    {
        if (_started.Task.IsCompleted && !_stopping.IsCancellationRequested)
        {
            action();
        }
    }

    /// <summary>Upstream's emitPodDeletionEvent / emitCancelPodDeletionEvent: TaintManagerEviction on a reference to the
    /// pod by name (no uid), "Marking for deletion Pod ns/name" or "Cancelling deletion of Pod ns/name".</summary>
    private void PodEvent(string ns, string name, string what)
        => _recorder.Event(new ObjectReference { ApiVersion = "v1", Kind = "Pod", Namespace = ns, Name = name }, EventTypes.Normal, "TaintManagerEviction", what + ns + "/" + name);

    private static string Key(Pod pod) => pod.Metadata.Namespace + "/" + pod.Metadata.Name;

    private void ProcessNode(string nodeName)
    {
        foreach (var pod in _pods.ByIndex(PodNodeIndex, nodeName))
        {
            ProcessPod(pod);
        }
    }

    private static List<Taint> NoExecuteTaints(Node? node) => node?.Spec.Taints?.Where(t => t.Effect == "NoExecute").ToList() ?? [];

    /// <summary>Upstream's processPodOnNode.</summary>
    private void ProcessPod(Pod pod)
    {
        var key = Key(pod);
        if (pod.Spec.NodeName.Length == 0 || pod.Metadata.DeletionTimestamp is not null)
        {
            Cancel(key);
            return;
        }
        var taints = NoExecuteTaints(_nodes.Get(pod.Spec.NodeName));
        if (taints.Count == 0)
        {
            Cancel(key);
            return;
        }
        var (allTolerated, used) = Api.Scheduling.Tolerations.MatchingTolerations(taints, pod.Spec.Tolerations);
        var now = _context.Clock.GetUtcNow();
        if (!allTolerated)
        {
            LogNotTolerated(key, pod.Spec.NodeName);
            Schedule(pod, now, TimeSpan.Zero, replace: true);
            return;
        }
        var min = NodeTaints.MinTolerationTime(used);
        if (min is null)
        {
            Cancel(key);
            return;
        }
        Schedule(pod, now, min.Value, replace: false);
    }

    private void Schedule(Pod pod, DateTimeOffset createdAt, TimeSpan after, bool replace)
    {
        var key = Key(pod);
        var triggerAt = createdAt + after;
        Scheduled scheduled;
        lock (_lock)
        {
            if (_scheduled.TryGetValue(key, out var existing))
            {
                // As upstream, a scheduled eviction stays as it is while the pod remains tolerated for a while (its
                // start time is kept, so a changed tolerationSeconds does not move it); not tolerated replaces it.
                if (!replace || existing.TriggerAt <= triggerAt)
                {
                    return;
                }
                existing.Cancel.Cancel();
                existing.Cancel.Dispose();
                _scheduled.Remove(key);
                PodEvent(pod.Metadata.Namespace, pod.Metadata.Name, "Cancelling deletion of Pod ");
            }
            scheduled = new Scheduled(createdAt, triggerAt, CancellationTokenSource.CreateLinkedTokenSource(_stopping));
            _scheduled[key] = scheduled;
        }
        _ = EvictAsync(pod.Metadata.Namespace, pod.Metadata.Name, pod.Metadata.Uid, scheduled);
    }

    private void Cancel(string key)
    {
        lock (_lock)
        {
            if (_scheduled.Remove(key, out var existing))
            {
                existing.Cancel.Cancel();
                existing.Cancel.Dispose();
                var slash = key.IndexOf('/', StringComparison.Ordinal);
                PodEvent(key[..slash], key[(slash + 1)..], "Cancelling deletion of Pod ");
            }
        }
    }

    private async Task EvictAsync(string ns, string name, string uid, Scheduled scheduled)
    {
        CancellationToken token;
        try
        {
            token = scheduled.Cancel.Token;
        }
        catch (ObjectDisposedException)
        {
            return;
        }
        var key = ns + "/" + name;
        try
        {
            var delay = scheduled.TriggerAt - _context.Clock.GetUtcNow();
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, _context.Clock, token);
            }
            PodEvent(ns, name, "Marking for deletion Pod ");
            var client = _context.Client.Resource<Pod>(ns);
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    if (!await MarkDisruptionTargetAsync(client, name, uid, token))
                    {
                        break;
                    }
                    await client.DeleteAsync(name, cancellationToken: token);
                    LogEvicted(key);
                    break;
                }
                catch (KubeApiException e) when (e.IsNotFound)
                {
                    break;
                }
                catch (Exception e) when ((e is KubeApiException or HttpRequestException) && attempt < 5)
                {
                    LogRetry(key, e.Message);
                    await Task.Delay(TimeSpan.FromMilliseconds(10 << attempt), _context.Clock, token);
                }
            }
        }
        catch (OperationCanceledException)
        {
            return;
        }
        catch (Exception e) when (e is KubeApiException or HttpRequestException)
        {
            LogRetry(key, e.Message);
        }
        lock (_lock)
        {
            if (_scheduled.TryGetValue(key, out var current) && ReferenceEquals(current, scheduled))
            {
                _scheduled.Remove(key);
                current.Cancel.Dispose();
            }
        }
    }

    /// <summary>Upstream's addConditionAndDeletePod status part: DisruptionTarget=True before the delete.</summary>
    private async Task<bool> MarkDisruptionTargetAsync(ResourceClient<Pod> client, string name, string uid, CancellationToken token)
    {
        var pod = await client.GetAsync(name, cancellationToken: token);
        if (pod.Metadata.Uid != uid || pod.Metadata.DeletionTimestamp is not null)
        {
            return false;
        }
        if (pod.Status.Conditions?.Any(c => c.Type == "DisruptionTarget" && c.Status == "True") == true)
        {
            return true;
        }
        pod.Status.Conditions ??= [];
        pod.Status.Conditions.RemoveAll(c => c.Type == "DisruptionTarget");
        pod.Status.Conditions.Add(new PodCondition
        {
            Type = "DisruptionTarget",
            Status = "True",
            Reason = "DeletionByTaintManager",
            Message = "Taint manager: deleting due to NoExecute taint",
            LastTransitionTime = Time.Now(_context.Clock).Rfc3339Copy(),
        });
        await client.UpdateStatusAsync(pod, cancellationToken: token);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "pod {Pod} does not tolerate the NoExecute taints of node {Node}")]
    private partial void LogNotTolerated(string pod, string node);

    [LoggerMessage(Level = LogLevel.Information, Message = "pod {Pod} evicted (NoExecute taint)")]
    private partial void LogEvicted(string pod);

    [LoggerMessage(Level = LogLevel.Warning, Message = "evicting pod {Pod} failed: {Message}")]
    private partial void LogRetry(string pod, string message);
}
