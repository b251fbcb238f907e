using KubeSharp.ApiServer.OpenApi;

namespace KubeSharp.ApiServer.Tests.OpenApi;

public class OpenApiNamesTests
{
    [Theory]
    [InlineData("patchNamespacedConfigMap", "", "v1", "patchCoreV1NamespacedConfigMap")]
    [InlineData("deleteCollectionNamespacedPod", "", "v1", "deleteCoreV1CollectionNamespacedPod")]
    [InlineData("listDeploymentForAllNamespaces", "apps", "v1", "listAppsV1DeploymentForAllNamespaces")]
    [InlineData("watchNamespacedDeploymentList", "apps", "v1", "watchAppsV1NamespacedDeploymentList")]
    [InlineData("readNamespacedDeploymentScale", "apps", "v1", "readAppsV1NamespacedDeploymentScale")]
    [InlineData("replaceClusterRole", "rbac.authorization.k8s.io", "v1", "replaceRbacAuthorizationV1ClusterRole")]
    [InlineData("listFlowSchema", "flowcontrol.apiserver.k8s.io", "v1", "listFlowcontrolApiserverV1FlowSchema")]
    [InlineData("connectGetNamespacedPodExec", "", "v1", "connectCoreV1GetNamespacedPodExec")]
    [InlineData("createNamespacedHorizontalPodAutoscaler", "autoscaling", "v2", "createAutoscalingV2NamespacedHorizontalPodAutoscaler")]
    [InlineData("listNamespacedCertificate", "cert-manager.io", "v1", "listCertManagerIoV1NamespacedCertificate")]
    [InlineData("listNamespacedPodMetrics", "metrics.k8s.io", "v1beta1", "listMetricsV1beta1NamespacedPodMetrics")]
    public void OperationId_SplicesGroupVersionAfterTheVerb(string route, string group, string version, string expected)
        => OpenApiNames.OperationId(route, group, version).ShouldBe(expected);

    [Theory]
    [InlineData("", "v1", "core_v1")]
    [InlineData("apps", "v1", "apps_v1")]
    [InlineData("rbac.authorization.k8s.io", "v1", "rbacAuthorization_v1")]
    [InlineData("admissionregistration.k8s.io", "v1", "admissionregistration_v1")]
    public void Tag(string group, string version, string expected) => OpenApiNames.Tag(group, version).ShouldBe(expected);
}
