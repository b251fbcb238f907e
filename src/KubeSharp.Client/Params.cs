namespace KubeSharp.Client;

/// <summary>Query parameters of list, watch and deletecollection (metav1.ListOptions).</summary>
public sealed record ListParams
{
    /// <summary>A label selector (<c>app=web,tier!=db</c>).</summary>
    public string? LabelSelector { get; init; }

    /// <summary>A field selector (<c>metadata.name=x</c>, <c>spec.nodeName=n1</c>).</summary>
    public string? FieldSelector { get; init; }

    /// <summary>Page size (list only); the answer's <see cref="ResourceList{T}.Continue"/> fetches the next page.</summary>
    public long? Limit { get; init; }

    /// <summary>The continue token of the previous page.</summary>
    public string? Continue { get; init; }

    /// <summary>resourceVersion: "" most recent (quorum), "0" any, else not older than (or exactly, with Match=Exact);
    /// for a watch, where to start.</summary>
    public string? ResourceVersion { get; init; }

    /// <summary>resourceVersionMatch: NotOlderThan or Exact (list only).</summary>
    public string? ResourceVersionMatch { get; init; }

    /// <summary>timeoutSeconds: how long the server keeps a watch open.</summary>
    public long? TimeoutSeconds { get; init; }

    /// <summary>allowWatchBookmarks (watch only).</summary>
    public bool AllowWatchBookmarks { get; init; }

    /// <summary>sendInitialEvents (watch only, with resourceVersionMatch=NotOlderThan).</summary>
    public bool? SendInitialEvents { get; init; }

    internal void AddTo(RestRequest request, bool watch)
    {
        request.AddQuery("labelSelector", LabelSelector)
            .AddQuery("fieldSelector", FieldSelector)
            .AddQuery("resourceVersion", ResourceVersion)
            .AddQuery("resourceVersionMatch", ResourceVersionMatch)
            .AddQuery("timeoutSeconds", TimeoutSeconds?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (watch)
        {
            request.AddQuery("watch", "true");
            if (AllowWatchBookmarks)
            {
                request.AddQuery("allowWatchBookmarks", "true");
            }
            if (SendInitialEvents is { } initial)
            {
                request.AddQuery("sendInitialEvents", initial ? "true" : "false");
            }
        }
        else
        {
            request.AddQuery("limit", Limit?.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .AddQuery("continue", Continue);
        }
    }
}

/// <summary>Query parameters of create and update (metav1.CreateOptions / UpdateOptions).</summary>
public sealed record WriteParams
{
    /// <summary>dryRun=All: validate and admit, store nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary>fieldManager: the manager recorded in managedFields.</summary>
    public string? FieldManager { get; init; }

    /// <summary>fieldValidation: Ignore, Warn or Strict.</summary>
    public string? FieldValidation { get; init; }

    internal void AddTo(RestRequest request)
    {
        request.AddQuery("dryRun", DryRun ? "All" : null)
            .AddQuery("fieldManager", FieldManager)
            .AddQuery("fieldValidation", FieldValidation);
    }
}

/// <summary>Query parameters of patch (metav1.PatchOptions).</summary>
public sealed record PatchParams
{
    /// <summary>dryRun=All.</summary>
    public bool DryRun { get; init; }

    /// <summary>fieldManager (required for server-side apply).</summary>
    public string? FieldManager { get; init; }

    /// <summary>force (server-side apply only): take ownership of conflicting fields.</summary>
    public bool? Force { get; init; }

    /// <summary>fieldValidation: Ignore, Warn or Strict.</summary>
    public string? FieldValidation { get; init; }

    internal void AddTo(RestRequest request)
    {
        request.AddQuery("dryRun", DryRun ? "All" : null)
            .AddQuery("fieldManager", FieldManager)
            .AddQuery("fieldValidation", FieldValidation)
            .AddQuery("force", Force is { } force ? (force ? "true" : "false") : null);
    }
}

/// <summary>The patch formats the API server accepts.</summary>
public enum PatchType
{
    /// <summary>RFC 6902 JSON patch (application/json-patch+json).</summary>
    Json,

    /// <summary>RFC 7386 JSON merge patch (application/merge-patch+json).</summary>
    Merge,

    /// <summary>Strategic merge patch (application/strategic-merge-patch+json); built-in kinds only.</summary>
    StrategicMerge,

    /// <summary>Server-side apply (application/apply-patch+yaml; JSON is valid YAML).</summary>
    Apply,
}

/// <summary>Content types of <see cref="PatchType"/>.</summary>
public static class PatchTypes
{
    /// <summary>The Content-Type header of a patch type.</summary>
    public static string ContentType(this PatchType type) => type switch
    {
        PatchType.Json => "application/json-patch+json",
        PatchType.Merge => "application/merge-patch+json",
        PatchType.StrategicMerge => "application/strategic-merge-patch+json",
        PatchType.Apply => "application/apply-patch+yaml",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };
}
