using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using KubeSharp.Api.Apps.V1;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Labels;
using KubeSharp.Api.Meta.V1;
using KubeSharp.Client;
using KubeSharp.Client.Cache;
using KubeSharp.Client.Machinery.Events;
using KubeSharp.Client.Machinery.Queues;
using KubeSharp.Controllers.History;
using KubeSharp.Controllers.Infrastructure;
using KubeSharp.Controllers.Replication;
using static KubeSharp.Controllers.StatefulSet.StatefulSetUtil;
using Sts = KubeSharp.Api.Apps.V1.StatefulSet;

namespace KubeSharp.Controllers.StatefulSet;

/// <summary>
/// Upstream's statefulset controller (stateful_set.go, stateful_set_control.go, stateful_pod_control.go, v1.32): pods
/// with stable names <c>set-N</c> created from the ControllerRevision they belong to, claims from volumeClaimTemplates
/// created before their pod, OrderedReady (one at a time, each waiting for its predecessors to be Running, Ready and
/// available; scale-down from the highest ordinal) or Parallel management, failed pods deleted and recreated, the PVC
/// retention policy's ownerReferences, RollingUpdate from the highest ordinal down to the partition (one unavailable pod
/// at a time: MaxUnavailableStatefulSet is alpha and off in 1.32) or OnDelete, revision history with collision counts
/// and pruning, and status for <c>kubectl rollout status</c>. Like upstream it uses no expectations: pod names are
/// fixed, so a create from a stale cache is an AlreadyExists error and a retry; deletes carry the pod's uid.
/// </summary>
public sealed class StatefulSetController : QueueController
{
    private Lister<Sts> _sets = null!;
    private Lister<Pod> _pods = null!;
    private Lister<PersistentVolumeClaim> _claims = null!;
    private Lister<ControllerRevision> _revisions = null!;
    private IEventRecorder _recorder = null!;

    /// <summary>Creates the controller.</summary>
    public StatefulSetController(int workers = 5)
        : base(workers)
    {
    }

    /// <inheritdoc/>
    public override string Name => "statefulset";

    /// <inheritdoc/>
    protected override void Register(ControllerContext context)
    {
        var sets = context.Informers.Informer<Sts>();
        var pods = context.Informers.Informer<Pod>();
        var claims = context.Informers.Informer<PersistentVolumeClaim>();
        var revisions = context.Informers.Informer<ControllerRevision>();
        _sets = sets.Lister;
        _pods = pods.Lister;
        _claims = claims.Lister;
        _revisions = revisions.Lister;
        _recorder = context.EventRecorder("statefulset-controller");
        sets.AddEventHandler(
            onAdd: (set, _) => Enqueue(Key(set.Metadata)),
            onUpdate: (_, set) => Enqueue(Key(set.Metadata)),
            onDelete: (set, _) => Enqueue(Key(set.Metadata)));
        pods.AddEventHandler(onAdd: (pod, _) => OnPodAdded(pod), onUpdate: OnPodUpdated, onDelete: (pod, _) => OnPodDeleted(pod));
    }

    private static string Key(ObjectMeta meta) => CacheKeys.Of(meta.Namespace, meta.Name);

    // ---- event handlers (addPod / updatePod / deletePod) ----

    private Sts? ResolveControllerRef(string ns, OwnerReference? reference)
    {
        if (reference is null || reference.Kind != Kind || OwnerReferences.GroupOf(reference.ApiVersion) != "apps")
        {
            return null;
        }
        var set = _sets.Namespace(ns).Get(reference.Name);
        return set is not null && set.Metadata.Uid == reference.Uid ? set : null;
    }

    private IEnumerable<Sts> SetsForPod(Pod pod)
        => pod.Metadata.Labels is not { Count: > 0 }
            ? []
            : _sets.Namespace(pod.Metadata.Namespace).List().Where(s => SelectorOf(s) is { } selector && !selector.IsEmpty && selector.Matches(pod.Metadata.Labels));

    private void OnPodAdded(Pod pod)
    {
        if (pod.Metadata.DeletionTimestamp is not null)
        {
            OnPodDeleted(pod);
            return;
        }
        if (OwnerReferences.GetControllerOf(pod.Metadata) is { } reference)
        {
            if (ResolveControllerRef(pod.Metadata.Namespace, reference) is { } set)
            {
                Enqueue(Key(set.Metadata));
            }
            return;
        }
        foreach (var set in SetsForPod(pod))
        {
            Enqueue(Key(set.Metadata));
        }
    }

    private void OnPodUpdated(Pod oldPod, Pod pod)
    {
        if (oldPod.Metadata.ResourceVersion == pod.Metadata.ResourceVersion)
        {
            return;
        }
        var oldRef = OwnerReferences.GetControllerOf(oldPod.Metadata);
        var newRef = OwnerReferences.GetControllerOf(pod.Metadata);
        var refChanged = oldRef?.Uid != newRef?.Uid;
        if (refChanged && ResolveControllerRef(oldPod.Metadata.Namespace, oldRef) is { } oldSet)
        {
            Enqueue(Key(oldSet.Metadata));
        }
        if (newRef is not null)
        {
            if (ResolveControllerRef(pod.Metadata.Namespace, newRef) is { } set)
            {
                Enqueue(Key(set.Metadata));
                if (!PodUtil.IsReady(oldPod) && PodUtil.IsReady(pod) && set.Spec.MinReadySeconds > 0)
                {
                    Queue.AddAfter(Key(set.Metadata), TimeSpan.FromSeconds(set.Spec.MinReadySeconds + 1));
                }
            }
            return;
        }
        var labelsChanged = !(oldPod.Metadata.Labels ?? []).OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .SequenceEqual((pod.Metadata.Labels ?? []).OrderBy(kv => kv.Key, StringComparer.Ordinal));
        if (labelsChanged || refChanged)
        {
            foreach (var set in SetsForPod(pod))
            {
                Enqueue(Key(set.Metadata));
            }
        }
    }

    private void OnPodDeleted(Pod pod)
    {
        if (ResolveControllerRef(pod.Metadata.Namespace, OwnerReferences.GetControllerOf(pod.Metadata)) is { } set)
        {
            Enqueue(Key(set.Metadata));
        }
    }

    private static Selector? SelectorOf(Sts set)
        => set.Spec.Selector is { } s && s.TryToSelector(out var selector, out _) ? selector : null;

    // ---- sync ----

    /// <inheritdoc/>
    protected override async Task<ReconcileResult> ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        var (ns, name) = CacheKeys.Split(key);
        var set = _sets.Namespace(ns).Get(name);
        if (set is null || SelectorOf(set) is not { } selector)
        {
            return ReconcileResult.Done;
        }
        var refs = new ControllerRefManager(Context.Client, set.Metadata, ApiVersion, Kind,
            ControllerRefManager.RecheckDeletionTimestamp<Sts>(Context.Client, set.Metadata));

        // adoptOrphanRevisions
        var orphans = ListRevisions(set, selector).Where(r => OwnerReferences.GetControllerOf(r.Metadata) is null).ToList();
        if (orphans.Count > 0)
        {
            await refs.ClaimAsync(orphans, _ => true, cancellationToken);
        }

        // getPodsForStatefulSet: claim pods matching the selector whose names make them members.
        var pods = await refs.ClaimAsync(_pods.Namespace(ns).List(), p => selector.Matches(p.Metadata.Labels) && IsMemberOf(set, p), cancellationToken);

        var status = await UpdateStatefulSetAsync(set, selector, pods, cancellationToken);
        if (set.Spec.MinReadySeconds > 0 && status is not null && status.AvailableReplicas != Replicas(set))
        {
            return ReconcileResult.After(TimeSpan.FromSeconds(set.Spec.MinReadySeconds));
        }
        return ReconcileResult.Done;
    }

    /// <summary>The revisions matching the selector that the set controls or nobody controls (ListControllerRevisions).</summary>
    private List<ControllerRevision> ListRevisions(Sts set, Selector selector)
        => [.. _revisions.Namespace(set.Metadata.Namespace).List(selector)
            .Where(r => OwnerReferences.GetControllerOf(r.Metadata) is not { } reference || reference.Uid == set.Metadata.Uid)];

    /// <summary>UpdateStatefulSet: revisions, pods, status (also after a failure), then history pruning.</summary>
    private async Task<StatefulSetStatus?> UpdateStatefulSetAsync(Sts set, Selector selector, List<Pod> pods, CancellationToken cancellationToken)
    {
        set = set.DeepCopy();
        var revisions = ControllerHistory.Sorted(ListRevisions(set, selector));
        ControllerRevision? current = null, update = null;
        StatefulSetStatus? status = null;
        Exception? error = null;
        try
        {
            (current, update, var collisionCount) = await GetRevisionsAsync(set, revisions, cancellationToken);
            (status, error) = await UpdatePodsAsync(set, current, update, collisionCount, pods, cancellationToken);
            try
            {
                await UpdateStatusAsync(set, status, cancellationToken);
            }
            catch (KubeApiException e) when (error is null)
            {
                error = e;
            }
        }
        catch (Exception e) when (e is KubeApiException or HttpRequestException or InvalidOperationException)
        {
            error = e;
        }
        try
        {
            await TruncateHistoryAsync(set, pods, revisions, current, update, cancellationToken);
        }
        catch (KubeApiException) when (error is not null)
        {
        }
        if (error is not null)
        {
            ExceptionDispatchInfo.Throw(error);
        }
        return status;
    }

    /// <summary>
    /// getStatefulSetRevisions: the update revision is the set's template (the latest revision if equal, an older equal
    /// one renumbered as the newest, or a new one); the current one is status.currentRevision's, else the update one.
    /// </summary>
    private async Task<(ControllerRevision Current, ControllerRevision Update, int CollisionCount)> GetRevisionsAsync(Sts set, List<ControllerRevision> revisions, CancellationToken cancellationToken)
    {
        var collisionCount = new StrongBox<int>(set.Status.CollisionCount ?? 0);
        var update = NewRevision(set, ControllerHistory.NextRevision(revisions), collisionCount.Value);
        var equal = ControllerHistory.FindEqual(revisions, update);
        if (equal.Count > 0 && ControllerHistory.EqualRevision(revisions[^1], equal[^1]))
        {
            update = revisions[^1];
        }
        else if (equal.Count > 0)
        {
            update = await UpdateRevisionNumberAsync(equal[^1], update.Revision, cancellationToken);
        }
        else
        {
            update = await ControllerHistory.CreateAsync(Context.Client, set.Metadata, update, collisionCount, cancellationToken);
        }
        var current = revisions.FirstOrDefault(r => r.Metadata.Name == set.Status.CurrentRevision) ?? update;
        return (current, update, collisionCount.Value);
    }

    /// <summary>UpdateControllerRevision: renumbers a revision, retrying conflicts on a fresh copy.</summary>
    private async Task<ControllerRevision> UpdateRevisionNumberAsync(ControllerRevision revision, long number, CancellationToken cancellationToken)
    {
        var client = Context.Client.Resource<ControllerRevision>(revision.Metadata.Namespace);
        var clone = revision.DeepCopy();
        for (var attempt = 0; ; attempt++)
        {
            if (clone.Revision == number)
            {
                return clone;
            }
            clone.Revision = number;
            try
            {
                return await client.UpdateAsync(clone, cancellationToken: cancellationToken);
            }
            catch (KubeApiException e) when (e.IsConflict && attempt < 5)
            {
                clone = await client.GetAsync(revision.Metadata.Name, cancellationToken: cancellationToken);
            }
        }
    }

    /// <summary>
    /// truncateHistory: revisions that are neither current, update, nor any pod's are deleted, oldest first, until at
    /// most revisionHistoryLimit remain.
    /// </summary>
    private async Task TruncateHistoryAsync(Sts set, List<Pod> pods, List<ControllerRevision> revisions, ControllerRevision? current, ControllerRevision? update, CancellationToken cancellationToken)
    {
        var live = new HashSet<string>(StringComparer.Ordinal);
        if (current is not null)
        {
            live.Add(current.Metadata.Name);
        }
        if (update is not null)
        {
            live.Add(update.Metadata.Name);
        }
        foreach (var pod in pods)
        {
            live.Add(PodRevision(pod));
        }
        var history = revisions.Where(r => !live.Contains(r.Metadata.Name)).ToList();
        var limit = set.Spec.RevisionHistoryLimit ?? 10;
        if (limit < 0 || history.Count <= limit)
        {
            return;
        }
        var client = Context.Client.Resource<ControllerRevision>(set.Metadata.Namespace);
        foreach (var revision in history.Take(history.Count - limit))
        {
            try
            {
                await client.DeleteAsync(revision.Metadata.Name, cancellationToken: cancellationToken);
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
            }
        }
    }

    /// <summary>updateStatefulSet: the pod work of one sync; returns the status to record and the error that stopped it.</summary>
    private async Task<(StatefulSetStatus Status, Exception? Error)> UpdatePodsAsync(Sts set, ControllerRevision currentRevision, ControllerRevision updateRevision, int collisionCount, List<Pod> pods, CancellationToken cancellationToken)
    {
        var currentSet = ApplyRevision(set, currentRevision);
        var updateSet = ApplyRevision(set, updateRevision);
        var minReady = set.Spec.MinReadySeconds;
        var status = new StatefulSetStatus
        {
            ObservedGeneration = set.Metadata.Generation,
            CurrentRevision = currentRevision.Metadata.Name,
            UpdateRevision = updateRevision.Metadata.Name,
            CollisionCount = collisionCount,
        };
        DateTimeOffset Now() => Context.Clock.GetUtcNow();
        UpdateStatus(status, minReady, currentRevision.Metadata.Name, updateRevision.Metadata.Name, Now(), pods);

        var start = StartOrdinal(set);
        var replicas = new Pod[Math.Max(0, Replicas(set))];
        var condemned = new List<Pod>();
        foreach (var pod in pods)
        {
            if (InOrdinalRange(pod, set))
            {
                replicas[Ordinal(pod) - start] = pod;
            }
            else if (Ordinal(pod) >= 0)
            {
                condemned.Add(pod);
            }
        }
        for (var i = 0; i < replicas.Length; i++)
        {
            replicas[i] ??= NewVersionedPod(currentSet, updateSet, currentRevision.Metadata.Name, updateRevision.Metadata.Name, start + i);
        }
        condemned = DescendingOrdinal(condemned);

        Pod? firstUnavailable = replicas.FirstOrDefault(p => IsUnavailable(p, minReady, Now()));
        for (var i = condemned.Count - 1; i >= 0 && firstUnavailable is null; i--)
        {
            if (IsUnavailable(condemned[i], minReady, Now()))
            {
                firstUnavailable = condemned[i];
            }
        }

        if (set.Metadata.DeletionTimestamp is not null)
        {
            return (status, null);
        }
        var monotonic = !AllowsBurst(set);
        (StatefulSetStatus, Exception?) Finish(Exception? error)
        {
            UpdateStatus(status, minReady, currentRevision.Metadata.Name, updateRevision.Metadata.Name, Now(), replicas, condemned);
            return (status, error);
        }

        var (exit, error) = await RunForAllAsync(replicas.Length, i => ProcessReplicaAsync(set, updateSet, monotonic, replicas, i, cancellationToken), monotonic);
        if (exit || error is not null)
        {
            return Finish(error);
        }
        (exit, error) = await RunForAllAsync(condemned.Count, async i =>
        {
            if (!ClaimsMatchRetentionPolicy(updateSet, condemned[i]))
            {
                await UpdatePodClaimsForRetentionPolicyAsync(updateSet, condemned[i], cancellationToken);
            }
            return false;
        }, monotonic);
        if (exit || error is not null)
        {
            return Finish(error);
        }
        (exit, error) = await RunForAllAsync(condemned.Count, i => ProcessCondemnedAsync(set, firstUnavailable, monotonic, condemned, i, cancellationToken), monotonic);
        if (exit || error is not null)
        {
            return Finish(error);
        }
        Finish(null);

        if (set.Spec.UpdateStrategy.Type == StatefulSetUpdateStrategyType.OnDeleteStatefulSetStrategyType)
        {
            return (status, null);
        }
        // RollingUpdate: delete the highest pod at or above the partition that is not at the update revision, once the
        // ones above it are available; one at a time.
        var updateMin = set.Spec.UpdateStrategy.RollingUpdate?.Partition ?? 0;
        for (var target = replicas.Length - 1; target >= updateMin; target--)
        {
            var pod = replicas[target];
            if (PodRevision(pod) != updateRevision.Metadata.Name && !IsTerminating(pod))
            {
                try
                {
                    await DeletePodAsync(set, pod, cancellationToken);
                }
                catch (KubeApiException e) when (!e.IsNotFound)
                {
                    return (status, e);
                }
                catch (KubeApiException)
                {
                }
                status.CurrentReplicas--;
                return (status, null);
            }
            if (IsUnavailable(pod, minReady, Now()))
            {
                return (status, null);
            }
        }
        return (status, null);
    }

    /// <summary>
    /// runForAll: in order, stopping at the first pod that asks to stop (OrderedReady), or all at once in slow-start
    /// batches of 1, 2, 4, ... (Parallel; a batch with a failure ends the run).
    /// </summary>
    private static async Task<(bool Exit, Exception? Error)> RunForAllAsync(int count, Func<int, Task<bool>> fn, bool monotonic)
    {
        if (monotonic)
        {
            for (var i = 0; i < count; i++)
            {
                try
                {
                    if (await fn(i))
                    {
                        return (true, null);
                    }
                }
                catch (Exception e) when (e is KubeApiException or HttpRequestException or InvalidOperationException)
                {
                    return (true, e);
                }
            }
            return (false, null);
        }
        var next = 0;
        for (var batch = Math.Min(count, 1); batch > 0; batch = Math.Min(Math.Min(2 * batch, count - next), 500))
        {
            var errors = new List<Exception>();
            var first = next;
            await Task.WhenAll(Enumerable.Range(first, batch).Select(async i =>
            {
                try
                {
                    await fn(i);
                }
                catch (Exception e) when (e is KubeApiException or HttpRequestException or InvalidOperationException)
                {
                    lock (errors)
                    {
                        errors.Add(e);
                    }
                }
            }));
            next += batch;
            if (errors.Count > 0)
            {
                return (true, errors[0]);
            }
        }
        return (false, null);
    }

    /// <summary>processReplica: one replica slot; true asks the ordered run to stop here.</summary>
    private async Task<bool> ProcessReplicaAsync(Sts set, Sts updateSet, bool monotonic, Pod[] replicas, int i, CancellationToken cancellationToken)
    {
        var pod = replicas[i];
        // A finished pod (Failed, or Succeeded as an evicted one may end) is deleted; the next sync, after it is gone,
        // creates its replacement.
        if (IsFailed(pod) || IsSucceeded(pod))
        {
            if (pod.Metadata.DeletionTimestamp is null)
            {
                await DeletePodAsync(set, pod, cancellationToken);
            }
            return true;
        }
        if (!IsCreated(pod))
        {
            if (PodClaimIsStale(set, pod))
            {
                return true;
            }
            await CreatePodAsync(set, pod, cancellationToken);
            if (monotonic)
            {
                return true;
            }
        }
        if (IsPending(pod))
        {
            await CreateClaimsAsync(set, pod, cancellationToken);
            await UpdatePodClaimsForRetentionPolicyAsync(set, pod, cancellationToken);
        }
        var now = Context.Clock.GetUtcNow();
        if (monotonic && (IsTerminating(pod) || !IsRunningAndReady(pod) || !IsRunningAndAvailable(pod, set.Spec.MinReadySeconds, now)))
        {
            return true;
        }
        var retentionMatch = ClaimsMatchRetentionPolicy(updateSet, pod);
        if (IdentityMatches(set, pod) && StorageMatches(set, pod) && retentionMatch)
        {
            return false;
        }
        await UpdatePodAsync(updateSet, pod.DeepCopy(), cancellationToken);
        return false;
    }

    /// <summary>processCondemned: scale-down of one pod beyond the replicas; ordered mode waits for the others first.</summary>
    private async Task<bool> ProcessCondemnedAsync(Sts set, Pod? firstUnavailable, bool monotonic, List<Pod> condemned, int i, CancellationToken cancellationToken)
    {
        var pod = condemned[i];
        if (IsTerminating(pod))
        {
            return monotonic;
        }
        var now = Context.Clock.GetUtcNow();
        if (monotonic && !ReferenceEquals(pod, firstUnavailable)
            && (!IsRunningAndReady(pod) || !IsRunningAndAvailable(pod, set.Spec.MinReadySeconds, now)))
        {
            return true;
        }
        await DeletePodAsync(set, pod, cancellationToken);
        return true;
    }

    // ---- StatefulPodControl ----

    private void RecordPodEvent(string verb, Sts set, Pod pod, Exception? error)
    {
        var title = char.ToUpperInvariant(verb[0]) + verb[1..];
        if (error is null)
        {
            _recorder.Event(set, "Normal", "Successful" + title, $"{verb} Pod {pod.Metadata.Name} in StatefulSet {set.Metadata.Name} successful");
        }
        else
        {
            _recorder.Event(set, "Warning", "Failed" + title, $"{verb} Pod {pod.Metadata.Name} in StatefulSet {set.Metadata.Name} failed error: {error.Message}");
        }
    }

    private void RecordClaimEvent(string verb, Sts set, Pod pod, PersistentVolumeClaim claim, Exception? error)
    {
        var title = char.ToUpperInvariant(verb[0]) + verb[1..];
        if (error is null)
        {
            _recorder.Event(set, "Normal", "Successful" + title, $"{verb} Claim {claim.Metadata.Name} Pod {pod.Metadata.Name} in StatefulSet {set.Metadata.Name} success");
        }
        else
        {
            _recorder.Event(set, "Warning", "Failed" + title, $"{verb} Claim {claim.Metadata.Name} for Pod {pod.Metadata.Name} in StatefulSet {set.Metadata.Name} failed error: {error.Message}");
        }
    }

    /// <summary>CreateStatefulPod: the claims first, then the pod, then the claims' retention references.</summary>
    private async Task CreatePodAsync(Sts set, Pod pod, CancellationToken cancellationToken)
    {
        try
        {
            await CreateClaimsAsync(set, pod, cancellationToken);
        }
        catch (KubeApiException e)
        {
            RecordPodEvent("create", set, pod, e);
            throw;
        }
        try
        {
            await Context.Client.Resource<Pod>(set.Metadata.Namespace).CreateAsync(pod, cancellationToken: cancellationToken);
        }
        catch (KubeApiException e) when (e.IsAlreadyExists)
        {
            throw;
        }
        catch (KubeApiException e)
        {
            RecordPodEvent("create", set, pod, e);
            throw;
        }
        try
        {
            await UpdatePodClaimsForRetentionPolicyAsync(set, pod, cancellationToken);
        }
        catch (KubeApiException e)
        {
            RecordPodEvent("update", set, pod, e);
            throw;
        }
        RecordPodEvent("create", set, pod, null);
    }

    /// <summary>DeleteStatefulPod, with the pod's uid as precondition (a stale cache never deletes a successor).</summary>
    private async Task DeletePodAsync(Sts set, Pod pod, CancellationToken cancellationToken)
    {
        try
        {
            await Context.Client.Resource<Pod>(pod.Metadata.Namespace).DeleteAsync(pod.Metadata.Name,
                new DeleteOptions { Preconditions = new Preconditions { Uid = pod.Metadata.Uid } }, cancellationToken);
        }
        catch (KubeApiException e)
        {
            RecordPodEvent("delete", set, pod, e);
            throw;
        }
        RecordPodEvent("delete", set, pod, null);
    }

    /// <summary>createPersistentVolumeClaims: every missing claim of the pod; a claim being deleted is an error.</summary>
    private async Task CreateClaimsAsync(Sts set, Pod pod, CancellationToken cancellationToken)
    {
        var client = Context.Client.Resource<PersistentVolumeClaim>(set.Metadata.Namespace);
        var errors = new List<string>();
        foreach (var (_, claim) in Claims(set, pod))
        {
            var existing = _claims.Namespace(claim.Metadata.Namespace).Get(claim.Metadata.Name);
            if (existing is null)
            {
                try
                {
                    await client.CreateAsync(claim, cancellationToken: cancellationToken);
                    RecordClaimEvent("create", set, pod, claim, null);
                }
                catch (KubeApiException e) when (e.IsAlreadyExists)
                {
                }
                catch (KubeApiException e)
                {
                    errors.Add($"failed to create PVC {claim.Metadata.Name}: {e.Message}");
                    RecordClaimEvent("create", set, pod, claim, e);
                }
            }
            else if (existing.Metadata.DeletionTimestamp is not null)
            {
                errors.Add($"pvc {claim.Metadata.Name} is being deleted");
            }
        }
        if (errors.Count > 0)
        {
            throw new InvalidOperationException(string.Join("; ", errors));
        }
    }

    /// <summary>
    /// ClaimsMatchRetentionPolicy: whether every existing claim of the pod has the references the policy asks for (a
    /// claim not in the cache yet is picked up by a later sync).
    /// </summary>
    private bool ClaimsMatchRetentionPolicy(Sts set, Pod pod)
    {
        var ordinal = Ordinal(pod);
        foreach (var template in set.Spec.VolumeClaimTemplates ?? [])
        {
            var claim = _claims.Namespace(set.Metadata.Namespace).Get(ClaimName(set, template, ordinal));
            if (claim is not null && !IsClaimOwnerUpToDate(claim, set, pod))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>UpdatePodClaimForRetentionPolicy: rewrites the references of the pod's claims that disagree with the policy.</summary>
    private async Task UpdatePodClaimsForRetentionPolicyAsync(Sts set, Pod pod, CancellationToken cancellationToken)
    {
        var ordinal = Ordinal(pod);
        var client = Context.Client.Resource<PersistentVolumeClaim>(set.Metadata.Namespace);
        foreach (var template in set.Spec.VolumeClaimTemplates ?? [])
        {
            var name = ClaimName(set, template, ordinal);
            var claim = _claims.Namespace(set.Metadata.Namespace).Get(name);
            if (claim is null || IsClaimOwnerUpToDate(claim, set, pod))
            {
                continue;
            }
            var copy = claim.DeepCopy();
            UpdateClaimOwnerRefs(copy, set, pod);
            await client.UpdateAsync(copy, cancellationToken: cancellationToken);
        }
    }

    /// <summary>PodClaimIsStale: with whenScaled=Delete, a claim still owned by a previous pod of that name blocks creation.</summary>
    private bool PodClaimIsStale(Sts set, Pod pod)
    {
        if (RetentionPolicy(set).WhenScaled == PersistentVolumeClaimRetentionPolicyType.RetainPersistentVolumeClaimRetentionPolicyType)
        {
            return false;
        }
        foreach (var (_, claim) in Claims(set, pod))
        {
            if (_claims.Namespace(claim.Metadata.Namespace).Get(claim.Metadata.Name) is { } existing
                && HasStaleOwnerRef(existing, pod.Metadata, "v1", "Pod"))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>UpdateStatefulPod: identity, storage and claim references put right, the pod updated (conflicts retried).</summary>
    private async Task UpdatePodAsync(Sts set, Pod pod, CancellationToken cancellationToken)
    {
        var client = Context.Client.Resource<Pod>(set.Metadata.Namespace);
        for (var attempt = 0; ; attempt++)
        {
            var consistent = true;
            if (!IdentityMatches(set, pod))
            {
                UpdateIdentity(set, pod);
                consistent = false;
            }
            if (!StorageMatches(set, pod))
            {
                UpdateStorage(set, pod);
                consistent = false;
                await CreateClaimsAsync(set, pod, cancellationToken);
            }
            if (!ClaimsMatchRetentionPolicy(set, pod))
            {
                await UpdatePodClaimsForRetentionPolicyAsync(set, pod, cancellationToken);
                consistent = false;
            }
            if (consistent)
            {
                return;
            }
            try
            {
                await client.UpdateAsync(pod, cancellationToken: cancellationToken);
                RecordPodEvent("update", set, pod, null);
                return;
            }
            catch (KubeApiException e) when (e.IsConflict && attempt < 5)
            {
                pod = await client.GetAsync(pod.Metadata.Name, cancellationToken: cancellationToken);
            }
            catch (KubeApiException e)
            {
                RecordPodEvent("update", set, pod, e);
                throw;
            }
        }
    }

    /// <summary>updateStatefulSetStatus: completes a finished rolling update, then writes the status if it changed.</summary>
    private async Task UpdateStatusAsync(Sts set, StatefulSetStatus status, CancellationToken cancellationToken)
    {
        CompleteRollingUpdate(set, status);
        if (!InconsistentStatus(set, status))
        {
            return;
        }
        var client = Context.Client.Resource<Sts>(set.Metadata.Namespace);
        var copy = set.DeepCopy();
        for (var attempt = 0; ; attempt++)
        {
            copy.Status = status.DeepCopy();
            try
            {
                await client.UpdateStatusAsync(copy, cancellationToken: cancellationToken);
                return;
            }
            catch (KubeApiException e) when (e.IsConflict && attempt < 5)
            {
                var fresh = await client.TryGetAsync(set.Metadata.Name, cancellationToken);
                if (fresh is null || fresh.Metadata.Uid != set.Metadata.Uid)
                {
                    return;
                }
                copy = fresh;
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
                return;
            }
        }
    }
}
