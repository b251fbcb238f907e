using System.Text.Json.Nodes;
using KubeSharp.Api;
using KubeSharp.Api.Autoscaling.V2;
using KubeSharp.Api.Labels;
using KubeSharp.Api.Meta.V1;
using KubeSharp.Api.Metrics.V1Beta1;
using KubeSharp.Api.Serialization;
using KubeSharp.Client;

namespace KubeSharp.Controllers.Autoscaling.Metrics;

/// <summary>
/// The production <see cref="IMetricsClient"/> (upstream's metrics.NewRESTMetricsClient): reads the aggregated metrics APIs
/// through the API server. metrics.k8s.io/v1beta1 PodMetrics for resource metrics; custom.metrics.k8s.io (v1beta2 or
/// v1beta1, whichever discovery offers) for pod and object metrics; external.metrics.k8s.io/v1beta1 for external
/// ones. When an API is not served the calls fail with upstream's texts, which the controller turns into
/// ScalingActive=False conditions.
/// </summary>
public sealed class RestMetricsClient : IMetricsClient
{
    private const string CustomMetricsGroup = "custom.metrics.k8s.io";
    private const string ExternalMetricsGroup = "external.metrics.k8s.io";

    // Upstream's metricServerDefaultMetricWindow: the window of a custom metric that does not say.
    private static readonly TimeSpan DefaultMetricWindow = TimeSpan.FromMinutes(1);

    private readonly KubernetesClient _client;

    /// <summary>Creates the client over <paramref name="client"/>.</summary>
    public RestMetricsClient(KubernetesClient client)
    {
        _client = client;
    }

    /// <inheritdoc/>
    public async Task<(Dictionary<string, PodMetric> Metrics, DateTimeOffset Timestamp)> GetResourceMetricAsync(string resource, string @namespace, Selector selector, string container, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(selector);
        List<PodMetrics> items;
        try
        {
            var list = await _client.Resource<PodMetrics>(@namespace).ListAsync(new ListParams { LabelSelector = selector.ToString() }, cancellationToken);
            items = list.Items.ToList();
        }
        catch (KubeApiException e)
        {
            throw new MetricsException("unable to fetch metrics from resource metrics API: " + ErrorText(e, "pods.metrics.k8s.io"), e);
        }
        catch (HttpRequestException e)
        {
            throw new MetricsException("unable to fetch metrics from resource metrics API: " + e.Message, e);
        }
        if (items.Count == 0)
        {
            throw new MetricsException("no metrics returned from resource metrics API");
        }
        var metrics = container.Length > 0 ? ContainerMetrics(items, resource, container) : PodMetricsOf(items, resource);
        return (metrics, items[0].Timestamp.ToDateTimeOffset());
    }

    /// <summary>Upstream's getPodMetrics: a pod's containers summed; a pod with no containers or one container
    /// without the resource has no sample.</summary>
    public static Dictionary<string, PodMetric> PodMetricsOf(IReadOnlyList<PodMetrics> items, string resource)
    {
        ArgumentNullException.ThrowIfNull(items);
        var result = new Dictionary<string, PodMetric>(StringComparer.Ordinal);
        foreach (var m in items)
        {
            var sum = 0L;
            var missing = m.Containers is not { Count: > 0 };
            foreach (var c in m.Containers ?? [])
            {
                if (c.Usage is null || !c.Usage.TryGetValue(resource, out var value))
                {
                    missing = true;
                    break;
                }
                sum += value.MilliValue();
            }
            if (!missing)
            {
                result[m.Metadata.Name] = new PodMetric(sum, m.Timestamp.ToDateTimeOffset(), TimeSpan.FromTicks(m.Window.Nanoseconds / 100));
            }
        }
        return result;
    }

    /// <summary>Upstream's getContainerMetrics: one container's usage per pod; a pod without the container fails the call.</summary>
    public static Dictionary<string, PodMetric> ContainerMetrics(IReadOnlyList<PodMetrics> items, string resource, string container)
    {
        ArgumentNullException.ThrowIfNull(items);
        var result = new Dictionary<string, PodMetric>(StringComparer.Ordinal);
        foreach (var m in items)
        {
            var c = m.Containers?.FirstOrDefault(c => c.Name == container)
                ?? throw new MetricsException($"failed to get container metrics: container {container} not present in metrics for pod {m.Metadata.Namespace}/{m.Metadata.Name}");
            if (c.Usage is not null && c.Usage.TryGetValue(resource, out var value))
            {
                result[m.Metadata.Name] = new PodMetric(value.MilliValue(), m.Timestamp.ToDateTimeOffset(), TimeSpan.FromTicks(m.Window.Nanoseconds / 100));
            }
        }
        return result;
    }

    /// <inheritdoc/>
    public async Task<(Dictionary<string, PodMetric> Metrics, DateTimeOffset Timestamp)> GetRawMetricAsync(string metricName, string @namespace, Selector selector, Selector metricSelector, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(selector);
        var items = await CustomMetricsAsync(@namespace, "pods", "*", metricName, selector, metricSelector, cancellationToken);
        if (items.Count == 0)
        {
            throw new MetricsException("no metrics returned from custom metrics API");
        }
        var result = new Dictionary<string, PodMetric>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var window = item["windowSeconds"] is JsonValue w && w.TryGetValue(out long seconds) ? TimeSpan.FromSeconds(seconds) : DefaultMetricWindow;
            var name = item["describedObject"]?["name"]?.GetValue<string>() ?? "";
            result[name] = new PodMetric(QuantityOf(item).MilliValue(), TimestampOf(item), window);
        }
        return (result, TimestampOf(items[0]));
    }

    /// <inheritdoc/>
    public async Task<(long Value, DateTimeOffset Timestamp)> GetObjectMetricAsync(string metricName, string @namespace, CrossVersionObjectReference objectReference, Selector metricSelector, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(objectReference);
        var group = objectReference.ApiVersion.Contains('/', StringComparison.Ordinal) ? objectReference.ApiVersion[..objectReference.ApiVersion.IndexOf('/', StringComparison.Ordinal)] : "";
        List<JsonNode> items;
        if (objectReference.Kind == "Namespace" && group.Length == 0)
        {
            // Upstream ignores the reference's name: a reference cannot leave the HPA's namespace.
            items = await CustomMetricsAsync(null, "namespaces", @namespace, metricName, null, metricSelector, cancellationToken);
        }
        else
        {
            if (!_client.Registry.TryGetPreferredByKind(group, objectReference.Kind, out var resource))
            {
                throw new MetricsException($"unable to fetch metrics from custom metrics API: no matches for kind \"{objectReference.Kind}\" in group \"{group}\"");
            }
            var plural = resource.Group.Length == 0 ? resource.Resource : resource.Resource + "." + resource.Group;
            items = await CustomMetricsAsync(@namespace, plural, objectReference.Name, metricName, null, metricSelector, cancellationToken);
        }
        if (items.Count != 1)
        {
            throw new MetricsException($"unable to fetch metrics from custom metrics API: the custom metrics API server returned {items.Count} results when we asked for exactly one");
        }
        return (QuantityOf(items[0]).MilliValue(), TimestampOf(items[0]));
    }

    /// <inheritdoc/>
    public async Task<(IReadOnlyList<long> Values, DateTimeOffset Timestamp)> GetExternalMetricAsync(string metricName, string @namespace, Selector selector, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(selector);
        var request = new RestRequest(HttpMethod.Get, $"/apis/{ExternalMetricsGroup}/v1beta1/namespaces/{Uri.EscapeDataString(@namespace)}/{Uri.EscapeDataString(metricName)}");
        if (!selector.IsEmpty)
        {
            request.Query.Add(new("labelSelector", selector.ToString()));
        }
        List<JsonNode> items;
        try
        {
            items = ItemsOf(await _client.Rest.SendAsync(request, cancellationToken));
        }
        catch (KubeApiException e)
        {
            throw new MetricsException("unable to fetch metrics from external metrics API: " + ErrorText(e, metricName + "." + ExternalMetricsGroup), e);
        }
        catch (HttpRequestException e)
        {
            throw new MetricsException("unable to fetch metrics from external metrics API: " + e.Message, e);
        }
        if (items.Count == 0)
        {
            throw new MetricsException("no metrics returned from external metrics API");
        }
        return (items.Select(i => QuantityOf(i).MilliValue()).ToList(), TimestampOf(items[0]));
    }

    // GET /apis/custom.metrics.k8s.io/<version>/namespaces/<ns>/<resource>/<name>/<metric> (or without the
    // namespace for root-scoped objects: namespaces/<name>/metrics/<metric>).
    private async Task<List<JsonNode>> CustomMetricsAsync(string? @namespace, string resource, string name, string metricName, Selector? selector, Selector metricSelector, CancellationToken cancellationToken)
    {
        try
        {
            var version = await CustomMetricsVersionAsync(cancellationToken);
            var path = @namespace is null
                ? $"/apis/{CustomMetricsGroup}/{version}/namespaces/{Uri.EscapeDataString(name)}/metrics/{Uri.EscapeDataString(metricName)}"
                : $"/apis/{CustomMetricsGroup}/{version}/namespaces/{Uri.EscapeDataString(@namespace)}/{resource}/{(name == "*" ? "*" : Uri.EscapeDataString(name))}/{Uri.EscapeDataString(metricName)}";
            var request = new RestRequest(HttpMethod.Get, path);
            if (selector is { IsEmpty: false })
            {
                request.Query.Add(new("labelSelector", selector.ToString()));
            }
            if (!metricSelector.IsEmpty)
            {
                request.Query.Add(new("metricLabelSelector", metricSelector.ToString()));
            }
            return ItemsOf(await _client.Rest.SendAsync(request, cancellationToken));
        }
        catch (KubeApiException e)
        {
            throw new MetricsException("unable to fetch metrics from custom metrics API: " + ErrorText(e, metricName + "." + CustomMetricsGroup), e);
        }
        catch (HttpRequestException e)
        {
            throw new MetricsException("unable to fetch metrics from custom metrics API: " + e.Message, e);
        }
    }

    // Upstream's AvailableAPIsGetter: the preferred version among those the client speaks.
    private async Task<string> CustomMetricsVersionAsync(CancellationToken cancellationToken)
    {
        APIGroup group;
        try
        {
            group = KubeJson.Deserialize<APIGroup>(await _client.Rest.SendAsync(new RestRequest(HttpMethod.Get, "/apis/" + CustomMetricsGroup), cancellationToken));
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            throw new MetricsException($"unable to fetch metrics from custom metrics API: no custom metrics API ({CustomMetricsGroup}) registered", e);
        }
        string[] known = ["v1beta2", "v1beta1"];
        if (known.Contains(group.PreferredVersion.Version))
        {
            return group.PreferredVersion.Version;
        }
        return group.Versions?.Select(v => v.Version).FirstOrDefault(known.Contains)
            ?? throw new MetricsException("unable to fetch metrics from custom metrics API: no known available metric versions found");
    }

    private static List<JsonNode> ItemsOf(byte[] body)
        => JsonNode.Parse(body)?["items"] is JsonArray array ? array.Where(i => i is not null).Select(i => i!).ToList() : [];

    private static Quantity QuantityOf(JsonNode item)
    {
        var text = item["value"] is JsonValue v && v.TryGetValue(out string? s) ? s : item["value"]?.ToJsonString() ?? "0";
        return Quantity.TryParse(text, out var q, out _) ? q : Quantity.Zero;
    }

    private static DateTimeOffset TimestampOf(JsonNode item)
        => item["timestamp"] is JsonValue v && v.TryGetValue(out string? s) && Time.TryParse(s, out var t, out _) ? t.ToDateTimeOffset() : DateTimeOffset.UnixEpoch;

    /// <summary>client-go's text for a failed request: a 404 of an API that is not served is
    /// <c>the server could not find the requested resource (get pods.metrics.k8s.io)</c>.</summary>
    public static string ErrorText(KubeApiException error, string qualifiedResource)
    {
        ArgumentNullException.ThrowIfNull(error);
        var message = error.Status.Message;
        if (error.Code == 404 && (message.Length == 0 || message.Contains("could not find the requested resource", StringComparison.Ordinal) || message.Contains("page not found", StringComparison.Ordinal)))
        {
            return "the server could not find the requested resource (get " + qualifiedResource + ")";
        }
        return message.Length > 0 ? message : error.Message;
    }
}
