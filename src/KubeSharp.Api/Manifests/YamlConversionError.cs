namespace KubeSharp.Api.Manifests;

/// <summary>A problem found while converting one YAML document; callers turn it into a <see cref="ManifestException"/>.</summary>
internal sealed class YamlConversionError : Exception
{
    public YamlConversionError() { }

    public YamlConversionError(string message) : base(message) => Problem = message;

    public YamlConversionError(string message, Exception inner) : base(message, inner) => Problem = message;

    /// <summary>Creates an error; <paramref name="problem"/> is upstream's text after <c>error converting YAML to JSON: </c>.</summary>
    public YamlConversionError(string problem, int line, int column, Exception? inner = null) : base(problem, inner)
    {
        Problem = problem;
        Line = line;
        Column = column;
    }

    /// <summary>Upstream's text, for example <c>yaml: line 3: found character that cannot start any token</c>.</summary>
    public string Problem { get; } = "";

    /// <summary>1-based line in the whole stream, or 0 when unknown.</summary>
    public int Line { get; }

    /// <summary>1-based column, or 0 when unknown.</summary>
    public int Column { get; }
}
