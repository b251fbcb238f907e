using System.Buffers;
using System.Text.Json;
using KubeSharp.Api;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Meta.V1;
using KubeSharp.Client;
using KubeSharp.Client.Cache;
using KubeSharp.Controllers.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.Controllers.PodGc;

/// <summary>The pod garbage collector's settings (upstream's kube-controller-manager flags and constants).</summary>
public sealed record PodGcOptions
{
    /// <summary><c>--terminated-pod-gc-threshold</c>: terminated pods kept before the oldest are deleted (12500; 0 disables).</summary>
    public int TerminatedPodThreshold { get; init; } = 12500;

    /// <summary>How long a pod's node must stay missing before the pod counts as orphaned (upstream's quarantineTime, 40 s).</summary>
    public TimeSpan Quarantine { get; init; } = TimeSpan.FromSeconds(40);

    /// <summary>How often the collector runs (upstream's gcCheckPeriod, 20 s).</summary>
    public TimeSpan CheckPeriod { get; init; } = TimeSpan.FromSeconds(20);
}

/// <summary>
/// Upstream's podgc controller (v1.32): every check period it deletes, from its caches, (1) terminated pods beyond the
/// threshold, evicted ones first then oldest first; (2) terminating pods on NotReady nodes with the
/// <c>node.kubernetes.io/out-of-service</c> taint; (3) pods bound to nodes that have been missing for the quarantine
/// time and are confirmed gone by a live read (orphans; they get DisruptionTarget=True, reason DeletionByPodGC);
/// (4) terminating pods never scheduled. A pod not yet Succeeded or Failed is first moved to Failed by a server-side
/// apply of pods/status (field manager PodGC, forced), then deleted with grace period 0.
/// </summary>
public sealed partial class PodGcController : IController
{
    /// <summary>The field manager of the status apply (upstream's).</summary>
    public const string FieldManager = "PodGC";

    private const string OutOfServiceTaint = "node.kubernetes.io/out-of-service";

    private readonly PodGcOptions _options;
    private readonly Dictionary<string, DateTimeOffset> _missingNodes = new(StringComparer.Ordinal);
    private ControllerContext _context = null!;
    private ILogger _logger = NullLogger.Instance;
    private Lister<Pod> _pods = null!;
    private Lister<Node> _nodes = null!;

    /// <summary>Creates the controller.</summary>
    public PodGcController(PodGcOptions? options = null)
    {
        _options = options ?? new PodGcOptions();
    }

    /// <inheritdoc/>
    public string Name => "podgc";

    /// <inheritdoc/>
    public Task InitializeAsync(ControllerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        _logger = context.LoggerFactory.CreateLogger<PodGcController>();
        _pods = context.Informers.Lister<Pod>();
        _nodes = context.Informers.Lister<Node>();
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await GcAsync(cancellationToken);
            }
            catch (Exception e) when (e is KubeApiException or HttpRequestException)
            {
                LogError(_logger, e.Message);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            try
            {
                await Task.Delay(_options.CheckPeriod, _context.Clock, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One pass (upstream's gc).</summary>
    internal async Task GcAsync(CancellationToken cancellationToken)
    {
        var pods = _pods.List();
        var nodes = _nodes.List();
        var terminated = PodGcOrdering.TerminatedToDelete(pods, _options.TerminatedPodThreshold);
        if (terminated.Count > 0)
        {
            LogCollecting(_logger, terminated.Count);
            await DeleteAllAsync(terminated, null, cancellationToken);
        }
        await DeleteAllAsync(TerminatingOutOfService(pods), null, cancellationToken);
        await GcOrphanedAsync(pods, nodes, cancellationToken);
        await DeleteAllAsync([.. pods.Where(p => p.Metadata.DeletionTimestamp is not null && p.Spec.NodeName.Length == 0)], null, cancellationToken);
    }

    /// <summary>upstream's gcTerminating: terminating pods on NotReady nodes tainted out-of-service.</summary>
    private List<Pod> TerminatingOutOfService(IReadOnlyList<Pod> pods)
    {
        var result = new List<Pod>();
        foreach (var pod in pods)
        {
            if (pod.Metadata.DeletionTimestamp is null || _nodes.Get(pod.Spec.NodeName) is not { } node)
            {
                continue;
            }
            var ready = node.Status.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;
            if (!ready && node.Spec.Taints?.Any(t => t.Key == OutOfServiceTaint) == true)
            {
                result.Add(pod);
            }
        }
        result.Sort(PodGcOrdering.CompareByEvictionAndCreation);
        return result;
    }

    /// <summary>upstream's gcOrphaned: nodes named by pods but missing are quarantined; once the quarantine is over and
    /// a live read confirms the node is gone, its pods are failed (DisruptionTarget) and deleted.</summary>
    private async Task GcOrphanedAsync(IReadOnlyList<Pod> pods, IReadOnlyList<Node> nodes, CancellationToken cancellationToken)
    {
        var existing = nodes.Select(n => n.Metadata.Name).ToHashSet(StringComparer.Ordinal);
        var now = _context.Clock.GetUtcNow();
        foreach (var pod in pods)
        {
            if (pod.Spec.NodeName.Length > 0 && !existing.Contains(pod.Spec.NodeName))
            {
                _missingNodes.TryAdd(pod.Spec.NodeName, now + _options.Quarantine);
            }
        }
        var deleted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, due) in _missingNodes.ToList())
        {
            if (due > now)
            {
                continue;
            }
            _missingNodes.Remove(name);
            if (existing.Contains(name))
            {
                continue;
            }
            try
            {
                await _context.Client.Resource<Node>().GetAsync(name, cancellationToken: cancellationToken);
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
                deleted.Add(name);
            }
            catch (Exception e) when (e is KubeApiException or HttpRequestException)
            {
                // Quarantined again by the next pass if still needed.
                LogError(_logger, e.Message);
            }
        }
        if (deleted.Count == 0)
        {
            return;
        }
        var orphans = pods.Where(p => deleted.Contains(p.Spec.NodeName)).ToList();
        var condition = new PodCondition
        {
            Type = "DisruptionTarget",
            Status = "True",
            Reason = "DeletionByPodGC",
            Message = "PodGC: node no longer exists",
        };
        foreach (var pod in orphans)
        {
            LogOrphan(_logger, pod.Metadata.Namespace + "/" + pod.Metadata.Name, pod.Spec.NodeName);
        }
        await DeleteAllAsync(orphans, condition, cancellationToken);
    }

    private async Task DeleteAllAsync(List<Pod> pods, PodCondition? condition, CancellationToken cancellationToken)
    {
        if (pods.Count == 0)
        {
            return;
        }
        await Parallel.ForEachAsync(pods, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (pod, token) =>
        {
            try
            {
                await MarkFailedAndDeleteAsync(pod, condition, token);
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
            }
            catch (Exception e) when (e is KubeApiException or HttpRequestException)
            {
                LogError(_logger, $"deleting pod {pod.Metadata.Namespace}/{pod.Metadata.Name}: {e.Message}");
            }
        });
    }

    /// <summary>upstream's markFailedAndDeletePodWithCondition.</summary>
    private async Task MarkFailedAndDeleteAsync(Pod pod, PodCondition? condition, CancellationToken cancellationToken)
    {
        var client = _context.Client.Resource<Pod>(pod.Metadata.Namespace);
        LogForceDeleting(_logger, pod.Metadata.Namespace + "/" + pod.Metadata.Name);
        if (pod.Status.Phase is not ("Succeeded" or "Failed"))
        {
            var body = StatusApply(pod, condition, Time.Now(_context.Clock).Rfc3339Copy());
            await client.PatchAsync(pod.Metadata.Name, PatchType.Apply, body, new PatchParams { FieldManager = FieldManager, Force = true }, "status", cancellationToken);
        }
        await client.DeleteAsync(pod.Metadata.Name, new DeleteOptions { GracePeriodSeconds = 0 }, cancellationToken);
    }

    /// <summary>The apply configuration upstream sends: only phase Failed and the condition, nothing else owned.</summary>
    internal static ReadOnlyMemory<byte> StatusApply(Pod pod, PodCondition? condition, Time now)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("kind", "Pod");
            writer.WriteString("apiVersion", "v1");
            writer.WriteStartObject("metadata");
            writer.WriteString("name", pod.Metadata.Name);
            writer.WriteString("namespace", pod.Metadata.Namespace);
            writer.WriteEndObject();
            writer.WriteStartObject("status");
            writer.WriteString("phase", "Failed");
            if (condition is not null)
            {
                writer.WriteStartArray("conditions");
                writer.WriteStartObject();
                writer.WriteString("type", condition.Type);
                writer.WriteString("status", condition.Status);
                writer.WriteString("lastTransitionTime", now.ToString());
                writer.WriteString("reason", condition.Reason);
                writer.WriteString("message", condition.Message);
                writer.WriteEndObject();
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        return buffer.WrittenMemory;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "garbage collecting {Count} terminated pods")]
    private static partial void LogCollecting(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "found orphaned pod {Pod} assigned to the missing node {Node}, deleting")]
    private static partial void LogOrphan(ILogger logger, string pod, string node);

    [LoggerMessage(Level = LogLevel.Information, Message = "PodGC is force deleting pod {Pod}")]
    private static partial void LogForceDeleting(ILogger logger, string pod);

    [LoggerMessage(Level = LogLevel.Warning, Message = "podgc: {Message}")]
    private static partial void LogError(ILogger logger, string message);
}
