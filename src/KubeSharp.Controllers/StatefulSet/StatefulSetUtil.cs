using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KubeSharp.Api;
using KubeSharp.Api.Apps.V1;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Meta.V1;
using KubeSharp.Api.Serialization;
using KubeSharp.Controllers.History;
using KubeSharp.Controllers.Infrastructure;
using KubeSharp.Controllers.Replication;
using Sts = KubeSharp.Api.Apps.V1.StatefulSet;

namespace KubeSharp.Controllers.StatefulSet;

/// <summary>
/// Upstream's stateful_set_utils as pure functions: ordinals and stable identities (<c>set-N</c>, hostname, subdomain,
/// the pod-name and pod-index labels), claims from volumeClaimTemplates (<c>template-set-N</c>) and the ownerReferences
/// the PVC retention policy asks for, the revision data (<c>{"spec":{"template":{...,"$patch":"replace"}}}</c>) and
/// applying it back, versioned pods (partition), status counting and completion of a rolling update.
/// </summary>
public static partial class StatefulSetUtil
{
    /// <summary>The label carrying a pod's name (apps.StatefulSetPodNameLabel).</summary>
    public const string PodNameLabel = "statefulset.kubernetes.io/pod-name";

    /// <summary>The label carrying a pod's ordinal (apps.PodIndexLabel, feature PodIndexLabel on since 1.28).</summary>
    public const string PodIndexLabel = "apps.kubernetes.io/pod-index";

    /// <summary>The label carrying the name of a pod's ControllerRevision (apps.StatefulSetRevisionLabel).</summary>
    public const string RevisionLabel = "controller-revision-hash";

    /// <summary>The StatefulSet kind.</summary>
    public const string Kind = "StatefulSet";

    /// <summary>The StatefulSet apiVersion.</summary>
    public const string ApiVersion = "apps/v1";

    private const string Retain = PersistentVolumeClaimRetentionPolicyType.RetainPersistentVolumeClaimRetentionPolicyType;
    private const string Delete = PersistentVolumeClaimRetentionPolicyType.DeletePersistentVolumeClaimRetentionPolicyType;

    [GeneratedRegex("^(.*)-([0-9]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex StatefulPodRegex();

    /// <summary>
    /// The parent's name and the ordinal in a pod name (getParentNameAndOrdinal): <c>("", -1)</c> when the name has no
    /// <c>-N</c> suffix, the parent and -1 when N does not fit an int32.
    /// </summary>
    public static (string Parent, int Ordinal) ParentAndOrdinal(string podName)
    {
        var match = StatefulPodRegex().Match(podName);
        if (!match.Success)
        {
            return ("", -1);
        }
        var ordinal = int.TryParse(match.Groups[2].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : -1;
        return (match.Groups[1].Value, ordinal);
    }

    /// <summary>The pod's ordinal, -1 for none.</summary>
    public static int Ordinal(Pod pod) => ParentAndOrdinal(pod.Metadata.Name).Ordinal;

    /// <summary>spec.replicas (1 when unset, as defaulting does).</summary>
    public static int Replicas(Sts set) => set.Spec.Replicas ?? 1;

    /// <summary>The first ordinal (spec.ordinals.start, else 0).</summary>
    public static int StartOrdinal(Sts set) => set.Spec.Ordinals?.Start ?? 0;

    /// <summary>The last ordinal (inclusive).</summary>
    public static int EndOrdinal(Sts set) => StartOrdinal(set) + Replicas(set) - 1;

    /// <summary>Whether the pod's ordinal is within [start, end].</summary>
    public static bool InOrdinalRange(Pod pod, Sts set)
    {
        var ordinal = Ordinal(pod);
        return ordinal >= StartOrdinal(set) && ordinal <= EndOrdinal(set);
    }

    /// <summary>The name of the set's pod with <paramref name="ordinal"/>.</summary>
    public static string PodName(Sts set, int ordinal) => set.Metadata.Name + "-" + ordinal.ToString(CultureInfo.InvariantCulture);

    /// <summary>The name of the claim from <paramref name="template"/> for the pod with <paramref name="ordinal"/>.</summary>
    public static string ClaimName(Sts set, PersistentVolumeClaim template, int ordinal)
        => template.Metadata.Name + "-" + set.Metadata.Name + "-" + ordinal.ToString(CultureInfo.InvariantCulture);

    /// <summary>Whether the pod's name makes it a member of the set.</summary>
    public static bool IsMemberOf(Sts set, Pod pod) => ParentAndOrdinal(pod.Metadata.Name).Parent == set.Metadata.Name;

    /// <summary>Whether the pod has the set's identity: name, namespace and pod-name label.</summary>
    public static bool IdentityMatches(Sts set, Pod pod)
    {
        var (parent, ordinal) = ParentAndOrdinal(pod.Metadata.Name);
        return ordinal >= 0
            && parent == set.Metadata.Name
            && pod.Metadata.Name == PodName(set, ordinal)
            && pod.Metadata.Namespace == set.Metadata.Namespace
            && pod.Metadata.Labels?.GetValueOrDefault(PodNameLabel) == pod.Metadata.Name;
    }

    /// <summary>Whether the pod's volumes name the claims of every volumeClaimTemplate.</summary>
    public static bool StorageMatches(Sts set, Pod pod)
    {
        var ordinal = Ordinal(pod);
        if (ordinal < 0)
        {
            return false;
        }
        var volumes = new Dictionary<string, Volume>(StringComparer.Ordinal);
        foreach (var volume in pod.Spec.Volumes ?? [])
        {
            volumes[volume.Name] = volume;
        }
        foreach (var template in set.Spec.VolumeClaimTemplates ?? [])
        {
            if (!volumes.TryGetValue(template.Metadata.Name, out var volume)
                || volume.PersistentVolumeClaim is not { } source
                || source.ClaimName != ClaimName(set, template, ordinal))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The claims of the pod, one per volumeClaimTemplate (getPersistentVolumeClaims), in template order.</summary>
    public static List<(string TemplateName, PersistentVolumeClaim Claim)> Claims(Sts set, Pod pod)
    {
        var ordinal = Ordinal(pod);
        var claims = new List<(string, PersistentVolumeClaim)>();
        foreach (var template in set.Spec.VolumeClaimTemplates ?? [])
        {
            var claim = template.DeepCopy();
            claim.ApiVersion = "v1";
            claim.Kind = "PersistentVolumeClaim";
            claim.Metadata.Name = ClaimName(set, template, ordinal);
            claim.Metadata.Namespace = set.Metadata.Namespace;
            var labels = claim.Metadata.Labels ?? new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, value) in set.Spec.Selector?.MatchLabels ?? [])
            {
                labels[key] = value;
            }
            claim.Metadata.Labels = labels.Count > 0 ? labels : null;
            claims.Add((template.Metadata.Name, claim));
        }
        return claims;
    }

    /// <summary>Points the pod's volumes at its claims, replacing volumes of the templates' names (updateStorage).</summary>
    public static void UpdateStorage(Sts set, Pod pod)
    {
        var claims = Claims(set, pod);
        if (claims.Count == 0)
        {
            return;
        }
        var names = claims.Select(c => c.TemplateName).ToHashSet(StringComparer.Ordinal);
        var volumes = claims.Select(c => new Volume
        {
            Name = c.TemplateName,
            PersistentVolumeClaim = new PersistentVolumeClaimVolumeSource { ClaimName = c.Claim.Metadata.Name },
        }).ToList();
        volumes.AddRange((pod.Spec.Volumes ?? []).Where(v => !names.Contains(v.Name)));
        pod.Spec.Volumes = volumes;
    }

    /// <summary>Name, namespace, and the pod-name and pod-index labels (updateIdentity).</summary>
    public static void UpdateIdentity(Sts set, Pod pod)
    {
        var ordinal = Ordinal(pod);
        pod.Metadata.Name = PodName(set, ordinal);
        pod.Metadata.Namespace = set.Metadata.Namespace;
        pod.Metadata.Labels ??= new Dictionary<string, string>(StringComparer.Ordinal);
        pod.Metadata.Labels[PodNameLabel] = pod.Metadata.Name;
        pod.Metadata.Labels[PodIndexLabel] = ordinal.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The identity plus the immutable hostname and subdomain (serviceName), set only at creation.</summary>
    public static void InitIdentity(Sts set, Pod pod)
    {
        UpdateIdentity(set, pod);
        pod.Spec.Hostname = pod.Metadata.Name;
        pod.Spec.Subdomain = set.Spec.ServiceName;
    }

    /// <summary>Phase Running and Ready.</summary>
    public static bool IsRunningAndReady(Pod pod) => pod.Status.Phase == "Running" && PodUtil.IsReady(pod);

    /// <summary>Ready for minReadySeconds (podutil.IsPodAvailable).</summary>
    public static bool IsRunningAndAvailable(Pod pod, int minReadySeconds, DateTimeOffset now) => PodUtil.IsAvailable(pod, minReadySeconds, now);

    /// <summary>Created: the API server gave it a phase (our not-yet-created placeholders have none).</summary>
    public static bool IsCreated(Pod pod) => pod.Status.Phase.Length > 0;

    /// <summary>Phase Pending.</summary>
    public static bool IsPending(Pod pod) => pod.Status.Phase == "Pending";

    /// <summary>Phase Failed.</summary>
    public static bool IsFailed(Pod pod) => pod.Status.Phase == "Failed";

    /// <summary>Phase Succeeded.</summary>
    public static bool IsSucceeded(Pod pod) => pod.Status.Phase == "Succeeded";

    /// <summary>Being deleted.</summary>
    public static bool IsTerminating(Pod pod) => pod.Metadata.DeletionTimestamp is not null;

    /// <summary>Not available for minReadySeconds, or being deleted.</summary>
    public static bool IsUnavailable(Pod pod, int minReadySeconds, DateTimeOffset now)
        => !IsRunningAndAvailable(pod, minReadySeconds, now) || IsTerminating(pod);

    /// <summary>podManagementPolicy Parallel.</summary>
    public static bool AllowsBurst(Sts set) => set.Spec.PodManagementPolicy == PodManagementPolicyType.ParallelPodManagement;

    /// <summary>The pod's controller-revision-hash label, "" for none.</summary>
    public static string PodRevision(Pod pod) => pod.Metadata.Labels?.GetValueOrDefault(RevisionLabel) ?? "";

    /// <summary>Sets the pod's controller-revision-hash label.</summary>
    public static void SetPodRevision(Pod pod, string revision)
    {
        pod.Metadata.Labels ??= new Dictionary<string, string>(StringComparer.Ordinal);
        pod.Metadata.Labels[RevisionLabel] = revision;
    }

    /// <summary>
    /// A new pod of the set (newStatefulSetPod over controller.GetPodFromTemplate): the template's labels, annotations,
    /// finalizers and spec, generateName <c>set-</c>, the controller reference, the identity and the claims' volumes.
    /// </summary>
    public static Pod NewPod(Sts set, int ordinal)
    {
        var template = set.Spec.Template.DeepCopy();
        var pod = new Pod { ApiVersion = "v1", Kind = "Pod", Spec = template.Spec };
        pod.Metadata.GenerateName = set.Metadata.Name + "-";
        pod.Metadata.Namespace = set.Metadata.Namespace;
        pod.Metadata.Labels = template.Metadata.Labels;
        pod.Metadata.Annotations = template.Metadata.Annotations;
        pod.Metadata.Finalizers = template.Metadata.Finalizers;
        pod.Metadata.OwnerReferences = [OwnerReferences.NewControllerRef(set.Metadata, ApiVersion, Kind)];
        pod.Metadata.Name = PodName(set, ordinal);
        InitIdentity(set, pod);
        UpdateStorage(set, pod);
        return pod;
    }

    /// <summary>
    /// A new pod at the right revision (newVersionedStatefulSetPod): below the partition (or, without a rollingUpdate,
    /// below start + currentReplicas) from the current revision, otherwise from the update revision.
    /// </summary>
    public static Pod NewVersionedPod(Sts currentSet, Sts updateSet, string currentRevision, string updateRevision, int ordinal)
    {
        var strategy = currentSet.Spec.UpdateStrategy;
        var start = StartOrdinal(currentSet);
        // Go's precedence: (RollingUpdate && rollingUpdate == nil && below current replicas) || (rollingUpdate != nil && below the partition).
        if ((strategy.Type == StatefulSetUpdateStrategyType.RollingUpdateStatefulSetStrategyType
                && strategy.RollingUpdate is null && ordinal < start + currentSet.Status.CurrentReplicas)
            || (strategy.RollingUpdate is not null && ordinal < start + (strategy.RollingUpdate.Partition ?? 0)))
        {
            var current = NewPod(currentSet, ordinal);
            SetPodRevision(current, currentRevision);
            return current;
        }
        var pod = NewPod(updateSet, ordinal);
        SetPodRevision(pod, updateRevision);
        return pod;
    }

    /// <summary>Sorts pods by descending ordinal.</summary>
    public static List<Pod> DescendingOrdinal(IEnumerable<Pod> pods) => [.. pods.OrderByDescending(Ordinal)];

    // ---- PVC retention (StatefulSetAutoDeletePVC, GA in 1.32) ----

    /// <summary>The set's retention policy, Retain/Retain when unset.</summary>
    public static (string WhenDeleted, string WhenScaled) RetentionPolicy(Sts set)
    {
        var policy = set.Spec.PersistentVolumeClaimRetentionPolicy;
        var whenDeleted = policy?.WhenDeleted is { Length: > 0 } d ? d : Retain;
        var whenScaled = policy?.WhenScaled is { Length: > 0 } s ? s : Retain;
        return (whenDeleted, whenScaled);
    }

    private static bool MatchesRef(OwnerReference reference, ObjectMeta obj, string apiVersion, string kind)
        => reference.ApiVersion == apiVersion && reference.Kind == kind && reference.Name == obj.Name;

    private static bool HasOwnerRef(ObjectMeta target, ObjectMeta owner)
        => (target.OwnerReferences ?? []).Any(r => r.Uid == owner.Uid);

    /// <summary>A reference to the object (by name and kind) whose uid is not the object's: left by a previous incarnation.</summary>
    public static bool HasStaleOwnerRef(PersistentVolumeClaim claim, ObjectMeta obj, string apiVersion, string kind)
    {
        foreach (var reference in claim.Metadata.OwnerReferences ?? [])
        {
            if (MatchesRef(reference, obj, apiVersion, kind))
            {
                return reference.Uid != obj.Uid;
            }
        }
        return false;
    }

    private static bool HasUnexpectedController(PersistentVolumeClaim claim, Sts set, Pod pod)
    {
        var (whenDeleted, whenScaled) = RetentionPolicy(set);
        if (whenScaled == Retain && whenDeleted == Retain)
        {
            return false;
        }
        foreach (var reference in claim.Metadata.OwnerReferences ?? [])
        {
            if (MatchesRef(reference, set.Metadata, ApiVersion, Kind))
            {
                if (reference.Uid != set.Metadata.Uid)
                {
                    return true;
                }
                continue;
            }
            if (MatchesRef(reference, pod.Metadata, "v1", "Pod"))
            {
                if (reference.Uid != pod.Metadata.Uid)
                {
                    return true;
                }
                continue;
            }
            if (reference.Controller == true)
            {
                return true;
            }
        }
        return false;
    }

    private static bool HasNonControllerOwner(PersistentVolumeClaim claim, Sts set, Pod pod)
        => (claim.Metadata.OwnerReferences ?? []).Any(r => (r.Uid == set.Metadata.Uid || r.Uid == pod.Metadata.Uid) && r.Controller != true);

    /// <summary>
    /// Whether the claim's ownerReferences agree with the retention policy (isClaimOwnerUpToDate): Retain/Retain none,
    /// whenDeleted=Delete the set, whenScaled=Delete the pod once it is scaled down (and then no longer the set).
    /// Claims with stale references or another controller are left alone.
    /// </summary>
    public static bool IsClaimOwnerUpToDate(PersistentVolumeClaim claim, Sts set, Pod pod)
    {
        if (HasStaleOwnerRef(claim, set.Metadata, ApiVersion, Kind) || HasStaleOwnerRef(claim, pod.Metadata, "v1", "Pod"))
        {
            return true;
        }
        if (HasUnexpectedController(claim, set, pod))
        {
            return !(HasOwnerRef(claim.Metadata, set.Metadata) || HasOwnerRef(claim.Metadata, pod.Metadata));
        }
        if (HasNonControllerOwner(claim, set, pod))
        {
            return false;
        }
        var (whenDeleted, whenScaled) = RetentionPolicy(set);
        var hasSet = HasOwnerRef(claim.Metadata, set.Metadata);
        var hasPod = HasOwnerRef(claim.Metadata, pod.Metadata);
        var scaledDown = !InOrdinalRange(pod, set);
        return (whenScaled, whenDeleted) switch
        {
            (Retain, Delete) => hasSet && !hasPod,
            (Delete, Retain) => !hasSet && scaledDown == hasPod,
            (Delete, Delete) => scaledDown != hasSet && scaledDown == hasPod,
            _ => !hasSet && !hasPod,
        };
    }

    /// <summary>Rewrites the claim's references to the set and the pod as the retention policy asks (updateClaimOwnerRefForSetAndPod).</summary>
    public static void UpdateClaimOwnerRefs(PersistentVolumeClaim claim, Sts set, Pod pod)
    {
        var unexpectedController = HasUnexpectedController(claim, set, pod);
        var references = (claim.Metadata.OwnerReferences ?? [])
            .Where(r => !MatchesRef(r, set.Metadata, ApiVersion, Kind) && !MatchesRef(r, pod.Metadata, "v1", "Pod"))
            .ToList();
        if (!unexpectedController)
        {
            var (whenDeleted, whenScaled) = RetentionPolicy(set);
            var scaledDown = !InOrdinalRange(pod, set);
            if (whenScaled == Delete && scaledDown)
            {
                AddControllerRef(references, pod.Metadata, "v1", "Pod");
            }
            if (whenDeleted == Delete && (whenScaled != Delete || !scaledDown))
            {
                AddControllerRef(references, set.Metadata, ApiVersion, Kind);
            }
        }
        claim.Metadata.OwnerReferences = references.Count > 0 ? references : null;
    }

    private static void AddControllerRef(List<OwnerReference> references, ObjectMeta owner, string apiVersion, string kind)
    {
        if (references.All(r => r.Uid != owner.Uid))
        {
            references.Add(OwnerReferences.NewControllerRef(owner, apiVersion, kind));
        }
    }

    // ---- revisions ----

    /// <summary>
    /// The revision data (getPatch): <c>{"spec":{"template":{...,"$patch":"replace"}}}</c> with every object's keys
    /// sorted, as Go re-marshals the decoded map; kubectl's rollout undo applies it as a strategic merge patch.
    /// </summary>
    public static byte[] RevisionData(Sts set)
    {
        var template = JsonNode.Parse(KubeJson.SerializeToUtf8Bytes(set.Spec.Template))!.AsObject();
        // Go (1.32) encodes a zero metav1.Time as null rather than omitting it: kubectl's own patch of the template,
        // which it compares byte for byte with a revision's data, carries "creationTimestamp":null.
        if (template["metadata"] is JsonObject metadata && !metadata.ContainsKey("creationTimestamp"))
        {
            metadata["creationTimestamp"] = null;
        }
        template["$patch"] = "replace";
        var root = new JsonObject { ["spec"] = new JsonObject { ["template"] = template } };
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, KubeJson.WriterOptions))
        {
            WriteSorted(writer, root);
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteSorted(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(key);
                    WriteSorted(writer, value);
                }
                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    WriteSorted(writer, item);
                }
                writer.WriteEndArray();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }

    /// <summary>A new revision of the set (newRevision): the data, the template's labels, the set's annotations.</summary>
    public static ControllerRevision NewRevision(Sts set, long revision, int? collisionCount)
    {
        var result = ControllerHistory.NewRevision(set.Metadata, ApiVersion, Kind, set.Spec.Template.Metadata.Labels,
            new RawExtension(RevisionData(set)), revision, collisionCount);
        if (set.Metadata.Annotations is { Count: > 0 } annotations)
        {
            result.Metadata.Annotations = new Dictionary<string, string>(annotations, StringComparer.Ordinal);
        }
        return result;
    }

    /// <summary>The set with the revision's template restored (ApplyRevision: the data's template replaces the set's).</summary>
    public static Sts ApplyRevision(Sts set, ControllerRevision revision)
    {
        var clone = set.DeepCopy();
        if (revision.Data.Raw is not { } raw
            || JsonNode.Parse(raw) is not JsonObject root
            || root["spec"] is not JsonObject spec
            || spec["template"] is not JsonObject template)
        {
            return clone;
        }
        template.Remove("$patch");
        clone.Spec.Template = KubeJson.Deserialize<PodTemplateSpec>(template.ToJsonString());
        return clone;
    }

    /// <summary>Whether <paramref name="status"/> differs from the set's (inconsistentStatus).</summary>
    public static bool InconsistentStatus(Sts set, StatefulSetStatus status)
        => status.ObservedGeneration > set.Status.ObservedGeneration
            || status.Replicas != set.Status.Replicas
            || status.CurrentReplicas != set.Status.CurrentReplicas
            || status.ReadyReplicas != set.Status.ReadyReplicas
            || status.UpdatedReplicas != set.Status.UpdatedReplicas
            || status.CurrentRevision != set.Status.CurrentRevision
            || status.AvailableReplicas != set.Status.AvailableReplicas
            || status.UpdateRevision != set.Status.UpdateRevision;

    /// <summary>A finished RollingUpdate (every replica updated and ready) makes the update revision the current one.</summary>
    public static void CompleteRollingUpdate(Sts set, StatefulSetStatus status)
    {
        var replicas = Replicas(set);
        if (set.Spec.UpdateStrategy.Type == StatefulSetUpdateStrategyType.RollingUpdateStatefulSetStrategyType
            && status.UpdatedReplicas == replicas && status.ReadyReplicas == replicas && status.Replicas == replicas)
        {
            status.CurrentReplicas = status.UpdatedReplicas;
            status.CurrentRevision = status.UpdateRevision;
        }
    }

    /// <summary>
    /// Recounts replicas (created), ready (Running and Ready), available, current and updated (created, not terminating,
    /// at that revision) over the pod lists (updateStatus / computeReplicaStatus).
    /// </summary>
    public static void UpdateStatus(StatefulSetStatus status, int minReadySeconds, string currentRevision, string updateRevision, DateTimeOffset now, params IEnumerable<Pod?>[] podLists)
    {
        status.Replicas = 0;
        status.ReadyReplicas = 0;
        status.AvailableReplicas = 0;
        status.CurrentReplicas = 0;
        status.UpdatedReplicas = 0;
        foreach (var list in podLists)
        {
            foreach (var pod in list)
            {
                if (pod is null)
                {
                    continue;
                }
                if (IsCreated(pod))
                {
                    status.Replicas++;
                }
                if (IsRunningAndReady(pod))
                {
                    status.ReadyReplicas++;
                    if (IsRunningAndAvailable(pod, minReadySeconds, now))
                    {
                        status.AvailableReplicas++;
                    }
                }
                if (IsCreated(pod) && !IsTerminating(pod))
                {
                    var revision = PodRevision(pod);
                    if (revision == currentRevision)
                    {
                        status.CurrentReplicas++;
                    }
                    if (revision == updateRevision)
                    {
                        status.UpdatedReplicas++;
                    }
                }
            }
        }
    }
}
