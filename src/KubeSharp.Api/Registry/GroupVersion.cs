using System.Diagnostics.CodeAnalysis;

namespace KubeSharp.Api.Registry;

/// <summary>An API group and version, for example <c>apps/v1</c> or the core group's <c>v1</c>.</summary>
/// <remarks>Mirrors <c>k8s.io/apimachinery/pkg/runtime/schema.GroupVersion</c>. A default instance is the empty
/// group version (both parts empty).</remarks>
public readonly record struct GroupVersion
{
    /// <summary>Creates a group version. The core group is the empty string.</summary>
    public GroupVersion(string group, string version)
    {
        Group = group;
        Version = version;
    }

    /// <summary>The API group; empty for the core (legacy) group.</summary>
    public string Group { get => field ?? ""; init => field = value ?? ""; }

    /// <summary>The version, for example <c>v1</c> or <c>v1beta1</c>.</summary>
    public string Version { get => field ?? ""; init => field = value ?? ""; }

    /// <summary>True when both group and version are empty.</summary>
    public bool IsEmpty => Group.Length == 0 && Version.Length == 0;

    /// <summary>The <c>apiVersion</c> field value: <c>apps/v1</c>, or <c>v1</c> for the core group.</summary>
    public string ApiVersion => ToString();

    /// <summary>Parses an <c>apiVersion</c> value the way upstream's <c>schema.ParseGroupVersion</c> does:
    /// <c>v1</c> is the core group, <c>apps/v1</c> a named group, and empty or <c>/</c> the empty group version.</summary>
    /// <exception cref="FormatException">More than one <c>/</c>: <c>unexpected GroupVersion string: a/b/c</c>.</exception>
    public static GroupVersion ParseApiVersion(string apiVersion)
    {
        ArgumentNullException.ThrowIfNull(apiVersion);
        return TryParseApiVersion(apiVersion, out var result)
            ? result
            : throw new FormatException($"unexpected GroupVersion string: {apiVersion}");
    }

    /// <summary>Like <see cref="ParseApiVersion"/> without throwing.</summary>
    public static bool TryParseApiVersion([NotNullWhen(true)] string? apiVersion, out GroupVersion result)
    {
        result = default;
        if (apiVersion is null)
        {
            return false;
        }
        if (apiVersion.Length == 0 || apiVersion == "/")
        {
            return true;
        }
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            result = new GroupVersion("", apiVersion);
            return true;
        }
        if (apiVersion.IndexOf('/', slash + 1) >= 0)
        {
            return false;
        }
        result = new GroupVersion(apiVersion[..slash], apiVersion[(slash + 1)..]);
        return true;
    }

    /// <summary>This group version with a kind.</summary>
    public GroupVersionKind WithKind(string kind) => new(Group, Version, kind);

    /// <summary>This group version with a resource.</summary>
    public GroupVersionResource WithResource(string resource) => new(Group, Version, resource);

    /// <summary>Ordinal equality of group and version.</summary>
    public bool Equals(GroupVersion other)
        => string.Equals(Group, other.Group, StringComparison.Ordinal) && string.Equals(Version, other.Version, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(StringComparer.Ordinal.GetHashCode(Group), StringComparer.Ordinal.GetHashCode(Version));

    /// <summary>As upstream prints it: <c>apps/v1</c>, <c>v1</c> for the core group, empty when empty.</summary>
    public override string ToString()
    {
        if (IsEmpty)
        {
            return "";
        }
        return Group.Length == 0 ? Version : Group + "/" + Version;
    }
}
