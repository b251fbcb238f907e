namespace KubeSharp.ApiServer.Discovery;

/// <summary>Media types and conversions of API discovery.</summary>
public static class DiscoveryMediaTypes
{
    /// <summary>The group of the aggregated discovery types.</summary>
    public const string Group = "apidiscovery.k8s.io";

    /// <summary>The kind of the aggregated discovery document.</summary>
    public const string ListKind = "APIGroupDiscoveryList";

    /// <summary>The plain JSON media type.</summary>
    public const string Json = "application/json";

    /// <summary>Response <c>Content-Type</c> of aggregated discovery in <c>apidiscovery.k8s.io/v2</c> (exact).</summary>
    public const string AggregatedV2 = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

    /// <summary>Response <c>Content-Type</c> of aggregated discovery in <c>apidiscovery.k8s.io/v2beta1</c> (exact).</summary>
    public const string AggregatedV2Beta1 = "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList";

    /// <summary>The media types discovery answers in.</summary>
    public static readonly IReadOnlyList<string> Supported = [Json];

    /// <summary>Restrictions of <c>/api</c> and <c>/apis</c>: plain (legacy) or aggregated v2 / v2beta1.</summary>
    public static readonly MediaTypeNegotiator.EndpointRestrictions AggregatedRestrictions = static (_, convert, stream) =>
        stream.Length == 0
        && (convert is null
            || convert.Value.Is(Group, "v2", ListKind)
            || convert.Value.Is(Group, "v2beta1", ListKind));
}
