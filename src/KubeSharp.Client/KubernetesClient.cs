using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text.Json.Nodes;
using KubeSharp.Api;
using KubeSharp.Api.Registry;
using KubeSharp.Api.Serialization;

namespace KubeSharp.Client;

/// <summary>
/// The entry point of the client library (client-go's clientset + dynamic client): typed clients of every generated
/// kind (<see cref="Resource{T}"/>), dynamic clients of any resource (<see cref="Dynamic(GroupVersionResource, string)"/>)
/// and the REST layer (<see cref="Rest"/>). Thread-safe; one instance per process and identity is the norm (it pools
/// HTTP/2 connections). Resource paths come from <see cref="ResourceRegistry"/> (the built-in resources).
/// </summary>
public sealed class KubernetesClient : IDisposable
{
    private readonly ConcurrentDictionary<Type, ApiResource> _typed = new();

    /// <summary>A client for the configuration (its HTTP handler: TLS, credentials, HTTP/2).</summary>
    public KubernetesClient(ClientConfiguration configuration, RestClientOptions? options = null)
        : this(new RestClient((configuration ?? throw new ArgumentNullException(nameof(configuration))).CreateHttpClient(), options), configuration.Namespace)
    {
        Configuration = configuration;
    }

    /// <summary>A client over an existing REST layer.</summary>
    public KubernetesClient(RestClient rest, string defaultNamespace = "default", ResourceRegistry? registry = null)
    {
        ArgumentNullException.ThrowIfNull(rest);
        Rest = rest;
        DefaultNamespace = defaultNamespace;
        Registry = registry ?? ResourceRegistry.Default;
    }

    /// <summary>Loads the kubeconfig by client-go's rules (explicit path, KUBECONFIG, ~/.kube/config, in-cluster) and connects.</summary>
    public static KubernetesClient FromKubeconfig(string? path = null, ConfigOverrides? overrides = null, RestClientOptions? options = null)
        => new(new KubeconfigLoader { ExplicitPath = path, Overrides = overrides ?? new ConfigOverrides() }.Load(), options);

    /// <summary>The configuration, when built from one.</summary>
    public ClientConfiguration? Configuration { get; }

    /// <summary>The configuration's namespace ("default" unless the context or an override says otherwise).</summary>
    public string DefaultNamespace { get; }

    /// <summary>The REST layer.</summary>
    public RestClient Rest { get; }

    /// <summary>The resources the client knows (path, scope, kind).</summary>
    public ResourceRegistry Registry { get; }

    /// <summary>The typed client of a kind, in <paramref name="namespace"/> ("" or omitted: all namespaces; ignored for cluster-scoped kinds).</summary>
    /// <exception cref="ArgumentException">The type is not a served kind.</exception>
    public ResourceClient<T> Resource<T>(string @namespace = "")
        where T : class, IKubeMetaObject, IJsonModel<T>
        => new(Rest, ResourceFor<T>(), @namespace);

    /// <summary>The dynamic client of a resource (group, version, plural).</summary>
    /// <exception cref="ArgumentException">The resource is unknown (use <see cref="Dynamic(ApiResource, string)"/> for CRDs).</exception>
    public DynamicResourceClient Dynamic(GroupVersionResource resource, string @namespace = "")
        => Registry.TryGetByResource(resource, out var found)
            ? new DynamicResourceClient(Rest, found, @namespace)
            : throw new ArgumentException($"unknown resource {resource}; describe it with an ApiResource", nameof(resource));

    /// <summary>The dynamic client of a resource described by the caller (custom resources).</summary>
    public DynamicResourceClient Dynamic(ApiResource resource, string @namespace = "") => new(Rest, resource, @namespace);

    /// <summary>Describes a custom resource for <see cref="Dynamic(ApiResource, string)"/>.</summary>
    public static ApiResource CustomResource(string group, string version, string kind, string plural, bool namespaced)
        => new(new GroupVersionKind(group, version, kind), plural, kind.ToLowerInvariant(), namespaced,
            ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"], [], [], [], "", "", null);

    /// <summary>The resource serving a generated kind.</summary>
    public ApiResource ResourceFor<T>()
        where T : class, IKubeMetaObject, IJsonModel<T>
        => _typed.GetOrAdd(typeof(T), static (type, registry) =>
        {
            foreach (var info in ApiTypes.ForType(type))
            {
                if (registry.TryGetByKind(new GroupVersionKind(info.Group, info.Version, info.Kind), out var resource))
                {
                    return resource;
                }
            }
            throw new ArgumentException($"{type.Name} is not a served kind", nameof(T));
        }, Registry);

    /// <inheritdoc/>
    public void Dispose() => Rest.Dispose();
}
