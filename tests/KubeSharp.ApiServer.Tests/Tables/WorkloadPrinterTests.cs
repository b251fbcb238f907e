using KubeSharp.Api.Apps.V1;
using KubeSharp.Api.Batch.V1;
using KubeSharp.Api.Core.V1;

namespace KubeSharp.ApiServer.Tests.Tables;

public class WorkloadPrinterTests
{
    private const string Meta = "'metadata':{'name':'w','creationTimestamp':'2025-01-01T11:00:00Z'}";
    private const string Template = "'template':{'metadata':{'labels':{'app':'web'}},'spec':{'containers':[{'name':'web','image':'nginx:1.27'},{'name':'log','image':'busybox'}]}}";

    public static TheoryData<string, string, string> DeploymentCases => new()
    {
        {
            "ReadyOfDesired_WideContainersSelector",
            "{" + Meta + ",'spec':{'replicas':3,'selector':{'matchLabels':{'app':'web','tier':'fe'}}," + Template + "},"
                + "'status':{'replicas':3,'readyReplicas':2,'updatedReplicas':3,'availableReplicas':2}}",
            "\"w\",\"2/3\",3,2,\"60m\",\"web,log\",\"nginx:1.27,busybox\",\"app=web,tier=fe\""
        },
        {
            "Expressions_Selector",
            "{" + Meta + ",'spec':{'replicas':1,'selector':{'matchExpressions':[{'key':'env','operator':'In','values':['prod','dev']},{'key':'gone','operator':'DoesNotExist'}]}}}",
            "\"w\",\"0/1\",0,0,\"60m\",\"\",\"\",\"env in (dev,prod),!gone\""
        },
        {
            "InvalidSelector_Invalid",
            "{" + Meta + ",'spec':{'replicas':1,'selector':{'matchExpressions':[{'key':'env','operator':'Bogus'}]}}}",
            "\"w\",\"0/1\",0,0,\"60m\",\"\",\"\",\"<invalid>\""
        },
        {
            "NoSelector_Empty",
            "{" + Meta + ",'spec':{'replicas':0}}",
            "\"w\",\"0/0\",0,0,\"60m\",\"\",\"\",\"\""
        },
    };

    [Theory]
    [MemberData(nameof(DeploymentCases))]
    public void Print_Deployment_CellsAsUpstream(string name, string json, string expected)
    {
        _ = name;
        TableTestSupport.Cells<Deployment>("apps", "deployments", json).ShouldBe(expected);
    }

    [Fact]
    public void Print_ReplicaSet_IntegerCounts()
        => TableTestSupport.Cells<ReplicaSet>("apps", "replicasets",
                "{" + Meta + ",'spec':{'replicas':5,'selector':{'matchLabels':{'app':'web'}}," + Template + "},'status':{'replicas':4,'readyReplicas':3}}")
            .ShouldBe("\"w\",5,4,3,\"60m\",\"web,log\",\"nginx:1.27,busybox\",\"app=web\"");

    [Fact]
    public void Print_ReplicaSet_NoSelector_None()
        => TableTestSupport.Cells<ReplicaSet>("apps", "replicasets", "{" + Meta + "}")
            .ShouldBe("\"w\",0,0,0,\"60m\",\"\",\"\",\"<none>\"");

    [Theory]
    [InlineData("WithTemplate", "{" + Meta + ",'spec':{'replicas':2,'selector':{'b':'2','a':'1'}," + Template + "},'status':{'replicas':2,'readyReplicas':1}}",
        "\"w\",2,2,1,\"60m\",\"web,log\",\"nginx:1.27,busybox\",\"a=1,b=2\"")]
    [InlineData("NoTemplateNoSelector", "{" + Meta + ",'spec':{'replicas':1}}", "\"w\",1,0,0,\"60m\",\"\",\"\",\"<none>\"")]
    public void Print_ReplicationController_CellsAsUpstream(string name, string json, string expected)
    {
        _ = name;
        TableTestSupport.Cells<ReplicationController>("", "replicationcontrollers", json).ShouldBe(expected);
    }

    [Fact]
    public void Print_DaemonSet_CountsAndNodeSelector()
        => TableTestSupport.Cells<DaemonSet>("apps", "daemonsets",
                "{" + Meta + ",'spec':{'selector':{'matchLabels':{'app':'agent'}},'template':{'spec':{'nodeSelector':{'kubernetes.io/os':'linux'},"
                + "'containers':[{'name':'agent','image':'agent:1'}]}}},'status':{'desiredNumberScheduled':3,'currentNumberScheduled':3,"
                + "'numberReady':2,'updatedNumberScheduled':1,'numberAvailable':2}}")
            .ShouldBe("\"w\",3,3,2,1,2,\"kubernetes.io/os=linux\",\"60m\",\"agent\",\"agent:1\",\"app=agent\"");

    [Fact]
    public void Print_DaemonSet_NoNodeSelector_None()
        => TableTestSupport.Cells<DaemonSet>("apps", "daemonsets", "{" + Meta + "}")
            .ShouldBe("\"w\",0,0,0,0,0,\"<none>\",\"60m\",\"\",\"\",\"<none>\"");

    [Fact]
    public void Print_StatefulSet_ReadyOfDesired()
        => TableTestSupport.Cells<StatefulSet>("apps", "statefulsets",
                "{" + Meta + ",'spec':{'replicas':3," + Template + "},'status':{'replicas':3,'readyReplicas':1}}")
            .ShouldBe("\"w\",\"1/3\",\"60m\",\"web,log\",\"nginx:1.27,busybox\"");

    public static TheoryData<string, string, string> JobCases => new()
    {
        {
            "Running_Completions_Duration",
            "{" + Meta + ",'spec':{'completions':3,'selector':{'matchLabels':{'batch.kubernetes.io/controller-uid':'u1'}},"
                + "'template':{'spec':{'containers':[{'name':'pi','image':'perl'}]}}},'status':{'succeeded':1,'startTime':'2025-01-01T11:58:00Z'}}",
            "\"w\",\"Running\",\"1/3\",\"2m\",\"60m\",\"pi\",\"perl\",\"batch.kubernetes.io/controller-uid=u1\""
        },
        {
            "Complete_DurationFromStartToCompletion",
            "{" + Meta + ",'spec':{'completions':1},'status':{'succeeded':1,'startTime':'2025-01-01T11:00:00Z','completionTime':'2025-01-01T11:00:42Z',"
                + "'conditions':[{'type':'SuccessCriteriaMet','status':'True'},{'type':'Complete','status':'True'}]}}",
            "\"w\",\"Complete\",\"1/1\",\"42s\",\"60m\",\"\",\"\",\"<none>\""
        },
        {
            "Failed",
            "{" + Meta + ",'spec':{'completions':1},'status':{'conditions':[{'type':'Failed','status':'True'}]}}",
            "\"w\",\"Failed\",\"0/1\",\"\",\"60m\",\"\",\"\",\"<none>\""
        },
        {
            "Suspended",
            "{" + Meta + ",'spec':{'completions':1,'suspend':true},'status':{'conditions':[{'type':'Suspended','status':'True'}]}}",
            "\"w\",\"Suspended\",\"0/1\",\"\",\"60m\",\"\",\"\",\"<none>\""
        },
        {
            "FailureTarget",
            "{" + Meta + ",'spec':{'completions':1},'status':{'conditions':[{'type':'FailureTarget','status':'True'}]}}",
            "\"w\",\"FailureTarget\",\"0/1\",\"\",\"60m\",\"\",\"\",\"<none>\""
        },
        {
            "Terminating",
            "{'metadata':{'name':'w','creationTimestamp':'2025-01-01T11:00:00Z','deletionTimestamp':'2025-01-01T11:59:00Z'},'spec':{'completions':1}}",
            "\"w\",\"Terminating\",\"0/1\",\"\",\"60m\",\"\",\"\",\"<none>\""
        },
        {
            "WorkQueue_Parallelism",
            "{" + Meta + ",'spec':{'parallelism':4},'status':{'succeeded':2}}",
            "\"w\",\"Running\",\"2/1 of 4\",\"\",\"60m\",\"\",\"\",\"<none>\""
        },
        {
            "NoCompletions_NoParallelism",
            "{" + Meta + ",'spec':{}}",
            "\"w\",\"Running\",\"0/1\",\"\",\"60m\",\"\",\"\",\"<none>\""
        },
        {
            "CompleteConditionFalse_Running",
            "{" + Meta + ",'spec':{'completions':2},'status':{'conditions':[{'type':'Complete','status':'False'}]}}",
            "\"w\",\"Running\",\"0/2\",\"\",\"60m\",\"\",\"\",\"<none>\""
        },
    };

    [Theory]
    [MemberData(nameof(JobCases))]
    public void Print_Job_CellsAsUpstream(string name, string json, string expected)
    {
        _ = name;
        TableTestSupport.Cells<Job>("batch", "jobs", json).ShouldBe(expected);
    }

    public static TheoryData<string, string, string> CronJobCases => new()
    {
        {
            "Scheduled_Active",
            "{" + Meta + ",'spec':{'schedule':'*/5 * * * *','timeZone':'Etc/UTC','suspend':false,'jobTemplate':{'spec':{'template':{'spec':{'containers':[{'name':'c','image':'busybox'}]}}}}},"
                + "'status':{'active':[{'name':'j1'},{'name':'j2'}],'lastScheduleTime':'2025-01-01T11:55:00Z'}}",
            "\"w\",\"*/5 * * * *\",\"Etc/UTC\",\"False\",2,\"5m\",\"60m\",\"c\",\"busybox\",\"<none>\""
        },
        {
            "NeverScheduled_Unset",
            "{" + Meta + ",'spec':{'schedule':'@hourly'}}",
            "\"w\",\"@hourly\",\"<none>\",\"<unset>\",0,\"<none>\",\"60m\",\"\",\"\",\"<none>\""
        },
        {
            "Suspended",
            "{" + Meta + ",'spec':{'schedule':'@daily','suspend':true}}",
            "\"w\",\"@daily\",\"<none>\",\"True\",0,\"<none>\",\"60m\",\"\",\"\",\"<none>\""
        },
    };

    [Theory]
    [MemberData(nameof(CronJobCases))]
    public void Print_CronJob_CellsAsUpstream(string name, string json, string expected)
    {
        _ = name;
        TableTestSupport.Cells<CronJob>("batch", "cronjobs", json).ShouldBe(expected);
    }

    [Theory]
    [InlineData("DaemonSetOwner", "[{'apiVersion':'apps/v1','kind':'DaemonSet','name':'ds','uid':'1','controller':true}]", "\"daemonset.apps/ds\"")]
    [InlineData("CoreOwner", "[{'apiVersion':'v1','kind':'Foo','name':'f','uid':'1','controller':true}]", "\"foo/f\"")]
    [InlineData("NotController", "[{'apiVersion':'apps/v1','kind':'StatefulSet','name':'s','uid':'1'}]", "\"<none>\"")]
    [InlineData("NoOwners", "[]", "\"<none>\"")]
    public void Print_ControllerRevision_ControllerAndRevision(string name, string owners, string controller)
    {
        _ = name;
        TableTestSupport.Cells<ControllerRevision>("apps", "controllerrevisions",
                "{'metadata':{'name':'w','creationTimestamp':'2025-01-01T11:00:00Z','ownerReferences':" + owners + "},'revision':7}")
            .ShouldBe("\"w\"," + controller + ",7,\"60m\"");
    }

    [Fact]
    public void Print_PodTemplate_ContainersImagesLabels()
        => TableTestSupport.Cells<PodTemplate>("", "podtemplates", "{" + Meta + "," + Template + "}")
            .ShouldBe("\"w\",\"web,log\",\"nginx:1.27,busybox\",\"app=web\"");
}
