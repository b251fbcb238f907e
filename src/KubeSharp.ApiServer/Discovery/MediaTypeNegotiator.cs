namespace KubeSharp.ApiServer.Discovery;

/// <summary>
/// Server-side content negotiation as upstream's <c>negotiation.NegotiateMediaTypeOptions</c>: the clauses of the
/// <c>Accept</c> header are tried best first, each against the supported media types in order; a clause that matches
/// a type (exactly, <c>type/*</c> or <c>*/*</c>) wins when the endpoint allows its conversion (<c>g</c>, <c>v</c>,
/// <c>as</c>) and stream parameters. An empty header picks the first supported type with no conversion.
/// </summary>
/// <remarks>Used for discovery (<c>as=APIGroupDiscoveryList</c>) and for Table / PartialObjectMetadata output
/// (<c>as=Table;g=meta.k8s.io;v=v1</c>).</remarks>
public static class MediaTypeNegotiator
{
    /// <summary>What an endpoint accepts beyond the media type itself.</summary>
    /// <param name="mediaType">The supported media type the clause matched.</param>
    /// <param name="convert">The conversion requested, or null for none.</param>
    /// <param name="stream">The <c>stream</c> parameter ("" for none).</param>
    public delegate bool EndpointRestrictions(string mediaType, MediaTypeConversion? convert, string stream);

    /// <summary>Allows plain responses only: no conversion, no stream.</summary>
    public static readonly EndpointRestrictions PlainOnly = static (_, convert, stream) => convert is null && stream.Length == 0;

    /// <summary>Negotiates a response type.</summary>
    /// <param name="accept">The <c>Accept</c> header (may be null or empty).</param>
    /// <param name="supported">Supported media types, most preferred first (<c>application/json</c>, ...).</param>
    /// <param name="restrictions">Which conversions and streams the endpoint can serve; null means <see cref="PlainOnly"/>.</param>
    /// <param name="result">The chosen type and options.</param>
    /// <returns>False when nothing acceptable is supported (upstream answers 406 Not Acceptable).</returns>
    public static bool TryNegotiate(string? accept, IReadOnlyList<string> supported, EndpointRestrictions? restrictions, out NegotiatedMediaType? result)
    {
        ArgumentNullException.ThrowIfNull(supported);
        restrictions ??= PlainOnly;
        result = null;
        if (string.IsNullOrEmpty(accept))
        {
            if (supported.Count == 0)
            {
                return false;
            }
            result = new NegotiatedMediaType(supported[0], null, "", false, null);
            return true;
        }
        foreach (var clause in AcceptHeader.Parse(accept))
        {
            foreach (var mediaType in supported)
            {
                var slash = mediaType.IndexOf('/', StringComparison.Ordinal);
                if (slash < 0 || !clause.Matches(mediaType[..slash], mediaType[(slash + 1)..]))
                {
                    continue;
                }
                var group = clause.GetParameter("g");
                var version = clause.GetParameter("v");
                var kind = clause.GetParameter("as");
                MediaTypeConversion? convert = group is null && version is null && kind is null
                    ? null
                    : new MediaTypeConversion(group ?? "", version ?? "", kind ?? "");
                var stream = clause.GetParameter("stream") ?? "";
                if (!restrictions(mediaType, convert, stream))
                {
                    continue;
                }
                result = new NegotiatedMediaType(mediaType, convert, stream, clause.GetParameter("pretty") == "1", clause);
                return true;
            }
        }
        return false;
    }
}
