namespace KubeSharp.Api.Registry;

/// <summary>A kind in a group version, for example <c>apps/v1, Kind=Deployment</c>.</summary>
/// <remarks>Mirrors <c>schema.GroupVersionKind</c>; kinds are case-sensitive.</remarks>
public readonly record struct GroupVersionKind
{
    /// <summary>Creates a group version kind. The core group is the empty string.</summary>
    public GroupVersionKind(string group, string version, string kind)
    {
        Group = group;
        Version = version;
        Kind = kind;
    }

    /// <summary>The API group; empty for the core group.</summary>
    public string Group { get => field ?? ""; init => field = value ?? ""; }

    /// <summary>The version.</summary>
    public string Version { get => field ?? ""; init => field = value ?? ""; }

    /// <summary>The kind, for example <c>Deployment</c>.</summary>
    public string Kind { get => field ?? ""; init => field = value ?? ""; }

    /// <summary>The group and version.</summary>
    public GroupVersion GroupVersion => new(Group, Version);

    /// <summary>The <c>apiVersion</c> field value (<c>apps/v1</c>, <c>v1</c>).</summary>
    public string ApiVersion => GroupVersion.ToString();

    /// <summary>Builds a group version kind from an object's <c>apiVersion</c> and <c>kind</c> fields.</summary>
    /// <exception cref="FormatException">The apiVersion has more than one <c>/</c>.</exception>
    public static GroupVersionKind FromApiVersion(string apiVersion, string kind)
        => GroupVersion.ParseApiVersion(apiVersion).WithKind(kind);

    /// <summary>Ordinal equality of all parts.</summary>
    public bool Equals(GroupVersionKind other)
        => string.Equals(Group, other.Group, StringComparison.Ordinal)
            && string.Equals(Version, other.Version, StringComparison.Ordinal)
            && string.Equals(Kind, other.Kind, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(
        StringComparer.Ordinal.GetHashCode(Group), StringComparer.Ordinal.GetHashCode(Version), StringComparer.Ordinal.GetHashCode(Kind));

    /// <summary>As upstream prints it: <c>apps/v1, Kind=Deployment</c>; the core group prints as <c>/v1, Kind=Pod</c>.</summary>
    public override string ToString() => Group + "/" + Version + ", Kind=" + Kind;
}
