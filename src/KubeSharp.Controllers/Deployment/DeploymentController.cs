using System.Globalization;
using KubeSharp.Api;
using KubeSharp.Api.Apps.V1;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Labels;
using KubeSharp.Api.Meta.V1;
using KubeSharp.Client;
using KubeSharp.Client.Cache;
using KubeSharp.Client.Machinery.Events;
using KubeSharp.Client.Machinery.Queues;
using KubeSharp.Controllers.Infrastructure;
using KubeSharp.Controllers.Replication;
using static KubeSharp.Controllers.Deployment.DeploymentUtil;

namespace KubeSharp.Controllers.Deployment;

/// <summary>
/// Upstream's deployment controller over <see cref="DeploymentUtil"/>: owns ReplicaSets (adopting matching orphans),
/// creates the ReplicaSet of the current template (name = deployment-hash, pod-template-hash label and selector term),
/// rolls with RollingUpdate (maxSurge/maxUnavailable) or Recreate (old pods gone first), scales proportionally when
/// replicas change mid-rollout, keeps revisions in annotations (so <c>kubectl rollout history/undo</c> work), honours
/// paused, prunes old ReplicaSets beyond revisionHistoryLimit, and writes status with the Available and Progressing
/// conditions (<c>kubectl rollout status</c>).
/// </summary>
public sealed class DeploymentController : QueueController
{
    private Lister<Api.Apps.V1.Deployment> _deployments = null!;
    private Lister<ReplicaSet> _replicaSets = null!;
    private Lister<Pod> _pods = null!;
    private IEventRecorder _recorder = null!;

    /// <summary>Creates the controller.</summary>
    public DeploymentController(int workers = 5)
        : base(workers)
    {
    }

    /// <inheritdoc/>
    public override string Name => "deployment";

    /// <inheritdoc/>
    protected override void Register(ControllerContext context)
    {
        _recorder = context.EventRecorder("deployment-controller");
        var deployments = context.Informers.Informer<Api.Apps.V1.Deployment>();
        var replicaSets = context.Informers.Informer<ReplicaSet>();
        var pods = context.Informers.Informer<Pod>();
        _deployments = deployments.Lister;
        _replicaSets = replicaSets.Lister;
        _pods = pods.Lister;
        deployments.AddEventHandler(
            onAdd: (d, _) => Enqueue(Key(d.Metadata)),
            onUpdate: (_, d) => Enqueue(Key(d.Metadata)),
            onDelete: (d, _) => Enqueue(Key(d.Metadata)));
        replicaSets.AddEventHandler(
            onAdd: (rs, _) => EnqueueOwnerOrMatching(rs),
            onUpdate: (old, rs) =>
            {
                EnqueueOwnerOrMatching(rs);
                if (OwnerReferences.GetControllerOf(old.Metadata)?.Uid != OwnerReferences.GetControllerOf(rs.Metadata)?.Uid)
                {
                    EnqueueOwnerOrMatching(old);
                }
            },
            onDelete: (rs, _) => EnqueueOwnerOrMatching(rs));
        // Recreate waits for old pods to be gone.
        pods.AddEventHandler(onDelete: (pod, _) =>
        {
            if (OwnerReferences.GetControllerOf(pod.Metadata) is { Kind: "ReplicaSet" } reference
                && _replicaSets.Namespace(pod.Metadata.Namespace).Get(reference.Name) is { } rs)
            {
                EnqueueOwnerOrMatching(rs);
            }
        });
    }

    private static string Key(ObjectMeta meta) => CacheKeys.Of(meta.Namespace, meta.Name);

    private void EnqueueOwnerOrMatching(ReplicaSet rs)
    {
        if (OwnerReferences.GetControllerOf(rs.Metadata) is { } reference)
        {
            if (reference.Kind == "Deployment" && _deployments.Namespace(rs.Metadata.Namespace).Get(reference.Name) is { } d && d.Metadata.Uid == reference.Uid)
            {
                Enqueue(Key(d.Metadata));
            }
            return;
        }
        foreach (var d in _deployments.Namespace(rs.Metadata.Namespace).List())
        {
            if (SelectorOf(d).Matches(rs.Metadata.Labels))
            {
                Enqueue(Key(d.Metadata));
            }
        }
    }

    private static Selector SelectorOf(Api.Apps.V1.Deployment d)
        => d.Spec.Selector is { } s && (s.MatchLabels is { Count: > 0 } || s.MatchExpressions is { Count: > 0 }) && s.TryToSelector(out var selector, out _)
            ? selector
            : Selector.Nothing;

    /// <inheritdoc/>
    protected override async Task<ReconcileResult> ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        var (ns, name) = CacheKeys.Split(key);
        var cached = _deployments.Namespace(ns).Get(name);
        if (cached is null)
        {
            return ReconcileResult.Done;
        }
        var d = cached.DeepCopy();
        var rsList = await ClaimReplicaSetsAsync(d, cancellationToken);
        if (d.Metadata.DeletionTimestamp is not null)
        {
            await SyncStatusOnlyAsync(d, rsList, cancellationToken);
            return ReconcileResult.Done;
        }
        if (d.Spec.Paused)
        {
            await SyncAsync(d, rsList, cancellationToken);
            return ReconcileResult.Done;
        }
        if (IsScalingEvent(d, rsList))
        {
            await SyncAsync(d, rsList, cancellationToken);
            return ReconcileResult.Done;
        }
        if (d.Spec.Strategy.Type == RecreateStrategy)
        {
            await RolloutRecreateAsync(d, rsList, cancellationToken);
        }
        else
        {
            await RolloutRollingAsync(d, rsList, cancellationToken);
        }
        // Re-check progress when the deadline would pass.
        return d.Spec.ProgressDeadlineSeconds is { } deadline && !IsComplete(d, d.Status)
            ? ReconcileResult.After(TimeSpan.FromSeconds(Math.Min(deadline, 30)))
            : ReconcileResult.Done;
    }

    /// <summary>Owned ReplicaSets, with matching orphans adopted and owned ones that no longer match released.</summary>
    private async Task<List<ReplicaSet>> ClaimReplicaSetsAsync(Api.Apps.V1.Deployment d, CancellationToken cancellationToken)
    {
        var selector = SelectorOf(d);
        var client = Context.Client.Resource<ReplicaSet>(d.Metadata.Namespace);
        var claimed = new List<ReplicaSet>();
        foreach (var rs in _replicaSets.Namespace(d.Metadata.Namespace).List())
        {
            var reference = OwnerReferences.GetControllerOf(rs.Metadata);
            var matches = selector.Matches(rs.Metadata.Labels);
            if (reference is not null)
            {
                if (reference.Uid != d.Metadata.Uid)
                {
                    continue;
                }
                if (matches || d.Metadata.DeletionTimestamp is not null)
                {
                    claimed.Add(rs);
                    continue;
                }
                var remaining = (rs.Metadata.OwnerReferences ?? []).Where(r => r.Uid != d.Metadata.Uid).ToList();
                await client.PatchAsync(rs.Metadata.Name, PatchType.Merge, MetadataPatches.OwnerReferences(remaining, rs.Metadata.ResourceVersion, rs.Metadata.Uid), cancellationToken: cancellationToken);
                continue;
            }
            if (!matches || d.Metadata.DeletionTimestamp is not null || rs.Metadata.DeletionTimestamp is not null)
            {
                continue;
            }
            var references = new List<OwnerReference>(rs.Metadata.OwnerReferences ?? []) { OwnerReferences.NewControllerRef(d.Metadata, "apps/v1", "Deployment") };
            claimed.Add(await client.PatchAsync(rs.Metadata.Name, PatchType.Merge, MetadataPatches.OwnerReferences(references, rs.Metadata.ResourceVersion, rs.Metadata.Uid), cancellationToken: cancellationToken));
        }
        return claimed;
    }

    private static bool IsScalingEvent(Api.Apps.V1.Deployment d, List<ReplicaSet> rsList)
    {
        var newRS = FindNewReplicaSet(d, rsList);
        foreach (var rs in FilterActiveReplicaSets(rsList.Append(newRS)))
        {
            if (rs.Metadata.Annotations?.TryGetValue(DesiredReplicasAnnotation, out var desired) == true
                && desired != Replicas(d).ToString(CultureInfo.InvariantCulture))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Upstream getAllReplicaSetsAndSyncRevision: the new ReplicaSet (created when asked), the old ones, and the revision bookkeeping.</summary>
    private async Task<(ReplicaSet? NewRS, List<ReplicaSet> OldRSs)> GetAllReplicaSetsAndSyncRevisionAsync(Api.Apps.V1.Deployment d, List<ReplicaSet> rsList, bool create, CancellationToken cancellationToken)
    {
        var existing = FindNewReplicaSet(d, rsList);
        var oldRSs = FindOldReplicaSets(rsList, existing);
        var newRevision = (MaxRevision(oldRSs) + 1).ToString(CultureInfo.InvariantCulture);
        var client = Context.Client.Resource<ReplicaSet>(d.Metadata.Namespace);
        ReplicaSet? newRS = null;
        if (existing is not null)
        {
            var copy = existing.DeepCopy();
            var changed = SetNewReplicaSetAnnotations(d, copy, newRevision, exists: true);
            if (copy.Spec.MinReadySeconds != d.Spec.MinReadySeconds)
            {
                copy.Spec.MinReadySeconds = d.Spec.MinReadySeconds;
                changed = true;
            }
            newRS = changed ? await client.UpdateAsync(copy, cancellationToken: cancellationToken) : existing;
            var revision = newRS.Metadata.Annotations?.GetValueOrDefault(RevisionAnnotation);
            if (revision is not null)
            {
                SetDeploymentRevision(d, revision);
            }
        }
        else if (create)
        {
            var hash = ComputeHash(d.Spec.Template, d.Status.CollisionCount);
            var template = d.Spec.Template.DeepCopy();
            template.Metadata.Labels ??= new Dictionary<string, string>(StringComparer.Ordinal);
            template.Metadata.Labels[DefaultDeploymentUniqueLabelKey] = hash;
            var selector = d.Spec.Selector?.DeepCopy() ?? new LabelSelector();
            selector.MatchLabels ??= new Dictionary<string, string>(StringComparer.Ordinal);
            selector.MatchLabels[DefaultDeploymentUniqueLabelKey] = hash;
            var rs = new ReplicaSet { ApiVersion = "apps/v1", Kind = "ReplicaSet" };
            rs.Metadata.Name = d.Metadata.Name + "-" + hash;
            rs.Metadata.Namespace = d.Metadata.Namespace;
            rs.Metadata.Labels = new Dictionary<string, string>(template.Metadata.Labels, StringComparer.Ordinal);
            rs.Metadata.OwnerReferences = [OwnerReferences.NewControllerRef(d.Metadata, "apps/v1", "Deployment")];
            rs.Spec.Replicas = 0;
            rs.Spec.MinReadySeconds = d.Spec.MinReadySeconds;
            rs.Spec.Selector = selector;
            rs.Spec.Template = template;
            rs.Spec.Replicas = NewRSNewReplicas(d, [.. oldRSs, rs], rs);
            SetNewReplicaSetAnnotations(d, rs, newRevision, exists: false);
            try
            {
                newRS = await client.CreateAsync(rs, cancellationToken: cancellationToken);
                SetCondition(d.Status, "Progressing", "True", "NewReplicaSetCreated", $"Created new replica set \"{newRS.Metadata.Name}\"");
                if (Replicas(newRS) > 0)
                {
                    _recorder.Event(d, EventTypes.Normal, "ScalingReplicaSet", string.Create(CultureInfo.InvariantCulture, $"Scaled up replica set {newRS.Metadata.Name} from 0 to {Replicas(newRS)}"));
                }
            }
            catch (KubeApiException e) when (e.IsAlreadyExists)
            {
                var clash = await client.TryGetAsync(rs.Metadata.Name, cancellationToken);
                if (clash is not null && OwnerReferences.GetControllerOf(clash.Metadata)?.Uid == d.Metadata.Uid && EqualIgnoreHash(clash.Spec.Template, d.Spec.Template))
                {
                    newRS = clash;
                }
                else
                {
                    // A hash collision: bump collisionCount (status) and try again with a new hash.
                    d.Status.CollisionCount = (d.Status.CollisionCount ?? 0) + 1;
                    await Context.Client.Resource<Api.Apps.V1.Deployment>(d.Metadata.Namespace).UpdateStatusAsync(d, cancellationToken: cancellationToken);
                    throw;
                }
            }
            SetDeploymentRevision(d, newRevision);
        }
        return (newRS, oldRSs);
    }

    /// <summary>Writes the deployment's revision annotation when it changed (a metadata update).</summary>
    private static void SetDeploymentRevision(Api.Apps.V1.Deployment d, string revision)
    {
        d.Metadata.Annotations ??= new Dictionary<string, string>(StringComparer.Ordinal);
        if (!d.Metadata.Annotations.TryGetValue(RevisionAnnotation, out var current) || current != revision)
        {
            d.Metadata.Annotations[RevisionAnnotation] = revision;
            d.Metadata.Annotations[PendingRevisionMarker] = "true";
        }
    }

    // An in-memory marker (never written) that the deployment's annotations need an update.
    private const string PendingRevisionMarker = "kubesharp.internal/pending-revision";

    private async Task<Api.Apps.V1.Deployment> PersistRevisionAsync(Api.Apps.V1.Deployment d, CancellationToken cancellationToken)
    {
        if (d.Metadata.Annotations?.Remove(PendingRevisionMarker) != true)
        {
            return d;
        }
        var status = d.Status;
        var updated = await Context.Client.Resource<Api.Apps.V1.Deployment>(d.Metadata.Namespace).UpdateAsync(d, cancellationToken: cancellationToken);
        updated.Status = status;
        return updated;
    }

    private async Task RolloutRollingAsync(Api.Apps.V1.Deployment d, List<ReplicaSet> rsList, CancellationToken cancellationToken)
    {
        var (newRS, oldRSs) = await GetAllReplicaSetsAndSyncRevisionAsync(d, rsList, create: true, cancellationToken);
        d = await PersistRevisionAsync(d, cancellationToken);
        var all = oldRSs.Append(newRS!).ToList();
        if (await ReconcileNewReplicaSetAsync(d, all, newRS!, cancellationToken) is { } scaled)
        {
            newRS = scaled;
            await SyncRolloutStatusAsync(d, [.. oldRSs, newRS], newRS, cancellationToken);
            return;
        }
        var plan = PlanReconcileOldReplicaSets(d, oldRSs, newRS!);
        if (plan.Count > 0)
        {
            var scaledOld = new List<ReplicaSet>(oldRSs);
            foreach (var (rs, replicas) in plan)
            {
                var updated = await ScaleReplicaSetAsync(d, rs, replicas, cancellationToken);
                scaledOld[scaledOld.IndexOf(rs)] = updated;
            }
            await SyncRolloutStatusAsync(d, [.. scaledOld, newRS!], newRS, cancellationToken);
            return;
        }
        if (IsComplete(d, CalculateStatus(d, all, newRS)))
        {
            await CleanupAsync(d, oldRSs, cancellationToken);
        }
        await SyncRolloutStatusAsync(d, all, newRS, cancellationToken);
    }

    private async Task RolloutRecreateAsync(Api.Apps.V1.Deployment d, List<ReplicaSet> rsList, CancellationToken cancellationToken)
    {
        var (newRS, oldRSs) = await GetAllReplicaSetsAndSyncRevisionAsync(d, rsList, create: false, cancellationToken);
        d = await PersistRevisionAsync(d, cancellationToken);
        var scaledDown = false;
        for (var i = 0; i < oldRSs.Count; i++)
        {
            if (Replicas(oldRSs[i]) > 0)
            {
                oldRSs[i] = await ScaleReplicaSetAsync(d, oldRSs[i], 0, cancellationToken);
                scaledDown = true;
            }
        }
        if (scaledDown || OldPodsRunning(d, newRS, oldRSs))
        {
            await SyncRolloutStatusAsync(d, [.. oldRSs, .. newRS is null ? Array.Empty<ReplicaSet>() : [newRS]], newRS, cancellationToken);
            return;
        }
        if (newRS is null)
        {
            (newRS, oldRSs) = await GetAllReplicaSetsAndSyncRevisionAsync(d, rsList, create: true, cancellationToken);
            d = await PersistRevisionAsync(d, cancellationToken);
        }
        var all = oldRSs.Append(newRS!).ToList();
        if (await ReconcileNewReplicaSetAsync(d, all, newRS!, cancellationToken) is { } scaled)
        {
            newRS = scaled;
        }
        var allNow = oldRSs.Append(newRS!).ToList();
        if (IsComplete(d, CalculateStatus(d, allNow, newRS)))
        {
            await CleanupAsync(d, oldRSs, cancellationToken);
        }
        await SyncRolloutStatusAsync(d, allNow, newRS, cancellationToken);
    }

    /// <summary>Pods of old ReplicaSets still present and not finished (Recreate waits for them).</summary>
    private bool OldPodsRunning(Api.Apps.V1.Deployment d, ReplicaSet? newRS, List<ReplicaSet> oldRSs)
    {
        if (GetActualReplicaCountForReplicaSets(oldRSs) > 0)
        {
            return true;
        }
        var oldUids = oldRSs.Select(r => r.Metadata.Uid).ToHashSet(StringComparer.Ordinal);
        return _pods.Namespace(d.Metadata.Namespace).List().Any(p =>
            OwnerReferences.GetControllerOf(p.Metadata) is { } reference && oldUids.Contains(reference.Uid) && reference.Uid != newRS?.Metadata.Uid
            && p.Status.Phase is not ("Succeeded" or "Failed"));
    }

    /// <summary>Upstream reconcileNewReplicaSet: the new ReplicaSet's target size; returns the scaled ReplicaSet or null.</summary>
    private async Task<ReplicaSet?> ReconcileNewReplicaSetAsync(Api.Apps.V1.Deployment d, List<ReplicaSet> all, ReplicaSet newRS, CancellationToken cancellationToken)
    {
        var replicas = Replicas(d);
        if (Replicas(newRS) == replicas)
        {
            return null;
        }
        var target = Replicas(newRS) > replicas ? replicas : NewRSNewReplicas(d, all, newRS);
        return target == Replicas(newRS) ? null : await ScaleReplicaSetAsync(d, newRS, target, cancellationToken);
    }

    /// <summary>Sets spec.replicas and the desired/max-replicas annotations (upstream scaleReplicaSet).</summary>
    private async Task<ReplicaSet> ScaleReplicaSetAsync(Api.Apps.V1.Deployment d, ReplicaSet rs, int replicas, CancellationToken cancellationToken)
    {
        var maxSurge = MaxSurge(d);
        if (Replicas(rs) == replicas && !ReplicasAnnotationsNeedUpdate(rs, Replicas(d), Replicas(d) + maxSurge))
        {
            return rs;
        }
        var copy = rs.DeepCopy();
        var oldScale = Replicas(rs);
        copy.Spec.Replicas = replicas;
        SetReplicasAnnotations(copy, Replicas(d), Replicas(d) + maxSurge);
        var updated = await Context.Client.Resource<ReplicaSet>(rs.Metadata.Namespace).UpdateAsync(copy, cancellationToken: cancellationToken);
        if (oldScale != replicas)
        {
            _recorder.Event(d, EventTypes.Normal, "ScalingReplicaSet", string.Create(CultureInfo.InvariantCulture,
                $"Scaled {(oldScale < replicas ? "up" : "down")} replica set {updated.Metadata.Name} from {oldScale} to {replicas}"));
        }
        return updated;
    }

    /// <summary>Upstream sync: scaling (proportional when several ReplicaSets are active) and status, no rollout.</summary>
    private async Task SyncAsync(Api.Apps.V1.Deployment d, List<ReplicaSet> rsList, CancellationToken cancellationToken)
    {
        var (newRS, oldRSs) = await GetAllReplicaSetsAndSyncRevisionAsync(d, rsList, create: false, cancellationToken);
        d = await PersistRevisionAsync(d, cancellationToken);
        var all = oldRSs.Concat(newRS is null ? [] : [newRS]).ToList();
        foreach (var (rs, replicas) in PlanScale(d, newRS, oldRSs))
        {
            var updated = await ScaleReplicaSetAsync(d, rs, replicas, cancellationToken);
            all[all.IndexOf(rs)] = updated;
            if (ReferenceEquals(rs, newRS))
            {
                newRS = updated;
            }
        }
        if (d.Spec.Paused)
        {
            SetCondition(d.Status, "Progressing", "Unknown", "DeploymentPaused", "Deployment is paused");
        }
        else if (d.Status.Conditions?.FirstOrDefault(c => c.Type == "Progressing") is { Reason: "DeploymentPaused" })
        {
            SetCondition(d.Status, "Progressing", "Unknown", "DeploymentResumed", "Deployment is resumed");
        }
        await WriteStatusAsync(d, CalculateStatus(d, all, newRS), cancellationToken);
    }

    private async Task SyncStatusOnlyAsync(Api.Apps.V1.Deployment d, List<ReplicaSet> rsList, CancellationToken cancellationToken)
    {
        var newRS = FindNewReplicaSet(d, rsList);
        await WriteStatusAsync(d, CalculateStatus(d, rsList, newRS), cancellationToken);
    }

    /// <summary>Deletes old, empty ReplicaSets beyond revisionHistoryLimit, oldest first.</summary>
    private async Task CleanupAsync(Api.Apps.V1.Deployment d, List<ReplicaSet> oldRSs, CancellationToken cancellationToken)
    {
        if (d.Spec.RevisionHistoryLimit is not { } limit)
        {
            return;
        }
        var cleanable = oldRSs.Where(rs => rs.Metadata.DeletionTimestamp is null).ToList();
        var diff = cleanable.Count - limit;
        if (diff <= 0)
        {
            return;
        }
        foreach (var rs in cleanable.OrderBy(r => r, ReplicaSetsByCreationTimestamp.Instance))
        {
            if (diff <= 0)
            {
                break;
            }
            if (Replicas(rs) != 0 || rs.Status.Replicas != 0 || rs.Metadata.Generation > rs.Status.ObservedGeneration)
            {
                continue;
            }
            try
            {
                await Context.Client.Resource<ReplicaSet>(rs.Metadata.Namespace).DeleteAsync(rs.Metadata.Name, new DeleteOptions { Preconditions = new Preconditions { Uid = rs.Metadata.Uid } }, cancellationToken);
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
            }
            diff--;
        }
    }

    private static DeploymentStatus CalculateStatus(Api.Apps.V1.Deployment d, List<ReplicaSet> all, ReplicaSet? newRS)
    {
        var available = GetAvailableReplicaCountForReplicaSets(all);
        var total = GetReplicaCountForReplicaSets(all);
        var status = new DeploymentStatus
        {
            ObservedGeneration = d.Metadata.Generation,
            Replicas = GetActualReplicaCountForReplicaSets(all),
            UpdatedReplicas = newRS is null ? 0 : GetActualReplicaCountForReplicaSets([newRS]),
            ReadyReplicas = GetReadyReplicaCountForReplicaSets(all),
            AvailableReplicas = available,
            UnavailableReplicas = Math.Max(0, total - available),
            CollisionCount = d.Status.CollisionCount,
            Conditions = d.Status.Conditions?.Select(c => c.DeepCopy()).ToList(),
        };
        if (available >= Replicas(d) - MaxUnavailable(d))
        {
            SetCondition(status, "Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability.");
        }
        else
        {
            SetCondition(status, "Available", "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability.");
        }
        return status;
    }

    private static bool IsComplete(Api.Apps.V1.Deployment d, DeploymentStatus status)
        => status.UpdatedReplicas == Replicas(d) && status.Replicas == Replicas(d) && status.AvailableReplicas == Replicas(d) && status.ObservedGeneration >= d.Metadata.Generation;

    /// <summary>Upstream syncRolloutStatus: status plus the Progressing condition (complete, progressing, or deadline exceeded).</summary>
    private async Task SyncRolloutStatusAsync(Api.Apps.V1.Deployment d, List<ReplicaSet> all, ReplicaSet? newRS, CancellationToken cancellationToken)
    {
        var status = CalculateStatus(d, all, newRS);
        if (d.Spec.ProgressDeadlineSeconds is { } deadline)
        {
            var current = status.Conditions?.FirstOrDefault(c => c.Type == "Progressing");
            var rsName = newRS?.Metadata.Name ?? "";
            if (IsComplete(d, status))
            {
                SetCondition(status, "Progressing", "True", "NewReplicaSetAvailable", $"ReplicaSet \"{rsName}\" has successfully progressed.");
            }
            else if (IsProgressing(d.Status, status) || current is null)
            {
                SetCondition(status, "Progressing", "True", "ReplicaSetUpdated", $"ReplicaSet \"{rsName}\" is progressing.");
            }
            else if (current is { Status: "True", Reason: not "NewReplicaSetAvailable" }
                && current.LastUpdateTime.ToDateTimeOffset().AddSeconds(deadline) < Context.Clock.GetUtcNow())
            {
                SetCondition(status, "Progressing", "False", "ProgressDeadlineExceeded", $"ReplicaSet \"{rsName}\" has timed out progressing.");
            }
        }
        await WriteStatusAsync(d, status, cancellationToken);
    }

    private static bool IsProgressing(DeploymentStatus old, DeploymentStatus now)
        => now.UpdatedReplicas > old.UpdatedReplicas
           || now.Replicas - now.UpdatedReplicas < old.Replicas - old.UpdatedReplicas
           || now.ReadyReplicas > old.ReadyReplicas
           || now.AvailableReplicas > old.AvailableReplicas;

    /// <summary>Sets a condition; lastTransitionTime changes only with the status, lastUpdateTime with anything.</summary>
    private static void SetCondition(DeploymentStatus status, string type, string value, string reason, string message)
    {
        status.Conditions ??= [];
        var now = Time.Now().Rfc3339Copy();
        var existing = status.Conditions.FirstOrDefault(c => c.Type == type);
        if (existing is not null && existing.Status == value && existing.Reason == reason && existing.Message == message)
        {
            return;
        }
        var condition = new DeploymentCondition
        {
            Type = type,
            Status = value,
            Reason = reason,
            Message = message,
            LastUpdateTime = now,
            LastTransitionTime = existing is not null && existing.Status == value ? existing.LastTransitionTime : now,
        };
        if (existing is null)
        {
            status.Conditions.Add(condition);
        }
        else
        {
            status.Conditions[status.Conditions.IndexOf(existing)] = condition;
        }
    }

    private async Task WriteStatusAsync(Api.Apps.V1.Deployment d, DeploymentStatus status, CancellationToken cancellationToken)
    {
        var current = _deployments.Namespace(d.Metadata.Namespace).Get(d.Metadata.Name);
        if (current is not null && Api.Serialization.KubeJson.Serialize(current.Status) == Api.Serialization.KubeJson.Serialize(status))
        {
            return;
        }
        var copy = d.DeepCopy();
        copy.Status = status;
        try
        {
            await Context.Client.Resource<Api.Apps.V1.Deployment>(d.Metadata.Namespace).UpdateStatusAsync(copy, cancellationToken: cancellationToken);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
        }
    }
}
