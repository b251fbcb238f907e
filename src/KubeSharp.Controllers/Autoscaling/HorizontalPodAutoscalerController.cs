using System.Globalization;
using KubeSharp.Api;
using Scale = KubeSharp.Api.Autoscaling.V1.Scale;
using KubeSharp.Api.Autoscaling.V2;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Labels;
using KubeSharp.Api.Serialization;
using KubeSharp.Client;
using KubeSharp.Client.Cache;
using KubeSharp.Client.Machinery.Events;
using KubeSharp.Client.Machinery.Queues;
using KubeSharp.Controllers.Autoscaling.Metrics;
using KubeSharp.Controllers.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.Controllers.Autoscaling;

/// <summary>
/// Upstream's horizontal pod autoscaler controller (pkg/controller/podautoscaler/horizontal.go, v1.32), over
/// autoscaling/v2 HPAs (the storage version; autoscaling/v1 is the server's conversion of the same objects). Every HPA
/// is looked at once per sync period (upstream's fixed-interval queue: an added or updated HPA also waits one
/// period). A look reads the target's <c>/scale</c>, computes a proposal per metric (<see cref="ReplicaCalculator"/>,
/// the largest wins), normalizes it (<see cref="ScaleNormalizer"/>), writes the new scale with a SuccessfulRescale
/// event and writes status (currentReplicas, desiredReplicas, currentMetrics, lastScaleTime, the AbleToScale,
/// ScalingActive and ScalingLimited conditions) when it changed.
/// </summary>
public sealed partial class HorizontalPodAutoscalerController : IController, IDisposable
{
    private readonly HorizontalPodAutoscalerOptions _options;
    private readonly Lock _selectorsLock = new();
    private readonly Dictionary<string, Selector> _selectors = new(StringComparer.Ordinal);
    private ControllerContext _context = null!;
    private RateLimitingQueue<string> _queue = null!;
    private Lister<HorizontalPodAutoscaler> _hpas = null!;
    private Lister<Pod> _pods = null!;
    private IEventRecorder _recorder = null!;
    private ReplicaCalculator _calculator = null!;
    private ScaleNormalizer _normalizer = null!;
    private ScaleTargets _targets = null!;
    private ILogger _logger = NullLogger.Instance;

    /// <summary>Creates the controller.</summary>
    public HorizontalPodAutoscalerController(HorizontalPodAutoscalerOptions? options = null)
    {
        _options = options ?? new HorizontalPodAutoscalerOptions();
    }

    /// <inheritdoc/>
    public string Name => "horizontalpodautoscaling";

    /// <summary>The event source component (upstream's).</summary>
    public const string Component = "horizontal-pod-autoscaler";

    /// <inheritdoc/>
    public Task InitializeAsync(ControllerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        _logger = context.LoggerFactory.CreateLogger<HorizontalPodAutoscalerController>();
        _queue = new RateLimitingQueue<string>(new FixedIntervalRateLimiter<string>(_options.SyncPeriod), context.Clock);
        var hpas = context.Informers.Informer<HorizontalPodAutoscaler>();
        var pods = context.Informers.Informer<Pod>();
        _hpas = hpas.Lister;
        _pods = pods.Lister;
        _recorder = context.EventRecorder(Component);
        var metrics = _options.MetricsClient ?? new RestMetricsClient(context.Client);
        _calculator = new ReplicaCalculator(metrics, (ns, selector) => _pods.Namespace(ns).List(selector), context.Clock,
            _options.Tolerance, _options.CpuInitializationPeriod, _options.InitialReadinessDelay);
        _normalizer = new ScaleNormalizer(context.Clock, _options.DownscaleStabilizationWindow);
        _targets = new ScaleTargets(context.Client);
        hpas.AddEventHandler(
            onAdd: (h, _) => EnqueueHpa(h),
            onUpdate: (_, h) => EnqueueHpa(h),
            onDelete: (h, _) => DeleteHpa(h),
            resyncPeriod: _options.SyncPeriod);
        return Task.CompletedTask;
    }

    private static string Key(HorizontalPodAutoscaler hpa) => CacheKeys.Of(hpa.Metadata.Namespace, hpa.Metadata.Name);

    // Upstream enqueueHPA: always with the sync period's delay (a key already waiting keeps its earlier time).
    private void EnqueueHpa(HorizontalPodAutoscaler hpa)
    {
        var key = Key(hpa);
        _queue.AddRateLimited(key);
        lock (_selectorsLock)
        {
            _selectors.TryAdd(key, Selector.Nothing);
        }
    }

    private void DeleteHpa(HorizontalPodAutoscaler hpa)
    {
        var key = Key(hpa);
        _queue.Forget(key);
        lock (_selectorsLock)
        {
            _selectors.Remove(key);
        }
    }

    /// <inheritdoc/>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await QueueWorkers.RunAsync(_queue, Math.Max(1, _options.Workers), ReconcileKeyAsync, _logger, cancellationToken);
        }
        finally
        {
            _queue.ShutDown();
        }
    }

    /// <summary>Releases the work queue (its delay timer).</summary>
    public void Dispose() => _queue?.Dispose();

    // Upstream processNextWorkItem + reconcileKey: an HPA that still exists comes back after the sync period,
    // whether this look failed or not.
    private async Task<ReconcileResult> ReconcileKeyAsync(string key, CancellationToken cancellationToken)
    {
        var hpa = _hpas.Get(key);
        if (hpa is null)
        {
            _normalizer.Forget(key);
            return ReconcileResult.Done;
        }
        try
        {
            await ReconcileAutoscalerAsync(hpa, key, cancellationToken);
        }
        catch (HpaReconcileException e)
        {
            LogReconcileFailed(key, e.Message);
        }
        catch (KubeApiException e)
        {
            LogReconcileFailed(key, e.Message);
        }
        catch (HttpRequestException e)
        {
            LogReconcileFailed(key, e.Message);
        }
        return ReconcileResult.After(_options.SyncPeriod);
    }

    private sealed class HpaReconcileException(string message) : Exception(message);

    private void SetCondition(HorizontalPodAutoscaler hpa, string type, string status, string reason, string message)
        => HpaConditions.Set(hpa, type, status, reason, message, _context.Clock);

    /// <summary>Upstream reconcileAutoscaler.</summary>
    private async Task ReconcileAutoscalerAsync(HorizontalPodAutoscaler shared, string key, CancellationToken cancellationToken)
    {
        var hpa = shared.DeepCopy();
        var originalStatus = KubeJson.Serialize(hpa.Status);
        var target = hpa.Spec.ScaleTargetRef;
        var reference = $"{target.Kind}/{hpa.Metadata.Namespace}/{target.Name}";

        Scale scale;
        Api.Registry.ApiResource targetResource;
        try
        {
            (scale, targetResource) = await _targets.GetScaleAsync(hpa.Metadata.Namespace, target, cancellationToken);
        }
        catch (ScaleTargetException e)
        {
            _recorder.Event(hpa, EventTypes.Warning, "FailedGetScale", e.Message);
            SetCondition(hpa, "AbleToScale", "False", "FailedGetScale", "the HPA controller was unable to get the target's current scale: " + e.Message);
            await UpdateStatusIfNeededAsync(originalStatus, hpa, swallow: true, cancellationToken);
            var what = ScaleTargets.TryParseGroupVersion(target.ApiVersion, out _, out _, out _)
                ? e.InnerException is null && e.Message.StartsWith("no matches", StringComparison.Ordinal)
                    ? "unable to determine resource for scale target reference: "
                    : $"failed to query scale subresource for {reference}: "
                : "invalid API version in scale target reference: ";
            throw new HpaReconcileException(what + e.Message);
        }
        SetCondition(hpa, "AbleToScale", "True", "SucceededGetScale", "the HPA controller was able to get the target's current scale");
        var currentReplicas = scale.Spec.Replicas;
        _normalizer.RecordInitialRecommendation(key, currentReplicas);

        List<MetricStatus>? metricStatuses = null;
        var desiredReplicas = 0;
        var rescaleReason = "";
        var minReplicas = hpa.Spec.MinReplicas ?? 1;
        var rescale = true;
        string? retError = null;
        if (currentReplicas == 0 && minReplicas != 0)
        {
            // Autoscaling is disabled for this resource.
            desiredReplicas = 0;
            rescale = false;
            SetCondition(hpa, "ScalingActive", "False", "ScalingDisabled", "scaling is disabled since the replica count of the target is zero");
        }
        else if (currentReplicas > hpa.Spec.MaxReplicas)
        {
            rescaleReason = "Current number of replicas above Spec.MaxReplicas";
            desiredReplicas = hpa.Spec.MaxReplicas;
        }
        else if (currentReplicas < minReplicas)
        {
            rescaleReason = "Current number of replicas below Spec.MinReplicas";
            desiredReplicas = minReplicas;
        }
        else
        {
            var computed = await ComputeReplicasForMetricsAsync(hpa, scale, hpa.Spec.Metrics ?? [], cancellationToken);
            metricStatuses = computed.Statuses;
            if (computed.Error is not null && computed.Replicas == -1)
            {
                SetStatus(hpa, currentReplicas, hpa.Status.DesiredReplicas, metricStatuses, rescale: false);
                await UpdateStatusIfNeededAsync(originalStatus, hpa, swallow: true, cancellationToken);
                _recorder.Event(hpa, EventTypes.Warning, "FailedComputeMetricsReplicas", computed.Error);
                throw new HpaReconcileException($"failed to compute desired number of replicas based on listed metrics for {reference}: {computed.Error}");
            }
            retError = computed.Error;
            var rescaleMetric = "";
            if (computed.Replicas > desiredReplicas)
            {
                desiredReplicas = computed.Replicas;
                rescaleMetric = computed.Metric;
            }
            if (desiredReplicas > currentReplicas)
            {
                rescaleReason = rescaleMetric + " above target";
            }
            if (desiredReplicas < currentReplicas)
            {
                rescaleReason = "All metrics below target";
            }
            desiredReplicas = hpa.Spec.Behavior is null
                ? _normalizer.NormalizeDesiredReplicas(hpa, key, currentReplicas, desiredReplicas, minReplicas)
                : _normalizer.NormalizeDesiredReplicasWithBehaviors(hpa, key, currentReplicas, desiredReplicas, minReplicas);
            rescale = desiredReplicas != currentReplicas;
        }

        if (rescale)
        {
            scale.Spec.Replicas = desiredReplicas;
            try
            {
                await _targets.UpdateScaleAsync(hpa.Metadata.Namespace, targetResource, scale, cancellationToken);
            }
            catch (ScaleTargetException e)
            {
                _recorder.Eventf(hpa, EventTypes.Warning, "FailedRescale", "New size: {0}; reason: {1}; error: {2}", desiredReplicas, rescaleReason, e.Message);
                SetCondition(hpa, "AbleToScale", "False", "FailedUpdateScale", "the HPA controller was unable to update the target scale: " + e.Message);
                SetStatus(hpa, currentReplicas, hpa.Status.DesiredReplicas, metricStatuses, rescale: false);
                await UpdateStatusIfNeededAsync(originalStatus, hpa, swallow: true, cancellationToken);
                throw new HpaReconcileException($"failed to rescale {reference}: {e.Message}");
            }
            SetCondition(hpa, "AbleToScale", "True", "SucceededRescale", "the HPA controller was able to update the target scale to " + desiredReplicas.ToString(CultureInfo.InvariantCulture));
            _recorder.Eventf(hpa, EventTypes.Normal, "SuccessfulRescale", "New size: {0}; reason: {1}", desiredReplicas, rescaleReason);
            _normalizer.StoreScaleEvent(hpa.Spec.Behavior, key, currentReplicas, desiredReplicas);
            LogRescaled(key, currentReplicas, desiredReplicas, rescaleReason);
        }
        else
        {
            desiredReplicas = currentReplicas;
        }
        SetStatus(hpa, currentReplicas, desiredReplicas, metricStatuses, rescale);
        await UpdateStatusIfNeededAsync(originalStatus, hpa, swallow: false, cancellationToken);
        if (retError is not null)
        {
            throw new HpaReconcileException(retError);
        }
    }

    // Upstream setStatus: conditions and lastScaleTime carried over, lastScaleTime now on a rescale.
    private void SetStatus(HorizontalPodAutoscaler hpa, int currentReplicas, int desiredReplicas, List<MetricStatus>? metricStatuses, bool rescale)
    {
        hpa.Status = new HorizontalPodAutoscalerStatus
        {
            CurrentReplicas = currentReplicas,
            DesiredReplicas = desiredReplicas,
            LastScaleTime = rescale ? Time.Now(_context.Clock).Rfc3339Copy() : hpa.Status.LastScaleTime,
            CurrentMetrics = metricStatuses is { Count: > 0 } ? metricStatuses : null,
            Conditions = hpa.Status.Conditions,
        };
    }

    private async Task UpdateStatusIfNeededAsync(string originalStatus, HorizontalPodAutoscaler hpa, bool swallow, CancellationToken cancellationToken)
    {
        if (KubeJson.Serialize(hpa.Status) == originalStatus)
        {
            return;
        }
        try
        {
            await _context.Client.Resource<HorizontalPodAutoscaler>(hpa.Metadata.Namespace).UpdateStatusAsync(hpa, cancellationToken: cancellationToken);
        }
        catch (KubeApiException e)
        {
            _recorder.Event(hpa, EventTypes.Warning, "FailedUpdateStatus", e.Message);
            var message = $"failed to update status for {hpa.Metadata.Name}: {e.Message}";
            if (!swallow)
            {
                throw new HpaReconcileException(message);
            }
            LogReconcileFailed(Key(hpa), message);
        }
    }

    private sealed record MetricsResult(int Replicas, string Metric, List<MetricStatus> Statuses, string? Error);

    /// <summary>Upstream computeReplicasForMetrics: the largest proposal of the valid metrics; when all are invalid,
    /// or some are and the rest would scale down, the first invalid metric's condition and -1.</summary>
    private async Task<MetricsResult> ComputeReplicasForMetricsAsync(HorizontalPodAutoscaler hpa, Scale scale, List<MetricSpec> specs, CancellationToken cancellationToken)
    {
        var selector = ValidateAndParseSelector(hpa, scale.Status.Selector, out var selectorError);
        if (selector is null)
        {
            return new MetricsResult(-1, "", [], selectorError);
        }
        var specReplicas = scale.Spec.Replicas;
        var statusReplicas = scale.Status.Replicas;
        var statuses = specs.Select(_ => new MetricStatus()).ToList();
        var replicas = 0;
        var metric = "";
        var invalidCount = 0;
        string? invalidError = null;
        HorizontalPodAutoscalerCondition? invalidCondition = null;
        for (var i = 0; i < specs.Count; i++)
        {
            var outcome = await ComputeReplicasForMetricAsync(hpa, specs[i], specReplicas, statusReplicas, selector, cancellationToken);
            if (outcome.Error is not null)
            {
                if (invalidCount <= 0)
                {
                    invalidCondition = outcome.Condition;
                    invalidError = outcome.Error;
                }
                invalidCount++;
                continue;
            }
            statuses[i] = outcome.Status!;
            if (replicas == 0 || outcome.Replicas > replicas)
            {
                replicas = outcome.Replicas;
                metric = outcome.Metric;
            }
        }
        if (invalidError is not null)
        {
            invalidError = $"invalid metrics ({invalidCount} invalid out of {specs.Count}), first error is: {invalidError}";
        }
        if (invalidCount >= specs.Count || (invalidCount > 0 && replicas < specReplicas))
        {
            if (invalidCondition is not null)
            {
                SetCondition(hpa, invalidCondition.Type, invalidCondition.Status, invalidCondition.Reason, invalidCondition.Message);
            }
            return new MetricsResult(-1, "", statuses, invalidError ?? "no metrics");
        }
        SetCondition(hpa, "ScalingActive", "True", "ValidMetricFound", "the HPA was able to successfully calculate a replica count from " + metric);
        return new MetricsResult(replicas, metric, statuses, invalidError);
    }

    /// <summary>Upstream validateAndParseSelector: the scale's selector must exist, parse, and its pods must not be
    /// under another HPA.</summary>
    private Selector? ValidateAndParseSelector(HorizontalPodAutoscaler hpa, string selectorText, out string? error)
    {
        if (selectorText.Length == 0)
        {
            error = "selector is required";
            _recorder.Event(hpa, EventTypes.Warning, "SelectorRequired", error);
            SetCondition(hpa, "ScalingActive", "False", "InvalidSelector", "the HPA target's scale is missing a selector");
            return null;
        }
        if (!Selector.TryParse(selectorText, out var selector, out var parseError))
        {
            error = "couldn't convert selector into a corresponding internal selector object: " + parseError;
            _recorder.Event(hpa, EventTypes.Warning, "InvalidSelector", error);
            SetCondition(hpa, "ScalingActive", "False", "InvalidSelector", error);
            return null;
        }
        var key = Key(hpa);
        var ns = hpa.Metadata.Namespace;
        List<string> controlling;
        var pods = _pods.Namespace(ns).List(selector);
        lock (_selectorsLock)
        {
            if (_selectors.ContainsKey(key))
            {
                _selectors[key] = selector;
            }
            controlling = _selectors
                .Where(s => s.Key.StartsWith(ns + "/", StringComparison.Ordinal) && pods.Any(p => s.Value.Matches(p.Metadata.Labels)))
                .Select(s => s.Key).OrderBy(k => k, StringComparer.Ordinal).ToList();
        }
        if (controlling.Count > 1)
        {
            var names = string.Join(' ', controlling.Select(k => CacheKeys.Split(k)).Select(p => "{" + p.Name + " " + p.Namespace + "}"));
            error = $"pods by selector {selectorText} are controlled by multiple HPAs: [{names}]";
            _recorder.Event(hpa, EventTypes.Warning, "AmbiguousSelector", error);
            SetCondition(hpa, "ScalingActive", "False", "AmbiguousSelector", error);
            return null;
        }
        error = null;
        return selector;
    }

    private sealed record MetricOutcome(int Replicas, string Metric, MetricStatus? Status, HorizontalPodAutoscalerCondition? Condition, string? Error);

    private MetricOutcome Failed(HorizontalPodAutoscaler hpa, string reason, string conditionError, string error)
    {
        // Upstream getUnableComputeReplicaCountCondition: a Warning event and a ScalingActive=False condition.
        _recorder.Event(hpa, EventTypes.Warning, reason, conditionError);
        var condition = new HorizontalPodAutoscalerCondition
        {
            Type = "ScalingActive",
            Status = "False",
            Reason = reason,
            Message = "the HPA was unable to compute the replica count: " + conditionError,
        };
        return new MetricOutcome(0, "", null, condition, error);
    }

    /// <summary>Upstream computeReplicasForMetric: one metric's proposal, status and name.</summary>
    private async Task<MetricOutcome> ComputeReplicasForMetricAsync(HorizontalPodAutoscaler hpa, MetricSpec spec, int specReplicas, int statusReplicas, Selector selector, CancellationToken cancellationToken)
    {
        var ns = hpa.Metadata.Namespace;
        switch (spec.Type)
        {
            case MetricSourceType.ObjectMetricSourceType when spec.Object is { } source:
                {
                    if (!source.Metric.Selector.TryToSelector(out var metricSelector, out var selectorError))
                    {
                        return Failed(hpa, "FailedGetObjectMetric", selectorError, "failed to get object metric value: " + selectorError);
                    }
                    try
                    {
                        if (source.Target.Type == MetricTargetType.ValueMetricType && source.Target.Value is { } value)
                        {
                            var p = await _calculator.GetObjectMetricReplicasAsync(specReplicas, value.MilliValue(), source.Metric.Name, ns, source.DescribedObject, selector, metricSelector, cancellationToken);
                            return new MetricOutcome(p.Replicas, $"{source.DescribedObject.Kind} metric {source.Metric.Name}", new MetricStatus
                            {
                                Type = MetricSourceType.ObjectMetricSourceType,
                                Object = new ObjectMetricStatus
                                {
                                    DescribedObject = source.DescribedObject.DeepCopy(),
                                    Metric = new MetricIdentifier { Name = source.Metric.Name, Selector = source.Metric.Selector?.DeepCopy() },
                                    Current = new MetricValueStatus { Value = Quantity.FromMilli(p.Usage, QuantityFormat.DecimalSI) },
                                },
                            }, null, null);
                        }
                        if (source.Target.Type == MetricTargetType.AverageValueMetricType && source.Target.AverageValue is { } average)
                        {
                            ReplicaProposal p;
                            try
                            {
                                p = await _calculator.GetObjectPerPodMetricReplicasAsync(statusReplicas, average.MilliValue(), source.Metric.Name, ns, source.DescribedObject, metricSelector, cancellationToken);
                            }
                            catch (MetricsException e)
                            {
                                return Failed(hpa, "FailedGetObjectMetric", e.Message, $"failed to get object metric value: failed to get {source.Metric.Name} object metric: {e.Message}");
                            }
                            // Upstream names this proposal "external metric ...".
                            return new MetricOutcome(p.Replicas, $"external metric {source.Metric.Name}({GoFormat.LabelSelector(source.Metric.Selector)})", new MetricStatus
                            {
                                Type = MetricSourceType.ObjectMetricSourceType,
                                Object = new ObjectMetricStatus
                                {
                                    DescribedObject = source.DescribedObject.DeepCopy(),
                                    Metric = new MetricIdentifier { Name = source.Metric.Name, Selector = source.Metric.Selector?.DeepCopy() },
                                    Current = new MetricValueStatus { AverageValue = Quantity.FromMilli(p.Usage, QuantityFormat.DecimalSI) },
                                },
                            }, null, null);
                        }
                        const string invalid = "invalid object metric source: neither a value target nor an average value target was set";
                        return Failed(hpa, "FailedGetObjectMetric", invalid, "failed to get object metric value: " + invalid);
                    }
                    catch (MetricsException e)
                    {
                        return Failed(hpa, "FailedGetObjectMetric", e.Message, "failed to get object metric value: " + e.Message);
                    }
                }
            case MetricSourceType.PodsMetricSourceType when spec.Pods is { } source:
                {
                    if (!source.Metric.Selector.TryToSelector(out var metricSelector, out var selectorError))
                    {
                        return Failed(hpa, "FailedGetPodsMetric", selectorError, "failed to get pods metric value: " + selectorError);
                    }
                    try
                    {
                        var target = source.Target.AverageValue?.MilliValue() ?? 0;
                        var p = await _calculator.GetMetricReplicasAsync(specReplicas, target, source.Metric.Name, ns, selector, metricSelector, cancellationToken);
                        return new MetricOutcome(p.Replicas, "pods metric " + source.Metric.Name, new MetricStatus
                        {
                            Type = MetricSourceType.PodsMetricSourceType,
                            Pods = new PodsMetricStatus
                            {
                                Metric = new MetricIdentifier { Name = source.Metric.Name, Selector = source.Metric.Selector?.DeepCopy() },
                                Current = new MetricValueStatus { AverageValue = Quantity.FromMilli(p.Usage, QuantityFormat.DecimalSI) },
                            },
                        }, null, null);
                    }
                    catch (MetricsException e)
                    {
                        return Failed(hpa, "FailedGetPodsMetric", e.Message, "failed to get pods metric value: " + e.Message);
                    }
                }
            case MetricSourceType.ResourceMetricSourceType when spec.Resource is { } source:
                {
                    var (outcome, current) = await ResourceMetricAsync(hpa, specReplicas, source.Target, source.Name, "", selector, container: false, cancellationToken);
                    if (current is null)
                    {
                        return outcome with { Error = $"failed to get {source.Name} resource metric value: {outcome.Error}" };
                    }
                    return outcome with { Status = new MetricStatus { Type = MetricSourceType.ResourceMetricSourceType, Resource = new ResourceMetricStatus { Name = source.Name, Current = current } } };
                }
            case MetricSourceType.ContainerResourceMetricSourceType when spec.ContainerResource is { } source:
                {
                    var (outcome, current) = await ResourceMetricAsync(hpa, specReplicas, source.Target, source.Name, source.Container, selector, container: true, cancellationToken);
                    if (current is null)
                    {
                        return outcome with { Error = $"failed to get {source.Container} container metric value: {outcome.Error}" };
                    }
                    return outcome with
                    {
                        Status = new MetricStatus
                        {
                            Type = MetricSourceType.ContainerResourceMetricSourceType,
                            ContainerResource = new ContainerResourceMetricStatus { Name = source.Name, Container = source.Container, Current = current },
                        },
                    };
                }
            case MetricSourceType.ExternalMetricSourceType when spec.External is { } source:
                {
                    var name = $"external metric {source.Metric.Name}({GoFormat.LabelSelector(source.Metric.Selector)})";
                    MetricStatus Status(MetricValueStatus current) => new()
                    {
                        Type = MetricSourceType.ExternalMetricSourceType,
                        External = new ExternalMetricStatus
                        {
                            Metric = new MetricIdentifier { Name = source.Metric.Name, Selector = source.Metric.Selector?.DeepCopy() },
                            Current = current,
                        },
                    };
                    if (source.Target.AverageValue is { } average)
                    {
                        try
                        {
                            var p = await _calculator.GetExternalPerPodMetricReplicasAsync(statusReplicas, average.MilliValue(), source.Metric.Name, ns, source.Metric.Selector, cancellationToken);
                            return new MetricOutcome(p.Replicas, name, Status(new MetricValueStatus { AverageValue = Quantity.FromMilli(p.Usage, QuantityFormat.DecimalSI) }), null, null);
                        }
                        catch (MetricsException e)
                        {
                            return Failed(hpa, "FailedGetExternalMetric", e.Message, $"failed to get {source.Metric.Name} external metric value: failed to get {source.Metric.Name} external metric: {e.Message}");
                        }
                    }
                    if (source.Target.Value is { } value)
                    {
                        try
                        {
                            var p = await _calculator.GetExternalMetricReplicasAsync(specReplicas, value.MilliValue(), source.Metric.Name, ns, source.Metric.Selector, selector, cancellationToken);
                            return new MetricOutcome(p.Replicas, name, Status(new MetricValueStatus { Value = Quantity.FromMilli(p.Usage, QuantityFormat.DecimalSI) }), null, null);
                        }
                        catch (MetricsException e)
                        {
                            return Failed(hpa, "FailedGetExternalMetric", e.Message, $"failed to get {source.Metric.Name} external metric value: failed to get external metric {source.Metric.Name}: {e.Message}");
                        }
                    }
                    const string invalid = "invalid external metric source: neither a value target nor an average value target was set";
                    return Failed(hpa, "FailedGetExternalMetric", invalid, $"failed to get {source.Metric.Name} external metric value: {invalid}");
                }
            default:
                {
                    var error = $"unknown metric source type \"{spec.Type}\"";
                    return Failed(hpa, "InvalidMetricSourceType", error, error);
                }
        }
    }

    // Upstream computeStatusForResourceMetricGeneric (+ the FailedGetResourceMetric/FailedGetContainerResourceMetric condition).
    private async Task<(MetricOutcome Outcome, MetricValueStatus? Current)> ResourceMetricAsync(HorizontalPodAutoscaler hpa, int currentReplicas, MetricTarget target, string resource, string containerName, Selector selector, bool container, CancellationToken cancellationToken)
    {
        var reason = container ? "FailedGetContainerResourceMetric" : "FailedGetResourceMetric";
        var ns = hpa.Metadata.Namespace;
        if (target.AverageValue is { } average)
        {
            try
            {
                var p = await _calculator.GetRawResourceReplicasAsync(currentReplicas, average.MilliValue(), resource, ns, selector, containerName, cancellationToken);
                return (new MetricOutcome(p.Replicas, $"{resource} resource", null, null, null), new MetricValueStatus { AverageValue = Quantity.FromMilli(p.Usage, QuantityFormat.DecimalSI) });
            }
            catch (MetricsException e)
            {
                var error = $"failed to get {resource} usage: {e.Message}";
                return (Failed(hpa, reason, error, error), null);
            }
        }
        if (target.AverageUtilization is not { } utilization)
        {
            const string invalid = "invalid resource metric source: neither an average utilization target nor an average value (usage) target was set";
            return (Failed(hpa, reason, invalid, invalid), null);
        }
        try
        {
            var p = await _calculator.GetResourceReplicasAsync(currentReplicas, utilization, resource, ns, selector, containerName, cancellationToken);
            var name = container ? $"{resource} container resource utilization (percentage of request)" : $"{resource} resource utilization (percentage of request)";
            return (new MetricOutcome(p.Replicas, name, null, null, null), new MetricValueStatus
            {
                AverageUtilization = p.Utilization,
                AverageValue = Quantity.FromMilli(p.Usage, QuantityFormat.DecimalSI),
            });
        }
        catch (MetricsException e)
        {
            var error = $"failed to get {resource} utilization: {e.Message}";
            return (Failed(hpa, reason, error, error), null);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "horizontal pod autoscaler {Key}: {Message}")]
    private partial void LogReconcileFailed(string key, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "successfully rescaled {Key} from {Current} to {Desired}: {Reason}")]
    private partial void LogRescaled(string key, int current, int desired, string reason);
}

/// <summary>client-go's FixedItemIntervalRateLimiter (the HPA controller's queue): every key waits the same interval.</summary>
public sealed class FixedIntervalRateLimiter<T>(TimeSpan interval) : IRateLimiter<T>
    where T : notnull
{
    /// <inheritdoc/>
    public TimeSpan When(T item) => interval;

    /// <inheritdoc/>
    public void Forget(T item)
    {
    }

    /// <inheritdoc/>
    public int NumRequeues(T item) => 0;
}
