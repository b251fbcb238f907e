using KubeSharp.Api.Core.V1;
using KubeSharp.Client;
using KubeSharp.Client.Cache;
using KubeSharp.Client.Machinery.Events;
using KubeSharp.Client.Machinery.Queues;
using KubeSharp.Controllers.Infrastructure;

namespace KubeSharp.Controllers.Endpoints;

/// <summary>
/// upstream's endpoints controller (<c>--controllers endpoint</c>): every Service with a selector (not ExternalName)
/// has an Endpoints object of its name listing its pods: ready ones in addresses, the others in notReadyAddresses
/// (all ready with publishNotReadyAddresses; terminating pods only with it), one port per Service port resolved
/// through targetPort (named ports from the pod's containers; a pod lacking the name is left out of that port),
/// repacked and sorted, labelled as the Service (plus the headless label), with the last-change-trigger-time
/// annotation, truncated at 1000 addresses with the over-capacity annotation. A deleted Service's Endpoints are
/// deleted; Services without a selector are left to their users. Keys are <c>namespace/name</c> of Services.
/// </summary>
public sealed class EndpointsController : QueueController
{
    /// <summary>The leader-election annotation whose Endpoints are never treated as leftovers.</summary>
    public const string LeaderElectionAnnotation = "control-plane.alpha.kubernetes.io/leader";

    private readonly TriggerTimeTracker _triggerTimes = new();
    private readonly Lock _staleLock = new();
    private readonly Dictionary<string, string> _staleResourceVersions = new(StringComparer.Ordinal);
    private Lister<Service> _services = null!;
    private Lister<Pod> _pods = null!;
    private Lister<Api.Core.V1.Endpoints> _endpoints = null!;
    private IEventRecorder _recorder = null!;

    /// <summary>Creates the controller (upstream's default --concurrent-endpoint-syncs is 5).</summary>
    public EndpointsController(int workers = 5)
        : base(workers)
    {
    }

    /// <inheritdoc/>
    public override string Name => "endpoint";

    /// <inheritdoc/>
    protected override void Register(ControllerContext context)
    {
        var services = context.Informers.Informer<Service>();
        var pods = context.Informers.Informer<Pod>();
        var endpoints = context.Informers.Informer<Api.Core.V1.Endpoints>();
        _services = services.Lister;
        _pods = pods.Lister;
        _endpoints = endpoints.Lister;
        _recorder = context.EventRecorder("endpoint-controller");
        services.AddEventHandler(
            onAdd: (s, _) => Enqueue(Key(s.Metadata.Namespace, s.Metadata.Name)),
            onUpdate: (_, s) => Enqueue(Key(s.Metadata.Namespace, s.Metadata.Name)),
            onDelete: (s, _) => Enqueue(Key(s.Metadata.Namespace, s.Metadata.Name)));
        pods.AddEventHandler(
            onAdd: (p, _) => EnqueueAll(EndpointsUtil.PodServiceMemberships(_services, p)),
            onUpdate: (o, p) => EnqueueAll(EndpointsUtil.ServicesToUpdateOnPodChange(_services, o, p)),
            onDelete: (p, _) => EnqueueAll(EndpointsUtil.PodServiceMemberships(_services, p)));
        endpoints.AddEventHandler(onDelete: (e, _) => Enqueue(Key(e.Metadata.Namespace, e.Metadata.Name)));
    }

    private void EnqueueAll(IEnumerable<string> keys)
    {
        foreach (var key in keys)
        {
            Enqueue(key);
        }
    }

    private static string Key(string ns, string name) => ns + "/" + name;

    /// <inheritdoc/>
    public override async Task RunAsync(CancellationToken cancellationToken)
    {
        // checkLeftoverEndpoints: Endpoints whose Service went away while no controller ran are found once at start.
        foreach (var endpoints in _endpoints.List())
        {
            if (endpoints.Metadata.Annotations?.ContainsKey(LeaderElectionAnnotation) != true)
            {
                Enqueue(Key(endpoints.Metadata.Namespace, endpoints.Metadata.Name));
            }
        }
        await base.RunAsync(cancellationToken);
    }

    /// <inheritdoc/>
    protected override async Task<ReconcileResult> ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var ns = key[..slash];
        var name = key[(slash + 1)..];
        var client = Context.Client.Resource<Api.Core.V1.Endpoints>(ns);
        var service = _services.Namespace(ns).Get(name);
        if (service is null)
        {
            // The Service is gone: so are its Endpoints.
            try
            {
                await client.DeleteAsync(name, cancellationToken: cancellationToken);
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
            }
            _triggerTimes.DeleteService(ns, name);
            lock (_staleLock)
            {
                _staleResourceVersions.Remove(key);
            }
            return ReconcileResult.Done;
        }
        if (service.Spec.Type == "ExternalName" || !EndpointsUtil.HasSelector(service))
        {
            // ExternalName Services get no endpoints; Services without a selector get theirs from their users.
            return ReconcileResult.Done;
        }

        var pods = _pods.Namespace(ns).List().Where(p => EndpointsUtil.SelectorMatches(service.Spec.Selector!, p.Metadata.Labels)).ToList();
        var triggerTime = _triggerTimes.ComputeEndpointLastChangeTriggerTime(ns, service, pods);
        var subsets = EndpointsUtil.RepackSubsets(DesiredSubsets(service, pods));

        var current = _endpoints.Namespace(ns).Get(name);
        if (current is not null)
        {
            lock (_staleLock)
            {
                if (_staleResourceVersions.TryGetValue(key, out var stale) && stale == current.Metadata.ResourceVersion)
                {
                    throw new InvalidOperationException($"endpoints informer cache is out of date, resource version {stale} already processed for endpoints {key}");
                }
            }
        }
        var create = current is null;
        if (current is not null
            && EndpointsUtil.SubsetsEqualIgnoringResourceVersion(current.Subsets, subsets)
            && LabelsEqual(WithoutHeadless(current.Metadata.Labels), service.Metadata.Labels)
            && CapacityAnnotationSetCorrectly(current))
        {
            return ReconcileResult.Done;
        }

        var desired = current?.DeepCopy() ?? new Api.Core.V1.Endpoints { ApiVersion = "v1", Kind = "Endpoints" };
        if (create)
        {
            desired.Metadata.Name = name;
            desired.Metadata.Namespace = ns;
        }
        desired.Subsets = subsets.Count > 0 ? subsets : null;
        var annotations = desired.Metadata.Annotations ?? new Dictionary<string, string>(StringComparer.Ordinal);
        if (!triggerTime.IsZero)
        {
            annotations[EndpointsUtil.LastChangeTriggerTimeAnnotation] = triggerTime.ToString();
        }
        else
        {
            annotations.Remove(EndpointsUtil.LastChangeTriggerTimeAnnotation);
        }
        if (EndpointsUtil.TruncateEndpoints(desired))
        {
            annotations[EndpointsUtil.OverCapacityAnnotation] = "truncated";
        }
        else
        {
            annotations.Remove(EndpointsUtil.OverCapacityAnnotation);
        }
        desired.Metadata.Annotations = annotations.Count > 0 ? annotations : null;
        var labels = service.Metadata.Labels is { } l ? new Dictionary<string, string>(l, StringComparer.Ordinal) : new Dictionary<string, string>(StringComparer.Ordinal);
        if (!EndpointsUtil.IsServiceIPSet(service))
        {
            labels[EndpointsUtil.HeadlessServiceLabel] = "";
        }
        else
        {
            labels.Remove(EndpointsUtil.HeadlessServiceLabel);
        }
        desired.Metadata.Labels = labels.Count > 0 ? labels : null;

        try
        {
            if (create)
            {
                await client.CreateAsync(desired, cancellationToken: cancellationToken);
            }
            else
            {
                var updated = await client.UpdateAsync(desired, cancellationToken: cancellationToken);
                if (updated.Metadata.ResourceVersion != current!.Metadata.ResourceVersion)
                {
                    // Seeing this version again from the cache means the cache is behind our own write.
                    lock (_staleLock)
                    {
                        _staleResourceVersions[key] = current.Metadata.ResourceVersion;
                    }
                }
            }
        }
        catch (KubeApiException e) when (create && e.IsForbidden && e.Causes.Any(c => c.Reason == "NamespaceTerminating"))
        {
            // The namespace is going away: creates will keep failing, drop the key.
            return ReconcileResult.Done;
        }
        catch (KubeApiException e) when (!e.IsConflict)
        {
            if (create)
            {
                _recorder.Eventf(desired, EventTypes.Warning, "FailedToCreateEndpoint", "Failed to create endpoint for service {0}/{1}: {2}", ns, name, e.Message);
            }
            else
            {
                _recorder.Eventf(desired, EventTypes.Warning, "FailedToUpdateEndpoint", "Failed to update endpoint {0}/{1}: {2}", ns, name, e.Message);
            }
            throw;
        }
        return ReconcileResult.Done;
    }

    /// <summary>One subset per pod and Service port (or per pod for a headless Service without ports), before repacking.</summary>
    public static List<EndpointSubset> DesiredSubsets(Service service, IEnumerable<Pod> pods)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(pods);
        var publishNotReady = service.Spec.PublishNotReadyAddresses == true;
        var subsets = new List<EndpointSubset>();
        foreach (var pod in pods)
        {
            if (!EndpointsUtil.ShouldPodBeInEndpoints(pod, publishNotReady) || AddressFor(service, pod) is not { } address)
            {
                continue;
            }
            if (EndpointsUtil.ShouldSetHostname(pod, service))
            {
                address.Hostname = pod.Spec.Hostname;
            }
            var ready = publishNotReady || Replication.PodUtil.IsReady(pod);
            if (service.Spec.Ports is not { Count: > 0 } ports)
            {
                // A headless Service may have no ports.
                if (service.Spec.ClusterIP == "None")
                {
                    subsets.Add(Subset(address, ready, null));
                }
                continue;
            }
            foreach (var servicePort in ports)
            {
                if (EndpointsUtil.FindPort(pod, servicePort) is not { } port)
                {
                    continue;
                }
                var endpointPort = new EndpointPort { Name = servicePort.Name, Port = port, Protocol = servicePort.Protocol, AppProtocol = servicePort.AppProtocol };
                subsets.Add(Subset(address.DeepCopy(), ready, endpointPort));
            }
        }
        return subsets;

        static EndpointSubset Subset(EndpointAddress address, bool ready, EndpointPort? port)
        {
            var subset = new EndpointSubset { Ports = port is null ? null : [port] };
            if (ready)
            {
                subset.Addresses = [address];
            }
            else
            {
                subset.NotReadyAddresses = [address];
            }
            return subset;
        }
    }

    /// <summary>
    /// The pod's address for the Service (upstream podToEndpointAddressForService): the first pod IP of the Service's
    /// primary family (ipFamilies[0], else from the cluster IP, else from the pod IP for a headless Service).
    /// </summary>
    public static EndpointAddress? AddressFor(Service service, Pod pod)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(pod);
        bool ipv6;
        if (service.Spec.IpFamilies is { Count: > 0 } families)
        {
            ipv6 = families[0] == "IPv6";
        }
        else if (EndpointsUtil.IsServiceIPSet(service))
        {
            ipv6 = EndpointsUtil.IsIPv6(service.Spec.ClusterIP);
        }
        else
        {
            ipv6 = EndpointsUtil.IsIPv6(pod.Status.PodIP);
        }
        var ip = EndpointsUtil.PodIps(pod).FirstOrDefault(i => EndpointsUtil.IsIPv6(i) == ipv6);
        if (ip is null)
        {
            return null;
        }
        // Upstream always points nodeName at the pod's (a pod with an IP is bound); an empty one would not validate.
        return new EndpointAddress { Ip = ip, NodeName = pod.Spec.NodeName.Length > 0 ? pod.Spec.NodeName : null, TargetRef = EndpointsUtil.PodReference(pod) };
    }

    private static bool CapacityAnnotationSetCorrectly(Api.Core.V1.Endpoints endpoints)
    {
        var count = (endpoints.Subsets ?? []).Sum(s => (s.Addresses?.Count ?? 0) + (s.NotReadyAddresses?.Count ?? 0));
        return count <= EndpointsUtil.MaxEndpointsCapacity && endpoints.Metadata.Annotations?.ContainsKey(EndpointsUtil.OverCapacityAnnotation) != true;
    }

    private static Dictionary<string, string>? WithoutHeadless(Dictionary<string, string>? labels)
    {
        if (labels is null || !labels.ContainsKey(EndpointsUtil.HeadlessServiceLabel))
        {
            return labels;
        }
        var copy = new Dictionary<string, string>(labels, StringComparer.Ordinal);
        copy.Remove(EndpointsUtil.HeadlessServiceLabel);
        return copy;
    }

    private static bool LabelsEqual(Dictionary<string, string>? a, Dictionary<string, string>? b)
        => (a?.Count ?? 0) == (b?.Count ?? 0) && (a is null || a.All(kv => b!.TryGetValue(kv.Key, out var v) && v == kv.Value));

}
