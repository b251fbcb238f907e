using KubeSharp.Api;
using KubeSharp.Api.Autoscaling.V2;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Labels;
using KubeSharp.Controllers.Autoscaling.Metrics;

namespace KubeSharp.Controllers.Tests.Autoscaling;

/// <summary>A clock the unit tests set by hand.</summary>
public sealed class ManualClock : TimeProvider
{
    public DateTimeOffset Now { get; set; } = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}

/// <summary>An <see cref="IMetricsClient"/> with fixed answers (or failures) per call kind.</summary>
public sealed class StaticMetricsClient : IMetricsClient
{
    public Dictionary<string, PodMetric> ResourceMetrics { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, PodMetric> RawMetrics { get; } = new(StringComparer.Ordinal);

    public long ObjectValue { get; set; }

    public List<long> ExternalValues { get; } = [];

    public string? Error { get; set; }

    public DateTimeOffset Timestamp { get; set; }

    public List<string> Calls { get; } = [];

    private void Check(string call)
    {
        Calls.Add(call);
        if (Error is not null)
        {
            throw new MetricsException(Error);
        }
    }

    public Task<(Dictionary<string, PodMetric> Metrics, DateTimeOffset Timestamp)> GetResourceMetricAsync(string resource, string @namespace, Selector selector, string container, CancellationToken cancellationToken)
    {
        Check($"resource {resource} {@namespace} {selector} {container}");
        return Task.FromResult((new Dictionary<string, PodMetric>(ResourceMetrics), Timestamp));
    }

    public Task<(Dictionary<string, PodMetric> Metrics, DateTimeOffset Timestamp)> GetRawMetricAsync(string metricName, string @namespace, Selector selector, Selector metricSelector, CancellationToken cancellationToken)
    {
        Check($"raw {metricName} {@namespace} {selector} {metricSelector}");
        return Task.FromResult((new Dictionary<string, PodMetric>(RawMetrics), Timestamp));
    }

    public Task<(long Value, DateTimeOffset Timestamp)> GetObjectMetricAsync(string metricName, string @namespace, CrossVersionObjectReference objectReference, Selector metricSelector, CancellationToken cancellationToken)
    {
        Check($"object {metricName} {@namespace} {objectReference.Kind}/{objectReference.Name}");
        return Task.FromResult((ObjectValue, Timestamp));
    }

    public Task<(IReadOnlyList<long> Values, DateTimeOffset Timestamp)> GetExternalMetricAsync(string metricName, string @namespace, Selector selector, CancellationToken cancellationToken)
    {
        Check($"external {metricName} {@namespace} {selector}");
        return Task.FromResult(((IReadOnlyList<long>)ExternalValues, Timestamp));
    }
}

/// <summary>Pods as the calculator sees them.</summary>
public static class TestPods
{
    /// <summary>A Running pod with one container requesting <paramref name="cpuMilli"/>; Ready as given, started
    /// <paramref name="startedAgo"/> before <paramref name="now"/>, readiness changed at start.</summary>
    public static Pod Pod(string name, DateTimeOffset now, long cpuMilli = 1000, string phase = "Running", string ready = "True", TimeSpan? startedAgo = null, bool deleted = false, string resource = "cpu")
    {
        var started = now - (startedAgo ?? TimeSpan.FromMinutes(10));
        return new Pod
        {
            Metadata = new Api.Meta.V1.ObjectMeta
            {
                Name = name,
                Namespace = "test",
                Labels = new Dictionary<string, string> { ["name"] = "test-pod" },
                DeletionTimestamp = deleted ? Time.FromDateTimeOffset(now) : null,
            },
            Spec = new PodSpec
            {
                Containers = [new Container { Name = "c", Resources = new ResourceRequirements { Requests = new Dictionary<string, Quantity> { [resource] = Quantity.FromMilli(cpuMilli, QuantityFormat.DecimalSI) } } }],
            },
            Status = new PodStatus
            {
                Phase = phase,
                StartTime = Time.FromDateTimeOffset(started),
                Conditions = [new PodCondition { Type = "Ready", Status = ready, LastTransitionTime = Time.FromDateTimeOffset(started) }],
            },
        };
    }
}
