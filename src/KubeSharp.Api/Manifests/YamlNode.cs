namespace KubeSharp.Api.Manifests;

/// <summary>A node of a parsed YAML document (goyaml v2's <c>node</c>): positions are 1-based and absolute in the stream.</summary>
internal sealed class YamlNode
{
    public YamlNode(YamlNodeKind kind, int line, int column)
    {
        Kind = kind;
        Line = line;
        Column = column;
    }

    public YamlNodeKind Kind { get; }

    public int Line { get; }

    public int Column { get; }

    /// <summary>The resolved tag (<c>tag:yaml.org,2002:int</c>, <c>!</c>, <c>!custom</c>), or null when none was given.</summary>
    public string? Tag { get; init; }

    /// <summary>Scalar text, or the anchor name of an alias.</summary>
    public string Value { get; init; } = "";

    /// <summary>True for plain (unquoted, non-block) scalars: only those are resolved implicitly.</summary>
    public bool Plain { get; init; }

    /// <summary>Sequence items, or mapping keys and values alternating.</summary>
    public List<YamlNode>? Children { get; set; }

    /// <summary>The anchored node an alias refers to.</summary>
    public YamlNode? Target { get; init; }
}
