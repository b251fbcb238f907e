using KubeSharp.Api.Autoscaling.V2;

namespace KubeSharp.Controllers.Autoscaling;

/// <summary>
/// The part of upstream's HorizontalController that turns a metric proposal into the replica count to set, with the
/// memory it needs per HPA key (<c>namespace/name</c>): recent recommendations (stabilization windows) and recent
/// scale events (scaling policies). Without <c>behavior</c>: the highest recommendation of the downscale
/// stabilization window, then minReplicas/maxReplicas and the scale-up limit (twice the current count, at least 4).
/// With <c>behavior</c>: the recommendation bounded by the lowest of the scale-up window and the highest of the
/// scale-down window, then the policies' rate limits (selectPolicy Max, Min or Disabled) and min/max. Sets AbleToScale
/// and ScalingLimited with upstream's reasons and messages. Time comes from the injected clock.
/// </summary>
public sealed class ScaleNormalizer
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<(int Recommendation, DateTimeOffset Time)>> _recommendations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<ScaleEvent>> _scaleUpEvents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<ScaleEvent>> _scaleDownEvents = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock;

    /// <summary>Creates a normalizer with <paramref name="downscaleStabilizationWindow"/>
    /// (<c>--horizontal-pod-autoscaler-downscale-stabilization</c>, 5 minutes).</summary>
    public ScaleNormalizer(TimeProvider? clock = null, TimeSpan? downscaleStabilizationWindow = null)
    {
        _clock = clock ?? TimeProvider.System;
        DownscaleStabilizationWindow = downscaleStabilizationWindow ?? TimeSpan.FromMinutes(5);
    }

    /// <summary>The downscale stabilization window used without behavior and when scaleDown sets none.</summary>
    public TimeSpan DownscaleStabilizationWindow { get; }

    private sealed class ScaleEvent(int change, DateTimeOffset time)
    {
        public int Change { get; set; } = change;

        public DateTimeOffset Time { get; set; } = time;

        public bool Outdated { get; set; }
    }

    /// <summary>Forgets a deleted HPA.</summary>
    public void Forget(string key)
    {
        lock (_lock)
        {
            _recommendations.Remove(key);
            _scaleUpEvents.Remove(key);
            _scaleDownEvents.Remove(key);
        }
    }

    /// <summary>Upstream recordInitialRecommendation: the first look at an HPA remembers the current count.</summary>
    public void RecordInitialRecommendation(string key, int currentReplicas)
    {
        lock (_lock)
        {
            if (!_recommendations.ContainsKey(key))
            {
                _recommendations[key] = [(currentReplicas, _clock.GetUtcNow())];
            }
        }
    }

    /// <summary>Upstream normalizeDesiredReplicas (no behavior).</summary>
    public int NormalizeDesiredReplicas(HorizontalPodAutoscaler hpa, string key, int currentReplicas, int prenormalizedDesiredReplicas, int minReplicas)
    {
        ArgumentNullException.ThrowIfNull(hpa);
        var stabilized = StabilizeRecommendation(key, prenormalizedDesiredReplicas);
        if (stabilized != prenormalizedDesiredReplicas)
        {
            HpaConditions.Set(hpa, "AbleToScale", "True", "ScaleDownStabilized", "recent recommendations were higher than current one, applying the highest recent recommendation", _clock);
        }
        else
        {
            HpaConditions.Set(hpa, "AbleToScale", "True", "ReadyForNewScale", "recommended size matches current size", _clock);
        }
        var (desired, reason, message) = ConvertDesiredReplicasWithRules(currentReplicas, stabilized, minReplicas, hpa.Spec.MaxReplicas);
        HpaConditions.Set(hpa, "ScalingLimited", desired == stabilized ? "False" : "True", reason, message, _clock);
        return desired;
    }

    private int StabilizeRecommendation(string key, int prenormalized)
    {
        var now = _clock.GetUtcNow();
        var cutoff = now - DownscaleStabilizationWindow;
        var max = prenormalized;
        lock (_lock)
        {
            var list = Recommendations(key);
            var oldIndex = -1;
            for (var i = 0; i < list.Count; i++)
            {
                if (list[i].Time < cutoff)
                {
                    oldIndex = i;
                }
                else if (list[i].Recommendation > max)
                {
                    max = list[i].Recommendation;
                }
            }
            if (oldIndex >= 0)
            {
                list[oldIndex] = (prenormalized, now);
            }
            else
            {
                list.Add((prenormalized, now));
            }
        }
        return max;
    }

    private List<(int Recommendation, DateTimeOffset Time)> Recommendations(string key)
    {
        if (!_recommendations.TryGetValue(key, out var list))
        {
            list = [];
            _recommendations[key] = list;
        }
        return list;
    }

    /// <summary>Upstream convertDesiredReplicasWithRules: min/max and the scale-up limit, with the ScalingLimited reason and message.</summary>
    public static (int Replicas, string Reason, string Message) ConvertDesiredReplicasWithRules(int currentReplicas, int desiredReplicas, int minReplicas, int maxReplicas)
    {
        int maximumAllowed;
        string reason, message;
        var scaleUpLimit = CalculateScaleUpLimit(currentReplicas);
        if (maxReplicas > scaleUpLimit)
        {
            maximumAllowed = scaleUpLimit;
            reason = "ScaleUpLimit";
            message = "the desired replica count is increasing faster than the maximum scale rate";
        }
        else
        {
            maximumAllowed = maxReplicas;
            reason = "TooManyReplicas";
            message = "the desired replica count is more than the maximum replica count";
        }
        if (desiredReplicas < minReplicas)
        {
            return (minReplicas, "TooFewReplicas", "the desired replica count is less than the minimum replica count");
        }
        if (desiredReplicas > maximumAllowed)
        {
            return (maximumAllowed, reason, message);
        }
        return (desiredReplicas, "DesiredWithinRange", "the desired count is within the acceptable range");
    }

    /// <summary>Upstream calculateScaleUpLimit: twice the current count, at least 4.</summary>
    public static int CalculateScaleUpLimit(int currentReplicas) => (int)Math.Max(2.0 * currentReplicas, 4.0);

    /// <summary>Upstream normalizeDesiredReplicasWithBehaviors.</summary>
    public int NormalizeDesiredReplicasWithBehaviors(HorizontalPodAutoscaler hpa, string key, int currentReplicas, int prenormalizedDesiredReplicas, int minReplicas)
    {
        ArgumentNullException.ThrowIfNull(hpa);
        var behavior = hpa.Spec.Behavior ?? new HorizontalPodAutoscalerBehavior();
        var scaleUp = WithDefaults(behavior.ScaleUp, up: true);
        var scaleDown = WithDefaults(behavior.ScaleDown, up: false);
        var (stabilized, reason, message) = StabilizeRecommendationWithBehaviors(key, currentReplicas, prenormalizedDesiredReplicas, scaleUp, scaleDown);
        if (stabilized != prenormalizedDesiredReplicas)
        {
            HpaConditions.Set(hpa, "AbleToScale", "True", reason, message, _clock);
        }
        else
        {
            HpaConditions.Set(hpa, "AbleToScale", "True", "ReadyForNewScale", "recommended size matches current size", _clock);
        }
        var (desired, limitReason, limitMessage) = ConvertDesiredReplicasWithBehaviorRate(key, currentReplicas, stabilized, minReplicas, hpa.Spec.MaxReplicas, scaleUp, scaleDown);
        HpaConditions.Set(hpa, "ScalingLimited", desired == stabilized ? "False" : "True", limitReason, limitMessage, _clock);
        return desired;
    }

    // The API server fills unset behavior fields (AutoscalingDefaults); a scaleDown window left unset is the
    // controller's flag (upstream maybeInitScaleDownStabilizationWindow). Rules missing altogether (objects written
    // before defaulting) get the same defaults here.
    private HPAScalingRules WithDefaults(HPAScalingRules? rules, bool up)
    {
        var result = new HPAScalingRules
        {
            StabilizationWindowSeconds = rules?.StabilizationWindowSeconds ?? (up ? 0 : (int)DownscaleStabilizationWindow.TotalSeconds),
            SelectPolicy = rules?.SelectPolicy ?? ScalingPolicySelect.MaxChangePolicySelect,
            Policies = rules?.Policies ?? (up
                ? [new HPAScalingPolicy { Type = HPAScalingPolicyType.PodsScalingPolicy, Value = 4, PeriodSeconds = 15 }, new HPAScalingPolicy { Type = HPAScalingPolicyType.PercentScalingPolicy, Value = 100, PeriodSeconds = 15 }]
                : [new HPAScalingPolicy { Type = HPAScalingPolicyType.PercentScalingPolicy, Value = 100, PeriodSeconds = 15 }]),
        };
        return result;
    }

    private (int Replicas, string Reason, string Message) StabilizeRecommendationWithBehaviors(string key, int currentReplicas, int desiredReplicas, HPAScalingRules scaleUp, HPAScalingRules scaleDown)
    {
        var now = _clock.GetUtcNow();
        var upRecommendation = desiredReplicas;
        var upCutoff = now - TimeSpan.FromSeconds(scaleUp.StabilizationWindowSeconds ?? 0);
        var downRecommendation = desiredReplicas;
        var downCutoff = now - TimeSpan.FromSeconds(scaleDown.StabilizationWindowSeconds ?? 0);
        lock (_lock)
        {
            var list = Recommendations(key);
            var oldIndex = -1;
            for (var i = 0; i < list.Count; i++)
            {
                var (recommendation, time) = list[i];
                if (time > upCutoff)
                {
                    upRecommendation = Math.Min(recommendation, upRecommendation);
                }
                if (time > downCutoff)
                {
                    downRecommendation = Math.Max(recommendation, downRecommendation);
                }
                if (time < upCutoff && time < downCutoff)
                {
                    oldIndex = i;
                }
            }
            if (oldIndex >= 0)
            {
                list[oldIndex] = (desiredReplicas, now);
            }
            else
            {
                list.Add((desiredReplicas, now));
            }
        }
        var result = currentReplicas;
        if (result < upRecommendation)
        {
            result = upRecommendation;
        }
        if (result > downRecommendation)
        {
            result = downRecommendation;
        }
        return desiredReplicas >= currentReplicas
            ? (result, "ScaleUpStabilized", "recent recommendations were lower than current one, applying the lowest recent recommendation")
            : (result, "ScaleDownStabilized", "recent recommendations were higher than current one, applying the highest recent recommendation");
    }

    private (int Replicas, string Reason, string Message) ConvertDesiredReplicasWithBehaviorRate(string key, int currentReplicas, int desiredReplicas, int minReplicas, int maxReplicas, HPAScalingRules scaleUp, HPAScalingRules scaleDown)
    {
        List<ScaleEvent> upEvents, downEvents;
        lock (_lock)
        {
            upEvents = [.. _scaleUpEvents.GetValueOrDefault(key) ?? []];
            downEvents = [.. _scaleDownEvents.GetValueOrDefault(key) ?? []];
        }
        if (desiredReplicas > currentReplicas)
        {
            var scaleUpLimit = CalculateScaleUpLimitWithScalingRules(currentReplicas, upEvents, downEvents, scaleUp);
            if (scaleUpLimit < currentReplicas)
            {
                // No further scale-up until the recent scale-ups leave their periods.
                scaleUpLimit = currentReplicas;
            }
            var maximumAllowed = maxReplicas;
            string reason, message;
            if (maximumAllowed > scaleUpLimit)
            {
                maximumAllowed = scaleUpLimit;
                reason = "ScaleUpLimit";
                message = "the desired replica count is increasing faster than the maximum scale rate";
            }
            else
            {
                reason = "TooManyReplicas";
                message = "the desired replica count is more than the maximum replica count";
            }
            if (desiredReplicas > maximumAllowed)
            {
                return (maximumAllowed, reason, message);
            }
        }
        else if (desiredReplicas < currentReplicas)
        {
            var scaleDownLimit = CalculateScaleDownLimitWithBehaviors(currentReplicas, upEvents, downEvents, scaleDown);
            if (scaleDownLimit > currentReplicas)
            {
                scaleDownLimit = currentReplicas;
            }
            var minimumAllowed = minReplicas;
            string reason, message;
            if (minimumAllowed < scaleDownLimit)
            {
                minimumAllowed = scaleDownLimit;
                reason = "ScaleDownLimit";
                message = "the desired replica count is decreasing faster than the maximum scale rate";
            }
            else
            {
                reason = "TooFewReplicas";
                message = "the desired replica count is less than the minimum replica count";
            }
            if (desiredReplicas < minimumAllowed)
            {
                return (minimumAllowed, reason, message);
            }
        }
        return (desiredReplicas, "DesiredWithinRange", "the desired count is within the acceptable range");
    }

    private int CalculateScaleUpLimitWithScalingRules(int currentReplicas, List<ScaleEvent> upEvents, List<ScaleEvent> downEvents, HPAScalingRules rules)
    {
        if (rules.SelectPolicy == ScalingPolicySelect.DisabledPolicySelect)
        {
            return currentReplicas;
        }
        var minChange = rules.SelectPolicy == ScalingPolicySelect.MinChangePolicySelect;
        var result = minChange ? int.MaxValue : int.MinValue;
        foreach (var policy in rules.Policies ?? [])
        {
            var added = ReplicasChangePerPeriod(policy.PeriodSeconds, upEvents);
            var deleted = ReplicasChangePerPeriod(policy.PeriodSeconds, downEvents);
            var periodStart = currentReplicas - added + deleted;
            var proposed = policy.Type switch
            {
                HPAScalingPolicyType.PodsScalingPolicy => periodStart + policy.Value,
                // Rounded up, so that a small percentage still adds a pod.
                HPAScalingPolicyType.PercentScalingPolicy => (int)Math.Ceiling(periodStart * (1 + policy.Value / 100.0)),
                _ => 0,
            };
            result = minChange ? Math.Min(result, proposed) : Math.Max(result, proposed);
        }
        return result;
    }

    private int CalculateScaleDownLimitWithBehaviors(int currentReplicas, List<ScaleEvent> upEvents, List<ScaleEvent> downEvents, HPAScalingRules rules)
    {
        if (rules.SelectPolicy == ScalingPolicySelect.DisabledPolicySelect)
        {
            return currentReplicas;
        }
        var minChange = rules.SelectPolicy == ScalingPolicySelect.MinChangePolicySelect;
        var result = minChange ? int.MinValue : int.MaxValue;
        foreach (var policy in rules.Policies ?? [])
        {
            var added = ReplicasChangePerPeriod(policy.PeriodSeconds, upEvents);
            var deleted = ReplicasChangePerPeriod(policy.PeriodSeconds, downEvents);
            var periodStart = currentReplicas - added + deleted;
            var proposed = policy.Type switch
            {
                HPAScalingPolicyType.PodsScalingPolicy => periodStart - policy.Value,
                HPAScalingPolicyType.PercentScalingPolicy => (int)(periodStart * (1 - policy.Value / 100.0)),
                _ => 0,
            };
            result = minChange ? Math.Max(result, proposed) : Math.Min(result, proposed);
        }
        return result;
    }

    private int ReplicasChangePerPeriod(int periodSeconds, List<ScaleEvent> events)
    {
        var cutoff = _clock.GetUtcNow() - TimeSpan.FromSeconds(periodSeconds);
        return events.Where(e => e.Time > cutoff).Sum(e => e.Change);
    }

    /// <summary>Upstream storeScaleEvent: remembers a rescale for the policies (only with behavior), reusing an entry
    /// older than the longest policy period.</summary>
    public void StoreScaleEvent(HorizontalPodAutoscalerBehavior? behavior, string key, int previousReplicas, int newReplicas)
    {
        if (behavior is null)
        {
            return;
        }
        var up = newReplicas > previousReplicas;
        var rules = WithDefaults(up ? behavior.ScaleUp : behavior.ScaleDown, up);
        var longest = (rules.Policies ?? []).Select(p => p.PeriodSeconds).DefaultIfEmpty(0).Max();
        var now = _clock.GetUtcNow();
        var cutoff = now - TimeSpan.FromSeconds(longest);
        lock (_lock)
        {
            var map = up ? _scaleUpEvents : _scaleDownEvents;
            if (!map.TryGetValue(key, out var events))
            {
                events = [];
                map[key] = events;
            }
            var oldIndex = -1;
            for (var i = 0; i < events.Count; i++)
            {
                if (events[i].Time < cutoff)
                {
                    events[i].Outdated = true;
                }
                if (events[i].Outdated)
                {
                    oldIndex = i;
                }
            }
            var change = up ? newReplicas - previousReplicas : previousReplicas - newReplicas;
            var entry = new ScaleEvent(change, now);
            if (oldIndex >= 0)
            {
                events[oldIndex] = entry;
            }
            else
            {
                events.Add(entry);
            }
        }
    }
}

/// <summary>Upstream's setCondition for HPAs: a condition's lastTransitionTime changes only when its status does.</summary>
public static class HpaConditions
{
    /// <summary>Sets (adds or updates) a condition of <paramref name="hpa"/>'s status.</summary>
    public static void Set(HorizontalPodAutoscaler hpa, string type, string status, string reason, string message, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(hpa);
        ArgumentNullException.ThrowIfNull(clock);
        var conditions = hpa.Status.Conditions ??= [];
        var existing = conditions.FirstOrDefault(c => c.Type == type);
        if (existing is null)
        {
            existing = new HorizontalPodAutoscalerCondition { Type = type };
            conditions.Add(existing);
        }
        if (existing.Status != status)
        {
            existing.LastTransitionTime = Api.Time.Now(clock).Rfc3339Copy();
        }
        existing.Status = status;
        existing.Reason = reason;
        existing.Message = message;
    }

    /// <summary>The condition of a type, or null.</summary>
    public static HorizontalPodAutoscalerCondition? Get(HorizontalPodAutoscaler hpa, string type)
        => hpa?.Status.Conditions?.FirstOrDefault(c => c.Type == type);
}
