using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using KubeSharp.Api.Registry;

namespace KubeSharp.ApiServer.Discovery;

/// <summary>
/// One immutable snapshot of every discovery document, encoded once: aggregated discovery for <c>/api</c> and
/// <c>/apis</c> in <c>apidiscovery.k8s.io/v2</c> and <c>v2beta1</c>, and the legacy <c>APIVersions</c>,
/// <c>APIGroupList</c>, <c>APIGroup</c> and <c>APIResourceList</c> documents.
/// </summary>
public sealed class DiscoveryDocuments
{
    private readonly FrozenDictionary<string, EncodedDocument> _groups;
    private readonly FrozenDictionary<GroupVersion, EncodedDocument> _resourceLists;
    private readonly EncodedDocument _aggregatedApiV2;
    private readonly EncodedDocument _aggregatedApisV2;
    private readonly EncodedDocument _aggregatedApiV2Beta1;
    private readonly EncodedDocument _aggregatedApisV2Beta1;

    /// <summary>Encodes the documents of <paramref name="registry"/>.</summary>
    /// <param name="registry">The served resources.</param>
    /// <param name="serverAddress">The <c>host:port</c> advertised in <c>APIVersions.serverAddressByClientCIDRs</c>
    /// (for <c>0.0.0.0/0</c>); null leaves the list out.</param>
    public DiscoveryDocuments(ResourceRegistry registry, string? serverAddress = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        Registry = registry;
        _aggregatedApiV2 = DiscoveryDocumentBuilder.Aggregated(registry, core: true, "apidiscovery.k8s.io/v2", DiscoveryMediaTypes.AggregatedV2);
        _aggregatedApisV2 = DiscoveryDocumentBuilder.Aggregated(registry, core: false, "apidiscovery.k8s.io/v2", DiscoveryMediaTypes.AggregatedV2);
        _aggregatedApiV2Beta1 = DiscoveryDocumentBuilder.Aggregated(registry, core: true, "apidiscovery.k8s.io/v2beta1", DiscoveryMediaTypes.AggregatedV2Beta1);
        _aggregatedApisV2Beta1 = DiscoveryDocumentBuilder.Aggregated(registry, core: false, "apidiscovery.k8s.io/v2beta1", DiscoveryMediaTypes.AggregatedV2Beta1);
        ApiVersions = DiscoveryDocumentBuilder.ApiVersions(registry, serverAddress);
        ApiGroupList = DiscoveryDocumentBuilder.ApiGroupList(registry);
        _groups = registry.Groups
            .Where(g => g.Name.Length > 0)
            .ToFrozenDictionary(g => g.Name, DiscoveryDocumentBuilder.ApiGroup, StringComparer.Ordinal);
        _resourceLists = registry.GroupVersions.ToFrozenDictionary(gv => gv, gv => DiscoveryDocumentBuilder.ApiResourceList(registry, gv));
    }

    /// <summary>The registry these documents describe.</summary>
    public ResourceRegistry Registry { get; }

    /// <summary><c>/api</c> as <c>APIVersions</c>.</summary>
    public EncodedDocument ApiVersions { get; }

    /// <summary><c>/apis</c> as <c>APIGroupList</c>.</summary>
    public EncodedDocument ApiGroupList { get; }

    /// <summary>The aggregated document of <c>/api</c> (<paramref name="core"/>) or <c>/apis</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="version"/> is <see cref="DiscoveryVersion.Legacy"/>.</exception>
    public EncodedDocument GetAggregated(bool core, DiscoveryVersion version) => version switch
    {
        DiscoveryVersion.AggregatedV2 => core ? _aggregatedApiV2 : _aggregatedApisV2,
        DiscoveryVersion.AggregatedV2Beta1 => core ? _aggregatedApiV2Beta1 : _aggregatedApisV2Beta1,
        _ => throw new ArgumentOutOfRangeException(nameof(version), version, "not an aggregated discovery version"),
    };

    /// <summary><c>/apis/&lt;group&gt;</c> as <c>APIGroup</c>.</summary>
    public bool TryGetApiGroup(string group, [NotNullWhen(true)] out EncodedDocument? document) => _groups.TryGetValue(group, out document);

    /// <summary><c>/api/v1</c> or <c>/apis/&lt;group&gt;/&lt;version&gt;</c> as <c>APIResourceList</c>.</summary>
    public bool TryGetResourceList(GroupVersion groupVersion, [NotNullWhen(true)] out EncodedDocument? document)
        => _resourceLists.TryGetValue(groupVersion, out document);
}
