using KubeSharp.Api.Autoscaling.V2;
using KubeSharp.Controllers.Autoscaling;

namespace KubeSharp.Controllers.Tests.Autoscaling;

/// <summary>Stabilization windows, scaling policies and the min/max clamp with a hand-driven clock.</summary>
public class ScaleNormalizerTests
{
    private const string Key = "test/hpa";
    private readonly ManualClock _clock = new();

    private static HorizontalPodAutoscaler Hpa(int max = 10, HorizontalPodAutoscalerBehavior? behavior = null) => new()
    {
        Metadata = new Api.Meta.V1.ObjectMeta { Name = "hpa", Namespace = "test" },
        Spec = new HorizontalPodAutoscalerSpec { MinReplicas = 1, MaxReplicas = max, Behavior = behavior },
    };

    private static HPAScalingRules Rules(string? select, int? window, params (string Type, int Value, int Period)[] policies) => new()
    {
        SelectPolicy = select,
        StabilizationWindowSeconds = window,
        Policies = [.. policies.Select(p => new HPAScalingPolicy { Type = p.Type, Value = p.Value, PeriodSeconds = p.Period })],
    };

    [Theory]
    // current, desired, min, max -> replicas, reason
    [InlineData(1, 10, 1, 20, 4, "ScaleUpLimit")]
    [InlineData(3, 10, 1, 20, 6, "ScaleUpLimit")]
    [InlineData(3, 10, 1, 5, 5, "TooManyReplicas")]
    [InlineData(3, 0, 1, 5, 1, "TooFewReplicas")]
    [InlineData(3, 4, 1, 5, 4, "DesiredWithinRange")]
    [InlineData(2, 4, 2, 4, 4, "DesiredWithinRange")]
    public void ConvertDesiredReplicasWithRules(int current, int desired, int min, int max, int expected, string reason)
    {
        var (replicas, r, _) = ScaleNormalizer.ConvertDesiredReplicasWithRules(current, desired, min, max);
        replicas.ShouldBe(expected);
        r.ShouldBe(reason);
    }

    [Fact]
    public void WithoutBehavior_ScaleDownWaitsForTheStabilizationWindow()
    {
        var normalizer = new ScaleNormalizer(_clock, TimeSpan.FromMinutes(5));
        var hpa = Hpa();
        normalizer.RecordInitialRecommendation(Key, 5);
        normalizer.NormalizeDesiredReplicas(hpa, Key, 5, 2, 1).ShouldBe(5);
        var able = HpaConditions.Get(hpa, "AbleToScale")!;
        able.Reason.ShouldBe("ScaleDownStabilized");
        able.Message.ShouldBe("recent recommendations were higher than current one, applying the highest recent recommendation");
        HpaConditions.Get(hpa, "ScalingLimited")!.Status.ShouldBe("False");

        _clock.Advance(TimeSpan.FromMinutes(2));
        normalizer.NormalizeDesiredReplicas(hpa, Key, 5, 3, 1).ShouldBe(5);
        // The initial 5 leaves the window; the 3 recorded two minutes ago is still in it.
        _clock.Advance(TimeSpan.FromMinutes(3) + TimeSpan.FromSeconds(1));
        normalizer.NormalizeDesiredReplicas(hpa, Key, 5, 2, 1).ShouldBe(3);
        _clock.Advance(TimeSpan.FromMinutes(5));
        normalizer.NormalizeDesiredReplicas(hpa, Key, 3, 2, 1).ShouldBe(2);
        HpaConditions.Get(hpa, "AbleToScale")!.Reason.ShouldBe("ReadyForNewScale");
    }

    [Fact]
    public void WithoutBehavior_ScaleUpIsImmediate_AndClamped()
    {
        var normalizer = new ScaleNormalizer(_clock);
        var hpa = Hpa(max: 4);
        normalizer.RecordInitialRecommendation(Key, 2);
        normalizer.NormalizeDesiredReplicas(hpa, Key, 2, 8, 1).ShouldBe(4);
        var limited = HpaConditions.Get(hpa, "ScalingLimited")!;
        limited.Status.ShouldBe("True");
        limited.Reason.ShouldBe("TooManyReplicas");
        limited.Message.ShouldBe("the desired replica count is more than the maximum replica count");
    }

    [Fact]
    public void Conditions_KeepTheirTransitionTimeWhileTheStatusStays()
    {
        var normalizer = new ScaleNormalizer(_clock);
        var hpa = Hpa(max: 4);
        normalizer.NormalizeDesiredReplicas(hpa, Key, 2, 8, 1);
        var first = HpaConditions.Get(hpa, "ScalingLimited")!.LastTransitionTime;
        _clock.Advance(TimeSpan.FromMinutes(1));
        normalizer.NormalizeDesiredReplicas(hpa, Key, 2, 9, 1);
        HpaConditions.Get(hpa, "ScalingLimited")!.LastTransitionTime.ShouldBe(first);
        // Once the high recommendations leave the window, 3 is within range: the status flips.
        _clock.Advance(TimeSpan.FromMinutes(6));
        normalizer.NormalizeDesiredReplicas(hpa, Key, 2, 3, 1).ShouldBe(3);
        HpaConditions.Get(hpa, "ScalingLimited")!.Status.ShouldBe("False");
        HpaConditions.Get(hpa, "ScalingLimited")!.LastTransitionTime.ShouldNotBe(first);
    }

    [Fact]
    public void Behavior_PodsPolicy_LimitsTheRatePerPeriod()
    {
        var normalizer = new ScaleNormalizer(_clock);
        var behavior = new HorizontalPodAutoscalerBehavior { ScaleUp = Rules("Max", 0, ("Pods", 1, 60)) };
        var hpa = Hpa(max: 10, behavior);
        normalizer.RecordInitialRecommendation(Key, 2);
        normalizer.NormalizeDesiredReplicasWithBehaviors(hpa, Key, 2, 6, 1).ShouldBe(3);
        var limited = HpaConditions.Get(hpa, "ScalingLimited")!;
        limited.Reason.ShouldBe("ScaleUpLimit");
        limited.Message.ShouldBe("the desired replica count is increasing faster than the maximum scale rate");
        normalizer.StoreScaleEvent(behavior, Key, 2, 3);

        _clock.Advance(TimeSpan.FromSeconds(30));
        normalizer.NormalizeDesiredReplicasWithBehaviors(hpa, Key, 3, 6, 1).ShouldBe(3);
        _clock.Advance(TimeSpan.FromSeconds(31));
        normalizer.NormalizeDesiredReplicasWithBehaviors(hpa, Key, 3, 6, 1).ShouldBe(4);
    }

    [Theory]
    [InlineData("Max", 20)]
    [InlineData("Min", 14)]
    [InlineData("Disabled", 10)]
    public void Behavior_SelectPolicy(string select, int expected)
    {
        var normalizer = new ScaleNormalizer(_clock);
        var hpa = Hpa(max: 100, new HorizontalPodAutoscalerBehavior { ScaleUp = Rules(select, 0, ("Pods", 4, 15), ("Percent", 100, 15)) });
        normalizer.NormalizeDesiredReplicasWithBehaviors(hpa, Key, 10, 30, 1).ShouldBe(expected);
    }

    [Fact]
    public void Behavior_ScaleDownPercentPolicy_AndDefaultWindowFromTheFlag()
    {
        var normalizer = new ScaleNormalizer(_clock, TimeSpan.FromSeconds(60));
        // No window in scaleDown: the controller's downscale stabilization (60 s here) applies.
        var behavior = new HorizontalPodAutoscalerBehavior { ScaleDown = Rules("Max", null, ("Percent", 50, 60)) };
        var hpa = Hpa(max: 20, behavior);
        normalizer.RecordInitialRecommendation(Key, 10);
        normalizer.NormalizeDesiredReplicasWithBehaviors(hpa, Key, 10, 1, 1).ShouldBe(10);
        HpaConditions.Get(hpa, "AbleToScale")!.Reason.ShouldBe("ScaleDownStabilized");

        _clock.Advance(TimeSpan.FromSeconds(61));
        normalizer.NormalizeDesiredReplicasWithBehaviors(hpa, Key, 10, 1, 1).ShouldBe(5);
        var limited = HpaConditions.Get(hpa, "ScalingLimited")!;
        limited.Reason.ShouldBe("ScaleDownLimit");
        limited.Message.ShouldBe("the desired replica count is decreasing faster than the maximum scale rate");
        normalizer.StoreScaleEvent(behavior, Key, 10, 5);

        // Within the policy's period the 5 removed pods use up the 50 % of the 10 the period started with.
        _clock.Advance(TimeSpan.FromSeconds(10));
        normalizer.NormalizeDesiredReplicasWithBehaviors(hpa, Key, 5, 1, 1).ShouldBe(5);
        _clock.Advance(TimeSpan.FromSeconds(60));
        normalizer.NormalizeDesiredReplicasWithBehaviors(hpa, Key, 5, 1, 1).ShouldBe(2);
    }

    [Fact]
    public void Behavior_ScaleUpStabilizationWindow_TakesTheLowestRecentRecommendation()
    {
        var normalizer = new ScaleNormalizer(_clock);
        var hpa = Hpa(max: 20, new HorizontalPodAutoscalerBehavior { ScaleUp = Rules("Max", 120, ("Pods", 100, 15)) });
        normalizer.RecordInitialRecommendation(Key, 3);
        normalizer.NormalizeDesiredReplicasWithBehaviors(hpa, Key, 3, 8, 1).ShouldBe(3);
        var able = HpaConditions.Get(hpa, "AbleToScale")!;
        able.Reason.ShouldBe("ScaleUpStabilized");
        able.Message.ShouldBe("recent recommendations were lower than current one, applying the lowest recent recommendation");
        _clock.Advance(TimeSpan.FromSeconds(121));
        normalizer.NormalizeDesiredReplicasWithBehaviors(hpa, Key, 3, 8, 1).ShouldBe(8);
    }

    [Fact]
    public void Behavior_ScaleDownBelowMin_IsTooFewReplicas()
    {
        var normalizer = new ScaleNormalizer(_clock);
        var hpa = Hpa(max: 20, new HorizontalPodAutoscalerBehavior { ScaleDown = Rules("Max", 0, ("Percent", 100, 15)) });
        hpa.Spec.MinReplicas = 2;
        normalizer.NormalizeDesiredReplicasWithBehaviors(hpa, Key, 5, 0, 2).ShouldBe(2);
        HpaConditions.Get(hpa, "ScalingLimited")!.Reason.ShouldBe("TooFewReplicas");
    }
}
