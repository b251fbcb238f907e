using KubeSharp.Api.AdmissionRegistration.V1;
using KubeSharp.Api.ApiExtensions.V1;
using KubeSharp.Api.ApiRegistration.V1;
using KubeSharp.Api.Apps.V1;
using KubeSharp.Api.Batch.V1;
using KubeSharp.Api.Certificates.V1;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Discovery.V1;
using KubeSharp.Api.FlowControl.V1;
using KubeSharp.Api.Networking.V1;
using KubeSharp.Api.Rbac.V1;
using ResourceClaim = KubeSharp.Api.Resource.V1.ResourceClaim;
using ResourceClaimTemplate = KubeSharp.Api.Resource.V1.ResourceClaimTemplate;
using KubeSharp.Api.Scheduling.V1;
using KubeSharp.Api.Storage.V1;
using HpaV1 = KubeSharp.Api.Autoscaling.V1.HorizontalPodAutoscaler;
using HpaV2 = KubeSharp.Api.Autoscaling.V2.HorizontalPodAutoscaler;

namespace KubeSharp.ApiServer.Defaulting;

/// <summary>
/// Applies upstream Kubernetes v1.32's defaulting to a decoded API object, in place: what the API server
/// stores for fields the client left unset (<c>kubectl create --dry-run=server -o yaml</c> shows it). Dispatch
/// is on the CLR type (no reflection); list kinds default each item. Applying twice changes nothing more.
/// </summary>
/// <remarks>
/// <para>Upstream runs the same defaulting when decoding a create, an update or a patch (and when reading
/// from storage), so there is no separate update entry point: call <see cref="Apply(object)"/> on the
/// decoded new object of an update too.</para>
/// <para>Not defaulting, and therefore not done here: what admission plugins add (a Pod's service account,
/// its token volume, <c>priority</c>/<c>preemptionPolicy</c>, the not-ready/unreachable tolerations), what the
/// registries set at create time (metadata uid/creationTimestamp/generation, a Pod's <c>status.phase: Pending</c>
/// and <c>qosClass</c>, a Namespace's <c>kubernetes</c> finalizer, a Job's generated selector and labels, a
/// Service's cluster IPs, IP families and policy, node ports and health check node port, a device taint's
/// <c>timeAdded</c>).</para>
/// </remarks>
public static partial class ObjectDefaulter
{
    /// <summary>Defaults <paramref name="obj"/> with the v1.32 feature gates.</summary>
    /// <returns>True when the kind has defaults (they were applied), false for a kind without any.</returns>
    public static bool Apply(object obj) => Apply(obj, DefaultingFeatures.Kubernetes132);

    /// <summary>Defaults <paramref name="obj"/> with the given feature gates.</summary>
    /// <returns>True when the kind has defaults (they were applied), false for a kind without any.</returns>
    public static bool Apply(object obj, DefaultingFeatures features)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(features);
        switch (obj)
        {
            // core/v1
            case Pod pod: PodDefaults.Pod(pod, features); break;
            case PodTemplate template: PodDefaults.Spec(template.Template.Spec, features); break;
            case ReplicationController controller: CoreDefaults.ReplicationController(controller, features); break;
            case Service service: ServiceDefaults.Apply(service, features); break;
            case Namespace ns: CoreDefaults.Namespace(ns); break;
            case Node node: CoreDefaults.Node(node); break;
            case PersistentVolume volume: CoreDefaults.PersistentVolume(volume); break;
            case PersistentVolumeClaim claim: CoreDefaults.PersistentVolumeClaim(claim); break;
            case Endpoints endpoints: CoreDefaults.Endpoints(endpoints); break;
            case LimitRange limitRange: CoreDefaults.LimitRange(limitRange); break;
            case ResourceQuota quota: CoreDefaults.ResourceQuota(quota); break;
            case Secret secret: CoreDefaults.Secret(secret); break;
            case ConfigMap configMap: CoreDefaults.ConfigMap(configMap); break;
            // apps/v1
            case Deployment deployment: AppsDefaults.Deployment(deployment, features); break;
            case DaemonSet daemonSet: AppsDefaults.DaemonSet(daemonSet, features); break;
            case StatefulSet statefulSet: AppsDefaults.StatefulSet(statefulSet, features); break;
            case ReplicaSet replicaSet: AppsDefaults.ReplicaSet(replicaSet, features); break;
            // batch/v1
            case Job job: BatchDefaults.Job(job, features); break;
            case CronJob cronJob: BatchDefaults.CronJob(cronJob, features); break;
            // autoscaling
            case HpaV1 autoscaler: AutoscalingDefaults.HorizontalPodAutoscaler(autoscaler); break;
            case HpaV2 autoscaler: AutoscalingDefaults.HorizontalPodAutoscaler(autoscaler); break;
            // networking.k8s.io/v1, discovery.k8s.io/v1
            case NetworkPolicy policy: NetworkingDefaults.NetworkPolicy(policy); break;
            case IngressClass ingressClass: NetworkingDefaults.IngressClass(ingressClass); break;
            case EndpointSlice slice: NetworkingDefaults.EndpointSlice(slice); break;
            // rbac.authorization.k8s.io/v1
            case RoleBinding binding: RbacDefaults.RoleBinding(binding); break;
            case ClusterRoleBinding binding: RbacDefaults.ClusterRoleBinding(binding); break;
            // storage.k8s.io/v1
            case StorageClass storageClass: StorageDefaults.StorageClass(storageClass); break;
            case CSIDriver driver: StorageDefaults.CSIDriver(driver, features); break;
            case VolumeAttachment attachment: StorageDefaults.VolumeAttachment(attachment); break;
            // scheduling.k8s.io/v1
            case PriorityClass priorityClass: SchedulingDefaults.PriorityClass(priorityClass); break;
            // admissionregistration.k8s.io/v1
            case ValidatingWebhookConfiguration configuration: AdmissionRegistrationDefaults.ValidatingWebhookConfiguration(configuration); break;
            case MutatingWebhookConfiguration configuration: AdmissionRegistrationDefaults.MutatingWebhookConfiguration(configuration); break;
            case ValidatingAdmissionPolicy policy: AdmissionRegistrationDefaults.ValidatingAdmissionPolicy(policy); break;
            case ValidatingAdmissionPolicyBinding binding: AdmissionRegistrationDefaults.ValidatingAdmissionPolicyBinding(binding); break;
            case MutatingAdmissionPolicy policy: AdmissionRegistrationDefaults.MutatingAdmissionPolicy(policy); break;
            case MutatingAdmissionPolicyBinding binding: AdmissionRegistrationDefaults.MutatingAdmissionPolicyBinding(binding); break;
            // apiextensions.k8s.io/v1, apiregistration.k8s.io/v1
            case CustomResourceDefinition definition: ExtensionDefaults.CustomResourceDefinition(definition); break;
            case APIService apiService: ExtensionDefaults.APIService(apiService); break;
            // flowcontrol.apiserver.k8s.io/v1
            case FlowSchema schema: FlowControlDefaults.FlowSchema(schema); break;
            case PriorityLevelConfiguration configuration: FlowControlDefaults.PriorityLevelConfiguration(configuration); break;
            // certificates.k8s.io/v1
            case PodCertificateRequest request: CertificatesDefaults.PodCertificateRequest(request); break;
            // resource.k8s.io/v1
            case ResourceClaim claim: ResourceDefaults.ResourceClaim(claim); break;
            case ResourceClaimTemplate template: ResourceDefaults.ResourceClaimTemplate(template); break;
            default: return ApplyToList(obj, features);
        }
        return true;
    }
}
