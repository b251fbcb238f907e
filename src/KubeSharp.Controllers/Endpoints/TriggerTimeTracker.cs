using KubeSharp.Api;
using KubeSharp.Api.Core.V1;

namespace KubeSharp.Controllers.Endpoints;

/// <summary>
/// upstream's TriggerTimeTracker: the value of the <c>endpoints.kubernetes.io/last-change-trigger-time</c> annotation,
/// the earliest change (a pod's Ready transition, the Service's creation) not yet seen by a previous sync of the
/// Service; the Service's creation time on its first sync. Thread-safe.
/// </summary>
public sealed class TriggerTimeTracker
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, ServiceState> _states = new(StringComparer.Ordinal);

    /// <summary>The trigger time for this sync (zero when nothing changed) and remembers what this sync saw.</summary>
    public Time ComputeEndpointLastChangeTriggerTime(string @namespace, Service service, IEnumerable<Pod> pods)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(pods);
        var key = @namespace + "/" + service.Metadata.Name;
        lock (_lock)
        {
            var known = _states.TryGetValue(key, out var state);
            state ??= new ServiceState();
            var minChanged = default(Time);
            var podTimes = new Dictionary<string, Time>(StringComparer.Ordinal);
            foreach (var pod in pods)
            {
                var podTime = Replication.PodUtil.ReadyCondition(pod)?.LastTransitionTime ?? default;
                if (podTime.IsZero)
                {
                    continue;
                }
                podTimes[pod.Metadata.Name] = podTime;
                if (!state.PodTimes.TryGetValue(pod.Metadata.Name, out var last) || podTime.CompareTo(last) > 0)
                {
                    minChanged = Min(minChanged, podTime);
                }
            }
            var serviceTime = service.Metadata.CreationTimestamp;
            if (serviceTime.CompareTo(state.ServiceTime) > 0)
            {
                minChanged = Min(minChanged, serviceTime);
            }
            _states[key] = new ServiceState { PodTimes = podTimes, ServiceTime = serviceTime };
            return known ? minChanged : serviceTime;
        }
    }

    /// <summary>Forgets a deleted Service.</summary>
    public void DeleteService(string @namespace, string name)
    {
        lock (_lock)
        {
            _states.Remove(@namespace + "/" + name);
        }
    }

    private static Time Min(Time a, Time b) => a.IsZero ? b : b.IsZero ? a : a.CompareTo(b) <= 0 ? a : b;

    private sealed class ServiceState
    {
        public Dictionary<string, Time> PodTimes { get; init; } = new(StringComparer.Ordinal);

        public Time ServiceTime { get; init; }
    }
}
