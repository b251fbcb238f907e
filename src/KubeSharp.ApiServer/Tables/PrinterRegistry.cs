using System.Collections.Frozen;
using KubeSharp.Api.Registry;
using KubeSharp.ApiServer.Tables.Printers;

namespace KubeSharp.ApiServer.Tables;

/// <summary>
/// Which printer each resource uses, as upstream's registries wire their TableConvertors. Resources not listed
/// (roles, clusterroles, limitranges, customresourcedefinitions, ...) use <see cref="DefaultPrinter"/>.
/// </summary>
internal static class PrinterRegistry
{
    private static readonly FrozenDictionary<GroupResource, ResourcePrinter> Printers = Create();

    /// <summary>The printer of <paramref name="resource"/>, or null for the default convertor.</summary>
    public static ResourcePrinter? Find(GroupResource resource) => Printers.GetValueOrDefault(resource);

    /// <summary>Every resource with its own printer.</summary>
    public static IEnumerable<GroupResource> Resources => Printers.Keys;

    private static FrozenDictionary<GroupResource, ResourcePrinter> Create()
    {
        var events = new EventPrinter();
        var webhooks = new WebhookConfigurationPrinter();
        var bindings = new AdmissionPolicyBindingPrinter();
        var nameAge = new NameAgePrinter();
        var scale = new ScalePrinter();
        var map = new Dictionary<GroupResource, ResourcePrinter>
        {
            [new("", "pods")] = new PodPrinter(),
            [new("", "podtemplates")] = new PodTemplatePrinter(),
            [new("", "replicationcontrollers")] = new ReplicationControllerPrinter(),
            [new("", "services")] = new ServicePrinter(),
            [new("", "endpoints")] = new EndpointsPrinter(),
            [new("", "nodes")] = new NodePrinter(),
            [new("", "events")] = events,
            [new("", "namespaces")] = new NamespacePrinter(),
            [new("", "secrets")] = new SecretPrinter(),
            [new("", "serviceaccounts")] = new ServiceAccountPrinter(),
            [new("", "persistentvolumes")] = new PersistentVolumePrinter(),
            [new("", "persistentvolumeclaims")] = new PersistentVolumeClaimPrinter(),
            [new("", "componentstatuses")] = new ComponentStatusPrinter(),
            [new("", "configmaps")] = new ConfigMapPrinter(),
            [new("", "resourcequotas")] = new ResourceQuotaPrinter(),
            [new("apps", "deployments")] = new DeploymentPrinter(),
            [new("apps", "replicasets")] = new ReplicaSetPrinter(),
            [new("apps", "statefulsets")] = new StatefulSetPrinter(),
            [new("apps", "daemonsets")] = new DaemonSetPrinter(),
            [new("apps", "controllerrevisions")] = new ControllerRevisionPrinter(),
            [new("apps", "deployments/scale")] = scale,
            [new("apps", "replicasets/scale")] = scale,
            [new("apps", "statefulsets/scale")] = scale,
            [new("", "replicationcontrollers/scale")] = scale,
            [new("batch", "jobs")] = new JobPrinter(),
            [new("batch", "cronjobs")] = new CronJobPrinter(),
            [new("autoscaling", "horizontalpodautoscalers")] = new HorizontalPodAutoscalerPrinter(),
            [new("policy", "poddisruptionbudgets")] = new PodDisruptionBudgetPrinter(),
            [new("networking.k8s.io", "ingresses")] = new IngressPrinter(),
            [new("networking.k8s.io", "ingressclasses")] = new IngressClassPrinter(),
            [new("networking.k8s.io", "networkpolicies")] = new NetworkPolicyPrinter(),
            [new("networking.k8s.io", "servicecidrs")] = new ServiceCidrPrinter(),
            [new("networking.k8s.io", "ipaddresses")] = new IPAddressPrinter(),
            [new("discovery.k8s.io", "endpointslices")] = new EndpointSlicePrinter(),
            [new("events.k8s.io", "events")] = events,
            [new("rbac.authorization.k8s.io", "rolebindings")] = RoleBindingPrinter.ForRoleBindings(),
            [new("rbac.authorization.k8s.io", "clusterrolebindings")] = RoleBindingPrinter.ForClusterRoleBindings(),
            [new("storage.k8s.io", "storageclasses")] = new StorageClassPrinter(),
            [new("storage.k8s.io", "volumeattachments")] = new VolumeAttachmentPrinter(),
            [new("storage.k8s.io", "csinodes")] = new CsiNodePrinter(),
            [new("storage.k8s.io", "csidrivers")] = new CsiDriverPrinter(),
            [new("storage.k8s.io", "csistoragecapacities")] = new CsiStorageCapacityPrinter(),
            [new("storage.k8s.io", "volumeattributesclasses")] = new VolumeAttributesClassPrinter(),
            [new("scheduling.k8s.io", "priorityclasses")] = new PriorityClassPrinter(),
            [new("node.k8s.io", "runtimeclasses")] = new RuntimeClassPrinter(),
            [new("certificates.k8s.io", "certificatesigningrequests")] = new CertificateSigningRequestPrinter(),
            [new("certificates.k8s.io", "clustertrustbundles")] = new ClusterTrustBundlePrinter(),
            [new("coordination.k8s.io", "leases")] = new LeasePrinter(),
            [new("admissionregistration.k8s.io", "mutatingwebhookconfigurations")] = webhooks,
            [new("admissionregistration.k8s.io", "validatingwebhookconfigurations")] = webhooks,
            [new("admissionregistration.k8s.io", "validatingadmissionpolicies")] = AdmissionPolicyPrinter.ForValidating(),
            [new("admissionregistration.k8s.io", "validatingadmissionpolicybindings")] = bindings,
            [new("admissionregistration.k8s.io", "mutatingadmissionpolicies")] = AdmissionPolicyPrinter.ForMutating(),
            [new("admissionregistration.k8s.io", "mutatingadmissionpolicybindings")] = bindings,
            [new("flowcontrol.apiserver.k8s.io", "flowschemas")] = new FlowSchemaPrinter(),
            [new("flowcontrol.apiserver.k8s.io", "prioritylevelconfigurations")] = new PriorityLevelConfigurationPrinter(),
            [new("apiregistration.k8s.io", "apiservices")] = new ApiServicePrinter(),
            [new("resource.k8s.io", "deviceclasses")] = nameAge,
            [new("resource.k8s.io", "resourceclaims")] = new ResourceClaimPrinter(),
            [new("resource.k8s.io", "resourceclaimtemplates")] = nameAge,
            [new("resource.k8s.io", "resourceslices")] = new ResourceSlicePrinter(),
        };
        return map.ToFrozenDictionary();
    }
}
