using KubeSharp.Controllers.Autoscaling.Metrics;

namespace KubeSharp.Controllers.Autoscaling;

/// <summary>The horizontal pod autoscaler's settings (kube-controller-manager's <c>--horizontal-pod-autoscaler-*</c> flags).</summary>
public sealed record HorizontalPodAutoscalerOptions
{
    /// <summary><c>--horizontal-pod-autoscaler-sync-period</c>: how often each HPA is looked at (15 s).</summary>
    public TimeSpan SyncPeriod { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary><c>--horizontal-pod-autoscaler-downscale-stabilization</c> (5 min).</summary>
    public TimeSpan DownscaleStabilizationWindow { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary><c>--horizontal-pod-autoscaler-tolerance</c> (0.1).</summary>
    public double Tolerance { get; init; } = 0.1;

    /// <summary><c>--horizontal-pod-autoscaler-cpu-initialization-period</c> (5 min).</summary>
    public TimeSpan CpuInitializationPeriod { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary><c>--horizontal-pod-autoscaler-initial-readiness-delay</c> (30 s).</summary>
    public TimeSpan InitialReadinessDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary><c>--concurrent-horizontal-pod-autoscaler-syncs</c> (5).</summary>
    public int Workers { get; init; } = 5;

    /// <summary>Where metrics come from; null: the metrics APIs through the API server (<see cref="RestMetricsClient"/>).</summary>
    public IMetricsClient? MetricsClient { get; init; }
}
