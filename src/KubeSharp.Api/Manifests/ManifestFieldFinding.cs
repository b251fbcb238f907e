namespace KubeSharp.Api.Manifests;

/// <summary>An unknown or duplicate field found while decoding a document.</summary>
/// <param name="DocumentIndex">Index of the document in the stream.</param>
/// <param name="ItemIndex">Index of the item when the document was a list, or null.</param>
/// <param name="Kind">Unknown or duplicate.</param>
/// <param name="Path">The field path in upstream's format, for example <c>spec.containers[0].imagePullPolicyy</c>.</param>
public sealed record ManifestFieldFinding(int DocumentIndex, int? ItemIndex, ManifestFindingKind Kind, string Path)
{
    /// <summary>As the API server words it: <c>unknown field "spec.foo"</c> or <c>duplicate field "spec.replicas"</c>.</summary>
    public override string ToString()
        => (Kind == ManifestFindingKind.UnknownField ? "unknown field " : "duplicate field ") + GoText.Quote(Path);
}
