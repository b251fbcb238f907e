using KubeSharp.Api.Core.V1;

namespace KubeSharp.ApiServer.Tests.Tables;

public class PodPrinterTests
{
    private const string Meta = "'metadata':{'name':'p','creationTimestamp':'2025-01-01T11:55:00Z'}";
    private const string Deleted = "'metadata':{'name':'p','creationTimestamp':'2025-01-01T11:55:00Z','deletionTimestamp':'2025-01-01T11:59:00Z'}";
    private const string Wide = "\"<none>\",\"<none>\",\"<none>\",\"<none>\"";

    public static TheoryData<string, string, string> Cases => new()
    {
        {
            "Running_OneOfTwoReady",
            "{" + Meta + ",'spec':{'containers':[{'name':'a'},{'name':'b'}]},'status':{'phase':'Running','containerStatuses':["
                + "{'name':'a','ready':true,'restartCount':3,'state':{'running':{}}},{'name':'b','ready':false,'state':{'running':{}}}]}}",
            "\"p\",\"1/2\",\"Running\",\"3\",\"5m\"," + Wide
        },
        {
            "Pending_NoStatuses",
            "{" + Meta + ",'spec':{'containers':[{'name':'a'}]},'status':{'phase':'Pending'}}",
            "\"p\",\"0/1\",\"Pending\",\"0\",\"5m\"," + Wide
        },
        {
            "NoPhase_EmptyStatus",
            "{" + Meta + ",'spec':{'containers':[{'name':'a'}]}}",
            "\"p\",\"0/1\",\"\",\"0\",\"5m\"," + Wide
        },
        {
            "Waiting_ContainerCreating",
            "{" + Meta + ",'spec':{'containers':[{'name':'a'}]},'status':{'phase':'Pending','containerStatuses':[{'name':'a','state':{'waiting':{'reason':'ContainerCreating'}}}]}}",
            "\"p\",\"0/1\",\"ContainerCreating\",\"0\",\"5m\"," + Wide
        },
        {
            "CrashLoopBackOff_RestartsWithLastRestartAge",
            "{" + Meta + ",'spec':{'containers':[{'name':'a'}]},'status':{'phase':'Running','containerStatuses':[{'name':'a','restartCount':4,"
                + "'state':{'waiting':{'reason':'CrashLoopBackOff'}},'lastState':{'terminated':{'exitCode':1,'finishedAt':'2025-01-01T11:50:00Z'}}}]}}",
            "\"p\",\"0/1\",\"CrashLoopBackOff\",\"4 (10m ago)\",\"5m\"," + Wide
        },
        {
            "Restarts_LatestTerminationOfAllContainers",
            "{" + Meta + ",'spec':{'containers':[{'name':'a'},{'name':'b'}]},'status':{'phase':'Running','containerStatuses':["
                + "{'name':'a','ready':true,'restartCount':1,'state':{'running':{}},'lastState':{'terminated':{'finishedAt':'2025-01-01T10:00:00Z'}}},"
                + "{'name':'b','ready':true,'restartCount':2,'state':{'running':{}},'lastState':{'terminated':{'finishedAt':'2025-01-01T11:58:30Z'}}}]}}",
            "\"p\",\"2/2\",\"Running\",\"3 (90s ago)\",\"5m\"," + Wide
        },
        {
            "Restarts_ZeroWithLastState_PlainZero",
            "{" + Meta + ",'spec':{'containers':[{'name':'a'}]},'status':{'phase':'Running','containerStatuses':[{'name':'a','ready':true,"
                + "'state':{'running':{}},'lastState':{'terminated':{'finishedAt':'2025-01-01T11:50:00Z'}}}]}}",
            "\"p\",\"1/1\",\"Running\",\"0\",\"5m\"," + Wide
        },
        {
            "Completed_Succeeded",
            "{" + Meta + ",'spec':{'containers':[{'name':'a'}]},'status':{'phase':'Succeeded','containerStatuses':[{'name':'a','state':{'terminated':{'reason':'Completed'}}}]}}",
            "\"p\",\"0/1\",\"Completed\",\"0\",\"5m\"," + Wide
        },
        {
            "Terminated_NoReason_ExitCode",
            "{" + Meta + ",'spec':{'containers':[{'name':'a'}]},'status':{'phase':'Failed','containerStatuses':[{'name':'a','state':{'terminated':{'exitCode':137}}}]}}",
            "\"p\",\"0/1\",\"ExitCode:137\",\"0\",\"5m\"," + Wide
        },
        {
            "Terminated_NoReason_Signal",
            "{" + Meta + ",'spec':{'containers':[{'name':'a'}]},'status':{'phase':'Failed','containerStatuses':[{'name':'a','state':{'terminated':{'exitCode':1,'signal':9}}}]}}",
            "\"p\",\"0/1\",\"Signal:9\",\"0\",\"5m\"," + Wide
        },
        {
            "FirstContainerDecides_StatusesWalkedBackwards",
            "{" + Meta + ",'spec':{'containers':[{'name':'a'},{'name':'b'}]},'status':{'phase':'Running','containerStatuses':["
                + "{'name':'a','state':{'waiting':{'reason':'ImagePullBackOff'}}},{'name':'b','state':{'waiting':{'reason':'ErrImagePull'}}}]}}",
            "\"p\",\"0/2\",\"ImagePullBackOff\",\"0\",\"5m\"," + Wide
        },
        {
            "CompletedButOneRunning_ReadyCondition_Running",
            "{" + Meta + ",'spec':{'containers':[{'name':'a'},{'name':'b'}]},'status':{'phase':'Running','conditions':[{'type':'Ready','status':'True'}],"
                + "'containerStatuses':[{'name':'a','state':{'terminated':{'reason':'Completed'}}},{'name':'b','ready':true,'state':{'running':{}}}]}}",
            "\"p\",\"1/2\",\"Running\",\"0\",\"5m\"," + Wide
        },
        {
            "CompletedButOneRunning_NoReadyCondition_NotReady",
            "{" + Meta + ",'spec':{'containers':[{'name':'a'},{'name':'b'}]},'status':{'phase':'Running',"
                + "'containerStatuses':[{'name':'a','state':{'terminated':{'reason':'Completed'}}},{'name':'b','ready':true,'state':{'running':{}}}]}}",
            "\"p\",\"1/2\",\"NotReady\",\"0\",\"5m\"," + Wide
        },
        {
            "Init_Running_Progress",
            "{" + Meta + ",'spec':{'initContainers':[{'name':'i1'},{'name':'i2'}],'containers':[{'name':'a'}]},'status':{'phase':'Pending',"
                + "'initContainerStatuses':[{'name':'i1','state':{'running':{}}},{'name':'i2','state':{'waiting':{'reason':'PodInitializing'}}}],"
                + "'containerStatuses':[{'name':'a','state':{'waiting':{'reason':'PodInitializing'}}}]}}",
            "\"p\",\"0/1\",\"Init:0/2\",\"0\",\"5m\"," + Wide
        },
        {
            "Init_FirstDone_SecondPullingImage",
            "{" + Meta + ",'spec':{'initContainers':[{'name':'i1'},{'name':'i2'}],'containers':[{'name':'a'}]},'status':{'phase':'Pending',"
                + "'initContainerStatuses':[{'name':'i1','state':{'terminated':{'exitCode':0,'reason':'Completed'}}},{'name':'i2','state':{'waiting':{'reason':'ImagePullBackOff'}}}]}}",
            "\"p\",\"0/1\",\"Init:ImagePullBackOff\",\"0\",\"5m\"," + Wide
        },
        {
            "Init_FailedWithReason",
            "{" + Meta + ",'spec':{'initContainers':[{'name':'i1'}],'containers':[{'name':'a'}]},'status':{'phase':'Pending',"
                + "'initContainerStatuses':[{'name':'i1','restartCount':2,'state':{'terminated':{'exitCode':1,'reason':'Error'}}}]}}",
            "\"p\",\"0/1\",\"Init:Error\",\"2\",\"5m\"," + Wide
        },
        {
            "Init_FailedExitCode",
            "{" + Meta + ",'spec':{'initContainers':[{'name':'i1'}],'containers':[{'name':'a'}]},'status':{'phase':'Pending',"
                + "'initContainerStatuses':[{'name':'i1','state':{'terminated':{'exitCode':2}}}]}}",
            "\"p\",\"0/1\",\"Init:ExitCode:2\",\"0\",\"5m\"," + Wide
        },
        {
            "Init_FailedSignal",
            "{" + Meta + ",'spec':{'initContainers':[{'name':'i1'}],'containers':[{'name':'a'}]},'status':{'phase':'Pending',"
                + "'initContainerStatuses':[{'name':'i1','state':{'terminated':{'exitCode':2,'signal':15}}}]}}",
            "\"p\",\"0/1\",\"Init:Signal:15\",\"0\",\"5m\"," + Wide
        },
        {
            "Init_CrashLoopBackOff",
            "{" + Meta + ",'spec':{'initContainers':[{'name':'i1'}],'containers':[{'name':'a'}]},'status':{'phase':'Pending',"
                + "'initContainerStatuses':[{'name':'i1','restartCount':5,'state':{'waiting':{'reason':'CrashLoopBackOff'}},"
                + "'lastState':{'terminated':{'exitCode':1,'finishedAt':'2025-01-01T11:59:00Z'}}}]}}",
            "\"p\",\"0/1\",\"Init:CrashLoopBackOff\",\"5 (60s ago)\",\"5m\"," + Wide
        },
        {
            "Init_Done_InitRestartsNotCounted",
            "{" + Meta + ",'spec':{'initContainers':[{'name':'i1'}],'containers':[{'name':'a'}]},'status':{'phase':'Running',"
                + "'initContainerStatuses':[{'name':'i1','restartCount':2,'state':{'terminated':{'exitCode':0,'reason':'Completed'}}}],"
                + "'containerStatuses':[{'name':'a','ready':true,'restartCount':1,'state':{'running':{}}}]}}",
            "\"p\",\"1/1\",\"Running\",\"1\",\"5m\"," + Wide
        },
        {
            "Sidecar_StartedAndReady_Counted",
            "{" + Meta + ",'spec':{'initContainers':[{'name':'s','restartPolicy':'Always'}],'containers':[{'name':'a'}]},'status':{'phase':'Running',"
                + "'conditions':[{'type':'Initialized','status':'True'}],"
                + "'initContainerStatuses':[{'name':'s','ready':true,'started':true,'restartCount':1,'state':{'running':{}}}],"
                + "'containerStatuses':[{'name':'a','ready':true,'state':{'running':{}}}]}}",
            "\"p\",\"2/2\",\"Running\",\"1\",\"5m\"," + Wide
        },
        {
            "Sidecar_NotStarted_Initializing",
            "{" + Meta + ",'spec':{'initContainers':[{'name':'s','restartPolicy':'Always'}],'containers':[{'name':'a'}]},'status':{'phase':'Pending',"
                + "'initContainerStatuses':[{'name':'s','started':false,'state':{'running':{}}}],"
                + "'containerStatuses':[{'name':'a','state':{'waiting':{'reason':'PodInitializing'}}}]}}",
            "\"p\",\"0/2\",\"Init:0/1\",\"0\",\"5m\"," + Wide
        },
        {
            "Terminating",
            "{" + Deleted + ",'spec':{'containers':[{'name':'a'}]},'status':{'phase':'Running','containerStatuses':[{'name':'a','ready':true,'state':{'running':{}}}]}}",
            "\"p\",\"1/1\",\"Terminating\",\"0\",\"5m\"," + Wide
        },
        {
            "Terminating_NodeLost_Unknown",
            "{" + Deleted + ",'spec':{'containers':[{'name':'a'}]},'status':{'phase':'Running','reason':'NodeLost'}}",
            "\"p\",\"0/1\",\"Unknown\",\"0\",\"5m\"," + Wide
        },
        {
            "Deleted_Succeeded_StaysCompleted",
            "{" + Deleted + ",'spec':{'containers':[{'name':'a'}]},'status':{'phase':'Succeeded','containerStatuses':[{'name':'a','state':{'terminated':{'reason':'Completed'}}}]}}",
            "\"p\",\"0/1\",\"Completed\",\"0\",\"5m\"," + Wide
        },
        {
            "StatusReason_Evicted",
            "{" + Meta + ",'spec':{'containers':[{'name':'a'}]},'status':{'phase':'Failed','reason':'Evicted'}}",
            "\"p\",\"0/1\",\"Evicted\",\"0\",\"5m\"," + Wide
        },
        {
            "SchedulingGated",
            "{" + Meta + ",'spec':{'containers':[{'name':'a'}],'schedulingGates':[{'name':'g'}]},'status':{'phase':'Pending',"
                + "'conditions':[{'type':'PodScheduled','status':'False','reason':'SchedulingGated'}]}}",
            "\"p\",\"0/1\",\"SchedulingGated\",\"0\",\"5m\"," + Wide
        },
        {
            "Wide_IpNodeNominatedReadinessGates",
            "{" + Meta + ",'spec':{'nodeName':'n1','containers':[{'name':'a'}],'readinessGates':[{'conditionType':'g1'},{'conditionType':'g2'}]},"
                + "'status':{'phase':'Running','nominatedNodeName':'n2','podIPs':[{'ip':'10.0.0.5'},{'ip':'fd00::5'}],"
                + "'conditions':[{'type':'g1','status':'True'},{'type':'g2','status':'False'}],"
                + "'containerStatuses':[{'name':'a','ready':true,'state':{'running':{}}}]}}",
            "\"p\",\"1/1\",\"Running\",\"0\",\"5m\",\"10.0.0.5\",\"n1\",\"n2\",\"1/2\""
        },
        {
            "Wide_PodIpAuthoritative",
            "{" + Meta + ",'spec':{'containers':[{'name':'a'}]},'status':{'phase':'Running','podIP':'10.0.0.9','podIPs':[{'ip':'10.0.0.5'}]}}",
            "\"p\",\"0/1\",\"Running\",\"0\",\"5m\",\"10.0.0.9\",\"<none>\",\"<none>\",\"<none>\""
        },
        {
            "Age_Unknown_WithoutCreationTimestamp",
            "{'metadata':{'name':'p'},'spec':{'containers':[{'name':'a'}]},'status':{'phase':'Running'}}",
            "\"p\",\"0/1\",\"Running\",\"0\",\"<unknown>\"," + Wide
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Print_Pod_CellsAsUpstream(string name, string json, string expected)
    {
        _ = name;
        TableTestSupport.Cells<Pod>("", "pods", json).ShouldBe(expected);
    }

    [Theory]
    [InlineData("Succeeded", "Succeeded", "The pod has completed successfully.")]
    [InlineData("Failed", "Failed", "The pod failed.")]
    public void Print_FinishedPod_CompletedRowCondition(string phase, string reason, string message)
    {
        var pod = TableTestSupport.Decode<Pod>("{'metadata':{'name':'p'},'status':{'phase':'" + phase + "'}}");
        var row = TableTestSupport.Convert("", "pods", pod).Rows![0];
        row.Conditions.ShouldNotBeNull();
        row.Conditions.Count.ShouldBe(1);
        row.Conditions[0].Type.ShouldBe("Completed");
        row.Conditions[0].Status.ShouldBe("True");
        row.Conditions[0].Reason.ShouldBe(reason);
        row.Conditions[0].Message.ShouldBe(message);
    }

    [Fact]
    public void Print_RunningPod_NoRowConditions()
    {
        var pod = TableTestSupport.Decode<Pod>("{'metadata':{'name':'p'},'status':{'phase':'Running'}}");
        TableTestSupport.Convert("", "pods", pod).Rows![0].Conditions.ShouldBeNull();
    }
}
