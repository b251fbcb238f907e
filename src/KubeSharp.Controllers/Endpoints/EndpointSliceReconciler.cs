using KubeSharp.Api;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Discovery.V1;
using KubeSharp.Api.Serialization;
using EndpointPort = KubeSharp.Api.Discovery.V1.EndpointPort;

namespace KubeSharp.Controllers.Endpoints;

/// <summary>What one reconcile of a Service's EndpointSlices writes.</summary>
public sealed class EndpointSlicePlan
{
    /// <summary>Slices to create (generateName <c>service-</c>).</summary>
    public List<EndpointSlice> ToCreate { get; } = [];

    /// <summary>Slices to update (full objects with their resourceVersion).</summary>
    public List<EndpointSlice> ToUpdate { get; } = [];

    /// <summary>Slices to delete.</summary>
    public List<EndpointSlice> ToDelete { get; } = [];

    /// <summary>Pods left out for now (their Node is not known yet); the Service is retried.</summary>
    public List<string> Errors { get; } = [];
}

/// <summary>
/// upstream's EndpointSlice reconciler (<c>k8s.io/endpointslice</c>) as a pure function of the Service, its pods, its
/// current slices and the nodes: per address type of the Service, endpoints grouped by their resolved port set; within
/// a group, existing slices keep the endpoints still wanted (updated when an endpoint changed, deleted when empty),
/// new endpoints fill the slices being updated first (fullest first), then the unchanged slice that ends closest to
/// full, then new slices of at most <see cref="MaxEndpointsPerSlice"/>; slices of other port sets or address types go;
/// a Service with no endpoints keeps one empty placeholder slice; creates paired with deletes become updates.
/// </summary>
public sealed class EndpointSliceReconciler
{
    /// <summary>The label naming a slice's Service.</summary>
    public const string ServiceNameLabel = "kubernetes.io/service-name";

    /// <summary>The label naming a slice's manager.</summary>
    public const string ManagedByLabel = "endpointslice.kubernetes.io/managed-by";

    /// <summary>This controller's <see cref="ManagedByLabel"/> value.</summary>
    public const string ControllerName = "endpointslice-controller.k8s.io";

    /// <summary>The zone label of nodes.</summary>
    public const string ZoneLabel = "topology.kubernetes.io/zone";

    /// <summary>Creates a reconciler (upstream's --max-endpoints-per-slice defaults to 100).</summary>
    public EndpointSliceReconciler(int maxEndpointsPerSlice = 100)
    {
        MaxEndpointsPerSlice = maxEndpointsPerSlice;
    }

    /// <summary>The most endpoints in one slice.</summary>
    public int MaxEndpointsPerSlice { get; }

    /// <summary>Whether the slice is managed by this controller.</summary>
    public static bool ManagedByController(EndpointSlice slice)
        => slice.Metadata.Labels?.TryGetValue(ManagedByLabel, out var v) == true && v == ControllerName;

    /// <summary>The address types a Service's endpoints are published in (its ipFamilies; else from its cluster IP; both for headless).</summary>
    public static IReadOnlyList<string> AddressTypesFor(Service service)
    {
        ArgumentNullException.ThrowIfNull(service);
        var types = new List<string>();
        foreach (var family in service.Spec.IpFamilies ?? [])
        {
            var type = family switch { "IPv4" => "IPv4", "IPv6" => "IPv6", _ => null };
            if (type is not null && !types.Contains(type))
            {
                types.Add(type);
            }
        }
        if (types.Count > 0)
        {
            return types;
        }
        if (EndpointsUtil.IsServiceIPSet(service))
        {
            return [EndpointsUtil.IsIPv6(service.Spec.ClusterIP) ? "IPv6" : "IPv4"];
        }
        return ["IPv4", "IPv6"];
    }

    /// <summary>The plan for one Service (its pods selected, its managed slices not being deleted).</summary>
    public EndpointSlicePlan Reconcile(Service service, IReadOnlyList<Pod> pods, IReadOnlyList<EndpointSlice> existingSlices, Func<string, Node?> nodes, Time triggerTime)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(pods);
        ArgumentNullException.ThrowIfNull(existingSlices);
        ArgumentNullException.ThrowIfNull(nodes);
        var plan = new EndpointSlicePlan();
        var addressTypes = AddressTypesFor(service);
        var unsupported = new List<EndpointSlice>();
        var byType = new Dictionary<string, List<EndpointSlice>>(StringComparer.Ordinal);
        foreach (var slice in existingSlices)
        {
            if (!addressTypes.Contains(slice.AddressType))
            {
                unsupported.Add(slice);
                continue;
            }
            if (!byType.TryGetValue(slice.AddressType, out var list))
            {
                byType[slice.AddressType] = list = [];
            }
            list.Add(slice);
        }
        foreach (var type in addressTypes)
        {
            ReconcileByAddressType(plan, service, pods, byType.GetValueOrDefault(type) ?? [], nodes, type);
        }
        Finalize(plan, service, triggerTime);
        plan.ToDelete.AddRange(unsupported);
        return plan;
    }

    private void ReconcileByAddressType(EndpointSlicePlan plan, Service service, IReadOnlyList<Pod> pods, List<EndpointSlice> existingSlices, Func<string, Node?> nodes, string addressType)
    {
        var toCreate = new List<EndpointSlice>();
        var toUpdate = new List<EndpointSlice>();
        var toDelete = new List<EndpointSlice>();

        var existingByPortMap = new Dictionary<string, List<EndpointSlice>>(StringComparer.Ordinal);
        foreach (var slice in existingSlices)
        {
            if (OwnedBy(slice, service))
            {
                var key = PortMapKey(slice.Ports);
                if (!existingByPortMap.TryGetValue(key, out var list))
                {
                    existingByPortMap[key] = list = [];
                }
                list.Add(slice);
            }
            else
            {
                toDelete.Add(slice);
            }
        }

        var desiredPorts = new Dictionary<string, List<EndpointPort>>(StringComparer.Ordinal);
        var desiredEndpoints = new Dictionary<string, EndpointSet>(StringComparer.Ordinal);
        foreach (var pod in pods)
        {
            if (!EndpointsUtil.ShouldPodBeInEndpoints(pod, includeTerminating: true))
            {
                continue;
            }
            var ports = EndpointPorts(service, pod);
            var key = PortMapKey(ports);
            if (!desiredEndpoints.TryGetValue(key, out var set))
            {
                desiredEndpoints[key] = set = new EndpointSet();
                desiredPorts[key] = ports;
            }
            var node = nodes(pod.Spec.NodeName);
            if (node is null && service.Spec.PublishNotReadyAddresses != true)
            {
                // Retry later, but publish the rest now; with publishNotReadyAddresses the user wants the pod anyway.
                plan.Errors.Add($"skipping Pod {pod.Metadata.Name} for Service {service.Metadata.Namespace}/{service.Metadata.Name}: Node {pod.Spec.NodeName} Not Found");
                continue;
            }
            var endpoint = PodToEndpoint(pod, node, service, addressType);
            if (endpoint.Addresses is { Count: > 0 })
            {
                set.Add(endpoint);
            }
        }

        foreach (var (key, desired) in desiredEndpoints)
        {
            var (create, update, delete) = ReconcileByPortMapping(service, existingByPortMap.GetValueOrDefault(key) ?? [], desired, desiredPorts[key], addressType);
            toCreate.AddRange(create);
            toUpdate.AddRange(update);
            toDelete.AddRange(delete);
        }
        foreach (var (key, slices) in existingByPortMap)
        {
            if (!desiredEndpoints.ContainsKey(key))
            {
                toDelete.AddRange(slices);
            }
        }

        // No endpoints at all: one empty placeholder slice.
        if (existingSlices.Count == toDelete.Count && toCreate.Count == 0)
        {
            var placeholder = NewSlice(service, [], addressType);
            if (toDelete.Count == 1 && IsSamePlaceholder(toDelete[0], placeholder))
            {
                toDelete.Clear();
            }
            else
            {
                toCreate.Add(placeholder);
            }
        }
        plan.ToCreate.AddRange(toCreate);
        plan.ToUpdate.AddRange(toUpdate);
        plan.ToDelete.AddRange(toDelete);
    }

    private (List<EndpointSlice> Create, List<EndpointSlice> Update, List<EndpointSlice> Delete) ReconcileByPortMapping(
        Service service, List<EndpointSlice> existingSlices, EndpointSet desired, List<EndpointPort> ports, string addressType)
    {
        var byName = new Dictionary<string, EndpointSlice>(StringComparer.Ordinal);
        var unchanged = new List<string>();
        var toUpdate = new List<string>();
        var toDelete = new List<string>();
        var labels = DesiredLabels(service);

        // 1. Keep the wanted endpoints of existing slices (taking the desired version), drop the rest.
        foreach (var existing in existingSlices)
        {
            byName[existing.Metadata.Name] = existing;
            var kept = new List<Endpoint>();
            var endpointUpdated = false;
            foreach (var endpoint in existing.Endpoints ?? [])
            {
                if (desired.Get(endpoint) is { } want)
                {
                    kept.Add(want);
                    if (!EqualBeyondHash(want, endpoint))
                    {
                        endpointUpdated = true;
                    }
                    desired.Remove(endpoint);
                }
            }
            var labelsChanged = !LabelsEqual(existing.Metadata.Labels, labels);
            if (endpointUpdated || (existing.Endpoints?.Count ?? 0) != kept.Count)
            {
                if (kept.Count == 0)
                {
                    toDelete.Add(existing.Metadata.Name);
                }
                else
                {
                    var copy = existing.DeepCopy();
                    copy.Endpoints = kept;
                    copy.Metadata.Labels = new Dictionary<string, string>(labels, StringComparer.Ordinal);
                    byName[copy.Metadata.Name] = copy;
                    toUpdate.Add(copy.Metadata.Name);
                }
            }
            else if (labelsChanged)
            {
                var copy = existing.DeepCopy();
                copy.Metadata.Labels = new Dictionary<string, string>(labels, StringComparer.Ordinal);
                byName[copy.Metadata.Name] = copy;
                toUpdate.Add(copy.Metadata.Name);
            }
            else
            {
                unchanged.Add(existing.Metadata.Name);
            }
        }

        // 2. Fill the slices being updated anyway, fullest first.
        if (desired.Count > 0 && toUpdate.Count > 0)
        {
            foreach (var slice in toUpdate.Select(n => byName[n]).OrderByDescending(s => s.Endpoints?.Count ?? 0).ToList())
            {
                while (desired.Count > 0 && (slice.Endpoints?.Count ?? 0) < MaxEndpointsPerSlice)
                {
                    (slice.Endpoints ??= []).Add(desired.Pop());
                }
            }
        }

        // 3. The rest into the unchanged slice closest to full after adding them, else into new slices.
        var toCreate = new List<EndpointSlice>();
        while (desired.Count > 0)
        {
            EndpointSlice? fill = null;
            if (desired.Count < MaxEndpointsPerSlice && unchanged.Count > 0)
            {
                fill = SliceToFill([.. unchanged.Select(n => byName[n])], desired.Count, MaxEndpointsPerSlice);
            }
            if (fill is null)
            {
                fill = NewSlice(service, ports, addressType);
            }
            else
            {
                fill = fill.DeepCopy();
                byName[fill.Metadata.Name] = fill;
            }
            while (desired.Count > 0 && (fill.Endpoints?.Count ?? 0) < MaxEndpointsPerSlice)
            {
                (fill.Endpoints ??= []).Add(desired.Pop());
            }
            if (fill.Metadata.Name.Length > 0)
            {
                if (!toUpdate.Contains(fill.Metadata.Name))
                {
                    toUpdate.Add(fill.Metadata.Name);
                }
                unchanged.Remove(fill.Metadata.Name);
            }
            else
            {
                toCreate.Add(fill);
            }
        }
        return (toCreate, [.. toUpdate.Select(n => byName[n])], [.. toDelete.Select(n => byName[n])]);
    }

    /// <summary>The slice that ends closest to full once <paramref name="count"/> endpoints are added (upstream getSliceToFill), or null.</summary>
    public static EndpointSlice? SliceToFill(IReadOnlyList<EndpointSlice> slices, int count, int max)
    {
        ArgumentNullException.ThrowIfNull(slices);
        var closestDiff = max;
        EndpointSlice? closest = null;
        foreach (var slice in slices)
        {
            var diff = max - (count + (slice.Endpoints?.Count ?? 0));
            if (diff >= 0 && diff < closestDiff)
            {
                closestDiff = diff;
                closest = slice;
                if (diff == 0)
                {
                    break;
                }
            }
        }
        return closest;
    }

    /// <summary>Creates paired with deletes of the same address type become updates of the deleted slices; trigger-time annotations.</summary>
    private static void Finalize(EndpointSlicePlan plan, Service service, Time triggerTime)
    {
        for (var i = 0; i < plan.ToDelete.Count && plan.ToCreate.Count > 0;)
        {
            var delete = plan.ToDelete[i];
            var create = plan.ToCreate[^1];
            if (delete.AddressType == create.AddressType && OwnedBy(delete, service))
            {
                create.Metadata.Name = delete.Metadata.Name;
                create.Metadata.ResourceVersion = delete.Metadata.ResourceVersion;
                create.Metadata.Uid = delete.Metadata.Uid;
                plan.ToCreate.RemoveAt(plan.ToCreate.Count - 1);
                plan.ToUpdate.Add(create);
                plan.ToDelete.RemoveAt(i);
            }
            else
            {
                i++;
            }
        }
        // No creates for a Service being deleted: the garbage collector is removing its slices.
        if (service.Metadata.DeletionTimestamp is not null)
        {
            plan.ToCreate.Clear();
        }
        foreach (var slice in plan.ToCreate.Concat(plan.ToUpdate))
        {
            var annotations = slice.Metadata.Annotations ?? new Dictionary<string, string>(StringComparer.Ordinal);
            if (!triggerTime.IsZero)
            {
                annotations[EndpointsUtil.LastChangeTriggerTimeAnnotation] = triggerTime.ToString();
            }
            else
            {
                annotations.Remove(EndpointsUtil.LastChangeTriggerTimeAnnotation);
            }
            slice.Metadata.Annotations = annotations.Count > 0 ? annotations : null;
        }
    }

    /// <summary>A new slice of the Service (generateName, controller owner reference, labels).</summary>
    public static EndpointSlice NewSlice(Service service, List<EndpointPort> ports, string addressType)
    {
        ArgumentNullException.ThrowIfNull(service);
        var slice = new EndpointSlice
        {
            ApiVersion = "discovery.k8s.io/v1",
            Kind = "EndpointSlice",
            AddressType = addressType,
            Ports = ports,
            Endpoints = [],
        };
        slice.Metadata.GenerateName = service.Metadata.Name + "-";
        slice.Metadata.Namespace = service.Metadata.Namespace;
        slice.Metadata.OwnerReferences = [Infrastructure.OwnerReferences.NewControllerRef(service.Metadata, "v1", "Service")];
        slice.Metadata.Labels = DesiredLabels(service);
        return slice;
    }

    /// <summary>The Service's labels (reserved ones dropped), the headless label when it has no cluster IP, the service-name and managed-by labels.</summary>
    public static Dictionary<string, string> DesiredLabels(Service service)
    {
        ArgumentNullException.ThrowIfNull(service);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in service.Metadata.Labels ?? [])
        {
            if (key is not (ServiceNameLabel or ManagedByLabel or EndpointsUtil.HeadlessServiceLabel))
            {
                labels[key] = value;
            }
        }
        if (!EndpointsUtil.IsServiceIPSet(service))
        {
            labels[EndpointsUtil.HeadlessServiceLabel] = "";
        }
        labels[ServiceNameLabel] = service.Metadata.Name;
        labels[ManagedByLabel] = ControllerName;
        return labels;
    }

    /// <summary>The slice ports of a pod (upstream getEndpointPorts): one per Service port the pod resolves, in the Service's order.</summary>
    public static List<EndpointPort> EndpointPorts(Service service, Pod pod)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(pod);
        var ports = new List<EndpointPort>();
        foreach (var servicePort in service.Spec.Ports ?? [])
        {
            if (EndpointsUtil.FindPort(pod, servicePort) is { } port)
            {
                ports.Add(new EndpointPort { Name = servicePort.Name, Protocol = servicePort.Protocol, Port = port, AppProtocol = servicePort.AppProtocol });
            }
        }
        return ports;
    }

    /// <summary>A pod's endpoint (upstream podToEndpoint): addresses of the type, conditions, node, zone, hostname, target.</summary>
    public static Endpoint PodToEndpoint(Pod pod, Node? node, Service service, string addressType)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(service);
        var serving = Replication.PodUtil.IsReady(pod);
        var terminating = pod.Metadata.DeletionTimestamp is not null;
        // A terminating pod is never ready, unless the Service publishes not-ready addresses.
        var ready = service.Spec.PublishNotReadyAddresses == true || (serving && !terminating);
        var endpoint = new Endpoint
        {
            Addresses = [.. EndpointsUtil.PodIps(pod).Where(ip => EndpointsUtil.IsIPv6(ip) == (addressType == "IPv6"))],
            TargetRef = EndpointsUtil.PodReference(pod),
        };
        endpoint.Conditions.Ready = ready;
        endpoint.Conditions.Serving = serving;
        endpoint.Conditions.Terminating = terminating;
        if (pod.Spec.NodeName.Length > 0)
        {
            endpoint.NodeName = pod.Spec.NodeName;
        }
        if (node?.Metadata.Labels?.TryGetValue(ZoneLabel, out var zone) == true && zone.Length > 0)
        {
            endpoint.Zone = zone;
        }
        if (EndpointsUtil.ShouldSetHostname(pod, service))
        {
            endpoint.Hostname = pod.Spec.Hostname;
        }
        return endpoint;
    }

    /// <summary>Whether the slice's controller reference is this Service (same uid).</summary>
    public static bool OwnedBy(EndpointSlice slice, Service service)
        => slice.Metadata.OwnerReferences?.Any(o => o.Uid == service.Metadata.Uid && o.Kind == "Service" && o.ApiVersion == "v1") == true;

    /// <summary>The identity of a port set (sorted by name, as upstream's PortMapKey).</summary>
    public static string PortMapKey(IEnumerable<EndpointPort>? ports)
        => string.Join("\n", (ports ?? []).Select(p => KubeJson.Serialize(p)).OrderBy(s => s, StringComparer.Ordinal));

    /// <summary>The identity of an endpoint (upstream's endpoint hash: sorted addresses, hostname, target namespace and name).</summary>
    public static string EndpointKey(Endpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var addresses = (endpoint.Addresses ?? []).OrderBy(a => a, StringComparer.Ordinal);
        return string.Join(",", addresses) + "|" + endpoint.Hostname + "|" + endpoint.TargetRef?.Namespace + "|" + endpoint.TargetRef?.Name;
    }

    /// <summary>Whether two endpoints of the same identity are equal in everything else (upstream EndpointsEqualBeyondHash).</summary>
    public static bool EqualBeyondHash(Endpoint a, Endpoint b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.NodeName != b.NodeName || a.Zone != b.Zone
            || a.Conditions.Ready != b.Conditions.Ready || a.Conditions.Serving != b.Conditions.Serving || a.Conditions.Terminating != b.Conditions.Terminating)
        {
            return false;
        }
        if ((a.Hints is null) != (b.Hints is null) || (a.Hints is not null && KubeJson.Serialize(a.Hints) != KubeJson.Serialize(b.Hints!)))
        {
            return false;
        }
        if (a.TargetRef is null || b.TargetRef is null)
        {
            return a.TargetRef is null && b.TargetRef is null;
        }
        var ra = a.TargetRef;
        var rb = b.TargetRef;
        return ra.Kind == rb.Kind && ra.Namespace == rb.Namespace && ra.Name == rb.Name && ra.Uid == rb.Uid && ra.ApiVersion == rb.ApiVersion && ra.FieldPath == rb.FieldPath;
    }

    private static bool IsSamePlaceholder(EndpointSlice existing, EndpointSlice placeholder)
        => existing.Metadata.Namespace == placeholder.Metadata.Namespace
            && LabelsEqual(existing.Metadata.Labels, placeholder.Metadata.Labels)
            && existing.AddressType == placeholder.AddressType
            && (existing.Endpoints?.Count ?? 0) == 0
            && (existing.Ports?.Count ?? 0) == 0;

    private static bool LabelsEqual(Dictionary<string, string>? a, Dictionary<string, string>? b)
        => (a?.Count ?? 0) == (b?.Count ?? 0) && (a is null || a.All(kv => b!.TryGetValue(kv.Key, out var v) && v == kv.Value));

    /// <summary>Desired endpoints by identity, popped in the order they were added (upstream's EndpointSet pops any).</summary>
    private sealed class EndpointSet
    {
        private readonly OrderedDictionary<string, Endpoint> _items = new(StringComparer.Ordinal);

        public int Count => _items.Count;

        public void Add(Endpoint endpoint) => _items[EndpointKey(endpoint)] = endpoint;

        public Endpoint? Get(Endpoint endpoint) => _items.GetValueOrDefault(EndpointKey(endpoint));

        public void Remove(Endpoint endpoint) => _items.Remove(EndpointKey(endpoint));

        public Endpoint Pop()
        {
            var first = _items.GetAt(0);
            _items.RemoveAt(0);
            return first.Value;
        }
    }
}
