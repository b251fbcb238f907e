namespace KubeSharp.Api.Registry;

/// <summary>Compares group version resources ignoring case, as kubectl's RESTMapper matches resource arguments.</summary>
internal sealed class IgnoreCaseGroupVersionResourceComparer : IEqualityComparer<GroupVersionResource>
{
    public static readonly IgnoreCaseGroupVersionResourceComparer Instance = new();

    public bool Equals(GroupVersionResource x, GroupVersionResource y)
        => string.Equals(x.Group, y.Group, StringComparison.OrdinalIgnoreCase)
            && string.Equals(x.Version, y.Version, StringComparison.OrdinalIgnoreCase)
            && string.Equals(x.Resource, y.Resource, StringComparison.OrdinalIgnoreCase);

    public int GetHashCode(GroupVersionResource obj) => HashCode.Combine(
        StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Group),
        StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Version),
        StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Resource));
}
