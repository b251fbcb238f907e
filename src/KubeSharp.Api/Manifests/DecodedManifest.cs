namespace KubeSharp.Api.Manifests;

/// <summary>A manifest document decoded into its typed API object.</summary>
/// <param name="Document">The source document.</param>
/// <param name="Object">The typed object (an instance of the generated type for the document's kind).</param>
/// <param name="Findings">Unknown and duplicate fields (empty with <see cref="FieldValidationMode.Ignore"/>).</param>
public sealed record DecodedManifest(ManifestDocument Document, object Object, IReadOnlyList<ManifestFieldFinding> Findings);
