using System.Text.Json;
using KubeSharp.Api.Registry;
using KubeSharp.ApiServer.Discovery;

namespace KubeSharp.ApiServer.Tests.Discovery;

public class ApiCatalogTests
{
    internal static ApiResource Widget(string version = "v1") => new(
        new GroupVersionKind("example.com", version, "Widget"),
        "widgets",
        "widget",
        namespaced: true,
        verbs: ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
        shortNames: ["wd"],
        categories: ["all"],
        subresources: [new ApiSubresource("status", "widgets/status", new GroupVersionKind("example.com", version, "Widget"), ["get", "patch", "update"], "com.example." + version + ".Widget")],
        definition: "com.example." + version + ".Widget",
        listDefinition: "com.example." + version + ".WidgetList",
        introducedIn: null);

    [Fact]
    public void SetExtension_AddsAGroupToDiscovery_RemoveTakesItAway()
    {
        var catalog = new ApiCatalog();
        var changes = 0;
        catalog.Changed += (_, _) => changes++;
        var before = catalog.Current;
        catalog.SetExtension("widgets.example.com", [Widget()]);
        catalog.Current.Generation.ShouldBe(before.Generation + 1);
        catalog.Current.Registry.TryResolve("wd", out var resolved).ShouldBeTrue();
        resolved!.Kind.ShouldBe("Widget");
        var apis = JsonDocument.Parse(catalog.Current.Discovery.GetAggregated(false, DiscoveryVersion.AggregatedV2).Body).RootElement;
        // Groups without a built-in priority come after the built-in ones, by name.
        apis.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("metadata").GetProperty("name").GetString()).TakeLast(2)
            .ShouldBe(["example.com", "metrics.k8s.io"]);
        catalog.Current.Discovery.TryGetResourceList(new GroupVersion("example.com", "v1"), out _).ShouldBeTrue();

        catalog.RemoveExtension("widgets.example.com").ShouldBeTrue();
        catalog.RemoveExtension("widgets.example.com").ShouldBeFalse();
        catalog.Current.Discovery.TryGetResourceList(new GroupVersion("example.com", "v1"), out _).ShouldBeFalse();
        changes.ShouldBe(2);
    }

    [Fact]
    public void SetExtension_BuiltInsWin()
    {
        var catalog = new ApiCatalog();
        var fake = new ApiResource(new GroupVersionKind("", "v1", "FakePod"), "pods", "pod", true, ["get"], [], [], [], "x", null, null);
        catalog.SetExtension("evil", [fake]);
        catalog.Current.Registry.TryGetByResource(new GroupVersionResource("", "v1", "pods"), out var pods).ShouldBeTrue();
        pods!.Kind.ShouldBe("Pod");
        catalog.Current.ExtensionResources.ShouldBeEmpty();
    }
}
