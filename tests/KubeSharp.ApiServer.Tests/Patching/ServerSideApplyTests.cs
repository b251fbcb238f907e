using System.Text.Json.Nodes;
using KubeSharp.ApiServer.Patching;
using static KubeSharp.ApiServer.Tests.Patching.PatchTestSupport;

namespace KubeSharp.ApiServer.Tests.Patching;

/// <summary>kubectl's server-side apply flows against the ownership model of structured-merge-diff.</summary>
public class ServerSideApplyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly DateTimeOffset T1 = T0.AddMinutes(1);

    private const string ConfigMapA1 = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm1","namespace":"default"},"data":{"a":"1"}}""";

    private static string DeploymentManifest(int replicas, string image = "nginx:1")
        => $$$$$"""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"default"},"spec":{"replicas":{{{{{replicas}}}}},"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"{{{{{image}}}}}"}]}}}}""";

    private static ManagedFieldsContext Ctx(string manager, string apiVersion = "v1", DateTimeOffset? now = null, bool force = false)
        => new(manager, apiVersion, now ?? T0) { Force = force };

    private static JsonObject Applied(PatchResult result)
    {
        result.Succeeded.ShouldBeTrue(result.ToString());
        return result.Document!.AsObject();
    }

    private static JsonArray ManagedFieldsOf(JsonObject obj) => obj["metadata"]!["managedFields"]!.AsArray();

    [Fact]
    public void Apply_CreateConfigMap_RecordsApplyEntry()
    {
        var created = Applied(ServerSideApply.Apply(null, Obj(ConfigMapA1), Ctx("kubectl"), Kind("ConfigMap")));

        created["data"].ShouldBeJson("""{"a":"1"}""");
        created["metadata"]!["name"]!.GetValue<string>().ShouldBe("cm1");
        ManagedFieldsOf(created).ShouldBeJson("""[{"manager":"kubectl","operation":"Apply","apiVersion":"v1","time":"2026-01-02T03:04:05Z","fieldsType":"FieldsV1","fieldsV1":{"f:data":{"f:a":{}}}}]""");
    }

    [Fact]
    public void Apply_ReapplyChangingField_UpdatesValueAndTime()
    {
        var live = Applied(ServerSideApply.Apply(null, Obj(ConfigMapA1), Ctx("kubectl"), Kind("ConfigMap")));

        var updated = Applied(ServerSideApply.Apply(live, Obj(ConfigMapA1.Replace("\"1\"", "\"2\"", StringComparison.Ordinal)), Ctx("kubectl", now: T1), Kind("ConfigMap")));

        updated["data"].ShouldBeJson("""{"a":"2"}""");
        ManagedFieldsOf(updated)[0]!["time"]!.GetValue<string>().ShouldBe("2026-01-02T03:05:05Z");
    }

    [Fact]
    public void Apply_Unchanged_KeepsTime()
    {
        var live = Applied(ServerSideApply.Apply(null, Obj(ConfigMapA1), Ctx("kubectl"), Kind("ConfigMap")));

        var again = Applied(ServerSideApply.Apply(live, Obj(ConfigMapA1), Ctx("kubectl", now: T1), Kind("ConfigMap")));

        ManagedFieldsOf(again)[0]!["time"]!.GetValue<string>().ShouldBe("2026-01-02T03:04:05Z");
    }

    [Fact]
    public void Apply_FieldRemovedFromConfig_RemovesItWhenOnlyOwner()
    {
        var live = Applied(ServerSideApply.Apply(null, Obj("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm1"},"data":{"a":"1","b":"2"}}"""), Ctx("kubectl"), Kind("ConfigMap")));

        var updated = Applied(ServerSideApply.Apply(live, Obj("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm1"},"data":{"a":"1"}}"""), Ctx("kubectl"), Kind("ConfigMap")));

        updated["data"].ShouldBeJson("""{"a":"1"}""");
        ManagedFieldsOf(updated)[0]!["fieldsV1"].ShouldBeJson("""{"f:data":{"f:a":{}}}""");
    }

    [Fact]
    public void Apply_FieldRemovedFromConfig_KeptWhenAnotherManagerOwnsIt()
    {
        var live = Applied(ServerSideApply.Apply(null, Obj("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm1"},"data":{"a":"1","b":"2"}}"""), Ctx("a"), Kind("ConfigMap")));
        live = Applied(ServerSideApply.Apply(live, Obj("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm1"},"data":{"b":"2"}}"""), Ctx("b"), Kind("ConfigMap")));

        var updated = Applied(ServerSideApply.Apply(live, Obj("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm1"},"data":{"a":"1"}}"""), Ctx("a"), Kind("ConfigMap")));

        updated["data"].ShouldBeJson("""{"a":"1","b":"2"}""");
    }

    [Fact]
    public void Apply_TwoManagersDifferentReplicas_Conflicts()
    {
        var live = Applied(ServerSideApply.Apply(null, Obj(DeploymentManifest(2)), Ctx("a", "apps/v1"), Kind("apps/Deployment")));

        var result = ServerSideApply.Apply(live, Obj(DeploymentManifest(3)), Ctx("b", "apps/v1"), Kind("apps/Deployment"));

        result.Succeeded.ShouldBeFalse();
        result.Error.Code.ShouldBe(409);
        result.Error.Reason.ShouldBe("Conflict");
        result.Error.Message.ShouldBe("Apply failed with 1 conflict: conflict with \"a\": .spec.replicas");
        result.Error.Causes.ShouldBe([new PatchErrorCause("FieldManagerConflict", "conflict with \"a\"", ".spec.replicas")]);
    }

    [Fact]
    public void Apply_TwoManagersSameValues_ShareOwnership()
    {
        var live = Applied(ServerSideApply.Apply(null, Obj(DeploymentManifest(2)), Ctx("a", "apps/v1"), Kind("apps/Deployment")));

        var shared = Applied(ServerSideApply.Apply(live, Obj(DeploymentManifest(2)), Ctx("b", "apps/v1"), Kind("apps/Deployment")));

        var entries = ManagedFieldsOf(shared);
        entries.Count.ShouldBe(2);
        // The object did not change, so "b" gets no time and sorts first (upstream orders by operation, then time).
        entries.Select(e => e!["manager"]!.GetValue<string>()).ShouldBe(["b", "a"]);
        entries[0]!.AsObject().ContainsKey("time").ShouldBeFalse();
    }

    [Fact]
    public void Apply_Force_MovesOwnership()
    {
        var live = Applied(ServerSideApply.Apply(null, Obj(DeploymentManifest(2)), Ctx("a", "apps/v1"), Kind("apps/Deployment")));

        var forced = Applied(ServerSideApply.Apply(live, Obj(DeploymentManifest(3)), Ctx("b", "apps/v1", force: true), Kind("apps/Deployment")));

        forced["spec"]!["replicas"]!.GetValue<int>().ShouldBe(3);
        var entries = ManagedFieldsOf(forced).ToDictionary(e => e!["manager"]!.GetValue<string>(), e => e!["fieldsV1"]!);
        entries["a"]["f:spec"]!["f:replicas"].ShouldBeNull();
        entries["b"]["f:spec"]!["f:replicas"].ShouldNotBeNull();
    }

    [Fact]
    public void Apply_AfterClientSideApply_ConflictsWithUpdateManager()
    {
        var created = ManagedFields.UpdateForUpdate(null, Obj(DeploymentManifest(1)), Ctx("kubectl-client-side-apply", "apps/v1"), Kind("apps/Deployment"));

        var result = ServerSideApply.Apply(created, Obj(DeploymentManifest(3)), Ctx("kubectl", "apps/v1"), Kind("apps/Deployment"));

        result.Error!.Code.ShouldBe(409);
        result.Error.Message.ShouldBe("Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using apps/v1: .spec.replicas");
        result.Error.Causes.ShouldBe([new PatchErrorCause("FieldManagerConflict", "conflict with \"kubectl-client-side-apply\" using apps/v1", ".spec.replicas")]);
    }

    [Fact]
    public void Apply_SeveralConflicts_GroupsThemByManager()
    {
        var live = Applied(ServerSideApply.Apply(null, Obj(DeploymentManifest(2, "nginx:1")), Ctx("a", "apps/v1"), Kind("apps/Deployment")));

        var result = ServerSideApply.Apply(live, Obj(DeploymentManifest(3, "nginx:2")), Ctx("b", "apps/v1"), Kind("apps/Deployment"));

        result.Error!.Message.ShouldBe("Apply failed with 2 conflicts: conflicts with \"a\":\n- .spec.replicas\n- .spec.template.spec.containers[name=\"web\"].image");
        result.Error.Causes.Count.ShouldBe(2);
    }

    [Fact]
    public void Apply_ObjectWithoutManagedFields_ConflictsWithBeforeFirstApply()
    {
        var live = Obj(DeploymentManifest(1));

        var result = ServerSideApply.Apply(live, Obj(DeploymentManifest(3)), Ctx("kubectl", "apps/v1"), Kind("apps/Deployment"));

        result.Error!.Message.ShouldBe("Apply failed with 1 conflict: conflict with \"before-first-apply\" using apps/v1: .spec.replicas");
    }

    [Fact]
    public void Apply_ContainerDroppedFromConfig_RemovesIt()
    {
        var two = """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"template":{"spec":{"containers":[{"name":"web","image":"a"},{"name":"side","image":"b"}]}}}}""";
        var one = """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"template":{"spec":{"containers":[{"name":"web","image":"a"}]}}}}""";
        var live = Applied(ServerSideApply.Apply(null, Obj(two), Ctx("kubectl", "apps/v1"), Kind("apps/Deployment")));

        var updated = Applied(ServerSideApply.Apply(live, Obj(one), Ctx("kubectl", "apps/v1"), Kind("apps/Deployment")));

        updated["spec"]!["template"]!["spec"]!["containers"].ShouldBeJson("""[{"name":"web","image":"a"}]""");
    }

    [Fact]
    public void Apply_ContainerMergedByKey_KeepsLiveOnlyFields()
    {
        var live = Obj("""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","managedFields":[{"manager":"kube-controller","operation":"Update","apiVersion":"apps/v1","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:template":{"f:spec":{"f:containers":{"k:{\"name\":\"web\"}":{"f:terminationMessagePath":{}}}}}}}}]},"spec":{"template":{"spec":{"containers":[{"name":"web","image":"a","terminationMessagePath":"/dev/termination-log"}]}}}}""");

        var updated = Applied(ServerSideApply.Apply(live, Obj("""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"template":{"spec":{"containers":[{"name":"web","image":"b"}]}}}}"""), Ctx("kubectl", "apps/v1"), Kind("apps/Deployment")));

        updated["spec"]!["template"]!["spec"]!["containers"].ShouldBeJson("""[{"name":"web","image":"b","terminationMessagePath":"/dev/termination-log"}]""");
    }

    public static TheoryData<string, string, string, string> FieldSetCases => new()
    {
        { "list-map items carry their keys and a self marker", "apps/Deployment",
            """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d","labels":{"app":"web"}},"spec":{"template":{"spec":{"containers":[{"name":"web","image":"a"}]}}}}""",
            """{"f:metadata":{"f:labels":{"f:app":{}}},"f:spec":{"f:template":{"f:spec":{"f:containers":{"k:{\"name\":\"web\"}":{".":{},"f:image":{},"f:name":{}}}}}}}""" },
        { "list-map keys use schema defaults", "Pod",
            """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","ports":[{"containerPort":80}]}]}}""",
            """{"f:spec":{"f:containers":{"k:{\"name\":\"c\"}":{".":{},"f:name":{},"f:ports":{"k:{\"containerPort\":80,\"protocol\":\"TCP\"}":{".":{},"f:containerPort":{}}}}}}}""" },
        { "set items are values", "ConfigMap",
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","finalizers":["b","a"]}}""",
            """{"f:metadata":{"f:finalizers":{"v:\"a\"":{},"v:\"b\"":{}}}}""" },
        { "atomic lists and structs are leaves", "apps/Deployment",
            """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"spec":{"selector":{"matchLabels":{"app":"web"}},"template":{"spec":{"containers":[{"name":"c","args":["x"]}]}}}}""",
            """{"f:spec":{"f:selector":{},"f:template":{"f:spec":{"f:containers":{"k:{\"name\":\"c\"}":{".":{},"f:args":{},"f:name":{}}}}}}}""" },
        { "status is not recorded on the main resource", "apps/Deployment",
            """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"spec":{"replicas":1},"status":{"replicas":1}}""",
            """{"f:spec":{"f:replicas":{}}}""" },
    };

    [Theory]
    [MemberData(nameof(FieldSetCases))]
    public void Apply_Create_RecordsFieldsV1(string name, string kind, string applied, string fieldsV1)
    {
        var apiVersion = JsonNode.Parse(applied)!["apiVersion"]!.GetValue<string>();

        var created = Applied(ServerSideApply.Apply(null, Obj(applied), Ctx("m", apiVersion), Kind(kind)));

        ManagedFieldsOf(created)[0]!["fieldsV1"].ShouldBeJson(fieldsV1, name);
        ManagedFieldsOf(created)[0]!["fieldsV1"]!.ToJsonString().ShouldBe(JsonNode.Parse(fieldsV1)!.ToJsonString(), name);
    }

    [Theory]
    [InlineData("wrong version", """{"apiVersion":"apps/v1beta1","kind":"Deployment","metadata":{"name":"d"}}""", "Incorrect version specified in apply patch. Specified patch version: apps/v1beta1, expected: apps/v1")]
    [InlineData("managed fields in the patch", """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d","managedFields":[]}}""", "metadata.managedFields must be nil")]
    public void Apply_InvalidConfig_IsBadRequest(string name, string applied, string message)
    {
        var result = ServerSideApply.Apply(null, Obj(applied), Ctx("m", "apps/v1"), Kind("apps/Deployment"));

        result.Error!.Code.ShouldBe(400, name);
        result.Error.Message.ShouldBe(message, name);
    }
}
