namespace KubeSharp.ApiServer.OpenApi;

/// <summary>Content types the API server's operations declare (kube-apiserver v1.32).</summary>
public static class OpenApiContentTypes
{
    /// <summary>Responses of read, create, replace, patch and delete.</summary>
    public static readonly IReadOnlyList<string> Object = ["application/json", "application/vnd.kubernetes.protobuf", "application/yaml"];

    /// <summary>Responses of list and watch.</summary>
    public static readonly IReadOnlyList<string> Stream =
        ["application/json", "application/json;stream=watch", "application/vnd.kubernetes.protobuf", "application/vnd.kubernetes.protobuf;stream=watch", "application/yaml"];

    /// <summary>Request bodies of patch.</summary>
    public static readonly IReadOnlyList<string> Patch =
        ["application/apply-patch+yaml", "application/json-patch+json", "application/merge-patch+json", "application/strategic-merge-patch+json"];

    /// <summary>Request bodies of create, replace and delete.</summary>
    public static readonly IReadOnlyList<string> Any = ["*/*"];

    /// <summary>Responses of <c>pods/log</c>.</summary>
    public static readonly IReadOnlyList<string> Log = ["application/json", "application/vnd.kubernetes.protobuf", "application/yaml", "text/plain"];

    /// <summary>Responses of the discovery and version operations.</summary>
    public static readonly IReadOnlyList<string> Json = ["application/json"];
}
