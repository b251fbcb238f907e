using KubeSharp.Api.Registry;

namespace KubeSharp.Api.Tests.Registry;

public class ResourceRegistryTests
{
    private static readonly ResourceRegistry Registry = ResourceRegistry.Default;

    [Theory]
    [InlineData("pods", "", "v1", "Pod", true)]
    [InlineData("po", "", "v1", "Pod", true)]
    [InlineData("pod", "", "v1", "Pod", true)]
    [InlineData("Pod", "", "v1", "Pod", true)]
    [InlineData("PODS", "", "v1", "Pod", true)]
    [InlineData("deployments", "apps", "v1", "Deployment", true)]
    [InlineData("deploy", "apps", "v1", "Deployment", true)]
    [InlineData("deploy.apps", "apps", "v1", "Deployment", true)]
    [InlineData("deployments.v1.apps", "apps", "v1", "Deployment", true)]
    [InlineData("services", "", "v1", "Service", true)]
    [InlineData("svc", "", "v1", "Service", true)]
    [InlineData("namespaces", "", "v1", "Namespace", false)]
    [InlineData("ns", "", "v1", "Namespace", false)]
    [InlineData("nodes", "", "v1", "Node", false)]
    [InlineData("events", "", "v1", "Event", true)]
    [InlineData("ev", "", "v1", "Event", true)]
    [InlineData("events.events.k8s.io", "events.k8s.io", "v1", "Event", true)]
    [InlineData("hpa", "autoscaling", "v2", "HorizontalPodAutoscaler", true)]
    [InlineData("horizontalpodautoscalers.v1.autoscaling", "autoscaling", "v1", "HorizontalPodAutoscaler", true)]
    [InlineData("crd", "apiextensions.k8s.io", "v1", "CustomResourceDefinition", false)]
    [InlineData("crds", "apiextensions.k8s.io", "v1", "CustomResourceDefinition", false)]
    [InlineData("clusterroles", "rbac.authorization.k8s.io", "v1", "ClusterRole", false)]
    [InlineData("rolebindings", "rbac.authorization.k8s.io", "v1", "RoleBinding", true)]
    public void TryResolve_KubectlArgument_FindsResource(string argument, string group, string version, string kind, bool namespaced)
    {
        Registry.TryResolve(argument, out var resource).ShouldBeTrue();

        resource.GroupVersionKind.ShouldBe(new GroupVersionKind(group, version, kind));
        resource.Namespaced.ShouldBe(namespaced);
    }

    [Theory]
    [InlineData("")]
    [InlineData("nosuchthing")]
    [InlineData("deploy.batch")]
    [InlineData("pods/status")]
    [InlineData("deployments.v2.apps")]
    public void TryResolve_UnknownArgument_ReturnsFalse(string argument)
        => Registry.TryResolve(argument, out _).ShouldBeFalse();

    [Fact]
    public void ResolveAll_Events_CoreFirstThenEventsGroup()
    {
        var all = Registry.ResolveAll("events");

        all.Select(r => r.GroupVersionResource.ToString()).ShouldBe(["/v1, Resource=events", "events.k8s.io/v1, Resource=events"]);
    }

    [Fact]
    public void ResolveAll_Nodes_CoreBeforeMetrics()
        => Registry.ResolveAll("nodes").Select(r => r.Group).ShouldBe(["", "metrics.k8s.io"]);

    [Theory]
    [InlineData("", "v1", "Pod", "pods", "pod")]
    [InlineData("apps", "v1", "Deployment", "deployments", "deployment")]
    [InlineData("", "v1", "Endpoints", "endpoints", "endpoints")]
    [InlineData("events.k8s.io", "v1", "Event", "events", "event")]
    [InlineData("networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies", "networkpolicy")]
    [InlineData("storage.k8s.io", "v1", "CSIStorageCapacity", "csistoragecapacities", "csistoragecapacity")]
    public void TryGetByKind_BuiltInKind_HasPluralAndSingular(string group, string version, string kind, string plural, string singular)
    {
        Registry.TryGetByKind(new GroupVersionKind(group, version, kind), out var resource).ShouldBeTrue();

        resource.Resource.ShouldBe(plural);
        resource.SingularName.ShouldBe(singular);
        resource.ApiVersion.ShouldBe(group.Length == 0 ? version : group + "/" + version);
    }

    [Fact]
    public void TryGetByKind_WrongCase_ReturnsFalse()
        => Registry.TryGetByKind(new GroupVersionKind("apps", "v1", "deployment"), out _).ShouldBeFalse();

    [Theory]
    [InlineData("", "v1", "pods", "Pod")]
    [InlineData("apps", "v1", "deployments", "Deployment")]
    [InlineData("APPS", "V1", "Deployments", "Deployment")]
    [InlineData("events.k8s.io", "v1", "events", "Event")]
    public void TryGetByResource_Gvr_FindsKind(string group, string version, string plural, string kind)
    {
        Registry.TryGetByResource(new GroupVersionResource(group, version, plural), out var resource).ShouldBeTrue();
        resource.Kind.ShouldBe(kind);
    }

    [Theory]
    [InlineData("autoscaling", "horizontalpodautoscalers", "v2")]
    [InlineData("apps", "deployments", "v1")]
    [InlineData("", "pods", "v1")]
    [InlineData("", "po", "v1")]
    public void TryGetPreferred_GroupAndResource_UsesPreferredVersion(string group, string resource, string version)
    {
        Registry.TryGetPreferred(group, resource, out var result).ShouldBeTrue();
        result.Version.ShouldBe(version);
    }

    [Fact]
    public void TryGetPreferredByKind_Autoscaling_PrefersV2()
    {
        Registry.TryGetPreferredByKind("autoscaling", "HorizontalPodAutoscaler", out var result).ShouldBeTrue();
        result.Version.ShouldBe("v2");
    }

    [Theory]
    [InlineData("", "v1", "pods", "status", "", "v1", "Pod", "get,patch,update")]
    [InlineData("", "v1", "pods", "binding", "", "v1", "Binding", "create")]
    [InlineData("", "v1", "pods", "eviction", "policy", "v1", "Eviction", "create")]
    [InlineData("", "v1", "pods", "log", "", "v1", "Pod", "get")]
    [InlineData("apps", "v1", "deployments", "scale", "autoscaling", "v1", "Scale", "get,patch,update")]
    [InlineData("apps", "v1", "deployments", "status", "apps", "v1", "Deployment", "get,patch,update")]
    [InlineData("", "v1", "namespaces", "finalize", "", "v1", "Namespace", "update")]
    [InlineData("", "v1", "serviceaccounts", "token", "authentication.k8s.io", "v1", "TokenRequest", "create")]
    public void TryGetSubresource_Known_HasKindAndVerbs(
        string group, string version, string resource, string subresource, string subGroup, string subVersion, string subKind, string verbs)
    {
        Registry.TryGetSubresource(new GroupVersionResource(group, version, resource), subresource, out var sub).ShouldBeTrue();

        sub.Kind.ShouldBe(new GroupVersionKind(subGroup, subVersion, subKind));
        string.Join(',', sub.Verbs).ShouldBe(verbs);
        sub.Resource.ShouldBe(resource + "/" + subresource);
    }

    [Fact]
    public void TryGetSubresource_PathForm_FindsPodsStatus()
    {
        Registry.TryGetSubresource(new GroupVersionResource("", "v1", "pods/status"), out var sub).ShouldBeTrue();
        sub.Name.ShouldBe("status");
        Registry.TryGetSubresource(new GroupVersionResource("", "v1", "pods/nope"), out _).ShouldBeFalse();
        Registry.TryGetSubresource(new GroupVersionResource("", "v1", "pods"), out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData("cs", "componentstatuses")]
    [InlineData("cm", "configmaps")]
    [InlineData("ep", "endpoints")]
    [InlineData("ev", "events")]
    [InlineData("limits", "limitranges")]
    [InlineData("ns", "namespaces")]
    [InlineData("no", "nodes")]
    [InlineData("pvc", "persistentvolumeclaims")]
    [InlineData("pv", "persistentvolumes")]
    [InlineData("po", "pods")]
    [InlineData("rc", "replicationcontrollers")]
    [InlineData("quota", "resourcequotas")]
    [InlineData("sa", "serviceaccounts")]
    [InlineData("svc", "services")]
    [InlineData("crd", "customresourcedefinitions")]
    [InlineData("crds", "customresourcedefinitions")]
    [InlineData("ds", "daemonsets")]
    [InlineData("deploy", "deployments")]
    [InlineData("rs", "replicasets")]
    [InlineData("sts", "statefulsets")]
    [InlineData("hpa", "horizontalpodautoscalers")]
    [InlineData("cj", "cronjobs")]
    [InlineData("csr", "certificatesigningrequests")]
    [InlineData("ing", "ingresses")]
    [InlineData("ip", "ipaddresses")]
    [InlineData("netpol", "networkpolicies")]
    [InlineData("pdb", "poddisruptionbudgets")]
    [InlineData("pc", "priorityclasses")]
    [InlineData("sc", "storageclasses")]
    [InlineData("vac", "volumeattributesclasses")]
    public void TryResolve_ShortName_FindsResource(string shortName, string plural)
    {
        Registry.TryResolve(shortName, out var resource).ShouldBeTrue();
        resource.Resource.ShouldBe(plural);
        resource.ShortNames.ShouldContain(shortName);
    }

    [Fact]
    public void TryResolve_EveryShortName_ResolvesToAResourceDeclaringIt()
    {
        var withShortNames = Registry.Resources.Where(r => !r.ShortNames.IsEmpty).ToList();
        withShortNames.Count.ShouldBeGreaterThan(25);
        foreach (var resource in withShortNames)
        {
            foreach (var shortName in resource.ShortNames)
            {
                Registry.TryResolve(shortName, out var resolved).ShouldBeTrue(shortName);
                // "ev" is declared by core and events.k8s.io events; the core group wins, as with kubectl.
                resolved.ShortNames.ShouldContain(shortName);
                resolved.Resource.ShouldBe(resource.Resource, shortName);
                ResourceRegistry.Default.ResolveAll(shortName).ShouldContain(resource);
            }
        }
    }

    [Fact]
    public void GetByCategory_All_MatchesKubectlGetAll()
    {
        var all = Registry.GetByCategory("all");

        all.Select(r => r.GroupResource.ToString()).ShouldBe([
            "pods", "replicationcontrollers", "services",
            "daemonsets.apps", "deployments.apps", "replicasets.apps", "statefulsets.apps",
            "horizontalpodautoscalers.autoscaling",
            "cronjobs.batch", "jobs.batch",
        ]);
        all.Single(r => r.Resource == "horizontalpodautoscalers").Version.ShouldBe("v2");
    }

    [Fact]
    public void GetByCategory_ApiExtensions_ListsWebhooksAndCrds()
    {
        var names = Registry.GetByCategory("api-extensions").Select(r => r.Resource).ToList();

        names.ShouldContain("customresourcedefinitions");
        names.ShouldContain("mutatingwebhookconfigurations");
        names.ShouldContain("apiservices");
        names.ShouldNotContain("pods");
    }

    [Fact]
    public void GetByCategory_Unknown_IsEmpty() => Registry.GetByCategory("nope").ShouldBeEmpty();

    [Fact]
    public void Groups_CoreFirstWithPreferredVersions()
    {
        Registry.Groups[0].Name.ShouldBe("");
        Registry.Groups[1].Name.ShouldBe("apps");
        Registry.Groups[2].Name.ShouldBe("events.k8s.io");
        Registry.TryGetGroup("autoscaling", out var autoscaling).ShouldBeTrue();
        autoscaling.Versions.ShouldBe(["v2", "v1"]);
        autoscaling.PreferredGroupVersion.ToString().ShouldBe("autoscaling/v2");
        Registry.GetPreferredVersion("metrics.k8s.io").ShouldBe("v1beta1");
        Registry.GetPreferredVersion("nope.example.com").ShouldBeNull();
        Registry.GroupVersions.ShouldContain(new GroupVersion("autoscaling", "v1"));
        Registry.GroupVersions.IndexOf(new GroupVersion("autoscaling", "v2"))
            .ShouldBeLessThan(Registry.GroupVersions.IndexOf(new GroupVersion("autoscaling", "v1")));
        Registry.GroupVersions[0].ToString().ShouldBe("v1");
    }

    [Theory]
    [InlineData("v1", "v1beta1", 1)]
    [InlineData("v2", "v1", 1)]
    [InlineData("v1beta2", "v1beta1", 1)]
    [InlineData("v1beta1", "v1alpha3", 1)]
    [InlineData("v1alpha1", "v2alpha1", -1)]
    [InlineData("v1", "foo", 1)]
    [InlineData("foo1", "foo10", 1)]
    public void CompareKubeAwareVersions_OrdersAsUpstream(string left, string right, int sign)
        => Math.Sign(ApiPriority.CompareKubeAwareVersions(left, right)).ShouldBe(sign);

    [Fact]
    public void Preferred_V1OverV1beta1()
    {
        var registry = new ResourceRegistry([
            Widget("v1beta1"), Widget("v1"), Widget("v1alpha1"),
        ]);

        registry.GetPreferredVersion("example.com").ShouldBe("v1");
        registry.TryResolve("widgets", out var widget).ShouldBeTrue();
        widget.Version.ShouldBe("v1");
        registry.GetVersions(new GroupResource("example.com", "widgets")).Select(r => r.Version).ShouldBe(["v1", "v1beta1", "v1alpha1"]);
    }

    [Fact]
    public void Default_LoadsAllEntriesOnce()
    {
        ResourceRegistry.Default.ShouldBeSameAs(Registry);
        Registry.Resources.Length.ShouldBe(74);
        Registry.Resources.ShouldAllBe(r => r.Verbs.Length > 0 || r.Kind == "NodeMetrics" || r.Kind == "PodMetrics");
    }

    [Fact]
    public void Default_ParallelFirstUse_IsThreadSafe()
    {
        var results = new ResourceRegistry[16];
        Parallel.For(0, results.Length, i => results[i] = ResourceRegistry.Default);
        results.Distinct().Count().ShouldBe(1);
    }

    [Fact]
    public void Load_CustomJson_ReadsSubresourcesAndOptionalFields()
    {
        var json = """
            {"formatVersion":1,"resources":[{"group":"example.com","version":"v1","kind":"Widget","resource":"widgets",
              "singularName":"widget","namespaced":true,"verbs":["get","list"],"shortNames":["wd"],"categories":["all"],
              "subresources":[{"name":"status","kind":{"group":"example.com","version":"v1","kind":"Widget"},"verbs":["get"],"definition":"com.example.v1.Widget"}],
              "definition":"com.example.v1.Widget"}]}
            """u8;

        var registry = ResourceRegistry.Load(json);

        registry.TryResolve("wd", out var widget).ShouldBeTrue();
        widget.ListDefinition.ShouldBeNull();
        widget.ListKind.ShouldBeNull();
        widget.IntroducedIn.ShouldBeNull();
        widget.Supports("get").ShouldBeTrue();
        widget.Supports("delete").ShouldBeFalse();
        widget.TryGetSubresource("STATUS", out var status).ShouldBeTrue();
        status.Supports("get").ShouldBeTrue();
    }

    [Fact]
    public void Load_MissingResources_Throws()
        => Should.Throw<InvalidDataException>(() => ResourceRegistry.Load("""{"formatVersion":1}"""u8));

    [Fact]
    public void Deployment_HasListKindAndDefinitions()
    {
        Registry.TryResolve("deploy", out var deployment).ShouldBeTrue();

        deployment.Definition.ShouldBe("io.k8s.api.apps.v1.Deployment");
        deployment.ListDefinition.ShouldBe("io.k8s.api.apps.v1.DeploymentList");
        deployment.ListKind.ShouldBe("DeploymentList");
        deployment.Categories.ShouldBe(["all"]);
        deployment.Verbs.ShouldContain("watch");
    }

    private static ApiResource Widget(string version) => new(
        new GroupVersionKind("example.com", version, "Widget"), "widgets", "widget", true,
        ["get"], [], [], [], "com.example." + version + ".Widget", null, null);
}
