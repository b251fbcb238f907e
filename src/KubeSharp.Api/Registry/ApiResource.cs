using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace KubeSharp.Api.Registry;

/// <summary>One served resource in one group version, as API discovery describes it.</summary>
public sealed class ApiResource
{
    /// <summary>Creates a resource entry. Collections that are default become empty.</summary>
    public ApiResource(
        GroupVersionKind kind,
        string resource,
        string singularName,
        bool namespaced,
        ImmutableArray<string> verbs,
        ImmutableArray<string> shortNames,
        ImmutableArray<string> categories,
        ImmutableArray<ApiSubresource> subresources,
        string definition,
        string? listDefinition,
        string? introducedIn)
    {
        GroupVersionKind = kind;
        Resource = resource;
        SingularName = singularName;
        Namespaced = namespaced;
        Verbs = verbs.IsDefault ? [] : verbs;
        ShortNames = shortNames.IsDefault ? [] : shortNames;
        Categories = categories.IsDefault ? [] : categories;
        Subresources = subresources.IsDefault ? [] : subresources;
        Definition = definition;
        ListDefinition = listDefinition;
        IntroducedIn = introducedIn;
    }

    /// <summary>The API group; empty for the core group.</summary>
    public string Group => GroupVersionKind.Group;

    /// <summary>The version.</summary>
    public string Version => GroupVersionKind.Version;

    /// <summary>The kind, for example <c>Deployment</c>.</summary>
    public string Kind => GroupVersionKind.Kind;

    /// <summary>The plural resource name used in URLs, for example <c>deployments</c>.</summary>
    public string Resource { get; }

    /// <summary>The singular name, for example <c>deployment</c>.</summary>
    public string SingularName { get; }

    /// <summary>True for namespaced resources, false for cluster-scoped ones.</summary>
    public bool Namespaced { get; }

    /// <summary>The verbs the resource supports.</summary>
    public ImmutableArray<string> Verbs { get; }

    /// <summary>Short names, for example <c>deploy</c>.</summary>
    public ImmutableArray<string> ShortNames { get; }

    /// <summary>Categories, for example <c>all</c>.</summary>
    public ImmutableArray<string> Categories { get; }

    /// <summary>Subresources, for example <c>status</c> and <c>scale</c>.</summary>
    public ImmutableArray<ApiSubresource> Subresources { get; }

    /// <summary>The OpenAPI definition name of the kind, for example <c>io.k8s.api.apps.v1.Deployment</c>.</summary>
    public string Definition { get; }

    /// <summary>The OpenAPI definition name of the list kind, or null when the resource cannot be listed.</summary>
    public string? ListDefinition { get; }

    /// <summary>The Kubernetes minor release that introduced this group version of the resource, when known.</summary>
    public string? IntroducedIn { get; }

    /// <summary>The group, version and kind.</summary>
    public GroupVersionKind GroupVersionKind { get; }

    /// <summary>The group, version and plural resource.</summary>
    public GroupVersionResource GroupVersionResource => new(Group, Version, Resource);

    /// <summary>The group and plural resource.</summary>
    public GroupResource GroupResource => new(Group, Resource);

    /// <summary>The group and version.</summary>
    public GroupVersion GroupVersion => GroupVersionKind.GroupVersion;

    /// <summary>The <c>apiVersion</c> field value, for example <c>apps/v1</c>.</summary>
    public string ApiVersion => GroupVersion.ToString();

    /// <summary>The list kind (<c>DeploymentList</c>), or null when the resource has no list type.</summary>
    public string? ListKind => ListDefinition is null ? null : Kind + "List";

    /// <summary>True when <paramref name="verb"/> is supported (ordinal).</summary>
    public bool Supports(string verb) => Verbs.Contains(verb, StringComparer.Ordinal);

    /// <summary>Finds a subresource by name (case-insensitive), for example <c>status</c>.</summary>
    public bool TryGetSubresource(string name, [NotNullWhen(true)] out ApiSubresource? subresource)
    {
        foreach (var candidate in Subresources)
        {
            if (string.Equals(candidate.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                subresource = candidate;
                return true;
            }
        }
        subresource = null;
        return false;
    }

    /// <inheritdoc/>
    public override string ToString() => GroupVersionResource.ToString();
}
