namespace KubeSharp.Api.Manifests;

/// <summary>The kind of a strict-decoding finding.</summary>
public enum ManifestFindingKind
{
    /// <summary>A field the type does not have.</summary>
    UnknownField,

    /// <summary>A field given more than once in the same object.</summary>
    DuplicateField,
}
