using System.Collections.Immutable;

namespace KubeSharp.Api.Registry;

/// <summary>A subresource of an API resource, for example <c>pods/status</c> or <c>deployments/scale</c>.</summary>
public sealed class ApiSubresource
{
    /// <summary>Creates a subresource entry.</summary>
    public ApiSubresource(string name, string resource, GroupVersionKind kind, ImmutableArray<string> verbs, string definition)
    {
        Name = name;
        Resource = resource;
        Kind = kind;
        Verbs = verbs.IsDefault ? [] : verbs;
        Definition = definition;
    }

    /// <summary>The subresource name, for example <c>status</c>.</summary>
    public string Name { get; }

    /// <summary>The path form discovery uses, for example <c>pods/status</c>.</summary>
    public string Resource { get; }

    /// <summary>The kind sent and received on this subresource (for example <c>autoscaling/v1, Kind=Scale</c>
    /// for <c>deployments/scale</c>, <c>policy/v1, Kind=Eviction</c> for <c>pods/eviction</c>).</summary>
    public GroupVersionKind Kind { get; }

    /// <summary>The verbs the subresource supports.</summary>
    public ImmutableArray<string> Verbs { get; }

    /// <summary>The OpenAPI definition name of <see cref="Kind"/>.</summary>
    public string Definition { get; }

    /// <summary>True when <paramref name="verb"/> is supported (ordinal).</summary>
    public bool Supports(string verb) => Verbs.Contains(verb, StringComparer.Ordinal);

    /// <inheritdoc/>
    public override string ToString() => Resource;
}
