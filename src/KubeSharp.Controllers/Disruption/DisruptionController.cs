using KubeSharp.Api;
using KubeSharp.Api.Apps.V1;
using KubeSharp.Api.Autoscaling.V1;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Labels;
using KubeSharp.Api.Meta.V1;
using KubeSharp.Api.Policy.V1;
using KubeSharp.Client;
using KubeSharp.Client.Cache;
using KubeSharp.Client.Machinery.Events;
using KubeSharp.Client.Machinery.Queues;
using KubeSharp.Controllers.Infrastructure;
using Microsoft.Extensions.Logging;
using GroupVersionKind = KubeSharp.Api.Registry.GroupVersionKind;

namespace KubeSharp.Controllers.Disruption;

/// <summary>
/// Upstream's disruption controller: keeps every PodDisruptionBudget's status (currentHealthy, desiredHealthy,
/// expectedPods, disruptionsAllowed, disruptedPods, observedGeneration and the DisruptionAllowed condition) current
/// from the pods its selector matches in its namespace. Percentages and maxUnavailable are taken of the summed scale
/// of the pods' controllers (ReplicationController, Deployment via its ReplicaSet, ReplicaSet, StatefulSet, else any
/// owner with a <c>/scale</c> subresource), as upstream's finders. An entry of status.disruptedPods (written by the API
/// server's eviction) keeps its pod out of the healthy count until the pod is deleted or two minutes pass; the budget is
/// looked at again when an entry expires. A budget whose numbers cannot be computed gets disruptionsAllowed 0 and
/// DisruptionAllowed=False with reason SyncFailed.
/// </summary>
public sealed partial class DisruptionController : QueueController
{
    private IEventRecorder _recorder = null!;
    private Lister<PodDisruptionBudget> _pdbs = null!;
    private Lister<Pod> _pods = null!;
    private Lister<ReplicationController> _rcs = null!;
    private Lister<ReplicaSet> _replicaSets = null!;
    private Lister<Api.Apps.V1.Deployment> _deployments = null!;
    private Lister<Api.Apps.V1.StatefulSet> _statefulSets = null!;

    /// <summary>Creates the controller.</summary>
    public DisruptionController()
        : base(workers: 1)
    {
    }

    /// <inheritdoc/>
    public override string Name => "disruption";

    private sealed record ControllerAndScale(string Uid, int Scale);

    /// <inheritdoc/>
    protected override void Register(ControllerContext context)
    {
        var pdbs = context.Informers.Informer<PodDisruptionBudget>();
        var pods = context.Informers.Informer<Pod>();
        _pdbs = pdbs.Lister;
        _pods = pods.Lister;
        _rcs = context.Informers.Lister<ReplicationController>();
        _replicaSets = context.Informers.Lister<ReplicaSet>();
        _deployments = context.Informers.Lister<Api.Apps.V1.Deployment>();
        _statefulSets = context.Informers.Lister<Api.Apps.V1.StatefulSet>();
        _recorder = context.EventRecorder("controllermanager");
        pdbs.AddEventHandler(
            onAdd: (pdb, _) => Enqueue(Key(pdb)),
            onUpdate: (_, pdb) => Enqueue(Key(pdb)),
            onDelete: (pdb, _) => Enqueue(Key(pdb)));
        pods.AddEventHandler(
            onAdd: (pod, _) => EnqueueFor(pod),
            onUpdate: (old, pod) =>
            {
                EnqueueFor(pod);
                if (!LabelsEqual(old.Metadata.Labels, pod.Metadata.Labels))
                {
                    EnqueueFor(old);
                }
            },
            onDelete: (pod, _) => EnqueueFor(pod));
    }

    private static string Key(PodDisruptionBudget pdb) => pdb.Metadata.Namespace + "/" + pdb.Metadata.Name;

    private static bool LabelsEqual(Dictionary<string, string>? a, Dictionary<string, string>? b)
        => (a?.Count ?? 0) == (b?.Count ?? 0) && (a is null || a.All(kv => b!.TryGetValue(kv.Key, out var v) && v == kv.Value));

    /// <summary>upstream's getPdbForPod, enqueuing every budget that selects the pod (a nil or empty selector selects
    /// nothing here, as upstream; more than one is upstream's MultiplePodDisruptionBudgets case).</summary>
    private void EnqueueFor(Pod pod)
    {
        foreach (var pdb in _pdbs.Namespace(pod.Metadata.Namespace).List())
        {
            if (pdb.Spec.Selector.TryToSelector(out var selector, out _) && !selector.IsEmpty && selector.Matches(pod.Metadata.Labels))
            {
                Enqueue(Key(pdb));
            }
        }
    }

    /// <inheritdoc/>
    protected override async Task<ReconcileResult> ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var pdb = _pdbs.Namespace(key[..slash]).Get(key[(slash + 1)..]);
        if (pdb is null)
        {
            return ReconcileResult.Done;
        }
        try
        {
            return await TrySyncAsync(pdb, cancellationToken);
        }
        catch (KubeApiException e) when (e.IsConflict)
        {
            throw;
        }
        catch (Exception e) when (e is KubeApiException or FormatException or InvalidOperationException)
        {
            LogSyncFailed(Logger, key, e.Message);
            await FailSafeAsync(pdb, e.Message, cancellationToken);
            return ReconcileResult.Done;
        }
    }

    /// <summary>upstream's trySync.</summary>
    private async Task<ReconcileResult> TrySyncAsync(PodDisruptionBudget pdb, CancellationToken cancellationToken)
    {
        if (!pdb.Spec.Selector.TryToSelector(out var selector, out var error))
        {
            throw new FormatException(error);
        }
        var pods = _pods.Namespace(pdb.Metadata.Namespace).List(selector);
        if (pods.Count == 0)
        {
            _recorder.Event(pdb, EventTypes.Normal, "NoPods", "No matching pods found");
        }
        int expectedCount, desiredHealthy;
        if (DisruptionMath.NeedsScale(pdb.Spec))
        {
            int scale;
            List<string> unmanaged;
            try
            {
                (scale, unmanaged) = await ExpectedScaleAsync(pods, cancellationToken);
                (expectedCount, desiredHealthy) = DisruptionMath.ExpectedAndDesired(pdb.Spec, pods.Count, scale);
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException or KubeApiException)
            {
                _recorder.Eventf(pdb, EventTypes.Warning, "CalculateExpectedPodCountFailed", "Failed to calculate the number of expected pods: {0}", e.Message);
                throw;
            }
            if (unmanaged.Count > 0)
            {
                var names = string.Join(",", unmanaged);
                LogUnmanaged(Logger, pdb.Metadata.Namespace + "/" + pdb.Metadata.Name, names);
                _recorder.Eventf(pdb, EventTypes.Normal, "UnmanagedPods", "Pods selected by this PodDisruptionBudget (selector: {0}) were found to be unmanaged. "
                    + "As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. "
                    + "To account for these pods please set \".spec.minAvailable\" field of the PDB to an integer value.", selector.ToString());
            }
        }
        else
        {
            (expectedCount, desiredHealthy) = DisruptionMath.ExpectedAndDesired(pdb.Spec, pods.Count, 0);
        }
        var now = Context.Clock.GetUtcNow();
        var (disrupted, recheckAt, notDeleted) = DisruptionMath.BuildDisruptedPods(pdb.Status.DisruptedPods, pods, now);
        foreach (var pod in notDeleted)
        {
            LogNotDeleted(Logger, pod.Metadata.Namespace + "/" + pod.Metadata.Name, pdb.Metadata.Namespace + "/" + pdb.Metadata.Name);
            _recorder.Eventf(pod, EventTypes.Warning, "NotDeleted", "Pod was expected by PDB {0}/{1} to be deleted but it wasn't", pdb.Metadata.Namespace, pdb.Metadata.Name);
        }
        var currentHealthy = DisruptionMath.CountHealthy(pods, disrupted, now);
        await UpdateStatusAsync(pdb, currentHealthy, desiredHealthy, expectedCount, disrupted, now, cancellationToken);
        return recheckAt is { } at ? ReconcileResult.After(at - now > TimeSpan.Zero ? at - now : TimeSpan.Zero) : ReconcileResult.Done;
    }

    /// <summary>upstream's getExpectedScale: the summed scale of the pods' controllers (each counted once); pods
    /// without a controller are returned as unmanaged; a controller no finder knows is an error.</summary>
    private async Task<(int Scale, List<string> Unmanaged)> ExpectedScaleAsync(IReadOnlyList<Pod> pods, CancellationToken cancellationToken)
    {
        var scales = new Dictionary<string, int>(StringComparer.Ordinal);
        var unmanaged = new List<string>();
        foreach (var pod in pods)
        {
            var controllerRef = OwnerReferences.GetControllerOf(pod.Metadata);
            if (controllerRef is null)
            {
                unmanaged.Add(pod.Metadata.Name);
                continue;
            }
            if (scales.ContainsKey(controllerRef.Uid))
            {
                continue;
            }
            var found = FindReplicationController(controllerRef, pod.Metadata.Namespace)
                ?? FindDeployment(controllerRef, pod.Metadata.Namespace)
                ?? FindReplicaSet(controllerRef, pod.Metadata.Namespace)
                ?? FindStatefulSet(controllerRef, pod.Metadata.Namespace)
                ?? await FindScaleAsync(controllerRef, pod.Metadata.Namespace, cancellationToken)
                ?? throw new InvalidOperationException($"found no controllers for pod \"{pod.Metadata.Name}\"");
            scales[found.Uid] = found.Scale;
        }
        return (scales.Values.Sum(), unmanaged);
    }

    private static bool IsGroupKind(OwnerReference reference, string kind, params string[] groups)
        => reference.Kind == kind && groups.Contains(OwnerReferences.GroupOf(reference.ApiVersion), StringComparer.Ordinal);

    private ControllerAndScale? FindReplicationController(OwnerReference reference, string ns)
    {
        if (!IsGroupKind(reference, "ReplicationController", ""))
        {
            return null;
        }
        var rc = _rcs.Namespace(ns).Get(reference.Name);
        return rc is null || rc.Metadata.Uid != reference.Uid ? null : new ControllerAndScale(rc.Metadata.Uid, rc.Spec.Replicas ?? 1);
    }

    private ControllerAndScale? FindReplicaSet(OwnerReference reference, string ns)
    {
        if (!IsGroupKind(reference, "ReplicaSet", "apps", "extensions"))
        {
            return null;
        }
        var rs = _replicaSets.Namespace(ns).Get(reference.Name);
        if (rs is null || rs.Metadata.Uid != reference.Uid)
        {
            return null;
        }
        // A ReplicaSet run by a Deployment is counted through the Deployment.
        return OwnerReferences.GetControllerOf(rs.Metadata) is { Kind: "Deployment" } ? null : new ControllerAndScale(rs.Metadata.Uid, rs.Spec.Replicas ?? 1);
    }

    private ControllerAndScale? FindDeployment(OwnerReference reference, string ns)
    {
        if (!IsGroupKind(reference, "ReplicaSet", "apps", "extensions"))
        {
            return null;
        }
        var rs = _replicaSets.Namespace(ns).Get(reference.Name);
        if (rs is null || rs.Metadata.Uid != reference.Uid || OwnerReferences.GetControllerOf(rs.Metadata) is not { } owner
            || !IsGroupKind(owner, "Deployment", "apps", "extensions"))
        {
            return null;
        }
        var deployment = _deployments.Namespace(ns).Get(owner.Name);
        return deployment is null || deployment.Metadata.Uid != owner.Uid ? null : new ControllerAndScale(deployment.Metadata.Uid, deployment.Spec.Replicas ?? 1);
    }

    private ControllerAndScale? FindStatefulSet(OwnerReference reference, string ns)
    {
        if (!IsGroupKind(reference, "StatefulSet", "apps"))
        {
            return null;
        }
        var set = _statefulSets.Namespace(ns).Get(reference.Name);
        return set is null || set.Metadata.Uid != reference.Uid ? null : new ControllerAndScale(set.Metadata.Uid, set.Spec.Replicas ?? 1);
    }

    /// <summary>upstream's getScaleController: any other owner kind through its <c>/scale</c> subresource.</summary>
    private async Task<ControllerAndScale?> FindScaleAsync(OwnerReference reference, string ns, CancellationToken cancellationToken)
    {
        var gvk = GroupVersionKind.FromApiVersion(reference.ApiVersion, reference.Kind);
        if (!Context.Client.Registry.TryGetByKind(gvk, out var resource))
        {
            throw new InvalidOperationException($"no matches for kind \"{reference.Kind}\" in version \"{reference.ApiVersion}\"");
        }
        if (!resource.Subresources.Any(s => s.Name == "scale"))
        {
            return null;
        }
        try
        {
            var scale = await Context.Client.Dynamic(resource, ns).GetSubresourceAsync<Scale>(reference.Name, "scale", cancellationToken);
            return scale.Metadata.Uid != reference.Uid ? null : new ControllerAndScale(scale.Metadata.Uid, scale.Spec.Replicas);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            return null;
        }
    }

    /// <summary>upstream's updatePdbStatus: writes the status unless it is already what it should be.</summary>
    private async Task UpdateStatusAsync(PodDisruptionBudget pdb, int currentHealthy, int desiredHealthy, int expectedCount,
        Dictionary<string, Time> disrupted, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var allowed = DisruptionMath.DisruptionsAllowed(currentHealthy, desiredHealthy, expectedCount);
        var status = pdb.Status;
        if (status.CurrentHealthy == currentHealthy && status.DesiredHealthy == desiredHealthy && status.ExpectedPods == expectedCount
            && status.DisruptionsAllowed == allowed && SameDisrupted(status.DisruptedPods, disrupted)
            && status.ObservedGeneration == pdb.Metadata.Generation && DisruptionBudgetConditions.AreUpToDate(pdb))
        {
            return;
        }
        var updated = pdb.DeepCopy();
        updated.Status = new PodDisruptionBudgetStatus
        {
            CurrentHealthy = currentHealthy,
            DesiredHealthy = desiredHealthy,
            ExpectedPods = expectedCount,
            DisruptionsAllowed = allowed,
            DisruptedPods = disrupted.Count > 0 ? disrupted : null,
            ObservedGeneration = pdb.Metadata.Generation,
            Conditions = updated.Status.Conditions,
        };
        DisruptionBudgetConditions.Update(updated, now);
        await Context.Client.Resource<PodDisruptionBudget>(pdb.Metadata.Namespace).UpdateStatusAsync(updated, cancellationToken: cancellationToken);
    }

    /// <summary>Semantic equality of the disruptedPods maps (nil and empty are the same).</summary>
    private static bool SameDisrupted(Dictionary<string, Time>? a, Dictionary<string, Time> b)
        => (a?.Count ?? 0) == b.Count && (a is null || a.All(kv => b.TryGetValue(kv.Key, out var t) && t == kv.Value));

    /// <summary>upstream's failSafe: no disruptions while the budget cannot be computed.</summary>
    private async Task FailSafeAsync(PodDisruptionBudget pdb, string message, CancellationToken cancellationToken)
    {
        var updated = pdb.DeepCopy();
        updated.Status.DisruptionsAllowed = 0;
        DisruptionBudgetConditions.Set(updated.Status.Conditions ??= [], new Condition
        {
            Type = DisruptionBudgetConditions.DisruptionAllowed,
            Status = "False",
            Reason = DisruptionBudgetConditions.SyncFailedReason,
            Message = message,
            ObservedGeneration = updated.Status.ObservedGeneration,
        }, Context.Clock.GetUtcNow());
        await Context.Client.Resource<PodDisruptionBudget>(pdb.Metadata.Namespace).UpdateStatusAsync(updated, cancellationToken: cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "failed to sync PDB {Pdb}: {Message}")]
    private static partial void LogSyncFailed(ILogger logger, string pdb, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "pods selected by PDB {Pdb} have no controller ({Pods}); its status cannot count them")]
    private static partial void LogUnmanaged(ILogger logger, string pdb, string pods);

    [LoggerMessage(Level = LogLevel.Information, Message = "pod {Pod} was expected by PDB {Pdb} to be deleted but it was not")]
    private static partial void LogNotDeleted(ILogger logger, string pod, string pdb);
}
