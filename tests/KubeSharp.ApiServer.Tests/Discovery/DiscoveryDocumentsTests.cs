using System.Text.Json;
using KubeSharp.Api.Registry;
using KubeSharp.ApiServer.Discovery;

namespace KubeSharp.ApiServer.Tests.Discovery;

public class DiscoveryDocumentsTests
{
    private static readonly DiscoveryDocuments Documents = new(ResourceRegistry.Default, "127.0.0.1:6443");

    private static JsonElement Parse(EncodedDocument document) => JsonDocument.Parse(document.Body).RootElement;

    [Theory]
    [InlineData(DiscoveryVersion.AggregatedV2, "apidiscovery.k8s.io/v2", DiscoveryMediaTypes.AggregatedV2)]
    [InlineData(DiscoveryVersion.AggregatedV2Beta1, "apidiscovery.k8s.io/v2beta1", DiscoveryMediaTypes.AggregatedV2Beta1)]
    public void AggregatedApi_HasOneItemNamedEmptyWithCoreV1(DiscoveryVersion version, string apiVersion, string contentType)
    {
        var document = Documents.GetAggregated(core: true, version);
        document.ContentType.ShouldBe(contentType);
        var root = Parse(document);
        root.GetProperty("kind").GetString().ShouldBe("APIGroupDiscoveryList");
        root.GetProperty("apiVersion").GetString().ShouldBe(apiVersion);
        var item = root.GetProperty("items").EnumerateArray().Single();
        // The core group's name is empty, so Go's omitempty drops it: "metadata":{}.
        item.GetProperty("metadata").TryGetProperty("name", out _).ShouldBeFalse();
        var v1 = item.GetProperty("versions").EnumerateArray().Single();
        v1.GetProperty("version").GetString().ShouldBe("v1");
        v1.GetProperty("freshness").GetString().ShouldBe("Current");
        var pods = v1.GetProperty("resources").EnumerateArray().Single(r => r.GetProperty("resource").GetString() == "pods");
        pods.GetProperty("singularResource").GetString().ShouldBe("pod");
        pods.GetProperty("scope").GetString().ShouldBe("Namespaced");
        pods.GetProperty("shortNames").EnumerateArray().Select(s => s.GetString()).ShouldBe(["po"]);
        pods.GetProperty("categories").EnumerateArray().Select(s => s.GetString()).ShouldBe(["all"]);
        pods.GetProperty("responseKind").GetRawText().ShouldBe("""{"group":"","version":"v1","kind":"Pod"}""");
        var eviction = pods.GetProperty("subresources").EnumerateArray().Single(s => s.GetProperty("subresource").GetString() == "eviction");
        eviction.GetProperty("responseKind").GetRawText().ShouldBe("""{"group":"policy","version":"v1","kind":"Eviction"}""");
        eviction.GetProperty("verbs").EnumerateArray().Select(s => s.GetString()).ShouldBe(["create"]);
    }

    [Fact]
    public void AggregatedApis_ListsEveryOtherGroupInPriorityOrder()
    {
        var root = Parse(Documents.GetAggregated(core: false, DiscoveryVersion.AggregatedV2));
        var names = root.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("metadata").GetProperty("name").GetString()!).ToList();
        names[0].ShouldBe("apps");
        names.ShouldBe(ResourceRegistry.Default.Groups.Select(g => g.Name).Where(n => n.Length > 0).ToList());
        var autoscaling = root.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("metadata").GetProperty("name").GetString() == "autoscaling");
        autoscaling.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("version").GetString()).ShouldBe(["v2", "v1"]);
        var apps = root.GetProperty("items").EnumerateArray().First();
        var deployments = apps.GetProperty("versions")[0].GetProperty("resources").EnumerateArray().Single(r => r.GetProperty("resource").GetString() == "deployments");
        deployments.GetProperty("subresources").EnumerateArray().Select(s => s.GetProperty("subresource").GetString()).ShouldBe(["scale", "status"]);
        deployments.GetProperty("subresources")[0].GetProperty("responseKind").GetRawText().ShouldBe("""{"group":"autoscaling","version":"v1","kind":"Scale"}""");
    }

    [Fact]
    public void LegacyApiVersions_AndGroupList()
    {
        Parse(Documents.ApiVersions).GetRawText().ShouldBe(
            """{"kind":"APIVersions","versions":["v1"],"serverAddressByClientCIDRs":[{"clientCIDR":"0.0.0.0/0","serverAddress":"127.0.0.1:6443"}]}""");
        var groups = Parse(Documents.ApiGroupList);
        groups.GetProperty("kind").GetString().ShouldBe("APIGroupList");
        groups.GetProperty("apiVersion").GetString().ShouldBe("v1");
        var autoscaling = groups.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("name").GetString() == "autoscaling");
        autoscaling.GetRawText().ShouldBe(
            """{"name":"autoscaling","versions":[{"groupVersion":"autoscaling/v2","version":"v2"},{"groupVersion":"autoscaling/v1","version":"v1"}],"preferredVersion":{"groupVersion":"autoscaling/v2","version":"v2"}}""");
        groups.GetProperty("groups").EnumerateArray().ShouldNotContain(g => g.GetProperty("name").GetString() == "");
    }

    [Fact]
    public void LegacyApiGroup()
    {
        Documents.TryGetApiGroup("apps", out var apps).ShouldBeTrue();
        Parse(apps!).GetRawText().ShouldBe(
            """{"kind":"APIGroup","apiVersion":"v1","name":"apps","versions":[{"groupVersion":"apps/v1","version":"v1"}],"preferredVersion":{"groupVersion":"apps/v1","version":"v1"}}""");
        Documents.TryGetApiGroup("", out _).ShouldBeFalse();
        Documents.TryGetApiGroup("nope.example.com", out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData("apps", "v1", "deployments", """{"name":"deployments","singularName":"deployment","namespaced":true,"kind":"Deployment","verbs":["create","delete","deletecollection","get","list","patch","update","watch"],"shortNames":["deploy"],"categories":["all"]}""")]
    [InlineData("apps", "v1", "deployments/scale", """{"name":"deployments/scale","singularName":"","namespaced":true,"group":"autoscaling","version":"v1","kind":"Scale","verbs":["get","patch","update"]}""")]
    [InlineData("apps", "v1", "deployments/status", """{"name":"deployments/status","singularName":"","namespaced":true,"kind":"Deployment","verbs":["get","patch","update"]}""")]
    [InlineData("", "v1", "pods/eviction", """{"name":"pods/eviction","singularName":"","namespaced":true,"group":"policy","version":"v1","kind":"Eviction","verbs":["create"]}""")]
    [InlineData("", "v1", "namespaces/finalize", """{"name":"namespaces/finalize","singularName":"","namespaced":false,"kind":"Namespace","verbs":["update"]}""")]
    public void LegacyResourceList_HasResourcesAndSubresources(string group, string version, string name, string expected)
    {
        Documents.TryGetResourceList(new GroupVersion(group, version), out var document).ShouldBeTrue();
        var root = Parse(document!);
        root.GetProperty("kind").GetString().ShouldBe("APIResourceList");
        root.GetProperty("groupVersion").GetString().ShouldBe(group.Length == 0 ? version : group + "/" + version);
        root.GetProperty("resources").EnumerateArray().Single(r => r.GetProperty("name").GetString() == name).GetRawText().ShouldBe(expected);
    }

    [Fact]
    public void LegacyResourceList_IsSortedByName()
    {
        Documents.TryGetResourceList(new GroupVersion("", "v1"), out var document).ShouldBeTrue();
        var names = Parse(document!).GetProperty("resources").EnumerateArray().Select(r => r.GetProperty("name").GetString()!).ToList();
        names.ShouldBe(names.Order(StringComparer.Ordinal).ToList());
        names.ShouldContain("pods/log");
        Documents.TryGetResourceList(new GroupVersion("", "v2"), out _).ShouldBeFalse();
    }

    [Fact]
    public void EntityTags_AreQuotedContentHashes()
    {
        var document = Documents.GetAggregated(core: false, DiscoveryVersion.AggregatedV2);
        document.Hash.Length.ShouldBe(128);
        document.ETag.ShouldBe("\"" + document.Hash + "\"");
        new DiscoveryDocuments(ResourceRegistry.Default).GetAggregated(core: false, DiscoveryVersion.AggregatedV2).Hash.ShouldBe(document.Hash);
    }
}
