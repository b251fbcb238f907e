using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace KubeSharp.Api.Registry;

/// <summary>
/// The API resources KubeSharp serves: kinds, plural and singular names, short names, scope, verbs, categories and
/// subresources, with kubectl-style lookups. Immutable and safe to share between threads.
/// </summary>
/// <remarks>
/// Ordering follows API discovery: groups by upstream's group priority (the core group first, then <c>apps</c>,
/// <c>events.k8s.io</c>, ...), versions within a group most preferred first (GA before beta before alpha, higher
/// numbers first, as upstream's <c>CompareKubeAwareVersionStrings</c>), resources by plural name. When a name matches
/// several resources (<c>events</c> in the core group and in <c>events.k8s.io</c>, <c>hpa</c> in
/// <c>autoscaling/v2</c> and <c>autoscaling/v1</c>) lookups return the first in that order, as kubectl does.
/// </remarks>
public sealed class ResourceRegistry
{
    private static readonly Lazy<ResourceRegistry> DefaultRegistry =
        new(() => new ResourceRegistry(ResourceRegistryLoader.LoadEmbedded()), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly FrozenDictionary<GroupVersionKind, ApiResource> _byKind;
    private readonly FrozenDictionary<GroupVersionResource, ApiResource> _byResource;
    private readonly FrozenDictionary<string, ImmutableArray<ApiResource>> _byName;
    private readonly FrozenDictionary<string, ApiGroupInfo> _groupsByName;

    /// <summary>Builds a registry from resource entries (in any order).</summary>
    public ResourceRegistry(IEnumerable<ApiResource> resources)
    {
        ArgumentNullException.ThrowIfNull(resources);
        var list = resources.ToList();

        var versionsByGroup = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var resource in list)
        {
            if (!versionsByGroup.TryGetValue(resource.Group, out var versions))
            {
                versionsByGroup[resource.Group] = versions = [];
            }
            if (!versions.Contains(resource.Version, StringComparer.Ordinal))
            {
                versions.Add(resource.Version);
            }
        }
        var groups = versionsByGroup
            .Select(pair =>
            {
                pair.Value.Sort(ApiPriority.CompareVersionsPreferredFirst);
                return new ApiGroupInfo(pair.Key, [.. pair.Value]);
            })
            .ToList();
        groups.Sort((x, y) => ApiPriority.CompareGroups(x.Name, y.Name));
        Groups = [.. groups];
        _groupsByName = groups.ToFrozenDictionary(g => g.Name, StringComparer.Ordinal);
        GroupVersions = [.. groups.SelectMany(g => g.Versions.Select(v => new GroupVersion(g.Name, v)))];

        var groupRank = groups.Select((g, i) => (g.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);
        list.Sort((x, y) =>
        {
            var byGroup = groupRank[x.Group].CompareTo(groupRank[y.Group]);
            if (byGroup != 0)
            {
                return byGroup;
            }
            var byVersion = ApiPriority.CompareVersionsPreferredFirst(x.Version, y.Version);
            return byVersion != 0 ? byVersion : string.CompareOrdinal(x.Resource, y.Resource);
        });
        Resources = [.. list];

        var byKind = new Dictionary<GroupVersionKind, ApiResource>();
        var byResource = new Dictionary<GroupVersionResource, ApiResource>(IgnoreCaseGroupVersionResourceComparer.Instance);
        var byName = new Dictionary<string, List<ApiResource>>(StringComparer.OrdinalIgnoreCase);
        foreach (var resource in Resources)
        {
            byKind.TryAdd(resource.GroupVersionKind, resource);
            byResource.TryAdd(resource.GroupVersionResource, resource);
            AddName(byName, resource.Resource, resource);
            AddName(byName, resource.SingularName, resource);
            AddName(byName, resource.Kind, resource);
            foreach (var shortName in resource.ShortNames)
            {
                AddName(byName, shortName, resource);
            }
        }
        _byKind = byKind.ToFrozenDictionary();
        _byResource = byResource.ToFrozenDictionary(IgnoreCaseGroupVersionResourceComparer.Instance);
        _byName = byName.ToFrozenDictionary(pair => pair.Key, pair => pair.Value.ToImmutableArray(), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The built-in resources from <c>Schema/resources.json</c>, loaded once on first use.</summary>
    public static ResourceRegistry Default => DefaultRegistry.Value;

    /// <summary>Loads a registry from the JSON format of <c>Schema/resources.json</c>.</summary>
    /// <exception cref="InvalidDataException">The document does not have the expected shape.</exception>
    public static ResourceRegistry Load(ReadOnlySpan<byte> utf8Json) => new(ResourceRegistryLoader.Parse(utf8Json));

    /// <summary>All resources in discovery order (group priority, preferred version first, plural name).</summary>
    public ImmutableArray<ApiResource> Resources { get; }

    /// <summary>All groups in discovery order, each with its versions most preferred first.</summary>
    public ImmutableArray<ApiGroupInfo> Groups { get; }

    /// <summary>All group versions: groups in discovery order, each group's versions most preferred first.</summary>
    public ImmutableArray<GroupVersion> GroupVersions { get; }

    /// <summary>Finds a group by name (the core group is the empty string).</summary>
    public bool TryGetGroup(string name, [NotNullWhen(true)] out ApiGroupInfo? group)
        => _groupsByName.TryGetValue(name, out group);

    /// <summary>The preferred version of <paramref name="group"/>, or null when the group is not served.</summary>
    public string? GetPreferredVersion(string group) => _groupsByName.TryGetValue(group, out var info) ? info.PreferredVersion : null;

    /// <summary>Finds the resource serving a kind (exact, case-sensitive match).</summary>
    public bool TryGetByKind(GroupVersionKind kind, [NotNullWhen(true)] out ApiResource? resource)
        => _byKind.TryGetValue(kind, out resource);

    /// <summary>Finds a resource by group, version and plural name (case-insensitive).</summary>
    public bool TryGetByResource(GroupVersionResource resource, [NotNullWhen(true)] out ApiResource? result)
        => _byResource.TryGetValue(resource, out result);

    /// <summary>Finds a resource in its group's most preferred version that serves it; <paramref name="resource"/>
    /// may be the plural, the singular, a short name or the kind (case-insensitive).</summary>
    public bool TryGetPreferred(string group, string resource, [NotNullWhen(true)] out ApiResource? result)
    {
        ArgumentNullException.ThrowIfNull(group);
        result = null;
        if (!_byName.TryGetValue(resource, out var candidates))
        {
            return false;
        }
        foreach (var candidate in candidates)
        {
            if (string.Equals(candidate.Group, group, StringComparison.OrdinalIgnoreCase))
            {
                result = candidate;
                return true;
            }
        }
        return false;
    }

    /// <summary>Finds a kind in its group's most preferred version that serves it (like upstream's
    /// <c>RESTMapping(groupKind)</c> with no version). The kind is case-sensitive.</summary>
    public bool TryGetPreferredByKind(string group, string kind, [NotNullWhen(true)] out ApiResource? result)
    {
        foreach (var candidate in Resources)
        {
            if (string.Equals(candidate.Group, group, StringComparison.Ordinal) && string.Equals(candidate.Kind, kind, StringComparison.Ordinal))
            {
                result = candidate;
                return true;
            }
        }
        result = null;
        return false;
    }

    /// <summary>
    /// Resolves a kubectl resource argument, case-insensitively: a plural (<c>pods</c>), singular (<c>pod</c>),
    /// short name (<c>po</c>) or kind (<c>Pod</c>), optionally qualified with a group (<c>deploy.apps</c>) or a
    /// version and group (<c>deployments.v1.apps</c>). The best match by discovery order is returned.
    /// </summary>
    public bool TryResolve(string argument, [NotNullWhen(true)] out ApiResource? resource)
    {
        var all = ResolveAll(argument);
        resource = all.IsEmpty ? null : all[0];
        return resource is not null;
    }

    /// <summary>Every resource <paramref name="argument"/> can name (see <see cref="TryResolve"/>), best match first.</summary>
    public ImmutableArray<ApiResource> ResolveAll(string argument)
    {
        ArgumentNullException.ThrowIfNull(argument);
        if (argument.Length == 0 || argument.Contains('/', StringComparison.Ordinal))
        {
            return [];
        }
        // resource.version.group, as upstream's schema.ParseResourceArg tries first.
        var parts = argument.Split('.', 3);
        if (parts.Length == 3 && _byName.TryGetValue(parts[0], out var fullyQualified))
        {
            var matches = fullyQualified
                .Where(r => string.Equals(r.Version, parts[1], StringComparison.OrdinalIgnoreCase)
                    && string.Equals(r.Group, parts[2], StringComparison.OrdinalIgnoreCase))
                .ToImmutableArray();
            if (!matches.IsEmpty)
            {
                return matches;
            }
        }
        // resource.group, or a bare name.
        var dot = argument.IndexOf('.', StringComparison.Ordinal);
        var name = dot < 0 ? argument : argument[..dot];
        var group = dot < 0 ? null : argument[(dot + 1)..];
        if (!_byName.TryGetValue(name, out var candidates))
        {
            return [];
        }
        return group is null
            ? candidates
            : [.. candidates.Where(r => string.Equals(r.Group, group, StringComparison.OrdinalIgnoreCase))];
    }

    /// <summary>
    /// The resources in a category (for example <c>all</c>), as kubectl expands <c>kubectl get all</c>: one entry per
    /// group and resource, in the group's preferred version, in discovery order.
    /// </summary>
    public ImmutableArray<ApiResource> GetByCategory(string category)
    {
        ArgumentNullException.ThrowIfNull(category);
        var seen = new HashSet<GroupResource>();
        var result = ImmutableArray.CreateBuilder<ApiResource>();
        foreach (var resource in Resources)
        {
            if (resource.Categories.Contains(category, StringComparer.OrdinalIgnoreCase) && seen.Add(resource.GroupResource))
            {
                result.Add(resource);
            }
        }
        return result.ToImmutable();
    }

    /// <summary>Every served version of a group and resource, most preferred first.</summary>
    public ImmutableArray<ApiResource> GetVersions(GroupResource resource)
        => [.. Resources.Where(r => string.Equals(r.Group, resource.Group, StringComparison.OrdinalIgnoreCase)
            && string.Equals(r.Resource, resource.Resource, StringComparison.OrdinalIgnoreCase))];

    /// <summary>Finds a subresource (for example <c>status</c>, <c>scale</c>, <c>eviction</c>) of a resource.</summary>
    public bool TryGetSubresource(GroupVersionResource resource, string subresource, [NotNullWhen(true)] out ApiSubresource? result)
    {
        result = null;
        return TryGetByResource(resource, out var parent) && parent.TryGetSubresource(subresource, out result);
    }

    /// <summary>Finds a subresource from its discovery path form, for example <c>pods/status</c> in <c>v1</c>.</summary>
    public bool TryGetSubresource(GroupVersionResource resourceWithSubresource, [NotNullWhen(true)] out ApiSubresource? result)
    {
        result = null;
        var slash = resourceWithSubresource.Resource.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            return false;
        }
        var parent = resourceWithSubresource with { Resource = resourceWithSubresource.Resource[..slash] };
        return TryGetSubresource(parent, resourceWithSubresource.Resource[(slash + 1)..], out result);
    }

    private static void AddName(Dictionary<string, List<ApiResource>> index, string name, ApiResource resource)
    {
        if (name.Length == 0)
        {
            return;
        }
        if (!index.TryGetValue(name, out var list))
        {
            index[name] = list = [];
        }
        if (!list.Contains(resource))
        {
            list.Add(resource);
        }
    }
}
