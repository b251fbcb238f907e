using System.Collections.Immutable;

namespace KubeSharp.Api.Registry;

/// <summary>An API group with its served versions, most preferred first.</summary>
public sealed class ApiGroupInfo
{
    /// <summary>Creates a group entry; <paramref name="versions"/> must be ordered most preferred first.</summary>
    public ApiGroupInfo(string name, ImmutableArray<string> versions)
    {
        if (versions.IsDefaultOrEmpty)
        {
            throw new ArgumentException("a group needs at least one version", nameof(versions));
        }
        Name = name;
        Versions = versions;
    }

    /// <summary>The group name; empty for the core group.</summary>
    public string Name { get; }

    /// <summary>Served versions, most preferred first.</summary>
    public ImmutableArray<string> Versions { get; }

    /// <summary>The preferred version (the first of <see cref="Versions"/>).</summary>
    public string PreferredVersion => Versions[0];

    /// <summary>The preferred group version.</summary>
    public GroupVersion PreferredGroupVersion => new(Name, PreferredVersion);

    /// <inheritdoc/>
    public override string ToString() => Name.Length == 0 ? "(core)" : Name;
}
