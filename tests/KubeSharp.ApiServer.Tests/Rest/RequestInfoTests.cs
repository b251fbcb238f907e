using KubeSharp.ApiServer.Rest;

namespace KubeSharp.ApiServer.Tests.Rest;

public class RequestInfoTests
{
    public static TheoryData<string, string, string, string, string, string, string, string, string> Cases => new()
    {
        // method, path+query, verb, group, version, namespace, resource, name, subresource
        { "GET", "/api/v1/namespaces/default/pods", "list", "", "v1", "default", "pods", "", "" },
        { "GET", "/api/v1/namespaces/default/pods/web", "get", "", "v1", "default", "pods", "web", "" },
        { "GET", "/api/v1/namespaces/default/pods/web/log", "get", "", "v1", "default", "pods", "web", "log" },
        { "GET", "/api/v1/namespaces/default/pods?watch=true", "watch", "", "v1", "default", "pods", "", "" },
        { "GET", "/api/v1/namespaces/default/pods?watch=1", "watch", "", "v1", "default", "pods", "", "" },
        { "GET", "/api/v1/watch/namespaces/default/pods", "watch", "", "v1", "default", "pods", "", "" },
        { "GET", "/api/v1/pods", "list", "", "v1", "", "pods", "", "" },
        { "POST", "/apis/apps/v1/namespaces/kube-system/deployments", "create", "apps", "v1", "kube-system", "deployments", "", "" },
        { "PUT", "/apis/apps/v1/namespaces/ns/deployments/web/scale", "update", "apps", "v1", "ns", "deployments", "web", "scale" },
        { "PATCH", "/apis/apps/v1/namespaces/ns/deployments/web", "patch", "apps", "v1", "ns", "deployments", "web", "" },
        { "DELETE", "/api/v1/namespaces/ns/configmaps", "deletecollection", "", "v1", "ns", "configmaps", "", "" },
        { "DELETE", "/api/v1/namespaces/ns/configmaps/c", "delete", "", "v1", "ns", "configmaps", "c", "" },
        { "GET", "/api/v1/namespaces", "list", "", "v1", "", "namespaces", "", "" },
        { "GET", "/api/v1/namespaces/kube-system", "get", "", "v1", "", "namespaces", "kube-system", "" },
        { "PUT", "/api/v1/namespaces/old/finalize", "update", "", "v1", "", "namespaces", "old", "finalize" },
        { "PUT", "/api/v1/namespaces/old/status", "update", "", "v1", "", "namespaces", "old", "status" },
        { "GET", "/api/v1/nodes/n1", "get", "", "v1", "", "nodes", "n1", "" },
        { "POST", "/api/v1/namespaces/ns/pods/p/eviction", "create", "", "v1", "ns", "pods", "p", "eviction" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_ResourcePaths_AsUpstream(string method, string url, string verb, string group, string version, string ns, string resource, string name, string subresource)
    {
        var (path, query) = Split(url);

        var info = RequestInfo.Parse(method, path, query);

        info.IsResourceRequest.ShouldBeTrue();
        (info.Verb, info.ApiGroup, info.ApiVersion, info.Namespace, info.Resource, info.Name, info.Subresource)
            .ShouldBe((verb, group, version, ns, resource, name, subresource));
    }

    [Theory]
    [InlineData("/version")]
    [InlineData("/healthz")]
    [InlineData("/api")]
    [InlineData("/apis")]
    [InlineData("/apis/apps")]
    [InlineData("/api/v1")]
    [InlineData("/apis/apps/v1")]
    [InlineData("/openapi/v3")]
    public void Parse_NonResourcePaths_AreNotResourceRequests(string path)
    {
        RequestInfo.Parse("GET", path, _ => null).IsResourceRequest.ShouldBeFalse();
    }

    private static (string Path, Func<string, string?> Query) Split(string url)
    {
        var q = url.IndexOf('?', StringComparison.Ordinal);
        if (q < 0)
        {
            return (url, _ => null);
        }
        var query = System.Web.HttpUtility.ParseQueryString(url[(q + 1)..]);
        return (url[..q], key => query[key]);
    }
}
