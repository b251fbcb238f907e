using KubeSharp.Api.Registry;

namespace KubeSharp.ApiServer.Registry;

/// <summary>Which strategy serves which resource: kinds with their own rules (upstream's per-resource strategy
/// packages) get a subclass of <see cref="GenericStrategy"/>; every other resource gets the generic one.</summary>
public static class Strategies
{
    public static IResourceStrategy For(ApiResource resource) => (resource.Group, resource.Resource) switch
    {
        ("", "services") => Services.ServiceStrategy.Instance,
        ("", "events") => EventStrategy.Instance,
        ("events.k8s.io", "events") => EventsV1Strategy.Instance,
        ("", "pods") => PodStrategy.Instance,
        ("", "namespaces") => NamespaceStrategy.Instance,
        _ => GenericStrategy.Instance,
    };
}
