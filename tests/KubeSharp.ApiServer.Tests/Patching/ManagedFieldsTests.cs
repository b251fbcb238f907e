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
}
