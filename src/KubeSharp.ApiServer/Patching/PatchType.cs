namespace KubeSharp.ApiServer.Patching;

/// <summary>The patch formats the API server accepts on PATCH (upstream's <c>types.PatchType</c>).</summary>
public enum PatchType
{
    /// <summary>RFC 6902 JSON Patch, <c>application/json-patch+json</c>.</summary>
    JsonPatch,

    /// <summary>RFC 7386 JSON merge patch, <c>application/merge-patch+json</c>.</summary>
    MergePatch,

    /// <summary>Kubernetes strategic merge patch, <c>application/strategic-merge-patch+json</c>.</summary>
    StrategicMergePatch,

    /// <summary>Server-side apply, <c>application/apply-patch+yaml</c>.</summary>
    ApplyYaml,
}

/// <summary>Content types of <see cref="PatchType"/>, and parsing of a request's Content-Type header.</summary>
public static class PatchContentTypes
{
    public const string JsonPatch = "application/json-patch+json";
    public const string MergePatch = "application/merge-patch+json";
    public const string StrategicMergePatch = "application/strategic-merge-patch+json";
    public const string ApplyYaml = "application/apply-patch+yaml";

    /// <summary>
    /// Maps a Content-Type header to a patch type as upstream's patch handler does: everything from the first
    /// <c>;</c> is dropped (only when it is not the first character), the rest must match exactly.
    /// </summary>
    public static bool TryParse(string? contentType, out PatchType patchType)
    {
        var value = contentType ?? "";
        var semicolon = value.IndexOf(';', StringComparison.Ordinal);
        if (semicolon > 0)
        {
            value = value[..semicolon];
        }

        switch (value)
        {
            case JsonPatch: patchType = PatchType.JsonPatch; return true;
            case MergePatch: patchType = PatchType.MergePatch; return true;
            case StrategicMergePatch: patchType = PatchType.StrategicMergePatch; return true;
            case ApplyYaml: patchType = PatchType.ApplyYaml; return true;
            default: patchType = default; return false;
        }
    }

    /// <summary>The content type of a patch type.</summary>
    public static string Of(PatchType patchType) => patchType switch
    {
        PatchType.JsonPatch => JsonPatch,
        PatchType.MergePatch => MergePatch,
        PatchType.StrategicMergePatch => StrategicMergePatch,
        PatchType.ApplyYaml => ApplyYaml,
        _ => throw new ArgumentOutOfRangeException(nameof(patchType)),
    };
}
