using KubeSharp.Api;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Policy.V1;
using KubeSharp.Controllers.Replication;

namespace KubeSharp.Controllers.Disruption;

/// <summary>
/// The pure part of upstream's disruption controller (pkg/controller/disruption and pkg/apis/policy's pdb helpers):
/// expected and desired healthy counts, the disruptedPods bookkeeping, healthy counting and the DisruptionAllowed
/// condition.
/// </summary>
public static class DisruptionMath
{
    /// <summary>How long an eviction recorded in status.disruptedPods waits for the pod's deletion (upstream's DeletionTimeout).</summary>
    public static readonly TimeSpan DeletionTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Whether the budget's numbers depend on its pods' controllers' scale (a percentage or maxUnavailable).</summary>
    public static bool NeedsScale(PodDisruptionBudgetSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.MaxUnavailable is not null || spec.MinAvailable is { IsInt: false };
    }

    /// <summary>
    /// upstream's getExpectedPodCount once the scale is known: maxUnavailable -> expected = the controllers' scale,
    /// desired = expected - maxUnavailable (percentages rounded up, floored at 0); integer minAvailable -> expected =
    /// the matching pods, desired = minAvailable; percentage minAvailable -> expected = scale, desired = the
    /// percentage of it rounded up. Throws <see cref="FormatException"/> for an invalid percentage.
    /// </summary>
    public static (int ExpectedCount, int DesiredHealthy) ExpectedAndDesired(PodDisruptionBudgetSpec spec, int podCount, int scale)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.MaxUnavailable is { } maxUnavailable)
        {
            var unavailable = Scaled(maxUnavailable, scale);
            return (scale, Math.Max(0, scale - unavailable));
        }
        if (spec.MinAvailable is { } minAvailable)
        {
            return minAvailable.IsInt ? (podCount, minAvailable.IntValue) : (scale, Scaled(minAvailable, scale));
        }
        return (0, 0);
    }

    private static int Scaled(IntOrString value, int total)
        => IntOrString.TryGetScaledValueFromIntOrPercent(value, total, roundUp: true, out var scaled, out var error)
            ? (int)scaled
            : throw new FormatException(error);

    /// <summary>
    /// upstream's buildDisruptedPodMap: the entries of status.disruptedPods for pods that still exist, are not being
    /// deleted, and whose eviction is younger than <see cref="DeletionTimeout"/>; the earliest time one of them
    /// expires (to look again then); and the pods that outlived their entry (upstream records a NotDeleted event).
    /// </summary>
    public static (Dictionary<string, Time> Disrupted, DateTimeOffset? RecheckAt, List<Pod> NotDeleted) BuildDisruptedPods(
        IReadOnlyDictionary<string, Time>? recorded, IEnumerable<Pod> pods, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(pods);
        var result = new Dictionary<string, Time>(StringComparer.Ordinal);
        var notDeleted = new List<Pod>();
        DateTimeOffset? recheck = null;
        if (recorded is null)
        {
            return (result, recheck, notDeleted);
        }
        foreach (var pod in pods)
        {
            if (pod.Metadata.DeletionTimestamp is not null || !recorded.TryGetValue(pod.Metadata.Name, out var disruptedAt))
            {
                continue;
            }
            var expectedDeletion = disruptedAt.ToDateTimeOffset() + DeletionTimeout;
            if (expectedDeletion < now)
            {
                notDeleted.Add(pod);
                continue;
            }
            if (recheck is null || expectedDeletion < recheck)
            {
                recheck = expectedDeletion;
            }
            result[pod.Metadata.Name] = disruptedAt;
        }
        return (result, recheck, notDeleted);
    }

    /// <summary>upstream's countHealthyPods: ready pods that are neither being deleted nor recently evicted.</summary>
    public static int CountHealthy(IEnumerable<Pod> pods, IReadOnlyDictionary<string, Time> disrupted, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(pods);
        ArgumentNullException.ThrowIfNull(disrupted);
        var healthy = 0;
        foreach (var pod in pods)
        {
            if (pod.Metadata.DeletionTimestamp is not null)
            {
                continue;
            }
            if (disrupted.TryGetValue(pod.Metadata.Name, out var at) && at.ToDateTimeOffset() + DeletionTimeout > now)
            {
                continue;
            }
            if (PodUtil.IsReady(pod))
            {
                healthy++;
            }
        }
        return healthy;
    }

    /// <summary>upstream's updatePdbStatus rule: healthy - desired, but 0 while no pods are expected (a budget whose
    /// first pods appear before the controller saw them stays safe).</summary>
    public static int DisruptionsAllowed(int currentHealthy, int desiredHealthy, int expectedCount)
    {
        var allowed = currentHealthy - desiredHealthy;
        return expectedCount <= 0 || allowed <= 0 ? 0 : allowed;
    }
}
