using System.Text.Json.Nodes;
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
using Microsoft.Extensions.Logging;
using static KubeSharp.Controllers.DaemonSet.DaemonSetUtil;

namespace KubeSharp.Controllers.DaemonSet;

/// <summary>
/// Upstream's DaemonSet controller (pkg/controller/daemon, v1.32): one pod per node that should run one (template
/// node name, nodeSelector, required node affinity, NoSchedule/NoExecute taints against the template's tolerations plus
/// the default daemon tolerations). Pods are created unbound with a required node affinity on their node's
/// <c>metadata.name</c> and left to the scheduler; extra pods on a node are deleted (the oldest stays), pods on nodes
/// that no longer qualify are deleted, failed pods are deleted (with per-node backoff) and recreated. Pods and
/// ControllerRevisions are adopted and released through controller references; expectations and slow-start batches
/// guard creation. Every template is a ControllerRevision (<c>&lt;ds&gt;-&lt;hash&gt;</c>, data = the template patch,
/// status.collisionCount on a hash collision, old ones pruned beyond revisionHistoryLimit), pods carry the
/// controller-revision-hash label, and RollingUpdate (maxUnavailable, maxSurge) or OnDelete replace old pods.
/// </summary>
public sealed partial class DaemonSetController : QueueController
{
    /// <summary>Upstream BurstReplicas: at most this many creates and deletes per sync.</summary>
    public const int BurstReplicas = 250;

    private const string ApiVersion = "apps/v1";
    private const string Kind = "DaemonSet";

    private ControllerExpectations _expectations = null!;
    private FailedPodsBackoff _failedPodsBackoff = null!;
    private Lister<Api.Apps.V1.DaemonSet> _daemonSets = null!;
    private Lister<ControllerRevision> _revisions = null!;
    private Lister<Pod> _pods = null!;
    private Lister<Node> _nodes = null!;
    private IEventRecorder _recorder = null!;

    /// <summary>Creates the controller (upstream's default of 2 workers, --concurrent-daemonset-syncs).</summary>
    public DaemonSetController(int workers = 2)
        : base(workers)
    {
    }

    /// <inheritdoc/>
    public override string Name => "daemonset";

    /// <inheritdoc/>
    protected override void Register(ControllerContext context)
    {
        _expectations = new ControllerExpectations(context.Clock);
        _failedPodsBackoff = new FailedPodsBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(15));
        _recorder = context.EventRecorder("daemonset-controller");

        var daemonSets = context.Informers.Informer<Api.Apps.V1.DaemonSet>();
        var revisions = context.Informers.Informer<ControllerRevision>();
        var pods = context.Informers.Informer<Pod>();
        var nodes = context.Informers.Informer<Node>();
        _daemonSets = daemonSets.Lister;
        _revisions = revisions.Lister;
        _pods = pods.Lister;
        _nodes = nodes.Lister;
        daemonSets.AddEventHandler(
            onAdd: (ds, _) => Enqueue(Key(ds.Metadata)),
            onUpdate: (old, ds) =>
            {
                if (old.Metadata.Uid != ds.Metadata.Uid)
                {
                    _expectations.Delete(Key(old.Metadata));
                }
                Enqueue(Key(ds.Metadata));
            },
            onDelete: (ds, _) =>
            {
                _expectations.Delete(Key(ds.Metadata));
                Enqueue(Key(ds.Metadata));
            });
        revisions.AddEventHandler(
            onAdd: (revision, _) => OnRevisionChanged(null, revision),
            onUpdate: OnRevisionChanged,
            onDelete: (revision, _) => EnqueueController(revision.Metadata));
        pods.AddEventHandler(onAdd: (pod, _) => OnPodAdded(pod), onUpdate: OnPodUpdated, onDelete: (pod, _) => OnPodDeleted(pod));
        nodes.AddEventHandler(onAdd: (node, _) => OnNodeAdded(node), onUpdate: OnNodeUpdated);
    }

    /// <inheritdoc/>
    public override async Task RunAsync(CancellationToken cancellationToken)
    {
        using var gc = new Timer(_ => _failedPodsBackoff.GC(Context.Clock.GetUtcNow()), null, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        await base.RunAsync(cancellationToken);
    }

    private static string Key(ObjectMeta meta) => CacheKeys.Of(meta.Namespace, meta.Name);

    private static Selector SelectorOf(Api.Apps.V1.DaemonSet ds)
        => ds.Spec.Selector is { } s && (s.MatchLabels is { Count: > 0 } || s.MatchExpressions is { Count: > 0 }) && s.TryToSelector(out var selector, out _)
            ? selector
            : Selector.Nothing;

    private Api.Apps.V1.DaemonSet? ResolveControllerRef(string ns, OwnerReference? reference)
    {
        if (reference is null || reference.Kind != Kind)
        {
            return null;
        }
        var ds = _daemonSets.Namespace(ns).Get(reference.Name);
        return ds is not null && ds.Metadata.Uid == reference.Uid ? ds : null;
    }

    private void EnqueueController(ObjectMeta child)
    {
        if (ResolveControllerRef(child.Namespace, OwnerReferences.GetControllerOf(child)) is { } ds)
        {
            Enqueue(Key(ds.Metadata));
        }
    }

    /// <summary>DaemonSets in the object's namespace whose selector matches its labels (who may adopt an orphan).</summary>
    private void EnqueueMatching(ObjectMeta orphan)
    {
        if (orphan.Labels is not { Count: > 0 })
        {
            return;
        }
        foreach (var ds in _daemonSets.Namespace(orphan.Namespace).List())
        {
            if (SelectorOf(ds).Matches(orphan.Labels))
            {
                Enqueue(Key(ds.Metadata));
            }
        }
    }

    private void OnRevisionChanged(ControllerRevision? old, ControllerRevision revision)
    {
        if (old is not null && old.Metadata.ResourceVersion == revision.Metadata.ResourceVersion)
        {
            return;
        }
        var reference = OwnerReferences.GetControllerOf(revision.Metadata);
        var oldReference = old is null ? null : OwnerReferences.GetControllerOf(old.Metadata);
        var referenceChanged = old is not null && oldReference?.Uid != reference?.Uid;
        if (referenceChanged && oldReference is not null)
        {
            EnqueueController(old!.Metadata);
        }
        if (reference is not null)
        {
            EnqueueController(revision.Metadata);
            return;
        }
        if (old is null || referenceChanged || !LabelsEqual(old.Metadata.Labels, revision.Metadata.Labels))
        {
            EnqueueMatching(revision.Metadata);
        }
    }

    private void OnPodAdded(Pod pod)
    {
        if (pod.Metadata.DeletionTimestamp is not null)
        {
            // Seen first while already terminating (a relist): not a creation.
            OnPodDeleted(pod);
            return;
        }
        if (OwnerReferences.GetControllerOf(pod.Metadata) is { } reference)
        {
            if (ResolveControllerRef(pod.Metadata.Namespace, reference) is { } ds)
            {
                var key = Key(ds.Metadata);
                _expectations.CreationObserved(key);
                Enqueue(key);
            }
            return;
        }
        EnqueueMatching(pod.Metadata);
    }

    private void OnPodUpdated(Pod old, Pod pod)
    {
        if (old.Metadata.ResourceVersion == pod.Metadata.ResourceVersion)
        {
            return;
        }
        if (pod.Metadata.DeletionTimestamp is not null)
        {
            // A graceful deletion: act on it now rather than when the node agent finally removes the pod.
            OnPodDeleted(pod);
            return;
        }
        var reference = OwnerReferences.GetControllerOf(pod.Metadata);
        var oldReference = OwnerReferences.GetControllerOf(old.Metadata);
        var referenceChanged = oldReference?.Uid != reference?.Uid;
        if (referenceChanged && oldReference is not null)
        {
            EnqueueController(old.Metadata);
        }
        if (reference is not null)
        {
            if (ResolveControllerRef(pod.Metadata.Namespace, reference) is { } ds)
            {
                var key = Key(ds.Metadata);
                Enqueue(key);
                if (ds.Spec.MinReadySeconds > 0 && !PodUtil.IsReady(old) && PodUtil.IsReady(pod))
                {
                    Queue.AddAfter(key, TimeSpan.FromSeconds(ds.Spec.MinReadySeconds + 1));
                }
            }
            return;
        }
        if (referenceChanged || !LabelsEqual(old.Metadata.Labels, pod.Metadata.Labels))
        {
            EnqueueMatching(pod.Metadata);
        }
    }

    private void OnPodDeleted(Pod pod)
    {
        if (ResolveControllerRef(pod.Metadata.Namespace, OwnerReferences.GetControllerOf(pod.Metadata)) is { } ds)
        {
            var key = Key(ds.Metadata);
            _expectations.DeletionObserved(key, Key(pod.Metadata));
            Enqueue(key);
        }
    }

    private void OnNodeAdded(Node node)
    {
        foreach (var ds in _daemonSets.List())
        {
            if (NodeShouldRunDaemonPod(node, ds).ShouldRun)
            {
                Enqueue(Key(ds.Metadata));
            }
        }
    }

    private void OnNodeUpdated(Node old, Node node)
    {
        // Whether a node qualifies depends on its name, labels and taints only (upstream compares the whole node
        // but conditions and heartbeats decide nothing here).
        if (LabelsEqual(old.Metadata.Labels, node.Metadata.Labels) && TaintsEqual(old.Spec.Taints, node.Spec.Taints))
        {
            return;
        }
        foreach (var ds in _daemonSets.List())
        {
            if (NodeShouldRunDaemonPod(old, ds) != NodeShouldRunDaemonPod(node, ds))
            {
                Enqueue(Key(ds.Metadata));
            }
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

    private static bool TaintsEqual(List<Taint>? a, List<Taint>? b)
    {
        if ((a?.Count ?? 0) != (b?.Count ?? 0))
        {
            return false;
        }
        for (var i = 0; i < (a?.Count ?? 0); i++)
        {
            if (a![i].Key != b![i].Key || a[i].Value != b[i].Value || a[i].Effect != b[i].Effect)
            {
                return false;
            }
        }
        return true;
    }

    /// <inheritdoc/>
    protected override async Task<ReconcileResult> ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        var (ns, name) = CacheKeys.Split(key);
        var ds = _daemonSets.Namespace(ns).Get(name);
        if (ds is null)
        {
            _expectations.Delete(key);
            return ReconcileResult.Done;
        }
        var nodes = _nodes.List();
        if (ds.Spec.Selector is { } s && s.MatchLabels is not { Count: > 0 } && s.MatchExpressions is not { Count: > 0 })
        {
            _recorder.Event(ds, EventTypes.Warning, "SelectingAll", "This daemon set is selecting all pods. A non-empty selector is required.");
            return ReconcileResult.Done;
        }
        // A DaemonSet being deleted may have lost its revisions already: its status cannot be trusted, leave it.
        if (ds.Metadata.DeletionTimestamp is not null)
        {
            return ReconcileResult.Done;
        }
        var (current, old) = await ConstructHistoryAsync(ds, cancellationToken);
        var hash = current.Metadata.Labels?.GetValueOrDefault(ControllerRevisionHashLabel) ?? "";
        var requeue = new RequeueAfter();
        if (!_expectations.Satisfied(key))
        {
            // Only the status; observedGeneration stays until this generation has really been acted on.
            await UpdateStatusAsync(ds, nodes, hash, updateObservedGeneration: false, requeue, cancellationToken);
            return requeue.Result;
        }
        Exception? error = null;
        try
        {
            await ManageAsync(ds, nodes, hash, key, requeue, cancellationToken);
            if (_expectations.Satisfied(key) && ds.Spec.UpdateStrategy.Type == DaemonSetUpdateStrategyType.RollingUpdateDaemonSetStrategyType)
            {
                await RollingUpdateAsync(ds, nodes, hash, key, cancellationToken);
            }
            await CleanupHistoryAsync(ds, old, cancellationToken);
        }
        catch (Exception e) when (e is KubeApiException or HttpRequestException or FormatException)
        {
            error = e;
        }
        try
        {
            await UpdateStatusAsync(ds, nodes, hash, updateObservedGeneration: true, requeue, cancellationToken);
        }
        catch (Exception e) when (error is not null && e is KubeApiException or HttpRequestException)
        {
            LogStatusFailed(Logger, key, e.Message);
        }
        if (error is not null)
        {
            throw error;
        }
        return requeue.Result;
    }

    /// <summary>The earliest requested re-sync of one pass.</summary>
    private sealed class RequeueAfter
    {
        private TimeSpan? _delay;

        public void At(TimeSpan delay) => _delay = _delay is { } d && d <= delay ? d : delay;

        public ReconcileResult Result => _delay is { } d ? ReconcileResult.After(d) : ReconcileResult.Done;
    }

    /// <summary>
    /// Upstream's getNodesToDaemonPods: the claimed pods (adopting and releasing as needed) grouped by target node;
    /// terminal pods already being deleted are left out unless <paramref name="includeDeletedTerminal"/>.
    /// </summary>
    private async Task<Dictionary<string, List<Pod>>> NodesToDaemonPodsAsync(Api.Apps.V1.DaemonSet ds, bool includeDeletedTerminal, CancellationToken cancellationToken)
    {
        var claimed = await ClaimPodsAsync(ds, cancellationToken);
        var result = new Dictionary<string, List<Pod>>(StringComparer.Ordinal);
        foreach (var pod in claimed)
        {
            if (!includeDeletedTerminal && pod.Status.Phase is "Succeeded" or "Failed" && pod.Metadata.DeletionTimestamp is not null)
            {
                continue;
            }
            if (GetTargetNodeName(pod) is not { } nodeName)
            {
                continue;
            }
            if (!result.TryGetValue(nodeName, out var list))
            {
                result[nodeName] = list = [];
            }
            list.Add(pod);
        }
        return result;
    }

    private Task<List<Pod>> ClaimPodsAsync(Api.Apps.V1.DaemonSet ds, CancellationToken cancellationToken)
    {
        var selector = SelectorOf(ds);
        return RefManager(ds).ClaimAsync(_pods.Namespace(ds.Metadata.Namespace).List(), p => selector.Matches(p.Metadata.Labels), cancellationToken);
    }

    /// <summary>The claim/adopt/release helper for <paramref name="ds"/>, adopting only after upstream's RecheckDeletionTimestamp.</summary>
    private ControllerRefManager RefManager(Api.Apps.V1.DaemonSet ds)
        => new(Context.Client, ds.Metadata, ApiVersion, Kind, ControllerRefManager.RecheckDeletionTimestamp<Api.Apps.V1.DaemonSet>(Context.Client, ds.Metadata));

    /// <summary>
    /// Upstream's manage: for every node the pods to create and delete (<see cref="DaemonSetUtil.PodsShouldBeOnNode"/>),
    /// plus unscheduled pods aimed at nodes that no longer exist.
    /// </summary>
    private async Task ManageAsync(Api.Apps.V1.DaemonSet ds, IReadOnlyList<Node> nodes, string hash, string key, RequeueAfter requeue, CancellationToken cancellationToken)
    {
        var nodeToDaemonPods = await NodesToDaemonPodsAsync(ds, includeDeletedTerminal: false, cancellationToken);
        var now = Context.Clock.GetUtcNow();
        var nodesNeedingPods = new List<string>();
        var podsToDelete = new List<string>();
        foreach (var node in nodes)
        {
            nodeToDaemonPods.TryGetValue(node.Metadata.Name, out var daemonPods);
            var (create, delete) = PodsShouldBeOnNode(node, daemonPods, ds, hash, now, pod => MayDeleteFailedPod(ds, node, pod, now, requeue));
            if (create)
            {
                nodesNeedingPods.Add(node.Metadata.Name);
            }
            foreach (var pod in delete)
            {
                if (pod.Status.Phase == "Succeeded")
                {
                    _recorder.Eventf(ds, EventTypes.Normal, "SucceededDaemonPod", "Found succeeded daemon pod {0}/{1} on node {2}, will try to delete it",
                        pod.Metadata.Namespace, pod.Metadata.Name, node.Metadata.Name);
                }
                podsToDelete.Add(pod.Metadata.Name);
            }
        }
        // Unscheduled pods aimed at nodes that are gone: the scheduler can never place them and pod GC ignores them.
        var existing = nodes.Select(n => n.Metadata.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var (nodeName, pods) in nodeToDaemonPods)
        {
            if (!existing.Contains(nodeName))
            {
                podsToDelete.AddRange(pods.Where(p => p.Spec.NodeName.Length == 0).Select(p => p.Metadata.Name));
            }
        }
        await SyncNodesAsync(ds, key, podsToDelete, nodesNeedingPods, hash, cancellationToken);
    }

    private bool MayDeleteFailedPod(Api.Apps.V1.DaemonSet ds, Node node, Pod pod, DateTimeOffset now, RequeueAfter requeue)
    {
        var backoffKey = FailedPodsBackoff.Key(ds.Metadata.Uid, ds.Status.ObservedGeneration, node.Metadata.Name);
        if (_failedPodsBackoff.IsInBackOffSinceUpdate(backoffKey, now))
        {
            requeue.At(_failedPodsBackoff.Get(backoffKey));
            return false;
        }
        _failedPodsBackoff.Next(backoffKey, now);
        _recorder.Eventf(ds, EventTypes.Warning, "FailedDaemonPod", "Found failed daemon pod {0}/{1} on node {2}, will try to kill it",
            pod.Metadata.Namespace, pod.Metadata.Name, node.Metadata.Name);
        return true;
    }

    /// <summary>
    /// Upstream's syncNodes: expectations first, then pods created in slow-start batches (1, 2, 4, ...; the rest of a
    /// failing pass is skipped) with the node affinity for their node, and pods deleted in parallel.
    /// </summary>
    private async Task SyncNodesAsync(Api.Apps.V1.DaemonSet ds, string key, List<string> podsToDelete, List<string> nodesNeedingPods, string hash, CancellationToken cancellationToken)
    {
        var createCount = Math.Min(nodesNeedingPods.Count, BurstReplicas);
        var deletions = podsToDelete.Distinct(StringComparer.Ordinal).Take(BurstReplicas).ToList();
        var ns = ds.Metadata.Namespace;
        _expectations.Expect(key, createCount, deletions.Select(p => CacheKeys.Of(ns, p)));
        var errors = new List<Exception>();
        var podClient = Context.Client.Resource<Pod>(ns);
        var template = CreatePodTemplate(ds.Spec.Template, GetTemplateGeneration(ds), hash);
        var batch = Math.Min(createCount, 1);
        for (var position = 0; position < createCount; position += batch, batch = Math.Min(2 * batch, createCount - position))
        {
            var before = errors.Count;
            var start = position;
            await Task.WhenAll(Enumerable.Range(start, batch).Select(async i =>
            {
                try
                {
                    var created = await podClient.CreateAsync(NewDaemonPod(ds, template, nodesNeedingPods[i]), cancellationToken: cancellationToken);
                    _recorder.Eventf(ds, EventTypes.Normal, "SuccessfulCreate", "Created pod: {0}", created.Metadata.Name);
                }
                catch (KubeApiException e) when (e.Causes.Any(c => c.Reason == "NamespaceTerminating"))
                {
                    // The namespace is going away: every later create fails the same way.
                }
                catch (KubeApiException e)
                {
                    _expectations.CreationObserved(key);
                    _recorder.Eventf(ds, EventTypes.Warning, "FailedCreate", "Error creating: {0}", e.Message);
                    lock (errors)
                    {
                        errors.Add(e);
                    }
                }
            }));
            var skipped = createCount - (position + batch);
            if (errors.Count > before && skipped > 0)
            {
                // Never attempted: never observed.
                for (var i = 0; i < skipped; i++)
                {
                    _expectations.CreationObserved(key);
                }
                break;
            }
        }
        await Task.WhenAll(deletions.Select(async podName =>
        {
            try
            {
                await podClient.DeleteAsync(podName, cancellationToken: cancellationToken);
                _recorder.Eventf(ds, EventTypes.Normal, "SuccessfulDelete", "Deleted pod: {0}", podName);
            }
            catch (KubeApiException e)
            {
                _expectations.DeletionObserved(key, CacheKeys.Of(ns, podName));
                if (!e.IsNotFound)
                {
                    _recorder.Eventf(ds, EventTypes.Warning, "FailedDelete", "Error deleting: {0}", e.Message);
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

    /// <summary>Upstream GetPodFromTemplate with the daemon pod's node affinity: generateName <c>&lt;ds&gt;-</c>, the controller reference.</summary>
    private static Pod NewDaemonPod(Api.Apps.V1.DaemonSet ds, PodTemplateSpec template, string nodeName)
    {
        var copy = template.DeepCopy();
        copy.Spec.Affinity = ReplaceDaemonSetPodNodeNameNodeAffinity(copy.Spec.Affinity, nodeName);
        var pod = new Pod { ApiVersion = "v1", Kind = "Pod", Spec = copy.Spec };
        pod.Metadata.Namespace = ds.Metadata.Namespace;
        pod.Metadata.GenerateName = ds.Metadata.Name + "-";
        pod.Metadata.Labels = copy.Metadata.Labels;
        pod.Metadata.Annotations = copy.Metadata.Annotations;
        pod.Metadata.Finalizers = copy.Metadata.Finalizers;
        pod.Metadata.OwnerReferences = [OwnerReferences.NewControllerRef(ds.Metadata, ApiVersion, Kind)];
        return pod;
    }

    /// <summary>Upstream's rollingUpdate over <see cref="DaemonSetUtil.PlanRollingUpdate"/>.</summary>
    private async Task RollingUpdateAsync(Api.Apps.V1.DaemonSet ds, IReadOnlyList<Node> nodes, string hash, string key, CancellationToken cancellationToken)
    {
        var nodeToDaemonPods = await NodesToDaemonPodsAsync(ds, includeDeletedTerminal: false, cancellationToken);
        var counts = UpdatedDesiredNodeCounts(ds, nodes, nodeToDaemonPods);
        var byName = nodes.ToDictionary(n => n.Metadata.Name, StringComparer.Ordinal);
        var eligibility = EligibilityOf(ds);
        var (toDelete, toCreate) = PlanRollingUpdate(ds, nodeToDaemonPods,
            nodeName => byName.TryGetValue(nodeName, out var node) && eligibility.Evaluate(node).ShouldRun,
            hash, counts, Context.Clock.GetUtcNow());
        if (toDelete.Count > 0 || toCreate.Count > 0)
        {
            await SyncNodesAsync(ds, key, toDelete, toCreate, hash, cancellationToken);
        }
    }

    /// <summary>
    /// Upstream's constructHistory: the revisions the DaemonSet controls (adopting and releasing), the hash label put
    /// on those lacking it, the current one (matching the template; created when missing, duplicates merged, its
    /// number raised above every old one) and the old ones.
    /// </summary>
    private async Task<(ControllerRevision Current, List<ControllerRevision> Old)> ConstructHistoryAsync(Api.Apps.V1.DaemonSet ds, CancellationToken cancellationToken)
    {
        var revisionClient = Context.Client.Resource<ControllerRevision>(ds.Metadata.Namespace);
        var selector = SelectorOf(ds);
        var histories = await RefManager(ds).ClaimAsync(_revisions.Namespace(ds.Metadata.Namespace).List(), r => selector.Matches(r.Metadata.Labels), cancellationToken);
        var patch = GetPatch(ds);
        var current = new List<ControllerRevision>();
        var old = new List<ControllerRevision>();
        foreach (var cached in histories)
        {
            var history = cached;
            if (history.Metadata.Labels?.ContainsKey(ControllerRevisionHashLabel) != true)
            {
                // Named by its hash already: the name serves as the label, no need to recompute it.
                var copy = history.DeepCopy();
                copy.Metadata.Labels ??= [];
                copy.Metadata.Labels[ControllerRevisionHashLabel] = copy.Metadata.Name;
                history = await revisionClient.UpdateAsync(copy, cancellationToken: cancellationToken);
            }
            (Match(ds, history, patch) ? current : old).Add(history);
        }
        var nextRevision = History.ControllerHistory.MaxRevision(old) + 1;
        if (current.Count == 0)
        {
            return (await SnapshotAsync(ds, nextRevision, patch, cancellationToken), old);
        }
        var keep = await DedupCurrentAsync(ds, current, cancellationToken);
        if (keep.Revision < nextRevision)
        {
            var copy = keep.DeepCopy();
            copy.Revision = nextRevision;
            keep = await revisionClient.UpdateAsync(copy, cancellationToken: cancellationToken);
        }
        return (keep, old);
    }

    /// <summary>Upstream's dedupCurHistories: keep the highest-numbered revision, relabel pods to its hash, delete the others.</summary>
    private async Task<ControllerRevision> DedupCurrentAsync(Api.Apps.V1.DaemonSet ds, List<ControllerRevision> current, CancellationToken cancellationToken)
    {
        if (current.Count == 1)
        {
            return current[0];
        }
        var keep = current[0];
        foreach (var revision in current)
        {
            if (revision.Revision >= keep.Revision)
            {
                keep = revision;
            }
        }
        var keepHash = keep.Metadata.Labels?.GetValueOrDefault(ControllerRevisionHashLabel) ?? "";
        var podClient = Context.Client.Resource<Pod>(ds.Metadata.Namespace);
        foreach (var pod in await ClaimPodsAsync(ds, cancellationToken))
        {
            if (pod.Metadata.Labels?.GetValueOrDefault(ControllerRevisionHashLabel) != keepHash)
            {
                var labelPatch = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = new JsonObject { [ControllerRevisionHashLabel] = keepHash } },
                }.ToJsonString();
                await podClient.PatchAsync(pod.Metadata.Name, PatchType.Merge, labelPatch, cancellationToken: cancellationToken);
            }
        }
        var revisionClient = Context.Client.Resource<ControllerRevision>(ds.Metadata.Namespace);
        foreach (var revision in current)
        {
            if (revision.Metadata.Name != keep.Metadata.Name)
            {
                await revisionClient.DeleteAsync(revision.Metadata.Name, cancellationToken: cancellationToken);
            }
        }
        return keep;
    }

    /// <summary>
    /// Upstream's snapshot: the revision <c>&lt;ds&gt;-&lt;hash&gt;</c> (template labels plus the hash label, the
    /// DaemonSet's annotations, its controller reference, the template patch). A name taken by a revision with other
    /// data is a hash collision: status.collisionCount goes up (when the one used was not stale) and the sync is retried.
    /// </summary>
    private async Task<ControllerRevision> SnapshotAsync(Api.Apps.V1.DaemonSet ds, long revision, byte[] patch, CancellationToken cancellationToken)
    {
        var hash = ComputeHash(ds.Spec.Template, ds.Status.CollisionCount);
        var labels = new Dictionary<string, string>(ds.Spec.Template.Metadata.Labels ?? [], StringComparer.Ordinal) { [ControllerRevisionHashLabel] = hash };
        var history = new ControllerRevision
        {
            ApiVersion = ControllerRevision.KubeApiVersion,
            Kind = ControllerRevision.KubeKind,
            Metadata = new ObjectMeta
            {
                Name = History.ControllerHistory.RevisionName(ds.Metadata.Name, hash),
                Namespace = ds.Metadata.Namespace,
                Labels = labels,
                Annotations = ds.Metadata.Annotations is { } annotations ? new Dictionary<string, string>(annotations, StringComparer.Ordinal) : null,
                OwnerReferences = [OwnerReferences.NewControllerRef(ds.Metadata, ApiVersion, Kind)],
            },
            Data = new RawExtension(patch),
            Revision = revision,
        };
        var revisionClient = Context.Client.Resource<ControllerRevision>(ds.Metadata.Namespace);
        try
        {
            return await revisionClient.CreateAsync(history, cancellationToken: cancellationToken);
        }
        catch (KubeApiException e) when (e.IsAlreadyExists)
        {
            var existing = await revisionClient.GetAsync(history.Metadata.Name, cancellationToken: cancellationToken);
            if (Match(ds, existing, patch))
            {
                return existing;
            }
            var dsClient = Context.Client.Resource<Api.Apps.V1.DaemonSet>(ds.Metadata.Namespace);
            var live = await dsClient.GetAsync(ds.Metadata.Name, cancellationToken: cancellationToken);
            if (live.Status.CollisionCount != ds.Status.CollisionCount)
            {
                throw new InvalidOperationException($"found a stale collision count ({ds.Status.CollisionCount}, expected {live.Status.CollisionCount}) of DaemonSet \"{ds.Metadata.Name}\" while processing; will retry until it is updated", e);
            }
            var collisionCount = (live.Status.CollisionCount ?? 0) + 1;
            live.Status.CollisionCount = collisionCount;
            await dsClient.UpdateStatusAsync(live, cancellationToken: cancellationToken);
            LogCollision(Logger, ds.Metadata.Name, collisionCount);
            throw;
        }
    }

    /// <summary>
    /// Upstream's cleanupHistory: old revisions beyond revisionHistoryLimit go, lowest number first, except those some
    /// pod (also a terminated one) still carries the hash of.
    /// </summary>
    private async Task CleanupHistoryAsync(Api.Apps.V1.DaemonSet ds, List<ControllerRevision> old, CancellationToken cancellationToken)
    {
        var toKill = old.Count - (ds.Spec.RevisionHistoryLimit ?? 10);
        if (toKill <= 0)
        {
            return;
        }
        var nodeToDaemonPods = await NodesToDaemonPodsAsync(ds, includeDeletedTerminal: true, cancellationToken);
        var liveHashes = nodeToDaemonPods.Values.SelectMany(p => p)
            .Select(p => p.Metadata.Labels?.GetValueOrDefault(ControllerRevisionHashLabel))
            .Where(h => !string.IsNullOrEmpty(h))
            .ToHashSet(StringComparer.Ordinal);
        var revisionClient = Context.Client.Resource<ControllerRevision>(ds.Metadata.Namespace);
        foreach (var history in History.ControllerHistory.Sorted(old))
        {
            if (toKill <= 0)
            {
                break;
            }
            if (history.Metadata.Labels?.GetValueOrDefault(ControllerRevisionHashLabel) is { } h && liveHashes.Contains(h))
            {
                continue;
            }
            try
            {
                await revisionClient.DeleteAsync(history.Metadata.Name, cancellationToken: cancellationToken);
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
            }
            toKill--;
        }
    }

    /// <summary>
    /// Upstream's updateDaemonSetStatus: per node that should run a pod, whether one is scheduled there, and the
    /// oldest one's readiness, availability and revision; pods on other nodes are misscheduled.
    /// </summary>
    private async Task UpdateStatusAsync(Api.Apps.V1.DaemonSet ds, IReadOnlyList<Node> nodes, string hash, bool updateObservedGeneration, RequeueAfter requeue, CancellationToken cancellationToken)
    {
        var nodeToDaemonPods = await NodesToDaemonPodsAsync(ds, includeDeletedTerminal: false, cancellationToken);
        var now = Context.Clock.GetUtcNow();
        var generation = GetTemplateGeneration(ds);
        var eligibility = EligibilityOf(ds);
        int desired = 0, current = 0, misscheduled = 0, ready = 0, updated = 0, available = 0;
        foreach (var node in nodes)
        {
            var shouldRun = eligibility.Evaluate(node).ShouldRun;
            var scheduled = nodeToDaemonPods.TryGetValue(node.Metadata.Name, out var pods) && pods.Count > 0;
            if (!shouldRun)
            {
                if (scheduled)
                {
                    misscheduled++;
                }
                continue;
            }
            desired++;
            if (!scheduled)
            {
                continue;
            }
            current++;
            pods!.Sort(CompareByCreationTimestampAndPhase);
            var pod = pods[0];
            if (PodUtil.IsReady(pod))
            {
                ready++;
                if (PodUtil.IsAvailable(pod, ds.Spec.MinReadySeconds, now))
                {
                    available++;
                }
            }
            if (IsPodUpdated(pod, hash, generation))
            {
                updated++;
            }
        }
        var status = new DaemonSetStatus
        {
            DesiredNumberScheduled = desired,
            CurrentNumberScheduled = current,
            NumberMisscheduled = misscheduled,
            NumberReady = ready,
            UpdatedNumberScheduled = updated,
            NumberAvailable = available,
            NumberUnavailable = desired - available,
        };
        await StoreStatusAsync(ds, status, updateObservedGeneration, cancellationToken);
        if (ds.Spec.MinReadySeconds > 0 && ready != available)
        {
            requeue.At(TimeSpan.FromSeconds(ds.Spec.MinReadySeconds));
        }
    }

    /// <summary>Upstream's storeDaemonSetStatus: nothing when unchanged, else one retry on a fresh read.</summary>
    private async Task StoreStatusAsync(Api.Apps.V1.DaemonSet ds, DaemonSetStatus status, bool updateObservedGeneration, CancellationToken cancellationToken)
    {
        var s = ds.Status;
        if (s.DesiredNumberScheduled == status.DesiredNumberScheduled && s.CurrentNumberScheduled == status.CurrentNumberScheduled
            && s.NumberMisscheduled == status.NumberMisscheduled && s.NumberReady == status.NumberReady
            && s.UpdatedNumberScheduled == status.UpdatedNumberScheduled && s.NumberAvailable == status.NumberAvailable
            && s.NumberUnavailable == status.NumberUnavailable && s.ObservedGeneration >= ds.Metadata.Generation)
        {
            return;
        }
        var client = Context.Client.Resource<Api.Apps.V1.DaemonSet>(ds.Metadata.Namespace);
        var toUpdate = ds.DeepCopy();
        for (var attempt = 0; ; attempt++)
        {
            if (updateObservedGeneration)
            {
                toUpdate.Status.ObservedGeneration = ds.Metadata.Generation;
            }
            toUpdate.Status.DesiredNumberScheduled = status.DesiredNumberScheduled;
            toUpdate.Status.CurrentNumberScheduled = status.CurrentNumberScheduled;
            toUpdate.Status.NumberMisscheduled = status.NumberMisscheduled;
            toUpdate.Status.NumberReady = status.NumberReady;
            toUpdate.Status.UpdatedNumberScheduled = status.UpdatedNumberScheduled;
            toUpdate.Status.NumberAvailable = status.NumberAvailable;
            toUpdate.Status.NumberUnavailable = status.NumberUnavailable;
            try
            {
                await client.UpdateStatusAsync(toUpdate, cancellationToken: cancellationToken);
                return;
            }
            catch (KubeApiException e) when (attempt == 0 && e.IsConflict)
            {
                toUpdate = await client.GetAsync(ds.Metadata.Name, cancellationToken: cancellationToken);
                if (toUpdate.Metadata.Uid != ds.Metadata.Uid)
                {
                    return;
                }
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "daemon set {Key}: failed to update status: {Message}")]
    private static partial void LogStatusFailed(ILogger logger, string key, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "daemon set {Key}: hash collision, collisionCount now {Count}")]
    private static partial void LogCollision(ILogger logger, string key, int count);
}
