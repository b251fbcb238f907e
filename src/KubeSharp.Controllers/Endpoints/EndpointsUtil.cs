using System.Net;
using System.Net.Sockets;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Serialization;
using KubeSharp.Client.Cache;

namespace KubeSharp.Controllers.Endpoints;

/// <summary>
/// The pure parts shared by the endpoints and endpointslice controllers (upstream <c>pkg/api/v1/endpoints</c>,
/// <c>pkg/api/v1/pod</c>'s FindPort and <c>k8s.io/endpointslice/util</c>).
/// </summary>
public static class EndpointsUtil
{
    /// <summary>The Endpoints/EndpointSlice annotation with the time of the last change that triggered an update.</summary>
    public const string LastChangeTriggerTimeAnnotation = "endpoints.kubernetes.io/last-change-trigger-time";

    /// <summary>The annotation set on Endpoints truncated to <see cref="MaxEndpointsCapacity"/> addresses.</summary>
    public const string OverCapacityAnnotation = "endpoints.kubernetes.io/over-capacity";

    /// <summary>The label set on Endpoints and EndpointSlices of headless Services.</summary>
    public const string HeadlessServiceLabel = "service.kubernetes.io/headless";

    /// <summary>The most addresses one Endpoints object carries (upstream maxCapacity).</summary>
    public const int MaxEndpointsCapacity = 1000;

    /// <summary>Whether the Service has a selector the controllers act on (an empty map is lost on the wire, as Go's nil).</summary>
    public static bool HasSelector(Service service) => service.Spec.Selector is { Count: > 0 };

    /// <summary>Whether every selector pair is among the labels (labels.Set(selector).AsSelector().Matches).</summary>
    public static bool SelectorMatches(IReadOnlyDictionary<string, string> selector, IReadOnlyDictionary<string, string>? labels)
    {
        foreach (var (key, value) in selector)
        {
            if (labels is null || !labels.TryGetValue(key, out var actual) || actual != value)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The keys (<c>namespace/name</c>) of the Services whose selector matches the pod (upstream GetPodServiceMemberships).</summary>
    public static HashSet<string> PodServiceMemberships(Lister<Service> services, Pod pod)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var service in services.Namespace(pod.Metadata.Namespace).List())
        {
            // Services without a selector receive no endpoints from the controllers.
            if (HasSelector(service) && SelectorMatches(service.Spec.Selector!, pod.Metadata.Labels))
            {
                keys.Add(pod.Metadata.Namespace + "/" + service.Metadata.Name);
            }
        }
        return keys;
    }

    /// <summary>
    /// The Services to sync after a pod update (upstream GetServicesToUpdateOnPodChange): none when neither the pod's
    /// endpoint-relevant state nor its labels changed; else the union of old and new memberships.
    /// </summary>
    public static HashSet<string> ServicesToUpdateOnPodChange(Lister<Service> services, Pod oldPod, Pod newPod)
    {
        if (newPod.Metadata.ResourceVersion == oldPod.Metadata.ResourceVersion)
        {
            return [];
        }
        var labelsChanged = !LabelsEqual(oldPod.Metadata.Labels, newPod.Metadata.Labels);
        if (!labelsChanged && !PodEndpointsChanged(oldPod, newPod))
        {
            return [];
        }
        var keys = PodServiceMemberships(services, newPod);
        if (labelsChanged)
        {
            keys.UnionWith(PodServiceMemberships(services, oldPod));
        }
        return keys;
    }

    /// <summary>Whether anything an endpoint is built from changed (upstream podEndpointsChanged, labels aside).</summary>
    public static bool PodEndpointsChanged(Pod oldPod, Pod newPod)
    {
        if ((oldPod.Metadata.DeletionTimestamp is null) != (newPod.Metadata.DeletionTimestamp is null))
        {
            return true;
        }
        if (Replication.PodUtil.IsReady(oldPod) != Replication.PodUtil.IsReady(newPod))
        {
            return true;
        }
        if (!PodIps(oldPod).SequenceEqual(PodIps(newPod), StringComparer.Ordinal))
        {
            return true;
        }
        return oldPod.Status.Phase != newPod.Status.Phase
            || oldPod.Spec.NodeName != newPod.Spec.NodeName
            || oldPod.Spec.Hostname != newPod.Spec.Hostname
            || oldPod.Spec.Subdomain != newPod.Spec.Subdomain;
    }

    private static bool LabelsEqual(Dictionary<string, string>? a, Dictionary<string, string>? b)
    {
        if ((a?.Count ?? 0) != (b?.Count ?? 0))
        {
            return false;
        }
        return a is null || a.All(kv => b!.TryGetValue(kv.Key, out var v) && v == kv.Value);
    }

    /// <summary>
    /// The pod's IPs: status.podIPs, or status.podIP alone when podIPs is empty (upstream's API conversion fills podIPs
    /// from podIP; a server that does not is read the same way).
    /// </summary>
    public static IReadOnlyList<string> PodIps(Pod pod)
    {
        if (pod.Status.PodIPs is { Count: > 0 } ips)
        {
            return [.. ips.Select(i => i.Ip).Where(ip => ip.Length > 0)];
        }
        return pod.Status.PodIP.Length > 0 ? [pod.Status.PodIP] : [];
    }

    /// <summary>Whether the text is an IPv6 address (utilnet.IsIPv6String).</summary>
    public static bool IsIPv6(string ip) => IPAddress.TryParse(ip, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6;

    /// <summary>Succeeded or Failed (upstream IsPodTerminal).</summary>
    public static bool IsPodTerminal(Pod pod) => pod.Status.Phase is "Succeeded" or "Failed";

    /// <summary>
    /// Whether the pod belongs in a Service's endpoints at all (upstream ShouldPodBeInEndpoints): not terminal, has an
    /// IP, and (unless terminating pods are included) not being deleted.
    /// </summary>
    public static bool ShouldPodBeInEndpoints(Pod pod, bool includeTerminating)
    {
        if (IsPodTerminal(pod))
        {
            return false;
        }
        if (pod.Status.PodIP.Length == 0 && pod.Status.PodIPs is not { Count: > 0 })
        {
            return false;
        }
        return includeTerminating || pod.Metadata.DeletionTimestamp is null;
    }

    /// <summary>Whether the endpoint carries the pod's hostname: the pod names one and its subdomain is the Service (upstream ShouldSetHostname).</summary>
    public static bool ShouldSetHostname(Pod pod, Service service)
        => pod.Spec.Hostname.Length > 0 && pod.Spec.Subdomain == service.Metadata.Name && service.Metadata.Namespace == pod.Metadata.Namespace;

    /// <summary>Whether the Service has a cluster IP (not headless; upstream helper.IsServiceIPSet).</summary>
    public static bool IsServiceIPSet(Service service) => service.Spec.ClusterIP is { Length: > 0 } ip && ip != "None";

    /// <summary>
    /// The pod's port for a Service port (upstream podutil.FindPort): a number as is; a name from the containers'
    /// ports with that name and the Service port's protocol, then from sidecars (init containers with restartPolicy
    /// Always). Null when the pod has no such named port.
    /// </summary>
    public static int? FindPort(Pod pod, ServicePort servicePort)
    {
        var target = servicePort.TargetPort;
        if (target.IsInt)
        {
            return target.IntValue;
        }
        var name = target.StringValue;
        foreach (var container in pod.Spec.Containers ?? [])
        {
            if (Match(container) is { } port)
            {
                return port;
            }
        }
        foreach (var container in pod.Spec.InitContainers ?? [])
        {
            if (container.RestartPolicy == "Always" && Match(container) is { } port)
            {
                return port;
            }
        }
        return null;

        int? Match(Container container)
            => container.Ports?.FirstOrDefault(p => p.Name == name && p.Protocol == servicePort.Protocol)?.ContainerPortValue;
    }

    /// <summary>The target reference of a pod endpoint.</summary>
    public static ObjectReference PodReference(Pod pod)
        => new() { Kind = "Pod", Namespace = pod.Metadata.Namespace, Name = pod.Metadata.Name, Uid = pod.Metadata.Uid };

    /// <summary>
    /// Regroups subsets into the N-to-M form the API wants (upstream RepackSubsets): addresses deduplicated by IP and
    /// target uid (not ready wins over ready for a port), addresses with the same set of ports share one subset, then
    /// <see cref="SortSubsets"/>. Subsets without ports are kept under a sentinel.
    /// </summary>
    public static List<EndpointSubset> RepackSubsets(IEnumerable<EndpointSubset> subsets)
    {
        // Each unique address (IP + uid) once, in first-seen order; each port with the addresses offering it.
        var allAddresses = new Dictionary<(string Ip, string Uid), EndpointAddress>();
        var portToAddresses = new Dictionary<PortKey, Dictionary<EndpointAddress, bool>>();
        var portOrder = new List<PortKey>();
        foreach (var subset in subsets)
        {
            var ports = subset.Ports is { Count: > 0 } p ? p.Select(PortKey.Of).ToList() : [PortKey.Sentinel];
            foreach (var port in ports)
            {
                foreach (var address in subset.Addresses ?? [])
                {
                    Map(address, port, ready: true);
                }
                foreach (var address in subset.NotReadyAddresses ?? [])
                {
                    Map(address, port, ready: false);
                }
            }
        }

        // Ports grouped by the exact set of (address, ready) offering them.
        var groups = new Dictionary<string, (Dictionary<EndpointAddress, bool> Addresses, List<EndpointPort> Ports)>(StringComparer.Ordinal);
        foreach (var port in portOrder)
        {
            var addresses = portToAddresses[port];
            var key = HashAddresses(addresses);
            if (!groups.TryGetValue(key, out var group))
            {
                group = (addresses, []);
                groups[key] = group;
            }
            if (!port.IsSentinel)
            {
                group.Ports.Add(port.ToEndpointPort());
            }
        }

        var final = new List<EndpointSubset>();
        foreach (var (addresses, ports) in groups.Values)
        {
            var subset = new EndpointSubset();
            var ready = addresses.Where(a => a.Value).Select(a => a.Key.DeepCopy()).ToList();
            var notReady = addresses.Where(a => !a.Value).Select(a => a.Key.DeepCopy()).ToList();
            subset.Addresses = ready.Count > 0 ? ready : null;
            subset.NotReadyAddresses = notReady.Count > 0 ? notReady : null;
            subset.Ports = ports.Count > 0 ? ports : null;
            final.Add(subset);
        }
        return SortSubsets(final);

        void Map(EndpointAddress address, PortKey port, bool ready)
        {
            var key = (address.Ip, address.TargetRef?.Uid ?? "");
            if (!allAddresses.TryGetValue(key, out var existing))
            {
                existing = address;
                allAddresses[key] = existing;
            }
            if (!portToAddresses.TryGetValue(port, out var set))
            {
                set = new Dictionary<EndpointAddress, bool>(ReferenceEqualityComparer.Instance);
                portToAddresses[port] = set;
                portOrder.Add(port);
            }
            // Not ready always trumps ready.
            if (!set.TryGetValue(existing, out var wasReady) || wasReady)
            {
                set[existing] = ready;
            }
        }
    }

    /// <summary>
    /// Sorts addresses (IP bytes, then target uid) and ports within each subset and the subsets themselves (upstream
    /// SortSubsets). Upstream orders ports and subsets by an MD5 of Go's object dump, which is stable but arbitrary; here
    /// they are ordered by their canonical JSON, equally stable.
    /// </summary>
    public static List<EndpointSubset> SortSubsets(List<EndpointSubset> subsets)
    {
        ArgumentNullException.ThrowIfNull(subsets);
        foreach (var subset in subsets)
        {
            subset.Addresses?.Sort(CompareAddresses);
            subset.NotReadyAddresses?.Sort(CompareAddresses);
            subset.Ports?.Sort((a, b) => string.CompareOrdinal(KubeJson.Serialize(a), KubeJson.Serialize(b)));
        }
        subsets.Sort((a, b) => string.CompareOrdinal(KubeJson.Serialize(a), KubeJson.Serialize(b)));
        return subsets;
    }

    /// <summary>upstream lessEndpointAddress as a comparison: IP (ordinal bytes), then a missing target first, then target uid.</summary>
    public static int CompareAddresses(EndpointAddress? a, EndpointAddress? b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var c = string.CompareOrdinal(a.Ip, b.Ip);
        if (c != 0)
        {
            return c;
        }
        if (a.TargetRef is null || b.TargetRef is null)
        {
            return (a.TargetRef is null ? 0 : 1).CompareTo(b.TargetRef is null ? 0 : 1);
        }
        return string.CompareOrdinal(a.TargetRef.Uid, b.TargetRef.Uid);
    }

    private static string HashAddresses(Dictionary<EndpointAddress, bool> addresses)
    {
        var entries = addresses.OrderBy(a => a.Value ? 0 : 1).ThenBy(a => a.Key, Comparer<EndpointAddress>.Create(CompareAddresses));
        return string.Join("\n", entries.Select(a => (a.Value ? "+" : "-") + KubeJson.Serialize(a.Key)));
    }

    /// <summary>
    /// Whether two subset lists are equal, ignoring target references' resourceVersion (upstream
    /// endpointSubsetsEqualIgnoreResourceVersion; empty and missing lists are equal).
    /// </summary>
    public static bool SubsetsEqualIgnoringResourceVersion(IReadOnlyList<EndpointSubset>? a, IReadOnlyList<EndpointSubset>? b)
    {
        if ((a?.Count ?? 0) != (b?.Count ?? 0))
        {
            return false;
        }
        for (var i = 0; i < (a?.Count ?? 0); i++)
        {
            if (CanonicalSubset(a![i]) != CanonicalSubset(b![i]))
            {
                return false;
            }
        }
        return true;
    }

    private static string CanonicalSubset(EndpointSubset subset)
    {
        if (!(subset.Addresses ?? []).Concat(subset.NotReadyAddresses ?? []).Any(a => a.TargetRef is { ResourceVersion.Length: > 0 }))
        {
            return KubeJson.Serialize(subset);
        }
        var copy = subset.DeepCopy();
        foreach (var address in (copy.Addresses ?? []).Concat(copy.NotReadyAddresses ?? []))
        {
            address.TargetRef?.ResourceVersion = "";
        }
        return KubeJson.Serialize(copy);
    }

    /// <summary>
    /// Cuts an Endpoints object down to <see cref="MaxEndpointsCapacity"/> addresses (upstream truncateEndpoints): ready
    /// addresses are kept first; each subset keeps its proportional share (rounded up, the last one what is left).
    /// Returns whether it truncated.
    /// </summary>
    public static bool TruncateEndpoints(Api.Core.V1.Endpoints endpoints, int maxCapacity = MaxEndpointsCapacity)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var subsets = endpoints.Subsets ?? [];
        var totalReady = subsets.Sum(s => s.Addresses?.Count ?? 0);
        var totalNotReady = subsets.Sum(s => s.NotReadyAddresses?.Count ?? 0);
        if (totalReady + totalNotReady <= maxCapacity)
        {
            return false;
        }
        var truncateReady = totalReady > maxCapacity;
        var max = truncateReady ? maxCapacity : maxCapacity - totalReady;
        var numTotal = truncateReady ? totalReady : totalNotReady;
        var canBeAdded = max;
        foreach (var subset in subsets)
        {
            var inSubset = truncateReady ? subset.Addresses?.Count ?? 0 : subset.NotReadyAddresses?.Count ?? 0;
            var toBeAdded = (int)Math.Ceiling((double)inSubset / numTotal * max);
            toBeAdded = Math.Min(toBeAdded, canBeAdded);
            if (truncateReady)
            {
                subset.Addresses = Take(subset.Addresses, toBeAdded);
                subset.NotReadyAddresses = null;
                canBeAdded -= subset.Addresses?.Count ?? 0;
            }
            else
            {
                subset.NotReadyAddresses = Take(subset.NotReadyAddresses, toBeAdded);
                canBeAdded -= subset.NotReadyAddresses?.Count ?? 0;
            }
        }
        return true;

        static List<EndpointAddress>? Take(List<EndpointAddress>? addresses, int count)
            => addresses is null || addresses.Count <= count ? addresses : addresses.GetRange(0, count);
    }

    /// <summary>An EndpointPort as a value (the Go struct as a map key).</summary>
    private readonly record struct PortKey(string Name, int Port, string Protocol, string? AppProtocol)
    {
        public static readonly PortKey Sentinel = new("", -1, "", null);

        public bool IsSentinel => Port <= 0;

        public static PortKey Of(EndpointPort port) => new(port.Name, port.Port, port.Protocol, port.AppProtocol);

        public EndpointPort ToEndpointPort() => new() { Name = Name, Port = Port, Protocol = Protocol, AppProtocol = AppProtocol };
    }
}
