namespace KubeSharp.Api.Manifests;

/// <summary>The kind of a node in a parsed YAML document.</summary>
internal enum YamlNodeKind
{
    Scalar,
    Sequence,
    Mapping,
    Alias,
}
