namespace KubeSharp.ApiServer.Discovery;

/// <summary>The outcome of content negotiation: which supported media type to answer with, and the options the
/// chosen <c>Accept</c> clause carried.</summary>
/// <param name="MediaType">The supported media type chosen, for example <c>application/json</c>.</param>
/// <param name="Convert">The requested conversion (<c>g</c>/<c>v</c>/<c>as</c>), or null when the clause had none.</param>
/// <param name="Stream">The <c>stream</c> parameter ("" when absent).</param>
/// <param name="Pretty">True for <c>pretty=1</c>.</param>
/// <param name="Clause">The clause that matched, or null when the header was empty.</param>
public sealed record NegotiatedMediaType(string MediaType, MediaTypeConversion? Convert, string Stream, bool Pretty, MediaTypeClause? Clause);
