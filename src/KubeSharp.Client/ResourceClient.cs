using System.Text.Json.Nodes;
using KubeSharp.Api;
using KubeSharp.Api.Registry;
using KubeSharp.Api.Serialization;

namespace KubeSharp.Client;

/// <summary>The typed client of a generated kind (client-go's typed clientset), for example
/// <c>client.Resource&lt;Pod&gt;("default")</c>. See <see cref="ResourceClientBase{T}"/> for the operations.</summary>
public sealed class ResourceClient<T> : ResourceClientBase<T>
    where T : class, IKubeMetaObject, IJsonModel<T>
{
    /// <summary>Creates a client of <paramref name="resource"/> in <paramref name="namespace"/> ("" for all).</summary>
    public ResourceClient(RestClient rest, ApiResource resource, string @namespace = "")
        : this(rest, resource, @namespace, skipManagedFields: false)
    {
    }

    /// <summary>Creates a client of <paramref name="resource"/> in <paramref name="namespace"/> ("" for all);
    /// <paramref name="skipManagedFields"/>: see <see cref="WithoutManagedFields"/>.</summary>
    public ResourceClient(RestClient rest, ApiResource resource, string @namespace, bool skipManagedFields)
        : base(rest, resource, @namespace, ObjectAdapter.For<T>(skipManagedFields))
    {
    }

    /// <summary>The same client scoped to another namespace ("" for all namespaces).</summary>
    public ResourceClient<T> InNamespace(string @namespace) => new(Rest, Resource, @namespace, Adapter.SkipsManagedFields);

    /// <summary>
    /// The same client decoding every answer (gets, lists, watches, write results) without metadata.managedFields:
    /// for callers that never read it (upstream's informer transform that trims managedFields). Updates of such objects
    /// keep the server's managedFields.
    /// </summary>
    public ResourceClient<T> WithoutManagedFields() => Adapter.SkipsManagedFields ? this : new(Rest, Resource, Namespace, skipManagedFields: true);
}

/// <summary>The dynamic client of any group/version/resource, with objects as JsonObject (CRDs, generic tools).</summary>
public sealed class DynamicResourceClient : ResourceClientBase<JsonObject>
{
    /// <summary>Creates a client of <paramref name="resource"/> in <paramref name="namespace"/> ("" for all).</summary>
    public DynamicResourceClient(RestClient rest, ApiResource resource, string @namespace = "")
        : this(rest, resource, @namespace, skipManagedFields: false)
    {
    }

    /// <summary>Creates a client of <paramref name="resource"/> in <paramref name="namespace"/> ("" for all);
    /// <paramref name="skipManagedFields"/>: see <see cref="WithoutManagedFields"/>.</summary>
    public DynamicResourceClient(RestClient rest, ApiResource resource, string @namespace, bool skipManagedFields)
        : base(rest, resource, @namespace, skipManagedFields ? ObjectAdapter.JsonWithoutManagedFields : ObjectAdapter.Json)
    {
    }

    /// <summary>The same client scoped to another namespace ("" for all namespaces).</summary>
    public DynamicResourceClient InNamespace(string @namespace) => new(Rest, Resource, @namespace, Adapter.SkipsManagedFields);

    /// <summary>The same client with metadata.managedFields removed from every object it decodes.</summary>
    public DynamicResourceClient WithoutManagedFields() => Adapter.SkipsManagedFields ? this : new(Rest, Resource, Namespace, skipManagedFields: true);
}
