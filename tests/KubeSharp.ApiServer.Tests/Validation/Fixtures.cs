using KubeSharp.Api;
using KubeSharp.Api.Apps.V1;
using KubeSharp.Api.Batch.V1;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Meta.V1;

namespace KubeSharp.ApiServer.Tests.Validation;

/// <summary>Valid, already-defaulted objects, as they reach validation.</summary>
internal static class Fixtures
{
    public static ObjectMeta Meta(string name = "web", string ns = "default") => new() { Name = name, Namespace = ns, Uid = "6b0f2f5e-0000-4000-8000-000000000001" };

    public static Container Container(string name = "app") => new()
    {
        Name = name,
        Image = "nginx:1.27",
        TerminationMessagePath = "/dev/termination-log",
        TerminationMessagePolicy = "File",
        ImagePullPolicy = "IfNotPresent",
    };

    public static PodSpec PodSpec(string restartPolicy = "Always") => new()
    {
        Containers = [Container()],
        RestartPolicy = restartPolicy,
        DnsPolicy = "ClusterFirst",
        TerminationGracePeriodSeconds = 30,
        SchedulerName = "default-scheduler",
        SecurityContext = new PodSecurityContext(),
    };

    public static Pod Pod() => new() { ApiVersion = "v1", Kind = "Pod", Metadata = Meta(), Spec = PodSpec() };

    public static PodTemplateSpec Template(string restartPolicy = "Always") => new()
    {
        Metadata = new ObjectMeta { Labels = new() { ["app"] = "web" } },
        Spec = PodSpec(restartPolicy),
    };

    public static LabelSelector Selector() => new() { MatchLabels = new() { ["app"] = "web" } };

    public static Deployment Deployment() => new()
    {
        ApiVersion = "apps/v1",
        Kind = "Deployment",
        Metadata = Meta(),
        Spec = new DeploymentSpec
        {
            Replicas = 1,
            Selector = Selector(),
            Template = Template(),
            Strategy = new DeploymentStrategy
            {
                Type = "RollingUpdate",
                RollingUpdate = new RollingUpdateDeployment { MaxUnavailable = IntOrString.FromString("25%"), MaxSurge = IntOrString.FromString("25%") },
            },
            RevisionHistoryLimit = 10,
            ProgressDeadlineSeconds = 600,
        },
    };

    public static ReplicaSet ReplicaSet() => new()
    {
        ApiVersion = "apps/v1",
        Kind = "ReplicaSet",
        Metadata = Meta(),
        Spec = new ReplicaSetSpec { Replicas = 1, Selector = Selector(), Template = Template() },
    };

    public static DaemonSet DaemonSet() => new()
    {
        ApiVersion = "apps/v1",
        Kind = "DaemonSet",
        Metadata = Meta(),
        Spec = new DaemonSetSpec
        {
            Selector = Selector(),
            Template = Template(),
            UpdateStrategy = new DaemonSetUpdateStrategy
            {
                Type = "RollingUpdate",
                RollingUpdate = new RollingUpdateDaemonSet { MaxUnavailable = IntOrString.FromInt32(1), MaxSurge = IntOrString.FromInt32(0) },
            },
            RevisionHistoryLimit = 10,
        },
    };

    public static StatefulSet StatefulSet() => new()
    {
        ApiVersion = "apps/v1",
        Kind = "StatefulSet",
        Metadata = Meta(),
        Spec = new StatefulSetSpec
        {
            Replicas = 1,
            Selector = Selector(),
            Template = Template(),
            ServiceName = "web",
            PodManagementPolicy = "OrderedReady",
            UpdateStrategy = new StatefulSetUpdateStrategy { Type = "RollingUpdate", RollingUpdate = new RollingUpdateStatefulSetStrategy { Partition = 0 } },
            RevisionHistoryLimit = 10,
            PersistentVolumeClaimRetentionPolicy = new StatefulSetPersistentVolumeClaimRetentionPolicy { WhenDeleted = "Retain", WhenScaled = "Retain" },
        },
    };

    public const string JobUid = "6b0f2f5e-0000-4000-8000-000000000001";

    public static Dictionary<string, string> JobLabels(string name = "pi") => new()
    {
        ["batch.kubernetes.io/controller-uid"] = JobUid,
        ["batch.kubernetes.io/job-name"] = name,
        ["controller-uid"] = JobUid,
        ["job-name"] = name,
    };

    public static Job Job() => new()
    {
        ApiVersion = "batch/v1",
        Kind = "Job",
        Metadata = Meta("pi"),
        Spec = new JobSpec
        {
            Parallelism = 1,
            Completions = 1,
            BackoffLimit = 6,
            CompletionMode = "NonIndexed",
            Suspend = false,
            ManualSelector = null,
            PodReplacementPolicy = "TerminatingOrFailed",
            Selector = new LabelSelector { MatchLabels = new() { ["batch.kubernetes.io/controller-uid"] = JobUid } },
            Template = new PodTemplateSpec { Metadata = new ObjectMeta { Labels = JobLabels() }, Spec = PodSpec("Never") },
        },
    };

    public static CronJob CronJob() => new()
    {
        ApiVersion = "batch/v1",
        Kind = "CronJob",
        Metadata = Meta("hello"),
        Spec = new CronJobSpec
        {
            Schedule = "*/5 * * * *",
            ConcurrencyPolicy = "Allow",
            Suspend = false,
            SuccessfulJobsHistoryLimit = 3,
            FailedJobsHistoryLimit = 1,
            JobTemplate = new JobTemplateSpec
            {
                Spec = new JobSpec
                {
                    Parallelism = 1,
                    Completions = 1,
                    BackoffLimit = 6,
                    CompletionMode = "NonIndexed",
                    Suspend = false,
                    PodReplacementPolicy = "TerminatingOrFailed",
                    Template = new PodTemplateSpec { Spec = PodSpec("OnFailure") },
                },
            },
        },
    };

    public static Service Service() => new()
    {
        ApiVersion = "v1",
        Kind = "Service",
        Metadata = Meta(),
        Spec = new ServiceSpec
        {
            Type = "ClusterIP",
            Selector = new() { ["app"] = "web" },
            Ports = [new ServicePort { Protocol = "TCP", Port = 80, TargetPort = IntOrString.FromInt32(8080) }],
            ClusterIP = "10.43.0.10",
            ClusterIPs = ["10.43.0.10"],
            IpFamilies = ["IPv4"],
            IpFamilyPolicy = "SingleStack",
            SessionAffinity = "None",
            InternalTrafficPolicy = "Cluster",
        },
    };
}
