using System.Text.Json;
using KubeSharp.Api.Registry;
using KubeSharp.ApiServer.Discovery;
using KubeSharp.ApiServer.OpenApi;
using KubeSharp.ApiServer.Tests.Discovery;

namespace KubeSharp.ApiServer.Tests.OpenApi;

public class OpenApiDocumentSetTests
{
    private static readonly OpenApiDocumentSet Set = new(new ApiCatalog().Current);

    private static JsonElement Doc(string key)
    {
        Set.TryGetDocument(key, out var document).ShouldBeTrue();
        return JsonDocument.Parse(document!.Body).RootElement;
    }

    private static JsonElement Schema(JsonElement doc, string name) => doc.GetProperty("components").GetProperty("schemas").GetProperty(name);

    [Fact]
    public void Index_ListsEveryDocumentWithItsContentHash()
    {
        var paths = JsonDocument.Parse(Set.Index.Body).RootElement.GetProperty("paths");
        var keys = paths.EnumerateObject().Select(p => p.Name).ToList();
        keys.ShouldContain("api");
        keys.ShouldContain("api/v1");
        keys.ShouldContain("apis");
        keys.ShouldContain("apis/apps");
        keys.ShouldContain("apis/apps/v1");
        keys.ShouldContain("apis/autoscaling/v2");
        keys.ShouldContain("version");
        keys.ShouldBe(keys.Order(StringComparer.Ordinal).ToList());
        Set.TryGetDocument("api/v1", out var v1).ShouldBeTrue();
        paths.GetProperty("api/v1").GetProperty("serverRelativeURL").GetString().ShouldBe("/openapi/v3/api/v1?hash=" + v1!.Hash);
    }

    [Theory]
    [InlineData("api/v1", "/api/v1/namespaces/{namespace}/configmaps/{name}", "patch", "patchCoreV1NamespacedConfigMap", "patch", "ConfigMap")]
    [InlineData("api/v1", "/api/v1/namespaces/{namespace}/configmaps", "get", "listCoreV1NamespacedConfigMap", "list", "ConfigMap")]
    [InlineData("api/v1", "/api/v1/namespaces/{namespace}/configmaps", "post", "createCoreV1NamespacedConfigMap", "post", "ConfigMap")]
    [InlineData("api/v1", "/api/v1/namespaces/{namespace}/configmaps", "delete", "deleteCoreV1CollectionNamespacedConfigMap", "deletecollection", "ConfigMap")]
    [InlineData("api/v1", "/api/v1/configmaps", "get", "listCoreV1ConfigMapForAllNamespaces", "list", "ConfigMap")]
    [InlineData("api/v1", "/api/v1/watch/namespaces/{namespace}/configmaps", "get", "watchCoreV1NamespacedConfigMapList", "watchlist", "ConfigMap")]
    [InlineData("api/v1", "/api/v1/watch/namespaces/{namespace}/configmaps/{name}", "get", "watchCoreV1NamespacedConfigMap", "watch", "ConfigMap")]
    [InlineData("api/v1", "/api/v1/watch/configmaps", "get", "watchCoreV1ConfigMapListForAllNamespaces", "watchlist", "ConfigMap")]
    [InlineData("api/v1", "/api/v1/namespaces/{name}", "put", "replaceCoreV1Namespace", "put", "Namespace")]
    [InlineData("api/v1", "/api/v1/namespaces/{name}/finalize", "put", "replaceCoreV1NamespaceFinalize", "put", "Namespace")]
    [InlineData("api/v1", "/api/v1/namespaces/{namespace}/pods/{name}/exec", "post", "connectCoreV1PostNamespacedPodExec", "connect", "PodExecOptions")]
    [InlineData("api/v1", "/api/v1/namespaces/{namespace}/pods/{name}/proxy/{path}", "head", "connectCoreV1HeadNamespacedPodProxyWithPath", "connect", "PodProxyOptions")]
    [InlineData("api/v1", "/api/v1/namespaces/{namespace}/pods/{name}/eviction", "post", "createCoreV1NamespacedPodEviction", "post", "Eviction")]
    [InlineData("api/v1", "/api/v1/namespaces/{namespace}/pods/{name}/log", "get", "readCoreV1NamespacedPodLog", "get", "Pod")]
    [InlineData("api/v1", "/api/v1/namespaces/{namespace}/serviceaccounts/{name}/token", "post", "createCoreV1NamespacedServiceAccountToken", "post", "TokenRequest")]
    [InlineData("apis/apps/v1", "/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale", "patch", "patchAppsV1NamespacedDeploymentScale", "patch", "Scale")]
    [InlineData("apis/apps/v1", "/apis/apps/v1/namespaces/{namespace}/deployments/{name}/status", "get", "readAppsV1NamespacedDeploymentStatus", "get", "Deployment")]
    [InlineData("apis/rbac.authorization.k8s.io/v1", "/apis/rbac.authorization.k8s.io/v1/clusterroles/{name}", "delete", "deleteRbacAuthorizationV1ClusterRole", "delete", "ClusterRole")]
    [InlineData("apis/authorization.k8s.io/v1", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", "post", "createAuthorizationV1SelfSubjectAccessReview", "post", "SelfSubjectAccessReview")]
    public void Paths_HaveUpstreamOperations(string key, string path, string method, string operationId, string action, string kind)
    {
        var op = Doc(key).GetProperty("paths").GetProperty(path).GetProperty(method);
        op.GetProperty("operationId").GetString().ShouldBe(operationId);
        op.GetProperty("x-kubernetes-action").GetString().ShouldBe(action);
        op.GetProperty("x-kubernetes-group-version-kind").GetProperty("kind").GetString().ShouldBe(kind);
        op.GetProperty("tags")[0].GetString().ShouldBe(key == "api/v1" ? "core_v1" : OpenApiNames.Tag(key.Split('/')[1], key.Split('/')[2]));
    }

    [Fact]
    public void PatchOperation_DeclaresFieldValidationAndForce_AndPatchBodies()
    {
        var op = Doc("api/v1").GetProperty("paths").GetProperty("/api/v1/namespaces/{namespace}/configmaps/{name}").GetProperty("patch");
        op.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString())
            .ShouldBe(["dryRun", "fieldManager", "fieldValidation", "force"]);
        op.GetProperty("requestBody").GetProperty("content").EnumerateObject().Select(c => c.Name)
            .ShouldBe(["application/apply-patch+yaml", "application/json-patch+json", "application/merge-patch+json", "application/strategic-merge-patch+json"]);
        op.GetProperty("requestBody").GetProperty("content").GetProperty("application/strategic-merge-patch+json").GetProperty("schema").GetProperty("$ref").GetString()
            .ShouldBe("#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.Patch");
        op.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString()
            .ShouldBe("#/components/schemas/io.k8s.api.core.v1.ConfigMap");
        var item = Doc("api/v1").GetProperty("paths").GetProperty("/api/v1/namespaces/{namespace}/configmaps/{name}");
        item.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ShouldBe(["name", "namespace", "pretty"]);
        item.GetProperty("parameters")[0].GetProperty("in").GetString().ShouldBe("path");
        item.GetProperty("parameters")[0].GetProperty("required").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public void DeleteResponses_StatusOrTheObject()
    {
        var paths = Doc("api/v1").GetProperty("paths");
        string Ref(string path) => paths.GetProperty(path).GetProperty("delete").GetProperty("responses").GetProperty("200").GetProperty("content")
            .GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString()!;
        Ref("/api/v1/namespaces/{namespace}/pods/{name}").ShouldEndWith("io.k8s.api.core.v1.Pod");
        Ref("/api/v1/namespaces/{namespace}/configmaps/{name}").ShouldEndWith("meta.v1.Status");
    }

    [Fact]
    public void Schemas_KindsCarryTheirGroupVersionKind()
    {
        var doc = Doc("api/v1");
        var pod = Schema(doc, "io.k8s.api.core.v1.Pod");
        pod.GetProperty("type").GetString().ShouldBe("object");
        pod.GetProperty("x-kubernetes-group-version-kind").GetRawText().ShouldBe("""[{"group":"","kind":"Pod","version":"v1"}]""");
        pod.GetProperty("properties").GetProperty("metadata").GetRawText()
            .ShouldBe("""{"allOf":[{"$ref":"#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"}],"default":{}}""");
        Schema(doc, "io.k8s.api.core.v1.PodList").GetProperty("required").GetRawText().ShouldBe("""["items"]""");
    }

    [Theory]
    [InlineData("io.k8s.api.core.v1.PodSpec", "containers", """{"items":{"allOf":[{"$ref":"#/components/schemas/io.k8s.api.core.v1.Container"}],"default":{}},"type":"array","x-kubernetes-list-map-keys":["name"],"x-kubernetes-list-type":"map","x-kubernetes-patch-merge-key":"name","x-kubernetes-patch-strategy":"merge"}""")]
    [InlineData("io.k8s.api.core.v1.PodSpec", "nodeSelector", """{"additionalProperties":{"default":"","type":"string"},"type":"object","x-kubernetes-map-type":"atomic"}""")]
    [InlineData("io.k8s.api.core.v1.PodSpec", "overhead", """{"additionalProperties":{"$ref":"#/components/schemas/io.k8s.apimachinery.pkg.api.resource.Quantity"},"type":"object"}""")]
    [InlineData("io.k8s.api.core.v1.PodSpec", "terminationGracePeriodSeconds", """{"format":"int64","type":"integer"}""")]
    [InlineData("io.k8s.api.core.v1.Container", "name", """{"default":"","type":"string"}""")]
    [InlineData("io.k8s.api.core.v1.Container", "imagePullPolicy", """{"enum":["Always","IfNotPresent","Never"],"type":"string"}""")]
    [InlineData("io.k8s.api.core.v1.ServicePort", "targetPort", """{"allOf":[{"$ref":"#/components/schemas/io.k8s.apimachinery.pkg.util.intstr.IntOrString"}]}""")]
    [InlineData("io.k8s.api.core.v1.Secret", "data", """{"additionalProperties":{"format":"byte","type":"string"},"type":"object"}""")]
    [InlineData("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "creationTimestamp", """{"allOf":[{"$ref":"#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.Time"}]}""")]
    public void Schemas_PropertiesAsUpstreamPublishesThem(string definition, string property, string expected)
        => Schema(Doc("api/v1"), definition).GetProperty("properties").GetProperty(property).GetRawText().ShouldBe(expected);

    [Theory]
    [InlineData("io.k8s.apimachinery.pkg.api.resource.Quantity", """{"oneOf":[{"type":"string"},{"type":"number"}]}""")]
    [InlineData("io.k8s.apimachinery.pkg.util.intstr.IntOrString", """{"format":"int-or-string","oneOf":[{"type":"integer"},{"type":"string"}]}""")]
    [InlineData("io.k8s.apimachinery.pkg.apis.meta.v1.Time", """{"format":"date-time","type":"string"}""")]
    [InlineData("io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1", """{"type":"object"}""")]
    [InlineData("io.k8s.apimachinery.pkg.apis.meta.v1.Patch", """{"type":"object"}""")]
    public void Schemas_SpecialTypes(string definition, string expected)
        => Schema(Doc("api/v1"), definition).GetRawText().ShouldBe(expected);

    [Fact]
    public void Schemas_OnlyWhatTheGroupVersionReaches()
    {
        var apps = Doc("apis/apps/v1").GetProperty("components").GetProperty("schemas");
        apps.TryGetProperty("io.k8s.api.apps.v1.Deployment", out _).ShouldBeTrue();
        apps.TryGetProperty("io.k8s.api.autoscaling.v1.Scale", out _).ShouldBeTrue();
        apps.TryGetProperty("io.k8s.api.core.v1.PodSpec", out _).ShouldBeTrue();
        apps.TryGetProperty("io.k8s.api.core.v1.Pod", out _).ShouldBeFalse();
        apps.TryGetProperty("io.k8s.apimachinery.pkg.apis.meta.v1.APIResourceList", out _).ShouldBeTrue();
        var refs = new HashSet<string>();
        CollectRefs(Doc("apis/apps/v1"), refs);
        foreach (var reference in refs)
        {
            apps.TryGetProperty(reference["#/components/schemas/".Length..], out _).ShouldBeTrue(reference);
        }
    }

    [Fact]
    public void ExtensionResources_GetPathsAndTheirSchemaOrAnOpenObject()
    {
        var catalog = new ApiCatalog();
        var schema = JsonDocument.Parse("""{"type":"object","x-kubernetes-group-version-kind":[{"group":"example.com","kind":"Widget","version":"v1"}],"properties":{"spec":{"type":"object"}}}""").RootElement;
        catalog.SetExtension("widgets", [ApiCatalogTests.Widget()], new Dictionary<string, JsonElement> { ["com.example.v1.Widget"] = schema });
        var set = new OpenApiDocumentSet(catalog.Current);
        set.TryGetDocument("apis/example.com/v1", out var document).ShouldBeTrue();
        var root = JsonDocument.Parse(document!.Body).RootElement;
        root.GetProperty("paths").GetProperty("/apis/example.com/v1/namespaces/{namespace}/widgets/{name}").GetProperty("patch")
            .GetProperty("operationId").GetString().ShouldBe("patchExampleComV1NamespacedWidget");
        Schema(root, "com.example.v1.Widget").GetRawText().ShouldBe(schema.GetRawText());
        Schema(root, "com.example.v1.WidgetList").GetProperty("x-kubernetes-preserve-unknown-fields").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public void NextSnapshot_ReusesUnchangedDocuments()
    {
        var catalog = new ApiCatalog();
        var first = new OpenApiDocumentSet(catalog.Current);
        first.TryGetDocument("api/v1", out var v1).ShouldBeTrue();
        catalog.SetExtension("widgets", [ApiCatalogTests.Widget()]);
        var second = new OpenApiDocumentSet(catalog.Current, previous: first);
        second.TryGetDocument("api/v1", out var again).ShouldBeTrue();
        again.ShouldBeSameAs(v1);
        second.Keys.ShouldContain("apis/example.com/v1");
        first.Keys.ShouldNotContain("apis/example.com/v1");
        OpenApiDocumentSet.KeyOf(new GroupVersion("example.com", "v1")).ShouldBe("apis/example.com/v1");
    }

    private static void CollectRefs(JsonElement element, HashSet<string> into)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (property.Name == "$ref")
                {
                    into.Add(property.Value.GetString()!);
                }
                else
                {
                    CollectRefs(property.Value, into);
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                CollectRefs(item, into);
            }
        }
    }
}
