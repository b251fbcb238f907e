namespace KubeSharp.Api.Registry;

/// <summary>A resource in a group without a version, for example <c>deployments.apps</c>.</summary>
/// <remarks>Mirrors <c>schema.GroupResource</c>.</remarks>
public readonly record struct GroupResource
{
    /// <summary>Creates a group resource. The core group is the empty string.</summary>
    public GroupResource(string group, string resource)
    {
        Group = group;
        Resource = resource;
    }

    /// <summary>The API group; empty for the core group.</summary>
    public string Group { get => field ?? ""; init => field = value ?? ""; }

    /// <summary>The plural resource name.</summary>
    public string Resource { get => field ?? ""; init => field = value ?? ""; }

    /// <summary>Ordinal equality of both parts.</summary>
    public bool Equals(GroupResource other)
        => string.Equals(Group, other.Group, StringComparison.Ordinal) && string.Equals(Resource, other.Resource, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(StringComparer.Ordinal.GetHashCode(Group), StringComparer.Ordinal.GetHashCode(Resource));

    /// <summary>As upstream prints it: <c>deployments.apps</c>, or just <c>pods</c> for the core group.</summary>
    public override string ToString() => Group.Length == 0 ? Resource : Resource + "." + Group;
}
