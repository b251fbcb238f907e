using KubeSharp.Api.Core.V1;

namespace KubeSharp.ApiServer.Admission.Plugins;

/// <summary>
/// The part of upstream's ServiceAccount plugin that needs nothing else: a new pod (not a mirror pod) without
/// spec.serviceAccountName runs as the namespace's <c>default</c> ServiceAccount (and, as upstream's v1 conversion
/// shows it, the deprecated spec.serviceAccount says the same).
/// </summary>
/// <remarks>Not yet upstream's: the check that the ServiceAccount exists (it waits for the serviceaccount controller,
/// or every pod would be refused until then) and the projected token volume (it waits for token issuance).</remarks>
public sealed class ServiceAccountAdmission : IMutatingAdmissionPlugin
{
    public const string PluginName = "ServiceAccount";
    public const string DefaultServiceAccountName = "default";
    public const string MirrorPodAnnotation = "kubernetes.io/config.mirror";

    public string Name => PluginName;

    public bool Handles(AdmissionOperation operation) => operation == AdmissionOperation.Create;

    public ValueTask AdmitAsync(AdmissionAttributes attributes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        if (attributes.IsCore("pods") && attributes.Object is Pod pod && Apply(pod))
        {
            attributes.Mutated = true;
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>Names the default ServiceAccount when the pod names none; true when the pod changed.</summary>
    public static bool Apply(Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        if (pod.Metadata.Annotations?.ContainsKey(MirrorPodAnnotation) == true)
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
}
