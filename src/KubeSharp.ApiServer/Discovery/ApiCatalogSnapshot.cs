using System.Collections.Frozen;
using System.Text.Json;
using KubeSharp.Api.Registry;

namespace KubeSharp.ApiServer.Discovery;

/// <summary>One immutable state of the served API: the resources, their discovery documents, and the OpenAPI v3
/// schemas that extensions (custom resources) brought along.</summary>
public sealed class ApiCatalogSnapshot
{
    internal ApiCatalogSnapshot(
        long generation,
        ResourceRegistry registry,
        DiscoveryDocuments discovery,
        FrozenSet<ApiResource> extensionResources,
        FrozenDictionary<string, JsonElement> extensionSchemas)
    {
        Generation = generation;
        Registry = registry;
        Discovery = discovery;
        ExtensionResources = extensionResources;
        ExtensionSchemas = extensionSchemas;
    }

    /// <summary>Increments with every change of the catalog.</summary>
    public long Generation { get; }

    /// <summary>Every served resource (built-in and extensions).</summary>
    public ResourceRegistry Registry { get; }

    /// <summary>The encoded discovery documents of <see cref="Registry"/>.</summary>
    public DiscoveryDocuments Discovery { get; }

    /// <summary>The resources added at run time (not from the built-in registry).</summary>
    public FrozenSet<ApiResource> ExtensionResources { get; }

    /// <summary>OpenAPI v3 schema objects of extension definitions, by definition name.</summary>
    public FrozenDictionary<string, JsonElement> ExtensionSchemas { get; }
}
