using System.Collections.Frozen;
using System.Text.Json;
using KubeSharp.Api.Registry;

namespace KubeSharp.ApiServer.Discovery;

/// <summary>
/// The served API: the built-in resources plus resources added at run time (custom resource definitions,
/// aggregated APIs), each extension registered under an owner key. Every change builds a new
/// <see cref="ApiCatalogSnapshot"/> (discovery documents re-encoded once) and swaps it in atomically; readers never lock.
/// </summary>
public sealed class ApiCatalog
{
    private readonly ResourceRegistry _builtIn;
    private readonly string? _serverAddress;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Extension> _extensions = new(StringComparer.Ordinal);
    private ApiCatalogSnapshot _current;

    /// <summary>Creates a catalog serving <paramref name="builtIn"/> (default: <see cref="ResourceRegistry.Default"/>).</summary>
    /// <param name="builtIn">The built-in resources.</param>
    /// <param name="serverAddress">The <c>host:port</c> advertised by <c>/api</c> in the legacy shape; null leaves it out.</param>
    public ApiCatalog(ResourceRegistry? builtIn = null, string? serverAddress = null)
    {
        _builtIn = builtIn ?? ResourceRegistry.Default;
        _serverAddress = serverAddress;
        _current = Build(0);
    }

    /// <summary>Raised after a change has been swapped in (on the thread that made it).</summary>
    public event EventHandler? Changed;

    /// <summary>The current snapshot.</summary>
    public ApiCatalogSnapshot Current => Volatile.Read(ref _current);

    /// <summary>Adds or replaces the resources registered under <paramref name="owner"/> (for example a CRD's name).</summary>
    /// <param name="owner">The extension's key.</param>
    /// <param name="resources">Its resources; a resource whose group, version and plural name is already served
    /// by the built-in registry is ignored (built-ins win, as upstream's delegation order).</param>
    /// <param name="openApiSchemas">OpenAPI v3 schema objects by definition name (the names the resources'
    /// <see cref="ApiResource.Definition"/> and <see cref="ApiResource.ListDefinition"/> use); may be null.</param>
    public void SetExtension(string owner, IReadOnlyList<ApiResource> resources, IReadOnlyDictionary<string, JsonElement>? openApiSchemas = null)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(resources);
        var schemas = openApiSchemas?.ToDictionary(p => p.Key, p => p.Value.Clone(), StringComparer.Ordinal)
            ?? new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        lock (_gate)
        {
            _extensions[owner] = new Extension([.. resources], schemas);
            Volatile.Write(ref _current, Build(_current.Generation + 1));
        }
        Changed?.Invoke(this, EventArgs.Empty);
    }

    /// <summary>Removes the resources registered under <paramref name="owner"/>; false when there were none.</summary>
    public bool RemoveExtension(string owner)
    {
        lock (_gate)
        {
            if (!_extensions.Remove(owner))
            {
                return false;
            }
            Volatile.Write(ref _current, Build(_current.Generation + 1));
        }
        Changed?.Invoke(this, EventArgs.Empty);
        return true;
    }

    private ApiCatalogSnapshot Build(long generation)
    {
        var all = new List<ApiResource>(_builtIn.Resources);
        var seen = new HashSet<GroupVersionResource>(all.Select(r => r.GroupVersionResource));
        var extensionResources = new HashSet<ApiResource>();
        var schemas = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var (_, extension) in _extensions.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            foreach (var resource in extension.Resources)
            {
                if (seen.Add(resource.GroupVersionResource))
                {
                    all.Add(resource);
                    extensionResources.Add(resource);
                }
            }
            foreach (var (name, schema) in extension.Schemas)
            {
                schemas.TryAdd(name, schema);
            }
        }
        var registry = extensionResources.Count == 0 ? _builtIn : new ResourceRegistry(all);
        return new ApiCatalogSnapshot(
            generation,
            registry,
            new DiscoveryDocuments(registry, _serverAddress),
            extensionResources.ToFrozenSet(),
            schemas.ToFrozenDictionary(StringComparer.Ordinal));
    }

    private sealed record Extension(List<ApiResource> Resources, Dictionary<string, JsonElement> Schemas);
}
