using KubeSharp.Api.Autoscaling.V2;
using KubeSharp.Api.Labels;

namespace KubeSharp.Controllers.Autoscaling.Metrics;

/// <summary>One pod's metric sample (upstream's metrics.PodMetric): the value in milli-units, when it was taken and over which window.</summary>
public readonly record struct PodMetric(long Value, DateTimeOffset Timestamp, TimeSpan Window);

/// <summary>
/// Where the autoscaler reads metrics (upstream's metrics.MetricsClient): resource usage of pods (metrics.k8s.io),
/// custom metrics of pods and objects (custom.metrics.k8s.io) and external metrics (external.metrics.k8s.io).
/// Failures are <see cref="MetricsException"/>s whose messages are upstream's.
/// </summary>
public interface IMetricsClient
{
    /// <summary>The usage of <paramref name="resource"/> (milli-units) per pod matching <paramref name="selector"/>, summed over the
    /// pod's containers (or only <paramref name="container"/> when not empty), with the first sample's timestamp.</summary>
    Task<(Dictionary<string, PodMetric> Metrics, DateTimeOffset Timestamp)> GetResourceMetricAsync(string resource, string @namespace, Selector selector, string container, CancellationToken cancellationToken);

    /// <summary>A custom metric of the pods matching <paramref name="selector"/>, per pod name.</summary>
    Task<(Dictionary<string, PodMetric> Metrics, DateTimeOffset Timestamp)> GetRawMetricAsync(string metricName, string @namespace, Selector selector, Selector metricSelector, CancellationToken cancellationToken);

    /// <summary>A custom metric of one object (milli-units).</summary>
    Task<(long Value, DateTimeOffset Timestamp)> GetObjectMetricAsync(string metricName, string @namespace, CrossVersionObjectReference objectReference, Selector metricSelector, CancellationToken cancellationToken);

    /// <summary>The values (milli-units) of an external metric matching <paramref name="selector"/>.</summary>
    Task<(IReadOnlyList<long> Values, DateTimeOffset Timestamp)> GetExternalMetricAsync(string metricName, string @namespace, Selector selector, CancellationToken cancellationToken);
}

/// <summary>A metric could not be read or used; the message is upstream's error text.</summary>
public sealed class MetricsException : Exception
{
    /// <summary>Creates the exception.</summary>
    public MetricsException()
    {
    }

    /// <summary>Creates the exception with upstream's message.</summary>
    public MetricsException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with upstream's message and the cause.</summary>
    public MetricsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
