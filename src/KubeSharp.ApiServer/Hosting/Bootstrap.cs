using System.Net;
using KubeSharp.Api;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Discovery.V1;
using KubeSharp.Api.Scheduling.V1;
using KubeSharp.ApiServer.Errors;
using KubeSharp.ApiServer.Registry;

namespace KubeSharp.ApiServer.Hosting;

/// <summary>
/// What a cluster has from its first start, as upstream's bootstrap controllers: the namespaces default,
/// kube-system, kube-public and kube-node-lease; the system PriorityClasses; and the <c>kubernetes</c> Service in
/// default with its Endpoints and EndpointSlice pointing at this server (reconciled at every start). Namespaces and
/// PriorityClasses that exist are left alone.
/// </summary>
public static class Bootstrap
{
    public static readonly IReadOnlyList<string> Namespaces = ["default", "kube-system", "kube-public", "kube-node-lease"];

    /// <summary>Upstream's SystemPriorityClasses (name, value, description).</summary>
    public static readonly IReadOnlyList<(string Name, int Value, string Description)> SystemPriorityClasses =
    [
        ("system-node-critical", 2000001000, "Used for system critical pods that must not be moved from their current node."),
        ("system-cluster-critical", 2000000000, "Used for system critical pods that must run in the cluster, but can be moved to another node if necessary."),
    ];

    public static async Task EnsureAsync(ResourceCatalog catalog, IReadOnlyDictionary<ResourceDefinition, ResourceStore> stores, CancellationToken cancellationToken)
    {
        if (catalog.TryGet("", "v1", "namespaces", out var namespaces))
        {
            foreach (var name in Namespaces)
            {
                var ns = new Namespace { ApiVersion = "v1", Kind = "Namespace" };
                ns.Metadata.Name = name;
                ns.Metadata.Labels = new() { ["kubernetes.io/metadata.name"] = name };
                ns.Spec.Finalizers = ["kubernetes"];
                ns.Status.Phase = "Active";
                await CreateIfMissingAsync(stores[namespaces], ns, cancellationToken);
            }
        }
        if (catalog.TryGet("scheduling.k8s.io", "v1", "priorityclasses", out var priorityClasses))
        {
            foreach (var (name, value, description) in SystemPriorityClasses)
            {
                var pc = new PriorityClass { ApiVersion = "scheduling.k8s.io/v1", Kind = "PriorityClass", Value = value, Description = description };
                pc.Metadata.Name = name;
                priorityClasses.Strategy.Default(pc);
                await CreateIfMissingAsync(stores[priorityClasses], pc, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Upstream's kubernetes-service controller and endpoints reconciler for one server: the Service
    /// <c>default/kubernetes</c> (ClusterIP <paramref name="serviceIp"/>, port 443 "https" to <paramref name="port"/>),
    /// created through the Service allocation hooks so its IP is reserved, and its ports kept right; the Endpoints and
    /// EndpointSlice <c>kubernetes</c> listing <paramref name="advertise"/>:<paramref name="port"/>.
    /// </summary>
    public static async Task EnsureKubernetesServiceAsync(ResourceCatalog catalog, IReadOnlyDictionary<ResourceDefinition, ResourceStore> stores,
        IPAddress serviceIp, IPAddress advertise, int port, CancellationToken cancellationToken)
    {
        if (catalog.TryGet("", "v1", "services", out var services))
        {
            await EnsureServiceAsync(stores[services], serviceIp, port, cancellationToken);
        }
        if (catalog.TryGet("", "v1", "endpoints", out var endpoints))
        {
            var ep = new Endpoints { ApiVersion = "v1", Kind = "Endpoints" };
            ep.Metadata.Name = "kubernetes";
            ep.Metadata.Namespace = "default";
            ep.Metadata.Labels = new() { ["endpointslice.kubernetes.io/skip-mirror"] = "true" };
            ep.Subsets =
            [
                new EndpointSubset
                {
                    Addresses = [new EndpointAddress { Ip = advertise.ToString() }],
                    Ports = [new Api.Core.V1.EndpointPort { Name = "https", Port = port, Protocol = "TCP" }],
                },
            ];
            await CreateOrReplaceAsync(stores[endpoints], ep, (current, desired) =>
            {
                var c = (Endpoints)current;
                var d = (Endpoints)desired;
                c.Subsets = d.Subsets;
                c.Metadata.Labels = d.Metadata.Labels;
            }, cancellationToken);
        }
        if (catalog.TryGet("discovery.k8s.io", "v1", "endpointslices", out var slices))
        {
            var slice = new EndpointSlice
            {
                ApiVersion = "discovery.k8s.io/v1",
                Kind = "EndpointSlice",
                AddressType = advertise.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4",
                Endpoints = [new Endpoint { Addresses = [advertise.ToString()], Conditions = new EndpointConditions { Ready = true } }],
                Ports = [new Api.Discovery.V1.EndpointPort { Name = "https", Port = port, Protocol = "TCP" }],
            };
            slice.Metadata.Name = "kubernetes";
            slice.Metadata.Namespace = "default";
            slice.Metadata.Labels = new() { ["kubernetes.io/service-name"] = "kubernetes" };
            await CreateOrReplaceAsync(stores[slices], slice, (current, desired) =>
            {
                var c = (EndpointSlice)current;
                var d = (EndpointSlice)desired;
                c.AddressType = d.AddressType;
                c.Endpoints = d.Endpoints;
                c.Ports = d.Ports;
                c.Metadata.Labels = d.Metadata.Labels;
            }, cancellationToken);
        }
    }

    private static async Task EnsureServiceAsync(ResourceStore store, IPAddress serviceIp, int port, CancellationToken cancellationToken)
    {
        var resource = store.Resource;
        var desiredPorts = new List<ServicePort>
        {
            new() { Name = "https", Port = 443, Protocol = "TCP", TargetPort = IntOrString.FromInt32(port) },
        };
        CachedObject? existing = null;
        try
        {
            existing = await store.GetAsync("default", "kubernetes", cancellationToken);
        }
        catch (ApiStatusException e) when (e.Status.Code == 404)
        {
        }
        if (existing is null)
        {
            var service = new Service { ApiVersion = "v1", Kind = "Service" };
            service.Metadata.Name = "kubernetes";
            service.Metadata.Namespace = "default";
            service.Metadata.Uid = Guid.NewGuid().ToString();
            service.Metadata.Labels = new() { ["component"] = "apiserver", ["provider"] = "kubernetes" };
            service.Spec.Type = "ClusterIP";
            service.Spec.ClusterIP = serviceIp.ToString();
            service.Spec.SessionAffinity = "None";
            service.Spec.Ports = desiredPorts;
            resource.Strategy.PrepareForCreate(resource, service);
            resource.Strategy.Default(service);
            await using var hooks = new HookScope(store, dryRun: false);
            try
            {
                await hooks.BeginCreateAsync(service, cancellationToken);
                await store.CreateAsync(service, dryRun: false, ttl: null, cancellationToken);
            }
            catch (ApiStatusException e) when (e.Status.Code is 409 or 422)
            {
                // Another server created it meanwhile (its IP is taken, or the name): nothing left to do here. The
                // hook scope gives back what this attempt reserved.
                return;
            }
            await hooks.CommitAsync(cancellationToken);
            return;
        }
        var current = (Service)existing.Object;
        if (current.Spec.Type == "ClusterIP" && SamePorts(current.Spec.Ports, desiredPorts))
        {
            return;
        }
        // Upstream's getMasterServiceUpdateIfNeeded: the ports and the type are put right, nothing else.
        await using var scope = new HookScope(store, dryRun: false);
        await store.GuaranteedUpdateAsync("default", "kubernetes", async latest =>
        {
            if (latest is null)
            {
                throw ApiErrors.NotFound(resource.GroupResource, "kubernetes");
            }
            var updated = (Service)Api.Serialization.KubeJson.Deserialize(resource.Type, CachedObject.Encode(resource, latest));
            updated.Spec.Ports = desiredPorts;
            updated.Spec.Type = "ClusterIP";
            resource.Strategy.PrepareForUpdate(resource, updated, latest);
            resource.Strategy.Default(updated);
            await scope.BeginUpdateAsync(updated, latest, cancellationToken);
            return updated;
        }, dryRun: false, ttl: null, cancellationToken);
        await scope.CommitAsync(cancellationToken);
    }

    private static bool SamePorts(List<ServicePort>? current, List<ServicePort> desired)
        => current is { Count: 1 } && current[0].Name == desired[0].Name && current[0].Port == desired[0].Port
            && current[0].Protocol == desired[0].Protocol && current[0].TargetPort.Equals(desired[0].TargetPort);

    private static async Task CreateIfMissingAsync(ResourceStore store, IKubeMetaObject obj, CancellationToken cancellationToken)
    {
        try
        {
            await store.CreateAsync(obj, dryRun: false, ttl: null, cancellationToken);
        }
        catch (ApiStatusException e) when (e.Status.Code == 409)
        {
            // Already there from an earlier start.
        }
    }

    /// <summary>Creates <paramref name="desired"/>, or copies what matters into the existing object and writes it.</summary>
    private static async Task CreateOrReplaceAsync(ResourceStore store, IKubeMetaObject desired, Action<IKubeMetaObject, IKubeMetaObject> apply, CancellationToken cancellationToken)
    {
        var resource = store.Resource;
        resource.Strategy.Default(desired);
        try
        {
            // Nothing to write when it is already right (no new resourceVersion at every start).
            var existing = await store.GetAsync(desired.Metadata.Namespace, desired.Metadata.Name, cancellationToken);
            var copy = (IKubeMetaObject)Api.Serialization.KubeJson.Deserialize(resource.Type, existing.Json);
            apply(copy, desired);
            resource.Strategy.Default(copy);
            if (CachedObject.Encode(resource, copy).AsSpan().SequenceEqual(existing.Json))
            {
                return;
            }
        }
        catch (ApiStatusException e) when (e.Status.Code == 404)
        {
        }
        await store.GuaranteedUpdateAsync(desired.Metadata.Namespace, desired.Metadata.Name, current =>
        {
            if (current is null)
            {
                return desired;
            }
            apply(current, desired);
            resource.Strategy.Default(current);
            current.Metadata.ResourceVersion = "";
            return current;
        }, dryRun: false, ttl: null, cancellationToken);
    }
}
