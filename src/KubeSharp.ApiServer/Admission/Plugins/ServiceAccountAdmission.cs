using KubeSharp.Api.Core.V1;

namespace KubeSharp.ApiServer.Admission.Plugins;

/// <summary>
/// Upstream's ServiceAccount plugin, in part. A new pod (not a mirror pod) without spec.serviceAccountName runs as the
/// namespace's <c>default</c> ServiceAccount (and, as upstream's v1 conversion shows it, the deprecated
/// spec.serviceAccount says the same); a pod naming no imagePullSecrets gets its ServiceAccount's. With
/// <c>requireServiceAccount</c> (upstream's behaviour, for when the serviceaccount controller runs) a pod whose
/// ServiceAccount does not exist is refused with upstream's 403.
/// </summary>
/// <remarks>Not yet upstream's: the projected service account token volume (it waits for token issuance) and the
/// mirror pod rules (they wait for the kubelet).</remarks>
public sealed class ServiceAccountAdmission(AdmissionLookup? lookup = null, bool requireServiceAccount = false) : IMutatingAdmissionPlugin
{
    public const string PluginName = "ServiceAccount";
    public const string DefaultServiceAccountName = "default";
    public const string MirrorPodAnnotation = "kubernetes.io/config.mirror";

    public string Name => PluginName;

    public bool Handles(AdmissionOperation operation) => operation == AdmissionOperation.Create;

    public async ValueTask AdmitAsync(AdmissionAttributes attributes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        if (!attributes.IsCore("pods") || attributes.Object is not Pod pod || IsMirrorPod(pod))
        {
            return;
        }
        if (Apply(pod))
        {
            attributes.Mutated = true;
        }
        if (lookup is null)
        {
            return;
        }
        var name = pod.Spec.ServiceAccountName;
        var account = await lookup.GetAsync<ServiceAccount>(attributes, "", "v1", "serviceaccounts", attributes.Namespace, name, cancellationToken);
        if (account is null)
        {
            if (requireServiceAccount)
            {
                throw AdmissionErrors.Forbidden(attributes, $"error looking up service account {attributes.Namespace}/{name}: serviceaccount \"{name}\" not found");
            }
            return;
        }
        if (pod.Spec.ImagePullSecrets is not { Count: > 0 } && account.ImagePullSecrets is { Count: > 0 } secrets)
        {
            pod.Spec.ImagePullSecrets = [.. secrets.Select(s => new LocalObjectReference { Name = s.Name })];
            attributes.Mutated = true;
        }
    }

    /// <summary>Names the default ServiceAccount when the pod names none (mirror pods excepted); true when the pod
    /// changed.</summary>
    public static bool Apply(Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        if (IsMirrorPod(pod))
        {
            return false;
        }
        var changed = false;
        if (pod.Spec.ServiceAccountName.Length == 0)
        {
            pod.Spec.ServiceAccountName = pod.Spec.ServiceAccount.Length > 0 ? pod.Spec.ServiceAccount : DefaultServiceAccountName;
            changed = true;
        }
        if (pod.Spec.ServiceAccount != pod.Spec.ServiceAccountName)
        {
            pod.Spec.ServiceAccount = pod.Spec.ServiceAccountName;
            changed = true;
        }
        return changed;
    }

    private static bool IsMirrorPod(Pod pod) => pod.Metadata.Annotations?.ContainsKey(MirrorPodAnnotation) == true;
}
