using KubeSharp.Api;
using KubeSharp.Api.Registry;

namespace KubeSharp.ApiServer.Registry;

/// <summary>Everything the generic REST layer needs to serve one resource: its discovery facts, its type's codecs,
/// where it is stored and its strategy.</summary>
public sealed class ResourceDefinition
{
    public ResourceDefinition(ApiResource resource, ApiTypeInfo type, string keyPrefix, IResourceStrategy strategy)
    {
        Resource = resource;
        Type = type;
        KeyPrefix = keyPrefix.TrimEnd('/');
        Strategy = strategy;
    }

    public ApiResource Resource { get; }

    public ApiTypeInfo Type { get; }

    /// <summary>Storage key prefix, as upstream lays keys out (e.g. /registry/pods, /registry/minions).</summary>
    public string KeyPrefix { get; }

    public IResourceStrategy Strategy { get; }

    public GroupResource GroupResource => Resource.GroupResource;

    public bool Namespaced => Resource.Namespaced;

    /// <summary>True when the resource has a /status subresource (its main endpoint then ignores status changes).</summary>
    public bool HasStatusSubresource => Resource.TryGetSubresource("status", out _);

    /// <summary>The key of one object: prefix/namespace/name, or prefix/name when cluster-scoped.</summary>
    public string Key(string ns, string name) => Namespaced ? $"{KeyPrefix}/{ns}/{name}" : $"{KeyPrefix}/{name}";

    /// <summary>The prefix of every key in a namespace (or of all keys when <paramref name="ns"/> is empty).</summary>
    public string Prefix(string ns) => Namespaced && ns.Length > 0 ? $"{KeyPrefix}/{ns}/" : $"{KeyPrefix}/";

    public override string ToString() => Resource.ToString();
}
