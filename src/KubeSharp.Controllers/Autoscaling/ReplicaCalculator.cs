using KubeSharp.Api.Autoscaling.V2;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Labels;
using LabelSelector = KubeSharp.Api.Meta.V1.LabelSelector;
using KubeSharp.Controllers.Autoscaling.Metrics;
using KubeSharp.Controllers.Replication;

namespace KubeSharp.Controllers.Autoscaling;

/// <summary>A proposal of the replica calculator: the replica count and the metric's current value.</summary>
public readonly record struct ReplicaProposal(int Replicas, long Usage, DateTimeOffset Timestamp, int Utilization = 0);

/// <summary>
/// Upstream's ReplicaCalculator (pkg/controller/podautoscaler/replica_calculator.go): turns metric samples into a
/// replica count. Utilization and per-pod values are averaged over the ready pods; within the tolerance (10 %) the
/// count stays; pods without samples count as 100 % of their request (or the target) on a scale-down and 0 % on a
/// scale-up, unready pods (pending, or for cpu within the initialization period) as 0 % on a scale-up only, and a
/// proposal that these assumptions would turn around or make too small keeps the current count. Failures throw
/// <see cref="MetricsException"/> with upstream's messages.
/// </summary>
public sealed class ReplicaCalculator
{
    private readonly IMetricsClient _metrics;
    private readonly Func<string, Selector, IReadOnlyList<Pod>> _pods;
    private readonly TimeProvider _clock;

    /// <summary>Creates a calculator reading samples from <paramref name="metrics"/> and pods from <paramref name="pods"/> (namespace, selector).</summary>
    public ReplicaCalculator(IMetricsClient metrics, Func<string, Selector, IReadOnlyList<Pod>> pods, TimeProvider? clock = null,
        double tolerance = 0.1, TimeSpan? cpuInitializationPeriod = null, TimeSpan? delayOfInitialReadinessStatus = null)
    {
        _metrics = metrics;
        _pods = pods;
        _clock = clock ?? TimeProvider.System;
        Tolerance = tolerance;
        CpuInitializationPeriod = cpuInitializationPeriod ?? TimeSpan.FromMinutes(5);
        DelayOfInitialReadinessStatus = delayOfInitialReadinessStatus ?? TimeSpan.FromSeconds(30);
    }

    /// <summary>The relative change below which the count stays (<c>--horizontal-pod-autoscaler-tolerance</c>, 0.1).</summary>
    public double Tolerance { get; }

    /// <summary><c>--horizontal-pod-autoscaler-cpu-initialization-period</c> (5 min).</summary>
    public TimeSpan CpuInitializationPeriod { get; }

    /// <summary><c>--horizontal-pod-autoscaler-initial-readiness-delay</c> (30 s).</summary>
    public TimeSpan DelayOfInitialReadinessStatus { get; }

    /// <summary>The pods' metrics of <paramref name="resource"/> (a copy the caller may change), failures worded as upstream.</summary>
    private async Task<(Dictionary<string, PodMetric> Metrics, DateTimeOffset Timestamp)> ResourceMetricsAsync(string resource, string @namespace, Selector selector, string container, CancellationToken cancellationToken)
    {
        try
        {
            var (metrics, timestamp) = await _metrics.GetResourceMetricAsync(resource, @namespace, selector, container, cancellationToken);
            return (new Dictionary<string, PodMetric>(metrics, StringComparer.Ordinal), timestamp);
        }
        catch (MetricsException e)
        {
            throw new MetricsException($"unable to get metrics for resource {resource}: {e.Message}", e);
        }
    }

    /// <summary>Upstream GetResourceReplicas: a utilization target (percent of the pods' requests).</summary>
    public async Task<ReplicaProposal> GetResourceReplicasAsync(int currentReplicas, int targetUtilization, string resource, string @namespace, Selector selector, string container, CancellationToken cancellationToken)
    {
        var (metrics, timestamp) = await ResourceMetricsAsync(resource, @namespace, selector, container, cancellationToken);
        var pods = _pods(@namespace, selector);
        if (pods.Count == 0)
        {
            throw new MetricsException("no pods returned by selector while calculating replica count");
        }
        var groups = GroupPods(pods, metrics, resource);
        RemoveAll(metrics, groups.Ignored);
        RemoveAll(metrics, groups.Unready);
        if (metrics.Count == 0)
        {
            throw new MetricsException("did not receive metrics for targeted pods (pods might be unready)");
        }
        var requests = PodRequests(pods, container, resource);
        var (usageRatio, utilization, rawUtilization) = ResourceUtilizationRatio(metrics, requests, targetUtilization);

        var scaleUpWithUnready = groups.Unready.Count > 0 && usageRatio > 1.0;
        if (!scaleUpWithUnready && groups.Missing.Count == 0)
        {
            if (Math.Abs(1.0 - usageRatio) <= Tolerance)
            {
                return new ReplicaProposal(currentReplicas, rawUtilization, timestamp, utilization);
            }
            return new ReplicaProposal((int)Math.Ceiling(usageRatio * groups.ReadyCount), rawUtilization, timestamp, utilization);
        }
        if (groups.Missing.Count > 0)
        {
            if (usageRatio < 1.0)
            {
                // A scale-down counts pods without samples at 100 % of their request (or the target above 100 %).
                long fallback = Math.Max(100, targetUtilization);
                foreach (var pod in groups.Missing)
                {
                    metrics[pod] = new PodMetric(requests[pod] * fallback / 100, default, default);
                }
            }
            else if (usageRatio > 1.0)
            {
                foreach (var pod in groups.Missing)
                {
                    metrics[pod] = new PodMetric(0, default, default);
                }
            }
        }
        if (scaleUpWithUnready)
        {
            foreach (var pod in groups.Unready)
            {
                metrics[pod] = new PodMetric(0, default, default);
            }
        }
        var (newUsageRatio, _, _) = ResourceUtilizationRatio(metrics, requests, targetUtilization);
        if (Math.Abs(1.0 - newUsageRatio) <= Tolerance || (usageRatio < 1.0 && newUsageRatio > 1.0) || (usageRatio > 1.0 && newUsageRatio < 1.0))
        {
            return new ReplicaProposal(currentReplicas, rawUtilization, timestamp, utilization);
        }
        var newReplicas = (int)Math.Ceiling(newUsageRatio * metrics.Count);
        if ((newUsageRatio < 1.0 && newReplicas > currentReplicas) || (newUsageRatio > 1.0 && newReplicas < currentReplicas))
        {
            return new ReplicaProposal(currentReplicas, rawUtilization, timestamp, utilization);
        }
        return new ReplicaProposal(newReplicas, rawUtilization, timestamp, utilization);
    }

    /// <summary>Upstream GetRawResourceReplicas: an average-value target of a resource (milli-units per pod).</summary>
    public async Task<ReplicaProposal> GetRawResourceReplicasAsync(int currentReplicas, long targetUsage, string resource, string @namespace, Selector selector, string container, CancellationToken cancellationToken)
    {
        var (metrics, timestamp) = await ResourceMetricsAsync(resource, @namespace, selector, container, cancellationToken);
        var (replicas, usage) = PlainMetricReplicas(metrics, currentReplicas, targetUsage, @namespace, selector, resource);
        return new ReplicaProposal(replicas, usage, timestamp);
    }

    /// <summary>Upstream GetMetricReplicas: a Pods metric's average-value target.</summary>
    public async Task<ReplicaProposal> GetMetricReplicasAsync(int currentReplicas, long targetUsage, string metricName, string @namespace, Selector selector, Selector metricSelector, CancellationToken cancellationToken)
    {
        Dictionary<string, PodMetric> metrics;
        DateTimeOffset timestamp;
        try
        {
            (metrics, timestamp) = await _metrics.GetRawMetricAsync(metricName, @namespace, selector, metricSelector, cancellationToken);
        }
        catch (MetricsException e)
        {
            throw new MetricsException($"unable to get metric {metricName}: {e.Message}", e);
        }
        var (replicas, usage) = PlainMetricReplicas(new Dictionary<string, PodMetric>(metrics, StringComparer.Ordinal), currentReplicas, targetUsage, @namespace, selector, "");
        return new ReplicaProposal(replicas, usage, timestamp);
    }

    private (int Replicas, long Usage) PlainMetricReplicas(Dictionary<string, PodMetric> metrics, int currentReplicas, long targetUsage, string @namespace, Selector selector, string resource)
    {
        var pods = _pods(@namespace, selector);
        if (pods.Count == 0)
        {
            throw new MetricsException("no pods returned by selector while calculating replica count");
        }
        var groups = GroupPods(pods, metrics, resource);
        RemoveAll(metrics, groups.Ignored);
        RemoveAll(metrics, groups.Unready);
        if (metrics.Count == 0)
        {
            throw new MetricsException("did not receive metrics for targeted pods (pods might be unready)");
        }
        var (usageRatio, usage) = MetricUsageRatio(metrics, targetUsage);
        var scaleUpWithUnready = groups.Unready.Count > 0 && usageRatio > 1.0;
        if (!scaleUpWithUnready && groups.Missing.Count == 0)
        {
            if (Math.Abs(1.0 - usageRatio) <= Tolerance)
            {
                return (currentReplicas, usage);
            }
            return ((int)Math.Ceiling(usageRatio * groups.ReadyCount), usage);
        }
        if (groups.Missing.Count > 0)
        {
            // A scale-down counts pods without samples at exactly the target, a scale-up at 0.
            var assumed = usageRatio < 1.0 ? targetUsage : 0;
            foreach (var pod in groups.Missing)
            {
                metrics[pod] = new PodMetric(assumed, default, default);
            }
        }
        if (scaleUpWithUnready)
        {
            foreach (var pod in groups.Unready)
            {
                metrics[pod] = new PodMetric(0, default, default);
            }
        }
        var (newUsageRatio, _) = MetricUsageRatio(metrics, targetUsage);
        if (Math.Abs(1.0 - newUsageRatio) <= Tolerance || (usageRatio < 1.0 && newUsageRatio > 1.0) || (usageRatio > 1.0 && newUsageRatio < 1.0))
        {
            return (currentReplicas, usage);
        }
        var newReplicas = (int)Math.Ceiling(newUsageRatio * metrics.Count);
        if ((newUsageRatio < 1.0 && newReplicas > currentReplicas) || (newUsageRatio > 1.0 && newReplicas < currentReplicas))
        {
            return (currentReplicas, usage);
        }
        return (newReplicas, usage);
    }

    /// <summary>Upstream GetObjectMetricReplicas: an Object metric's value target.</summary>
    public async Task<ReplicaProposal> GetObjectMetricReplicasAsync(int currentReplicas, long targetUsage, string metricName, string @namespace, CrossVersionObjectReference objectReference, Selector selector, Selector metricSelector, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(objectReference);
        long usage;
        try
        {
            (usage, _) = await _metrics.GetObjectMetricAsync(metricName, @namespace, objectReference, metricSelector, cancellationToken);
        }
        catch (MetricsException e)
        {
            throw new MetricsException($"unable to get metric {metricName}: {objectReference.Kind} on {@namespace} {objectReference.Name}/{e.Message}", e);
        }
        var usageRatio = (double)usage / targetUsage;
        // Upstream returns the zero time here (the object's timestamp is dropped).
        return new ReplicaProposal(UsageRatioReplicaCount(currentReplicas, usageRatio, @namespace, selector), usage, default);
    }

    /// <summary>Upstream GetObjectPerPodMetricReplicas: an Object metric's average-value target (divided by status.replicas).</summary>
    public async Task<ReplicaProposal> GetObjectPerPodMetricReplicasAsync(int statusReplicas, long targetAverageUsage, string metricName, string @namespace, CrossVersionObjectReference objectReference, Selector metricSelector, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(objectReference);
        long usage;
        DateTimeOffset timestamp;
        try
        {
            (usage, timestamp) = await _metrics.GetObjectMetricAsync(metricName, @namespace, objectReference, metricSelector, cancellationToken);
        }
        catch (MetricsException e)
        {
            throw new MetricsException($"unable to get metric {metricName}: {objectReference.Kind} on {@namespace} {objectReference.Name}/{e.Message}", e);
        }
        return PerPod(statusReplicas, targetAverageUsage, usage, timestamp);
    }

    private ReplicaProposal PerPod(int statusReplicas, long targetPerPod, long usage, DateTimeOffset timestamp)
    {
        var replicas = statusReplicas;
        var usageRatio = usage / ((double)targetPerPod * replicas);
        if (Math.Abs(1.0 - usageRatio) > Tolerance)
        {
            replicas = (int)Math.Ceiling((double)usage / targetPerPod);
        }
        var perPod = (long)Math.Ceiling((double)usage / statusReplicas);
        return new ReplicaProposal(replicas, perPod, timestamp);
    }

    /// <summary>Upstream GetExternalMetricReplicas: an External metric's value target (the samples summed).</summary>
    public async Task<ReplicaProposal> GetExternalMetricReplicasAsync(int currentReplicas, long targetUsage, string metricName, string @namespace, LabelSelector? metricSelector, Selector podSelector, CancellationToken cancellationToken)
    {
        var (sum, _) = await ExternalSumAsync(metricName, @namespace, metricSelector, cancellationToken);
        var usageRatio = (double)sum / targetUsage;
        return new ReplicaProposal(UsageRatioReplicaCount(currentReplicas, usageRatio, @namespace, podSelector), sum, default);
    }

    /// <summary>Upstream GetExternalPerPodMetricReplicas: an External metric's average-value target.</summary>
    public async Task<ReplicaProposal> GetExternalPerPodMetricReplicasAsync(int statusReplicas, long targetUsagePerPod, string metricName, string @namespace, LabelSelector? metricSelector, CancellationToken cancellationToken)
    {
        var (sum, timestamp) = await ExternalSumAsync(metricName, @namespace, metricSelector, cancellationToken);
        return PerPod(statusReplicas, targetUsagePerPod, sum, timestamp);
    }

    private async Task<(long Sum, DateTimeOffset Timestamp)> ExternalSumAsync(string metricName, string @namespace, LabelSelector? metricSelector, CancellationToken cancellationToken)
    {
        if (!metricSelector.TryToSelector(out var selector, out var error))
        {
            throw new MetricsException(error);
        }
        try
        {
            var (values, timestamp) = await _metrics.GetExternalMetricAsync(metricName, @namespace, selector, cancellationToken);
            return (values.Sum(), timestamp);
        }
        catch (MetricsException e)
        {
            throw new MetricsException($"unable to get external metric {@namespace}/{metricName}/{GoFormat.LabelSelector(metricSelector)}: {e.Message}", e);
        }
    }

    // Upstream getUsageRatioReplicaCount: with replicas, ready pods times the ratio (outside the tolerance); at zero
    // replicas, the ratio rounded up (scale from zero).
    private int UsageRatioReplicaCount(int currentReplicas, double usageRatio, string @namespace, Selector selector)
    {
        if (currentReplicas == 0)
        {
            return (int)Math.Ceiling(usageRatio);
        }
        if (Math.Abs(1.0 - usageRatio) <= Tolerance)
        {
            return currentReplicas;
        }
        var pods = _pods(@namespace, selector);
        if (pods.Count == 0)
        {
            throw new MetricsException("unable to calculate ready pods: no pods returned by selector while calculating replica count");
        }
        var ready = pods.Count(p => p.Status.Phase == "Running" && PodUtil.IsReady(p));
        return (int)Math.Ceiling(usageRatio * ready);
    }

    /// <summary>The pods split as upstream's groupPods: ready count, unready (pending, or cpu samples not to trust yet),
    /// missing (no sample) and ignored (deleted or failed) pod names.</summary>
    public (int ReadyCount, HashSet<string> Unready, HashSet<string> Missing, HashSet<string> Ignored) GroupPods(IReadOnlyList<Pod> pods, IReadOnlyDictionary<string, PodMetric> metrics, string resource)
    {
        ArgumentNullException.ThrowIfNull(pods);
        ArgumentNullException.ThrowIfNull(metrics);
        var now = _clock.GetUtcNow();
        var ready = 0;
        HashSet<string> unready = new(StringComparer.Ordinal), missing = new(StringComparer.Ordinal), ignored = new(StringComparer.Ordinal);
        foreach (var pod in pods)
        {
            var name = pod.Metadata.Name;
            if (pod.Metadata.DeletionTimestamp is not null || pod.Status.Phase == "Failed")
            {
                ignored.Add(name);
                continue;
            }
            if (pod.Status.Phase == "Pending")
            {
                unready.Add(name);
                continue;
            }
            if (!metrics.TryGetValue(name, out var metric))
            {
                missing.Add(name);
                continue;
            }
            if (resource == "cpu")
            {
                bool isUnready;
                var condition = PodUtil.ReadyCondition(pod);
                if (condition is null || pod.Status.StartTime is not { } started)
                {
                    isUnready = true;
                }
                else
                {
                    var transition = condition.LastTransitionTime.ToDateTimeOffset();
                    if (started.ToDateTimeOffset() + CpuInitializationPeriod > now)
                    {
                        // Within the initialization period: unready, or no full sample window since the last transition.
                        isUnready = condition.Status == "False" || metric.Timestamp < transition + metric.Window;
                    }
                    else
                    {
                        // Afterwards: unready only if it has never been ready.
                        isUnready = condition.Status == "False" && started.ToDateTimeOffset() + DelayOfInitialReadinessStatus > transition;
                    }
                }
                if (isUnready)
                {
                    unready.Add(name);
                    continue;
                }
            }
            ready++;
        }
        return (ready, unready, missing, ignored);
    }

    /// <summary>Upstream calculatePodRequests: per pod, the requests of its containers (and restartable init containers),
    /// or only of <paramref name="container"/>; a container without the request fails.</summary>
    public static Dictionary<string, long> PodRequests(IReadOnlyList<Pod> pods, string container, string resource)
    {
        ArgumentNullException.ThrowIfNull(pods);
        var requests = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var pod in pods)
        {
            var sum = 0L;
            var containers = (pod.Spec.Containers ?? []).Concat((pod.Spec.InitContainers ?? []).Where(c => c.RestartPolicy == "Always"));
            foreach (var c in containers)
            {
                if (container.Length == 0 || container == c.Name)
                {
                    if (c.Resources?.Requests is { } r && r.TryGetValue(resource, out var request))
                    {
                        sum += request.MilliValue();
                    }
                    else
                    {
                        throw new MetricsException($"missing request for {resource} in container {c.Name} of Pod {pod.Metadata.Name}");
                    }
                }
            }
            requests[pod.Metadata.Name] = sum;
        }
        return requests;
    }

    /// <summary>Upstream GetResourceUtilizationRatio: (ratio to the target, utilization percent, average raw value).</summary>
    public static (double Ratio, int Utilization, long RawAverage) ResourceUtilizationRatio(IReadOnlyDictionary<string, PodMetric> metrics, IReadOnlyDictionary<string, long> requests, int targetUtilization)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(requests);
        long metricsTotal = 0, requestsTotal = 0;
        var entries = 0;
        foreach (var (pod, metric) in metrics)
        {
            if (!requests.TryGetValue(pod, out var request))
            {
                continue;
            }
            metricsTotal += metric.Value;
            requestsTotal += request;
            entries++;
        }
        if (requestsTotal == 0)
        {
            throw new MetricsException("no metrics returned matched known pods");
        }
        var utilization = (int)(metricsTotal * 100 / requestsTotal);
        return ((double)utilization / targetUtilization, utilization, metricsTotal / entries);
    }

    /// <summary>Upstream GetMetricUsageRatio: (ratio of the average to the target, the average).</summary>
    public static (double Ratio, long Usage) MetricUsageRatio(IReadOnlyDictionary<string, PodMetric> metrics, long targetUsage)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var total = metrics.Values.Sum(m => m.Value);
        var usage = total / metrics.Count;
        return ((double)usage / targetUsage, usage);
    }

    private static void RemoveAll(Dictionary<string, PodMetric> metrics, HashSet<string> pods)
    {
        foreach (var pod in pods)
        {
            metrics.Remove(pod);
        }
    }
}
