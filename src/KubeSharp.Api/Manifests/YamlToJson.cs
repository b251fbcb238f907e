namespace KubeSharp.Api.Manifests;

/// <summary>
/// Converts YAML to JSON the way Kubernetes does (<c>sigs.k8s.io/yaml</c> over its goyaml v2 fork): YAML 1.1 scalar
/// resolution (<c>yes</c>/<c>no</c>/<c>on</c>/<c>off</c> are booleans, <c>0755</c> is octal, <c>0x1F</c> hex),
/// quoted scalars are always strings, non-string keys become strings (<c>1: a</c> gives <c>"1"</c>), anchors,
/// aliases and merge keys are resolved, and object keys are written in sorted order as Go's <c>encoding/json</c>
/// writes maps.
/// </summary>
/// <remarks>
/// Like upstream's <c>YAMLToJSON</c>, only the first document of the text is converted; use
/// <see cref="ManifestReader"/> for multi-document streams. Errors keep upstream's wording (with absolute line numbers):
/// <c>error converting YAML to JSON: yaml: line 3: found character that cannot start any token</c>.
/// </remarks>
public static class YamlToJson
{
    /// <summary>Converts the first document of UTF-8 YAML text to JSON bytes; an empty document gives <c>null</c>.</summary>
    /// <param name="utf8Yaml">UTF-8 YAML (a leading byte order mark is ignored).</param>
    /// <param name="strict">When true (the default), a key given twice in one mapping is an error, as upstream's
    /// <c>YAMLToJSONStrict</c> reports it (<c>yaml: unmarshal errors:\n  line 4: key "x" already set in map</c>);
    /// when false the last value wins, as with <c>YAMLToJSON</c> (what kubectl uses on the client).</param>
    /// <exception cref="ManifestException">The YAML is malformed or cannot be represented as JSON.</exception>
    public static byte[] Convert(ReadOnlySpan<byte> utf8Yaml, bool strict = true)
        => Convert(ManifestText.DecodeUtf8(utf8Yaml, source: null), strict);

    /// <summary>Converts the first document of YAML text to JSON bytes; an empty document gives <c>null</c>.</summary>
    /// <exception cref="ManifestException">The YAML is malformed or cannot be represented as JSON.</exception>
    public static byte[] Convert(string yaml, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        try
        {
            return ConvertDocument(yaml, 1, strict);
        }
        catch (YamlConversionError e)
        {
            throw new ManifestException(Prefix + e.Problem, e.Problem, null, e.Line, e.Column, null, e);
        }
    }

    /// <summary>Converts YAML text to a JSON string (see <see cref="Convert(string, bool)"/>).</summary>
    /// <exception cref="ManifestException">The YAML is malformed or cannot be represented as JSON.</exception>
    public static string ConvertToString(string yaml, bool strict = true) => System.Text.Encoding.UTF8.GetString(Convert(yaml, strict));

    /// <summary>The prefix <c>sigs.k8s.io/yaml</c> puts on every conversion error.</summary>
    internal const string Prefix = "error converting YAML to JSON: ";

    /// <summary>Converts the first document of <paramref name="yaml"/>, whose first line is line
    /// <paramref name="firstLine"/> of the stream. Throws <see cref="YamlConversionError"/>.</summary>
    internal static byte[] ConvertDocument(string yaml, int firstLine, bool strict)
        => YamlJsonEmitter.ToJson(YamlTreeReader.ReadFirstDocument(yaml, firstLine), strict);
}
