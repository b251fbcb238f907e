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
using ResourceClaimList = KubeSharp.Api.Resource.V1.ResourceClaimList;
using ResourceClaimTemplateList = KubeSharp.Api.Resource.V1.ResourceClaimTemplateList;
using KubeSharp.Api.Scheduling.V1;
using KubeSharp.Api.Storage.V1;
using HpaV1List = KubeSharp.Api.Autoscaling.V1.HorizontalPodAutoscalerList;
using HpaV2List = KubeSharp.Api.Autoscaling.V2.HorizontalPodAutoscalerList;

namespace KubeSharp.ApiServer.Defaulting;

public static partial class ObjectDefaulter
{
    // The list kinds of the kinds with defaults: each item is defaulted (upstream's SetObjectDefaults_*List).
    private static bool ApplyToList(object obj, DefaultingFeatures features) => obj switch
    {
        PodList list => Items(list.Items, features),
        PodTemplateList list => Items(list.Items, features),
        ReplicationControllerList list => Items(list.Items, features),
        ServiceList list => Items(list.Items, features),
        NamespaceList list => Items(list.Items, features),
        NodeList list => Items(list.Items, features),
        PersistentVolumeList list => Items(list.Items, features),
        PersistentVolumeClaimList list => Items(list.Items, features),
        EndpointsList list => Items(list.Items, features),
        LimitRangeList list => Items(list.Items, features),
        ResourceQuotaList list => Items(list.Items, features),
        SecretList list => Items(list.Items, features),
        ConfigMapList list => Items(list.Items, features),
        DeploymentList list => Items(list.Items, features),
        DaemonSetList list => Items(list.Items, features),
        StatefulSetList list => Items(list.Items, features),
        ReplicaSetList list => Items(list.Items, features),
        JobList list => Items(list.Items, features),
        CronJobList list => Items(list.Items, features),
        HpaV1List list => Items(list.Items, features),
        HpaV2List list => Items(list.Items, features),
        NetworkPolicyList list => Items(list.Items, features),
        IngressClassList list => Items(list.Items, features),
        EndpointSliceList list => Items(list.Items, features),
        RoleBindingList list => Items(list.Items, features),
        ClusterRoleBindingList list => Items(list.Items, features),
        StorageClassList list => Items(list.Items, features),
        CSIDriverList list => Items(list.Items, features),
        VolumeAttachmentList list => Items(list.Items, features),
        PriorityClassList list => Items(list.Items, features),
        ValidatingWebhookConfigurationList list => Items(list.Items, features),
        MutatingWebhookConfigurationList list => Items(list.Items, features),
        ValidatingAdmissionPolicyList list => Items(list.Items, features),
        ValidatingAdmissionPolicyBindingList list => Items(list.Items, features),
        MutatingAdmissionPolicyList list => Items(list.Items, features),
        MutatingAdmissionPolicyBindingList list => Items(list.Items, features),
        CustomResourceDefinitionList list => Items(list.Items, features),
        APIServiceList list => Items(list.Items, features),
        FlowSchemaList list => Items(list.Items, features),
        PriorityLevelConfigurationList list => Items(list.Items, features),
        PodCertificateRequestList list => Items(list.Items, features),
        ResourceClaimList list => Items(list.Items, features),
        ResourceClaimTemplateList list => Items(list.Items, features),
        _ => false,
    };

    private static bool Items<T>(List<T>? items, DefaultingFeatures features) where T : class
    {
        foreach (var item in items ?? [])
        {
            Apply(item, features);
        }
        return true;
    }
}
