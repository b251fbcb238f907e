using KubeSharp.Api.ApiRegistration.V1;
using KubeSharp.Api.Certificates.V1;
using KubeSharp.Api.Coordination.V1;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.FlowControl.V1;
using KubeSharp.Api.Node.V1;
using KubeSharp.Api.Rbac.V1;
using KubeSharp.Api.Scheduling.V1;
using CoreEvent = KubeSharp.Api.Core.V1.Event;
using EventsEvent = KubeSharp.Api.Events.V1.Event;

namespace KubeSharp.ApiServer.Tests.Tables;

public class ClusterPrinterTests
{
    private const string Meta = "'metadata':{'name':'x','creationTimestamp':'2024-12-30T12:00:00Z'}";

    public static TheoryData<string, string, string> NodeCases => new()
    {
        {
            "Ready_ControlPlane_Wide",
            "{'metadata':{'name':'n1','creationTimestamp':'2024-12-30T12:00:00Z','labels':{'node-role.kubernetes.io/control-plane':'','node-role.kubernetes.io/master':'true','kubernetes.io/role':'etcd'}},"
                + "'status':{'conditions':[{'type':'MemoryPressure','status':'False'},{'type':'Ready','status':'True'}],"
                + "'addresses':[{'type':'InternalIP','address':'192.168.1.10'},{'type':'Hostname','address':'n1'}],"
                + "'nodeInfo':{'kubeletVersion':'v1.32.0','osImage':'Debian GNU/Linux 12 (bookworm)','kernelVersion':'6.1.0','containerRuntimeVersion':'containerd://1.7.0'}}}",
            "\"n1\",\"Ready\",\"control-plane,etcd,master\",\"2d\",\"v1.32.0\",\"192.168.1.10\",\"<none>\",\"Debian GNU/Linux 12 (bookworm)\",\"6.1.0\",\"containerd://1.7.0\""
        },
        {
            "NotReady_Cordoned_NoRoles",
            "{'metadata':{'name':'n2','creationTimestamp':'2024-12-30T12:00:00Z'},'spec':{'unschedulable':true},"
                + "'status':{'conditions':[{'type':'Ready','status':'Unknown'}],'addresses':[{'type':'ExternalIP','address':'1.2.3.4'}]}}",
            "\"n2\",\"NotReady,SchedulingDisabled\",\"<none>\",\"2d\",\"\",\"<none>\",\"1.2.3.4\",\"<unknown>\",\"<unknown>\",\"<unknown>\""
        },
        {
            "NoConditions_Unknown",
            "{'metadata':{'name':'n3','creationTimestamp':'2024-12-30T12:00:00Z'}}",
            "\"n3\",\"Unknown\",\"<none>\",\"2d\",\"\",\"<none>\",\"<none>\",\"<unknown>\",\"<unknown>\",\"<unknown>\""
        },
    };

    [Theory]
    [MemberData(nameof(NodeCases))]
    public void Print_Node_CellsAsUpstream(string name, string json, string expected)
    {
        _ = name;
        TableTestSupport.Cells<Node>("", "nodes", json).ShouldBe(expected);
    }

    [Fact]
    public void Print_Namespace_Phase()
        => TableTestSupport.Cells<Namespace>("", "namespaces", "{" + Meta + ",'status':{'phase':'Terminating'}}")
            .ShouldBe("\"x\",\"Terminating\",\"2d\"");

    [Fact]
    public void Print_ConfigMap_DataAndBinaryDataKeys()
        => TableTestSupport.Cells<ConfigMap>("", "configmaps", "{" + Meta + ",'data':{'a':'1','b':'2'},'binaryData':{'c':'AA=='}}")
            .ShouldBe("\"x\",3,\"2d\"");

    [Theory]
    [InlineData("Data", "'type':'Opaque','data':{'a':'AA==','b':'AA=='}", "\"Opaque\",2")]
    [InlineData("StringDataMerged", "'type':'kubernetes.io/basic-auth','data':{'username':'AA=='},'stringData':{'username':'u','password':'p'}", "\"kubernetes.io/basic-auth\",2")]
    [InlineData("Empty", "'type':'kubernetes.io/service-account-token'", "\"kubernetes.io/service-account-token\",0")]
    public void Print_Secret_TypeAndKeyCount(string name, string fields, string expected)
    {
        _ = name;
        TableTestSupport.Cells<Secret>("", "secrets", "{" + Meta + "," + fields + "}").ShouldBe("\"x\"," + expected + ",\"2d\"");
    }

    [Fact]
    public void Print_ServiceAccount_SecretCount()
        => TableTestSupport.Cells<ServiceAccount>("", "serviceaccounts", "{" + Meta + ",'secrets':[{'name':'t'}]}")
            .ShouldBe("\"x\",1,\"2d\"");

    public static TheoryData<string, string, string> CoreEventCases => new()
    {
        {
            "Classic_CountAndSource",
            "{'metadata':{'name':'nginx.1'},'involvedObject':{'kind':'Pod','name':'nginx','fieldPath':'spec.containers{nginx}'},"
                + "'reason':'Pulled','message':'  Successfully pulled image\\n','type':'Normal','source':{'component':'kubelet','host':'n1'},"
                + "'firstTimestamp':'2025-01-01T11:00:00Z','lastTimestamp':'2025-01-01T11:58:00Z','count':3}",
            "\"2m\",\"Normal\",\"Pulled\",\"pod/nginx\",\"spec.containers{nginx}\",\"kubelet, n1\",\"Successfully pulled image\",\"60m\",3,\"nginx.1\""
        },
        {
            "NewApiFields_SingletonCountOne",
            "{'metadata':{'name':'e'},'involvedObject':{'kind':'Node'},'reason':'Starting','type':'Normal',"
                + "'eventTime':'2025-01-01T11:59:30.000000Z','reportingComponent':'kube-proxy','reportingInstance':'kube-proxy-n1'}",
            "\"30s\",\"Normal\",\"Starting\",\"node\",\"\",\"kube-proxy, kube-proxy-n1\",\"\",\"30s\",1,\"e\""
        },
        {
            "Series_LastObservedAndCount",
            "{'metadata':{'name':'e'},'involvedObject':{'kind':'Pod','name':'p'},'reason':'BackOff','type':'Warning','source':{'component':'kubelet'},"
                + "'eventTime':'2025-01-01T11:00:00.000000Z','series':{'count':7,'lastObservedTime':'2025-01-01T11:55:00.000000Z'}}",
            "\"5m\",\"Warning\",\"BackOff\",\"pod/p\",\"\",\"kubelet\",\"\",\"60m\",7,\"e\""
        },
        {
            "NoTimes_Unknown",
            "{'metadata':{'name':'e'},'involvedObject':{'kind':'Pod','name':'p'}}",
            "\"<unknown>\",\"\",\"\",\"pod/p\",\"\",\"\",\"\",\"<unknown>\",1,\"e\""
        },
    };

    [Theory]
    [MemberData(nameof(CoreEventCases))]
    public void Print_CoreEvent_CellsAsUpstream(string name, string json, string expected)
    {
        _ = name;
        TableTestSupport.Cells<CoreEvent>("", "events", json).ShouldBe(expected);
    }

    [Fact]
    public void Print_EventsV1Event_SameColumnsAsCore()
        => TableTestSupport.Cells<EventsEvent>("events.k8s.io", "events",
                "{'metadata':{'name':'e'},'regarding':{'kind':'Deployment','name':'web'},'reason':'ScalingReplicaSet','note':'Scaled up','type':'Normal',"
                + "'reportingController':'deployment-controller','eventTime':null,'deprecatedFirstTimestamp':'2025-01-01T11:50:00Z',"
                + "'deprecatedLastTimestamp':'2025-01-01T11:59:00Z','deprecatedCount':2}")
            .ShouldBe("\"60s\",\"Normal\",\"ScalingReplicaSet\",\"deployment/web\",\"\",\"deployment-controller\",\"Scaled up\",\"10m\",2,\"e\"");

    [Theory]
    [InlineData("RoleBinding", "rolebindings")]
    [InlineData("ClusterRoleBinding", "clusterrolebindings")]
    public void Print_Binding_RoleAndSubjects(string kind, string resource)
    {
        var json = "{" + Meta + ",'roleRef':{'apiGroup':'rbac.authorization.k8s.io','kind':'ClusterRole','name':'admin'},'subjects':["
            + "{'kind':'User','name':'alice'},{'kind':'User','name':'bob'},{'kind':'Group','name':'devs'},"
            + "{'kind':'ServiceAccount','namespace':'kube-system','name':'sa'},{'kind':'Other','name':'o'}]}";
        var cells = kind == "RoleBinding"
            ? TableTestSupport.Cells<RoleBinding>("rbac.authorization.k8s.io", resource, json)
            : TableTestSupport.Cells<ClusterRoleBinding>("rbac.authorization.k8s.io", resource, json);
        cells.ShouldBe("\"x\",\"ClusterRole/admin\",\"2d\",\"alice, bob\",\"devs\",\"kube-system/sa\"");
    }

    [Fact]
    public void Print_ResourceQuota_RequestsAndLimitsSorted()
        => TableTestSupport.Cells<ResourceQuota>("", "resourcequotas",
                "{" + Meta + ",'status':{'hard':{'pods':'10','requests.cpu':'1','limits.memory':'2Gi','limits.cpu':'2','configmaps':'5'},"
                + "'used':{'pods':'3','requests.cpu':'500m','limits.memory':'1Gi'}}}")
            .ShouldBe("\"x\",\"configmaps: 0/5, pods: 3/10, requests.cpu: 500m/1\",\"limits.cpu: 0/2, limits.memory: 1Gi/2Gi\",\"2d\"");

    [Fact]
    public void Print_ResourceQuota_NoHard_EmptyColumns()
        => TableTestSupport.Cells<ResourceQuota>("", "resourcequotas", "{" + Meta + "}").ShouldBe("\"x\",\"\",\"\",\"2d\"");

    [Theory]
    [InlineData("Healthy", "[{'type':'Healthy','status':'True','message':'ok'}]", "\"Healthy\",\"ok\",\"\"")]
    [InlineData("Unhealthy", "[{'type':'Healthy','status':'False','error':'refused'}]", "\"Unhealthy\",\"\",\"refused\"")]
    [InlineData("Unknown", "[]", "\"Unknown\",\"\",\"\"")]
    public void Print_ComponentStatus_NoAge(string name, string conditions, string expected)
    {
        _ = name;
        TableTestSupport.Cells<ComponentStatus>("", "componentstatuses", "{'metadata':{'name':'etcd-0'},'conditions':" + conditions + "}")
            .ShouldBe("\"etcd-0\"," + expected);
    }

    [Theory]
    [InlineData("Defaulted", "{'value':1000,'preemptionPolicy':'PreemptLowerPriority'}", "1000,false,\"2d\",\"PreemptLowerPriority\"")]
    [InlineData("GlobalDefault", "{'value':-5,'globalDefault':true}", "-5,true,\"2d\",\"\"")]
    public void Print_PriorityClass_ValueAndDefault(string name, string fields, string expected)
    {
        _ = name;
        TableTestSupport.Cells<PriorityClass>("scheduling.k8s.io", "priorityclasses", fields.Insert(1, Meta + ","))
            .ShouldBe("\"x\"," + expected);
    }

    [Fact]
    public void Print_RuntimeClass_Handler()
        => TableTestSupport.Cells<RuntimeClass>("node.k8s.io", "runtimeclasses", "{" + Meta + ",'handler':'runc'}").ShouldBe("\"x\",\"runc\",\"2d\"");

    [Theory]
    [InlineData("Held", "{'holderIdentity':'n1'}", "\"n1\"")]
    [InlineData("Free", "{}", "\"\"")]
    public void Print_Lease_Holder(string name, string spec, string expected)
    {
        _ = name;
        TableTestSupport.Cells<Lease>("coordination.k8s.io", "leases", "{" + Meta + ",'spec':" + spec + "}").ShouldBe("\"x\"," + expected + ",\"2d\"");
    }

    public static TheoryData<string, string, string> CsrCases => new()
    {
        {
            "Pending_NoSigner",
            "{" + Meta + ",'spec':{'username':'system:node:n1'}}",
            "\"x\",\"2d\",\"<none>\",\"system:node:n1\",\"<none>\",\"Pending\""
        },
        {
            "ApprovedIssued_Duration",
            "{" + Meta + ",'spec':{'signerName':'kubernetes.io/kube-apiserver-client','username':'admin','expirationSeconds':86400},"
                + "'status':{'conditions':[{'type':'Approved','status':'True'}],'certificate':'AAAA'}}",
            "\"x\",\"2d\",\"kubernetes.io/kube-apiserver-client\",\"admin\",\"24h\",\"Approved,Issued\""
        },
        {
            "DeniedWins_Failed",
            "{" + Meta + ",'spec':{'signerName':'s','username':'u','expirationSeconds':600},"
                + "'status':{'conditions':[{'type':'Approved','status':'True'},{'type':'Denied','status':'True'},{'type':'Failed','status':'True'}]}}",
            "\"x\",\"2d\",\"s\",\"u\",\"10m\",\"Denied,Failed\""
        },
    };

    [Theory]
    [MemberData(nameof(CsrCases))]
    public void Print_CertificateSigningRequest_CellsAsUpstream(string name, string json, string expected)
    {
        _ = name;
        TableTestSupport.Cells<CertificateSigningRequest>("certificates.k8s.io", "certificatesigningrequests", json).ShouldBe(expected);
    }

    [Theory]
    [InlineData("Dangling", "{'priorityLevelConfiguration':{'name':'workload-low'},'matchingPrecedence':9000,'distinguisherMethod':{'type':'ByUser'}}",
        "[{'type':'Dangling','status':'False'}]", "\"workload-low\",9000,\"ByUser\",\"2d\",\"False\"")]
    [InlineData("NoStatus", "{'priorityLevelConfiguration':{'name':'exempt'},'matchingPrecedence':1}", "[]", "\"exempt\",1,\"<none>\",\"2d\",\"?\"")]
    public void Print_FlowSchema_CellsAsUpstream(string name, string spec, string conditions, string expected)
    {
        _ = name;
        TableTestSupport.Cells<FlowSchema>("flowcontrol.apiserver.k8s.io", "flowschemas", "{" + Meta + ",'spec':" + spec + ",'status':{'conditions':" + conditions + "}}")
            .ShouldBe("\"x\"," + expected);
    }

    [Theory]
    [InlineData("Queuing", "{'type':'Limited','limited':{'nominalConcurrencyShares':30,'limitResponse':{'type':'Queue','queuing':{'queues':64,'handSize':6,'queueLengthLimit':50}}}}",
        "\"Limited\",30,64,6,50")]
    [InlineData("Reject", "{'type':'Limited','limited':{'nominalConcurrencyShares':5,'limitResponse':{'type':'Reject'}}}", "\"Limited\",5,\"<none>\",\"<none>\",\"<none>\"")]
    [InlineData("Exempt", "{'type':'Exempt','exempt':{}}", "\"Exempt\",\"<none>\",\"<none>\",\"<none>\",\"<none>\"")]
    public void Print_PriorityLevelConfiguration_CellsAsUpstream(string name, string spec, string expected)
    {
        _ = name;
        TableTestSupport.Cells<PriorityLevelConfiguration>("flowcontrol.apiserver.k8s.io", "prioritylevelconfigurations", "{" + Meta + ",'spec':" + spec + "}")
            .ShouldBe("\"x\"," + expected + ",\"2d\"");
    }

    [Theory]
    [InlineData("Local", "{}", "[{'type':'Available','status':'True','reason':'Local'}]", "\"Local\",\"True\"")]
    [InlineData("ServiceUnavailable", "{'service':{'namespace':'kube-system','name':'metrics-server'}}",
        "[{'type':'Available','status':'False','reason':'MissingEndpoints'}]", "\"kube-system/metrics-server\",\"False (MissingEndpoints)\"")]
    [InlineData("NoCondition", "{'service':{'namespace':'ns','name':'svc'}}", "[]", "\"ns/svc\",\"Unknown\"")]
    public void Print_ApiService_ServiceAndAvailable(string name, string spec, string conditions, string expected)
    {
        _ = name;
        TableTestSupport.Cells<APIService>("apiregistration.k8s.io", "apiservices", "{" + Meta + ",'spec':" + spec + ",'status':{'conditions':" + conditions + "}}")
            .ShouldBe("\"x\"," + expected + ",\"2d\"");
    }
}
