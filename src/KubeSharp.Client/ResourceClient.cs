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
        : base(rest, resource, @namespace, ObjectAdapter.For<T>())
    {
    }

    /// <summary>The same client scoped to another namespace ("" for all namespaces).</summary>
    public ResourceClient<T> InNamespace(string @namespace) => new(Rest, Resource, @namespace);
}

/// <summary>The dynamic client of any group/version/resource, with objects as JsonObject (CRDs, generic tools).</summary>
public sealed class DynamicResourceClient : ResourceClientBase<JsonObject>
{
    /// <summary>Creates a client of <paramref name="resource"/> in <paramref name="namespace"/> ("" for all).</summary>
    public DynamicResourceClient(RestClient rest, ApiResource resource, string @namespace = "")
        : base(rest, resource, @namespace, ObjectAdapter.Json)
    {
    }

    /// <summary>The same client scoped to another namespace ("" for all namespaces).</summary>
    public DynamicResourceClient InNamespace(string @namespace) => new(Rest, Resource, @namespace);
}
