using System.Net;
using System.Net.Sockets;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Discovery.V1;
using KubeSharp.Client;
using KubeSharp.Client.Cache;
using KubeSharp.Client.Machinery.Events;
using KubeSharp.Client.Machinery.Queues;
using KubeSharp.Controllers.Infrastructure;
using EndpointPort = KubeSharp.Api.Discovery.V1.EndpointPort;

namespace KubeSharp.Controllers.Endpoints;

/// <summary>
/// upstream's endpointslicemirroring controller (<c>--controllers endpointslicemirroring</c>): the Endpoints of a
/// Service without a selector (written by their users) are mirrored into EndpointSlices managed by
/// <c>endpointslicemirroring-controller.k8s.io</c>, owned by the Endpoints: per subset and address type one slice of at
/// most 1000 endpoints (ready addresses ready, not-ready ones not), the subset's ports, the Endpoints' labels and
/// annotations (except the trigger time and kubectl's last-applied configuration). Endpoints labelled
/// <c>endpointslice.kubernetes.io/skip-mirror=true</c>, with the leader-election annotation, or without such a Service
/// lose their mirrored slices. Keys are <c>namespace/name</c> of Endpoints.
/// </summary>
public sealed class EndpointSliceMirroringController : QueueController
{
    /// <summary>This controller's managed-by value.</summary>
    public const string ControllerName = "endpointslicemirroring-controller.k8s.io";

    /// <summary>The label that opts Endpoints out of mirroring.</summary>
    public const string SkipMirrorLabel = "endpointslice.kubernetes.io/skip-mirror";

    /// <summary>kubectl's last-applied annotation (not mirrored).</summary>
    public const string LastAppliedAnnotation = "kubectl.kubernetes.io/last-applied-configuration";

    private readonly EndpointSliceTracker _tracker = new();
    private readonly int _maxEndpointsPerSubset;
    private Lister<Service> _services = null!;
    private Lister<Api.Core.V1.Endpoints> _endpoints = null!;
    private Lister<EndpointSlice> _slices = null!;
    private IEventRecorder _recorder = null!;

    /// <summary>Creates the controller (upstream's defaults: 5 workers, --mirroring-max-endpoints-per-subset 1000).</summary>
    public EndpointSliceMirroringController(int workers = 5, int maxEndpointsPerSubset = 1000)
        : base(workers)
    {
        _maxEndpointsPerSubset = maxEndpointsPerSubset;
    }

    /// <inheritdoc/>
    public override string Name => "endpointslicemirroring";

    /// <summary>Whether the slice is managed by this controller.</summary>
    public static bool ManagedByController(EndpointSlice slice)
        => slice.Metadata.Labels?.TryGetValue(EndpointSliceReconciler.ManagedByLabel, out var v) == true && v == ControllerName;

    /// <inheritdoc/>
    protected override void Register(ControllerContext context)
    {
        var services = context.Informers.Informer<Service>();
        var endpoints = context.Informers.Informer<Api.Core.V1.Endpoints>();
        var slices = context.Informers.Informer<EndpointSlice>();
        _services = services.Lister;
        _endpoints = endpoints.Lister;
        _slices = slices.Lister;
        _recorder = context.EventRecorder("endpoint-slice-mirroring-controller");
        EnqueueOnChange(services);
        EnqueueOnChange(endpoints);
        slices.AddEventHandler(
            onAdd: (s, _) =>
            {
                if (ManagedByController(s) && _tracker.ShouldSync(s))
                {
                    EnqueueSlice(s);
                }
            },
            onUpdate: (o, s) =>
            {
                if ((ManagedByController(o) || ManagedByController(s)) && (ManagedByController(o) != ManagedByController(s) || _tracker.ShouldSync(s)))
                {
                    EnqueueSlice(s);
                    if (EndpointSliceTracker.ServiceKey(o) != EndpointSliceTracker.ServiceKey(s))
                    {
                        EnqueueSlice(o);
                    }
                }
            },
            onDelete: (s, _) =>
            {
                if (ManagedByController(s) && _tracker.Has(s) && !_tracker.HandleDeletion(s))
                {
                    EnqueueSlice(s);
                }
            });
    }

    private void EnqueueSlice(EndpointSlice slice)
    {
        if (EndpointSliceTracker.ServiceKey(slice) is { } key)
        {
            Enqueue(key);
        }
    }

    /// <inheritdoc/>
    protected override async Task<ReconcileResult> ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var ns = key[..slash];
        var name = key[(slash + 1)..];
        var slices = _slices.Namespace(ns).List()
            .Where(s => ManagedByController(s) && s.Metadata.Labels!.TryGetValue(EndpointSliceReconciler.ServiceNameLabel, out var n) && n == name)
            .ToList();
        var endpoints = _endpoints.Namespace(ns).Get(name);
        var service = _services.Namespace(ns).Get(name);
        if (endpoints is null || service is null || EndpointsUtil.HasSelector(service)
            || endpoints.Metadata.Labels?.GetValueOrDefault(SkipMirrorLabel) == "true"
            || endpoints.Metadata.Annotations?.ContainsKey(EndpointsController.LeaderElectionAnnotation) == true)
        {
            // Nothing (or no longer anything) to mirror: the mirrored slices go.
            await DeleteAllAsync(ns, slices, cancellationToken);
            if (endpoints is null)
            {
                _tracker.DeleteService(key);
            }
            return ReconcileResult.Done;
        }
        slices = [.. slices.Where(s => s.Metadata.DeletionTimestamp is null)];
        if (_tracker.StaleSlices(key, slices))
        {
            throw new InvalidOperationException("EndpointSlice informer cache is out of date");
        }
        var plan = Reconcile(endpoints, slices, _maxEndpointsPerSubset, out var invalid, out var skipped);
        if (invalid > 0)
        {
            _recorder.Eventf(endpoints, EventTypes.Warning, "InvalidIPAddress", "Skipped {0} invalid IP addresses when mirroring to EndpointSlices", invalid);
        }
        if (skipped > invalid)
        {
            _recorder.Eventf(endpoints, EventTypes.Warning, "TooManyAddressesToMirror", "A max of {0} addresses can be mirrored to EndpointSlices per Endpoints subset. {1} addresses were skipped", _maxEndpointsPerSubset, skipped);
        }
        var client = Context.Client.Resource<EndpointSlice>(ns);
        if (endpoints.Metadata.DeletionTimestamp is null)
        {
            foreach (var slice in plan.ToCreate)
            {
                try
                {
                    _tracker.Update(await client.CreateAsync(slice, cancellationToken: cancellationToken));
                }
                catch (KubeApiException e) when (e.IsForbidden && e.Causes.Any(c => c.Reason == "NamespaceTerminating"))
                {
                    return ReconcileResult.Done;
                }
            }
        }
        foreach (var slice in plan.ToUpdate)
        {
            _tracker.Update(await client.UpdateAsync(slice, cancellationToken: cancellationToken));
        }
        await DeleteAllAsync(ns, plan.ToDelete, cancellationToken);
        return ReconcileResult.Done;
    }

    private async Task DeleteAllAsync(string ns, IEnumerable<EndpointSlice> slices, CancellationToken cancellationToken)
    {
        var client = Context.Client.Resource<EndpointSlice>(ns);
        foreach (var slice in slices)
        {
            try
            {
                await client.DeleteAsync(slice.Metadata.Name, cancellationToken: cancellationToken);
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
            }
            _tracker.ExpectDeletion(slice);
        }
    }

    /// <summary>
    /// The mirroring plan (upstream's mirroring reconciler): desired endpoints by address type and subset ports; per
    /// group the first existing slice is rewritten when anything differs and the others deleted; groups no longer
    /// desired are deleted; creates paired with deletes of the same address type become updates.
    /// </summary>
    public static EndpointSlicePlan Reconcile(Api.Core.V1.Endpoints endpoints, IReadOnlyList<EndpointSlice> existing, int maxEndpointsPerSubset, out int invalidAddresses, out int skippedAddresses)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(existing);
        invalidAddresses = 0;
        skippedAddresses = 0;
        var desired = new Dictionary<string, (List<EndpointPort> Ports, string AddressType, OrderedDictionary<string, Endpoint> Endpoints)>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var subset in endpoints.Subsets ?? [])
        {
            var ports = (subset.Ports ?? []).Select(p => new EndpointPort { Name = p.Name, Port = p.Port, Protocol = p.Protocol, AppProtocol = p.AppProtocol }).ToList();
            var keys = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var type in new[] { "IPv4", "IPv6" })
            {
                var key = type + "|" + EndpointSliceReconciler.PortMapKey(ports);
                keys[type] = key;
                if (!desired.ContainsKey(key))
                {
                    desired[key] = (ports, type, new OrderedDictionary<string, Endpoint>(StringComparer.Ordinal));
                    order.Add(key);
                }
            }
            var total = (subset.Addresses?.Count ?? 0) + (subset.NotReadyAddresses?.Count ?? 0);
            var added = 0;
            foreach (var (address, ready) in (subset.Addresses ?? []).Select(a => (a, true)).Concat((subset.NotReadyAddresses ?? []).Select(a => (a, false))))
            {
                if (added >= maxEndpointsPerSubset)
                {
                    break;
                }
                if (AddressToEndpoint(address, ready) is not { } converted)
                {
                    invalidAddresses++;
                    continue;
                }
                var (endpoint, type) = converted;
                desired[keys[type]].Endpoints[EndpointSliceReconciler.EndpointKey(endpoint)] = endpoint;
                added++;
            }
            skippedAddresses += total - added;
        }

        var plan = new EndpointSlicePlan();
        var existingByKey = new Dictionary<string, List<EndpointSlice>>(StringComparer.Ordinal);
        foreach (var slice in existing)
        {
            var key = slice.AddressType + "|" + EndpointSliceReconciler.PortMapKey(slice.Ports);
            if (!existingByKey.TryGetValue(key, out var list))
            {
                existingByKey[key] = list = [];
            }
            list.Add(slice);
        }
        foreach (var key in order)
        {
            var (ports, type, wanted) = desired[key];
            var current = existingByKey.GetValueOrDefault(key) ?? [];
            if (wanted.Count == 0)
            {
                plan.ToDelete.AddRange(current);
                continue;
            }
            var slice = NewSlice(endpoints, ports, type, current.Count > 0 ? current[0] : null);
            slice.Endpoints = [.. wanted.Values.Take(maxEndpointsPerSubset)];
            if (current.Count > 0)
            {
                plan.ToDelete.AddRange(current.Skip(1));
                if (!SameContent(current[0], slice))
                {
                    plan.ToUpdate.Add(slice);
                }
            }
            else
            {
                plan.ToCreate.Add(slice);
            }
        }
        foreach (var (key, slices) in existingByKey)
        {
            if (!desired.TryGetValue(key, out var d) || d.Endpoints.Count == 0)
            {
                foreach (var slice in slices.Where(s => !plan.ToDelete.Contains(s)))
                {
                    plan.ToDelete.Add(slice);
                }
            }
        }

        // Recycle deletes as updates of the same address type.
        foreach (var type in new[] { "IPv4", "IPv6" })
        {
            var creates = plan.ToCreate.Where(s => s.AddressType == type).ToList();
            var deletes = plan.ToDelete.Where(s => s.AddressType == type).ToList();
            for (var i = 0; i < creates.Count && i < deletes.Count; i++)
            {
                plan.ToCreate.Remove(creates[i]);
                plan.ToDelete.Remove(deletes[i]);
                creates[i].Metadata.Name = deletes[i].Metadata.Name;
                creates[i].Metadata.ResourceVersion = deletes[i].Metadata.ResourceVersion;
                plan.ToUpdate.Add(creates[i]);
            }
        }
        return plan;
    }

    private static bool SameContent(EndpointSlice current, EndpointSlice desired)
    {
        if (!MapsEqual(current.Metadata.Labels, desired.Metadata.Labels) || !MapsEqual(current.Metadata.Annotations, desired.Metadata.Annotations))
        {
            return false;
        }
        var currentEndpoints = current.Endpoints ?? [];
        var wanted = desired.Endpoints ?? [];
        if (currentEndpoints.Count != wanted.Count)
        {
            return false;
        }
        var byKey = wanted.ToDictionary(EndpointSliceReconciler.EndpointKey, StringComparer.Ordinal);
        return currentEndpoints.All(e => byKey.TryGetValue(EndpointSliceReconciler.EndpointKey(e), out var w) && EndpointSliceReconciler.EqualBeyondHash(w, e));
    }

    private static bool MapsEqual(Dictionary<string, string>? a, Dictionary<string, string>? b)
        => (a?.Count ?? 0) == (b?.Count ?? 0) && (a is null || a.All(kv => b!.TryGetValue(kv.Key, out var v) && v == kv.Value));

    /// <summary>A mirrored slice: controller reference to the Endpoints, their labels and annotations, the existing slice's name or generateName.</summary>
    private static EndpointSlice NewSlice(Api.Core.V1.Endpoints endpoints, List<EndpointPort> ports, string addressType, EndpointSlice? existing)
    {
        var slice = new EndpointSlice { ApiVersion = "discovery.k8s.io/v1", Kind = "EndpointSlice", AddressType = addressType, Ports = ports, Endpoints = [] };
        slice.Metadata.Namespace = endpoints.Metadata.Namespace;
        slice.Metadata.OwnerReferences = [OwnerReferences.NewControllerRef(endpoints.Metadata, "v1", "Endpoints")];
        var labels = endpoints.Metadata.Labels is { } l ? new Dictionary<string, string>(l, StringComparer.Ordinal) : new Dictionary<string, string>(StringComparer.Ordinal);
        labels[EndpointSliceReconciler.ServiceNameLabel] = endpoints.Metadata.Name;
        labels[EndpointSliceReconciler.ManagedByLabel] = ControllerName;
        slice.Metadata.Labels = labels;
        var annotations = (endpoints.Metadata.Annotations ?? [])
            .Where(a => a.Key is not (EndpointsUtil.LastChangeTriggerTimeAnnotation or LastAppliedAnnotation))
            .ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
        slice.Metadata.Annotations = annotations.Count > 0 ? annotations : null;
        if (existing is null)
        {
            slice.Metadata.GenerateName = endpoints.Metadata.Name + "-";
        }
        else
        {
            slice.Metadata.Name = existing.Metadata.Name;
            slice.Metadata.ResourceVersion = existing.Metadata.ResourceVersion;
        }
        return slice;
    }

    /// <summary>An Endpoints address as a slice endpoint and its address type (upstream addressToEndpoint), or null for an invalid IP.</summary>
    public static (Endpoint Endpoint, string AddressType)? AddressToEndpoint(EndpointAddress address, bool ready)
    {
        ArgumentNullException.ThrowIfNull(address);
        // Dotted quads or colon forms only (IPAddress also reads "1" or "1.2" as IPv4; Go's ParseIP does not).
        var looksLikeIp = address.Ip.Contains(':', StringComparison.Ordinal) || address.Ip.Count(c => c == '.') == 3;
        if (!looksLikeIp || !IPAddress.TryParse(address.Ip, out var ip))
        {
            return null;
        }
        var type = ip.AddressFamily == AddressFamily.InterNetworkV6 && !ip.IsIPv4MappedToIPv6 ? "IPv6" : "IPv4";
        var text = type == "IPv4" && ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4().ToString() : ip.ToString();
        var endpoint = new Endpoint
        {
            // Re-printed, in case the Endpoints carry an irregular form.
            Addresses = [text],
            TargetRef = address.TargetRef?.DeepCopy(),
            NodeName = address.NodeName,
            Hostname = address.Hostname.Length > 0 ? address.Hostname : null,
        };
        endpoint.Conditions.Ready = ready;
        return (endpoint, type);
    }

}
