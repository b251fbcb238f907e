namespace KubeSharp.ApiServer.OpenApi;

/// <summary>Definition names the generated documents reference besides the resources' own kinds.</summary>
public static class OpenApiDefinitions
{
    /// <summary><c>io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions</c>.</summary>
    public const string DeleteOptions = "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions";

    /// <summary><c>io.k8s.apimachinery.pkg.apis.meta.v1.Status</c>.</summary>
    public const string Status = "io.k8s.apimachinery.pkg.apis.meta.v1.Status";

    /// <summary><c>io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent</c>.</summary>
    public const string WatchEvent = "io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent";

    /// <summary><c>io.k8s.apimachinery.pkg.apis.meta.v1.Patch</c>.</summary>
    public const string Patch = "io.k8s.apimachinery.pkg.apis.meta.v1.Patch";

    /// <summary><c>io.k8s.apimachinery.pkg.apis.meta.v1.APIResourceList</c>.</summary>
    public const string ApiResourceList = "io.k8s.apimachinery.pkg.apis.meta.v1.APIResourceList";

    /// <summary><c>io.k8s.apimachinery.pkg.apis.meta.v1.APIGroup</c>.</summary>
    public const string ApiGroup = "io.k8s.apimachinery.pkg.apis.meta.v1.APIGroup";

    /// <summary><c>io.k8s.apimachinery.pkg.apis.meta.v1.APIGroupList</c>.</summary>
    public const string ApiGroupList = "io.k8s.apimachinery.pkg.apis.meta.v1.APIGroupList";

    /// <summary><c>io.k8s.apimachinery.pkg.apis.meta.v1.APIVersions</c>.</summary>
    public const string ApiVersions = "io.k8s.apimachinery.pkg.apis.meta.v1.APIVersions";

    /// <summary><c>io.k8s.apimachinery.pkg.version.Info</c>.</summary>
    public const string VersionInfo = "io.k8s.apimachinery.pkg.version.Info";
}
