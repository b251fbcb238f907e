using System.Text.Json;
using KubeSharp.Api;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.FlowControl.V1;
using KubeSharp.Api.Meta.V1;
using KubeSharp.Api.Rbac.V1;
using KubeSharp.Api.Registry;
using KubeSharp.Api.Serialization;
using KubeSharp.ApiServer.Tables;
using GroupResource = KubeSharp.Api.Registry.GroupResource;

namespace KubeSharp.ApiServer.Tests.Tables;

public class TableConvertorTests
{
    private static readonly GroupResource Pods = new("", "pods");

    private static Pod NewPod(string name, string resourceVersion = "7") => TableTestSupport.Decode<Pod>(
        "{'metadata':{'name':'" + name + "','namespace':'default','uid':'u-" + name + "','resourceVersion':'" + resourceVersion + "',"
        + "'creationTimestamp':'2025-01-01T11:55:00Z','labels':{'app':'web'}},'spec':{'containers':[{'name':'c','image':'nginx'}]},'status':{'phase':'Running'}}");

    public static TheoryData<string, string, string> ColumnCases => new()
    {
        { "", "pods", "Name,Ready,Status,Restarts,Age,IP*,Node*,Nominated Node*,Readiness Gates*" },
        { "", "nodes", "Name,Status,Roles,Age,Version,Internal-IP*,External-IP*,OS-Image*,Kernel-Version*,Container-Runtime*" },
        { "", "namespaces", "Name,Status,Age" },
        { "", "services", "Name,Type,Cluster-IP,External-IP,Port(s),Age,Selector*" },
        { "", "endpoints", "Name,Endpoints,Age" },
        { "", "events", "Last Seen,Type,Reason,Object,Subobject*,Source*,Message,First Seen*,Count*,Name*" },
        { "events.k8s.io", "events", "Last Seen,Type,Reason,Object,Subobject*,Source*,Message,First Seen*,Count*,Name*" },
        { "", "configmaps", "Name,Data,Age" },
        { "", "secrets", "Name,Type,Data,Age" },
        { "", "serviceaccounts", "Name,Secrets,Age" },
        { "", "persistentvolumes", "Name,Capacity,Access Modes,Reclaim Policy,Status,Claim,StorageClass,VolumeAttributesClass,Reason,Age,VolumeMode*" },
        { "", "persistentvolumeclaims", "Name,Status,Volume,Capacity,Access Modes,StorageClass,VolumeAttributesClass,Age,VolumeMode*" },
        { "", "resourcequotas", "Name,Request,Limit,Age" },
        { "", "podtemplates", "Name,Containers,Images,Pod Labels" },
        { "", "replicationcontrollers", "Name,Desired,Current,Ready,Age,Containers*,Images*,Selector*" },
        { "", "componentstatuses", "Name,Status,Message,Error" },
        { "", "limitranges", "Name,Created At" },
        { "apps", "deployments", "Name,Ready,Up-to-date,Available,Age,Containers*,Images*,Selector*" },
        { "apps", "replicasets", "Name,Desired,Current,Ready,Age,Containers*,Images*,Selector*" },
        { "apps", "daemonsets", "Name,Desired,Current,Ready,Up-to-date,Available,Node Selector,Age,Containers*,Images*,Selector*" },
        { "apps", "statefulsets", "Name,Ready,Age,Containers*,Images*" },
        { "apps", "controllerrevisions", "Name,Controller,Revision,Age" },
        { "batch", "jobs", "Name,Status,Completions,Duration,Age,Containers*,Images*,Selector*" },
        { "batch", "cronjobs", "Name,Schedule,Timezone,Suspend,Active,Last Schedule,Age,Containers*,Images*,Selector*" },
        { "autoscaling", "horizontalpodautoscalers", "Name,Reference,Targets,MinPods,MaxPods,Replicas,Age" },
        { "policy", "poddisruptionbudgets", "Name,Min Available,Max Unavailable,Allowed Disruptions,Age" },
        { "networking.k8s.io", "ingresses", "Name,Class,Hosts,Address,Ports,Age" },
        { "networking.k8s.io", "ingressclasses", "Name,Controller,Parameters,Age" },
        { "networking.k8s.io", "networkpolicies", "Name,Pod-Selector,Age" },
        { "discovery.k8s.io", "endpointslices", "Name,AddressType,Ports,Endpoints,Age" },
        { "rbac.authorization.k8s.io", "roles", "Name,Created At" },
        { "rbac.authorization.k8s.io", "clusterroles", "Name,Created At" },
        { "rbac.authorization.k8s.io", "rolebindings", "Name,Role,Age,Users*,Groups*,ServiceAccounts*" },
        { "rbac.authorization.k8s.io", "clusterrolebindings", "Name,Role,Age,Users*,Groups*,ServiceAccounts*" },
        { "storage.k8s.io", "storageclasses", "Name,Provisioner,ReclaimPolicy,VolumeBindingMode,AllowVolumeExpansion,Age" },
        { "storage.k8s.io", "volumeattachments", "Name,Attacher,PV,Node,Attached,Age" },
        { "storage.k8s.io", "csidrivers", "Name,AttachRequired,PodInfoOnMount,StorageCapacity,TokenRequests,RequiresRepublish,Modes,Age" },
        { "storage.k8s.io", "csinodes", "Name,Drivers,Age" },
        { "scheduling.k8s.io", "priorityclasses", "Name,Value,Global-Default,Age,PreemptionPolicy" },
        { "node.k8s.io", "runtimeclasses", "Name,Handler,Age" },
        { "coordination.k8s.io", "leases", "Name,Holder,Age" },
        { "certificates.k8s.io", "certificatesigningrequests", "Name,Age,SignerName,Requestor,RequestedDuration,Condition" },
        { "admissionregistration.k8s.io", "mutatingwebhookconfigurations", "Name,Webhooks,Age" },
        { "admissionregistration.k8s.io", "validatingwebhookconfigurations", "Name,Webhooks,Age" },
        { "flowcontrol.apiserver.k8s.io", "flowschemas", "Name,PriorityLevel,MatchingPrecedence,DistinguisherMethod,Age,MissingPL" },
        { "flowcontrol.apiserver.k8s.io", "prioritylevelconfigurations", "Name,Type,NominalConcurrencyShares,Queues,HandSize,QueueLengthLimit,Age" },
        { "apiextensions.k8s.io", "customresourcedefinitions", "Name,Created At" },
        { "apiregistration.k8s.io", "apiservices", "Name,Service,Available,Age" },
        { "example.com", "widgets", "Name,Created At" },
    };

    [Theory]
    [MemberData(nameof(ColumnCases))]
    public void Convert_EmptyList_ColumnsAsUpstream(string group, string resource, string expected)
    {
        var table = TableTestSupport.Convert(group, resource);
        TableTestSupport.Columns(table).ShouldBe(expected);
    }

    [Theory]
    [InlineData("", "pods", "Restarts", "string", "")]
    [InlineData("", "pods", "Name", "string", "name")]
    [InlineData("apps", "replicasets", "Desired", "integer", "")]
    [InlineData("apps", "deployments", "Up-to-date", "string", "")]
    [InlineData("batch", "cronjobs", "Suspend", "boolean", "")]
    [InlineData("storage.k8s.io", "volumeattachments", "Attacher", "string", "name")]
    [InlineData("", "events", "Name", "string", "name")]
    [InlineData("rbac.authorization.k8s.io", "roles", "Created At", "date", "")]
    public void Convert_ColumnDefinition_TypeAndFormat(string group, string resource, string column, string type, string format)
    {
        var definition = TableTestSupport.Convert(group, resource).ColumnDefinitions!.Single(c => c.Name == column);
        definition.Type.ShouldBe(type);
        definition.Format.ShouldBe(format);
        definition.Description.ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public void Convert_EveryServedKind_OneCellPerColumn()
    {
        var checkedKinds = 0;
        foreach (var resource in ResourceRegistry.Default.Resources)
        {
            if (!ApiTypes.TryGet(resource.ApiVersion, resource.Kind, out var info))
            {
                continue;
            }
            var obj = KubeJson.Deserialize(info, "{\"metadata\":{\"name\":\"x\"}}"u8);
            foreach (var include in new[] { TableIncludeObject.Metadata, TableIncludeObject.Object })
            {
                var table = TableConvertor.Convert(resource.GroupResource, [obj], new TableConvertOptions { IncludeObject = include }, TableTestSupport.Clock);
                var row = table.Rows!.ShouldHaveSingleItem();
                // Upstream's IPAddress printer writes an AGE cell it declares no column for.
                var extra = resource.GroupResource == new GroupResource("networking.k8s.io", "ipaddresses") ? 1 : 0;
                row.Cells!.Count.ShouldBe(table.ColumnDefinitions!.Count + extra, resource.GroupResource.ToString());
                row.Cells[table.ColumnDefinitions.FindIndex(c => c.Format == "name")].ToString().ShouldStartWith("\"x", customMessage: resource.GroupResource.ToString());
                row.Object.IsZero.ShouldBeFalse();
            }
            checkedKinds++;
        }
        checkedKinds.ShouldBeGreaterThan(60);
    }

    [Fact]
    public void Convert_Pods_JsonShapeAsKubectlExpects()
    {
        var table = TableConvertor.Convert(Pods, [NewPod("a"), NewPod("b")],
            new TableConvertOptions { ResourceVersion = "1010", Continue = "next", RemainingItemCount = 3 }, TableTestSupport.Clock);
        using var document = JsonDocument.Parse(KubeJson.Serialize(table));
        var root = document.RootElement;

        root.GetProperty("kind").GetString().ShouldBe("Table");
        root.GetProperty("apiVersion").GetString().ShouldBe("meta.k8s.io/v1");
        var metadata = root.GetProperty("metadata");
        metadata.GetProperty("resourceVersion").GetString().ShouldBe("1010");
        metadata.GetProperty("continue").GetString().ShouldBe("next");
        metadata.GetProperty("remainingItemCount").GetInt64().ShouldBe(3);

        var first = root.GetProperty("columnDefinitions")[0];
        first.GetProperty("name").GetString().ShouldBe("Name");
        first.GetProperty("type").GetString().ShouldBe("string");
        first.GetProperty("format").GetString().ShouldBe("name");
        first.GetProperty("priority").GetInt32().ShouldBe(0);
        root.GetProperty("columnDefinitions")[5].GetProperty("priority").GetInt32().ShouldBe(1);

        var rows = root.GetProperty("rows");
        rows.GetArrayLength().ShouldBe(2);
        var cells = rows[0].GetProperty("cells");
        cells[0].GetString().ShouldBe("a");
        cells[3].ValueKind.ShouldBe(JsonValueKind.String);
        cells[4].GetString().ShouldBe("5m");

        var obj = rows[1].GetProperty("object");
        obj.GetProperty("kind").GetString().ShouldBe("PartialObjectMetadata");
        obj.GetProperty("apiVersion").GetString().ShouldBe("meta.k8s.io/v1");
        obj.GetProperty("metadata").GetProperty("name").GetString().ShouldBe("b");
        obj.GetProperty("metadata").GetProperty("namespace").GetString().ShouldBe("default");
        obj.GetProperty("metadata").GetProperty("uid").GetString().ShouldBe("u-b");
        obj.GetProperty("metadata").GetProperty("labels").GetProperty("app").GetString().ShouldBe("web");
        obj.GetProperty("metadata").GetProperty("creationTimestamp").GetString().ShouldBe("2025-01-01T11:55:00Z");
        obj.TryGetProperty("spec", out _).ShouldBeFalse();
    }

    [Fact]
    public void Convert_IntegerCells_AreJsonNumbers()
    {
        var replicaSet = TableTestSupport.Decode<KubeSharp.Api.Apps.V1.ReplicaSet>("{'metadata':{'name':'rs'},'spec':{'replicas':300}}");
        var table = TableTestSupport.Convert("apps", "replicasets", replicaSet);
        using var document = JsonDocument.Parse(KubeJson.Serialize(table));
        var cells = document.RootElement.GetProperty("rows")[0].GetProperty("cells");
        cells[1].ValueKind.ShouldBe(JsonValueKind.Number);
        cells[1].GetInt64().ShouldBe(300);
    }

    [Fact]
    public void Convert_IncludeObjectNone_ObjectNull()
    {
        var table = TableConvertor.Convert(Pods, [NewPod("a")], new TableConvertOptions { IncludeObject = TableIncludeObject.None }, TableTestSupport.Clock);
        table.Rows![0].Object.IsZero.ShouldBeTrue();
        KubeJson.Serialize(table).ShouldContain("\"object\":null");
    }

    [Fact]
    public void Convert_IncludeObjectObject_FullObjectWithTypeMeta()
    {
        var table = TableConvertor.Convert(Pods, [NewPod("a")], new TableConvertOptions { IncludeObject = TableIncludeObject.Object }, TableTestSupport.Clock);
        var text = table.Rows![0].Object.ToString();
        text.ShouldStartWith("{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{");
        var pod = KubeJson.Deserialize<Pod>(table.Rows[0].Object.Raw!);
        pod.Metadata.Name.ShouldBe("a");
        pod.Spec.Containers![0].Image.ShouldBe("nginx");
    }

    [Fact]
    public void Convert_IncludeObjectObject_KeepsExistingTypeMeta()
    {
        var pod = NewPod("a");
        pod.Kind = "Pod";
        pod.ApiVersion = "v1";
        var table = TableConvertor.Convert(Pods, [pod], new TableConvertOptions { IncludeObject = TableIncludeObject.Object }, TableTestSupport.Clock);
        table.Rows![0].Object.ToString().ShouldStartWith("{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{");
    }

    [Fact]
    public void Convert_NoHeaders_ColumnDefinitionsNull()
    {
        var table = TableConvertor.Convert(Pods, [NewPod("a")], new TableConvertOptions { NoHeaders = true }, TableTestSupport.Clock);
        table.ColumnDefinitions.ShouldBeNull();
        KubeJson.Serialize(table).ShouldContain("\"columnDefinitions\":null");
        table.Rows![0].Cells!.Count.ShouldBe(9);
    }

    [Fact]
    public void Convert_NoHeadersForApiServices_ColumnsStillSent()
    {
        var table = TableConvertor.Convert(new GroupResource("apiregistration.k8s.io", "apiservices"), Array.Empty<object>(),
            new TableConvertOptions { NoHeaders = true }, TableTestSupport.Clock);
        table.ColumnDefinitions.ShouldNotBeNull();
    }

    [Fact]
    public void Convert_V1Beta1_TableAndRowMetadataVersion()
    {
        var table = TableConvertor.Convert(Pods, [NewPod("a")], new TableConvertOptions { ApiVersion = "meta.k8s.io/v1beta1" }, TableTestSupport.Clock);
        table.ApiVersion.ShouldBe("meta.k8s.io/v1beta1");
        table.Rows![0].Object.ToString().ShouldStartWith("{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1beta1\",");
    }

    [Fact]
    public void Convert_SingleObject_ResourceVersionFromObject()
    {
        var table = TableConvertor.Convert(Pods, NewPod("a", "42"), TableConvertOptions.Default, TableTestSupport.Clock);
        table.Metadata.ResourceVersion.ShouldBe("42");
        table.Rows!.Count.ShouldBe(1);
    }

    [Fact]
    public void Convert_EmptyList_RowsEmptyForPrintersNullForDefault()
    {
        KubeJson.Serialize(TableTestSupport.Convert("", "pods")).ShouldContain("\"rows\":[]");
        KubeJson.Serialize(TableTestSupport.Convert("rbac.authorization.k8s.io", "roles")).ShouldContain("\"rows\":null");
    }

    [Fact]
    public void Convert_DefaultConvertor_NameAndRfc3339CreationTime()
    {
        var role = TableTestSupport.Decode<Role>("{'metadata':{'name':'r','creationTimestamp':'2024-06-01T08:09:10Z'}}");
        var unset = TableTestSupport.Decode<Role>("{'metadata':{'name':'u'}}");
        var table = TableTestSupport.Convert("rbac.authorization.k8s.io", "roles", role, unset);
        TableTestSupport.Cells(table.Rows![0]).ShouldBe("\"r\",\"2024-06-01T08:09:10Z\"");
        TableTestSupport.Cells(table.Rows[1]).ShouldBe("\"u\",\"0001-01-01T00:00:00Z\"");
    }

    [Fact]
    public void Convert_ObjectOfAnotherType_FallsBackToDefaultColumns()
    {
        var table = TableTestSupport.Convert("", "pods", TableTestSupport.Decode<ConfigMap>("{'metadata':{'name':'cm'}}"));
        TableTestSupport.Columns(table).ShouldBe("Name,Created At");
    }

    [Fact]
    public void Convert_FlowSchemaList_SortedByPrecedenceThenName()
    {
        FlowSchema Schema(string name, int precedence) => TableTestSupport.Decode<FlowSchema>(
            "{'metadata':{'name':'" + name + "'},'spec':{'priorityLevelConfiguration':{'name':'p'},'matchingPrecedence':" + precedence + "}}");
        var table = TableTestSupport.Convert("flowcontrol.apiserver.k8s.io", "flowschemas",
            Schema("global-default", 9900), Schema("b", 1000), Schema("exempt", 1), Schema("a", 1000));
        table.Rows!.Select(r => r.Cells![0].ToString()).ShouldBe(["\"exempt\"", "\"a\"", "\"b\"", "\"global-default\""]);
    }

    [Fact]
    public void Convert_EscapedStrings_ValidJson()
    {
        var pod = TableTestSupport.Decode<Pod>("{'metadata':{'name':'p'},'status':{'phase':'Running','reason':'Quote\\\" back\\\\slash ünï \\n'}}");
        var table = TableTestSupport.Convert("", "pods", pod);
        using var document = JsonDocument.Parse(table.Rows![0].Cells![2].Raw);
        document.RootElement.GetString().ShouldBe("Quote\" back\\slash ünï \n");
    }

    [Fact]
    public void Convert_AgeFromInjectedClock()
    {
        var later = new FixedClock(TableTestSupport.Now.AddDays(3));
        var table = TableConvertor.Convert(Pods, [NewPod("a")], TableConvertOptions.Default, later);
        table.Rows![0].Cells![4].ToString().ShouldBe("\"3d\"");
    }

    [Theory]
    [InlineData(null, TableIncludeObject.Metadata, true)]
    [InlineData("", TableIncludeObject.Metadata, true)]
    [InlineData("Metadata", TableIncludeObject.Metadata, true)]
    [InlineData("None", TableIncludeObject.None, true)]
    [InlineData("Object", TableIncludeObject.Object, true)]
    [InlineData("object", TableIncludeObject.Metadata, false)]
    public void TryParse_IncludeObject_AsUpstream(string? value, TableIncludeObject expected, bool ok)
    {
        TableIncludeObjectParser.TryParse(value, out var parsed).ShouldBe(ok);
        parsed.ShouldBe(expected);
    }

    [Fact]
    public void UnrecognizedMessage_IncludeObject_UpstreamText()
        => TableIncludeObjectParser.UnrecognizedMessage("x").ShouldBe("unrecognized includeObject value: \"x\"");
}
