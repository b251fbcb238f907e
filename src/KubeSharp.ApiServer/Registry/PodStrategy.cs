using KubeSharp.Api;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Meta.V1;

namespace KubeSharp.ApiServer.Registry;

/// <summary>Strategies whose objects are deleted gracefully (upstream's RESTGracefulDeleteStrategy).</summary>
public interface IGracefulDeleteStrategy
{
    /// <summary>Upstream's CheckGracefulDelete: returns true when <paramref name="obj"/> is deleted gracefully, with
    /// <paramref name="options"/>' gracePeriodSeconds set to the period to wait (0 = at once).</summary>
    bool CheckGracefulDelete(IKubeMetaObject obj, DeleteOptions options);
}

/// <summary>Upstream's pod strategy (pkg/registry/core/pod/strategy.go) where it differs from the generic one:
/// a new pod's status is phase Pending with its QoS class, and pods are deleted gracefully.</summary>
public sealed class PodStrategy : GenericStrategy, IGracefulDeleteStrategy
{
    /// <summary>The shared instance.</summary>
    public static new PodStrategy Instance { get; } = new();

    /// <summary>Status is phase Pending with the QoS class. Pods have no generation in 1.32 (upstream starts
    /// setting it in 1.33, behind PodObservedGenerationTracking): the generic rule of generation 1 is not applied.</summary>
    public override void PrepareForCreate(ResourceDefinition resource, IKubeMetaObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var generation = obj.Metadata.Generation;
        base.PrepareForCreate(resource, obj);
        obj.Metadata.Generation = generation;
        if (obj is Pod pod)
        {
            pod.Status = new PodStatus { Phase = "Pending", QosClass = QosClass(pod.Spec) };
        }
    }

    /// <summary>Status stays (the /status subresource owns it); generation is not bumped on spec changes (1.32).</summary>
    public override void PrepareForUpdate(ResourceDefinition resource, IKubeMetaObject obj, IKubeMetaObject old)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(old);
        base.PrepareForUpdate(resource, obj, old);
        obj.Metadata.Generation = old.Metadata.Generation;
    }

    /// <summary>Upstream's pod ToSelectableFields (what kubelets, drain and the scheduler select pods by).</summary>
    public override void AddSelectableFields(IKubeMetaObject obj, Dictionary<string, string> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        if (obj is not Pod pod)
        {
            return;
        }
        foreach (var name in SelectableFieldNames)
        {
            fields[name] = SelectableField(pod, name)!;
        }
    }

    /// <summary>The pod's own selectable fields (upstream's pod ToSelectableFields, besides metadata's).</summary>
    private static readonly string[] SelectableFieldNames =
    [
        "spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "spec.hostNetwork",
        "status.phase", "status.podIP", "status.nominatedNodeName",
    ];

    /// <summary>One of the pod's own selectable fields (see <see cref="AddSelectableFields"/>), or null for a name
    /// that is not one: read straight from the pod, so matching a field selector builds no map.</summary>
    public static string? SelectableField(Pod pod, string name)
    {
        ArgumentNullException.ThrowIfNull(pod);
        return name switch
        {
            "spec.nodeName" => pod.Spec.NodeName,
            "spec.restartPolicy" => pod.Spec.RestartPolicy,
            "spec.schedulerName" => pod.Spec.SchedulerName,
            "spec.serviceAccountName" => pod.Spec.ServiceAccountName,
            "spec.hostNetwork" => pod.Spec.HostNetwork ? "true" : "false",
            "status.phase" => pod.Status.Phase,
            "status.podIP" => pod.Status.PodIPs is { Count: > 0 } ips ? ips[0].Ip : "",
            "status.nominatedNodeName" => pod.Status.NominatedNodeName,
            _ => null,
        };
    }

    /// <summary>Upstream's qos.GetPodQOS over containers and init containers (cpu and memory only): no requests or
    /// limits is BestEffort; limits equal to requests for both cpu and memory in every container is Guaranteed;
    /// anything else Burstable. A missing request counts as its limit (as defaulting makes it).</summary>
    public static string QosClass(PodSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        // The sums of positive requests and limits per resource (null: none), without collections: it runs per create.
        var totals = new QosTotals();
        var guaranteed = true;
        foreach (var container in spec.Containers ?? [])
        {
            guaranteed &= totals.Add(container);
        }
        foreach (var container in spec.InitContainers ?? [])
        {
            guaranteed &= totals.Add(container);
        }
        if (totals.IsEmpty)
        {
            return "BestEffort";
        }
        // Every request needs an equal limit, and no limit may lack a request.
        guaranteed = guaranteed
            && QosTotals.SameOrBothMissing(totals.CpuRequest, totals.CpuLimit)
            && QosTotals.SameOrBothMissing(totals.MemoryRequest, totals.MemoryLimit);
        return guaranteed ? "Guaranteed" : "Burstable";
    }

    private struct QosTotals
    {
        public Quantity? CpuRequest;
        public Quantity? CpuLimit;
        public Quantity? MemoryRequest;
        public Quantity? MemoryLimit;

        public readonly bool IsEmpty => CpuRequest is null && CpuLimit is null && MemoryRequest is null && MemoryLimit is null;

        /// <summary>Adds a container's cpu and memory; true when it has positive limits for both.</summary>
        public bool Add(Container container)
        {
            var requests = container.Resources?.Requests;
            var limits = container.Resources?.Limits;
            var cpuLimited = Add("cpu", requests, limits, ref CpuRequest, ref CpuLimit);
            var memoryLimited = Add("memory", requests, limits, ref MemoryRequest, ref MemoryLimit);
            return cpuLimited && memoryLimited;
        }

        /// <summary>A missing request counts as its limit; only positive amounts count. True when the limit is positive.</summary>
        private static bool Add(string name, Dictionary<string, Quantity>? requests, Dictionary<string, Quantity>? limits,
            ref Quantity? requestSum, ref Quantity? limitSum)
        {
            Quantity? request = requests is not null && requests.TryGetValue(name, out var r) ? r
                : limits is not null && limits.TryGetValue(name, out var l0) ? l0 : null;
            if (request is { Sign: > 0 } positiveRequest)
            {
                requestSum = requestSum is { } sum ? sum.Add(positiveRequest) : positiveRequest;
            }
            if (limits is not null && limits.TryGetValue(name, out var limit) && limit.Sign > 0)
            {
                limitSum = limitSum is { } sum ? sum.Add(limit) : limit;
                return true;
            }
            return false;
        }

        public static bool SameOrBothMissing(Quantity? request, Quantity? limit)
            => request is { } r ? limit is { } l && l.Cmp(r) == 0 : limit is null;
    }

    /// <summary>The grace period is the request's, else the pod's terminationGracePeriodSeconds (defaulted to 30),
    /// else 0; a pod that is not scheduled or has finished goes at once; a negative period means 1 second.</summary>
    public bool CheckGracefulDelete(IKubeMetaObject obj, DeleteOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (obj is not Pod pod)
        {
            return false;
        }
        var period = options.GracePeriodSeconds ?? pod.Spec.TerminationGracePeriodSeconds ?? 0;
        if (pod.Spec.NodeName.Length == 0)
        {
            period = 0;
        }
        if (pod.Status.Phase is "Failed" or "Succeeded")
        {
            period = 0;
        }
        if (period < 0)
        {
            period = 1;
        }
        options.GracePeriodSeconds = period;
        return true;
    }
}
