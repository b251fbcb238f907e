using System.Diagnostics.CodeAnalysis;
using KubeSharp.Api;
using KubeSharp.Api.Registry;

namespace KubeSharp.ApiServer.Registry;

/// <summary>
/// The resources this server stores, built from the resource registry and the generated kinds, with upstream's
/// storage key layout (nodes under /registry/minions, services under /registry/services/specs, ...).
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

    public ResourceCatalog(ResourceRegistry registry, Func<ApiResource, IResourceStrategy> strategyFor)
    {
        var prefixes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var resource in registry.Resources)
        {
            // One storage per group/resource, in its preferred version; kinds served only for create (reviews)
            // and the metrics API are not stored.
            if (!resource.Supports("get") || resource.Group == "metrics.k8s.io")
            {
                continue;
            }
            if (registry.GetPreferredVersion(resource.Group) is { } preferred && preferred != resource.Version)
            {
                continue;
            }
            if (!ApiTypes.TryGet(resource.ApiVersion, resource.Kind, out var type) || !typeof(IKubeMetaObject).IsAssignableFrom(type.ClrType))
            {
                continue;
            }
            var prefix = KeyOverrides.TryGetValue((resource.Group, resource.Resource), out var key) ? key : "/registry/" + resource.Resource;
            if (!prefixes.Add(prefix))
            {
                // The same objects under another group (events.k8s.io events share /registry/events): served once
                // conversion between the two versions exists.
                continue;
            }
            _byResource[resource.GroupVersionResource] = new ResourceDefinition(resource, type, prefix, strategyFor(resource));
        }
    }

    public IEnumerable<ResourceDefinition> All => _byResource.Values;

    public bool TryGet(string group, string version, string resource, [NotNullWhen(true)] out ResourceDefinition? definition)
        => _byResource.TryGetValue(new GroupVersionResource(group, version, resource), out definition);
}
