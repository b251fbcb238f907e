using KubeSharp.Api;
using KubeSharp.ApiServer.Registry;

namespace KubeSharp.ApiServer.Admission;

/// <summary>The operation a request performs, as upstream's admission.Operation.</summary>
public enum AdmissionOperation
{
    Create,
    Update,
    Delete,
    Connect,
}

/// <summary>
/// What an admission plugin is told about a request (upstream's admission.Attributes): the operation, the resource and
/// subresource, namespace and name, the new object (storage version; mutating plugins may change it) and the current
/// one for updates and deletes (never to be changed).
/// </summary>
public sealed class AdmissionAttributes
{
    public required AdmissionOperation Operation { get; init; }

    /// <summary>The resource as served (its <see cref="ResourceDefinition.Storage"/> names the stored kind).</summary>
    public required ResourceDefinition Resource { get; init; }

    public string Subresource { get; init; } = "";

    public string Namespace { get; init; } = "";

    /// <summary>The name the request carries (empty on a create by generateName until the name is generated).</summary>
    public string Name { get; init; } = "";

    public IKubeMetaObject? Object { get; init; }

    public IKubeMetaObject? OldObject { get; init; }

    public bool DryRun { get; init; }

    /// <summary>Set by a mutating plugin that changed <see cref="Object"/>.</summary>
    public bool Mutated { get; set; }

    /// <summary>The group of the stored kind ("" for core).</summary>
    public string Group => Resource.Storage.Resource.Group;

    /// <summary>The plural resource name of the stored kind (pods, namespaces, ...).</summary>
    public string ResourceName => Resource.Storage.Resource.Resource;

    /// <summary>The kind of the request's object: the stored kind (Pod, Namespace, ...), or for a subresource with an
    /// object of its own the subresource's kind (Binding for pods/binding, Eviction, Scale), as upstream's GetKind.</summary>
    public string Kind => SubresourceKind ?? Resource.Storage.Type.Kind;

    /// <summary>The kind of a subresource's own object (Binding, Eviction, Scale); null when the object is the
    /// resource's.</summary>
    public string? SubresourceKind { get; init; }

    /// <summary>Whether the request is about the core resource <paramref name="resource"/> itself (no subresource).</summary>
    public bool IsCore(string resource) => Group.Length == 0 && ResourceName == resource && Subresource.Length == 0;

    /// <summary>Whether the validating plugins are running (set by the chain).</summary>
    public bool Validating { get; internal set; }

    /// <summary>Whether the caches have been brought up to the store's revision for this request.</summary>
    internal bool CachesFresh { get; set; }
}
