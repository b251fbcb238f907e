using System.Text.Json.Nodes;
using KubeSharp.Api;

namespace KubeSharp.ApiServer.Registry;

/// <summary>What makes an object's metadata.generation grow on update.</summary>
public enum GenerationRule
{
    /// <summary>The kind has no generation: it stays whatever it was (upstream keeps the old value).</summary>
    None,

    /// <summary>1 on create; +1 when the spec changes.</summary>
    Spec,

    /// <summary>1 on create; +1 when the spec or the annotations change (Deployments: annotations are copied to
    /// their ReplicaSets).</summary>
    SpecOrAnnotations,

    /// <summary>1 on create; +1 when anything but metadata changes (webhook configurations: their webhooks).</summary>
    AllButMetadata,

    /// <summary>1 on create; +1 when anything but metadata, or the labels, change (EndpointSlices).</summary>
    AllButMetadataOrLabels,
}

/// <summary>
/// Which kinds have a generation and what bumps it, as upstream v1.32's strategies (pkg/registry/*/strategy.go
/// PrepareForCreate/PrepareForUpdate) set it. Kinds not listed have none: Pods (PodGeneration came in v1.33),
/// Services, Namespaces, ConfigMaps, Secrets, Nodes, volumes and claims, HPAs (HPAGeneration is later), and the rest.
/// </summary>
public static class GenerationRules
{
    private static readonly Dictionary<(string Group, string Kind), GenerationRule> Rules = new()
    {
        [("apps", "Deployment")] = GenerationRule.SpecOrAnnotations,
        [("apps", "ReplicaSet")] = GenerationRule.Spec,
        [("apps", "StatefulSet")] = GenerationRule.Spec,
        [("apps", "DaemonSet")] = GenerationRule.Spec,
        [("", "ReplicationController")] = GenerationRule.Spec,
        [("batch", "Job")] = GenerationRule.Spec,
        [("batch", "CronJob")] = GenerationRule.Spec,
        [("policy", "PodDisruptionBudget")] = GenerationRule.Spec,
        [("networking.k8s.io", "NetworkPolicy")] = GenerationRule.Spec,
        [("networking.k8s.io", "Ingress")] = GenerationRule.Spec,
        [("networking.k8s.io", "IngressClass")] = GenerationRule.Spec,
        [("discovery.k8s.io", "EndpointSlice")] = GenerationRule.AllButMetadataOrLabels,
        [("admissionregistration.k8s.io", "ValidatingWebhookConfiguration")] = GenerationRule.AllButMetadata,
        [("admissionregistration.k8s.io", "MutatingWebhookConfiguration")] = GenerationRule.AllButMetadata,
        [("admissionregistration.k8s.io", "ValidatingAdmissionPolicy")] = GenerationRule.Spec,
        [("admissionregistration.k8s.io", "ValidatingAdmissionPolicyBinding")] = GenerationRule.Spec,
        [("admissionregistration.k8s.io", "MutatingAdmissionPolicy")] = GenerationRule.Spec,
        [("admissionregistration.k8s.io", "MutatingAdmissionPolicyBinding")] = GenerationRule.Spec,
        [("flowcontrol.apiserver.k8s.io", "FlowSchema")] = GenerationRule.Spec,
        [("flowcontrol.apiserver.k8s.io", "PriorityLevelConfiguration")] = GenerationRule.Spec,
        [("apiextensions.k8s.io", "CustomResourceDefinition")] = GenerationRule.Spec,
    };

    /// <summary>The rule of a kind.</summary>
    public static GenerationRule For(string group, string kind) => Rules.GetValueOrDefault((group, kind), GenerationRule.None);

    /// <summary>The rule of a resource's kind.</summary>
    public static GenerationRule For(ResourceDefinition resource) => For(resource.Type.Group, resource.Type.Kind);

    /// <summary>On create: 1 for kinds that have a generation.</summary>
    public static void OnCreate(ResourceDefinition resource, IKubeMetaObject obj)
    {
        if (For(resource) != GenerationRule.None)
        {
            obj.Metadata.Generation = 1;
        }
    }

    /// <summary>On update: clients never set the generation (upstream's BeforeUpdate keeps the old one); the kind's
    /// rule bumps it.</summary>
    public static void OnUpdate(ResourceDefinition resource, IKubeMetaObject obj, IKubeMetaObject old)
    {
        var generation = old.Metadata.Generation;
        var changed = For(resource) switch
        {
            GenerationRule.Spec => SpecChanged(obj, old),
            GenerationRule.SpecOrAnnotations => SpecChanged(obj, old) || !SameMap(obj.Metadata.Annotations, old.Metadata.Annotations),
            GenerationRule.AllButMetadata => !SameOutsideMetadata(resource, obj, old),
            GenerationRule.AllButMetadataOrLabels => !SameOutsideMetadata(resource, obj, old) || !SameMap(obj.Metadata.Labels, old.Metadata.Labels),
            _ => false,
        };
        obj.Metadata.Generation = changed ? generation + 1 : generation;
    }

    /// <summary>When an object is first marked for deletion, a generation it has grows (upstream's BeforeDelete and
    /// markAsDeleting: controllers must see the change).</summary>
    public static void OnMarkedForDeletion(IKubeMetaObject obj)
    {
        if (obj.Metadata.DeletionTimestamp is null && obj.Metadata.Generation > 0)
        {
            obj.Metadata.Generation++;
        }
    }

    private static bool SpecChanged(IKubeMetaObject obj, IKubeMetaObject old)
        => obj is IHasSpec spec && old is IHasSpec oldSpec && !GenericStrategy.SameJson(spec.SpecObject, oldSpec.SpecObject);

    private static bool SameMap(IReadOnlyDictionary<string, string>? a, IReadOnlyDictionary<string, string>? b)
    {
        // Semantic equality as upstream's: nil and empty maps are equal.
        var left = a ?? new Dictionary<string, string>();
        var right = b ?? new Dictionary<string, string>();
        return left.Count == right.Count && left.All(p => right.TryGetValue(p.Key, out var v) && v == p.Value);
    }

    private static bool SameOutsideMetadata(ResourceDefinition resource, IKubeMetaObject obj, IKubeMetaObject old)
    {
        static string Strip(ResourceDefinition resource, IKubeMetaObject o)
        {
            var node = JsonNode.Parse(CachedObject.Encode(resource, o))!.AsObject();
            node.Remove("metadata");
            node.Remove("apiVersion");
            node.Remove("kind");
            return node.ToJsonString();
        }
        return Strip(resource, obj) == Strip(resource, old);
    }
}
