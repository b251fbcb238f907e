using KubeSharp.Api;
using KubeSharp.Api.Apps.V1;
using KubeSharp.Api.Core.V1;
using KubeSharp.Controllers.Deployment;

namespace KubeSharp.Controllers.Tests.Deployment;

/// <summary>Cases after upstream deployment_util_test.go, sync_test.go (TestScale) and rolling_test.go.</summary>
public class DeploymentUtilTests
{
    private static readonly DateTimeOffset NewTime = DateTimeOffset.UnixEpoch.AddDays(10);
    private static readonly DateTimeOffset OldTime = NewTime.AddHours(-1);
    private static readonly DateTimeOffset OlderTime = NewTime.AddHours(-2);

    private static Api.Apps.V1.Deployment NewDeployment(int replicas, IntOrString? maxSurge = null, IntOrString? maxUnavailable = null, string strategy = "RollingUpdate")
    {
        var d = new Api.Apps.V1.Deployment();
        d.Metadata.Name = "foo";
        d.Spec.Replicas = replicas;
        d.Spec.Strategy.Type = strategy;
        if (strategy == "RollingUpdate")
        {
            d.Spec.Strategy.RollingUpdate = new RollingUpdateDeployment { MaxSurge = maxSurge ?? 0, MaxUnavailable = maxUnavailable ?? 0 };
        }
        return d;
    }

    private static ReplicaSet Rs(string name, int replicas, DateTimeOffset created, int? available = null)
    {
        var rs = new ReplicaSet();
        rs.Metadata.Name = name;
        rs.Metadata.Uid = name + "-uid";
        rs.Metadata.CreationTimestamp = created;
        rs.Spec.Replicas = replicas;
        rs.Status.AvailableReplicas = available ?? replicas;
        return rs;
    }

    [Theory]
    [InlineData("0%", "0%", 0, 0, 1)]
    [InlineData("39%", "39%", 10, 4, 3)]
    [InlineData(null, "39%", 10, 0, 3)]
    [InlineData("39%", null, 10, 4, 0)]
    [InlineData(null, null, 10, 0, 1)]
    [InlineData("1%", "25%", 2, 1, 0)]
    public void ResolveFenceposts_RoundsSurgeUpAndUnavailableDown(string? surge, string? unavailable, int desired, int expectedSurge, int expectedUnavailable)
    {
        DeploymentUtil.ResolveFenceposts(surge is null ? (IntOrString?)null : IntOrString.FromString(surge), unavailable is null ? (IntOrString?)null : IntOrString.FromString(unavailable), desired)
            .ShouldBe((expectedSurge, expectedUnavailable));
    }

    [Theory]
    [InlineData("oops", "39%")]
    [InlineData("55%", "urg")]
    public void ResolveFenceposts_NotAPercentage_Throws(string surge, string unavailable)
        => Should.Throw<FormatException>(() => DeploymentUtil.ResolveFenceposts(IntOrString.FromString(surge), IntOrString.FromString(unavailable), 10));

    [Fact]
    public void MaxUnavailable_IsBoundedByReplicas_AndZeroForRecreateOrNoReplicas()
    {
        DeploymentUtil.MaxUnavailable(NewDeployment(10, 1, 5)).ShouldBe(5);
        DeploymentUtil.MaxUnavailable(NewDeployment(10, 1, 10)).ShouldBe(10);
        DeploymentUtil.MaxUnavailable(NewDeployment(5, 1, 10)).ShouldBe(5);
        DeploymentUtil.MaxUnavailable(NewDeployment(0, 1, 10)).ShouldBe(0);
        DeploymentUtil.MaxUnavailable(NewDeployment(10, strategy: "Recreate")).ShouldBe(0);
        DeploymentUtil.MaxUnavailable(NewDeployment(10, 0, 0)).ShouldBe(1);
        DeploymentUtil.MinAvailable(NewDeployment(10, 1, "25%")).ShouldBe(8);
        DeploymentUtil.MaxSurge(NewDeployment(10, "25%", 0)).ShouldBe(3);
    }

    [Theory]
    [InlineData("RollingUpdate", 1, 5, 1, 5, 5)]
    [InlineData("RollingUpdate", 6, 2, 10, 4, 6)]
    [InlineData("Recreate", 3, 1, 1, 1, 3)]
    public void NewRSNewReplicas_MatchesUpstream(string strategy, int depReplicas, int newReplicas, int maxSurge, int oldReplicas, int expected)
    {
        var d = NewDeployment(depReplicas, maxSurge, 0, strategy);
        var newRS = Rs("new", newReplicas, NewTime);
        var oldRS = Rs("old", oldReplicas, OldTime);
        DeploymentUtil.NewRSNewReplicas(d, [newRS, oldRS], newRS).ShouldBe(expected);
    }

    public static TheoryData<string, int, int, int, int, int, int[], int[], int[], string?> ScaleCases => new()
    {
        // name, depReplicas, oldDepReplicas, surge, oldSurge, newRS size (-1: none), old sizes (newest first), expected new, expected old, desired override "name=value"
        { "normal scaling event: 10 -> 12", 12, 10, 0, 0, 10, [], [12], [], null },
        { "proportional scaling: 5 -> 10", 10, 5, 0, 0, 2, [3], [4], [6], null },
        { "proportional scaling: 5 -> 3", 3, 5, 0, 0, 2, [3], [1], [2], null },
        { "proportional scaling: 9 -> 4", 4, 9, 0, 0, 8, [1], [4], [0], null },
        { "proportional scaling: 7 -> 10", 10, 7, 0, 0, 2, [3, 2], [3], [4, 3], null },
        { "proportional scaling: 13 -> 8", 8, 13, 0, 0, 2, [8, 3], [1], [5, 2], null },
        { "leftover distribution: 3 -> 4", 4, 3, 0, 0, 1, [1, 1], [2], [1, 1], null },
        { "leftover distribution: 3 -> 2", 2, 3, 0, 0, 1, [1, 1], [1], [1, 0], null },
        { "proportional scaling (no new rs): 4 -> 5", 5, 4, 0, 0, -1, [2, 2], [], [3, 2], null },
        { "proportional scaling: 6 -> 0", 0, 6, 0, 0, 3, [2, 1], [0], [0, 0], null },
        { "proportional scaling: 0 -> 6", 6, 6, 0, 0, 0, [0, 0], [6], [0, 0], null },
        { "failed rs update", 5, 5, 0, 0, 2, [1, 1], [2], [2, 1], "foo-v2=3" },
        { "deployment with surge pods", 20, 10, 2, 2, 6, [6], [11], [11], null },
        { "change both surge and size", 50, 10, 6, 3, 5, [8], [22], [34], null },
    };

    [Theory]
    [MemberData(nameof(ScaleCases))]
    public void PlanScale_MatchesUpstreamTestScale(string name, int depReplicas, int oldDepReplicas, int surge, int oldSurge, int newSize, int[] oldSizes, int[] expectedNew, int[] expectedOld, string? desiredOverride)
    {
        _ = name;
        var deployment = NewDeployment(depReplicas, surge);
        var oldDeployment = NewDeployment(oldDepReplicas, oldSurge);
        var newRS = newSize < 0 ? null : Rs($"foo-v{oldSizes.Length + 1}", newSize, NewTime);
        var times = new[] { OldTime, OlderTime };
        var oldRSs = oldSizes.Select((size, i) => Rs($"foo-v{oldSizes.Length - i}", size, times[i])).ToList();
        foreach (var rs in oldRSs.Append(newRS).OfType<ReplicaSet>())
        {
            var desired = DeploymentUtil.Replicas(oldDeployment);
            if (desiredOverride is not null && desiredOverride.Split('=')[0] == rs.Metadata.Name)
            {
                desired = int.Parse(desiredOverride.Split('=')[1], System.Globalization.CultureInfo.InvariantCulture);
            }
            DeploymentUtil.SetReplicasAnnotations(rs, desired, desired + DeploymentUtil.MaxSurge(oldDeployment));
        }

        var plan = DeploymentUtil.PlanScale(deployment, newRS, oldRSs);
        int SizeAfter(ReplicaSet rs) => plan.LastOrDefault(p => ReferenceEquals(p.ReplicaSet, rs)) is { ReplicaSet: not null } hit ? hit.Replicas : DeploymentUtil.Replicas(rs);
        if (newRS is not null)
        {
            SizeAfter(newRS).ShouldBe(expectedNew[0]);
        }
        oldRSs.Select(SizeAfter).ToArray().ShouldBe(expectedOld);
    }

    [Fact]
    public void PlanScale_SaturatedButBrokenNewReplicaSet_DoesNotTouchOldPods()
    {
        var deployment = NewDeployment(2, 1, 1);
        var newRS = Rs("foo-v2", 2, NewTime, available: 0);
        var oldRS = Rs("foo-v1", 1, OldTime);
        DeploymentUtil.SetReplicasAnnotations(newRS, 2, 3);
        DeploymentUtil.SetReplicasAnnotations(oldRS, 2, 3);
        DeploymentUtil.PlanScale(deployment, newRS, [oldRS]).ShouldAllBe(p => p.Replicas == DeploymentUtil.Replicas(p.ReplicaSet));
        // Saturated (available): old ones go to 0.
        newRS.Status.AvailableReplicas = 2;
        DeploymentUtil.PlanScale(deployment, newRS, [oldRS]).ShouldBe([(oldRS, 0)]);
    }

    [Theory]
    [InlineData(10, 0, 10, 0, 10, 0, 9)]
    [InlineData(10, 2, 10, 0, 10, 0, 8)]
    [InlineData(10, 2, 10, 0, 8, 0, 8)]
    [InlineData(10, 2, 10, 0, 9, 0, 8)]
    [InlineData(10, 2, 8, 2, 8, 0, 8)]
    public void PlanReconcileOldReplicaSets_MatchesUpstream(int depReplicas, int maxUnavailable, int oldReplicas, int newReplicas, int oldAvailable, int newAvailable, int expectedOld)
    {
        var deployment = NewDeployment(depReplicas, 0, maxUnavailable);
        var oldRS = Rs("foo-old", oldReplicas, OldTime, oldAvailable);
        var newRS = Rs("foo-new", newReplicas, NewTime, newAvailable);
        var plan = DeploymentUtil.PlanReconcileOldReplicaSets(deployment, [oldRS], newRS);
        (plan.Count == 0 ? oldReplicas : plan.Single().Replicas).ShouldBe(expectedOld);
    }

    [Fact]
    public void RollingUpdate_StepByStep_NeverGoesBelowMinAvailableOrAboveMaxSurge()
    {
        // 10 replicas, maxSurge 3, maxUnavailable 2: simulate the controller with pods becoming available at once.
        var deployment = NewDeployment(10, 3, 2);
        var oldRS = Rs("old", 10, OldTime);
        var newRS = Rs("new", 0, NewTime);
        for (var step = 0; step < 20 && (DeploymentUtil.Replicas(newRS) < 10 || DeploymentUtil.Replicas(oldRS) > 0); step++)
        {
            newRS.Spec.Replicas = DeploymentUtil.NewRSNewReplicas(deployment, [oldRS, newRS], newRS);
            (DeploymentUtil.Replicas(oldRS) + DeploymentUtil.Replicas(newRS)).ShouldBeLessThanOrEqualTo(13);
            foreach (var (rs, replicas) in DeploymentUtil.PlanReconcileOldReplicaSets(deployment, [oldRS], newRS))
            {
                rs.Spec.Replicas = replicas;
                rs.Status.AvailableReplicas = Math.Min(rs.Status.AvailableReplicas, replicas);
            }
            (oldRS.Status.AvailableReplicas + newRS.Status.AvailableReplicas).ShouldBeGreaterThanOrEqualTo(8);
            newRS.Status.AvailableReplicas = DeploymentUtil.Replicas(newRS);
        }
        DeploymentUtil.Replicas(newRS).ShouldBe(10);
        DeploymentUtil.Replicas(oldRS).ShouldBe(0);
    }

    [Fact]
    public void Revisions_MaxAndLast_AndNewReplicaSetAnnotations()
    {
        var a = Rs("a", 1, OlderTime);
        var b = Rs("b", 1, OldTime);
        var c = Rs("c", 1, NewTime);
        a.Metadata.Annotations = new() { [DeploymentUtil.RevisionAnnotation] = "1" };
        b.Metadata.Annotations = new() { [DeploymentUtil.RevisionAnnotation] = "3" };
        c.Metadata.Annotations = new() { [DeploymentUtil.RevisionAnnotation] = "bogus" };
        DeploymentUtil.MaxRevision([a, b, c]).ShouldBe(3);
        DeploymentUtil.LastRevision([a, b, c]).ShouldBe(1);

        var deployment = NewDeployment(4, 1, 0);
        deployment.Metadata.Annotations = new() { ["team"] = "x", [DeploymentUtil.RevisionAnnotation] = "9", [DeploymentUtil.LastAppliedConfigAnnotation] = "{}" };
        // A rollback to a: its old revision moves to the history.
        DeploymentUtil.SetNewReplicaSetAnnotations(deployment, a, "4", exists: true).ShouldBeTrue();
        a.Metadata.Annotations!.OrderBy(kv => kv.Key, StringComparer.Ordinal).ShouldBe(new SortedDictionary<string, string>(StringComparer.Ordinal) { [DeploymentUtil.RevisionAnnotation] = "4", [DeploymentUtil.RevisionHistoryAnnotation] = "1", ["team"] = "x" });
        DeploymentUtil.SetNewReplicaSetAnnotations(deployment, a, "6", exists: true).ShouldBeTrue();
        a.Metadata.Annotations![DeploymentUtil.RevisionHistoryAnnotation].ShouldBe("1,4");
        DeploymentUtil.SetNewReplicaSetAnnotations(deployment, a, "6", exists: true).ShouldBeFalse();

        // A new ReplicaSet gets the replica annotations.
        var fresh = Rs("fresh", 0, NewTime);
        DeploymentUtil.SetNewReplicaSetAnnotations(deployment, fresh, "7", exists: false).ShouldBeTrue();
        fresh.Metadata.Annotations![DeploymentUtil.DesiredReplicasAnnotation].ShouldBe("4");
        fresh.Metadata.Annotations[DeploymentUtil.MaxReplicasAnnotation].ShouldBe("5");
        fresh.Metadata.Annotations[DeploymentUtil.RevisionAnnotation].ShouldBe("7");
    }

    [Fact]
    public void RevisionHistory_IsBoundedInCharacters()
    {
        var rs = Rs("a", 1, OldTime);
        rs.Metadata.Annotations = new() { [DeploymentUtil.RevisionAnnotation] = "30", [DeploymentUtil.RevisionHistoryAnnotation] = "10,20" };
        DeploymentUtil.SetNewReplicaSetAnnotations(NewDeployment(1, 1), rs, "40", exists: true, revisionHistoryLimitInChars: 6).ShouldBeTrue();
        rs.Metadata.Annotations[DeploymentUtil.RevisionHistoryAnnotation].ShouldBe("20,30");
    }

    [Fact]
    public void ComputeHash_IsStable_DiffersByTemplateAndCollisionCount_AndUsesTheSafeAlphabet()
    {
        var t1 = new PodTemplateSpec();
        t1.Metadata.Labels = new() { ["app"] = "web" };
        t1.Spec.Containers = [new Container { Name = "c", Image = "nginx:1" }];
        var t2 = t1.DeepCopy();
        t2.Spec.Containers![0].Image = "nginx:2";
        var h1 = DeploymentUtil.ComputeHash(t1, null);
        h1.ShouldBe(DeploymentUtil.ComputeHash(t1.DeepCopy(), null));
        h1.ShouldNotBe(DeploymentUtil.ComputeHash(t2, null));
        h1.ShouldNotBe(DeploymentUtil.ComputeHash(t1, 1));
        h1.ShouldAllBe(c => "bcdfghjklmnpqrstvwxz2456789".Contains(c));
        h1.Length.ShouldBeInRange(1, 10);
    }

    [Fact]
    public void EqualIgnoreHash_And_FindNewReplicaSet()
    {
        var d = NewDeployment(3);
        d.Spec.Template.Metadata.Labels = new() { ["app"] = "web" };
        d.Spec.Template.Spec.Containers = [new Container { Name = "c", Image = "nginx:1" }];
        var matching = Rs("m", 3, OldTime);
        matching.Spec.Template = d.Spec.Template.DeepCopy();
        matching.Spec.Template.Metadata.Labels![DeploymentUtil.DefaultDeploymentUniqueLabelKey] = "abc";
        var other = Rs("o", 3, OlderTime);
        other.Spec.Template = d.Spec.Template.DeepCopy();
        other.Spec.Template.Spec.Containers![0].Image = "nginx:0";
        DeploymentUtil.EqualIgnoreHash(matching.Spec.Template, d.Spec.Template).ShouldBeTrue();
        DeploymentUtil.EqualIgnoreHash(other.Spec.Template, d.Spec.Template).ShouldBeFalse();
        DeploymentUtil.FindNewReplicaSet(d, [other, matching]).ShouldBeSameAs(matching);
        DeploymentUtil.FindOldReplicaSets([other, matching], matching).ShouldBe([other]);
    }
}
