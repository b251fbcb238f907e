using KubeSharp.Api;
using KubeSharp.Api.Apps.V1;

namespace KubeSharp.ApiServer.Defaulting;

/// <summary>Defaults of <c>apps/v1</c> (upstream's <c>pkg/apis/apps/v1/defaults.go</c>); every pod template
/// gets the pod spec defaults, but not the Pod-only ones (no <c>enableServiceLinks</c>).</summary>
internal static class AppsDefaults
{
    /// <summary>Upstream's default revision history limit of Deployments, DaemonSets and StatefulSets.</summary>
    public const int RevisionHistoryLimit = 10;

    /// <summary>One replica; RollingUpdate 25%/25%; 10 revisions; 600 s progress deadline.</summary>
    public static void Deployment(Deployment deployment, DefaultingFeatures features)
    {
        var spec = deployment.Spec;
        spec.Replicas ??= 1;
        var strategy = spec.Strategy;
        if (strategy.Type.Length == 0)
        {
            strategy.Type = DeploymentStrategyType.RollingUpdateDeploymentStrategyType;
        }
        if (strategy.Type == DeploymentStrategyType.RollingUpdateDeploymentStrategyType)
        {
            strategy.RollingUpdate ??= new RollingUpdateDeployment();
            strategy.RollingUpdate.MaxUnavailable ??= IntOrString.FromString("25%");
            strategy.RollingUpdate.MaxSurge ??= IntOrString.FromString("25%");
        }
        spec.RevisionHistoryLimit ??= RevisionHistoryLimit;
        spec.ProgressDeadlineSeconds ??= 600;
        PodDefaults.Spec(spec.Template.Spec, features);
    }

    /// <summary>RollingUpdate with maxUnavailable 1 and maxSurge 0; 10 revisions.</summary>
    public static void DaemonSet(DaemonSet daemonSet, DefaultingFeatures features)
    {
        var spec = daemonSet.Spec;
        var strategy = spec.UpdateStrategy;
        if (strategy.Type.Length == 0)
        {
            strategy.Type = DaemonSetUpdateStrategyType.RollingUpdateDaemonSetStrategyType;
        }
        if (strategy.Type == DaemonSetUpdateStrategyType.RollingUpdateDaemonSetStrategyType)
        {
            strategy.RollingUpdate ??= new RollingUpdateDaemonSet();
            strategy.RollingUpdate.MaxUnavailable ??= IntOrString.FromInt32(1);
            strategy.RollingUpdate.MaxSurge ??= IntOrString.FromInt32(0);
        }
        spec.RevisionHistoryLimit ??= RevisionHistoryLimit;
        PodDefaults.Spec(spec.Template.Spec, features);
    }

    /// <summary>OrderedReady; RollingUpdate with partition 0; PVC retention Retain/Retain; one replica;
    /// 10 revisions; claim templates defaulted as PersistentVolumeClaims.</summary>
    public static void StatefulSet(StatefulSet statefulSet, DefaultingFeatures features)
    {
        var spec = statefulSet.Spec;
        if (spec.PodManagementPolicy.Length == 0)
        {
            spec.PodManagementPolicy = PodManagementPolicyType.OrderedReadyPodManagement;
        }
        var strategy = spec.UpdateStrategy;
        if (strategy.Type.Length == 0)
        {
            strategy.Type = StatefulSetUpdateStrategyType.RollingUpdateStatefulSetStrategyType;
            strategy.RollingUpdate ??= new RollingUpdateStatefulSetStrategy();
        }
        if (strategy.Type == StatefulSetUpdateStrategyType.RollingUpdateStatefulSetStrategyType
            && strategy.RollingUpdate is { } rollingUpdate)
        {
            rollingUpdate.Partition ??= 0;
            if (features.MaxUnavailableStatefulSet)
            {
                rollingUpdate.MaxUnavailable ??= IntOrString.FromInt32(1);
            }
        }
        if (features.StatefulSetAutoDeletePvc)
        {
            var retention = spec.PersistentVolumeClaimRetentionPolicy ??= new StatefulSetPersistentVolumeClaimRetentionPolicy();
            if (retention.WhenDeleted.Length == 0)
            {
                retention.WhenDeleted = PersistentVolumeClaimRetentionPolicyType.RetainPersistentVolumeClaimRetentionPolicyType;
            }
            if (retention.WhenScaled.Length == 0)
            {
                retention.WhenScaled = PersistentVolumeClaimRetentionPolicyType.RetainPersistentVolumeClaimRetentionPolicyType;
            }
        }
        spec.Replicas ??= 1;
        spec.RevisionHistoryLimit ??= RevisionHistoryLimit;
        PodDefaults.Spec(spec.Template.Spec, features);
        foreach (var claim in spec.VolumeClaimTemplates ?? [])
        {
            CoreDefaults.PersistentVolumeClaim(claim);
        }
    }

    /// <summary>One replica.</summary>
    public static void ReplicaSet(ReplicaSet replicaSet, DefaultingFeatures features)
    {
        replicaSet.Spec.Replicas ??= 1;
        PodDefaults.Spec(replicaSet.Spec.Template.Spec, features);
    }
}
