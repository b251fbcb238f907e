using System.Net;
using KubeSharp.Api;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Validation;
using KubeSharp.ApiServer.Errors;
using KubeSharp.ApiServer.Registry;
using KubeSharp.ApiServer.Validation.Core;
using Microsoft.Extensions.Logging;

namespace KubeSharp.ApiServer.Services;

/// <summary>
/// The Service write hooks (upstream's service REST beginCreate/beginUpdate/afterDelete with its Allocators):
/// ClusterIPs from the service CIDR, NodePorts and healthCheckNodePorts from the node port range, ipFamilies and
/// ipFamilyPolicy defaulted for this (single-stack) cluster. Allocations are persisted immediately; a failed write
/// gives back what it reserved, a successful one gives back what the change freed (type changes). Deleting a
/// Service releases everything it holds and deletes its Endpoints, as upstream.
/// </summary>
public sealed partial class ServiceAllocations(ClusterIPAllocator ips, NodePortAllocator nodePorts, ResourceStore? endpoints, ILogger? logger = null) : IResourceHooks, IDisposable
{
    public ClusterIPAllocator ClusterIPs { get; } = ips;

    public NodePortAllocator NodePorts { get; } = nodePorts;

    public async ValueTask<IHookTransaction> BeginCreateAsync(IKubeMetaObject obj, bool dryRun, CancellationToken cancellationToken)
    {
        var service = (Service)obj;
        ServiceFields.NormalizeClusterIPs(service, null);
        var txn = new Transaction(this, dryRun);
        try
        {
            InitIPFamilyFields(service, null);
            await AllocateClusterIPsAsync(service, txn, cancellationToken);
            if (ServiceFields.NeedsNodePort(service))
            {
                await InitNodePortsAsync(service, txn, cancellationToken);
            }
            if (ServiceFields.NeedsHealthCheckNodePort(service))
            {
                await AllocateHealthCheckNodePortAsync(service, txn, cancellationToken);
            }
            return txn;
        }
        catch
        {
            await txn.RevertAsync();
            throw;
        }
    }

    public async ValueTask<IHookTransaction> BeginUpdateAsync(IKubeMetaObject obj, IKubeMetaObject old, bool dryRun, CancellationToken cancellationToken)
    {
        var service = (Service)obj;
        var oldService = (Service)old;
        ServiceFields.PatchAllocatedValues(service, oldService);
        ServiceFields.NormalizeClusterIPs(service, oldService);
        var txn = new Transaction(this, dryRun);
        try
        {
            InitIPFamilyFields(service, oldService);
            await UpdateClusterIPsAsync(service, oldService, txn, cancellationToken);
            await UpdateNodePortsAsync(service, oldService, txn, cancellationToken);
            return txn;
        }
        catch
        {
            await txn.RevertAsync();
            throw;
        }
    }

    public async ValueTask AfterDeleteAsync(IKubeMetaObject obj, CancellationToken cancellationToken)
    {
        var service = (Service)obj;
        try
        {
            if (endpoints is not null)
            {
                await DeleteEndpointsAsync(service, cancellationToken);
            }
            if (ServiceFields.NeedsClusterIP(service) && !ServiceFields.IsHeadless(service))
            {
                foreach (var ip in service.Spec.ClusterIPs ?? [])
                {
                    if (IPAddress.TryParse(ip, out var address))
                    {
                        await ClusterIPs.ReleaseAsync(address, cancellationToken);
                    }
                }
            }
            foreach (var port in ServiceFields.NodePorts(service))
            {
                await NodePorts.ReleaseAsync(port, cancellationToken);
            }
            if (ServiceFields.NeedsHealthCheckNodePort(service) && service.Spec.HealthCheckNodePort > 0)
            {
                await NodePorts.ReleaseAsync(service.Spec.HealthCheckNodePort, cancellationToken);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // As upstream: a failed release leaks until the repair loop finds it.
            if (logger is not null)
            {
                LogDeleteReleaseFailed(logger, e, service.Metadata.Namespace, service.Metadata.Name);
            }
        }
    }

    private async ValueTask DeleteEndpointsAsync(Service service, CancellationToken cancellationToken)
    {
        CachedObject current;
        try
        {
            current = await endpoints!.GetAsync(service.Metadata.Namespace, service.Metadata.Name, cancellationToken);
        }
        catch (ApiStatusException e) when (e.Status.Code == 404)
        {
            return;
        }
        if (current.Object.Metadata.Finalizers is { Count: > 0 })
        {
            return;
        }
        try
        {
            await endpoints.DeleteAsync(current, dryRun: false, cancellationToken);
        }
        catch (ApiStatusException e) when (e.Status.Code is 404 or 409)
        {
            // Gone or rewritten meanwhile.
        }
    }

    /// <summary>Upstream's initIPFamilyFields for a cluster with one service IP family.</summary>
    private void InitIPFamilyFields(Service service, Service? old)
    {
        var spec = service.Spec;
        if (spec.Type == "ExternalName" || IsMatchingPreferDualStack(service, old))
        {
            return;
        }
        if (spec.IpFamilyPolicy is null)
        {
            spec.IpFamilyPolicy = old?.Spec.IpFamilyPolicy
                ?? (spec.ClusterIP == "None" && spec.Selector is not { Count: > 0 } ? "RequireDualStack" : "SingleStack");
        }
        var loose = ServiceValidation.ValidateClusterIPsRelatedFields(service);
        if (loose.Count > 0)
        {
            throw Invalid(service, loose);
        }
        var errors = new FieldErrorList();
        var policyPath = FieldPath.Root("spec", "ipFamilyPolicy");
        if (old is not null)
        {
            if (spec.IpFamilyPolicy == "SingleStack")
            {
                if (ServiceFields.SameList(old.Spec.ClusterIPs, spec.ClusterIPs) && spec.ClusterIPs is { Count: > 1 } ips)
                {
                    spec.ClusterIPs = [ips[0]];
                }
                if (ServiceFields.SameList(old.Spec.IpFamilies, spec.IpFamilies) && spec.IpFamilies is { Count: > 1 } families)
                {
                    spec.IpFamilies = [families[0]];
                }
            }
            else
            {
                if (spec.ClusterIPs is { Count: > 0 } && spec.ClusterIPs.Count < (old.Spec.ClusterIPs?.Count ?? 0))
                {
                    errors.Add(FieldError.Invalid(policyPath, spec.IpFamilyPolicy, "must be 'SingleStack' to release the secondary cluster IP"));
                }
                if (spec.IpFamilies is { Count: > 0 } && spec.IpFamilies.Count < (old.Spec.IpFamilies?.Count ?? 0))
                {
                    errors.Add(FieldError.Invalid(policyPath, spec.IpFamilyPolicy, "must be 'SingleStack' to release the secondary IP family"));
                }
            }
        }
        if (spec.IpFamilyPolicy == "SingleStack")
        {
            if (spec.ClusterIPs is { Count: 2 })
            {
                errors.Add(FieldError.Invalid(policyPath, spec.IpFamilyPolicy, "must be 'RequireDualStack' or 'PreferDualStack' when multiple cluster IPs are specified"));
            }
            if (spec.IpFamilies is { Count: 2 })
            {
                errors.Add(FieldError.Invalid(policyPath, spec.IpFamilyPolicy, "must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified"));
            }
        }
        var clusterIPs = spec.ClusterIPs ?? [];
        for (var i = 0; i < clusterIPs.Count; i++)
        {
            if (clusterIPs[i] == "None")
            {
                break;
            }
            var family = FamilyOf(clusterIPs[i]);
            if (i >= (spec.IpFamilies?.Count ?? 0))
            {
                if (family != ClusterIPs.Family)
                {
                    errors.Add(FieldError.Invalid(FieldPath.Root("spec", "clusterIPs").Index(i), clusterIPs, $"{family} is not configured on this cluster"));
                }
                else
                {
                    (spec.IpFamilies ??= []).Add(family);
                }
            }
        }
        if (errors.Count > 0)
        {
            throw Invalid(service, errors);
        }
        if (spec.ClusterIP == "None" && spec.Selector is not { Count: > 0 })
        {
            // Headless and selectorless: any families are fine, dual unless SingleStack was asked for.
            spec.IpFamilies ??= [];
            if (spec.IpFamilies.Count == 0)
            {
                spec.IpFamilies.Add(ClusterIPs.Family);
            }
            if (spec.IpFamilies.Count < 2 && spec.IpFamilyPolicy != "SingleStack")
            {
                spec.IpFamilies.Add(spec.IpFamilies[0] == "IPv4" ? "IPv6" : "IPv4");
            }
            return;
        }
        if (spec.IpFamilyPolicy == "RequireDualStack")
        {
            errors.Add(FieldError.Invalid(policyPath, spec.IpFamilyPolicy, "this cluster is not configured for dual-stack services"));
        }
        for (var i = 0; i < (spec.IpFamilies?.Count ?? 0); i++)
        {
            if (spec.IpFamilies![i] != ClusterIPs.Family)
            {
                errors.Add(FieldError.Invalid(FieldPath.Root("spec", "ipFamilies").Index(i), spec.IpFamilies[i], "not configured on this cluster"));
            }
        }
        if (errors.Count > 0)
        {
            throw Invalid(service, errors);
        }
        if (spec.IpFamilies is not { Count: > 0 })
        {
            spec.IpFamilies = [ClusterIPs.Family];
        }
    }

    private static bool IsMatchingPreferDualStack(Service service, Service? old)
    {
        if (old is null || service.Spec.IpFamilyPolicy is null || old.Spec.Type != service.Spec.Type
            || service.Spec.Type is not ("ClusterIP" or "NodePort" or "LoadBalancer"))
        {
            return false;
        }
        return service.Spec.IpFamilyPolicy == "PreferDualStack" && old.Spec.IpFamilyPolicy is null or "PreferDualStack"
            && ServiceFields.SameList(old.Spec.ClusterIPs, service.Spec.ClusterIPs)
            && ServiceFields.SameList(old.Spec.IpFamilies, service.Spec.IpFamilies);
    }

    /// <summary>Upstream's allocClusterIPs: the address of each family, allocated or the requested one reserved.</summary>
    private async ValueTask AllocateClusterIPsAsync(Service service, Transaction txn, CancellationToken cancellationToken)
    {
        var spec = service.Spec;
        if (spec.Type == "ExternalName" || ServiceFields.IsHeadless(service))
        {
            return;
        }
        spec.ClusterIPs ??= [];
        var families = spec.IpFamilies ?? [];
        for (var i = 0; i < families.Count; i++)
        {
            if (i > spec.ClusterIPs.Count - 1)
            {
                spec.ClusterIPs.Add("");
            }
        }
        for (var i = 0; i < families.Count; i++)
        {
            var requested = spec.ClusterIPs[i];
            IPAddress address;
            if (requested.Length == 0)
            {
                try
                {
                    address = await ClusterIPs.AllocateNextAsync(txn.DryRun, cancellationToken);
                }
                catch (AllocationException e)
                {
                    throw ApiErrors.InternalError($"failed to allocate a serviceIP: {e.Message}");
                }
            }
            else
            {
                if (!IPAddress.TryParse(requested, out address!))
                {
                    throw ApiErrors.InternalError($"failed to parse service IP \"{requested}\"");
                }
                try
                {
                    await ClusterIPs.AllocateAsync(address, txn.DryRun, cancellationToken);
                }
                catch (AllocationException e)
                {
                    throw Invalid(service, [FieldError.Invalid(FieldPath.Root("spec", "clusterIPs"), spec.ClusterIPs.ToList(), $"failed to allocate IP {requested}: {e.Message}")]);
                }
            }
            txn.AllocatedIPs.Add(address);
            spec.ClusterIPs[i] = address.ToString();
            if (i == 0)
            {
                spec.ClusterIP = spec.ClusterIPs[0];
            }
        }
    }

    /// <summary>Upstream's updateClusterIPs for one family: ExternalName to another type allocates, the other way
    /// releases (on commit).</summary>
    private async ValueTask UpdateClusterIPsAsync(Service service, Service old, Transaction txn, CancellationToken cancellationToken)
    {
        if (IsMatchingPreferDualStack(service, old))
        {
            return;
        }
        if (old.Spec.Type == "ExternalName" && service.Spec.Type != "ExternalName")
        {
            await AllocateClusterIPsAsync(service, txn, cancellationToken);
            return;
        }
        if (ServiceFields.IsHeadless(old))
        {
            return;
        }
        if (old.Spec.Type != "ExternalName" && service.Spec.Type == "ExternalName")
        {
            foreach (var ip in old.Spec.ClusterIPs ?? [])
            {
                if (IPAddress.TryParse(ip, out var address))
                {
                    txn.ReleaseIPs.Add(address);
                }
            }
        }
    }

    /// <summary>Upstream's initNodePorts (create): requested ports reserved, missing ones allocated; ports that
    /// share a port number share the node port.</summary>
    private static async ValueTask InitNodePortsAsync(Service service, Transaction txn, CancellationToken cancellationToken)
    {
        var ports = service.Spec.Ports ?? [];
        var byServicePort = new Dictionary<int, int>();
        for (var i = 0; i < ports.Count; i++)
        {
            var port = ports[i];
            if (port.NodePort == 0 && !ShouldAllocateNodePorts(service))
            {
                continue;
            }
            var assigned = byServicePort.GetValueOrDefault(port.Port);
            if (assigned == 0)
            {
                var requested = ports.FirstOrDefault(p => p.Port == port.Port && p.NodePort != 0)?.NodePort ?? 0;
                if (requested != 0)
                {
                    await txn.AllocatePortAsync(requested, FieldPath.Root("spec", "ports").Index(i).Child("nodePort"), service, cancellationToken);
                    port.NodePort = requested;
                    byServicePort[port.Port] = requested;
                }
                else
                {
                    var next = await txn.AllocateNextPortAsync("failed to allocate a nodePort: {0}", cancellationToken);
                    port.NodePort = next;
                    byServicePort[port.Port] = next;
                }
            }
            else if (port.NodePort != assigned)
            {
                if (port.NodePort == 0)
                {
                    port.NodePort = assigned;
                }
                else
                {
                    await txn.AllocatePortAsync(port.NodePort, FieldPath.Root("spec", "ports").Index(i).Child("nodePort"), service, cancellationToken);
                }
            }
        }
    }

    /// <summary>Upstream's txnUpdateNodePorts: release on leaving NodePort/LoadBalancer, allocate new and missing
    /// ports, release ports no longer used, and the healthCheckNodePort transitions.</summary>
    private static async ValueTask UpdateNodePortsAsync(Service service, Service old, Transaction txn, CancellationToken cancellationToken)
    {
        if (ServiceFields.NeedsNodePort(old) && service.Spec.Type is "ExternalName" or "ClusterIP")
        {
            txn.ReleasePorts.AddRange(ServiceFields.NodePorts(old));
        }
        if (ServiceFields.NeedsNodePort(service))
        {
            var oldPorts = ServiceFields.NodePorts(old);
            var seen = new HashSet<(string, int)>();
            var allocatedHere = new HashSet<int>();
            var ports = service.Spec.Ports ?? [];
            for (var i = 0; i < ports.Count; i++)
            {
                var port = ports[i];
                if (port.NodePort == 0 && !ShouldAllocateNodePorts(service))
                {
                    continue;
                }
                if (port.NodePort != 0)
                {
                    if (!oldPorts.Contains(port.NodePort) && allocatedHere.Add(port.NodePort))
                    {
                        await txn.AllocatePortAsync(port.NodePort, FieldPath.Root("spec", "ports").Index(i).Child("nodePort"), service, cancellationToken);
                    }
                }
                else
                {
                    port.NodePort = await txn.AllocateNextPortAsync("failed to allocate a nodePort: {0}", cancellationToken);
                }
                if (!seen.Add((port.Protocol, port.NodePort)))
                {
                    throw ApiErrors.InternalError($"duplicate nodePort: {{{port.Protocol} {port.NodePort}}}");
                }
            }
            var newPorts = ServiceFields.NodePorts(service);
            txn.ReleasePorts.AddRange(oldPorts.Where(p => !newPorts.Contains(p)));
        }
        var needed = ServiceFields.NeedsHealthCheckNodePort(old);
        var needs = ServiceFields.NeedsHealthCheckNodePort(service);
        if (!needed && needs)
        {
            await AllocateHealthCheckNodePortAsync(service, txn, cancellationToken);
        }
        else if (needed && !needs)
        {
            txn.ReleasePorts.Add(old.Spec.HealthCheckNodePort);
        }
    }

    private static async ValueTask AllocateHealthCheckNodePortAsync(Service service, Transaction txn, CancellationToken cancellationToken)
    {
        var requested = service.Spec.HealthCheckNodePort;
        if (requested != 0)
        {
            try
            {
                await txn.AllocatePortAsync(requested, null, service, cancellationToken);
            }
            catch (AllocationException e)
            {
                throw ApiErrors.InternalError($"failed to allocate requested HealthCheck NodePort {requested}: {e.Message}");
            }
        }
        else
        {
            service.Spec.HealthCheckNodePort = await txn.AllocateNextPortAsync("failed to allocate a HealthCheck NodePort 0: {0}", cancellationToken);
        }
    }

    private static bool ShouldAllocateNodePorts(Service service) => service.Spec.Type switch
    {
        "NodePort" => true,
        "LoadBalancer" => service.Spec.AllocateLoadBalancerNodePorts ?? true,
        _ => false,
    };

    private static string FamilyOf(string ip) => IPAddress.TryParse(ip, out var address)
        ? address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4"
        : "unknown";

    private static ApiStatusException Invalid(Service service, FieldErrorList errors)
        => ApiErrors.Invalid(new GroupKindName("", "Service", service.Metadata.Name), errors);

    /// <summary>What one write reserved (given back on revert) and what it frees (given back on commit).</summary>
    private sealed class Transaction(ServiceAllocations owner, bool dryRun) : IHookTransaction
    {
        private bool _done;

        public bool DryRun { get; } = dryRun;

        public List<IPAddress> AllocatedIPs { get; } = [];

        public List<IPAddress> ReleaseIPs { get; } = [];

        public List<int> AllocatedPorts { get; } = [];

        public List<int> ReleasePorts { get; } = [];

        /// <summary>Upstream's PortAllocationOperation.Allocate: a dry run only checks the port is free.</summary>
        public async ValueTask AllocatePortAsync(int port, FieldPath? path, Service service, CancellationToken cancellationToken)
        {
            try
            {
                if (DryRun)
                {
                    if (AllocatedPorts.Contains(port) || await owner.NodePorts.HasAsync(port, cancellationToken))
                    {
                        throw new AllocationException("provided port is already allocated");
                    }
                }
                else
                {
                    await owner.NodePorts.AllocateAsync(port, cancellationToken);
                }
                AllocatedPorts.Add(port);
            }
            catch (AllocationException e) when (path is not null)
            {
                throw Invalid(service, [FieldError.Invalid(path, port, e.Message)]);
            }
        }

        /// <summary>Upstream's PortAllocationOperation.AllocateNext: a dry run makes up ports above the range.</summary>
        public async ValueTask<int> AllocateNextPortAsync(string errorFormat, CancellationToken cancellationToken)
        {
            int port;
            if (DryRun)
            {
                port = AllocatedPorts.Count == 0 ? 32769 : AllocatedPorts.Max() + 1;
            }
            else
            {
                try
                {
                    port = await owner.NodePorts.AllocateNextAsync(cancellationToken);
                }
                catch (AllocationException e)
                {
                    throw ApiErrors.InternalError(string.Format(System.Globalization.CultureInfo.InvariantCulture, errorFormat, e.Message));
                }
            }
            AllocatedPorts.Add(port);
            return port;
        }

        public async ValueTask CommitAsync(CancellationToken cancellationToken)
        {
            if (_done)
            {
                return;
            }
            _done = true;
            if (DryRun)
            {
                return;
            }
            // Released after the write, best effort: a failure leaks (the repair finds it), never double-allocates.
            try
            {
                foreach (var ip in ReleaseIPs)
                {
                    await owner.ClusterIPs.ReleaseAsync(ip, CancellationToken.None);
                }
                foreach (var port in ReleasePorts)
                {
                    await owner.NodePorts.ReleaseAsync(port, CancellationToken.None);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                owner.LogReleaseFailure(e);
            }
        }

        public async ValueTask RevertAsync()
        {
            if (_done)
            {
                return;
            }
            _done = true;
            if (DryRun)
            {
                return;
            }
            try
            {
                foreach (var ip in AllocatedIPs)
                {
                    await owner.ClusterIPs.ReleaseAsync(ip, CancellationToken.None);
                }
                foreach (var port in AllocatedPorts)
                {
                    await owner.NodePorts.ReleaseAsync(port, CancellationToken.None);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                owner.LogReleaseFailure(e);
            }
        }
    }

    private void LogReleaseFailure(Exception e)
    {
        if (logger is not null)
        {
            LogReleaseFailed(logger, e);
        }
    }

    public void Dispose()
    {
        ClusterIPs.Dispose();
        NodePorts.Dispose();
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "releasing the allocations of service {Namespace}/{Name} failed")]
    private static partial void LogDeleteReleaseFailed(ILogger logger, Exception e, string @namespace, string name);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "releasing service allocations failed; the repair will reclaim them")]
    private static partial void LogReleaseFailed(ILogger logger, Exception e);
}
