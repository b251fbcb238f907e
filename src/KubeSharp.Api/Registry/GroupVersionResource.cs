namespace KubeSharp.Api.Registry;

/// <summary>A resource in a group version, for example <c>apps/v1, Resource=deployments</c>.</summary>
/// <remarks>Mirrors <c>schema.GroupVersionResource</c>. Registry lookups compare resources case-insensitively,
/// as kubectl's RESTMapper does; this type's own equality is ordinal.</remarks>
public readonly record struct GroupVersionResource
{
    /// <summary>Creates a group version resource. The core group is the empty string.</summary>
    public GroupVersionResource(string group, string version, string resource)
    {
        Group = group;
        Version = version;
        Resource = resource;
    }

    /// <summary>The API group; empty for the core group.</summary>
    public string Group { get => field ?? ""; init => field = value ?? ""; }

    /// <summary>The version.</summary>
    public string Version { get => field ?? ""; init => field = value ?? ""; }

    /// <summary>The plural resource name, for example <c>deployments</c>.</summary>
    public string Resource { get => field ?? ""; init => field = value ?? ""; }

    /// <summary>The group and version.</summary>
    public GroupVersion GroupVersion => new(Group, Version);

    /// <summary>The group and resource.</summary>
    public GroupResource GroupResource => new(Group, Resource);

    /// <summary>Ordinal equality of all parts.</summary>
    public bool Equals(GroupVersionResource other)
        => string.Equals(Group, other.Group, StringComparison.Ordinal)
            && string.Equals(Version, other.Version, StringComparison.Ordinal)
            && string.Equals(Resource, other.Resource, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(
        StringComparer.Ordinal.GetHashCode(Group), StringComparer.Ordinal.GetHashCode(Version), StringComparer.Ordinal.GetHashCode(Resource));

    /// <summary>As upstream prints it: <c>apps/v1, Resource=deployments</c>; core prints as <c>/v1, Resource=pods</c>.</summary>
    public override string ToString() => Group + "/" + Version + ", Resource=" + Resource;
}
