namespace KubeSharp.ApiServer.OpenApi;

/// <summary>The standard parameters of the API server's operations (kube-apiserver v1.32), sorted by name.</summary>
public static class OpenApiParameters
{
    /// <summary><c>pretty</c>, on every resource path.</summary>
    public static readonly OpenApiParameter Pretty = OpenApiParameter.Query("pretty", "string");

    /// <summary><c>{name}</c>.</summary>
    public static readonly OpenApiParameter Name = OpenApiParameter.Path("name");

    /// <summary><c>{namespace}</c>.</summary>
    public static readonly OpenApiParameter Namespace = OpenApiParameter.Path("namespace");

    /// <summary>Query parameters of list and watch (ListOptions).</summary>
    public static readonly IReadOnlyList<OpenApiParameter> List =
    [
        OpenApiParameter.Query("allowWatchBookmarks", "boolean"),
        OpenApiParameter.Query("continue", "string"),
        OpenApiParameter.Query("fieldSelector", "string"),
        OpenApiParameter.Query("labelSelector", "string"),
        OpenApiParameter.Query("limit", "integer"),
        OpenApiParameter.Query("resourceVersion", "string"),
        OpenApiParameter.Query("resourceVersionMatch", "string"),
        OpenApiParameter.Query("sendInitialEvents", "boolean"),
        OpenApiParameter.Query("timeoutSeconds", "integer"),
        OpenApiParameter.Query("watch", "boolean"),
    ];

    /// <summary>Query parameters of create and replace (CreateOptions / UpdateOptions).</summary>
    public static readonly IReadOnlyList<OpenApiParameter> Write =
    [
        OpenApiParameter.Query("dryRun", "string"),
        OpenApiParameter.Query("fieldManager", "string"),
        OpenApiParameter.Query("fieldValidation", "string"),
    ];

    /// <summary>Query parameters of patch (PatchOptions). kubectl sends <c>fieldValidation</c> only when the kind's
    /// patch operation declares it.</summary>
    public static readonly IReadOnlyList<OpenApiParameter> Patch =
    [
        OpenApiParameter.Query("dryRun", "string"),
        OpenApiParameter.Query("fieldManager", "string"),
        OpenApiParameter.Query("fieldValidation", "string"),
        OpenApiParameter.Query("force", "boolean"),
    ];

    /// <summary>Query parameters of delete (DeleteOptions).</summary>
    public static readonly IReadOnlyList<OpenApiParameter> Delete =
    [
        OpenApiParameter.Query("dryRun", "string"),
        OpenApiParameter.Query("gracePeriodSeconds", "integer"),
        OpenApiParameter.Query("ignoreStoreReadErrorWithClusterBreakingPotential", "boolean"),
        OpenApiParameter.Query("orphanDependents", "boolean"),
        OpenApiParameter.Query("propagationPolicy", "string"),
    ];

    /// <summary>Query parameters of deletecollection (DeleteOptions and ListOptions).</summary>
    public static readonly IReadOnlyList<OpenApiParameter> DeleteCollection =
    [
        OpenApiParameter.Query("continue", "string"),
        OpenApiParameter.Query("dryRun", "string"),
        OpenApiParameter.Query("fieldSelector", "string"),
        OpenApiParameter.Query("gracePeriodSeconds", "integer"),
        OpenApiParameter.Query("ignoreStoreReadErrorWithClusterBreakingPotential", "boolean"),
        OpenApiParameter.Query("labelSelector", "string"),
        OpenApiParameter.Query("limit", "integer"),
        OpenApiParameter.Query("orphanDependents", "boolean"),
        OpenApiParameter.Query("propagationPolicy", "string"),
        OpenApiParameter.Query("resourceVersion", "string"),
        OpenApiParameter.Query("resourceVersionMatch", "string"),
        OpenApiParameter.Query("sendInitialEvents", "boolean"),
        OpenApiParameter.Query("timeoutSeconds", "integer"),
    ];

    /// <summary>Query parameters of <c>pods/log</c> (PodLogOptions).</summary>
    public static readonly IReadOnlyList<OpenApiParameter> PodLog =
    [
        OpenApiParameter.Query("container", "string"),
        OpenApiParameter.Query("follow", "boolean"),
        OpenApiParameter.Query("insecureSkipTLSVerifyBackend", "boolean"),
        OpenApiParameter.Query("limitBytes", "integer"),
        OpenApiParameter.Query("previous", "boolean"),
        OpenApiParameter.Query("sinceSeconds", "integer"),
        OpenApiParameter.Query("stream", "string"),
        OpenApiParameter.Query("tailLines", "integer"),
        OpenApiParameter.Query("timestamps", "boolean"),
    ];

    /// <summary>Query parameters of a connect subresource (<c>attach</c>, <c>exec</c>, <c>portforward</c>, <c>proxy</c>).</summary>
    public static IReadOnlyList<OpenApiParameter> Connect(string subresource) => subresource switch
    {
        "attach" =>
        [
            OpenApiParameter.Query("container", "string"),
            OpenApiParameter.Query("stderr", "boolean"),
            OpenApiParameter.Query("stdin", "boolean"),
            OpenApiParameter.Query("stdout", "boolean"),
            OpenApiParameter.Query("tty", "boolean"),
        ],
        "exec" =>
        [
            OpenApiParameter.Query("command", "string"),
            OpenApiParameter.Query("container", "string"),
            OpenApiParameter.Query("stderr", "boolean"),
            OpenApiParameter.Query("stdin", "boolean"),
            OpenApiParameter.Query("stdout", "boolean"),
            OpenApiParameter.Query("tty", "boolean"),
        ],
        "portforward" => [OpenApiParameter.Query("ports", "integer")],
        "proxy" => [OpenApiParameter.Query("path", "string")],
        _ => [],
    };
}
