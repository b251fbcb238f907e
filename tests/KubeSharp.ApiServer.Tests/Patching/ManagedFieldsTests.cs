using System.Text.Json.Nodes;
using KubeSharp.ApiServer.Patching;
using static KubeSharp.ApiServer.Tests.Patching.PatchTestSupport;

namespace KubeSharp.ApiServer.Tests.Patching;

/// <summary>Managed fields recorded for ordinary writes (create, update, patch) as upstream's Update operation.</summary>
public class ManagedFieldsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static ManagedFieldsContext Ctx(string manager, string apiVersion = "v1") => new(manager, apiVersion, T0);

    private static JsonNode? Entries(JsonObject obj) => obj["metadata"]?["managedFields"];

    [Theory]
    [InlineData("ConfigMap", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm1","namespace":"default","labels":{"app":"web"}},"data":{"a":"1"}}""",
        """{"f:data":{".":{},"f:a":{}},"f:metadata":{"f:labels":{".":{},"f:app":{}}}}""")]
    [InlineData("apps/Deployment", """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":1,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"nginx"}]}}}}""",
        """{"f:spec":{"f:replicas":{},"f:selector":{},"f:template":{"f:metadata":{"f:labels":{".":{},"f:app":{}}},"f:spec":{"f:containers":{"k:{\"name\":\"web\"}":{".":{},"f:image":{},"f:name":{}}}}}}}""")]
    public void UpdateForUpdate_Create_CreatorOwnsWhatItSet(string kind, string obj, string fieldsV1)
    {
        var apiVersion = JsonNode.Parse(obj)!["apiVersion"]!.GetValue<string>();

        var created = ManagedFields.UpdateForUpdate(null, Obj(obj), Ctx("kubectl-create", apiVersion), Kind(kind));

        Entries(created).ShouldBeJson($$"""[{"manager":"kubectl-create","operation":"Update","apiVersion":"{{apiVersion}}","time":"2026-01-02T03:04:05Z","fieldsType":"FieldsV1","fieldsV1":{{fieldsV1}}}]""");
    }

    [Fact]
    public void UpdateForUpdate_OtherManagerChangesField_TakesIt()
    {
        var created = ManagedFields.UpdateForUpdate(null, Obj("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"a":"1","b":"2"}}"""), Ctx("creator"), Kind("ConfigMap"));
        var edited = (JsonObject)created.DeepClone();
        edited["data"]!["a"] = "9";

        var updated = ManagedFields.UpdateForUpdate(created, edited, Ctx("kubectl-edit"), Kind("ConfigMap"));

        var byManager = Entries(updated)!.AsArray().ToDictionary(e => e!["manager"]!.GetValue<string>(), e => e!["fieldsV1"]);
        byManager["creator"].ShouldBeJson("""{"f:data":{".":{},"f:b":{}}}""");
        byManager["kubectl-edit"].ShouldBeJson("""{"f:data":{"f:a":{}}}""");
    }

    [Fact]
    public void UpdateForUpdate_NoChange_AddsNoEntry()
    {
        var created = ManagedFields.UpdateForUpdate(null, Obj("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"a":"1"}}"""), Ctx("creator"), Kind("ConfigMap"));

        var updated = ManagedFields.UpdateForUpdate(created, (JsonObject)created.DeepClone(), Ctx("other"), Kind("ConfigMap"));

        Entries(updated)!.AsArray().Count.ShouldBe(1);
    }

    [Fact]
    public void UpdateForUpdate_RemovedField_LeavesEveryEntry()
    {
        var created = ManagedFields.UpdateForUpdate(null, Obj("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"a":"1","b":"2"}}"""), Ctx("creator"), Kind("ConfigMap"));
        var edited = (JsonObject)created.DeepClone();
        edited["data"]!.AsObject().Remove("b");

        var updated = ManagedFields.UpdateForUpdate(created, edited, Ctx("kubectl-patch"), Kind("ConfigMap"));

        Entries(updated).ShouldBeJson("""[{"manager":"creator","operation":"Update","apiVersion":"v1","time":"2026-01-02T03:04:05Z","fieldsType":"FieldsV1","fieldsV1":{"f:data":{".":{},"f:a":{}}}}]""");
    }

    [Fact]
    public void UpdateForUpdate_EmptyManagedFieldsInRequest_ResetsThem()
    {
        var created = ManagedFields.UpdateForUpdate(null, Obj("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"a":"1"}}"""), Ctx("creator"), Kind("ConfigMap"));
        var reset = (JsonObject)created.DeepClone();
        reset["metadata"]!["managedFields"] = new JsonArray();

        var updated = ManagedFields.UpdateForUpdate(created, reset, Ctx("other"), Kind("ConfigMap"));

        Entries(updated).ShouldBeNull();
    }

    [Fact]
    public void UpdateForUpdate_StatusSubresource_RecordsOnlyStatus()
    {
        var live = Obj("""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"spec":{"replicas":1}}""");
        var next = Obj("""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"spec":{"replicas":5},"status":{"replicas":1}}""");

        var updated = ManagedFields.UpdateForUpdate(live, next, new ManagedFieldsContext("kube-controller-manager", "apps/v1", T0) { Subresource = "status" }, Kind("apps/Deployment"));

        Entries(updated).ShouldBeJson("""[{"manager":"kube-controller-manager","operation":"Update","apiVersion":"apps/v1","time":"2026-01-02T03:04:05Z","fieldsType":"FieldsV1","fieldsV1":{"f:status":{".":{},"f:replicas":{}}},"subresource":"status"}]""");
    }

    private const string WebDeployment = """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","labels":{"app":"web"}},"spec":{"replicas":1,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"nginx:1","ports":[{"containerPort":80}]},{"name":"side","image":"busybox:1"}]}}}}""";

    [Fact]
    public void UpdateForUpdate_DeepLeafChangedBesideUnchangedSubtrees_MovesOnlyThatLeaf()
    {
        var created = ManagedFields.UpdateForUpdate(null, Obj(WebDeployment), Ctx("creator", "apps/v1"), Kind("apps/Deployment"));
        var edited = (JsonObject)created.DeepClone();
        // metadata, selector, the template's metadata and the first container are byte-for-byte the same: only the
        // second container's image differs, three levels below the first unequal object.
        edited["spec"]!["template"]!["spec"]!["containers"]![1]!["image"] = "busybox:2";

        var updated = ManagedFields.UpdateForUpdate(created, edited, Ctx("kubectl-set", "apps/v1"), Kind("apps/Deployment"));

        var byManager = Entries(updated)!.AsArray().ToDictionary(e => e!["manager"]!.GetValue<string>(), e => e!["fieldsV1"]);
        byManager["kubectl-set"].ShouldBeJson("""{"f:spec":{"f:template":{"f:spec":{"f:containers":{"k:{\"name\":\"side\"}":{"f:image":{}}}}}}}""");
        byManager["creator"].ShouldBeJson("""{"f:metadata":{"f:labels":{".":{},"f:app":{}}},"f:spec":{"f:replicas":{},"f:selector":{},"f:template":{"f:metadata":{"f:labels":{".":{},"f:app":{}}},"f:spec":{"f:containers":{"k:{\"name\":\"side\"}":{".":{},"f:name":{}},"k:{\"name\":\"web\"}":{".":{},"f:image":{},"f:name":{},"f:ports":{".":{},"k:{\"containerPort\":80,\"protocol\":\"TCP\"}":{".":{},"f:containerPort":{}}}}}}}}}""");
    }

    [Fact]
    public void UpdateForUpdate_ListMapKeyWithDefault_UsesTheDefaultInTheKey()
    {
        var pod = """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"i","ports":[{"containerPort":53,"protocol":"UDP"},{"containerPort":53}]}]}}""";

        var created = ManagedFields.UpdateForUpdate(null, Obj(pod), Ctx("creator"), Kind("Pod"));

        Entries(created)![0]!["fieldsV1"].ShouldBeJson("""{"f:spec":{"f:containers":{"k:{\"name\":\"c\"}":{".":{},"f:image":{},"f:name":{},"f:ports":{".":{},"k:{\"containerPort\":53,\"protocol\":\"TCP\"}":{".":{},"f:containerPort":{}},"k:{\"containerPort\":53,\"protocol\":\"UDP\"}":{".":{},"f:containerPort":{},"f:protocol":{}}}}}}}""");
    }

    [Fact]
    public void UpdateForUpdate_ListMapItemWithoutKeyInUnchangedSubtree_DropsManagedFieldsAsUpstream()
    {
        // A container without its name cannot be keyed: upstream's typed conversion fails for the whole object,
        // changed part or not, and the write keeps no managed fields.
        var pod = """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","labels":{"a":"1"},"managedFields":[{"manager":"creator","operation":"Update","apiVersion":"v1","fieldsType":"FieldsV1","fieldsV1":{"f:metadata":{"f:labels":{".":{},"f:a":{}}}}}]},"spec":{"containers":[{"image":"i"}]}}""";
        var edited = Obj(pod);
        edited["metadata"]!["labels"]!["a"] = "2";

        var updated = ManagedFields.UpdateForUpdate(Obj(pod), edited, Ctx("other"), Kind("Pod"));

        Entries(updated).ShouldBeNull();
        updated["metadata"]!["labels"]!["a"]!.GetValue<string>().ShouldBe("2");
    }

    [Fact]
    public void UpdateForUpdate_SetValuedList_OwnsItemsByValue()
    {
        var created = ManagedFields.UpdateForUpdate(null, Obj("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","finalizers":["example.com/a","example.com/b"]}}"""), Ctx("creator"), Kind("ConfigMap"));
        var edited = (JsonObject)created.DeepClone();
        edited["metadata"]!["finalizers"] = new JsonArray("example.com/b", "example.com/c");

        var updated = ManagedFields.UpdateForUpdate(created, edited, Ctx("other"), Kind("ConfigMap"));

        Entries(created)![0]!["fieldsV1"].ShouldBeJson("""{"f:metadata":{"f:finalizers":{".":{},"v:\"example.com/a\"":{},"v:\"example.com/b\"":{}}}}""");
        var byManager = Entries(updated)!.AsArray().ToDictionary(e => e!["manager"]!.GetValue<string>(), e => e!["fieldsV1"]);
        byManager["creator"].ShouldBeJson("""{"f:metadata":{"f:finalizers":{".":{},"v:\"example.com/b\"":{}}}}""");
        byManager["other"].ShouldBeJson("""{"f:metadata":{"f:finalizers":{"v:\"example.com/c\"":{}}}}""");
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("[{}]")]
    public void UpdateForUpdate_ResetManagedFieldsWithAChange_LeavesOnlyTheWriter(string reset)
    {
        var created = ManagedFields.UpdateForUpdate(null, Obj("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"a":"1","b":"2"}}"""), Ctx("creator"), Kind("ConfigMap"));
        var edited = (JsonObject)created.DeepClone();
        edited["metadata"]!["managedFields"] = JsonNode.Parse(reset);
        edited["data"]!["a"] = "9";

        var updated = ManagedFields.UpdateForUpdate(created, edited, Ctx("other"), Kind("ConfigMap"));

        Entries(updated).ShouldBeJson("""[{"manager":"other","operation":"Update","apiVersion":"v1","time":"2026-01-02T03:04:05Z","fieldsType":"FieldsV1","fieldsV1":{"f:data":{"f:a":{}}}}]""");
    }

    [Fact]
    public void UpdateForUpdate_ManagedFieldsInRequest_ReplaceTheLiveOnesAndAreNotCompared()
    {
        var created = ManagedFields.UpdateForUpdate(null, Obj("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"a":"1"}}"""), Ctx("creator"), Kind("ConfigMap"));
        var edited = (JsonObject)created.DeepClone();
        edited["metadata"]!["managedFields"] = JsonNode.Parse("""[{"manager":"someone","operation":"Update","apiVersion":"v1","time":"2025-01-01T00:00:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:data":{"f:a":{}}}}]""");

        var updated = ManagedFields.UpdateForUpdate(created, edited, Ctx("other"), Kind("ConfigMap"));

        // Only managedFields differ: nothing was changed, so the requested entries stand as sent.
        Entries(updated).ShouldBeJson("""[{"manager":"someone","operation":"Update","apiVersion":"v1","time":"2025-01-01T00:00:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:data":{"f:a":{}}}}]""");
    }

    [Fact]
    public void UpdateForUpdate_StatusSubresource_IgnoresManagedFieldsInRequest()
    {
        var live = ManagedFields.UpdateForUpdate(null, Obj("""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"spec":{"replicas":1}}"""), Ctx("creator", "apps/v1"), Kind("apps/Deployment"));
        var next = (JsonObject)live.DeepClone();
        next["metadata"]!["managedFields"] = new JsonArray();
        next["status"] = JsonNode.Parse("""{"replicas":1,"conditions":[{"type":"Available","status":"True"}]}""");

        var updated = ManagedFields.UpdateForUpdate(live, next, new ManagedFieldsContext("kube-controller-manager", "apps/v1", T0) { Subresource = "status" }, Kind("apps/Deployment"));

        Entries(updated).ShouldBeJson("""[{"manager":"creator","operation":"Update","apiVersion":"apps/v1","time":"2026-01-02T03:04:05Z","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:replicas":{}}}},{"manager":"kube-controller-manager","operation":"Update","apiVersion":"apps/v1","time":"2026-01-02T03:04:05Z","fieldsType":"FieldsV1","fieldsV1":{"f:status":{".":{},"f:conditions":{".":{},"k:{\"type\":\"Available\"}":{".":{},"f:status":{},"f:type":{}}},"f:replicas":{}}},"subresource":"status"}]""");
    }

    [Fact]
    public void UpdateForUpdate_StatusConditionChanged_MovesOnlyThatCondition()
    {
        var status = """{"phase":"Running","conditions":[{"type":"Ready","status":"False"},{"type":"PodScheduled","status":"True"}]}""";
        var pod = Obj("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"i"}]}}""");
        pod["status"] = JsonNode.Parse(status);
        var kubelet = new ManagedFieldsContext("kubelet", "v1", T0) { Subresource = "status" };
        var live = ManagedFields.UpdateForUpdate(Obj("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"i"}]}}"""), pod, kubelet, Kind("Pod"));
        var next = (JsonObject)live.DeepClone();
        next["status"]!["conditions"]![0]!["status"] = "True";

        var updated = ManagedFields.UpdateForUpdate(live, next, new ManagedFieldsContext("other", "v1", T0.AddSeconds(1)) { Subresource = "status" }, Kind("Pod"));

        var byManager = Entries(updated)!.AsArray().ToDictionary(e => e!["manager"]!.GetValue<string>(), e => e!);
        byManager["kubelet"]["fieldsV1"].ShouldBeJson("""{"f:status":{".":{},"f:conditions":{".":{},"k:{\"type\":\"PodScheduled\"}":{".":{},"f:status":{},"f:type":{}},"k:{\"type\":\"Ready\"}":{".":{},"f:type":{}}},"f:phase":{}}}""");
        byManager["other"]["fieldsV1"].ShouldBeJson("""{"f:status":{"f:conditions":{"k:{\"type\":\"Ready\"}":{"f:status":{}}}}}""");
        byManager["other"]["time"]!.GetValue<string>().ShouldBe("2026-01-02T03:04:06Z");
    }

    [Fact]
    public void UpdateForUpdate_DuplicateListMapKeyWithUnkeyableItemsInUnchangedSubtree_IsNotAFailure()
    {
        // The walk keys each list once and descends into the first item of a key only: the second "c", whose port
        // has no key, is never looked into, by upstream or here, changed subtree or not.
        var pod = """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","labels":{"a":"1"}},"spec":{"containers":[{"name":"c","image":"i"},{"name":"c","image":"j","ports":[{"name":"http"}]}]}}""";
        var edited = Obj(pod);
        edited["metadata"]!["labels"]!["a"] = "2";

        var updated = ManagedFields.UpdateForUpdate(Obj(pod), edited, Ctx("other"), Kind("Pod"));

        Entries(updated).ShouldBeJson("""[{"manager":"other","operation":"Update","apiVersion":"v1","time":"2026-01-02T03:04:05Z","fieldsType":"FieldsV1","fieldsV1":{"f:metadata":{"f:labels":{"f:a":{}}}}}]""");
    }

    [Fact]
    public void Track_TypedPodStatusWrite_RecordsTheKubeletAndKeepsTheOthers()
    {
        var catalog = new KubeSharp.ApiServer.Registry.ResourceCatalog(KubeSharp.Api.Registry.ResourceRegistry.Default, KubeSharp.ApiServer.Registry.Strategies.For);
        catalog.TryGet("", "v1", "pods", out var pods).ShouldBeTrue();
        var live = KubeSharp.Api.Serialization.KubeJson.Deserialize<KubeSharp.Api.Core.V1.Pod>(PatchTestSupport.Utf8("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"n","managedFields":[{"manager":"creator","operation":"Update","apiVersion":"v1","time":"2026-01-01T00:00:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:containers":{"k:{\"name\":\"c\"}":{".":{},"f:image":{},"f:name":{}}}}}}]},"spec":{"containers":[{"name":"c","image":"i"}]}}"""));
        var next = live.DeepCopy();
        next.Status = new KubeSharp.Api.Core.V1.PodStatus { Phase = "Running", Conditions = [new() { Type = "Ready", Status = "True" }] };

        ManagedFieldsWriter.Track(pods!.Storage, live, next, "kubelet", "status", T0);

        var entries = next.Metadata.ManagedFields!;
        entries.Select(e => e.Manager).ShouldBe(["creator", "kubelet"]);
        entries[0].FieldsV1!.Value.ToString().ShouldBe("""{"f:spec":{"f:containers":{"k:{\"name\":\"c\"}":{".":{},"f:image":{},"f:name":{}}}}}""");
        // The typed condition writes its zero times as nulls, which the kubelet then owns (as upstream's entries show).
        entries[1].FieldsV1!.Value.ToString().ShouldBe("""{"f:status":{"f:conditions":{".":{},"k:{\"type\":\"Ready\"}":{".":{},"f:lastProbeTime":{},"f:lastTransitionTime":{},"f:status":{},"f:type":{}}},"f:phase":{}}}""");
        entries[1].Subresource.ShouldBe("status");
        entries[1].Time!.Value.ToDateTimeOffset().ShouldBe(T0);
    }
}
