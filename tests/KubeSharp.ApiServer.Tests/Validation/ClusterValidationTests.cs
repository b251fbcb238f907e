using KubeSharp.Api;
using KubeSharp.Api.Coordination.V1;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Discovery.V1;
using KubeSharp.Api.Meta.V1;
using KubeSharp.Api.Policy.V1;
using KubeSharp.Api.Rbac.V1;
using KubeSharp.Api.Scheduling.V1;
using KubeSharp.ApiServer.Validation;
using KubeSharp.ApiServer.Validation.Batch;
using AutoscalingV1 = KubeSharp.Api.Autoscaling.V1;
using AutoscalingV2 = KubeSharp.Api.Autoscaling.V2;
using CoreEvent = KubeSharp.Api.Core.V1.Event;
using EventsEvent = KubeSharp.Api.Events.V1.Event;

namespace KubeSharp.ApiServer.Tests.Validation;

public class ClusterValidationTests
{
    private static readonly MicroTime Now = MicroTime.FromUnix(1_700_000_000);

    private static T Versioned<T>(T obj) where T : IKubeMetaObject
    {
        obj.Metadata.ResourceVersion = "1";
        return obj;
    }

    private static CoreEvent LegacyEvent() => new()
    {
        ApiVersion = "v1",
        Kind = "Event",
        Metadata = Fixtures.Meta("web.17a"),
        InvolvedObject = new ObjectReference { Kind = "Pod", Namespace = "default", Name = "web" },
        Reason = "Started",
        Message = "Started container app",
        Source = new EventSource { Component = "kubelet", Host = "node-1" },
        Type = "Normal",
        Count = 1,
    };

    public static readonly CaseTable<CoreEvent> CoreEventCreate = new(LegacyEvent)
    {
        { "valid legacy event", _ => { } },
        { "involvedObject namespace mismatch", e => e.InvolvedObject.Namespace = "other", "involvedObject.namespace: Invalid value: \"other\": does not match event.namespace" },
        {
            "eventTime without reportingComponent",
            e =>
            {
                e.EventTime = Now;
                e.ReportingInstance = "node-1";
                e.Action = "Start";
            },
            "reportingComponent: Required value",
            "reportingComponent: Invalid value: \"\": name part must be non-empty",
            "reportingComponent: Invalid value: \"\": " + Msg.QualifiedNamePart
        },
        {
            "eventTime without reason and action",
            e =>
            {
                e.EventTime = Now;
                e.ReportingComponent = "kubelet";
                e.ReportingInstance = "node-1";
                e.Reason = "";
            },
            "action: Required value",
            "reason: Required value"
        },
    };

    public static TheoryData<string> CoreEventCreateNames => CoreEventCreate.Names;

    [Theory]
    [MemberData(nameof(CoreEventCreateNames))]
    public void CoreEvent_ValidateCreate(string name)
    {
        var (obj, expected) = CoreEventCreate.Build(name);
        Errors.Create(obj).ShouldBe(expected);
    }

    private static EventsEvent NewEvent() => new()
    {
        ApiVersion = "events.k8s.io/v1",
        Kind = "Event",
        Metadata = Fixtures.Meta("web.17b"),
        EventTime = Now,
        ReportingController = "example.com/controller",
        ReportingInstance = "controller-1",
        Action = "Reconcile",
        Reason = "Synced",
        Regarding = new ObjectReference { Kind = "Deployment", Namespace = "default", Name = "web" },
        Note = "synced",
        Type = "Normal",
    };

    public static readonly CaseTable<EventsEvent> EventsCreate = new(NewEvent)
    {
        { "valid events.k8s.io event", _ => { } },
        { "type unsupported", e => e.Type = "Info", "type: Invalid value: \"\": has invalid value: Info" },
        { "deprecatedCount set", e => e.DeprecatedCount = 3, "count: Invalid value: \"\": needs to be unset" },
        { "deprecatedSource set", e => e.DeprecatedSource = new EventSource { Component = "kubelet" }, "source: Invalid value: \"\": needs to be unset" },
        { "note too long", e => e.Note = new string('n', 1025), "message: Invalid value: \"\": can have at most 1024 characters" },
        { "series count 1", e => e.Series = new KubeSharp.Api.Events.V1.EventSeries { Count = 1, LastObservedTime = Now }, "series.count: Invalid value: \"\": should be at least 2" },
        { "eventTime missing", e => e.EventTime = default, "eventTime: Required value" },
        { "reportingController invalid", e => e.ReportingController = "Kube Let", "reportingController: Invalid value: \"Kube Let\": " + Msg.QualifiedNamePart },
        { "reportingInstance missing", e => e.ReportingInstance = "", "reportingInstance: Required value" },
        { "name invalid", e => e.Metadata.Name = "Web", "metadata.name: Invalid value: \"Web\": " + Msg.Subdomain },
    };

    public static TheoryData<string> EventsCreateNames => EventsCreate.Names;

    [Theory]
    [MemberData(nameof(EventsCreateNames))]
    public void EventsEvent_ValidateCreate(string name)
    {
        var (obj, expected) = EventsCreate.Build(name);
        Errors.Create(obj).ShouldBe(expected);
    }

    [Fact]
    public void EventsEvent_ValidateUpdate_NoteIsImmutable()
    {
        var old = Versioned(NewEvent());
        var updated = old.DeepCopy();
        updated.Metadata.ResourceVersion = "2";
        updated.Note = "changed";
        Errors.Update(updated, old).ShouldBe(["message: Invalid value: \"changed\": field is immutable"]);
    }

    private static Lease LeaseFixture() => new()
    {
        ApiVersion = "coordination.k8s.io/v1",
        Kind = "Lease",
        Metadata = Fixtures.Meta("node-1"),
        Spec = new LeaseSpec { HolderIdentity = "node-1", LeaseDurationSeconds = 40, RenewTime = Now },
    };

    public static readonly CaseTable<Lease> LeaseCreate = new(LeaseFixture)
    {
        { "valid lease", _ => { } },
        { "leaseDurationSeconds zero", l => l.Spec.LeaseDurationSeconds = 0, "spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0" },
        { "negative leaseTransitions", l => l.Spec.LeaseTransitions = -1, "spec.leaseTransitions: Invalid value: -1: must be greater than or equal to 0" },
        { "preferredHolder without strategy", l => l.Spec.PreferredHolder = "node-2", "spec.preferredHolder: Forbidden: may only be specified if `strategy` is defined" },
        { "unqualified finalizer allowed", l => l.Metadata.Finalizers = ["custom"] },
        { "name invalid", l => l.Metadata.Name = "Node_1", "metadata.name: Invalid value: \"Node_1\": " + Msg.Subdomain },
    };

    public static TheoryData<string> LeaseCreateNames => LeaseCreate.Names;

    [Theory]
    [MemberData(nameof(LeaseCreateNames))]
    public void Lease_ValidateCreate(string name)
    {
        var (obj, expected) = LeaseCreate.Build(name);
        Errors.Create(obj).ShouldBe(expected);
    }

    private static PriorityClass Pc() => new() { ApiVersion = "scheduling.k8s.io/v1", Kind = "PriorityClass", Metadata = new ObjectMeta { Name = "high" }, Value = 1000, PreemptionPolicy = "PreemptLowerPriority" };

    public static readonly CaseTable<PriorityClass> PriorityClassCreate = new(Pc)
    {
        { "valid priority class", _ => { } },
        { "value above user maximum", p => p.Value = 1_000_000_001, "value: Forbidden: maximum allowed value of a user defined priority is 1000000000" },
        {
            "unknown system name",
            p => p.Metadata.Name = "system-foo",
            "metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: system-foo is not a known system priority class"
        },
        {
            "system class with wrong value",
            p => p.Metadata.Name = "system-cluster-critical",
            "metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: value of system-cluster-critical PriorityClass must be 2000000000"
        },
        { "system class", p => { p.Metadata.Name = "system-node-critical"; p.Value = 2_000_001_000; } },
        { "preemptionPolicy unsupported", p => p.PreemptionPolicy = "Always", "preemptionPolicy: Unsupported value: \"Always\": supported values: \"PreemptLowerPriority\", \"Never\"" },
        { "namespace set", p => p.Metadata.Namespace = "default", "metadata.namespace: Forbidden: not allowed on this type" },
    };

    public static TheoryData<string> PriorityClassCreateNames => PriorityClassCreate.Names;

    [Theory]
    [MemberData(nameof(PriorityClassCreateNames))]
    public void PriorityClass_ValidateCreate(string name)
    {
        var (obj, expected) = PriorityClassCreate.Build(name);
        Errors.Create(obj).ShouldBe(expected);
    }

    public static readonly UpdateTable<PriorityClass> PriorityClassUpdate = new(() => Versioned(Pc()), p => p.DeepCopy(), p => p.Metadata.ResourceVersion = "2")
    {
        { "description change", p => p.Description = "important" },
        { "value change", p => p.Value = 2000, "value: Forbidden: may not be changed in an update." },
        { "preemptionPolicy change", p => p.PreemptionPolicy = "Never", "preemptionPolicy: Invalid value: \"Never\": field is immutable" },
    };

    public static TheoryData<string> PriorityClassUpdateNames => PriorityClassUpdate.Names;

    [Theory]
    [MemberData(nameof(PriorityClassUpdateNames))]
    public void PriorityClass_ValidateUpdate(string name)
    {
        var (updated, old, expected) = PriorityClassUpdate.Build(name);
        Errors.Update(updated, old).ShouldBe(expected);
    }

    private static AutoscalingV2.HorizontalPodAutoscaler Hpa() => new()
    {
        ApiVersion = "autoscaling/v2",
        Kind = "HorizontalPodAutoscaler",
        Metadata = Fixtures.Meta(),
        Spec = new AutoscalingV2.HorizontalPodAutoscalerSpec
        {
            ScaleTargetRef = new AutoscalingV2.CrossVersionObjectReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = "web" },
            MinReplicas = 1,
            MaxReplicas = 5,
            Metrics =
            [
                new AutoscalingV2.MetricSpec
                {
                    Type = "Resource",
                    Resource = new AutoscalingV2.ResourceMetricSource { Name = "cpu", Target = new AutoscalingV2.MetricTarget { Type = "Utilization", AverageUtilization = 80 } },
                },
            ],
        },
    };

    private static AutoscalingV2.HPAScalingRules Rules(params AutoscalingV2.HPAScalingPolicy[] policies) => new() { Policies = [.. policies] };

    public static readonly CaseTable<AutoscalingV2.HorizontalPodAutoscaler> HpaCreate = new(Hpa)
    {
        { "valid autoscaler", _ => { } },
        {
            "maxReplicas zero",
            h => h.Spec.MaxReplicas = 0,
            "spec.maxReplicas: Invalid value: 0: must be greater than 0",
            "spec.maxReplicas: Invalid value: 0: must be greater than or equal to `minReplicas`"
        },
        {
            "minReplicas zero",
            h => h.Spec.MinReplicas = 0,
            "spec.minReplicas: Invalid value: 0: must be greater than or equal to 1",
            "spec.metrics: Forbidden: must specify at least one Object or External metric to support scaling to zero replicas"
        },
        { "scaleTargetRef kind missing", h => h.Spec.ScaleTargetRef.Kind = "", "spec.scaleTargetRef.kind: Required value" },
        { "scaleTargetRef name with slash", h => h.Spec.ScaleTargetRef.Name = "a/b", "spec.scaleTargetRef.name: Invalid value: \"a/b\": may not contain '/'" },
        {
            "metric type unsupported",
            h => h.Spec.Metrics = [new AutoscalingV2.MetricSpec { Type = "Custom" }],
            "spec.metrics[0].type: Unsupported value: \"Custom\": supported values: \"ContainerResource\", \"External\", \"Object\", \"Pods\", \"Resource\"",
            "spec.metrics[0].type: Unsupported value: \"Custom\": supported values: \"ContainerResource\", \"External\", \"Object\", \"Pods\", \"Resource\""
        },
        {
            "resource metric without target value",
            h => h.Spec.Metrics![0].Resource!.Target.AverageUtilization = null,
            "spec.metrics[0].resource.target.averageUtilization: Required value: must set either a target raw value or a target utilization"
        },
        { "utilization zero", h => h.Spec.Metrics![0].Resource!.Target.AverageUtilization = 0, "spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0" },
        { "target type invalid", h => h.Spec.Metrics![0].Resource!.Target.Type = "Percent", "spec.metrics[0].resource.target.type: Invalid value: \"Percent\": must be either Utilization, Value, or AverageValue" },
        {
            "container resource without container",
            h => h.Spec.Metrics = [new AutoscalingV2.MetricSpec { Type = "ContainerResource", ContainerResource = new AutoscalingV2.ContainerResourceMetricSource { Name = "cpu", Target = new AutoscalingV2.MetricTarget { Type = "Utilization", AverageUtilization = 50 } } }],
            "spec.metrics[0].containerResource.container: Required value: must specify a container"
        },
        {
            "container resource name not for containers",
            h => h.Spec.Metrics = [new AutoscalingV2.MetricSpec { Type = "ContainerResource", ContainerResource = new AutoscalingV2.ContainerResourceMetricSource { Name = "pods", Container = "app", Target = new AutoscalingV2.MetricTarget { Type = "Utilization", AverageUtilization = 50 } } }],
            "spec.metrics[0].containerResource.name: Invalid value: \"pods\": must be a standard resource for containers"
        },
        {
            "second metric source",
            h => h.Spec.Metrics![0].Pods = new AutoscalingV2.PodsMetricSource { Metric = new AutoscalingV2.MetricIdentifier { Name = "qps" }, Target = new AutoscalingV2.MetricTarget { Type = "AverageValue", AverageValue = Quantity.Parse("10") } },
            "spec.metrics[0].pods: Forbidden: must populate the given metric source only"
        },
        {
            "pods metric without averageValue",
            h => h.Spec.Metrics = [new AutoscalingV2.MetricSpec { Type = "Pods", Pods = new AutoscalingV2.PodsMetricSource { Metric = new AutoscalingV2.MetricIdentifier { Name = "qps" }, Target = new AutoscalingV2.MetricTarget { Type = "Value", Value = Quantity.Parse("10") } } }],
            "spec.metrics[0].pods.target.averageValue: Required value: must specify a positive target averageValue"
        },
        {
            "type Resource without resource source",
            h => h.Spec.Metrics![0].Resource = null,
            "spec.metrics[0].resource: Required value: must populate information for the given metric source"
        },
        {
            "scaling policy invalid",
            h => h.Spec.Behavior = new AutoscalingV2.HorizontalPodAutoscalerBehavior { ScaleUp = Rules(new AutoscalingV2.HPAScalingPolicy { Type = "Nodes", Value = 0, PeriodSeconds = 1801 }) },
            "spec.behavior.scaleUp.policies[0].type: Unsupported value: \"Nodes\": supported values: \"Percent\", \"Pods\"",
            "spec.behavior.scaleUp.policies[0].value: Invalid value: 0: must be greater than zero",
            "spec.behavior.scaleUp.policies[0].periodSeconds: Invalid value: 1801: must be less than or equal to 1800"
        },
        { "scaling rules without policies", h => h.Spec.Behavior = new AutoscalingV2.HorizontalPodAutoscalerBehavior { ScaleDown = Rules() }, "spec.behavior.scaleDown.policies: Required value: must specify at least one Policy" },
        {
            "stabilization window too long",
            h => h.Spec.Behavior = new AutoscalingV2.HorizontalPodAutoscalerBehavior { ScaleDown = new AutoscalingV2.HPAScalingRules { StabilizationWindowSeconds = 3601, Policies = [new AutoscalingV2.HPAScalingPolicy { Type = "Pods", Value = 1, PeriodSeconds = 60 }] } },
            "spec.behavior.scaleDown.stabilizationWindowSeconds: Invalid value: 3601: must be less than or equal to 3600"
        },
    };

    public static TheoryData<string> HpaCreateNames => HpaCreate.Names;

    [Theory]
    [MemberData(nameof(HpaCreateNames))]
    public void HorizontalPodAutoscaler_ValidateCreate(string name)
    {
        var (obj, expected) = HpaCreate.Build(name);
        Errors.Create(obj).ShouldBe(expected);
    }

    [Fact]
    public void HorizontalPodAutoscalerV1_ReportsInternalPaths()
    {
        var hpa = new AutoscalingV1.HorizontalPodAutoscaler
        {
            ApiVersion = "autoscaling/v1",
            Kind = "HorizontalPodAutoscaler",
            Metadata = Fixtures.Meta(),
            Spec = new AutoscalingV1.HorizontalPodAutoscalerSpec
            {
                ScaleTargetRef = new AutoscalingV1.CrossVersionObjectReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = "web" },
                MinReplicas = 1,
                MaxReplicas = 3,
                TargetCPUUtilizationPercentage = 50,
            },
        };
        Errors.Create(hpa).ShouldBeEmpty();
        hpa.Spec.TargetCPUUtilizationPercentage = 0;
        hpa.Spec.MaxReplicas = 0;
        Errors.Create(hpa).ShouldBe([
            "spec.maxReplicas: Invalid value: 0: must be greater than 0",
            "spec.maxReplicas: Invalid value: 0: must be greater than or equal to `minReplicas`",
            "spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0",
        ]);
    }

    [Fact]
    public void HorizontalPodAutoscaler_ValidateStatusUpdate_NegativeReplicas()
    {
        var old = Versioned(Hpa());
        var updated = old.DeepCopy();
        updated.Metadata.ResourceVersion = "2";
        updated.Status.DesiredReplicas = -1;
        Errors.StatusUpdate(updated, old).ShouldBe(["status.desiredReplicas: Invalid value: -1: must be greater than or equal to 0"]);
    }

    private static PodDisruptionBudget Pdb() => new()
    {
        ApiVersion = "policy/v1",
        Kind = "PodDisruptionBudget",
        Metadata = Fixtures.Meta(),
        Spec = new PodDisruptionBudgetSpec { MinAvailable = IntOrString.FromInt32(1), Selector = Fixtures.Selector() },
    };

    public static readonly CaseTable<PodDisruptionBudget> PdbCreate = new(Pdb)
    {
        { "valid budget", _ => { } },
        { "maxUnavailable percent", p => { p.Spec.MinAvailable = null; p.Spec.MaxUnavailable = IntOrString.FromString("20%"); } },
        { "minAvailable above 100%", p => p.Spec.MinAvailable = IntOrString.FromString("150%"), "spec.minAvailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"150%\"}: must not be greater than 100%" },
        { "negative maxUnavailable", p => { p.Spec.MinAvailable = null; p.Spec.MaxUnavailable = IntOrString.FromInt32(-1); }, "spec.maxUnavailable: Invalid value: -1: must be greater than or equal to 0" },
        {
            "selector operator invalid",
            p => p.Spec.Selector = new LabelSelector { MatchExpressions = [new LabelSelectorRequirement { Key = "app", Operator = "Foo" }] },
            "spec.selector.matchExpressions[0].operator: Invalid value: \"Foo\": not a valid selector operator"
        },
        {
            "unhealthyPodEvictionPolicy unsupported",
            p => p.Spec.UnhealthyPodEvictionPolicy = "Never",
            "spec.unhealthyPodEvictionPolicy: Unsupported value: \"Never\": supported values: \"AlwaysAllow\", \"IfHealthyBudget\""
        },
        { "name with slash", p => p.Metadata.Name = "a/b", "metadata.name: Invalid value: \"a/b\": may not contain '/'" },
        { "namespace missing", p => p.Metadata.Namespace = "", "metadata.namespace: Required value" },
    };

    public static TheoryData<string> PdbCreateNames => PdbCreate.Names;

    [Theory]
    [MemberData(nameof(PdbCreateNames))]
    public void PodDisruptionBudget_ValidateCreate(string name)
    {
        var (obj, expected) = PdbCreate.Build(name);
        Errors.Create(obj).ShouldBe(expected);
    }

    [Fact]
    public void PodDisruptionBudget_ValidateStatusUpdate_NegativeCounters()
    {
        var old = Versioned(Pdb());
        var updated = old.DeepCopy();
        updated.Metadata.ResourceVersion = "2";
        updated.Status.DisruptionsAllowed = -1;
        Errors.StatusUpdate(updated, old).ShouldBe(["status.disruptionsAllowed: Invalid value: -1: must be greater than or equal to 0"]);
    }

    private static EndpointSlice Slice() => new()
    {
        ApiVersion = "discovery.k8s.io/v1",
        Kind = "EndpointSlice",
        Metadata = Fixtures.Meta("web-abc12"),
        AddressType = "IPv4",
        Endpoints = [new Endpoint { Addresses = ["10.42.0.5"] }],
        Ports = [new KubeSharp.Api.Discovery.V1.EndpointPort { Name = "http", Protocol = "TCP", Port = 80 }],
    };

    public static readonly CaseTable<EndpointSlice> SliceCreate = new(Slice)
    {
        { "valid slice", _ => { } },
        { "addressType unsupported", s => s.AddressType = "IPv5", "addressType: Unsupported value: \"IPv5\": supported values: \"FQDN\", \"IPv4\", \"IPv6\"" },
        { "addressType missing", s => s.AddressType = "", "addressType: Required value" },
        { "endpoint without addresses", s => s.Endpoints![0].Addresses = null, "endpoints[0].addresses: Required value: must contain at least 1 address" },
        { "invalid IPv4 address", s => s.Endpoints![0].Addresses = ["1.2.3.4.5"], "endpoints[0].addresses[0]: Invalid value: \"1.2.3.4.5\": must be a valid IPv4 address" },
        { "loopback address", s => s.Endpoints![0].Addresses = ["127.0.0.2"], "endpoints[0].addresses[0]: Invalid value: \"127.0.0.2\": may not be in the loopback range (127.0.0.0/8, ::1/128)" },
        { "FQDN address", s => { s.AddressType = "FQDN"; s.Endpoints![0].Addresses = ["db.example.com"]; } },
        { "hostname not a label", s => s.Endpoints![0].Hostname = "Web", "endpoints[0].hostname: Invalid value: \"Web\": " + Msg.Label },
        { "port protocol missing", s => s.Ports![0].Protocol = null, "ports[0].protocol: Required value" },
        { "duplicate port names", s => s.Ports!.Add(new KubeSharp.Api.Discovery.V1.EndpointPort { Name = "http", Protocol = "UDP", Port = 81 }), "ports[1].name: Duplicate value: \"http\"" },
    };

    public static TheoryData<string> SliceCreateNames => SliceCreate.Names;

    [Theory]
    [MemberData(nameof(SliceCreateNames))]
    public void EndpointSlice_ValidateCreate(string name)
    {
        var (obj, expected) = SliceCreate.Build(name);
        Errors.Create(obj).ShouldBe(expected);
    }

    [Fact]
    public void EndpointSlice_ValidateUpdate_AddressTypeIsImmutable()
    {
        var old = Versioned(Slice());
        var updated = old.DeepCopy();
        updated.Metadata.ResourceVersion = "2";
        updated.AddressType = "IPv6";
        Errors.Update(updated, old).ShouldBe([
            "endpoints[0].addresses[0]: Invalid value: \"10.42.0.5\": must be a valid IPv6 address",
            "addressType: Invalid value: \"IPv6\": field is immutable",
        ]);
    }

    [Fact]
    public void GenericKinds_GetPathSegmentNamesAndScopeRules()
    {
        var role = new Role { ApiVersion = "rbac.authorization.k8s.io/v1", Kind = "Role", Metadata = Fixtures.Meta("a/b") };
        Errors.Create(role).ShouldBe(["metadata.name: Invalid value: \"a/b\": may not contain '/'"]);
        role.Metadata.Name = "Reader_Role";
        Errors.Create(role).ShouldBeEmpty();
        role.Metadata.Namespace = "";
        Errors.Create(role).ShouldBe(["metadata.namespace: Required value"]);

        var clusterRole = new ClusterRole { ApiVersion = "rbac.authorization.k8s.io/v1", Kind = "ClusterRole", Metadata = new ObjectMeta { Name = "view", Namespace = "default" } };
        Errors.Create(clusterRole).ShouldBe(["metadata.namespace: Forbidden: not allowed on this type"]);
        clusterRole.Metadata.Name = "..";
        clusterRole.Metadata.Namespace = "";
        Errors.Create(clusterRole).ShouldBe(["metadata.name: Invalid value: \"..\": may not be '..'"]);
    }

    [Fact]
    public void GenericKinds_UpdateKeepsIdentityImmutable()
    {
        var old = Versioned(new Role { Metadata = Fixtures.Meta("reader") });
        var updated = old.DeepCopy();
        updated.Metadata.ResourceVersion = "";
        updated.Metadata.Name = "writer";
        Errors.Update(updated, old).ShouldBe([
            "metadata.resourceVersion: Invalid value: \"\": must be specified for an update",
            "metadata.name: Invalid value: \"writer\": field is immutable",
        ]);
    }

    [Fact]
    public void ValidateUpdate_RejectsObjectsOfDifferentTypes()
    {
        Should.Throw<ArgumentException>(() => ObjectValidator.ValidateUpdate(new Pod(), new Service(), ValidationOptions.Default));
    }

    [Theory]
    [InlineData("*/15 * * * *", null)]
    [InlineData("0 0 * * sun", null)]
    [InlineData("@hourly", null)]
    [InlineData("", "empty spec string")]
    [InlineData("* * * * * *", "expected exactly 5 fields, found 6: [* * * * * *]")]
    [InlineData("1-2-3 * * * *", "too many hyphens: 1-2-3")]
    [InlineData("0 0 * foo *", "failed to parse int from foo: strconv.Atoi: parsing \"foo\": invalid syntax")]
    [InlineData("0 0 * 13 *", "end of range (13) above maximum (12): 13")]
    [InlineData("@every 1x", "failed to parse duration @every 1x: time: unknown unit \"x\" in duration \"1x\"")]
    [InlineData("TZ=Mars/Base 0 * * * *", "provided bad location Mars/Base: unknown time zone Mars/Base")]
    public void CronSchedule_MatchesRobfigCron(string spec, string? error)
    {
        CronSchedule.Validate(spec).ShouldBe(error);
    }
}
