namespace KubeSharp.ApiServer.Discovery;

/// <summary>The object a client asks the server to convert the response into, from the <c>g</c>, <c>v</c> and
/// <c>as</c> media type parameters (for example <c>meta.k8s.io/v1 Table</c> or
/// <c>apidiscovery.k8s.io/v2 APIGroupDiscoveryList</c>).</summary>
/// <param name="Group">The <c>g</c> parameter ("" when absent).</param>
/// <param name="Version">The <c>v</c> parameter ("" when absent).</param>
/// <param name="Kind">The <c>as</c> parameter ("" when absent).</param>
public readonly record struct MediaTypeConversion(string Group, string Version, string Kind)
{
    /// <summary>True when this is <paramref name="group"/>/<paramref name="version"/> <paramref name="kind"/> (ordinal).</summary>
    public bool Is(string group, string version, string kind)
        => string.Equals(Group, group, StringComparison.Ordinal)
            && string.Equals(Version, version, StringComparison.Ordinal)
            && string.Equals(Kind, kind, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override string ToString() => $"{Group}/{Version}, Kind={Kind}";
}
