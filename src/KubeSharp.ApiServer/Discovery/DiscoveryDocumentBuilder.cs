using System.Buffers;
using System.Text.Json;
using KubeSharp.Api.ApiDiscovery.V2;
using KubeSharp.Api.Meta.V1;
using KubeSharp.Api.Registry;
using KubeSharp.Api.Serialization;
using ApiResource = KubeSharp.Api.Registry.ApiResource;
using MetaGroupVersionKind = KubeSharp.Api.Meta.V1.GroupVersionKind;

namespace KubeSharp.ApiServer.Discovery;

/// <summary>Encodes the discovery documents of a <see cref="ResourceRegistry"/> with the generated API types.</summary>
internal static class DiscoveryDocumentBuilder
{
    /// <summary>The aggregated document of <c>/api</c> (the core group only) or <c>/apis</c> (every other group).</summary>
    public static EncodedDocument Aggregated(ResourceRegistry registry, bool core, string apiVersion, string contentType)
    {
        var list = new APIGroupDiscoveryList
        {
            Kind = DiscoveryMediaTypes.ListKind,
            ApiVersion = apiVersion,
            Items = [],
        };
        foreach (var group in registry.Groups)
        {
            if ((group.Name.Length == 0) != core)
            {
                continue;
            }
            var item = new APIGroupDiscovery { Versions = [] };
            item.Metadata.Name = group.Name;
            foreach (var version in group.Versions)
            {
                item.Versions.Add(new APIVersionDiscovery
                {
                    Version = version,
                    Freshness = "Current",
                    Resources = [.. ResourcesOf(registry, group.Name, version).Select(ToDiscovery)],
                });
            }
            list.Items.Add(item);
        }
        return Encode(list, contentType);
    }

    /// <summary><c>/api</c> in the legacy shape: <c>APIVersions</c>.</summary>
    public static EncodedDocument ApiVersions(ResourceRegistry registry, string? serverAddress)
    {
        var versions = new APIVersions
        {
            Kind = "APIVersions",
            Versions = registry.TryGetGroup("", out var core) ? [.. core.Versions] : [],
            ServerAddressByClientCIDRs = ServerAddresses(serverAddress),
        };
        return Encode(versions, DiscoveryMediaTypes.Json);
    }

    /// <summary><c>/apis</c> in the legacy shape: <c>APIGroupList</c> (the core group excluded).</summary>
    public static EncodedDocument ApiGroupList(ResourceRegistry registry)
    {
        var list = new APIGroupList { Kind = "APIGroupList", ApiVersion = "v1", Groups = [] };
        foreach (var group in registry.Groups)
        {
            if (group.Name.Length > 0)
            {
                list.Groups.Add(ToApiGroup(group, kindAndVersion: false));
            }
        }
        return Encode(list, DiscoveryMediaTypes.Json);
    }

    /// <summary><c>/apis/&lt;group&gt;</c>: <c>APIGroup</c>.</summary>
    public static EncodedDocument ApiGroup(ApiGroupInfo group) => Encode(ToApiGroup(group, kindAndVersion: true), DiscoveryMediaTypes.Json);

    /// <summary><c>/api/v1</c> or <c>/apis/&lt;group&gt;/&lt;version&gt;</c>: <c>APIResourceList</c> with subresource entries.</summary>
    public static EncodedDocument ApiResourceList(ResourceRegistry registry, GroupVersion groupVersion)
    {
        var entries = new List<APIResource>();
        foreach (var resource in ResourcesOf(registry, groupVersion.Group, groupVersion.Version))
        {
            entries.Add(new APIResource
            {
                Name = resource.Resource,
                SingularName = resource.SingularName,
                Namespaced = resource.Namespaced,
                Kind = resource.Kind,
                Verbs = [.. resource.Verbs],
                ShortNames = resource.ShortNames.IsEmpty ? null : [.. resource.ShortNames],
                Categories = resource.Categories.IsEmpty ? null : [.. resource.Categories],
            });
            foreach (var sub in resource.Subresources)
            {
                var sameGroupVersion = sub.Kind.GroupVersion == groupVersion;
                entries.Add(new APIResource
                {
                    Name = sub.Resource,
                    SingularName = "",
                    Namespaced = resource.Namespaced,
                    Group = sameGroupVersion ? "" : sub.Kind.Group,
                    Version = sameGroupVersion ? "" : sub.Kind.Version,
                    Kind = sub.Kind.Kind,
                    Verbs = [.. sub.Verbs],
                });
            }
        }
        entries.Sort((x, y) => string.CompareOrdinal(x.Name, y.Name));
        var list = new APIResourceList
        {
            Kind = "APIResourceList",
            ApiVersion = "v1",
            GroupVersion = groupVersion.ToString(),
            Resources = entries,
        };
        return Encode(list, DiscoveryMediaTypes.Json);
    }

    /// <summary>The resources of one group version, by plural name.</summary>
    public static IEnumerable<ApiResource> ResourcesOf(ResourceRegistry registry, string group, string version)
        => registry.Resources
            .Where(r => string.Equals(r.Group, group, StringComparison.Ordinal) && string.Equals(r.Version, version, StringComparison.Ordinal))
            .OrderBy(r => r.Resource, StringComparer.Ordinal);

    private static APIResourceDiscovery ToDiscovery(ApiResource resource) => new()
    {
        Resource = resource.Resource,
        ResponseKind = Gvk(resource.GroupVersionKind),
        Scope = resource.Namespaced ? "Namespaced" : "Cluster",
        SingularResource = resource.SingularName,
        Verbs = [.. resource.Verbs],
        ShortNames = resource.ShortNames.IsEmpty ? null : [.. resource.ShortNames],
        Categories = resource.Categories.IsEmpty ? null : [.. resource.Categories],
        Subresources = resource.Subresources.IsEmpty
            ? null
            : [.. resource.Subresources
                .OrderBy(s => s.Name, StringComparer.Ordinal)
                .Select(s => new APISubresourceDiscovery { Subresource = s.Name, ResponseKind = Gvk(s.Kind), Verbs = [.. s.Verbs] })],
    };

    private static APIGroup ToApiGroup(ApiGroupInfo group, bool kindAndVersion)
    {
        var result = new APIGroup
        {
            Kind = kindAndVersion ? "APIGroup" : "",
            ApiVersion = kindAndVersion ? "v1" : "",
            Name = group.Name,
            Versions = [.. group.Versions.Select(v => new GroupVersionForDiscovery { GroupVersion = group.Name + "/" + v, Version = v })],
        };
        result.PreferredVersion = new GroupVersionForDiscovery { GroupVersion = group.Name + "/" + group.PreferredVersion, Version = group.PreferredVersion };
        return result;
    }

    private static List<ServerAddressByClientCIDR>? ServerAddresses(string? serverAddress)
        => string.IsNullOrEmpty(serverAddress) ? null : [new ServerAddressByClientCIDR { ClientCIDR = "0.0.0.0/0", ServerAddress = serverAddress }];

    private static MetaGroupVersionKind Gvk(Api.Registry.GroupVersionKind kind) => new() { Group = kind.Group, Version = kind.Version, Kind = kind.Kind };

    private static EncodedDocument Encode<T>(T value, string contentType) where T : IJsonModel<T>
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        using (var writer = new Utf8JsonWriter(buffer, KubeJson.WriterOptions))
        {
            value.WriteJson(writer);
        }
        return new EncodedDocument(buffer.WrittenSpan.ToArray(), contentType);
    }
}
