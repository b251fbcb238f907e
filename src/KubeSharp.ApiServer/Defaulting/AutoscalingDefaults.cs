using KubeSharp.Api.Autoscaling.V2;

namespace KubeSharp.ApiServer.Defaulting;

/// <summary>
/// Defaults of HorizontalPodAutoscalers (upstream's <c>pkg/apis/autoscaling/v1</c> and <c>v2</c>). In v1 only
/// <c>minReplicas</c> is defaulted: the 80% CPU target of a v1 object without
/// <c>targetCPUUtilizationPercentage</c> is applied by conversion (it needs the annotations), not here.
/// </summary>
internal static class AutoscalingDefaults
{
    /// <summary>Upstream's <c>DefaultCPUUtilization</c>.</summary>
    public const int DefaultCpuUtilization = 80;

    /// <summary>autoscaling/v1: one minimum replica.</summary>
    public static void HorizontalPodAutoscaler(Api.Autoscaling.V1.HorizontalPodAutoscaler autoscaler) =>
        autoscaler.Spec.MinReplicas ??= 1;

    /// <summary>autoscaling/v2: one minimum replica; a CPU utilization metric of 80% when there is none;
    /// a present <c>behavior</c> gets every unset scaling rule field from upstream's defaults.</summary>
    public static void HorizontalPodAutoscaler(HorizontalPodAutoscaler autoscaler)
    {
        var spec = autoscaler.Spec;
        spec.MinReplicas ??= 1;
        if (spec.Metrics is null || spec.Metrics.Count == 0)
        {
            spec.Metrics =
            [
                new MetricSpec
                {
                    Type = MetricSourceType.ResourceMetricSourceType,
                    Resource = new ResourceMetricSource
                    {
                        Name = "cpu",
                        Target = new MetricTarget
                        {
                            Type = MetricTargetType.UtilizationMetricType,
                            AverageUtilization = DefaultCpuUtilization,
                        },
                    },
                },
            ];
        }
        if (spec.Behavior is { } behavior)
        {
            behavior.ScaleUp = Merge(behavior.ScaleUp, ScaleUpRules());
            behavior.ScaleDown = Merge(behavior.ScaleDown, ScaleDownRules());
        }
    }

    // Scale up: no stabilization, the larger of 4 pods or 100% every 15 seconds.
    private static HPAScalingRules ScaleUpRules() => new()
    {
        StabilizationWindowSeconds = 0,
        SelectPolicy = ScalingPolicySelect.MaxChangePolicySelect,
        Policies =
        [
            new HPAScalingPolicy { Type = HPAScalingPolicyType.PodsScalingPolicy, Value = 4, PeriodSeconds = 15 },
            new HPAScalingPolicy { Type = HPAScalingPolicyType.PercentScalingPolicy, Value = 100, PeriodSeconds = 15 },
        ],
    };

    // Scale down: 100% every 15 seconds; the stabilization window stays unset (the controller's
    // --horizontal-pod-autoscaler-downscale-stabilization flag applies).
    private static HPAScalingRules ScaleDownRules() => new()
    {
        SelectPolicy = ScalingPolicySelect.MaxChangePolicySelect,
        Policies =
        [
            new HPAScalingPolicy { Type = HPAScalingPolicyType.PercentScalingPolicy, Value = 100, PeriodSeconds = 15 },
        ],
    };

    // Upstream's copyHPAScalingRules: the fields the user set win over the defaults.
    private static HPAScalingRules Merge(HPAScalingRules? from, HPAScalingRules defaults)
    {
        if (from is null)
        {
            return defaults;
        }
        if (from.SelectPolicy is not null)
        {
            defaults.SelectPolicy = from.SelectPolicy;
        }
        if (from.StabilizationWindowSeconds is not null)
        {
            defaults.StabilizationWindowSeconds = from.StabilizationWindowSeconds;
        }
        if (from.Policies is not null)
        {
            defaults.Policies = from.Policies;
        }
        if (from.Tolerance is not null)
        {
            defaults.Tolerance = from.Tolerance;
        }
        return defaults;
    }
}
