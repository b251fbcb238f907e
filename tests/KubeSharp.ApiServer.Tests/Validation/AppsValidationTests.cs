using KubeSharp.Api;
using KubeSharp.Api.Apps.V1;
using KubeSharp.Api.Meta.V1;
using KubeSharp.ApiServer.Validation.Apps;

namespace KubeSharp.ApiServer.Tests.Validation;

public class AppsValidationTests
{
    private const string TemplateMismatch = "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\"}: `selector` does not match template `labels`";
    private const string EmptySelector = "v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}";

    private static T Versioned<T>(T obj) where T : IKubeMetaObject
    {
        obj.Metadata.ResourceVersion = "1";
        return obj;
    }

    public static readonly CaseTable<Deployment> DeploymentCreate = new(Fixtures.Deployment)
    {
        { "valid deployment", _ => { } },
        { "selector missing", d => d.Spec.Selector = null, "spec.selector: Required value", TemplateMismatch },
        { "selector does not match template labels", d => d.Spec.Selector = new LabelSelector { MatchLabels = new() { ["app"] = "api" } }, TemplateMismatch },
        { "empty selector", d => d.Spec.Selector = new LabelSelector(), "spec.selector: Invalid value: " + EmptySelector + ": empty selector is invalid for deployment" },
        {
            "selector operator invalid",
            d => d.Spec.Selector = new LabelSelector { MatchExpressions = [new LabelSelectorRequirement { Key = "app", Operator = "Like", Values = ["web"] }] },
            "spec.selector.matchExpressions[0].operator: Invalid value: \"Like\": not a valid selector operator",
            "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:\"app\", Operator:\"Like\", Values:[]string{\"web\"}}}}: invalid label selector"
        },
        {
            "selector In without values",
            d => d.Spec.Selector = new LabelSelector { MatchExpressions = [new LabelSelectorRequirement { Key = "app", Operator = "In" }] },
            "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
            "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:\"app\", Operator:\"In\", Values:[]string(nil)}}}: invalid label selector"
        },
        { "negative replicas", d => d.Spec.Replicas = -1, "spec.replicas: Invalid value: -1: must be greater than or equal to 0" },
        { "template restartPolicy Never", d => d.Spec.Template.Spec.RestartPolicy = "Never", "spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\"" },
        { "template container without image", d => d.Spec.Template.Spec.Containers![0].Image = "", "spec.template.spec.containers[0].image: Required value" },
        { "template activeDeadlineSeconds", d => d.Spec.Template.Spec.ActiveDeadlineSeconds = 10, "spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported" },
        { "template label value invalid", d => d.Spec.Template.Metadata.Labels!["tier"] = "-x", "spec.template.labels: Invalid value: \"-x\": " + Msg.LabelValue },
        {
            "maxSurge and maxUnavailable both 0",
            d => d.Spec.Strategy.RollingUpdate = new RollingUpdateDeployment { MaxUnavailable = IntOrString.FromInt32(0), MaxSurge = IntOrString.FromInt32(0) },
            "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}: may not be 0 when `maxSurge` is 0"
        },
        {
            "maxSurge and maxUnavailable both 0%",
            d => d.Spec.Strategy.RollingUpdate = new RollingUpdateDeployment { MaxUnavailable = IntOrString.FromString("0%"), MaxSurge = IntOrString.FromString("0%") },
            "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"0%\"}: may not be 0 when `maxSurge` is 0"
        },
        {
            "maxUnavailable above 100%",
            d => d.Spec.Strategy.RollingUpdate!.MaxUnavailable = IntOrString.FromString("150%"),
            "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"150%\"}: must not be greater than 100%"
        },
        {
            "maxSurge not a percent",
            d => d.Spec.Strategy.RollingUpdate!.MaxSurge = IntOrString.FromString("abc"),
            "spec.strategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"abc\"}: " + Msg.Percent
        },
        { "maxUnavailable negative", d => d.Spec.Strategy.RollingUpdate!.MaxUnavailable = IntOrString.FromInt32(-1), "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: -1: must be greater than or equal to 0" },
        { "Recreate with rollingUpdate", d => d.Spec.Strategy.Type = "Recreate", "spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'" },
        { "Recreate without rollingUpdate", d => d.Spec.Strategy = new DeploymentStrategy { Type = "Recreate" } },
        {
            "strategy type unsupported",
            d => d.Spec.Strategy = new DeploymentStrategy { Type = "BlueGreen" },
            "spec.strategy: Unsupported value: apps.DeploymentStrategy{Type:\"BlueGreen\", RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: supported values: \"Recreate\", \"RollingUpdate\""
        },
        { "rollingUpdate missing", d => d.Spec.Strategy.RollingUpdate = null, "spec.strategy.rollingUpdate: Required value: this should be defaulted and never be nil" },
        { "negative revisionHistoryLimit", d => d.Spec.RevisionHistoryLimit = -1, "spec.revisionHistoryLimit: Invalid value: -1: must be greater than or equal to 0" },
        {
            "progressDeadlineSeconds not above minReadySeconds",
            d => d.Spec.MinReadySeconds = 600,
            "spec.progressDeadlineSeconds: Invalid value: 600: must be greater than minReadySeconds"
        },
        { "negative minReadySeconds", d => d.Spec.MinReadySeconds = -1, "spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0" },
        { "name invalid", d => d.Metadata.Name = "Web_1", "metadata.name: Invalid value: \"Web_1\": " + Msg.Subdomain },
    };

    public static TheoryData<string> DeploymentCreateNames => DeploymentCreate.Names;

    [Theory]
    [MemberData(nameof(DeploymentCreateNames))]
    public void Deployment_ValidateCreate(string name)
    {
        var (obj, expected) = DeploymentCreate.Build(name);
        Errors.Create(obj).ShouldBe(expected);
    }

    public static readonly UpdateTable<Deployment> DeploymentUpdate = new(() => Versioned(Fixtures.Deployment()), d => d.DeepCopy(), d => d.Metadata.ResourceVersion = "2")
    {
        { "replicas and image change", d => { d.Spec.Replicas = 3; d.Spec.Template.Spec.Containers![0].Image = "nginx:1.28"; } },
        {
            "selector change",
            d =>
            {
                d.Spec.Selector = new LabelSelector { MatchLabels = new() { ["app"] = "api" } };
                d.Spec.Template.Metadata.Labels!["app"] = "api";
            },
            "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"api\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable"
        },
        { "namespace change", d => d.Metadata.Namespace = "other", "metadata.namespace: Invalid value: \"other\": field is immutable" },
        { "template labels no longer match", d => d.Spec.Template.Metadata.Labels!["app"] = "api", "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"api\"}: `selector` does not match template `labels`" },
    };

    public static TheoryData<string> DeploymentUpdateNames => DeploymentUpdate.Names;

    [Theory]
    [MemberData(nameof(DeploymentUpdateNames))]
    public void Deployment_ValidateUpdate(string name)
    {
        var (updated, old, expected) = DeploymentUpdate.Build(name);
        Errors.Update(updated, old).ShouldBe(expected);
    }

    public static readonly UpdateTable<Deployment> DeploymentStatus = new(() => Versioned(Fixtures.Deployment()), d => d.DeepCopy(), d => d.Metadata.ResourceVersion = "2")
    {
        { "counters consistent", d => { d.Status.Replicas = 2; d.Status.ReadyReplicas = 2; d.Status.AvailableReplicas = 1; } },
        { "ready above replicas", d => { d.Status.Replicas = 1; d.Status.ReadyReplicas = 2; }, "status.readyReplicas: Invalid value: 2: cannot be greater than status.replicas" },
        { "collisionCount decremented", o => o.Status.CollisionCount = 2, d => d.Status.CollisionCount = 1, "status.collisionCount: Invalid value: 1: cannot be decremented" },
        { "negative observedGeneration", d => d.Status.ObservedGeneration = -1, "status.observedGeneration: Invalid value: -1: must be greater than or equal to 0" },
    };

    public static TheoryData<string> DeploymentStatusNames => DeploymentStatus.Names;

    [Theory]
    [MemberData(nameof(DeploymentStatusNames))]
    public void Deployment_ValidateStatusUpdate(string name)
    {
        var (updated, old, expected) = DeploymentStatus.Build(name);
        Errors.StatusUpdate(updated, old).ShouldBe(expected);
    }

    public static readonly CaseTable<ReplicaSet> ReplicaSetCreate = new(Fixtures.ReplicaSet)
    {
        { "valid replicaset", _ => { } },
        { "empty selector", r => r.Spec.Selector = new LabelSelector(), "spec.selector: Invalid value: " + EmptySelector + ": empty selector is invalid for deployment" },
        { "selector mismatch", r => r.Spec.Selector = new LabelSelector { MatchLabels = new() { ["app"] = "api" } }, TemplateMismatch },
        { "negative minReadySeconds", r => r.Spec.MinReadySeconds = -1, "spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0" },
        { "template restartPolicy OnFailure", r => r.Spec.Template.Spec.RestartPolicy = "OnFailure", "spec.template.spec.restartPolicy: Unsupported value: \"OnFailure\": supported values: \"Always\"" },
    };

    public static TheoryData<string> ReplicaSetCreateNames => ReplicaSetCreate.Names;

    [Theory]
    [MemberData(nameof(ReplicaSetCreateNames))]
    public void ReplicaSet_ValidateCreate(string name)
    {
        var (obj, expected) = ReplicaSetCreate.Build(name);
        Errors.Create(obj).ShouldBe(expected);
    }

    [Fact]
    public void ReplicaSet_ValidateUpdate_SelectorIsImmutable()
    {
        var old = Versioned(Fixtures.ReplicaSet());
        var updated = old.DeepCopy();
        updated.Metadata.ResourceVersion = "2";
        updated.Spec.Selector!.MatchLabels!["tier"] = "fe";
        updated.Spec.Template.Metadata.Labels!["tier"] = "fe";
        Errors.Update(updated, old).ShouldBe(["spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"web\", \"tier\":\"fe\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable"]);
    }

    [Fact]
    public void ReplicaSet_ValidateStatusUpdate_FullyLabeledAboveReplicas()
    {
        var old = Versioned(Fixtures.ReplicaSet());
        var updated = old.DeepCopy();
        updated.Metadata.ResourceVersion = "2";
        updated.Status.Replicas = 1;
        updated.Status.FullyLabeledReplicas = 2;
        Errors.StatusUpdate(updated, old).ShouldBe(["status.fullyLabeledReplicas: Invalid value: 2: cannot be greater than status.replicas"]);
    }

    public static readonly CaseTable<DaemonSet> DaemonSetCreate = new(Fixtures.DaemonSet)
    {
        { "valid daemonset", _ => { } },
        { "selector mismatch", d => d.Spec.Selector = new LabelSelector { MatchLabels = new() { ["app"] = "api" } }, TemplateMismatch },
        { "empty selector", d => d.Spec.Selector = new LabelSelector(), "spec.selector: Invalid value: " + EmptySelector + ": empty selector is invalid for daemonset" },
        {
            "maxSurge and maxUnavailable both set",
            d => d.Spec.UpdateStrategy.RollingUpdate = new RollingUpdateDaemonSet { MaxUnavailable = IntOrString.FromInt32(1), MaxSurge = IntOrString.FromInt32(1) },
            "spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:0, IntVal:1, StrVal:\"\"}: may not be set when maxUnavailable is non-zero"
        },
        {
            "maxSurge and maxUnavailable both 0",
            d => d.Spec.UpdateStrategy.RollingUpdate = new RollingUpdateDaemonSet { MaxUnavailable = IntOrString.FromInt32(0), MaxSurge = IntOrString.FromInt32(0) },
            "spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0"
        },
        { "rollingUpdate missing", d => d.Spec.UpdateStrategy.RollingUpdate = null, "spec.updateStrategy.rollingUpdate: Required value" },
        {
            "strategy type unsupported",
            d => d.Spec.UpdateStrategy = new DaemonSetUpdateStrategy { Type = "Blue" },
            "spec.updateStrategy: Unsupported value: apps.DaemonSetUpdateStrategy{Type:\"Blue\", RollingUpdate:(*apps.RollingUpdateDaemonSet)(nil)}: supported values: \"RollingUpdate\", \"OnDelete\""
        },
        { "template restartPolicy OnFailure", d => d.Spec.Template.Spec.RestartPolicy = "OnFailure", "spec.template.spec.restartPolicy: Unsupported value: \"OnFailure\": supported values: \"Always\"" },
        { "template activeDeadlineSeconds", d => d.Spec.Template.Spec.ActiveDeadlineSeconds = 5, "spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in DaemonSet is not Supported" },
    };

    public static TheoryData<string> DaemonSetCreateNames => DaemonSetCreate.Names;

    [Theory]
    [MemberData(nameof(DaemonSetCreateNames))]
    public void DaemonSet_ValidateCreate(string name)
    {
        var (obj, expected) = DaemonSetCreate.Build(name);
        Errors.Create(obj).ShouldBe(expected);
    }

    [Fact]
    public void DaemonSet_ValidateStatusUpdate_NegativeNumberReady()
    {
        var old = Versioned(Fixtures.DaemonSet());
        var updated = old.DeepCopy();
        updated.Metadata.ResourceVersion = "2";
        updated.Status.NumberReady = -1;
        Errors.StatusUpdate(updated, old).ShouldBe(["status.numberReady: Invalid value: -1: must be greater than or equal to 0"]);
    }

    public static readonly CaseTable<StatefulSet> StatefulSetCreate = new(Fixtures.StatefulSet)
    {
        { "valid statefulset", _ => { } },
        { "template pod spec is not validated", s => s.Spec.Template.Spec.Containers![0].Image = "" },
        { "name with dots", s => s.Metadata.Name = "web.v1", "metadata.name: Invalid value: \"web.v1\": must not contain dots" },
        { "podManagementPolicy invalid", s => s.Spec.PodManagementPolicy = "Random", "spec.podManagementPolicy: Invalid value: \"Random\": must be 'OrderedReady' or 'Parallel'" },
        { "podManagementPolicy empty", s => s.Spec.PodManagementPolicy = "", "spec.podManagementPolicy: Required value" },
        { "updateStrategy empty", s => s.Spec.UpdateStrategy = new StatefulSetUpdateStrategy(), "spec.updateStrategy: Required value" },
        { "negative partition", s => s.Spec.UpdateStrategy.RollingUpdate!.Partition = -1, "spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0" },
        { "maxUnavailable 0", s => s.Spec.UpdateStrategy.RollingUpdate!.MaxUnavailable = IntOrString.FromInt32(0), "spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}: cannot be 0" },
        {
            "retention policy unsupported",
            s => s.Spec.PersistentVolumeClaimRetentionPolicy!.WhenDeleted = "Keep",
            "spec.persistentVolumeClaimRetentionPolicy.whenDeleted: Unsupported value: \"Keep\": supported values: \"Retain\", \"Delete\""
        },
        { "negative ordinals start", s => s.Spec.Ordinals = new StatefulSetOrdinals { Start = -1 }, "spec.ordinals.start: Invalid value: -1: must be greater than or equal to 0" },
        { "selector missing", s => s.Spec.Selector = null, "spec.selector: Required value", TemplateMismatch },
        { "empty selector", s => s.Spec.Selector = new LabelSelector(), "spec.selector: Invalid value: " + EmptySelector + ": empty selector is invalid for statefulset" },
        { "template restartPolicy Never", s => s.Spec.Template.Spec.RestartPolicy = "Never", "spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\"" },
        { "negative replicas", s => s.Spec.Replicas = -2, "spec.replicas: Invalid value: -2: must be greater than or equal to 0" },
    };

    public static TheoryData<string> StatefulSetCreateNames => StatefulSetCreate.Names;

    [Theory]
    [MemberData(nameof(StatefulSetCreateNames))]
    public void StatefulSet_ValidateCreate(string name)
    {
        var (obj, expected) = StatefulSetCreate.Build(name);
        Errors.Create(obj).ShouldBe(expected);
    }

    public static readonly UpdateTable<StatefulSet> StatefulSetUpdate = new(() => Versioned(Fixtures.StatefulSet()), s => s.DeepCopy(), s => s.Metadata.ResourceVersion = "2")
    {
        { "replicas, template, strategy and minReadySeconds", s => { s.Spec.Replicas = 5; s.Spec.Template.Spec.Containers![0].Image = "nginx:2"; s.Spec.UpdateStrategy = new StatefulSetUpdateStrategy { Type = "OnDelete" }; s.Spec.MinReadySeconds = 5; } },
        { "serviceName change", s => s.Spec.ServiceName = "other", "spec: Forbidden: " + StatefulSetValidation.ForbiddenUpdateMessage },
        { "podManagementPolicy change", s => s.Spec.PodManagementPolicy = "Parallel", "spec: Forbidden: " + StatefulSetValidation.ForbiddenUpdateMessage },
        {
            "selector change",
            s =>
            {
                s.Spec.Selector!.MatchLabels!["tier"] = "fe";
                s.Spec.Template.Metadata.Labels!["tier"] = "fe";
            },
            "spec: Forbidden: " + StatefulSetValidation.ForbiddenUpdateMessage
        },
    };

    public static TheoryData<string> StatefulSetUpdateNames => StatefulSetUpdate.Names;

    [Theory]
    [MemberData(nameof(StatefulSetUpdateNames))]
    public void StatefulSet_ValidateUpdate(string name)
    {
        var (updated, old, expected) = StatefulSetUpdate.Build(name);
        Errors.Update(updated, old).ShouldBe(expected);
    }
}
