using System.Diagnostics.CodeAnalysis;
using KubeSharp.Api;
using KubeSharp.Api.Registry;
using KubeSharp.ApiServer.Conversion;

namespace KubeSharp.ApiServer.Registry;

/// <summary>
/// The resources this server stores, built from the resource registry and the generated kinds, with upstream's
/// storage key layout (nodes under /registry/minions, services under /registry/services/specs, ...). Each
/// group/resource is stored in one version (its group's preferred version, or the resource it cohabits with:
/// events.k8s.io events are core events); its other versions are served through converters
/// (<see cref="VersionConverters"/>) over the same store and cache.
/// </summary>
public sealed class ResourceCatalog
{
    private static readonly Dictionary<(string Group, string Resource), string> KeyOverrides = new()
    {
        [("", "nodes")] = "/registry/minions",
        [("", "services")] = "/registry/services/specs",
        [("", "endpoints")] = "/registry/services/endpoints",
        [("networking.k8s.io", "ingresses")] = "/registry/ingress",
        [("apiextensions.k8s.io", "customresourcedefinitions")] = "/registry/apiextensions.k8s.io/customresourcedefinitions",
        [("apiregistration.k8s.io", "apiservices")] = "/registry/apiregistration.k8s.io/apiservices",
    };

    private readonly Dictionary<GroupVersionResource, ResourceDefinition> _byResource = [];
    private readonly List<ResourceDefinition> _storage = [];
    private readonly List<ApiResource> _unserved = [];

    public ResourceCatalog(ResourceRegistry registry, Func<ApiResource, IResourceStrategy> strategyFor)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(strategyFor);
        var prefixes = new HashSet<string>(StringComparer.Ordinal);
        var byGroupResource = new Dictionary<(string Group, string Resource), ResourceDefinition>();
        var otherVersions = new List<(ApiResource Resource, ApiTypeInfo Type)>();
        foreach (var resource in registry.Resources)
        {
            // Kinds served only for create (reviews) and the metrics API are not stored.
            if (!resource.Supports("get") || resource.Group == "metrics.k8s.io")
            {
                continue;
            }
            if (!ApiTypes.TryGet(resource.ApiVersion, resource.Kind, out var type) || !typeof(IKubeMetaObject).IsAssignableFrom(type.ClrType))
            {
                continue;
            }
            var isPreferred = registry.GetPreferredVersion(resource.Group) is not { } preferred || preferred == resource.Version;
            if (!isPreferred || VersionConverters.CohabitsWith(resource.Group, resource.Resource) is not null)
            {
                otherVersions.Add((resource, type));
                continue;
            }
            var prefix = KeyOverrides.TryGetValue((resource.Group, resource.Resource), out var key) ? key : "/registry/" + resource.Resource;
            if (!prefixes.Add(prefix))
            {
                _unserved.Add(resource);
                continue;
            }
            var definition = new ResourceDefinition(resource, type, prefix, strategyFor(resource));
            _byResource[resource.GroupVersionResource] = definition;
            byGroupResource[(resource.Group, resource.Resource)] = definition;
            _storage.Add(definition);
        }

        // Other versions, and resources stored as another group's: served where a converter to the storage exists.
        var slots = new Dictionary<ResourceDefinition, int>();
        foreach (var (resource, type) in otherVersions)
        {
            var target = VersionConverters.CohabitsWith(resource.Group, resource.Resource) ?? (resource.Group, resource.Resource);
            if (!byGroupResource.TryGetValue(target, out var storage)
                || VersionConverters.Find(type, storage.Type) is not { } converter)
            {
                _unserved.Add(resource);
                continue;
            }
            var slot = slots[storage] = slots.GetValueOrDefault(storage) + 1;
            storage.ServedSlots = slot;
            _byResource[resource.GroupVersionResource] = new ResourceDefinition(resource, type, storage, converter, strategyFor(resource), slot);
        }
    }

    /// <summary>The storage definitions: one per stored group/resource (what caches and the store hold).</summary>
    public IEnumerable<ResourceDefinition> All => _storage;

    /// <summary>Every served group/version/resource: the storage versions and the converted ones.</summary>
    public IEnumerable<ResourceDefinition> Served => _byResource.Values;

    /// <summary>Resources the registry lists (and discovery shows) that are not served: no converter to their storage.</summary>
    public IReadOnlyList<ApiResource> Unserved => _unserved;

    public bool TryGet(string group, string version, string resource, [NotNullWhen(true)] out ResourceDefinition? definition)
        => _byResource.TryGetValue(new GroupVersionResource(group, version, resource), out definition);
}
