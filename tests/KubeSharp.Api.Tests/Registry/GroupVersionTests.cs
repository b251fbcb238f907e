using KubeSharp.Api.Registry;

namespace KubeSharp.Api.Tests.Registry;

public class GroupVersionTests
{
    [Theory]
    [InlineData("apps/v1", "apps", "v1", "apps/v1")]
    [InlineData("v1", "", "v1", "v1")]
    [InlineData("rbac.authorization.k8s.io/v1", "rbac.authorization.k8s.io", "v1", "rbac.authorization.k8s.io/v1")]
    [InlineData("", "", "", "")]
    [InlineData("/", "", "", "")]
    public void ParseApiVersion_ValidInput_SplitsGroupAndVersion(string apiVersion, string group, string version, string printed)
    {
        var gv = GroupVersion.ParseApiVersion(apiVersion);

        gv.Group.ShouldBe(group);
        gv.Version.ShouldBe(version);
        gv.ToString().ShouldBe(printed);
    }

    [Fact]
    public void ParseApiVersion_TwoSlashes_ThrowsUpstreamMessage()
    {
        var ex = Should.Throw<FormatException>(() => GroupVersion.ParseApiVersion("a/b/c"));
        ex.Message.ShouldBe("unexpected GroupVersion string: a/b/c");
    }

    [Theory]
    [InlineData("apps", "v1", "Deployment", "apps/v1, Kind=Deployment")]
    [InlineData("", "v1", "Pod", "/v1, Kind=Pod")]
    public void GroupVersionKind_ToString_PrintsAsUpstream(string group, string version, string kind, string expected)
        => new GroupVersionKind(group, version, kind).ToString().ShouldBe(expected);

    [Theory]
    [InlineData("apps", "v1", "deployments", "apps/v1, Resource=deployments")]
    [InlineData("", "v1", "pods", "/v1, Resource=pods")]
    public void GroupVersionResource_ToString_PrintsAsUpstream(string group, string version, string resource, string expected)
        => new GroupVersionResource(group, version, resource).ToString().ShouldBe(expected);

    [Theory]
    [InlineData("apps", "deployments", "deployments.apps")]
    [InlineData("", "pods", "pods")]
    public void GroupResource_ToString_PrintsAsUpstream(string group, string resource, string expected)
        => new GroupResource(group, resource).ToString().ShouldBe(expected);

    [Fact]
    public void GroupVersionKind_FromApiVersion_ParsesGroup()
    {
        var gvk = GroupVersionKind.FromApiVersion("apps/v1", "Deployment");

        gvk.ShouldBe(new GroupVersionKind("apps", "v1", "Deployment"));
        gvk.ApiVersion.ShouldBe("apps/v1");
        new GroupVersionKind("", "v1", "Pod").ApiVersion.ShouldBe("v1");
    }

    [Fact]
    public void Default_EqualsEmpty()
    {
        default(GroupVersion).ShouldBe(new GroupVersion("", ""));
        default(GroupVersionKind).ToString().ShouldBe("/, Kind=");
    }
}
