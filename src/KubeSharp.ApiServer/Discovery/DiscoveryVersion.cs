namespace KubeSharp.ApiServer.Discovery;

/// <summary>Which discovery document a request negotiated.</summary>
public enum DiscoveryVersion
{
    /// <summary>The legacy shapes (<c>APIVersions</c>, <c>APIGroupList</c>).</summary>
    Legacy,

    /// <summary>Aggregated discovery in <c>apidiscovery.k8s.io/v2</c>.</summary>
    AggregatedV2,

    /// <summary>Aggregated discovery in <c>apidiscovery.k8s.io/v2beta1</c>.</summary>
    AggregatedV2Beta1,
}
