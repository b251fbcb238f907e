using KubeSharp.Api.Core.V1;

namespace KubeSharp.ApiServer.Defaulting;

/// <summary>
/// Defaults of the core (<c>v1</c>) kinds other than Pod and PodTemplate (upstream's
/// <c>pkg/apis/core/v1/defaults.go</c>). Service is in <see cref="ServiceDefaults"/>.
/// </summary>
internal static class CoreDefaults
{
    /// <summary>Upstream's <c>LabelMetadataName</c>, set on every named Namespace.</summary>
    public const string LabelMetadataName = "kubernetes.io/metadata.name";

    /// <summary>Selector and labels from the template's labels when empty; one replica.</summary>
    public static void ReplicationController(ReplicationController controller, DefaultingFeatures features)
    {
        var spec = controller.Spec;
        if (spec.Template?.Metadata.Labels is { } labels)
        {
            if (spec.Selector is null || spec.Selector.Count == 0)
            {
                spec.Selector = new Dictionary<string, string>(labels, StringComparer.Ordinal);
            }
            if (controller.Metadata.Labels is null || controller.Metadata.Labels.Count == 0)
            {
                controller.Metadata.Labels = new Dictionary<string, string>(labels, StringComparer.Ordinal);
            }
        }
        // +default=1 on ReplicationControllerSpec.replicas.
        spec.Replicas ??= 1;
        PodDefaults.Template(spec.Template, features);
    }

    /// <summary>The <c>kubernetes.io/metadata.name</c> label (named namespaces only) and phase Active.
    /// The <c>kubernetes</c> finalizer in <c>spec.finalizers</c> is the registry's (PrepareForCreate).</summary>
    public static void Namespace(Namespace ns)
    {
        if (ns.Metadata.Name.Length > 0)
        {
            ns.Metadata.Labels ??= new Dictionary<string, string>(StringComparer.Ordinal);
            ns.Metadata.Labels[LabelMetadataName] = ns.Metadata.Name;
        }
        if (ns.Status.Phase.Length == 0)
        {
            ns.Status.Phase = NamespacePhase.NamespaceActive;
        }
    }

    /// <summary>Allocatable defaults to capacity; both rounded.</summary>
    public static void Node(Node node)
    {
        var status = node.Status;
        if (status.Allocatable is null && status.Capacity is not null)
        {
            status.Allocatable = ResourceLists.Copy(status.Capacity);
        }
        ResourceLists.RoundUp(status.Capacity);
        ResourceLists.RoundUp(status.Allocatable);
    }

    /// <summary>Phase Pending, reclaim policy Retain, volume mode Filesystem, and the source defaults.</summary>
    public static void PersistentVolume(PersistentVolume volume)
    {
        if (volume.Status.Phase.Length == 0)
        {
            volume.Status.Phase = PersistentVolumePhase.VolumePending;
        }
        var spec = volume.Spec;
        if (spec.PersistentVolumeReclaimPolicy.Length == 0)
        {
            spec.PersistentVolumeReclaimPolicy = PersistentVolumeReclaimPolicy.PersistentVolumeReclaimRetain;
        }
        spec.VolumeMode ??= PersistentVolumeMode.PersistentVolumeFilesystem;
        VolumeDefaults.PersistentVolumeSources(spec);
    }

    /// <summary>Phase Pending, volume mode Filesystem, resources rounded. Also used for a StatefulSet's
    /// <c>volumeClaimTemplates</c>, which therefore store <c>status.phase: Pending</c> as upstream does.</summary>
    public static void PersistentVolumeClaim(PersistentVolumeClaim claim)
    {
        if (claim.Status.Phase.Length == 0)
        {
            claim.Status.Phase = PersistentVolumeClaimPhase.ClaimPending;
        }
        VolumeDefaults.ClaimSpec(claim.Spec);
        ResourceLists.RoundUp(claim.Status.Capacity);
        ResourceLists.RoundUp(claim.Status.AllocatedResources);
    }

    /// <summary>Port protocol TCP.</summary>
    public static void Endpoints(Endpoints endpoints)
    {
        foreach (var subset in endpoints.Subsets ?? [])
        {
            foreach (var port in subset.Ports ?? [])
            {
                if (port.Protocol.Length == 0)
                {
                    port.Protocol = Protocol.ProtocolTCP;
                }
            }
        }
    }

    /// <summary>For Container limits: default limit from max, default request from the default limit, then
    /// from min; every list rounded.</summary>
    public static void LimitRange(LimitRange limitRange)
    {
        foreach (var item in limitRange.Spec.Limits ?? [])
        {
            if (item.Type == LimitType.LimitTypeContainer)
            {
                item.Default ??= new Dictionary<string, Api.Quantity>(StringComparer.Ordinal);
                item.DefaultRequest ??= new Dictionary<string, Api.Quantity>(StringComparer.Ordinal);
                foreach (var (name, value) in item.Max ?? [])
                {
                    item.Default.TryAdd(name, value);
                }
                foreach (var (name, value) in item.Default)
                {
                    item.DefaultRequest.TryAdd(name, value);
                }
                foreach (var (name, value) in item.Min ?? [])
                {
                    item.DefaultRequest.TryAdd(name, value);
                }
            }
            ResourceLists.RoundUp(item.Max);
            ResourceLists.RoundUp(item.Min);
            ResourceLists.RoundUp(item.Default);
            ResourceLists.RoundUp(item.DefaultRequest);
            ResourceLists.RoundUp(item.MaxLimitRequestRatio);
        }
    }

    /// <summary>Hard and used quantities rounded.</summary>
    public static void ResourceQuota(ResourceQuota quota)
    {
        ResourceLists.RoundUp(quota.Spec.Hard);
        ResourceLists.RoundUp(quota.Status.Hard);
        ResourceLists.RoundUp(quota.Status.Used);
    }

    /// <summary>Type Opaque.</summary>
    public static void Secret(Secret secret)
    {
        if (secret.Type.Length == 0)
        {
            secret.Type = SecretType.SecretTypeOpaque;
        }
    }

    /// <summary>An empty <c>data</c> map when absent (upstream's <c>SetDefaults_ConfigMap</c>; invisible in JSON,
    /// where an empty map is omitted).</summary>
    public static void ConfigMap(ConfigMap configMap) =>
        configMap.Data ??= new Dictionary<string, string>(StringComparer.Ordinal);
}
