using KubeSharp.Api.Core.V1;
using KubeSharp.ApiServer.Errors;
using KubeSharp.ApiServer.Registry;

namespace KubeSharp.ApiServer.Hosting;

/// <summary>What a cluster has from its first start: the namespaces default, kube-system, kube-public and
/// kube-node-lease. Idempotent: existing objects are left alone.</summary>
public static class Bootstrap
{
    public static readonly IReadOnlyList<string> Namespaces = ["default", "kube-system", "kube-public", "kube-node-lease"];

    public static async Task EnsureAsync(ResourceCatalog catalog, IReadOnlyDictionary<ResourceDefinition, ResourceStore> stores, CancellationToken cancellationToken)
    {
        if (!catalog.TryGet("", "v1", "namespaces", out var namespaces))
        {
            return;
        }
        var store = stores[namespaces];
        foreach (var name in Namespaces)
        {
            var ns = new Namespace { ApiVersion = "v1", Kind = "Namespace" };
            ns.Metadata.Name = name;
            ns.Metadata.Labels = new() { ["kubernetes.io/metadata.name"] = name };
            ns.Spec.Finalizers = ["kubernetes"];
            ns.Status.Phase = "Active";
            try
            {
                await store.CreateAsync(ns, dryRun: false, ttl: null, cancellationToken);
            }
            catch (ApiStatusException e) when (e.Status.Code == 409)
            {
                // Already there from an earlier start.
            }
        }
    }
}
