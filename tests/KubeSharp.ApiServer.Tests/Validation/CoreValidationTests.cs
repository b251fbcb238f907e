using KubeSharp.Api;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Meta.V1;

namespace KubeSharp.ApiServer.Tests.Validation;

public class CoreValidationTests
{
    private static T Versioned<T>(T obj) where T : IKubeMetaObject
    {
        obj.Metadata.ResourceVersion = "1";
        return obj;
    }

    private static ServicePort Port(string name, int port, string protocol = "TCP") =>
        new() { Name = name, Port = port, Protocol = protocol, TargetPort = IntOrString.FromInt32(port) };

    private static Service ExternalName(Service s)
    {
        s.Spec.Type = "ExternalName";
        s.Spec.ExternalName = "db.example.com";
        s.Spec.ClusterIP = "";
        s.Spec.ClusterIPs = null;
        s.Spec.IpFamilies = null;
        s.Spec.IpFamilyPolicy = null;
        s.Spec.InternalTrafficPolicy = null;
        return s;
    }

    public static readonly CaseTable<Service> ServiceCreate = new(Fixtures.Service)
    {
        { "valid service", _ => { } },
        { "ports missing", s => s.Spec.Ports = null, "spec.ports: Required value" },
        { "headless without ports", s => { s.Spec.Ports = null; s.Spec.ClusterIP = "None"; s.Spec.ClusterIPs = ["None"]; } },
        { "port zero", s => s.Spec.Ports![0].Port = 0, "spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive" },
        { "protocol unsupported", s => s.Spec.Ports![0].Protocol = "ICMP", "spec.ports[0].protocol: Unsupported value: \"ICMP\": supported values: \"SCTP\", \"TCP\", \"UDP\"" },
        { "multiple ports without names", s => s.Spec.Ports = [Port("", 80), Port("", 443)], "spec.ports[0].name: Required value", "spec.ports[1].name: Required value" },
        { "duplicate port names", s => s.Spec.Ports = [Port("http", 80), Port("http", 443)], "spec.ports[1].name: Duplicate value: \"http\"" },
        {
            "duplicate port and protocol",
            s => s.Spec.Ports = [Port("a", 80), Port("b", 80)],
            "spec.ports[1]: Duplicate value: core.ServicePort{Name:\"\", Protocol:\"TCP\", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}, NodePort:0}"
        },
        { "same port different protocols", s => s.Spec.Ports = [Port("a", 53), Port("b", 53, "UDP")] },
        { "port name not a label", s => s.Spec.Ports![0].Name = "HTTP", "spec.ports[0].name: Invalid value: \"HTTP\": " + Msg.Label },
        {
            "targetPort name invalid",
            s => s.Spec.Ports![0].TargetPort = IntOrString.FromString("-web"),
            "spec.ports[0].targetPort: Invalid value: \"-web\": must not begin or end with a hyphen"
        },
        { "appProtocol invalid", s => s.Spec.Ports![0].AppProtocol = "a/b/c", "spec.ports[0].appProtocol: Invalid value: \"a/b/c\": " + KubeSharp.Api.Validation.ValueValidation.IsQualifiedName("a/b/c")[0] },
        { "type unsupported", s => s.Spec.Type = "Internal", "spec.type: Unsupported value: \"Internal\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\"" },
        { "type empty", s => { s.Spec.Type = ""; s.Spec.InternalTrafficPolicy = null; }, "spec.type: Required value" },
        { "nodePort on ClusterIP", s => s.Spec.Ports![0].NodePort = 30080, "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'" },
        {
            "duplicate nodePorts",
            s =>
            {
                s.Spec.Type = "NodePort";
                s.Spec.ExternalTrafficPolicy = "Cluster";
                s.Spec.Ports = [Port("a", 80), Port("b", 81)];
                s.Spec.Ports[0].NodePort = 30080;
                s.Spec.Ports[1].NodePort = 30080;
            },
            "spec.ports[1].nodePort: Duplicate value: 30080"
        },
        { "name not DNS-1035", s => s.Metadata.Name = "1web", "metadata.name: Invalid value: \"1web\": " + Msg.Dns1035 },
        { "clusterIPs do not match clusterIP", s => s.Spec.ClusterIPs = ["10.43.0.11"], "spec.clusterIPs: Invalid value: []string{\"10.43.0.11\"}: first value must match `clusterIP`" },
        { "clusterIP invalid", s => { s.Spec.ClusterIP = "bad"; s.Spec.ClusterIPs = ["bad"]; }, "spec.clusterIPs[0]: Invalid value: \"bad\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)" },
        { "clusterIPs without clusterIP", s => s.Spec.ClusterIP = "", "spec.clusterIPs: Invalid value: []string{\"10.43.0.10\"}: must be empty when `clusterIP` is not specified" },
        { "ipFamily unsupported", s => s.Spec.IpFamilies = ["IPv5"], "spec.ipFamilies[0]: Unsupported value: \"IPv5\": supported values: \"IPv4\", \"IPv6\"" },
        { "clusterIP of the wrong family", s => s.Spec.IpFamilies = ["IPv6"], "spec.clusterIPs[0]: Invalid value: \"10.43.0.10\": expected an IPv6 value as indicated by `ipFamilies[0]`" },
        { "valid ExternalName", s => ExternalName(s) },
        { "ExternalName without externalName", s => ExternalName(s).Spec.ExternalName = "", "spec.externalName: Required value" },
        { "ExternalName invalid", s => ExternalName(s).Spec.ExternalName = "Bad_Name", "spec.externalName: Invalid value: \"Bad_Name\": " + Msg.Subdomain },
        { "ExternalName with clusterIPs", s => ExternalName(s).Spec.ClusterIPs = ["10.43.0.10"], "spec.clusterIPs: Forbidden: may not be set for ExternalName services" },
        {
            "LoadBalancer without allocateLoadBalancerNodePorts",
            s => { s.Spec.Type = "LoadBalancer"; s.Spec.ExternalTrafficPolicy = "Cluster"; },
            "allocateLoadBalancerNodePorts: Required value"
        },
        {
            "headless LoadBalancer",
            s =>
            {
                s.Spec.Type = "LoadBalancer";
                s.Spec.ExternalTrafficPolicy = "Cluster";
                s.Spec.AllocateLoadBalancerNodePorts = true;
                s.Spec.ClusterIP = "None";
                s.Spec.ClusterIPs = ["None"];
            },
            "spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for LoadBalancer services"
        },
        { "sessionAffinity unsupported", s => s.Spec.SessionAffinity = "Cookie", "spec.sessionAffinity: Unsupported value: \"Cookie\": supported values: \"ClientIP\", \"None\"" },
        { "ClientIP affinity without config", s => s.Spec.SessionAffinity = "ClientIP", "spec.sessionAffinityConfig: Required value: when session affinity type is ClientIP" },
        {
            "ClientIP timeout too large",
            s => { s.Spec.SessionAffinity = "ClientIP"; s.Spec.SessionAffinityConfig = new SessionAffinityConfig { ClientIP = new ClientIPConfig { TimeoutSeconds = 90000 } }; },
            "spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 90000: must be greater than 0 and less than 86400"
        },
        { "externalTrafficPolicy on ClusterIP", s => s.Spec.ExternalTrafficPolicy = "Local", "spec.externalTrafficPolicy: Invalid value: \"Local\": may only be set for externally-accessible services" },
        { "NodePort without externalTrafficPolicy", s => s.Spec.Type = "NodePort", "spec.externalTrafficPolicy: Required value" },
        { "internalTrafficPolicy missing", s => s.Spec.InternalTrafficPolicy = null, "spec.internalTrafficPolicy: Required value" },
        { "selector value invalid", s => s.Spec.Selector!["app"] = "-x", "spec.selector: Invalid value: \"-x\": " + Msg.LabelValue },
        {
            "externalIP in loopback range",
            s => s.Spec.ExternalIPs = ["127.0.0.1"],
            "spec.externalIPs[0]: Invalid value: \"127.0.0.1\": may not be in the loopback range (127.0.0.0/8, ::1/128)",
            "spec.externalTrafficPolicy: Required value"
        },
        { "loadBalancerSourceRanges on ClusterIP", s => s.Spec.LoadBalancerSourceRanges = ["10.0.0.0/8"], "spec.LoadBalancerSourceRanges: Forbidden: may only be used when `type` is 'LoadBalancer'" },
        { "trafficDistribution unsupported", s => s.Spec.TrafficDistribution = "Random", "spec.trafficDistribution: Unsupported value: \"Random\": supported values: \"PreferClose\"" },
    };

    public static TheoryData<string> ServiceCreateNames => ServiceCreate.Names;

    [Theory]
    [MemberData(nameof(ServiceCreateNames))]
    public void Service_ValidateCreate(string name)
    {
        var (obj, expected) = ServiceCreate.Build(name);
        Errors.Create(obj).ShouldBe(expected);
    }

    public static readonly UpdateTable<Service> ServiceUpdate = new(() => Versioned(Fixtures.Service()), s => s.DeepCopy(), s => s.Metadata.ResourceVersion = "2")
    {
        { "selector change", s => s.Spec.Selector!["app"] = "api" },
        { "clusterIP change", s => { s.Spec.ClusterIP = "10.43.0.11"; s.Spec.ClusterIPs = ["10.43.0.11"]; }, "spec.clusterIPs[0]: Invalid value: []string{\"10.43.0.11\"}: may not change once set" },
        {
            "ipFamilies change",
            s => s.Spec.IpFamilies = ["IPv6"],
            "spec.ipFamilies[0]: Invalid value: []string{\"IPv6\"}: may not change once set",
            "spec.clusterIPs[0]: Invalid value: \"10.43.0.10\": expected an IPv6 value as indicated by `ipFamilies[0]`"
        },
        { "to ExternalName", s => ExternalName(s) },
    };

    public static TheoryData<string> ServiceUpdateNames => ServiceUpdate.Names;

    [Theory]
    [MemberData(nameof(ServiceUpdateNames))]
    public void Service_ValidateUpdate(string name)
    {
        var (updated, old, expected) = ServiceUpdate.Build(name);
        Errors.Update(updated, old).ShouldBe(expected);
    }

    public static readonly UpdateTable<Service> ServiceStatus = new(() => Versioned(Fixtures.Service()), s => s.DeepCopy(), s => s.Metadata.ResourceVersion = "2")
    {
        {
            "ingress on ClusterIP service",
            s => s.Status.LoadBalancer.Ingress = [new LoadBalancerIngress { Ip = "1.2.3.4", IpMode = "VIP" }],
            "status.loadBalancer.ingress: Forbidden: may only be used when `spec.type` is 'LoadBalancer'"
        },
        {
            "ingress with bad IP",
            o => { o.Spec.Type = "LoadBalancer"; o.Spec.ExternalTrafficPolicy = "Cluster"; o.Spec.AllocateLoadBalancerNodePorts = true; },
            s => s.Status.LoadBalancer.Ingress = [new LoadBalancerIngress { Ip = "1.2.3", IpMode = "VIP" }],
            "status.loadBalancer.ingress[0].ip: Invalid value: \"1.2.3\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"
        },
        {
            "ingress hostname that is an IP",
            o => { o.Spec.Type = "LoadBalancer"; o.Spec.ExternalTrafficPolicy = "Cluster"; o.Spec.AllocateLoadBalancerNodePorts = true; },
            s => s.Status.LoadBalancer.Ingress = [new LoadBalancerIngress { Hostname = "1.2.3.4" }],
            "status.loadBalancer.ingress[0].hostname: Invalid value: \"1.2.3.4\": must be a DNS name, not an IP address"
        },
    };

    public static TheoryData<string> ServiceStatusNames => ServiceStatus.Names;

    [Theory]
    [MemberData(nameof(ServiceStatusNames))]
    public void Service_ValidateStatusUpdate(string name)
    {
        var (updated, old, expected) = ServiceStatus.Build(name);
        Errors.StatusUpdate(updated, old).ShouldBe(expected);
    }

    private static Namespace Ns() => new() { ApiVersion = "v1", Kind = "Namespace", Metadata = new ObjectMeta { Name = "team-a" }, Spec = new NamespaceSpec { Finalizers = ["kubernetes"] } };

    public static readonly CaseTable<Namespace> NamespaceCreate = new(Ns)
    {
        { "valid namespace", _ => { } },
        { "name with dots", n => n.Metadata.Name = "team.a", "metadata.name: Invalid value: \"team.a\": must not contain dots" },
        { "name too long", n => n.Metadata.Name = new string('n', 64), "metadata.name: Invalid value: \"" + new string('n', 64) + "\": must be no more than 63 characters" },
        { "namespace set", n => n.Metadata.Namespace = "default", "metadata.namespace: Forbidden: not allowed on this type" },
        { "spec finalizer not qualified", n => n.Spec.Finalizers = ["custom"], "spec.finalizers: Invalid value: \"custom\": name is neither a standard finalizer name nor is it fully qualified" },
        { "spec finalizer qualified", n => n.Spec.Finalizers = ["example.com/cleanup"] },
    };

    public static TheoryData<string> NamespaceCreateNames => NamespaceCreate.Names;

    [Theory]
    [MemberData(nameof(NamespaceCreateNames))]
    public void Namespace_ValidateCreate(string name)
    {
        var (obj, expected) = NamespaceCreate.Build(name);
        Errors.Create(obj).ShouldBe(expected);
    }

    [Fact]
    public void Namespace_ValidateUpdate_NameIsImmutable()
    {
        var old = Versioned(Ns());
        var updated = old.DeepCopy();
        updated.Metadata.ResourceVersion = "2";
        updated.Metadata.Name = "team-b";
        Errors.Update(updated, old).ShouldBe(["metadata.name: Invalid value: \"team-b\": field is immutable"]);
    }

    [Fact]
    public void Namespace_ValidateStatusUpdate_TerminatingWithoutDeletion()
    {
        var old = Versioned(Ns());
        old.Status.Phase = "Active";
        var updated = old.DeepCopy();
        updated.Metadata.ResourceVersion = "2";
        updated.Status.Phase = "Terminating";
        Errors.StatusUpdate(updated, old).ShouldBe(["status.Phase: Invalid value: \"Terminating\": may only be 'Active' if `deletionTimestamp` is empty"]);
    }

    private static ConfigMap Cm() => new() { ApiVersion = "v1", Kind = "ConfigMap", Metadata = Fixtures.Meta("settings"), Data = new() { ["app.properties"] = "a=b" } };

    public static readonly CaseTable<ConfigMap> ConfigMapCreate = new(Cm)
    {
        { "valid configmap", _ => { } },
        { "key with space", c => c.Data!["a b"] = "x", "data[a b]: Invalid value: \"a b\": " + Msg.ConfigMapKey },
        { "key is dot-dot", c => c.Data![".."] = "x", "data[..]: Invalid value: \"..\": must not be '..'" },
        { "key in data and binaryData", c => c.BinaryData = new() { ["app.properties"] = [1] }, "data[app.properties]: Invalid value: \"app.properties\": duplicate of key present in binaryData" },
        { "binaryData key invalid", c => c.BinaryData = new() { ["a/b"] = [1] }, "binaryData[a/b]: Invalid value: \"a/b\": " + Msg.ConfigMapKey },
        { "too large", c => c.Data!["big"] = new string('x', 1024 * 1024), "[]: Too long: must have at most 1048576 bytes" },
        { "name invalid", c => c.Metadata.Name = "Settings", "metadata.name: Invalid value: \"Settings\": " + Msg.Subdomain },
    };

    public static TheoryData<string> ConfigMapCreateNames => ConfigMapCreate.Names;

    [Theory]
    [MemberData(nameof(ConfigMapCreateNames))]
    public void ConfigMap_ValidateCreate(string name)
    {
        var (obj, expected) = ConfigMapCreate.Build(name);
        Errors.Create(obj).ShouldBe(expected);
    }

    public static readonly UpdateTable<ConfigMap> ConfigMapUpdate = new(() => Versioned(Cm()), c => c.DeepCopy(), c => c.Metadata.ResourceVersion = "2")
    {
        { "data change", c => c.Data!["app.properties"] = "a=c" },
        { "immutable data change", o => o.Immutable = true, c => c.Data!["app.properties"] = "a=c", "data: Forbidden: field is immutable when `immutable` is set" },
        { "immutable unset", o => o.Immutable = true, c => c.Immutable = false, "immutable: Forbidden: field is immutable when `immutable` is set" },
        { "immutable binaryData added", o => o.Immutable = true, c => c.BinaryData = new() { ["b"] = [1] }, "binaryData: Forbidden: field is immutable when `immutable` is set" },
        { "made immutable", c => c.Immutable = true },
    };

    public static TheoryData<string> ConfigMapUpdateNames => ConfigMapUpdate.Names;

    [Theory]
    [MemberData(nameof(ConfigMapUpdateNames))]
    public void ConfigMap_ValidateUpdate(string name)
    {
        var (updated, old, expected) = ConfigMapUpdate.Build(name);
        Errors.Update(updated, old).ShouldBe(expected);
    }

    private static Secret Sec() => new() { ApiVersion = "v1", Kind = "Secret", Metadata = Fixtures.Meta("creds"), Type = "Opaque", Data = new() { ["password"] = "hunter2"u8.ToArray() } };

    public static readonly CaseTable<Secret> SecretCreate = new(Sec)
    {
        { "valid opaque secret", _ => { } },
        { "key invalid", s => s.Data!["a b"] = [1], "data[a b]: Invalid value: \"a b\": " + Msg.ConfigMapKey },
        { "too large", s => s.Data!["big"] = new byte[1024 * 1024], "data: Too long: must have at most 1048576 bytes" },
        { "dockerconfigjson without key", s => s.Type = "kubernetes.io/dockerconfigjson", "data[.dockerconfigjson]: Required value" },
        {
            "dockerconfigjson truncated",
            s => { s.Type = "kubernetes.io/dockerconfigjson"; s.Data![".dockerconfigjson"] = "{\"auths\":"u8.ToArray(); },
            "data[.dockerconfigjson]: Invalid value: \"<secret contents redacted>\": unexpected end of JSON input"
        },
        {
            "dockerconfigjson is an array",
            s => { s.Type = "kubernetes.io/dockerconfigjson"; s.Data![".dockerconfigjson"] = "[]"u8.ToArray(); },
            "data[.dockerconfigjson]: Invalid value: \"<secret contents redacted>\": json: cannot unmarshal array into Go value of type map[string]interface {}"
        },
        { "valid dockerconfigjson", s => { s.Type = "kubernetes.io/dockerconfigjson"; s.Data![".dockerconfigjson"] = "{\"auths\":{}}"u8.ToArray(); } },
        { "dockercfg without key", s => s.Type = "kubernetes.io/dockercfg", "data[.dockercfg]: Required value" },
        { "tls without keys", s => s.Type = "kubernetes.io/tls", "data[tls.crt]: Required value", "data[tls.key]: Required value" },
        { "service account token without annotation", s => s.Type = "kubernetes.io/service-account-token", "metadata.annotations[kubernetes.io/service-account.name]: Required value" },
        {
            "service account token with annotation",
            s => { s.Type = "kubernetes.io/service-account-token"; s.Metadata.Annotations = new() { ["kubernetes.io/service-account.name"] = "default" }; }
        },
        { "basic-auth without fields", s => { s.Type = "kubernetes.io/basic-auth"; s.Data = null; }, "data[username]: Required value", "data[password]: Required value" },
        { "ssh-auth without key", s => s.Type = "kubernetes.io/ssh-auth", "data[ssh-privatekey]: Required value" },
        { "custom type", s => s.Type = "example.com/custom" },
    };

    public static TheoryData<string> SecretCreateNames => SecretCreate.Names;

    [Theory]
    [MemberData(nameof(SecretCreateNames))]
    public void Secret_ValidateCreate(string name)
    {
        var (obj, expected) = SecretCreate.Build(name);
        Errors.Create(obj).ShouldBe(expected);
    }

    public static readonly UpdateTable<Secret> SecretUpdate = new(() => Versioned(Sec()), s => s.DeepCopy(), s => s.Metadata.ResourceVersion = "2")
    {
        { "data change", s => s.Data!["password"] = "x"u8.ToArray() },
        {
            "type change",
            s => { s.Type = "kubernetes.io/tls"; s.Data = new() { ["tls.crt"] = [1], ["tls.key"] = [2] }; },
            "type: Invalid value: \"kubernetes.io/tls\": field is immutable"
        },
        { "immutable data change", o => o.Immutable = true, s => s.Data!["password"] = "x"u8.ToArray(), "data: Forbidden: field is immutable when `immutable` is set" },
    };

    public static TheoryData<string> SecretUpdateNames => SecretUpdate.Names;

    [Theory]
    [MemberData(nameof(SecretUpdateNames))]
    public void Secret_ValidateUpdate(string name)
    {
        var (updated, old, expected) = SecretUpdate.Build(name);
        Errors.Update(updated, old).ShouldBe(expected);
    }

    [Fact]
    public void ServiceAccount_NameRulesAndImmutability()
    {
        var account = new ServiceAccount { ApiVersion = "v1", Kind = "ServiceAccount", Metadata = Fixtures.Meta("builder") };
        Errors.Create(account).ShouldBeEmpty();
        account.Metadata.Name = "Builder";
        Errors.Create(account).ShouldBe(["metadata.name: Invalid value: \"Builder\": " + Msg.Subdomain]);

        var old = Versioned(new ServiceAccount { Metadata = Fixtures.Meta("builder") });
        var updated = old.DeepCopy();
        updated.Metadata.ResourceVersion = "2";
        updated.Metadata.Name = "builder2";
        Errors.Update(updated, old).ShouldBe(["metadata.name: Invalid value: \"builder2\": field is immutable"]);
    }

    private static Node NodeFixture() => new() { ApiVersion = "v1", Kind = "Node", Metadata = new ObjectMeta { Name = "node-1" }, Spec = new NodeSpec { PodCIDRs = ["10.42.0.0/24"], PodCIDR = "10.42.0.0/24" } };

    public static readonly CaseTable<Node> NodeCreate = new(NodeFixture)
    {
        { "valid node", _ => { } },
        { "namespace set", n => n.Metadata.Namespace = "default", "metadata.namespace: Forbidden: not allowed on this type" },
        { "taint without effect", n => n.Spec.Taints = [new Taint { Key = "dedicated", Value = "gpu" }], "metadata.taints[0].effect: Required value" },
        {
            "duplicate taints",
            n => n.Spec.Taints = [new Taint { Key = "k", Value = "v", Effect = "NoSchedule" }, new Taint { Key = "k", Value = "w", Effect = "NoSchedule" }],
            "metadata.taints[1]: Duplicate value: core.Taint{Key:\"k\", Value:\"w\", Effect:\"NoSchedule\", TimeAdded:(*v1.Time)(nil)}: taints must be unique by key and effect pair"
        },
        { "taint value invalid", n => n.Spec.Taints = [new Taint { Key = "k", Value = "-v", Effect = "NoSchedule" }], "metadata.taints[0].value: Invalid value: \"-v\": " + Msg.LabelValue },
        { "podCIDR invalid", n => n.Spec.PodCIDRs = ["10.0.0.0/33"], "spec.podCIDRs[0]: Invalid value: \"10.0.0.0/33\": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)" },
        { "two IPv4 podCIDRs", n => n.Spec.PodCIDRs = ["10.42.0.0/24", "10.43.0.0/24"], "spec.podCIDRs: Invalid value: []string{\"10.42.0.0/24\", \"10.43.0.0/24\"}: may specify no more than one CIDR for each IP family" },
        { "negative capacity", n => n.Status.Capacity = new() { ["cpu"] = Quantity.Parse("-1") }, "status.capacity.cpu: Invalid value: \"-1\": must be greater than or equal to 0" },
    };

    public static TheoryData<string> NodeCreateNames => NodeCreate.Names;

    [Theory]
    [MemberData(nameof(NodeCreateNames))]
    public void Node_ValidateCreate(string name)
    {
        var (obj, expected) = NodeCreate.Build(name);
        Errors.Create(obj).ShouldBe(expected);
    }

    public static readonly UpdateTable<Node> NodeUpdate = new(() => Versioned(NodeFixture()), n => n.DeepCopy(), n => n.Metadata.ResourceVersion = "2")
    {
        { "unschedulable and taints", n => { n.Spec.Unschedulable = true; n.Spec.Taints = [new Taint { Key = "k", Effect = "NoExecute" }]; } },
        { "podCIDR change", n => n.Spec.PodCIDRs = ["10.42.1.0/24"], "spec.podCIDRs: Forbidden: node updates may not change podCIDR except from \"\" to valid" },
        { "providerID change", o => o.Spec.ProviderID = "k3s://node-1", n => n.Spec.ProviderID = "k3s://node-2", "spec.providerID: Forbidden: node updates may not change providerID except from \"\" to valid" },
        { "providerID set", n => n.Spec.ProviderID = "k3s://node-1" },
        {
            "duplicate addresses",
            n => n.Status.Addresses = [new NodeAddress { Type = "InternalIP", Address = "10.0.0.1" }, new NodeAddress { Type = "InternalIP", Address = "10.0.0.1" }],
            "status.addresses[1]: Duplicate value: core.NodeAddress{Type:\"InternalIP\", Address:\"10.0.0.1\"}"
        },
    };

    public static TheoryData<string> NodeUpdateNames => NodeUpdate.Names;

    [Theory]
    [MemberData(nameof(NodeUpdateNames))]
    public void Node_ValidateUpdate(string name)
    {
        var (updated, old, expected) = NodeUpdate.Build(name);
        Errors.Update(updated, old).ShouldBe(expected);
    }

    private static Endpoints Ep() => new()
    {
        ApiVersion = "v1",
        Kind = "Endpoints",
        Metadata = Fixtures.Meta(),
        Subsets = [new EndpointSubset { Addresses = [new EndpointAddress { Ip = "10.42.0.5" }], Ports = [new EndpointPort { Port = 80, Protocol = "TCP" }] }],
    };

    public static readonly CaseTable<Endpoints> EndpointsCreate = new(Ep)
    {
        { "valid endpoints", _ => { } },
        { "subset without addresses", e => e.Subsets![0].Addresses = null, "subsets[0]: Required value: must specify `addresses` or `notReadyAddresses`" },
        { "loopback address", e => e.Subsets![0].Addresses![0].Ip = "127.0.0.1", "subsets[0].addresses[0].ip: Invalid value: \"127.0.0.1\": may not be in the loopback range (127.0.0.0/8, ::1/128)" },
        { "link-local address", e => e.Subsets![0].Addresses![0].Ip = "169.254.1.1", "subsets[0].addresses[0].ip: Invalid value: \"169.254.1.1\": may not be in the link-local range (169.254.0.0/16, fe80::/10)" },
        { "unspecified address", e => e.Subsets![0].Addresses![0].Ip = "0.0.0.0", "subsets[0].addresses[0].ip: Invalid value: \"0.0.0.0\": may not be unspecified (0.0.0.0)" },
        {
            "address not an IP",
            e => e.Subsets![0].Addresses![0].Ip = "pod",
            "subsets[0].addresses[0].ip: Invalid value: \"pod\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)",
            "subsets[0].addresses[0].ip: Invalid value: \"pod\": must be a valid IP address"
        },
        { "two ports one unnamed", e => e.Subsets![0].Ports = [new EndpointPort { Port = 80, Protocol = "TCP" }, new EndpointPort { Name = "b", Port = 81, Protocol = "TCP" }], "subsets[0].ports[0].name: Required value" },
        { "port protocol missing", e => e.Subsets![0].Ports![0].Protocol = "", "subsets[0].ports[0].protocol: Required value" },
    };

    public static TheoryData<string> EndpointsCreateNames => EndpointsCreate.Names;

    [Theory]
    [MemberData(nameof(EndpointsCreateNames))]
    public void Endpoints_ValidateCreate(string name)
    {
        var (obj, expected) = EndpointsCreate.Build(name);
        Errors.Create(obj).ShouldBe(expected);
    }

    private static ReplicationController Rc() => new()
    {
        ApiVersion = "v1",
        Kind = "ReplicationController",
        Metadata = Fixtures.Meta(),
        Spec = new ReplicationControllerSpec { Replicas = 1, Selector = new() { ["app"] = "web" }, Template = Fixtures.Template() },
    };

    public static readonly CaseTable<ReplicationController> RcCreate = new(Rc)
    {
        { "valid replication controller", _ => { } },
        { "selector missing", r => r.Spec.Selector = null, "spec.selector: Required value" },
        { "selector mismatch", r => r.Spec.Selector = new() { ["app"] = "api" }, "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\"}: `selector` does not match template `labels`" },
        { "template missing", r => r.Spec.Template = null, "spec.template: Required value" },
        { "negative replicas", r => r.Spec.Replicas = -1, "spec.replicas: Invalid value: -1: must be greater than or equal to 0" },
        { "template restartPolicy OnFailure", r => r.Spec.Template!.Spec.RestartPolicy = "OnFailure", "spec.template.spec.restartPolicy: Unsupported value: \"OnFailure\": supported values: \"Always\"" },
        { "template activeDeadlineSeconds", r => r.Spec.Template!.Spec.ActiveDeadlineSeconds = 3, "spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicationController is not Supported" },
    };

    public static TheoryData<string> RcCreateNames => RcCreate.Names;

    [Theory]
    [MemberData(nameof(RcCreateNames))]
    public void ReplicationController_ValidateCreate(string name)
    {
        var (obj, expected) = RcCreate.Build(name);
        Errors.Create(obj).ShouldBe(expected);
    }

    [Fact]
    public void ReplicationController_ValidateStatusUpdate_AvailableAboveReady()
    {
        var old = Versioned(Rc());
        var updated = old.DeepCopy();
        updated.Metadata.ResourceVersion = "2";
        updated.Status.Replicas = 3;
        updated.Status.ReadyReplicas = 1;
        updated.Status.AvailableReplicas = 2;
        Errors.StatusUpdate(updated, old).ShouldBe(["status.availableReplicas: Invalid value: 2: cannot be greater than readyReplicas"]);
    }

    [Fact]
    public void PodTemplate_ValidatesTemplateSpec()
    {
        var template = new PodTemplate { ApiVersion = "v1", Kind = "PodTemplate", Metadata = Fixtures.Meta(), Template = Fixtures.Template() };
        Errors.Create(template).ShouldBeEmpty();
        template.Template.Spec.Containers = null;
        template.Template.Spec.EphemeralContainers = [new EphemeralContainer { Name = "debug", Image = "busybox", TerminationMessagePolicy = "File", ImagePullPolicy = "Always" }];
        Errors.Create(template).ShouldBe(["template.spec.containers: Required value", "template.spec.ephemeralContainers: Forbidden: ephemeral containers not allowed in pod template"]);
    }
}
