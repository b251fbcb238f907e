using KubeSharp.Api.Serialization;

namespace KubeSharp.Api.Manifests;

/// <summary>
/// Decodes manifest documents into typed API objects through an <see cref="IApiTypeResolver"/>, collecting unknown
/// and duplicate fields per document as the API server's field validation does.
/// </summary>
public sealed class ManifestDecoder
{
    private readonly IApiTypeResolver _resolver;

    /// <summary>Creates a decoder.</summary>
    /// <param name="resolver">Finds the type for each document's <c>apiVersion</c> and <c>kind</c>.</param>
    /// <param name="fieldValidation">What to do with unknown and duplicate fields (default: report them).</param>
    public ManifestDecoder(IApiTypeResolver resolver, FieldValidationMode fieldValidation = FieldValidationMode.Warn)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        _resolver = resolver;
        FieldValidation = fieldValidation;
    }

    /// <summary>What happens to unknown and duplicate fields.</summary>
    public FieldValidationMode FieldValidation { get; }

    /// <summary>Decodes one document.</summary>
    /// <exception cref="ManifestException">No type is known for the kind (<c>no matches for kind "Foo" in version
    /// "bar/v1"</c>), the JSON does not fit the type, or (strict mode) it has unknown or duplicate fields.</exception>
    public DecodedManifest Decode(ManifestDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (!_resolver.TryResolve(document.ApiVersion, document.Kind, out var handle))
        {
            // meta.NoKindMatchError, as kubectl's resource builder wraps it.
            var problem = $"no matches for kind {GoText.Quote(document.Kind)} in version {GoText.Quote(document.ApiVersion)}";
            var prefix = $"resource mapping not found for name: {GoText.Quote(document.Name ?? "")} namespace: {GoText.Quote(document.Namespace ?? "")}"
                + (document.SourceName is null ? "" : $" from {GoText.Quote(document.SourceName)}") + ": ";
            throw Error(document, prefix + problem, problem, null);
        }
        var context = new JsonDecodeContext(collectFindings: FieldValidation != FieldValidationMode.Ignore);
        object result;
        try
        {
            result = handle.Decode(document.Json.Span, context);
        }
        catch (JsonDecodeException e)
        {
            // The API server's transformDecodeError: "%s in version %q cannot be handled as a %s: %v".
            var problem = e.Message;
            var message = $"{document.Kind} in version {GoText.Quote(document.GroupVersionKind.Version)} cannot be handled as a {document.Kind}: {problem}";
            throw Error(document, message, problem, e);
        }
        var findings = new List<ManifestFieldFinding>(context.UnknownFields.Count + context.DuplicateFields.Count);
        foreach (var path in context.UnknownFields)
        {
            findings.Add(new ManifestFieldFinding(document.Index, document.ItemIndex, ManifestFindingKind.UnknownField, path));
        }
        foreach (var path in context.DuplicateFields)
        {
            findings.Add(new ManifestFieldFinding(document.Index, document.ItemIndex, ManifestFindingKind.DuplicateField, path));
        }
        if (FieldValidation == FieldValidationMode.Strict && findings.Count > 0)
        {
            var problem = "strict decoding error: " + string.Join(", ", findings);
            throw Error(document, problem, problem, null);
        }
        return new DecodedManifest(document, result, findings);
    }

    /// <summary>Decodes documents in order, stopping at the first error.</summary>
    /// <exception cref="ManifestException">See <see cref="Decode(ManifestDocument)"/>.</exception>
    public IReadOnlyList<DecodedManifest> DecodeAll(IEnumerable<ManifestDocument> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        return [.. documents.Select(Decode)];
    }

    /// <summary>Reads a manifest stream and decodes every object.</summary>
    /// <exception cref="ManifestException">The stream is malformed or an object cannot be decoded.</exception>
    public IReadOnlyList<DecodedManifest> DecodeStream(ReadOnlySpan<byte> data, ManifestReaderOptions? options = null)
        => DecodeAll(ManifestReader.Enumerate(data.ToArray(), options));

    /// <summary>Reads a manifest text and decodes every object.</summary>
    /// <exception cref="ManifestException">The text is malformed or an object cannot be decoded.</exception>
    public IReadOnlyList<DecodedManifest> DecodeStream(string text, ManifestReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return DecodeAll(ManifestReader.Enumerate(System.Text.Encoding.UTF8.GetBytes(text), options));
    }

    private static ManifestException Error(ManifestDocument document, string message, string problem, Exception? inner)
        => new($"{message} ({document.Location})", problem, document.Index, document.Line, 0, document.SourceName, inner)
        {
            ItemIndex = document.ItemIndex,
        };
}
