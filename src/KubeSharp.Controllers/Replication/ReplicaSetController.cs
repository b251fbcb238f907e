using KubeSharp.Api;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Labels;
using KubeSharp.Api.Meta.V1;
using KubeSharp.Api.Serialization;
using KubeSharp.Client;
using KubeSharp.Client.Cache;
using KubeSharp.Client.Machinery.Events;
using KubeSharp.Client.Machinery.Queues;
using KubeSharp.Controllers.Infrastructure;

namespace KubeSharp.Controllers.Replication;

/// <summary>
/// Upstream's ReplicaSet controller, over ReplicaSets or ReplicationControllers (<see cref="ReplicaSetKind{T}"/>): keeps
/// spec.replicas active pods matching the selector. It adopts orphan pods that match (controller owner reference),
/// releases owned pods whose labels stopped matching, creates missing pods in slow-start batches (1, 2, 4, ...) and
/// deletes surplus ones (least valuable first), with expectations so that a lagging cache never doubles a create or a
/// delete, and maintains status (replicas, fullyLabeled, ready, available, observedGeneration).
/// </summary>
public sealed class ReplicaSetController<T> : QueueController
    where T : class, IKubeMetaObject, IJsonModel<T>, IDeepCopyable<T>
{
    /// <summary>Upstream BurstReplicas: at most this many creates or deletes per sync.</summary>
    public const int BurstReplicas = 500;

    private readonly ReplicaSetKind<T> _kind;
    private ControllerExpectations _expectations = null!;
    private Lister<T> _owners = null!;
    private Lister<Pod> _pods = null!;
    private IEventRecorder _recorder = null!;

    /// <summary>Creates the controller for one kind.</summary>
    public ReplicaSetController(ReplicaSetKind<T> kind, int workers = 5)
        : base(workers)
    {
        _kind = kind;
    }

    /// <inheritdoc/>
    public override string Name => _kind.ControllerName;

    /// <summary>The expectations (tests look at them).</summary>
    internal ControllerExpectations Expectations => _expectations;

    /// <inheritdoc/>
    protected override void Register(ControllerContext context)
    {
        _expectations = new ControllerExpectations(context.Clock);
        // Upstream's event sources: replicaset-controller, replication-controller.
        _recorder = context.EventRecorder(_kind.Kind == "ReplicaSet" ? "replicaset-controller" : "replication-controller");
        var owners = context.Informers.Informer<T>();
        var pods = context.Informers.Informer<Pod>();
        _owners = owners.Lister;
        _pods = pods.Lister;
        owners.AddEventHandler(
            onAdd: (obj, _) => Enqueue(Key(obj.Metadata)),
            onUpdate: (_, obj) => Enqueue(Key(obj.Metadata)),
            onDelete: (obj, _) =>
            {
                _expectations.Delete(Key(obj.Metadata));
                Enqueue(Key(obj.Metadata));
            });
        pods.AddEventHandler(onAdd: (pod, _) => OnPodAdded(pod), onUpdate: OnPodUpdated, onDelete: (pod, _) => OnPodDeleted(pod));
    }

    private static string Key(ObjectMeta meta) => CacheKeys.Of(meta.Namespace, meta.Name);

    private T? ResolveControllerRef(string ns, OwnerReference? reference)
    {
        if (reference is null || reference.Kind != _kind.Kind || OwnerReferences.GroupOf(reference.ApiVersion) != OwnerReferences.GroupOf(_kind.ApiVersion))
        {
            return null;
        }
        var owner = _owners.Namespace(ns).Get(reference.Name);
        return owner is not null && owner.Metadata.Uid == reference.Uid ? owner : null;
    }

    /// <summary>Owners in the pod's namespace whose selector matches it (candidates to adopt an orphan).</summary>
    private IEnumerable<T> MatchingOwners(Pod pod)
        => pod.Metadata.Labels is not { Count: > 0 }
            ? []
            : _owners.Namespace(pod.Metadata.Namespace).List().Where(o => _kind.Selector(o).Matches(pod.Metadata.Labels));

    private void OnPodAdded(Pod pod)
    {
        if (pod.Metadata.DeletionTimestamp is not null)
        {
            // Seen first while already terminating (e.g. after a relist): count it as a deletion.
            OnPodDeleted(pod);
            return;
        }
        if (OwnerReferences.GetControllerOf(pod.Metadata) is { } reference)
        {
            if (ResolveControllerRef(pod.Metadata.Namespace, reference) is { } owner)
            {
                var key = Key(owner.Metadata);
                _expectations.CreationObserved(key);
                Enqueue(key);
            }
            return;
        }
        foreach (var owner in MatchingOwners(pod))
        {
            Enqueue(Key(owner.Metadata));
        }
    }

    private void OnPodUpdated(Pod oldPod, Pod pod)
    {
        if (oldPod.Metadata.ResourceVersion == pod.Metadata.ResourceVersion)
        {
            return;
        }
        var labelsChanged = !LabelsEqual(oldPod.Metadata.Labels, pod.Metadata.Labels);
        if (pod.Metadata.DeletionTimestamp is not null)
        {
            OnPodDeleted(pod);
            if (labelsChanged)
            {
                OnPodDeleted(oldPod);
            }
            return;
        }
        var oldRef = OwnerReferences.GetControllerOf(oldPod.Metadata);
        var newRef = OwnerReferences.GetControllerOf(pod.Metadata);
        var refChanged = oldRef?.Uid != newRef?.Uid;
        if (refChanged && ResolveControllerRef(oldPod.Metadata.Namespace, oldRef) is { } oldOwner)
        {
            Enqueue(Key(oldOwner.Metadata));
        }
        if (newRef is not null)
        {
            if (ResolveControllerRef(pod.Metadata.Namespace, newRef) is { } owner)
            {
                var key = Key(owner.Metadata);
                Enqueue(key);
                // A pod that just became ready becomes available minReadySeconds later.
                var minReady = _kind.MinReadySeconds(owner);
                if (minReady > 0 && !PodUtil.IsReady(oldPod) && PodUtil.IsReady(pod))
                {
                    Queue.AddAfter(key, TimeSpan.FromSeconds(minReady + 1));
                }
            }
            return;
        }
        if (labelsChanged || refChanged)
        {
            foreach (var owner in MatchingOwners(pod))
            {
                Enqueue(Key(owner.Metadata));
            }
        }
    }

    private void OnPodDeleted(Pod pod)
    {
        if (ResolveControllerRef(pod.Metadata.Namespace, OwnerReferences.GetControllerOf(pod.Metadata)) is { } owner)
        {
            var key = Key(owner.Metadata);
            _expectations.DeletionObserved(key, Key(pod.Metadata));
            Enqueue(key);
        }
    }

    private static bool LabelsEqual(Dictionary<string, string>? a, Dictionary<string, string>? b)
    {
        if ((a?.Count ?? 0) != (b?.Count ?? 0))
        {
            return false;
        }
        return a is null || a.All(kv => b!.TryGetValue(kv.Key, out var v) && v == kv.Value);
    }

    /// <inheritdoc/>
    protected override async Task<ReconcileResult> ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        var (ns, name) = CacheKeys.Split(key);
        var owner = _owners.Namespace(ns).Get(name);
        if (owner is null)
        {
            _expectations.Delete(key);
            return ReconcileResult.Done;
        }
        var needsSync = _expectations.Satisfied(key);
        var selector = _kind.Selector(owner);
        var active = _pods.Namespace(ns).List().Where(PodUtil.IsActive).ToList();
        var claimed = await ClaimPodsAsync(owner, selector, active, cancellationToken);

        Exception? manageError = null;
        if (needsSync && owner.Metadata.DeletionTimestamp is null)
        {
            try
            {
                await ManageReplicasAsync(owner, key, claimed, cancellationToken);
            }
            catch (Exception e) when (e is KubeApiException or HttpRequestException)
            {
                manageError = e;
            }
        }

        var now = Context.Clock.GetUtcNow();
        var status = CalculateStatus(owner, claimed, now);
        await UpdateStatusAsync(owner, status, cancellationToken);
        if (manageError is not null)
        {
            throw manageError;
        }
        var minReady = _kind.MinReadySeconds(owner);
        if (minReady > 0 && status.ReadyReplicas == _kind.Replicas(owner) && status.AvailableReplicas != _kind.Replicas(owner))
        {
            return ReconcileResult.After(TimeSpan.FromSeconds(minReady));
        }
        return ReconcileResult.Done;
    }

    /// <summary>
    /// Upstream PodControllerRefManager.ClaimPods: keep owned pods that still match, release owned ones that do not,
    /// adopt matching orphans (only while the owner is not being deleted, checked against a fresh read).
    /// </summary>
    private async Task<List<Pod>> ClaimPodsAsync(T owner, Selector selector, List<Pod> pods, CancellationToken cancellationToken)
    {
        var claimed = new List<Pod>();
        bool? canAdopt = null;
        var podClient = Context.Client.Resource<Pod>(owner.Metadata.Namespace);
        foreach (var pod in pods)
        {
            var reference = OwnerReferences.GetControllerOf(pod.Metadata);
            var matches = selector.Matches(pod.Metadata.Labels);
            if (reference is not null)
            {
                if (reference.Uid != owner.Metadata.Uid)
                {
                    continue;
                }
                if (matches)
                {
                    claimed.Add(pod);
                }
                else if (owner.Metadata.DeletionTimestamp is null)
                {
                    await ReleaseAsync(podClient, pod, owner, cancellationToken);
                }
                continue;
            }
            if (!matches || owner.Metadata.DeletionTimestamp is not null || pod.Metadata.DeletionTimestamp is not null)
            {
                continue;
            }
            canAdopt ??= await CanAdoptAsync(owner, cancellationToken);
            if (canAdopt != true)
            {
                continue;
            }
            if (await AdoptAsync(podClient, pod, owner, cancellationToken) is { } adopted)
            {
                claimed.Add(adopted);
            }
        }
        return claimed;
    }

    /// <summary>Upstream RecheckDeletionTimestamp: a live read of the owner, same UID and not being deleted.</summary>
    private async Task<bool> CanAdoptAsync(T owner, CancellationToken cancellationToken)
    {
        var fresh = await Context.Client.Resource<T>(owner.Metadata.Namespace).TryGetAsync(owner.Metadata.Name, cancellationToken);
        return fresh is not null && fresh.Metadata.Uid == owner.Metadata.Uid && fresh.Metadata.DeletionTimestamp is null;
    }

    private async Task<Pod?> AdoptAsync(ResourceClient<Pod> podClient, Pod pod, T owner, CancellationToken cancellationToken)
    {
        var references = new List<OwnerReference>(pod.Metadata.OwnerReferences ?? [])
        {
            OwnerReferences.NewControllerRef(owner.Metadata, _kind.ApiVersion, _kind.Kind),
        };
        try
        {
            return await podClient.PatchAsync(pod.Metadata.Name, PatchType.Merge,
                MetadataPatches.OwnerReferences(references, pod.Metadata.ResourceVersion, pod.Metadata.Uid), cancellationToken: cancellationToken);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            return null;
        }
    }

    private static async Task ReleaseAsync(ResourceClient<Pod> podClient, Pod pod, T owner, CancellationToken cancellationToken)
    {
        var remaining = (pod.Metadata.OwnerReferences ?? []).Where(r => r.Uid != owner.Metadata.Uid).ToList();
        try
        {
            await podClient.PatchAsync(pod.Metadata.Name, PatchType.Merge,
                MetadataPatches.OwnerReferences(remaining, pod.Metadata.ResourceVersion, pod.Metadata.Uid), cancellationToken: cancellationToken);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            // Gone: nothing to release.
        }
    }

    private async Task ManageReplicasAsync(T owner, string key, List<Pod> pods, CancellationToken cancellationToken)
    {
        var diff = pods.Count - _kind.Replicas(owner);
        var podClient = Context.Client.Resource<Pod>(owner.Metadata.Namespace);
        if (diff < 0)
        {
            var toCreate = Math.Min(-diff, BurstReplicas);
            if (_kind.Template(owner) is not { } template)
            {
                return;
            }
            _expectations.ExpectCreations(key, toCreate);
            var (created, error) = await SlowStartBatchAsync(toCreate, 1, async ct =>
            {
                Pod pod;
                try
                {
                    pod = await podClient.CreateAsync(NewPod(owner, template), cancellationToken: ct);
                }
                catch (KubeApiException e)
                {
                    PodControlEvents.CreateFailed(_recorder, owner, e);
                    throw;
                }
                PodControlEvents.Created(_recorder, owner, pod.Metadata.Name);
            }, cancellationToken);
            // Pods never created are never observed: lower the expectations by them.
            for (var i = created; i < toCreate; i++)
            {
                _expectations.CreationObserved(key);
            }
            if (error is not null)
            {
                throw error;
            }
        }
        else if (diff > 0)
        {
            var toDelete = pods.OrderBy(p => p, Comparer<Pod>.Create(PodUtil.CompareForDeletion)).Take(Math.Min(diff, BurstReplicas)).ToList();
            _expectations.ExpectDeletions(key, toDelete.Select(p => Key(p.Metadata)));
            var errors = new List<Exception>();
            await Task.WhenAll(toDelete.Select(async pod =>
            {
                try
                {
                    await podClient.DeleteAsync(pod.Metadata.Name, new DeleteOptions { Preconditions = new Preconditions { Uid = pod.Metadata.Uid } }, cancellationToken);
                    PodControlEvents.Deleted(_recorder, owner, pod.Metadata.Name);
                }
                catch (KubeApiException e)
                {
                    // Never deleted: never observed.
                    _expectations.DeletionObserved(key, Key(pod.Metadata));
                    if (!e.IsNotFound)
                    {
                        PodControlEvents.DeleteFailed(_recorder, owner, e);
                        lock (errors)
                        {
                            errors.Add(e);
                        }
                    }
                }
            }));
            if (errors.Count > 0)
            {
                throw errors[0];
            }
        }
    }

    /// <summary>
    /// Upstream slowStartBatch: run <paramref name="count"/> calls in batches of 1, 2, 4, ... (from
    /// <paramref name="initialBatchSize"/>); stop after the first batch with a failure, so a quota or a broken
    /// template costs one call, not hundreds. Returns the number of successful calls.
    /// </summary>
    private static async Task<(int Successes, KubeApiException? Error)> SlowStartBatchAsync(int count, int initialBatchSize, Func<CancellationToken, Task> call, CancellationToken cancellationToken)
    {
        var remaining = count;
        var successes = 0;
        for (var batch = Math.Min(remaining, initialBatchSize); batch > 0; batch = Math.Min(2 * batch, remaining))
        {
            KubeApiException? failure = null;
            var results = await Task.WhenAll(Enumerable.Range(0, batch).Select(async _ =>
            {
                try
                {
                    await call(cancellationToken);
                    return true;
                }
                catch (KubeApiException e)
                {
                    failure = e;
                    return false;
                }
            }));
            successes += results.Count(r => r);
            if (failure is not null)
            {
                return (successes, failure);
            }
            remaining -= batch;
        }
        return (successes, null);
    }

    /// <summary>Upstream GetPodFromTemplate: labels, annotations and finalizers of the template, generateName from the
    /// owner, the controller reference, the template's spec.</summary>
    private Pod NewPod(T owner, PodTemplateSpec template)
    {
        var copy = template.DeepCopy();
        var pod = new Pod { ApiVersion = "v1", Kind = "Pod", Spec = copy.Spec };
        pod.Metadata.Namespace = owner.Metadata.Namespace;
        pod.Metadata.GenerateName = owner.Metadata.Name + "-";
        pod.Metadata.Labels = copy.Metadata.Labels;
        pod.Metadata.Annotations = copy.Metadata.Annotations;
        pod.Metadata.Finalizers = copy.Metadata.Finalizers;
        pod.Metadata.OwnerReferences = [OwnerReferences.NewControllerRef(owner.Metadata, _kind.ApiVersion, _kind.Kind)];
        return pod;
    }

    private ReplicaStatus CalculateStatus(T owner, List<Pod> pods, DateTimeOffset now)
    {
        var templateLabels = _kind.Template(owner)?.Metadata.Labels;
        var templateSelector = templateLabels is { Count: > 0 } ? LabelSelectorConverter.ToSelector(templateLabels, null) : Selector.Everything;
        var minReady = _kind.MinReadySeconds(owner);
        int fullyLabeled = 0, ready = 0, available = 0;
        foreach (var pod in pods)
        {
            if (templateSelector.Matches(pod.Metadata.Labels))
            {
                fullyLabeled++;
            }
            if (PodUtil.IsReady(pod))
            {
                ready++;
                if (PodUtil.IsAvailable(pod, minReady, now))
                {
                    available++;
                }
            }
        }
        return new ReplicaStatus(pods.Count, fullyLabeled, ready, available, owner.Metadata.Generation);
    }

    private async Task UpdateStatusAsync(T owner, ReplicaStatus status, CancellationToken cancellationToken)
    {
        if (_kind.GetStatus(owner) == status)
        {
            return;
        }
        var client = Context.Client.Resource<T>(owner.Metadata.Namespace);
        var copy = owner.DeepCopy();
        _kind.SetStatus(copy, status);
        try
        {
            await client.UpdateStatusAsync(copy, cancellationToken: cancellationToken);
        }
        catch (KubeApiException e) when (e.IsConflict)
        {
            // Upstream retries once on a fresh copy.
            var fresh = await client.TryGetAsync(owner.Metadata.Name, cancellationToken);
            if (fresh is null || fresh.Metadata.Uid != owner.Metadata.Uid)
            {
                return;
            }
            _kind.SetStatus(fresh, status);
            await client.UpdateStatusAsync(fresh, cancellationToken: cancellationToken);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            // Deleted meanwhile.
        }
    }

}
