using KubeSharp.Api;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Meta.V1;
using KubeSharp.ApiServer.Validation.Core;

namespace KubeSharp.ApiServer.Tests.Validation;

public class PodValidationTests
{
    private static Container C(PodSpec spec) => spec.Containers![0];

    private static Volume EmptyDir(string name) => new() { Name = name, EmptyDir = new EmptyDirVolumeSource() };

    public static readonly CaseTable<Pod> Create = new(Fixtures.Pod)
    {
        { "valid pod", _ => { } },
        { "no containers", p => p.Spec.Containers = null, "spec.containers: Required value" },
        { "empty image", p => C(p.Spec).Image = "", "spec.containers[0].image: Required value" },
        { "image with whitespace", p => C(p.Spec).Image = " nginx", "spec.containers[0].image: Invalid value: \" nginx\": must not have leading or trailing whitespace" },
        { "duplicate container names", p => p.Spec.Containers!.Add(Fixtures.Container()), "spec.containers[1].name: Duplicate value: \"app\"" },
        { "container name not a label", p => C(p.Spec).Name = "App", "spec.containers[0].name: Invalid value: \"App\": " + Msg.Label },
        { "container name missing", p => C(p.Spec).Name = "", "spec.containers[0].name: Required value" },
        { "restartPolicy unsupported", p => p.Spec.RestartPolicy = "Sometimes", "spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"" },
        { "dnsPolicy unsupported", p => p.Spec.DnsPolicy = "Foo", "spec.dnsPolicy: Unsupported value: \"Foo\": supported values: \"ClusterFirstWithHostNet\", \"ClusterFirst\", \"Default\", \"None\"" },
        { "dnsPolicy empty", p => p.Spec.DnsPolicy = "", "spec.dnsPolicy: Required value" },
        { "terminationGracePeriodSeconds missing", p => p.Spec.TerminationGracePeriodSeconds = null, "spec.terminationGracePeriodSeconds: Required value" },
        { "containerPort out of range", p => C(p.Spec).Ports = [new ContainerPort { ContainerPortValue = 70000, Protocol = "TCP" }], "spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive" },
        { "containerPort missing", p => C(p.Spec).Ports = [new ContainerPort { Protocol = "TCP" }], "spec.containers[0].ports[0].containerPort: Required value" },
        { "port protocol unsupported", p => C(p.Spec).Ports = [new ContainerPort { ContainerPortValue = 80, Protocol = "ICMP" }], "spec.containers[0].ports[0].protocol: Unsupported value: \"ICMP\": supported values: \"SCTP\", \"TCP\", \"UDP\"" },
        { "port protocol empty", p => C(p.Spec).Ports = [new ContainerPort { ContainerPortValue = 80 }], "spec.containers[0].ports[0].protocol: Required value" },
        {
            "duplicate port names",
            p => C(p.Spec).Ports = [new ContainerPort { Name = "http", ContainerPortValue = 80, Protocol = "TCP" }, new ContainerPort { Name = "http", ContainerPortValue = 81, Protocol = "TCP" }],
            "spec.containers[0].ports[1].name: Duplicate value: \"http\""
        },
        {
            "port name not IANA",
            p => C(p.Spec).Ports = [new ContainerPort { Name = "HTTP", ContainerPortValue = 80, Protocol = "TCP" }],
            "spec.containers[0].ports[0].name: Invalid value: \"HTTP\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
            "spec.containers[0].ports[0].name: Invalid value: \"HTTP\": must contain at least one letter (a-z)"
        },
        {
            "hostPort conflict across containers",
            p =>
            {
                C(p.Spec).Ports = [new ContainerPort { ContainerPortValue = 80, HostPort = 8080, Protocol = "TCP" }];
                var second = Fixtures.Container("sidecar");
                second.Ports = [new ContainerPort { ContainerPortValue = 81, HostPort = 8080, Protocol = "TCP" }];
                p.Spec.Containers!.Add(second);
            },
            "spec.containers[1].ports[0].hostPort: Duplicate value: \"TCP//8080\""
        },
        { "env name invalid", p => C(p.Spec).Env = [new EnvVar { Name = "1BAD", Value = "x" }], "spec.containers[0].env[0].name: Invalid value: \"1BAD\": " + Msg.EnvVarName },
        { "env name missing", p => C(p.Spec).Env = [new EnvVar { Value = "x" }], "spec.containers[0].env[0].name: Required value" },
        { "env valueFrom empty", p => C(p.Spec).Env = [new EnvVar { Name = "A", ValueFrom = new EnvVarSource() }], "spec.containers[0].env[0].valueFrom: Invalid value: \"\": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`" },
        {
            "env value and valueFrom",
            p => C(p.Spec).Env = [new EnvVar { Name = "A", Value = "x", ValueFrom = new EnvVarSource { SecretKeyRef = new SecretKeySelector { Name = "s", Key = "k" } } }],
            "spec.containers[0].env[0].valueFrom: Invalid value: \"\": may not be specified when `value` is not empty"
        },
        {
            "env valueFrom two sources",
            p => C(p.Spec).Env = [new EnvVar { Name = "A", ValueFrom = new EnvVarSource { SecretKeyRef = new SecretKeySelector { Name = "s", Key = "k" }, ConfigMapKeyRef = new ConfigMapKeySelector { Name = "c", Key = "k" } } }],
            "spec.containers[0].env[0].valueFrom: Invalid value: \"\": may not have more than one field specified at a time"
        },
        {
            "env secretKeyRef without key",
            p => C(p.Spec).Env = [new EnvVar { Name = "A", ValueFrom = new EnvVarSource { SecretKeyRef = new SecretKeySelector { Name = "s" } } }],
            "spec.containers[0].env[0].valueFrom.secretKeyRef.key: Required value"
        },
        {
            "env fieldRef not for env",
            p => C(p.Spec).Env = [new EnvVar { Name = "A", ValueFrom = new EnvVarSource { FieldRef = new ObjectFieldSelector { ApiVersion = "v1", FieldPath = "spec.schedulerName" } } }],
            "spec.containers[0].env[0].valueFrom.fieldRef.fieldPath: Unsupported value: \"spec.schedulerName\": supported values: \"metadata.name\", \"metadata.namespace\", \"metadata.uid\", \"spec.nodeName\", \"spec.serviceAccountName\", \"status.hostIP\", \"status.hostIPs\", \"status.podIP\", \"status.podIPs\""
        },
        {
            "env fieldRef unknown label",
            p => C(p.Spec).Env = [new EnvVar { Name = "A", ValueFrom = new EnvVarSource { FieldRef = new ObjectFieldSelector { ApiVersion = "v1", FieldPath = "spec.foo" } } }],
            "spec.containers[0].env[0].valueFrom.fieldRef.fieldPath: Invalid value: \"spec.foo\": error converting fieldPath: field label not supported: spec.foo"
        },
        {
            "env resourceFieldRef unsupported",
            p => C(p.Spec).Env = [new EnvVar { Name = "A", ValueFrom = new EnvVarSource { ResourceFieldRef = new ResourceFieldSelector { Resource = "limits.gpu" } } }],
            "spec.containers[0].env[0].valueFrom.resourceFieldRef.resource: Unsupported value: \"limits.gpu\": supported values: \"limits.cpu\", \"limits.ephemeral-storage\", \"limits.memory\", \"requests.cpu\", \"requests.ephemeral-storage\", \"requests.memory\""
        },
        { "envFrom without source", p => C(p.Spec).EnvFrom = [new EnvFromSource()], "spec.containers[0].envFrom: Invalid value: \"\": must specify one of: `configMapRef` or `secretRef`" },
        { "envFrom bad prefix", p => C(p.Spec).EnvFrom = [new EnvFromSource { Prefix = "1_", ConfigMapRef = new ConfigMapEnvSource { Name = "cm" } }], "spec.containers[0].envFrom[0].prefix: Invalid value: \"1_\": " + Msg.EnvVarName },
        {
            "requests above limits",
            p => C(p.Spec).Resources = new ResourceRequirements { Limits = new() { ["cpu"] = Quantity.Parse("100m") }, Requests = new() { ["cpu"] = Quantity.Parse("200m") } },
            "spec.containers[0].resources.requests: Invalid value: \"200m\": must be less than or equal to cpu limit of 100m"
        },
        {
            "negative memory request",
            p => C(p.Spec).Resources = new ResourceRequirements { Requests = new() { ["memory"] = Quantity.Parse("-1") } },
            "spec.containers[0].resources.requests[memory]: Invalid value: \"-1\": must be greater than or equal to 0"
        },
        {
            "unknown resource name",
            p => C(p.Spec).Resources = new ResourceRequirements { Requests = new() { ["foo"] = Quantity.Parse("1") } },
            "spec.containers[0].resources.requests[foo]: Invalid value: \"foo\": must be a standard resource type or fully qualified",
            "spec.containers[0].resources.requests[foo]: Invalid value: \"foo\": must be a standard resource for containers"
        },
        {
            "extended resource request without limit",
            p => C(p.Spec).Resources = new ResourceRequirements { Requests = new() { ["example.com/gpu"] = Quantity.Parse("1") } },
            "spec.containers[0].resources.limits: Required value: Limit must be set for non overcommitable resources"
        },
        {
            "extended resource request differs from limit",
            p => C(p.Spec).Resources = new ResourceRequirements { Limits = new() { ["example.com/gpu"] = Quantity.Parse("2") }, Requests = new() { ["example.com/gpu"] = Quantity.Parse("1") } },
            "spec.containers[0].resources.requests: Invalid value: \"1\": must be equal to example.com/gpu limit of 2"
        },
        { "volume names duplicate", p => p.Spec.Volumes = [EmptyDir("data"), EmptyDir("data")], "spec.volumes[1].name: Duplicate value: \"data\"" },
        { "volume without source", p => p.Spec.Volumes = [new Volume { Name = "data" }], "spec.volumes[0]: Required value: must specify a volume type" },
        {
            "volume with two sources",
            p => p.Spec.Volumes = [new Volume { Name = "data", EmptyDir = new EmptyDirVolumeSource(), HostPath = new HostPathVolumeSource { Path = "/tmp", Type = "" } }],
            "spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type"
        },
        { "volume name not a label", p => p.Spec.Volumes = [EmptyDir("Data")], "spec.volumes[0].name: Invalid value: \"Data\": " + Msg.Label },
        { "volume name missing", p => p.Spec.Volumes = [EmptyDir("")], "spec.volumes[0].name: Required value" },
        { "configMap volume without name", p => p.Spec.Volumes = [new Volume { Name = "cfg", ConfigMap = new ConfigMapVolumeSource { DefaultMode = 420 } }], "spec.volumes[0].configMap.name: Required value" },
        {
            "secret volume bad defaultMode",
            p => p.Spec.Volumes = [new Volume { Name = "s", Secret = new SecretVolumeSource { SecretName = "s", DefaultMode = 1000 } }],
            "spec.volumes[0].secret.defaultMode: Invalid value: 1000: must be a number between 0 and 0777 (octal), both inclusive"
        },
        {
            "secret volume item path escapes",
            p => p.Spec.Volumes = [new Volume { Name = "s", Secret = new SecretVolumeSource { SecretName = "s", DefaultMode = 420, Items = [new KeyToPath { Key = "k", Path = "../x" }] } }],
            "spec.volumes[0].secret.items[0].path: Invalid value: \"../x\": must not contain '..'"
        },
        {
            "hostPath with backsteps",
            p => p.Spec.Volumes = [new Volume { Name = "h", HostPath = new HostPathVolumeSource { Path = "/a/../b", Type = "" } }],
            "spec.volumes[0].hostPath.path: Invalid value: \"/a/../b\": must not contain '..'"
        },
        {
            "hostPath type unsupported",
            p => p.Spec.Volumes = [new Volume { Name = "h", HostPath = new HostPathVolumeSource { Path = "/a", Type = "Weird" } }],
            "spec.volumes[0].hostPath.type: Unsupported value: \"Weird\": supported values: \"\", \"BlockDevice\", \"CharDevice\", \"Directory\", \"DirectoryOrCreate\", \"File\", \"FileOrCreate\", \"Socket\""
        },
        { "pvc volume without claimName", p => p.Spec.Volumes = [new Volume { Name = "d", PersistentVolumeClaim = new PersistentVolumeClaimVolumeSource() }], "spec.volumes[0].persistentVolumeClaim.claimName: Required value" },
        { "nfs relative path", p => p.Spec.Volumes = [new Volume { Name = "n", Nfs = new NFSVolumeSource { Server = "nfs", Path = "export" } }], "spec.volumes[0].nfs.path: Invalid value: \"export\": must be an absolute path" },
        { "volumeMount of unknown volume", p => C(p.Spec).VolumeMounts = [new VolumeMount { Name = "missing", MountPath = "/data" }], "spec.containers[0].volumeMounts[0].name: Not found: \"missing\"" },
        {
            "volumeMount paths not unique",
            p =>
            {
                p.Spec.Volumes = [EmptyDir("a"), EmptyDir("b")];
                C(p.Spec).VolumeMounts = [new VolumeMount { Name = "a", MountPath = "/data" }, new VolumeMount { Name = "b", MountPath = "/data" }];
            },
            "spec.containers[0].volumeMounts[1].mountPath: Invalid value: \"/data\": must be unique"
        },
        {
            "volumeMount without mountPath",
            p =>
            {
                p.Spec.Volumes = [EmptyDir("a")];
                C(p.Spec).VolumeMounts = [new VolumeMount { Name = "a" }];
            },
            "spec.containers[0].volumeMounts[0].mountPath: Required value"
        },
        {
            "volumeMount absolute subPath",
            p =>
            {
                p.Spec.Volumes = [EmptyDir("a")];
                C(p.Spec).VolumeMounts = [new VolumeMount { Name = "a", MountPath = "/data", SubPath = "/etc" }];
            },
            "spec.containers[0].volumeMounts.subPath: Invalid value: \"/etc\": must be a relative path"
        },
        {
            "bidirectional propagation unprivileged",
            p =>
            {
                p.Spec.Volumes = [EmptyDir("a")];
                C(p.Spec).VolumeMounts = [new VolumeMount { Name = "a", MountPath = "/data", MountPropagation = "Bidirectional" }];
            },
            "spec.containers[0].volumeMounts.mountPropagation: Forbidden: Bidirectional mount propagation is available only to privileged containers"
        },
        {
            "liveness probe without handler",
            p => C(p.Spec).LivenessProbe = new Probe { TimeoutSeconds = 1, PeriodSeconds = 10, SuccessThreshold = 1, FailureThreshold = 3 },
            "spec.containers[0].livenessProbe: Required value: must specify a handler type"
        },
        {
            "liveness probe successThreshold not 1",
            p => C(p.Spec).LivenessProbe = new Probe { Exec = new ExecAction { Command = ["true"] }, TimeoutSeconds = 1, PeriodSeconds = 10, SuccessThreshold = 2, FailureThreshold = 3 },
            "spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1"
        },
        {
            "readiness probe negative period",
            p => C(p.Spec).ReadinessProbe = new Probe { HttpGet = new HTTPGetAction { Path = "/", Port = IntOrString.FromInt32(8080), Scheme = "HTTP" }, TimeoutSeconds = 1, PeriodSeconds = -1, SuccessThreshold = 1, FailureThreshold = 3 },
            "spec.containers[0].readinessProbe.periodSeconds: Invalid value: -1: must be greater than or equal to 0"
        },
        {
            "probe with two handlers",
            p => C(p.Spec).LivenessProbe = new Probe { Exec = new ExecAction { Command = ["true"] }, TcpSocket = new TCPSocketAction { Port = IntOrString.FromInt32(80) }, TimeoutSeconds = 1, PeriodSeconds = 10, SuccessThreshold = 1, FailureThreshold = 3 },
            "spec.containers[0].livenessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type"
        },
        {
            "httpGet scheme unsupported",
            p => C(p.Spec).LivenessProbe = new Probe { HttpGet = new HTTPGetAction { Path = "/", Port = IntOrString.FromInt32(8080), Scheme = "FTP" }, TimeoutSeconds = 1, PeriodSeconds = 10, SuccessThreshold = 1, FailureThreshold = 3 },
            "spec.containers[0].livenessProbe.httpGet.scheme: Unsupported value: \"FTP\": supported values: \"HTTP\", \"HTTPS\""
        },
        {
            "httpGet port name invalid",
            p => C(p.Spec).LivenessProbe = new Probe { HttpGet = new HTTPGetAction { Path = "/", Port = IntOrString.FromString("web--port"), Scheme = "HTTP" }, TimeoutSeconds = 1, PeriodSeconds = 10, SuccessThreshold = 1, FailureThreshold = 3 },
            "spec.containers[0].livenessProbe.httpGet.port: Invalid value: \"web--port\": must not contain consecutive hyphens"
        },
        {
            "exec probe without command",
            p => C(p.Spec).LivenessProbe = new Probe { Exec = new ExecAction(), TimeoutSeconds = 1, PeriodSeconds = 10, SuccessThreshold = 1, FailureThreshold = 3 },
            "spec.containers[0].livenessProbe.exec.command: Required value"
        },
        {
            "readiness probe with terminationGracePeriodSeconds",
            p => C(p.Spec).ReadinessProbe = new Probe { Exec = new ExecAction { Command = ["true"] }, TimeoutSeconds = 1, PeriodSeconds = 10, SuccessThreshold = 1, FailureThreshold = 3, TerminationGracePeriodSeconds = 10 },
            "spec.containers[0].readinessProbe.terminationGracePeriodSeconds: Invalid value: 10: must not be set for readinessProbes"
        },
        {
            "init container with probe",
            p =>
            {
                var init = Fixtures.Container("init");
                init.LivenessProbe = new Probe { Exec = new ExecAction { Command = ["true"] }, TimeoutSeconds = 1, PeriodSeconds = 10, SuccessThreshold = 1, FailureThreshold = 3 };
                p.Spec.InitContainers = [init];
            },
            "spec.initContainers[0].livenessProbe: Forbidden: may not be set for init containers without restartPolicy=Always"
        },
        { "init container named like a container", p => p.Spec.InitContainers = [Fixtures.Container("app")], "spec.initContainers[0].name: Duplicate value: \"app\"" },
        { "regular container with restartPolicy", p => C(p.Spec).RestartPolicy = "Always", "spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers" },
        {
            "init container restartPolicy unsupported",
            p =>
            {
                var init = Fixtures.Container("init");
                init.RestartPolicy = "OnFailure";
                p.Spec.InitContainers = [init];
            },
            "spec.initContainers[0].restartPolicy: Unsupported value: \"OnFailure\": supported values: \"Always\""
        },
        { "imagePullPolicy unsupported", p => C(p.Spec).ImagePullPolicy = "Sometimes", "spec.containers[0].imagePullPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"IfNotPresent\", \"Never\"" },
        { "imagePullPolicy empty", p => C(p.Spec).ImagePullPolicy = "", "spec.containers[0].imagePullPolicy: Required value" },
        { "terminationMessagePolicy empty", p => C(p.Spec).TerminationMessagePolicy = "", "spec.containers[0].terminationMessagePolicy: Required value" },
        { "runAsUser negative", p => C(p.Spec).SecurityContext = new SecurityContext { RunAsUser = -1 }, "spec.containers[0].securityContext.runAsUser: Invalid value: -1: must be between 0 and 2147483647, inclusive" },
        { "procMount Unmasked with host users", p => C(p.Spec).SecurityContext = new SecurityContext { ProcMount = "Unmasked" }, "spec.containers[0].securityContext.procMount: Invalid value: \"Unmasked\": `hostUsers` must be false to use `Unmasked`" },
        { "pod fsGroup negative", p => p.Spec.SecurityContext!.FsGroup = -5, "spec.securityContext.fsGroup: Invalid value: -5: must be between 0 and 2147483647, inclusive" },
        {
            "shareProcessNamespace with hostPID",
            p =>
            {
                p.Spec.HostPID = true;
                p.Spec.ShareProcessNamespace = true;
            },
            "spec.securityContext.shareProcessNamespace: Invalid value: true: ShareProcessNamespace and HostPID cannot both be enabled"
        },
        { "seccomp Localhost without profile", p => p.Spec.SecurityContext!.SeccompProfile = new SeccompProfile { Type = "Localhost" }, "spec.securityContext.seccompProfile.localhostProfile: Required value: must be set when seccomp type is Localhost" },
        { "seccomp type empty", p => p.Spec.SecurityContext!.SeccompProfile = new SeccompProfile(), "spec.securityContext.seccompProfile.type: Required value: type is required when seccompProfile is set" },
        {
            "hostNetwork hostPort mismatch",
            p =>
            {
                p.Spec.HostNetwork = true;
                C(p.Spec).Ports = [new ContainerPort { ContainerPortValue = 80, Protocol = "TCP" }];
            },
            "spec.containers[0].ports[0].hostPort: Invalid value: 0: must match `containerPort` when `hostNetwork` is true"
        },
        {
            "toleration with empty key and Equal",
            p => p.Spec.Tolerations = [new Toleration { Operator = "Equal" }],
            "spec.tolerations[0].operator: Invalid value: \"Equal\": operator must be Exists when `key` is empty, which means \"match all values and all keys\""
        },
        {
            "tolerationSeconds without NoExecute",
            p => p.Spec.Tolerations = [new Toleration { Key = "k", Operator = "Exists", Effect = "NoSchedule", TolerationSeconds = 10 }],
            "spec.tolerations[0].effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set"
        },
        {
            "toleration effect unsupported",
            p => p.Spec.Tolerations = [new Toleration { Key = "k", Operator = "Exists", Effect = "Never" }],
            "spec.tolerations[0].effect: Unsupported value: \"Never\": supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\""
        },
        { "toleration Exists with value", p => p.Spec.Tolerations = [new Toleration { Key = "k", Operator = "Exists", Value = "v" }], "spec.tolerations[0].operator: Invalid value: \"v\": value must be empty when `operator` is 'Exists'" },
        { "nodeSelector bad key", p => p.Spec.NodeSelector = new() { ["-bad"] = "x" }, "spec.nodeSelector: Invalid value: \"-bad\": " + Msg.QualifiedNamePart },
        { "activeDeadlineSeconds zero", p => p.Spec.ActiveDeadlineSeconds = 0, "spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive" },
        { "hostname not a label", p => p.Spec.Hostname = "Bad_Host", "spec.hostname: Invalid value: \"Bad_Host\": " + Msg.Label },
        { "serviceAccountName invalid", p => p.Spec.ServiceAccountName = "Bad", "spec.serviceAccountName: Invalid value: \"Bad\": " + Msg.Subdomain },
        { "priorityClassName invalid", p => p.Spec.PriorityClassName = "High!", "spec.priorityClassName: Invalid value: \"High!\": " + Msg.Subdomain },
        { "preemptionPolicy unsupported", p => p.Spec.PreemptionPolicy = "Sometimes", "spec.preemptionPolicy: Unsupported value: \"Sometimes\": supported values: \"PreemptLowerPriority\", \"Never\"" },
        { "dnsPolicy None without dnsConfig", p => p.Spec.DnsPolicy = "None", "spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None" },
        {
            "dnsConfig with four nameservers",
            p => p.Spec.DnsConfig = new PodDNSConfig { Nameservers = ["1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4"] },
            "spec.dnsConfig.nameservers: Invalid value: []string{\"1.1.1.1\", \"2.2.2.2\", \"3.3.3.3\", \"4.4.4.4\"}: must not have more than 3 nameservers"
        },
        {
            "hostAlias with bad IP",
            p => p.Spec.HostAliases = [new HostAlias { Ip = "not-an-ip", Hostnames = ["db"] }],
            "spec.hostAliases[0].ip: Invalid value: \"not-an-ip\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"
        },
        {
            "ephemeral containers on create",
            p => p.Spec.EphemeralContainers = [new EphemeralContainer { Name = "debug", Image = "busybox", TerminationMessagePolicy = "File", ImagePullPolicy = "IfNotPresent" }],
            "spec.ephemeralContainers: Forbidden: cannot be set on create"
        },
        { "scheduling gates with nodeName", p => { p.Spec.NodeName = "node-1"; p.Spec.SchedulingGates = [new PodSchedulingGate { Name = "example.com/wait" }]; }, "spec.nodeName: Forbidden: cannot be set until all schedulingGates have been cleared" },
        {
            "topology spread maxSkew zero",
            p => p.Spec.TopologySpreadConstraints = [new TopologySpreadConstraint { MaxSkew = 0, TopologyKey = "zone", WhenUnsatisfiable = "DoNotSchedule" }],
            "spec.topologySpreadConstraints[0].maxSkew: Invalid value: 0: must be greater than zero"
        },
        {
            "node affinity without terms",
            p => p.Spec.Affinity = new Affinity { NodeAffinity = new NodeAffinity { RequiredDuringSchedulingIgnoredDuringExecution = new NodeSelector() } },
            "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms: Required value: must have at least one node selector term"
        },
        {
            "projected token without service account",
            p => p.Spec.Volumes = [new Volume { Name = "token", Projected = new ProjectedVolumeSource { DefaultMode = 420, Sources = [new VolumeProjection { ServiceAccountToken = new ServiceAccountTokenProjection { ExpirationSeconds = 3600, Path = "token" } }] } }],
            "spec.volumes[0].projected.sources[0].serviceAccountToken: Forbidden: must not be specified when serviceAccountName is not set"
        },
        { "os name empty", p => p.Spec.Os = new PodOS(), "spec.os.name: Required value: cannot be empty" },
        { "os name unsupported", p => p.Spec.Os = new PodOS { Name = "plan9" }, "spec.os: Unsupported value: \"plan9\": supported values: \"linux\", \"windows\"" },
        { "windows options on a linux pod", p => { p.Spec.Os = new PodOS { Name = "linux" }; p.Spec.SecurityContext!.WindowsOptions = new WindowsSecurityContextOptions { RunAsUserName = "admin" }; }, "spec.securityContext.windowsOptions: Forbidden: windows options cannot be set for a linux pod" },
        { "mirror pod without nodeName", p => p.Metadata.Annotations = new() { ["kubernetes.io/config.mirror"] = "x" }, "metadata.annotations[kubernetes.io/config.mirror]: Invalid value: \"x\": must set spec.nodeName if mirror pod annotation is set" },
        { "metadata name missing", p => p.Metadata.Name = "", "metadata.name: Required value: name or generateName is required" },
        { "metadata name invalid", p => p.Metadata.Name = "Web", "metadata.name: Invalid value: \"Web\": " + Msg.Subdomain },
        { "metadata namespace missing", p => p.Metadata.Namespace = "", "metadata.namespace: Required value" },
        { "metadata namespace invalid", p => p.Metadata.Namespace = "kube.system", "metadata.namespace: Invalid value: \"kube.system\": must not contain dots" },
        { "generateName invalid", p => p.Metadata.GenerateName = "Web-", "metadata.generateName: Invalid value: \"Web-\": " + Msg.Subdomain },
        { "label value invalid", p => p.Metadata.Labels = new() { ["app"] = "-bad" }, "metadata.labels: Invalid value: \"-bad\": " + Msg.LabelValue },
        { "annotation key invalid", p => p.Metadata.Annotations = new() { ["bad key"] = "v" }, "metadata.annotations: Invalid value: \"bad key\": " + Msg.QualifiedNamePart },
        { "annotations too large", p => p.Metadata.Annotations = new() { ["big"] = new string('x', 256 * 1024) }, "metadata.annotations: Too long: must have at most 262144 bytes" },
        { "finalizer not qualified", p => p.Metadata.Finalizers = ["custom"], "metadata.finalizers[0]: Invalid value: \"custom\": name is neither a standard finalizer name nor is it fully qualified" },
        { "finalizers orphan and foreground", p => p.Metadata.Finalizers = ["orphan", "foregroundDeletion"], "metadata.finalizers: Invalid value: []string{\"orphan\", \"foregroundDeletion\"}: finalizer orphan and foregroundDeletion cannot be both set" },
        { "ownerReference without uid", p => p.Metadata.OwnerReferences = [new OwnerReference { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = "rs" }], "metadata.ownerReferences.uid: Invalid value: \"\": must not be empty" },
        { "ownerReference without version", p => p.Metadata.OwnerReferences = [new OwnerReference { ApiVersion = "apps/", Kind = "ReplicaSet", Name = "rs", Uid = "1" }], "metadata.ownerReferences.apiVersion: Invalid value: \"apps/\": version must not be empty" },
        {
            "Event as owner",
            p => p.Metadata.OwnerReferences = [new OwnerReference { ApiVersion = "v1", Kind = "Event", Name = "e", Uid = "1" }],
            "metadata.ownerReferences: Invalid value: v1.OwnerReference{APIVersion:\"v1\", Kind:\"Event\", Name:\"e\", UID:\"1\", Controller:(*bool)(nil), BlockOwnerDeletion:(*bool)(nil)}: /v1, Kind=Event is disallowed from being an owner"
        },
        { "negative generation", p => p.Metadata.Generation = -1, "metadata.generation: Invalid value: -1: must be greater than or equal to 0" },
        { "managedFields bad operation", p => p.Metadata.ManagedFields = [new ManagedFieldsEntry { Manager = "kubectl", Operation = "Patch" }], "metadata.managedFields[0].operation: Invalid value: \"Patch\": must be `Apply` or `Update`" },
    };

    public static TheoryData<string> CreateNames => Create.Names;

    [Theory]
    [MemberData(nameof(CreateNames))]
    public void ValidateCreate_ReportsUpstreamErrors(string name)
    {
        var (pod, expected) = Create.Build(name);
        Errors.Create(pod).ShouldBe(expected);
    }

    private static Pod Versioned()
    {
        var pod = Fixtures.Pod();
        pod.Metadata.ResourceVersion = "1";
        return pod;
    }

    public static readonly UpdateTable<Pod> Update = new(Versioned, p => p.DeepCopy(), p => p.Metadata.ResourceVersion = "2")
    {
        { "image change", p => C(p.Spec).Image = "nginx:1.28" },
        { "added toleration", p => p.Spec.Tolerations = [new Toleration { Key = "k", Operator = "Exists", Effect = "NoExecute", TolerationSeconds = 10 }] },
        {
            "restartPolicy change",
            p => p.Spec.RestartPolicy = "Never",
            "spec: Forbidden: " + PodValidation.UpdatableFieldsMessage + "\n  core.PodSpec{\n- \trestartPolicy: \"Always\",\n+ \trestartPolicy: \"Never\",\n  }\n"
        },
        { "container added", p => p.Spec.Containers!.Add(Fixtures.Container("sidecar")), "spec.containers: Forbidden: pod updates may not add or remove containers" },
        { "image removed", p => C(p.Spec).Image = "", "spec.containers[0].image: Required value" },
        { "activeDeadlineSeconds raised", o => o.Spec.ActiveDeadlineSeconds = 10, p => p.Spec.ActiveDeadlineSeconds = 20, "spec.activeDeadlineSeconds: Invalid value: 20: must be less than or equal to previous value" },
        { "activeDeadlineSeconds lowered", o => o.Spec.ActiveDeadlineSeconds = 20, p => p.Spec.ActiveDeadlineSeconds = 10 },
        { "activeDeadlineSeconds removed", o => o.Spec.ActiveDeadlineSeconds = 20, p => p.Spec.ActiveDeadlineSeconds = null, "spec.activeDeadlineSeconds: Invalid value: \"null\": must not update from a positive integer to nil value" },
        {
            "toleration modified",
            o => o.Spec.Tolerations = [new Toleration { Key = "k", Operator = "Equal", Value = "a", Effect = "NoSchedule" }],
            p => p.Spec.Tolerations![0].Value = "b",
            "spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds"
        },
        { "terminationGracePeriodSeconds from negative to 1", o => o.Spec.TerminationGracePeriodSeconds = -1, p => p.Spec.TerminationGracePeriodSeconds = 1 },
        { "name changed", p => p.Metadata.Name = "web2", "metadata.name: Invalid value: \"web2\": field is immutable" },
        { "uid changed", p => p.Metadata.Uid = "other", "metadata.uid: Invalid value: \"other\": field is immutable" },
        { "resourceVersion missing", p => p.Metadata.ResourceVersion = "", "metadata.resourceVersion: Invalid value: \"\": must be specified for an update" },
        {
            "finalizer added while deleting",
            o => o.Metadata.DeletionTimestamp = KubeSharp.Api.Time.FromUnix(1_700_000_000),
            p => p.Metadata.Finalizers = ["example.com/x"],
            "metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{\"example.com/x\"}"
        },
        {
            "creationTimestamp changed",
            p => p.Metadata.CreationTimestamp = KubeSharp.Api.Time.FromUnix(1_700_000_000),
            "metadata.creationTimestamp: Invalid value: 2023-11-14 22:13:20 +0000 UTC: field is immutable"
        },
        { "generation decremented", o => o.Metadata.Generation = 2, p => p.Metadata.Generation = 1, "metadata.generation: Invalid value: 1: must not be decremented" },
        { "mirror annotation added", p => { p.Spec.NodeName = "n"; p.Metadata.Annotations = new() { ["kubernetes.io/config.mirror"] = "x" }; }, "metadata.annotations[kubernetes.io/config.mirror]: Forbidden: may not add mirror pod annotation", "spec: Forbidden: " + PodValidation.UpdatableFieldsMessage + "\n  core.PodSpec{\n+ \tnodeName: \"n\",\n  }\n" },
    };

    public static TheoryData<string> UpdateNames => Update.Names;

    [Theory]
    [MemberData(nameof(UpdateNames))]
    public void ValidateUpdate_ReportsUpstreamErrors(string name)
    {
        var (updated, old, expected) = Update.Build(name);
        Errors.Update(updated, old).ShouldBe(expected);
    }

    public static readonly UpdateTable<Pod> Status = new(Versioned, p => p.DeepCopy(), p => p.Metadata.ResourceVersion = "2")
    {
        { "phase change", p => p.Status.Phase = "Running" },
        { "nodeName change", p => p.Spec.NodeName = "node-1", "status.nodeName: Forbidden: may not be changed directly" },
        { "qosClass change", o => o.Status.QosClass = "BestEffort", p => p.Status.QosClass = "Burstable", "status.qosClass: Invalid value: \"Burstable\": field is immutable" },
        {
            "terminated container restarted",
            o =>
            {
                o.Spec.RestartPolicy = "Never";
                o.Status.ContainerStatuses = [new ContainerStatus { Name = "app", State = new ContainerState { Terminated = new ContainerStateTerminated { ExitCode = 0 } } }];
            },
            p => p.Status.ContainerStatuses![0].State = new ContainerState { Running = new ContainerStateRunning() },
            "status.containerStatuses[0].state: Forbidden: may not be transitioned to non-terminated state"
        },
        { "bad pod IP", p => p.Status.PodIPs = [new PodIP { Ip = "1.2.3" }], "status.podIPs[0]: Invalid value: \"1.2.3\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)" },
    };

    public static TheoryData<string> StatusNames => Status.Names;

    [Theory]
    [MemberData(nameof(StatusNames))]
    public void ValidateStatusUpdate_ReportsUpstreamErrors(string name)
    {
        var (updated, old, expected) = Status.Build(name);
        Errors.StatusUpdate(updated, old).ShouldBe(expected);
    }

    [Fact]
    public void ValidateCreate_PrivilegedContainer_ForbiddenWhenClusterDisallows()
    {
        var pod = Fixtures.Pod();
        C(pod.Spec).SecurityContext = new SecurityContext { Privileged = true };
        var options = KubeSharp.ApiServer.Validation.ValidationOptions.Default with { AllowPrivileged = false };
        Errors.Of(KubeSharp.ApiServer.Validation.ObjectValidator.ValidateCreate(pod, options))
            .ShouldBe(["spec.containers[0].securityContext.privileged: Forbidden: disallowed by cluster policy"]);
    }
}
