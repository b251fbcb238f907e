using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using KubeSharp.Api;
using KubeSharp.Api.Apps.V1;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Scheduling;
using KubeSharp.Api.Serialization;
using KubeSharp.Controllers.Replication;

namespace KubeSharp.Controllers.DaemonSet;

/// <summary>
/// The DaemonSet controller's pure parts (upstream pkg/controller/daemon/util and the pure halves of
/// daemon_controller.go / update.go): which nodes should run a daemon pod, the pod template with the default
/// tolerations and the per-node affinity, which pods are up to date, the rolling-update arithmetic and the
/// ControllerRevision data.
/// </summary>
public static class DaemonSetUtil
{
    /// <summary>The pod and revision label carrying the template hash (apps.DefaultDaemonSetUniqueLabelKey).</summary>
    public const string ControllerRevisionHashLabel = "controller-revision-hash";

    /// <summary>The pod label carrying the deprecated template generation (extensions.DaemonSetTemplateGenerationKey).</summary>
    public const string TemplateGenerationLabel = "pod-template-generation";

    /// <summary>The DaemonSet annotation with the deprecated template generation (apps.DeprecatedTemplateGeneration).</summary>
    public const string DeprecatedTemplateGenerationAnnotation = "deprecated.daemonset.template.generation";

    /// <summary>The only matchFields key: a node's name.</summary>
    public const string NodeNameField = "metadata.name";

    private static readonly ConditionalWeakTable<Api.Apps.V1.DaemonSet, NodeEligibility> EligibilityCache = [];

    /// <summary>The template generation from the deprecated annotation; null when absent or unparsable (upstream ignores the error).</summary>
    public static long? GetTemplateGeneration(Api.Apps.V1.DaemonSet ds)
    {
        ArgumentNullException.ThrowIfNull(ds);
        return ds.Metadata.Annotations?.GetValueOrDefault(DeprecatedTemplateGenerationAnnotation) is { } text
            && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var generation)
            ? generation
            : null;
    }

    /// <summary>
    /// Upstream's AddOrUpdateDaemonPodTolerations: daemon pods survive not-ready/unreachable (NoExecute, forever) and
    /// schedule despite disk/memory/pid pressure and unschedulable (NoSchedule), and network-unavailable with
    /// hostNetwork.
    /// </summary>
    public static void AddOrUpdateDaemonPodTolerations(PodSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        AddOrUpdateToleration(spec, new Toleration { Key = "node.kubernetes.io/not-ready", Operator = "Exists", Effect = "NoExecute" });
        AddOrUpdateToleration(spec, new Toleration { Key = "node.kubernetes.io/unreachable", Operator = "Exists", Effect = "NoExecute" });
        AddOrUpdateToleration(spec, new Toleration { Key = "node.kubernetes.io/disk-pressure", Operator = "Exists", Effect = "NoSchedule" });
        AddOrUpdateToleration(spec, new Toleration { Key = "node.kubernetes.io/memory-pressure", Operator = "Exists", Effect = "NoSchedule" });
        AddOrUpdateToleration(spec, new Toleration { Key = "node.kubernetes.io/pid-pressure", Operator = "Exists", Effect = "NoSchedule" });
        AddOrUpdateToleration(spec, new Toleration { Key = "node.kubernetes.io/unschedulable", Operator = "Exists", Effect = "NoSchedule" });
        if (spec.HostNetwork)
        {
            AddOrUpdateToleration(spec, new Toleration { Key = "node.kubernetes.io/network-unavailable", Operator = "Exists", Effect = "NoSchedule" });
        }
    }

    /// <summary>
    /// Upstream's AddOrUpdateTolerationInPodSpec: a toleration with the same key, operator, value and effect is
    /// replaced (so tolerationSeconds goes away), otherwise the toleration is appended. Returns whether anything changed.
    /// </summary>
    public static bool AddOrUpdateToleration(PodSpec spec, Toleration toleration)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(toleration);
        var result = new List<Toleration>();
        var updated = false;
        foreach (var existing in spec.Tolerations ?? [])
        {
            if (existing.Key == toleration.Key && existing.Effect == toleration.Effect && existing.Operator == toleration.Operator && existing.Value == toleration.Value)
            {
                if (existing.TolerationSeconds == toleration.TolerationSeconds)
                {
                    return false;
                }
                result.Add(toleration);
                updated = true;
                continue;
            }
            result.Add(existing);
        }
        if (!updated)
        {
            result.Add(toleration);
        }
        spec.Tolerations = result;
        return true;
    }

    /// <summary>
    /// Upstream's CreatePodTemplate: a copy of the template with the default daemon tolerations, the template
    /// generation label (when the DaemonSet has one) and the controller-revision-hash label.
    /// </summary>
    public static PodTemplateSpec CreatePodTemplate(PodTemplateSpec template, long? generation, string hash)
    {
        ArgumentNullException.ThrowIfNull(template);
        var copy = template.DeepCopy();
        AddOrUpdateDaemonPodTolerations(copy.Spec);
        copy.Metadata.Labels ??= [];
        if (generation is { } g)
        {
            copy.Metadata.Labels[TemplateGenerationLabel] = g.ToString(CultureInfo.InvariantCulture);
        }
        if (hash.Length > 0)
        {
            copy.Metadata.Labels[ControllerRevisionHashLabel] = hash;
        }
        return copy;
    }

    /// <summary>
    /// Upstream's ReplaceDaemonSetPodNodeNameNodeAffinity: the required node affinity becomes the single term
    /// <c>metadata.name In [nodeName]</c> (the rest of the affinity is kept), so the scheduler binds the pod there.
    /// </summary>
    public static Affinity ReplaceDaemonSetPodNodeNameNodeAffinity(Affinity? affinity, string nodeName)
    {
        var terms = new List<NodeSelectorTerm>
        {
            new() { MatchFields = [new NodeSelectorRequirement { Key = NodeNameField, Operator = "In", Values = [nodeName] }] },
        };
        affinity ??= new Affinity();
        affinity.NodeAffinity ??= new NodeAffinity();
        affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution ??= new NodeSelector();
        affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms = terms;
        return affinity;
    }

    /// <summary>
    /// Upstream's GetTargetNodeName: spec.nodeName, else the single value of a <c>metadata.name In</c> matchFields
    /// requirement of the required node affinity; null when there is neither (or it names several nodes).
    /// </summary>
    public static string? GetTargetNodeName(Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        if (pod.Spec.NodeName.Length > 0)
        {
            return pod.Spec.NodeName;
        }
        foreach (var term in pod.Spec.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution?.NodeSelectorTerms ?? [])
        {
            foreach (var requirement in term.MatchFields ?? [])
            {
                if (requirement.Key == NodeNameField && requirement.Operator == "In")
                {
                    return requirement.Values is [var only] ? only : null;
                }
            }
        }
        return null;
    }

    /// <summary>Upstream's IsPodUpdated: the pod carries the current hash, or the current template generation.</summary>
    public static bool IsPodUpdated(Pod pod, string hash, long? generation)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var labels = pod.Metadata.Labels;
        var templateMatches = generation is { } g && labels?.GetValueOrDefault(TemplateGenerationLabel) == g.ToString(CultureInfo.InvariantCulture);
        var hashMatches = hash.Length > 0 && labels?.GetValueOrDefault(ControllerRevisionHashLabel) == hash;
        return hashMatches || templateMatches;
    }

    /// <summary>Upstream's SurgeCount: maxSurge scaled to <paramref name="numberToSchedule"/> (rounded up); 0 unless RollingUpdate with maxSurge.</summary>
    /// <exception cref="FormatException">maxSurge is not a number or a percentage.</exception>
    public static int SurgeCount(Api.Apps.V1.DaemonSet ds, int numberToSchedule)
    {
        ArgumentNullException.ThrowIfNull(ds);
        if (ds.Spec.UpdateStrategy.Type != DaemonSetUpdateStrategyType.RollingUpdateDaemonSetStrategyType || ds.Spec.UpdateStrategy.RollingUpdate?.MaxSurge is not { } surge)
        {
            return 0;
        }
        return (int)IntOrString.GetScaledValueFromIntOrPercent(surge, numberToSchedule, roundUp: true);
    }

    /// <summary>Upstream's UnavailableCount: maxUnavailable scaled to <paramref name="numberToSchedule"/> (rounded up); 0 unless RollingUpdate.</summary>
    /// <exception cref="FormatException">maxUnavailable is absent, or not a number or a percentage.</exception>
    public static int UnavailableCount(Api.Apps.V1.DaemonSet ds, int numberToSchedule)
    {
        ArgumentNullException.ThrowIfNull(ds);
        if (ds.Spec.UpdateStrategy.Type != DaemonSetUpdateStrategyType.RollingUpdateDaemonSetStrategyType || ds.Spec.UpdateStrategy.RollingUpdate is not { } rolling)
        {
            return 0;
        }
        return (int)IntOrString.GetScaledValueFromIntOrPercent(rolling.MaxUnavailable, numberToSchedule, roundUp: true);
    }

    /// <summary>Upstream's AllowsSurge: a RollingUpdate with a maxSurge that is more than 0 for one node.</summary>
    public static bool AllowsSurge(Api.Apps.V1.DaemonSet ds)
    {
        try
        {
            return SurgeCount(ds, 1) > 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>
    /// Upstream's NewPod: the pod the DaemonSet would run on <paramref name="nodeName"/> as the predicates see it
    /// (template metadata and spec, the node name, the default daemon tolerations).
    /// </summary>
    public static Pod NewPod(Api.Apps.V1.DaemonSet ds, string nodeName)
    {
        ArgumentNullException.ThrowIfNull(ds);
        var template = ds.Spec.Template.DeepCopy();
        var pod = new Pod { Metadata = template.Metadata, Spec = template.Spec };
        pod.Metadata.Namespace = ds.Metadata.Namespace;
        pod.Spec.NodeName = nodeName;
        AddOrUpdateDaemonPodTolerations(pod.Spec);
        return pod;
    }

    /// <summary>
    /// Upstream's NodeShouldRunDaemonPod: ShouldRun when a new daemon pod belongs on the node (node name, nodeSelector
    /// and required node affinity, no untolerated NoSchedule/NoExecute taint); ShouldContinueRunning when an existing
    /// one may stay (the same, except that only untolerated NoExecute taints evict).
    /// </summary>
    public static (bool ShouldRun, bool ShouldContinueRunning) NodeShouldRunDaemonPod(Node node, Api.Apps.V1.DaemonSet ds)
        => EligibilityOf(ds).Evaluate(node);

    /// <summary>The compiled predicates of a DaemonSet object (cached per object instance, which informers never mutate).</summary>
    public static NodeEligibility EligibilityOf(Api.Apps.V1.DaemonSet ds)
    {
        ArgumentNullException.ThrowIfNull(ds);
        return EligibilityCache.GetValue(ds, static d => new NodeEligibility(d));
    }

    /// <summary>The predicates of one DaemonSet, compiled once and evaluated per node.</summary>
    public sealed class NodeEligibility
    {
        private readonly string _templateNodeName;
        private readonly RequiredNodeAffinity _affinity;
        private readonly List<Toleration>? _tolerations;

        internal NodeEligibility(Api.Apps.V1.DaemonSet ds)
        {
            var pod = NewPod(ds, "");
            _templateNodeName = ds.Spec.Template.Spec.NodeName;
            _affinity = new RequiredNodeAffinity(pod);
            _tolerations = pod.Spec.Tolerations;
        }

        /// <summary>See <see cref="NodeShouldRunDaemonPod"/>.</summary>
        public (bool ShouldRun, bool ShouldContinueRunning) Evaluate(Node node)
        {
            ArgumentNullException.ThrowIfNull(node);
            if (_templateNodeName.Length > 0 && _templateNodeName != node.Metadata.Name)
            {
                return (false, false);
            }
            if (!_affinity.Match(node))
            {
                return (false, false);
            }
            if (Tolerations.FindUntoleratedDoNotScheduleTaint(node.Spec.Taints, _tolerations) is not null)
            {
                // Scheduled daemon pods keep running unless a NoExecute taint is not tolerated.
                var evicting = Tolerations.FindMatchingUntoleratedTaint(node.Spec.Taints, _tolerations, static t => t.Effect == "NoExecute");
                return (false, evicting is null);
            }
            return (true, true);
        }
    }

    /// <summary>
    /// Upstream's podByCreationTimestampAndPhase: scheduled pods first, then older first, then by name.
    /// </summary>
    public static int CompareByCreationTimestampAndPhase(Pod a, Pod b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var aScheduled = a.Spec.NodeName.Length > 0;
        var bScheduled = b.Spec.NodeName.Length > 0;
        if (aScheduled != bScheduled)
        {
            return aScheduled ? -1 : 1;
        }
        if (a.Metadata.CreationTimestamp == b.Metadata.CreationTimestamp)
        {
            return string.CompareOrdinal(a.Metadata.Name, b.Metadata.Name);
        }
        return a.Metadata.CreationTimestamp.CompareTo(b.Metadata.CreationTimestamp);
    }

    /// <summary>
    /// Upstream's podsShouldBeOnNode for one node: whether a pod must be created there and which pods to delete.
    /// Failed pods are deleted when <paramref name="mayDeleteFailedPod"/> allows it (the controller's backoff), succeeded
    /// ones always; without surge all running pods but the oldest go; with surge one old and one new pod may coexist
    /// while the new one is not yet available.
    /// </summary>
    public static (bool CreateOnNode, List<Pod> PodsToDelete) PodsShouldBeOnNode(
        Node node, IReadOnlyList<Pod>? daemonPods, Api.Apps.V1.DaemonSet ds, string hash, DateTimeOffset now, Func<Pod, bool> mayDeleteFailedPod)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(ds);
        ArgumentNullException.ThrowIfNull(mayDeleteFailedPod);
        var (shouldRun, shouldContinueRunning) = NodeShouldRunDaemonPod(node, ds);
        var toDelete = new List<Pod>();
        var exists = daemonPods is not null;
        if (shouldRun && !exists)
        {
            return (true, toDelete);
        }
        if (shouldContinueRunning)
        {
            var running = new List<Pod>();
            foreach (var pod in daemonPods ?? [])
            {
                if (pod.Metadata.DeletionTimestamp is not null)
                {
                    continue;
                }
                if (pod.Status.Phase == "Failed")
                {
                    if (mayDeleteFailedPod(pod))
                    {
                        toDelete.Add(pod);
                    }
                    continue;
                }
                if (pod.Status.Phase == "Succeeded")
                {
                    toDelete.Add(pod);
                    continue;
                }
                running.Add(pod);
            }
            running.Sort(CompareByCreationTimestampAndPhase);
            if (!AllowsSurge(ds))
            {
                // Keep the oldest running pod.
                toDelete.AddRange(running.Skip(1));
                return (false, toDelete);
            }
            if (running.Count <= 1)
            {
                return (running.Count == 0 && shouldRun, toDelete);
            }
            // Surge: keep the oldest new and the oldest old pod, and the old one only while the new one is not yet
            // available and the old one still ready.
            Pod? oldestNew = null, oldestOld = null;
            foreach (var pod in running)
            {
                if (pod.Metadata.Labels?.GetValueOrDefault(ControllerRevisionHashLabel) == hash)
                {
                    if (oldestNew is null)
                    {
                        oldestNew = pod;
                        continue;
                    }
                }
                else if (oldestOld is null)
                {
                    oldestOld = pod;
                    continue;
                }
                toDelete.Add(pod);
            }
            if (oldestNew is not null && oldestOld is not null
                && (!PodUtil.IsReady(oldestOld) || PodUtil.IsAvailable(oldestNew, ds.Spec.MinReadySeconds, now)))
            {
                toDelete.Add(oldestOld);
            }
            return (false, toDelete);
        }
        if (exists)
        {
            // The node does not qualify any more: every daemon pod there goes.
            toDelete.AddRange((daemonPods ?? []).Where(p => p.Metadata.DeletionTimestamp is null));
        }
        return (false, toDelete);
    }

    /// <summary>
    /// Upstream's findUpdatedPodsOnNode: the node's one up-to-date and one out-of-date pod (not being deleted), or
    /// Ok=false when there are several of either (the manage loop prunes them first).
    /// </summary>
    public static (Pod? NewPod, Pod? OldPod, bool Ok) FindUpdatedPodsOnNode(Api.Apps.V1.DaemonSet ds, IReadOnlyList<Pod>? podsOnNode, string hash)
    {
        ArgumentNullException.ThrowIfNull(ds);
        Pod? newPod = null, oldPod = null;
        var generation = GetTemplateGeneration(ds);
        foreach (var pod in podsOnNode ?? [])
        {
            if (pod.Metadata.DeletionTimestamp is not null)
            {
                continue;
            }
            if (IsPodUpdated(pod, hash, generation))
            {
                if (newPod is not null)
                {
                    return (null, null, false);
                }
                newPod = pod;
            }
            else
            {
                if (oldPod is not null)
                {
                    return (null, null, false);
                }
                oldPod = pod;
            }
        }
        return (newPod, oldPod, true);
    }

    /// <summary>
    /// Upstream's updatedDesiredNodeCounts: the desired number of scheduled pods (nodes that should run one), maxSurge
    /// and maxUnavailable scaled to it (unavailability 1 when both are 0), and an empty entry in
    /// <paramref name="nodeToDaemonPods"/> for every desired node without pods.
    /// </summary>
    /// <exception cref="FormatException">maxSurge or maxUnavailable is invalid.</exception>
    public static (int MaxSurge, int MaxUnavailable, int DesiredNumberScheduled) UpdatedDesiredNodeCounts(
        Api.Apps.V1.DaemonSet ds, IEnumerable<Node> nodes, Dictionary<string, List<Pod>> nodeToDaemonPods)
    {
        ArgumentNullException.ThrowIfNull(ds);
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(nodeToDaemonPods);
        var desired = 0;
        var eligibility = EligibilityOf(ds);
        foreach (var node in nodes)
        {
            if (!eligibility.Evaluate(node).ShouldRun)
            {
                continue;
            }
            desired++;
            nodeToDaemonPods.TryAdd(node.Metadata.Name, []);
        }
        var maxUnavailable = UnavailableCount(ds, desired);
        var maxSurge = SurgeCount(ds, desired);
        if (desired > 0 && maxUnavailable == 0 && maxSurge == 0)
        {
            maxUnavailable = 1;
        }
        return (maxSurge, maxUnavailable, desired);
    }

    /// <summary>
    /// Upstream's rollingUpdate decision (pure): without surge, delete out-of-date pods so that at most maxUnavailable
    /// nodes lack an available pod (unavailable old pods are replaced at once) and let the manage loop create the new
    /// ones; with surge, create new pods next to old ones on at most maxSurge nodes at a time (at once where the old pod
    /// is unavailable) and delete an old pod once its replacement is available. Nodes are visited in name order.
    /// </summary>
    /// <param name="ds">The DaemonSet.</param>
    /// <param name="nodeToDaemonPods">Pods by target node, with an (empty) entry for every desired node.</param>
    /// <param name="shouldRun">Whether a node (by name) should run a daemon pod.</param>
    /// <param name="hash">The current revision's hash.</param>
    /// <param name="counts">From <see cref="UpdatedDesiredNodeCounts"/>.</param>
    /// <param name="now">The clock, for minReadySeconds.</param>
    public static (List<string> PodsToDelete, List<string> NodesToCreate) PlanRollingUpdate(
        Api.Apps.V1.DaemonSet ds,
        IReadOnlyDictionary<string, List<Pod>> nodeToDaemonPods,
        Func<string, bool> shouldRun,
        string hash,
        (int MaxSurge, int MaxUnavailable, int DesiredNumberScheduled) counts,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(ds);
        ArgumentNullException.ThrowIfNull(nodeToDaemonPods);
        ArgumentNullException.ThrowIfNull(shouldRun);
        var minReady = ds.Spec.MinReadySeconds;
        var nodeNames = nodeToDaemonPods.Keys.Order(StringComparer.Ordinal).ToList();
        if (counts.MaxSurge == 0)
        {
            var numUnavailable = 0;
            var allowedReplacements = new List<string>();
            var candidates = new List<string>();
            foreach (var nodeName in nodeNames)
            {
                var (newPod, oldPod, ok) = FindUpdatedPodsOnNode(ds, nodeToDaemonPods[nodeName], hash);
                if (!ok)
                {
                    numUnavailable++;
                    continue;
                }
                if ((oldPod is null && newPod is null) || (oldPod is not null && newPod is not null))
                {
                    numUnavailable++;
                }
                else if (newPod is not null)
                {
                    if (!PodUtil.IsAvailable(newPod, minReady, now))
                    {
                        numUnavailable++;
                    }
                }
                else if (!PodUtil.IsAvailable(oldPod!, minReady, now))
                {
                    allowedReplacements.Add(oldPod!.Metadata.Name);
                    numUnavailable++;
                }
                else if (numUnavailable < counts.MaxUnavailable)
                {
                    candidates.Add(oldPod!.Metadata.Name);
                }
            }
            var remaining = Math.Clamp(counts.MaxUnavailable - numUnavailable, 0, candidates.Count);
            return ([.. allowedReplacements, .. candidates.Take(remaining)], []);
        }

        var oldPodsToDelete = new List<string>();
        var shouldNotRunPodsToDelete = new List<string>();
        var candidateNewNodes = new List<string>();
        var allowedNewNodes = new List<string>();
        var numSurge = 0;
        var numAvailable = 0;
        foreach (var nodeName in nodeNames)
        {
            var (newPod, oldPod, ok) = FindUpdatedPodsOnNode(ds, nodeToDaemonPods[nodeName], hash);
            if (!ok)
            {
                numSurge++;
                continue;
            }
            if (oldPod is not null)
            {
                if (PodUtil.IsAvailable(oldPod, minReady, now))
                {
                    numAvailable++;
                }
            }
            else if (newPod is not null && PodUtil.IsAvailable(newPod, minReady, now))
            {
                numAvailable++;
            }
            if (oldPod is null)
            {
                continue;
            }
            if (newPod is null)
            {
                if (!PodUtil.IsAvailable(oldPod, minReady, now))
                {
                    if (!shouldRun(nodeName))
                    {
                        oldPodsToDelete.Add(oldPod.Metadata.Name);
                        continue;
                    }
                    allowedNewNodes.Add(nodeName);
                }
                else
                {
                    if (!shouldRun(nodeName))
                    {
                        shouldNotRunPodsToDelete.Add(oldPod.Metadata.Name);
                        continue;
                    }
                    if (numSurge >= counts.MaxSurge)
                    {
                        continue;
                    }
                    candidateNewNodes.Add(nodeName);
                }
                continue;
            }
            // Already surged here: wait for the new pod, then retire the old one.
            if (!PodUtil.IsAvailable(newPod, minReady, now))
            {
                numSurge++;
                continue;
            }
            oldPodsToDelete.Add(oldPod.Metadata.Name);
        }
        // With surge the owner expects full availability: a pod on a node that no longer qualifies goes only once
        // enough pods are available elsewhere.
        var deletable = Math.Min(numAvailable - counts.DesiredNumberScheduled, shouldNotRunPodsToDelete.Count);
        if (deletable > 0)
        {
            oldPodsToDelete.AddRange(shouldNotRunPodsToDelete.Take(deletable));
        }
        var remainingSurge = Math.Clamp(counts.MaxSurge - numSurge, 0, candidateNewNodes.Count);
        return (oldPodsToDelete, [.. allowedNewNodes, .. candidateNewNodes.Take(remainingSurge)]);
    }

    /// <summary>
    /// Upstream's getPatch: the revision data, a strategic merge patch that restores the template,
    /// <c>{"spec":{"template":{...,"$patch":"replace"}}}</c>, in the bytes Go's map round trip writes (kubectl compares
    /// them byte for byte in <c>rollout undo</c>).
    /// </summary>
    public static byte[] GetPatch(Api.Apps.V1.DaemonSet ds)
    {
        ArgumentNullException.ThrowIfNull(ds);
        var template = JsonNode.Parse(KubeJson.SerializeToUtf8Bytes(ds.Spec.Template))!.AsObject();
        // Go writes a zero metav1.Time as null (omitempty never drops a struct); KubeJson omits it.
        if (template["metadata"] is JsonObject metadata && !metadata.ContainsKey("creationTimestamp"))
        {
            metadata["creationTimestamp"] = null;
        }
        template["$patch"] = "replace";
        var patch = new JsonObject { ["spec"] = new JsonObject { ["template"] = template } };
        return GoJsonMap.Reencode(System.Text.Encoding.UTF8.GetBytes(patch.ToJsonString()));
    }

    /// <summary>
    /// Upstream's Match: the revision holds the DaemonSet's current template patch (byte for byte as upstream, or the
    /// same JSON should a server have re-encoded the stored data).
    /// </summary>
    public static bool Match(Api.Apps.V1.DaemonSet ds, ControllerRevision revision, byte[]? patch = null)
    {
        ArgumentNullException.ThrowIfNull(revision);
        patch ??= GetPatch(ds);
        if (revision.Data.Raw is not { } raw)
        {
            return false;
        }
        if (raw.AsSpan().SequenceEqual(patch))
        {
            return true;
        }
        try
        {
            return JsonNode.DeepEquals(JsonNode.Parse(raw), JsonNode.Parse(patch));
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    /// <summary>The template hash naming revisions and labelling pods (upstream's controller.ComputeHash).</summary>
    public static string ComputeHash(PodTemplateSpec template, int? collisionCount)
        => Deployment.DeploymentUtil.ComputeHash(template, collisionCount);
}
