namespace KubeSharp.Api.Manifests;

/// <summary>Options for <see cref="ManifestReader"/>.</summary>
public sealed class ManifestReaderOptions
{
    /// <summary>The default options: strict YAML, lists expanded, no source name.</summary>
    public static ManifestReaderOptions Default { get; } = new();

    /// <summary>A name for the input in messages, as kubectl names the file (<c>error parsing deploy.yaml: ...</c>,
    /// <c>STDIN</c> for standard input). Null leaves the prefix out.</summary>
    public string? SourceName { get; init; }

    /// <summary>When true (the default) a key given twice in one YAML mapping is an error, as upstream's
    /// <c>YAMLToJSONStrict</c> (the API server's strict decoding) reports it. When false the last value wins, as in
    /// kubectl's client-side conversion. JSON input keeps duplicate fields for the typed decoder to report.</summary>
    public bool StrictYaml { get; init; } = true;

    /// <summary>When true (the default) a document with an <c>items</c> field (<c>kind: List</c>,
    /// <c>ConfigMapList</c>, ...) is replaced by its items, as kubectl's resource builder flattens lists.</summary>
    public bool ExpandLists { get; init; } = true;
}
