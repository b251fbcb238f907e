namespace KubeSharp.Api.Manifests;

/// <summary>
/// A manifest could not be read or decoded. The message keeps upstream's wording (kubectl and the libraries it uses),
/// for example <c>error converting YAML to JSON: yaml: line 3: found character that cannot start any token</c>;
/// the location is also available as properties.
/// </summary>
public sealed class ManifestException : Exception
{
    /// <summary>Creates an exception with no location.</summary>
    public ManifestException() { }

    /// <summary>Creates an exception with no location.</summary>
    public ManifestException(string message) : base(message) => Problem = message;

    /// <summary>Creates an exception with no location.</summary>
    public ManifestException(string message, Exception inner) : base(message, inner) => Problem = message;

    /// <summary>Creates an exception with a location.</summary>
    /// <param name="message">The full message, including prefixes such as <c>error parsing x.yaml: </c>.</param>
    /// <param name="problem">The core problem without prefixes, for example <c>yaml: line 3: found character that
    /// cannot start any token</c> or <c>no matches for kind "Foo" in version "bar/v1"</c>.</param>
    /// <param name="documentIndex">0-based index of the document in the stream, or null when not known.</param>
    /// <param name="line">1-based line in the stream, or 0 when not known.</param>
    /// <param name="column">1-based column, or 0 when not known.</param>
    /// <param name="source">The source name (a file name, <c>STDIN</c>), or null.</param>
    /// <param name="inner">The underlying exception.</param>
    public ManifestException(string message, string problem, int? documentIndex, int line, int column, string? source = null, Exception? inner = null)
        : base(message, inner)
    {
        Problem = problem;
        DocumentIndex = documentIndex;
        Line = line;
        Column = column;
        SourceName = source;
    }

    /// <summary>The core problem without prefixes naming the source or the conversion step.</summary>
    public string Problem { get; } = "";

    /// <summary>0-based index of the document among the stream's non-empty documents (the order kubectl visits
    /// them in; kubectl itself does not print it), or null when the error is not about one document.</summary>
    public int? DocumentIndex { get; }

    /// <summary>0-based index of the item when the document is a list, or null.</summary>
    public int? ItemIndex { get; init; }

    /// <summary>1-based line in the whole stream, or 0 when not known.</summary>
    public int Line { get; }

    /// <summary>1-based column, or 0 when not known.</summary>
    public int Column { get; }

    /// <summary>The source name given to the reader (a file name or <c>STDIN</c>), or null.</summary>
    public string? SourceName { get; }
}
