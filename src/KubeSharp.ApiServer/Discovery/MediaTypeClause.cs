using System.Collections.Immutable;

namespace KubeSharp.ApiServer.Discovery;

/// <summary>One clause of an <c>Accept</c> header, for example
/// <c>application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList;q=0.9</c>.</summary>
/// <param name="Type">The type (<c>application</c>, or <c>*</c>).</param>
/// <param name="SubType">The subtype (<c>json</c>, or <c>*</c>).</param>
/// <param name="Parameters">Parameters other than <c>q</c>, names as sent (case-sensitive, as upstream).</param>
/// <param name="Quality">The <c>q</c> value (1 when absent).</param>
public sealed record MediaTypeClause(string Type, string SubType, ImmutableDictionary<string, string> Parameters, double Quality)
{
    /// <summary>The media type without parameters, for example <c>application/json</c>.</summary>
    public string MediaType => Type + "/" + SubType;

    /// <summary>A parameter's value, or null when absent.</summary>
    public string? GetParameter(string name) => Parameters.TryGetValue(name, out var value) ? value : null;

    /// <summary>True when this clause accepts <paramref name="type"/>/<paramref name="subType"/>, with the
    /// wildcards upstream honours (<c>*/*</c> and <c>type/*</c>).</summary>
    public bool Matches(string type, string subType)
        => (Type == "*" && SubType == "*")
            || (string.Equals(Type, type, StringComparison.Ordinal) && (SubType == "*" || string.Equals(SubType, subType, StringComparison.Ordinal)));
}
