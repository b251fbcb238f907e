using KubeSharp.Api;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Policy.V1;
using KubeSharp.Controllers.Disruption;

namespace KubeSharp.Controllers.Tests.Disruption;

/// <summary>Cases after upstream's disruption_test.go (TestNoSelector, TestIntegerMaxUnavailable, TestReplicaSet...
/// percentages, TestUpdateDisruptedPods, countHealthyPods) and pdb helpers.</summary>
public class DisruptionMathTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UnixEpoch.AddDays(100);

    private static PodDisruptionBudgetSpec Spec(IntOrString? minAvailable = null, IntOrString? maxUnavailable = null)
        => new() { MinAvailable = minAvailable, MaxUnavailable = maxUnavailable };

    private static Pod NewPod(string name, bool ready = true, bool deleting = false)
    {
        var pod = new Pod();
        pod.Metadata.Name = name;
        pod.Status.Conditions = [new PodCondition { Type = "Ready", Status = ready ? "True" : "False" }];
        if (deleting)
        {
            pod.Metadata.DeletionTimestamp = Time.FromDateTimeOffset(Now);
        }
        return pod;
    }

    [Theory]
    // Integer minAvailable: expected = matching pods, desired = minAvailable (the scale is not consulted).
    [InlineData("2", null, 3, 99, 3, 2)]
    // Percent minAvailable of the controllers' scale, rounded up.
    [InlineData("50%", null, 3, 3, 3, 2)]
    [InlineData("34%", null, 1, 3, 3, 2)]
    [InlineData("1%", null, 3, 3, 3, 1)]
    [InlineData("100%", null, 3, 5, 5, 5)]
    [InlineData("0%", null, 3, 5, 5, 0)]
    // maxUnavailable: desired = scale - maxUnavailable (percent rounded up), never negative.
    [InlineData(null, "1", 3, 3, 3, 2)]
    [InlineData(null, "50%", 3, 3, 3, 1)]
    [InlineData(null, "34%", 3, 3, 3, 1)]
    [InlineData(null, "10%", 0, 10, 10, 9)]
    [InlineData(null, "5", 3, 3, 3, 0)]
    [InlineData(null, "100%", 4, 4, 4, 0)]
    public void ExpectedAndDesired_FollowUpstreamRoundingUp(string? minAvailable, string? maxUnavailable, int pods, int scale, int expected, int desired)
    {
        var spec = Spec(minAvailable is null ? (IntOrString?)null : IntOrString.Parse(minAvailable), maxUnavailable is null ? (IntOrString?)null : IntOrString.Parse(maxUnavailable));
        DisruptionMath.NeedsScale(spec).ShouldBe(maxUnavailable is not null || minAvailable!.EndsWith('%'));
        DisruptionMath.ExpectedAndDesired(spec, pods, scale).ShouldBe((expected, desired));
    }

    [Fact]
    public void ExpectedAndDesired_InvalidPercentage_Throws()
        => Should.Throw<FormatException>(() => DisruptionMath.ExpectedAndDesired(Spec(IntOrString.FromString("half")), 1, 2));

    [Theory]
    [InlineData(3, 2, 3, 1)]
    [InlineData(2, 2, 3, 0)]
    [InlineData(1, 2, 3, 0)]
    [InlineData(3, 0, 0, 0)] // no pods expected yet: safe
    [InlineData(5, 0, 5, 5)]
    public void DisruptionsAllowed(int healthy, int desired, int expected, int allowed)
        => DisruptionMath.DisruptionsAllowed(healthy, desired, expected).ShouldBe(allowed);

    [Fact]
    public void CountHealthy_SkipsUnreadyDeletingAndRecentlyDisrupted()
    {
        var pods = new[] { NewPod("a"), NewPod("b", ready: false), NewPod("c", deleting: true), NewPod("d"), NewPod("e") };
        var disrupted = new Dictionary<string, Time>
        {
            ["d"] = Time.FromDateTimeOffset(Now.AddSeconds(-30)),
            ["e"] = Time.FromDateTimeOffset(Now.AddMinutes(-3)), // expired: counts again
        };
        DisruptionMath.CountHealthy(pods, disrupted, Now).ShouldBe(2);
    }

    [Fact]
    public void BuildDisruptedPods_DropsGoneDeletingAndExpiredEntries_RechecksAtTheEarliestExpiry()
    {
        var pods = new[] { NewPod("recent"), NewPod("older"), NewPod("expired"), NewPod("deleting", deleting: true), NewPod("unlisted") };
        var recorded = new Dictionary<string, Time>
        {
            ["recent"] = Time.FromDateTimeOffset(Now.AddSeconds(-10)),
            ["older"] = Time.FromDateTimeOffset(Now.AddSeconds(-100)),
            ["expired"] = Time.FromDateTimeOffset(Now.AddSeconds(-121)),
            ["deleting"] = Time.FromDateTimeOffset(Now.AddSeconds(-5)),
            ["gone"] = Time.FromDateTimeOffset(Now.AddSeconds(-5)),
        };
        var (disrupted, recheck, notDeleted) = DisruptionMath.BuildDisruptedPods(recorded, pods, Now);
        disrupted.Keys.Order().ShouldBe(["older", "recent"]);
        recheck.ShouldBe(Now.AddSeconds(20));
        notDeleted.Select(p => p.Metadata.Name).ShouldBe(["expired"]);
    }

    [Fact]
    public void BuildDisruptedPods_NoRecord_IsEmptyWithoutRecheck()
    {
        var (disrupted, recheck, notDeleted) = DisruptionMath.BuildDisruptedPods(null, [NewPod("a")], Now);
        disrupted.ShouldBeEmpty();
        recheck.ShouldBeNull();
        notDeleted.ShouldBeEmpty();
    }

    [Fact]
    public void DisruptionAllowedCondition_FollowsAllowed_TransitionTimeMovesOnlyOnStatusChange()
    {
        var pdb = new PodDisruptionBudget();
        pdb.Metadata.Generation = 2;
        pdb.Status.ObservedGeneration = 2;
        pdb.Status.DisruptionsAllowed = 1;
        DisruptionBudgetConditions.AreUpToDate(pdb).ShouldBeFalse();
        DisruptionBudgetConditions.Update(pdb, Now);
        var condition = pdb.Status.Conditions!.ShouldHaveSingleItem();
        (condition.Type, condition.Status, condition.Reason, condition.ObservedGeneration).ShouldBe(("DisruptionAllowed", "True", "SufficientPods", 2L));
        condition.LastTransitionTime.ShouldBe(Time.FromDateTimeOffset(Now));
        DisruptionBudgetConditions.AreUpToDate(pdb).ShouldBeTrue();

        DisruptionBudgetConditions.Update(pdb, Now.AddMinutes(1));
        pdb.Status.Conditions!.Single().LastTransitionTime.ShouldBe(Time.FromDateTimeOffset(Now));

        pdb.Status.DisruptionsAllowed = 0;
        DisruptionBudgetConditions.AreUpToDate(pdb).ShouldBeFalse();
        DisruptionBudgetConditions.Update(pdb, Now.AddMinutes(2));
        condition = pdb.Status.Conditions!.ShouldHaveSingleItem();
        (condition.Status, condition.Reason).ShouldBe(("False", "InsufficientPods"));
        condition.LastTransitionTime.ShouldBe(Time.FromDateTimeOffset(Now.AddMinutes(2)));
        DisruptionBudgetConditions.AreUpToDate(pdb).ShouldBeTrue();

        pdb.Metadata.Generation = 3;
        DisruptionBudgetConditions.AreUpToDate(pdb).ShouldBeFalse();
    }
}
