using KubeSharp.Api.AdmissionRegistration.V1;
using KubeSharp.Api.Autoscaling.V2;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Policy.V1;
using KubeSharp.Api.Resource.V1;
using KubeSharp.Api.Storage.V1;
using ResourceClaim = KubeSharp.Api.Resource.V1.ResourceClaim;
using HpaV1 = KubeSharp.Api.Autoscaling.V1.HorizontalPodAutoscaler;

namespace KubeSharp.ApiServer.Tests.Tables;

public class StoragePolicyPrinterTests
{
    private const string Meta = "'metadata':{'name':'x','creationTimestamp':'2025-01-01T11:59:50Z'}";

    public static TheoryData<string, string, string> PersistentVolumeCases => new()
    {
        {
            "Bound",
            "{" + Meta + ",'spec':{'capacity':{'storage':'10Gi'},'accessModes':['ReadWriteMany','ReadWriteOnce','ReadWriteOnce'],'persistentVolumeReclaimPolicy':'Delete',"
                + "'claimRef':{'namespace':'default','name':'data'},'storageClassName':'local-path','volumeMode':'Filesystem'},'status':{'phase':'Bound'}}",
            "\"x\",\"10Gi\",\"RWO,RWX\",\"Delete\",\"Bound\",\"default/data\",\"local-path\",\"<unset>\",\"\",\"10s\",\"Filesystem\""
        },
        {
            "BetaClassAnnotation_Terminating_Reason",
            "{'metadata':{'name':'x','creationTimestamp':'2025-01-01T11:59:50Z','deletionTimestamp':'2025-01-01T11:59:59Z',"
                + "'annotations':{'volume.beta.kubernetes.io/storage-class':'old'}},'spec':{'storageClassName':'new','volumeAttributesClassName':'gold',"
                + "'accessModes':['ReadOnlyMany','ReadWriteOncePod']},'status':{'phase':'Failed','reason':'Recycle failed'}}",
            "\"x\",\"0\",\"ROX,RWOP\",\"\",\"Terminating\",\"\",\"old\",\"gold\",\"Recycle failed\",\"10s\",\"<unset>\""
        },
    };

    [Theory]
    [MemberData(nameof(PersistentVolumeCases))]
    public void Print_PersistentVolume_CellsAsUpstream(string name, string json, string expected)
    {
        _ = name;
        TableTestSupport.Cells<PersistentVolume>("", "persistentvolumes", json).ShouldBe(expected);
    }

    public static TheoryData<string, string, string> ClaimCases => new()
    {
        {
            "Bound_CapacityFromStatus",
            "{" + Meta + ",'spec':{'volumeName':'pv1','storageClassName':'local-path','resources':{'requests':{'storage':'1Gi'}},'volumeMode':'Block'},"
                + "'status':{'phase':'Bound','accessModes':['ReadWriteOnce'],'capacity':{'storage':'2Gi'}}}",
            "\"x\",\"Bound\",\"pv1\",\"2Gi\",\"RWO\",\"local-path\",\"<unset>\",\"10s\",\"Block\""
        },
        {
            "Pending_NoCapacityNoModes",
            "{" + Meta + ",'spec':{'accessModes':['ReadWriteOnce'],'resources':{'requests':{'storage':'1Gi'}}},'status':{'phase':'Pending'}}",
            "\"x\",\"Pending\",\"\",\"\",\"\",\"\",\"<unset>\",\"10s\",\"<unset>\""
        },
    };

    [Theory]
    [MemberData(nameof(ClaimCases))]
    public void Print_PersistentVolumeClaim_CellsAsUpstream(string name, string json, string expected)
    {
        _ = name;
        TableTestSupport.Cells<PersistentVolumeClaim>("", "persistentvolumeclaims", json).ShouldBe(expected);
    }

    [Theory]
    [InlineData("Default_Defaults", "{'metadata':{'name':'x','creationTimestamp':'2025-01-01T11:59:50Z','annotations':{'storageclass.kubernetes.io/is-default-class':'true'}},'provisioner':'rancher.io/local-path'}",
        "\"x (default)\",\"rancher.io/local-path\",\"Delete\",\"Immediate\",false,\"10s\"")]
    [InlineData("BetaDefault_Explicit", "{'metadata':{'name':'x','creationTimestamp':'2025-01-01T11:59:50Z','annotations':{'storageclass.beta.kubernetes.io/is-default-class':'true'}},'provisioner':'p',"
        + "'reclaimPolicy':'Retain','volumeBindingMode':'WaitForFirstConsumer','allowVolumeExpansion':true}",
        "\"x (default)\",\"p\",\"Retain\",\"WaitForFirstConsumer\",true,\"10s\"")]
    [InlineData("NotDefault", "{" + Meta + ",'provisioner':'p','metadata':{'name':'x','creationTimestamp':'2025-01-01T11:59:50Z','annotations':{'storageclass.kubernetes.io/is-default-class':'false'}}}",
        "\"x\",\"p\",\"Delete\",\"Immediate\",false,\"10s\"")]
    public void Print_StorageClass_CellsAsUpstream(string name, string json, string expected)
    {
        _ = name;
        TableTestSupport.Cells<StorageClass>("storage.k8s.io", "storageclasses", json).ShouldBe(expected);
    }

    [Fact]
    public void Print_VolumeAttachment_AttachedBoolean()
        => TableTestSupport.Cells<VolumeAttachment>("storage.k8s.io", "volumeattachments",
                "{" + Meta + ",'spec':{'attacher':'csi.example.com','source':{'persistentVolumeName':'pv1'},'nodeName':'n1'},'status':{'attached':true}}")
            .ShouldBe("\"x\",\"csi.example.com\",\"pv1\",\"n1\",true,\"10s\"");

    [Theory]
    [InlineData("Defaults", "{}", "true,false,false,\"<unset>\",false,\"<none>\"")]
    [InlineData("Set", "{'attachRequired':false,'podInfoOnMount':true,'storageCapacity':true,'tokenRequests':[{'audience':'a'},{'audience':'b'}],"
        + "'requiresRepublish':true,'volumeLifecycleModes':['Persistent','Ephemeral']}", "false,true,true,\"a,b\",true,\"Persistent,Ephemeral\"")]
    [InlineData("EmptyTokenRequests", "{'tokenRequests':[]}", "true,false,false,\"\",false,\"<none>\"")]
    public void Print_CsiDriver_CellsAsUpstream(string name, string spec, string expected)
    {
        _ = name;
        TableTestSupport.Cells<CSIDriver>("storage.k8s.io", "csidrivers", "{" + Meta + ",'spec':" + spec + "}").ShouldBe("\"x\"," + expected + ",\"10s\"");
    }

    [Fact]
    public void Print_CsiNode_DriverCount()
        => TableTestSupport.Cells<CSINode>("storage.k8s.io", "csinodes", "{" + Meta + ",'spec':{'drivers':[{'name':'d','nodeID':'n'}]}}").ShouldBe("\"x\",1,\"10s\"");

    [Theory]
    [InlineData("Capacity", "'storageClassName':'sc','capacity':'100Gi'", "\"x\",\"sc\",\"100Gi\"")]
    [InlineData("Unset", "'storageClassName':'sc'", "\"x\",\"sc\",\"<unset>\"")]
    public void Print_CsiStorageCapacity_NoAge(string name, string fields, string expected)
    {
        _ = name;
        TableTestSupport.Cells<CSIStorageCapacity>("storage.k8s.io", "csistoragecapacities", "{" + Meta + "," + fields + "}").ShouldBe(expected);
    }

    [Theory]
    [InlineData("Percentages", "{'minAvailable':'50%'}", "\"50%\",\"N/A\"")]
    [InlineData("Integers", "{'maxUnavailable':1}", "\"N/A\",\"1\"")]
    public void Print_PodDisruptionBudget_CellsAsUpstream(string name, string spec, string expected)
    {
        _ = name;
        TableTestSupport.Cells<PodDisruptionBudget>("policy", "poddisruptionbudgets", "{" + Meta + ",'spec':" + spec + ",'status':{'disruptionsAllowed':2}}")
            .ShouldBe("\"x\"," + expected + ",2,\"10s\"");
    }

    public static TheoryData<string, string, string> HpaCases => new()
    {
        { "NoMetrics", "{'scaleTargetRef':{'kind':'Deployment','name':'web'},'maxReplicas':10}", "\"Deployment/web\",\"<none>\",\"<unset>\",10,0" },
        {
            "CpuUtilization_Unknown",
            "{'scaleTargetRef':{'kind':'Deployment','name':'web'},'minReplicas':2,'maxReplicas':10,"
                + "'metrics':[{'type':'Resource','resource':{'name':'cpu','target':{'type':'Utilization','averageUtilization':80}}}]}",
            "\"Deployment/web\",\"cpu: <unknown>/80%\",\"2\",10,0"
        },
        {
            "ThreeMetrics_TwoThenMore",
            "{'scaleTargetRef':{'kind':'StatefulSet','name':'db'},'minReplicas':1,'maxReplicas':3,'metrics':["
                + "{'type':'Resource','resource':{'name':'memory','target':{'type':'AverageValue','averageValue':'1Gi'}}},"
                + "{'type':'Pods','pods':{'metric':{'name':'qps'},'target':{'type':'AverageValue','averageValue':'10'}}},"
                + "{'type':'External','external':{'metric':{'name':'queue'},'target':{'type':'Value','value':'30'}}}]}",
            "\"StatefulSet/db\",\"memory: <unknown>/1Gi, <unknown>/10 + 1 more...\",\"1\",3,0"
        },
    };

    [Theory]
    [MemberData(nameof(HpaCases))]
    public void Print_HorizontalPodAutoscalerV2_CellsAsUpstream(string name, string spec, string expected)
    {
        _ = name;
        TableTestSupport.Cells<HorizontalPodAutoscaler>("autoscaling", "horizontalpodautoscalers", "{" + Meta + ",'spec':" + spec + "}")
            .ShouldBe("\"x\"," + expected + ",\"10s\"");
    }

    [Fact]
    public void Print_HorizontalPodAutoscalerV2_CurrentValues()
        => TableTestSupport.Cells<HorizontalPodAutoscaler>("autoscaling", "horizontalpodautoscalers",
                "{" + Meta + ",'spec':{'scaleTargetRef':{'kind':'Deployment','name':'web'},'minReplicas':1,'maxReplicas':5,'metrics':["
                + "{'type':'Resource','resource':{'name':'cpu','target':{'type':'Utilization','averageUtilization':50}}},"
                + "{'type':'Object','object':{'metric':{'name':'rps'},'describedObject':{'kind':'Ingress','name':'i'},'target':{'type':'AverageValue','averageValue':'100'}}}]},"
                + "'status':{'currentReplicas':3,'currentMetrics':[{'type':'Resource','resource':{'name':'cpu','current':{'averageUtilization':42}}},"
                + "{'type':'Object','object':{'metric':{'name':'rps'},'describedObject':{'kind':'Ingress','name':'i'},'current':{'averageValue':'250m'}}}]}}")
            .ShouldBe("\"x\",\"Deployment/web\",\"cpu: 42%/50%, 250m/100 (avg)\",\"1\",5,3,\"10s\"");

    [Theory]
    [InlineData("CpuTarget", "{'scaleTargetRef':{'kind':'Deployment','name':'web'},'minReplicas':1,'maxReplicas':4,'targetCPUUtilizationPercentage':60}",
        "{'currentReplicas':2,'currentCPUUtilizationPercentage':30}", "\"Deployment/web\",\"cpu: 30%/60%\",\"1\",4,2")]
    [InlineData("NoTarget", "{'scaleTargetRef':{'kind':'Deployment','name':'web'},'maxReplicas':4}", "{}", "\"Deployment/web\",\"<none>\",\"<unset>\",4,0")]
    public void Print_HorizontalPodAutoscalerV1_AsConverted(string name, string spec, string status, string expected)
    {
        _ = name;
        TableTestSupport.Cells<HpaV1>("autoscaling", "horizontalpodautoscalers", "{" + Meta + ",'spec':" + spec + ",'status':" + status + "}")
            .ShouldBe("\"x\"," + expected + ",\"10s\"");
    }

    [Theory]
    [InlineData("Mutating")]
    [InlineData("Validating")]
    public void Print_WebhookConfiguration_Count(string kind)
    {
        var json = "{" + Meta + ",'webhooks':[{'name':'a.example.com'},{'name':'b.example.com'}]}";
        var cells = kind == "Mutating"
            ? TableTestSupport.Cells<MutatingWebhookConfiguration>("admissionregistration.k8s.io", "mutatingwebhookconfigurations", json)
            : TableTestSupport.Cells<ValidatingWebhookConfiguration>("admissionregistration.k8s.io", "validatingwebhookconfigurations", json);
        cells.ShouldBe("\"x\",2,\"10s\"");
    }

    [Theory]
    [InlineData("ParamKind", "{'paramKind':{'apiVersion':'v1','kind':'ConfigMap'},'validations':[{'expression':'true'}]}", "1,\"v1/ConfigMap\"")]
    [InlineData("Unset", "{}", "0,\"<unset>\"")]
    public void Print_ValidatingAdmissionPolicy_CellsAsUpstream(string name, string spec, string expected)
    {
        _ = name;
        TableTestSupport.Cells<ValidatingAdmissionPolicy>("admissionregistration.k8s.io", "validatingadmissionpolicies", "{" + Meta + ",'spec':" + spec + "}")
            .ShouldBe("\"x\"," + expected + ",\"10s\"");
    }

    [Theory]
    [InlineData("Namespaced", "{'name':'p','namespace':'ns'}", "\"ns/p\"")]
    [InlineData("AnyNamespace", "{'name':'p'}", "\"*/p\"")]
    [InlineData("Selector", "{'selector':{'matchLabels':{'b':'2','a':'1'},'matchExpressions':[{'key':'k','operator':'In','values':['x','y']}]}}",
        "\"&LabelSelector{MatchLabels:map[string]string{a: 1,b: 2,},MatchExpressions:[]LabelSelectorRequirement{LabelSelectorRequirement{Key:k,Operator:In,Values:[x y],},},}\"")]
    [InlineData("Empty", "{}", "\"<unset>\"")]
    public void Print_ValidatingAdmissionPolicyBinding_ParamRef(string name, string paramRef, string expected)
    {
        _ = name;
        TableTestSupport.Cells<ValidatingAdmissionPolicyBinding>("admissionregistration.k8s.io", "validatingadmissionpolicybindings",
                "{" + Meta + ",'spec':{'policyName':'pol','paramRef':" + paramRef + "}}")
            .ShouldBe("\"x\",\"pol\"," + expected + ",\"10s\"");
    }

    [Theory]
    [InlineData("Pending", "{}", "\"pending\"")]
    [InlineData("AllocatedReserved", "{'allocation':{},'reservedFor':[{'resource':'pods','name':'p','uid':'1'}]}", "\"allocated,reserved\"")]
    public void Print_ResourceClaim_State(string name, string status, string expected)
    {
        _ = name;
        TableTestSupport.Cells<ResourceClaim>("resource.k8s.io", "resourceclaims", "{" + Meta + ",'status':" + status + "}").ShouldBe("\"x\"," + expected + ",\"10s\"");
    }

    [Fact]
    public void Print_DeletedResourceClaim_DeletedOnly()
        => TableTestSupport.Cells<ResourceClaim>("resource.k8s.io", "resourceclaims",
                "{'metadata':{'name':'x','creationTimestamp':'2025-01-01T11:59:50Z','deletionTimestamp':'2025-01-01T11:59:55Z'}}")
            .ShouldBe("\"x\",\"deleted\",\"10s\"");

    [Fact]
    public void Print_ResourceSlice_NodeDriverPool()
        => TableTestSupport.Cells<ResourceSlice>("resource.k8s.io", "resourceslices",
                "{" + Meta + ",'spec':{'nodeName':'n1','driver':'gpu.example.com','pool':{'name':'n1','generation':1,'resourceSliceCount':1}}}")
            .ShouldBe("\"x\",\"n1\",\"gpu.example.com\",\"n1\",\"10s\"");

    [Fact]
    public void Print_DeviceClass_NameAndAge()
        => TableTestSupport.Cells<DeviceClass>("resource.k8s.io", "deviceclasses", "{" + Meta + "}").ShouldBe("\"x\",\"10s\"");
}
