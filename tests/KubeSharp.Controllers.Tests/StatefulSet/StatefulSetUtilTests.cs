using System.Text;
using KubeSharp.Api;
using KubeSharp.Api.Apps.V1;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Meta.V1;
using KubeSharp.Controllers.History;
using static KubeSharp.Controllers.StatefulSet.StatefulSetUtil;
using Sts = KubeSharp.Api.Apps.V1.StatefulSet;

namespace KubeSharp.Controllers.Tests.StatefulSet;

/// <summary>Upstream stateful_set_utils behaviour: ordinals, identities, claims, retention references, versioned pods,
/// revision data and status counting.</summary>
public class StatefulSetUtilTests
{
    private static Sts NewSet(string name = "web", int replicas = 3, string image = "nginx:1.27")
    {
        var set = new Sts
        {
            ApiVersion = "apps/v1",
            Kind = "StatefulSet",
            Metadata = new ObjectMeta { Name = name, Namespace = "ns", Uid = "set-uid", Generation = 1 },
        };
        set.Spec.Replicas = replicas;
        set.Spec.ServiceName = "svc";
        set.Spec.Selector = new LabelSelector { MatchLabels = new() { ["app"] = name } };
        set.Spec.Template.Metadata.Labels = new() { ["app"] = name };
        set.Spec.Template.Spec.Containers = [new Container { Name = "c", Image = image }];
        set.Spec.UpdateStrategy = new StatefulSetUpdateStrategy { Type = "RollingUpdate", RollingUpdate = new RollingUpdateStatefulSetStrategy { Partition = 0 } };
        return set;
    }

    private static Sts WithClaims(Sts set)
    {
        var template = new PersistentVolumeClaim { Metadata = new ObjectMeta { Name = "data", Labels = new() { ["tier"] = "db" } } };
        template.Spec.AccessModes = ["ReadWriteOnce"];
        set.Spec.VolumeClaimTemplates = [template];
        return set;
    }

    private static Pod Created(Pod pod, string uid, string phase = "Running", bool ready = true)
    {
        pod.Metadata.Uid = uid;
        pod.Status.Phase = phase;
        pod.Status.Conditions = [new PodCondition { Type = "Ready", Status = ready ? "True" : "False", LastTransitionTime = DateTimeOffset.UtcNow.AddMinutes(-5) }];
        return pod;
    }

    [Theory]
    [InlineData("web-0", "web", 0)]
    [InlineData("my-web-12", "my-web", 12)]
    [InlineData("web-007", "web", 7)]
    [InlineData("web", "", -1)]
    [InlineData("web-", "", -1)]
    [InlineData("web-x1", "", -1)]
    [InlineData("web-99999999999", "web", -1)]
    public void ParentAndOrdinal_FollowsTheNameSuffix(string name, string parent, int ordinal)
        => ParentAndOrdinal(name).ShouldBe((parent, ordinal));

    [Fact]
    public void OrdinalRange_StartsAtSpecOrdinalsStart()
    {
        var set = NewSet();
        set.Spec.Ordinals = new StatefulSetOrdinals { Start = 5 };
        (StartOrdinal(set), EndOrdinal(set)).ShouldBe((5, 7));
        bool InRange(string name) => InOrdinalRange(new Pod { Metadata = new ObjectMeta { Name = name } }, set);
        InRange("web-4").ShouldBeFalse();
        InRange("web-5").ShouldBeTrue();
        InRange("web-7").ShouldBeTrue();
        InRange("web-8").ShouldBeFalse();
        IsMemberOf(set, new Pod { Metadata = new ObjectMeta { Name = "web-9" } }).ShouldBeTrue();
        IsMemberOf(set, new Pod { Metadata = new ObjectMeta { Name = "webx-1" } }).ShouldBeFalse();
    }

    [Fact]
    public void NewPod_HasTheStableIdentityAndItsClaimsVolumes()
    {
        var set = WithClaims(NewSet());
        set.Spec.Template.Metadata.Annotations = new() { ["a"] = "b" };
        set.Spec.Template.Spec.Volumes = [new Volume { Name = "data", EmptyDir = new EmptyDirVolumeSource() }, new Volume { Name = "cfg", EmptyDir = new EmptyDirVolumeSource() }];

        var pod = NewPod(set, 2);

        pod.Metadata.Name.ShouldBe("web-2");
        pod.Metadata.GenerateName.ShouldBe("web-");
        pod.Metadata.Namespace.ShouldBe("ns");
        pod.Metadata.Labels!["app"].ShouldBe("web");
        pod.Metadata.Labels[PodNameLabel].ShouldBe("web-2");
        pod.Metadata.Labels[PodIndexLabel].ShouldBe("2");
        pod.Metadata.Annotations!["a"].ShouldBe("b");
        pod.Spec.Hostname.ShouldBe("web-2");
        pod.Spec.Subdomain.ShouldBe("svc");
        var owner = pod.Metadata.OwnerReferences!.Single();
        (owner.ApiVersion, owner.Kind, owner.Name, owner.Uid, owner.Controller).ShouldBe(("apps/v1", "StatefulSet", "web", "set-uid", (bool?)true));
        pod.Spec.Volumes!.Select(v => v.Name).ShouldBe(["data", "cfg"]);
        pod.Spec.Volumes![0].PersistentVolumeClaim!.ClaimName.ShouldBe("data-web-2");
        pod.Spec.Volumes[0].EmptyDir.ShouldBeNull();
        IdentityMatches(set, pod).ShouldBeTrue();
        StorageMatches(set, pod).ShouldBeTrue();
        // The template is not touched.
        set.Spec.Template.Metadata.Labels!.ContainsKey(PodNameLabel).ShouldBeFalse();
    }

    [Fact]
    public void IdentityAndStorage_DetectDrift()
    {
        var set = WithClaims(NewSet());
        var pod = NewPod(set, 1);
        pod.Metadata.Labels!.Remove(PodNameLabel);
        IdentityMatches(set, pod).ShouldBeFalse();
        UpdateIdentity(set, pod);
        IdentityMatches(set, pod).ShouldBeTrue();

        pod.Spec.Volumes![0].PersistentVolumeClaim!.ClaimName = "data-web-9";
        StorageMatches(set, pod).ShouldBeFalse();
        UpdateStorage(set, pod);
        StorageMatches(set, pod).ShouldBeTrue();
    }

    [Fact]
    public void Claims_AreNamedTemplateSetOrdinal_WithTheSelectorsLabels()
    {
        var set = WithClaims(NewSet());
        var (template, claim) = Claims(set, NewPod(set, 1)).Single();
        template.ShouldBe("data");
        claim.Metadata.Name.ShouldBe("data-web-1");
        claim.Metadata.Namespace.ShouldBe("ns");
        claim.Metadata.Labels.ShouldBe(new Dictionary<string, string> { ["tier"] = "db", ["app"] = "web" }, ignoreOrder: true);
        claim.Spec.AccessModes.ShouldBe(["ReadWriteOnce"]);
        ClaimName(set, set.Spec.VolumeClaimTemplates![0], 4).ShouldBe("data-web-4");
    }

    [Theory]
    [InlineData("Retain", "Retain", false, "")]
    [InlineData("Retain", "Retain", true, "")]
    [InlineData("Delete", "Retain", false, "StatefulSet")]
    [InlineData("Delete", "Retain", true, "StatefulSet")]
    [InlineData("Retain", "Delete", false, "")]
    [InlineData("Retain", "Delete", true, "Pod")]
    [InlineData("Delete", "Delete", false, "StatefulSet")]
    [InlineData("Delete", "Delete", true, "Pod")]
    public void RetentionPolicy_DecidesTheClaimsController(string whenDeleted, string whenScaled, bool scaledDown, string expectedOwner)
    {
        var set = WithClaims(NewSet(replicas: 2));
        set.Spec.PersistentVolumeClaimRetentionPolicy = new StatefulSetPersistentVolumeClaimRetentionPolicy { WhenDeleted = whenDeleted, WhenScaled = whenScaled };
        var pod = Created(NewPod(set, scaledDown ? 3 : 1), "pod-uid");
        var claim = Claims(set, pod).Single().Claim;

        var needsChange = expectedOwner.Length > 0;
        IsClaimOwnerUpToDate(claim, set, pod).ShouldBe(!needsChange);
        UpdateClaimOwnerRefs(claim, set, pod);

        IsClaimOwnerUpToDate(claim, set, pod).ShouldBeTrue();
        if (!needsChange)
        {
            claim.Metadata.OwnerReferences.ShouldBeNull();
            return;
        }
        var owner = claim.Metadata.OwnerReferences!.Single();
        owner.Kind.ShouldBe(expectedOwner);
        owner.Uid.ShouldBe(expectedOwner == "Pod" ? "pod-uid" : "set-uid");
        owner.Controller.ShouldBe(true);
    }

    [Fact]
    public void RetentionPolicy_LeavesClaimsOfAnotherControllerOrAStaleOwnerAlone()
    {
        var set = WithClaims(NewSet());
        set.Spec.PersistentVolumeClaimRetentionPolicy = new StatefulSetPersistentVolumeClaimRetentionPolicy { WhenDeleted = "Delete", WhenScaled = "Delete" };
        var pod = Created(NewPod(set, 0), "pod-uid");
        var claim = Claims(set, pod).Single().Claim;
        claim.Metadata.OwnerReferences = [new OwnerReference { ApiVersion = "v1", Kind = "Other", Name = "x", Uid = "other", Controller = true }];
        IsClaimOwnerUpToDate(claim, set, pod).ShouldBeTrue();

        claim.Metadata.OwnerReferences = [new OwnerReference { ApiVersion = "apps/v1", Kind = "StatefulSet", Name = "web", Uid = "old-set-uid", Controller = true }];
        HasStaleOwnerRef(claim, set.Metadata, "apps/v1", "StatefulSet").ShouldBeTrue();
        IsClaimOwnerUpToDate(claim, set, pod).ShouldBeTrue();
    }

    [Fact]
    public void NewVersionedPod_TakesTheCurrentRevisionBelowThePartition()
    {
        var current = NewSet(image: "old");
        var update = NewSet(image: "new");
        current.Spec.UpdateStrategy.RollingUpdate!.Partition = 2;
        string[] Images() => [.. Enumerable.Range(0, 3).Select(i => NewVersionedPod(current, update, "rev-1", "rev-2", i)).Select(p => p.Spec.Containers![0].Image + "@" + PodRevision(p))];
        Images().ShouldBe(["old@rev-1", "old@rev-1", "new@rev-2"]);

        current.Spec.Ordinals = new StatefulSetOrdinals { Start = 3 };
        current.Spec.UpdateStrategy.RollingUpdate!.Partition = 1;
        NewVersionedPod(current, update, "rev-1", "rev-2", 3).Spec.Containers![0].Image.ShouldBe("old");
        NewVersionedPod(current, update, "rev-1", "rev-2", 4).Spec.Containers![0].Image.ShouldBe("new");

        // Without a rollingUpdate block, below start + status.currentReplicas.
        current.Spec.Ordinals = null;
        current.Spec.UpdateStrategy.RollingUpdate = null;
        current.Status.CurrentReplicas = 1;
        NewVersionedPod(current, update, "rev-1", "rev-2", 0).Spec.Containers![0].Image.ShouldBe("old");
        NewVersionedPod(current, update, "rev-1", "rev-2", 1).Spec.Containers![0].Image.ShouldBe("new");
    }

    [Fact]
    public void RevisionData_IsTheTemplateAsAReplacePatch_WithSortedKeys()
    {
        var set = NewSet();
        var json = Encoding.UTF8.GetString(RevisionData(set));
        json.ShouldStartWith("""{"spec":{"template":{"$patch":"replace","metadata":{"creationTimestamp":null,"labels":{"app":"web"}},""");
        json.ShouldContain("{\"containers\":[{\"image\":\"nginx:1.27\",\"name\":\"c\"");

        var revision = NewRevision(set, 4, null);
        revision.Revision.ShouldBe(4);
        revision.Metadata.Name.ShouldBe("web-" + revision.Metadata.Labels![ControllerHistory.HashLabel]);
        revision.Metadata.Labels["app"].ShouldBe("web");
        revision.Metadata.OwnerReferences!.Single().Kind.ShouldBe("StatefulSet");
        NewRevision(set, 5, null).Metadata.Name.ShouldBe(revision.Metadata.Name);
        NewRevision(set, 4, 1).Metadata.Name.ShouldNotBe(revision.Metadata.Name);
        NewRevision(NewSet(image: "nginx:1.28"), 4, null).Metadata.Name.ShouldNotBe(revision.Metadata.Name);
    }

    [Fact]
    public void ApplyRevision_RestoresTheTemplate()
    {
        var old = NewRevision(NewSet(image: "nginx:1.27"), 1, null);
        var set = NewSet(image: "nginx:1.28");
        set.Spec.Replicas = 7;

        var restored = ApplyRevision(set, old);

        restored.Spec.Template.Spec.Containers!.Single().Image.ShouldBe("nginx:1.27");
        restored.Spec.Replicas.ShouldBe(7);
        set.Spec.Template.Spec.Containers!.Single().Image.ShouldBe("nginx:1.28");
        ControllerHistory.EqualRevision(NewRevision(restored, 9, null), old).ShouldBeTrue();
    }

    [Fact]
    public void UpdateStatus_CountsCreatedReadyCurrentAndUpdatedPods()
    {
        var set = NewSet();
        var now = DateTimeOffset.UtcNow;
        var a = Created(NewPod(set, 0), "a");
        SetPodRevision(a, "rev-1");
        var b = Created(NewPod(set, 1), "b", ready: false);
        SetPodRevision(b, "rev-2");
        var c = Created(NewPod(set, 2), "c");
        SetPodRevision(c, "rev-2");
        c.Metadata.DeletionTimestamp = now;
        var placeholder = NewPod(set, 3);

        var status = new StatefulSetStatus();
        UpdateStatus(status, 0, "rev-1", "rev-2", now, [a, b, c, placeholder]);

        (status.Replicas, status.ReadyReplicas, status.AvailableReplicas, status.CurrentReplicas, status.UpdatedReplicas).ShouldBe((3, 2, 2, 1, 1));

        UpdateStatus(status, 600, "rev-1", "rev-2", now, [a]);
        (status.ReadyReplicas, status.AvailableReplicas).ShouldBe((1, 0));
    }

    [Fact]
    public void CompleteRollingUpdate_PromotesTheUpdateRevisionOnceAllReplicasAreUpdatedAndReady()
    {
        var set = NewSet();
        var status = new StatefulSetStatus { Replicas = 3, ReadyReplicas = 3, UpdatedReplicas = 2, CurrentReplicas = 1, CurrentRevision = "rev-1", UpdateRevision = "rev-2" };
        CompleteRollingUpdate(set, status);
        status.CurrentRevision.ShouldBe("rev-1");

        status.UpdatedReplicas = 3;
        CompleteRollingUpdate(set, status);
        (status.CurrentRevision, status.CurrentReplicas).ShouldBe(("rev-2", 3));

        var onDelete = NewSet();
        onDelete.Spec.UpdateStrategy = new StatefulSetUpdateStrategy { Type = "OnDelete" };
        var other = new StatefulSetStatus { Replicas = 3, ReadyReplicas = 3, UpdatedReplicas = 3, CurrentRevision = "rev-1", UpdateRevision = "rev-2" };
        CompleteRollingUpdate(onDelete, other);
        other.CurrentRevision.ShouldBe("rev-1");

        InconsistentStatus(set, status).ShouldBeTrue();
        set.Status = status.DeepCopy();
        InconsistentStatus(set, status).ShouldBeFalse();
    }
}
