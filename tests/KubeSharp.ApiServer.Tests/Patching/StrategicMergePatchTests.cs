using KubeSharp.ApiServer.Patching;
using static KubeSharp.ApiServer.Tests.Patching.PatchTestSupport;

namespace KubeSharp.ApiServer.Tests.Patching;

/// <summary>
/// Strategic merge patch, table-driven after upstream's strategicpatch tests (custom and raw test cases), mapped
/// from upstream's MergeItem test type onto built-in fields with the same metadata: container <c>env</c> (merge by
/// name), <c>metadata.finalizers</c> (merged primitive list), <c>metadata.labels</c> (map), <c>args</c>/<c>tolerations</c>
/// (replaced lists), Deployment <c>spec.strategy</c> (retainKeys map) and Pod <c>spec.volumes</c> (merge,retainKeys).
/// </summary>
public class StrategicMergePatchTests
{
    private const string Env = """{"spec":{"containers":[{"name":"c","env":ENV}]}}""";

    private static string WithEnv(string env) => Env.Replace("ENV", env, StringComparison.Ordinal);

    public static TheoryData<string, string, string, string, string> Cases => new()
    {
        // Upstream's custom test cases.
        { "unique scalars when merging lists", "Pod", """{"metadata":{"finalizers":["1","2"]}}""", """{"metadata":{"finalizers":["2","3"]}}""", """{"metadata":{"finalizers":["1","2","3"]}}""" },
        { "delete map from nested map", "Pod", """{"metadata":{"labels":{"key1":"1","key2":"1"}}}""", """{"metadata":{"labels":{"$patch":"delete"}}}""", """{"metadata":{"labels":{}}}""" },
        { "delete all items from merging list", "Pod", """{"spec":{"containers":[{"name":"1"},{"name":"2"}]}}""", """{"spec":{"containers":[{"$patch":"replace"}]}}""", """{"spec":{"containers":[]}}""" },
        { "merge empty merging lists", "Pod", """{"spec":{"containers":[]}}""", """{"spec":{"containers":[]}}""", """{"spec":{"containers":[]}}""" },
        { "delete all keys from map", "Pod", """{"spec":{"hostname":"1","subdomain":"1"}}""", """{"spec":{"$patch":"replace"}}""", """{"spec":{}}""" },
        { "add key and delete all keys from map", "Pod", """{"spec":{"hostname":"1","subdomain":"1"}}""", """{"spec":{"nodeName":"a","$patch":"replace"}}""", """{"spec":{"nodeName":"a"}}""" },
        { "delete all duplicate entries in a merging list", "Pod", WithEnv("""[{"name":"1"},{"name":"1"},{"name":"2","value":"a"},{"name":"3"},{"name":"3"}]"""), WithEnv("""[{"name":"1","$patch":"delete"},{"name":"3","$patch":"delete"}]"""), WithEnv("""[{"name":"2","value":"a"}]""") },
        { "retainKeys map can add a field without directive", "apps/Deployment", """{"spec":{"strategy":{"type":"foo"}}}""", """{"spec":{"strategy":{"rollingUpdate":{"maxSurge":1}}}}""", """{"spec":{"strategy":{"type":"foo","rollingUpdate":{"maxSurge":1}}}}""" },
        { "retainKeys map can change a field without directive", "apps/Deployment", """{"spec":{"strategy":{"type":"a","rollingUpdate":{}}}}""", """{"spec":{"strategy":{"type":"b"}}}""", """{"spec":{"strategy":{"type":"b","rollingUpdate":{}}}}""" },
        { "retainKeys map can delete a field without directive", "apps/Deployment", """{"spec":{"strategy":{"type":"a","rollingUpdate":{}}}}""", """{"spec":{"strategy":{"rollingUpdate":null}}}""", """{"spec":{"strategy":{"type":"a"}}}""" },
        { "retainKeys map merges an empty map", "apps/Deployment", """{"spec":{"strategy":{"type":"a"}}}""", """{"spec":{"strategy":{}}}""", """{"spec":{"strategy":{"type":"a"}}}""" },
        { "retainKeys list can add a field without directive", "Pod", """{"spec":{"volumes":[{"name":"bar"},{"name":"foo"}]}}""", """{"spec":{"volumes":[{"name":"foo","emptyDir":{}}]}}""", """{"spec":{"volumes":[{"name":"bar"},{"name":"foo","emptyDir":{}}]}}""" },
        { "retainKeys list can delete a field without directive", "Pod", """{"spec":{"volumes":[{"name":"bar"},{"name":"foo","emptyDir":{}}]}}""", """{"spec":{"volumes":[{"name":"foo","emptyDir":null}]}}""", """{"spec":{"volumes":[{"name":"bar"},{"name":"foo"}]}}""" },
        { "preserve the order from the patch in a merging list", "Pod", WithEnv("""[{"name":"1"},{"name":"2","value":"b"},{"name":"3"}]"""), WithEnv("""[{"name":"3","value":"c"},{"name":"1","value":"a"},{"name":"2","other":"x"}]"""), WithEnv("""[{"name":"3","value":"c"},{"name":"1","value":"a"},{"name":"2","value":"b","other":"x"}]""") },
        { "preserve the order from the patch in a merging list 2", "Pod", WithEnv("""[{"name":"1"},{"name":"2","value":"b"},{"name":"3"}]"""), WithEnv("""[{"name":"3","value":"c"},{"name":"1","value":"a"}]"""), WithEnv("""[{"name":"2","value":"b"},{"name":"3","value":"c"},{"name":"1","value":"a"}]""") },
        { "preserve the order from the patch in a merging primitive list", "Pod", """{"metadata":{"finalizers":["1","2","3"]}}""", """{"metadata":{"finalizers":["3","1","2"]}}""", """{"metadata":{"finalizers":["3","1","2"]}}""" },
        { "preserve the order from the patch in a merging primitive list 2", "Pod", """{"metadata":{"finalizers":["1","2","3"]}}""", """{"metadata":{"finalizers":["3","1"]}}""", """{"metadata":{"finalizers":["2","3","1"]}}""" },
        // Upstream's raw test cases.
        { "$setElementOrder contains an item absent from the list", "Pod", WithEnv("""[{"name":"1"},{"name":"3"}]"""), """{"spec":{"containers":[{"name":"c","$setElementOrder/env":[{"name":"3"},{"name":"2"},{"name":"1"}],"env":[{"name":"3","value":"3"},{"name":"1","value":"1"}]}]}}""", WithEnv("""[{"name":"3","value":"3"},{"name":"1","value":"1"}]""") },
        { "$setElementOrder of a primitive list without the list", "Pod", """{"metadata":{"finalizers":["1","3"]}}""", """{"metadata":{"$setElementOrder/finalizers":["3","2","1"]}}""", """{"metadata":{"finalizers":["3","1"]}}""" },
        { "$deleteFromPrimitiveList of an absent item", "Pod", """{"metadata":{"finalizers":["1","2"]}}""", """{"metadata":{"$deleteFromPrimitiveList/finalizers":["3"]}}""", """{"metadata":{"finalizers":["1","2"]}}""" },
        { "$deleteFromPrimitiveList on a null list", "Pod", """{"metadata":{"finalizers":null}}""", """{"metadata":{"$deleteFromPrimitiveList/finalizers":["3"]}}""", """{"metadata":{"finalizers":null}}""" },
        { "$deleteFromPrimitiveList on a missing list does not add it", "Pod", """{"metadata":{"name":"x"}}""", """{"metadata":{"$deleteFromPrimitiveList/finalizers":["3"]}}""", """{"metadata":{"name":"x"}}""" },
        { "$deleteFromPrimitiveList deletes from a merge list", "Pod", """{"metadata":{"finalizers":["1","2","3"]}}""", """{"metadata":{"$deleteFromPrimitiveList/finalizers":["2"]}}""", """{"metadata":{"finalizers":["1","3"]}}""" },
        { "$deleteFromPrimitiveList deletes from a list without merge strategy", "Pod", """{"spec":{"containers":[{"name":"c","args":["1","2","3"]}]}}""", """{"spec":{"containers":[{"name":"c","$deleteFromPrimitiveList/args":["2"]}]}}""", """{"spec":{"containers":[{"name":"c","args":["1","3"]}]}}""" },
        // Two-way and three-way shapes.
        { "null deletes a field", "Pod", """{"spec":{"hostname":"a","subdomain":"b"}}""", """{"spec":{"hostname":null}}""", """{"spec":{"subdomain":"b"}}""" },
        { "null for a missing field is not kept", "Pod", """{"spec":{}}""", """{"spec":{"hostname":null}}""", """{"spec":{}}""" },
        { "nulls inside a new value are discarded", "Pod", """{"metadata":{"name":"p"}}""", """{"metadata":{"annotations":{"a":null,"b":"x"}}}""", """{"metadata":{"name":"p","annotations":{"b":"x"}}}""" },
        { "directives inside a new list are removed", "Pod", """{"spec":{}}""", """{"spec":{"volumes":[{"name":"a"},{"name":"b","$patch":"delete"}]}}""", """{"spec":{"volumes":[{"name":"a"}]}}""" },
        { "a list without strategy is replaced", "Pod", """{"spec":{"tolerations":[{"key":"a"},{"key":"b"}]}}""", """{"spec":{"tolerations":[{"key":"c"}]}}""", """{"spec":{"tolerations":[{"key":"c"}]}}""" },
        { "an atomic primitive list is replaced", "Pod", """{"spec":{"containers":[{"name":"c","args":["a","b"]}]}}""", """{"spec":{"containers":[{"name":"c","args":["b"]}]}}""", """{"spec":{"containers":[{"name":"c","args":["b"]}]}}""" },
        { "a replace-strategy map is replaced", "policy/PodDisruptionBudget", """{"spec":{"selector":{"matchLabels":{"a":"1"}}}}""", """{"spec":{"selector":{"matchExpressions":[]}}}""", """{"spec":{"selector":{"matchExpressions":[]}}}""" },
        { "maps merge", "Pod", """{"metadata":{"labels":{"a":"1","b":"2"}}}""", """{"metadata":{"labels":{"b":"3","c":"4"}}}""", """{"metadata":{"labels":{"a":"1","b":"3","c":"4"}}}""" },
        { "a new merge item goes before the server-only items", "Pod", """{"spec":{"containers":[{"name":"c","ports":[{"containerPort":80}]}]}}""", """{"spec":{"containers":[{"name":"c","ports":[{"containerPort":443}]}]}}""", """{"spec":{"containers":[{"name":"c","ports":[{"containerPort":443},{"containerPort":80}]}]}}""" },
        { "merge keys compare by type (1 is not 1.0)", "Pod", """{"spec":{"containers":[{"name":"c","ports":[{"containerPort":80}]}]}}""", """{"spec":{"containers":[{"name":"c","ports":[{"containerPort":80.0,"name":"x"}]}]}}""", """{"spec":{"containers":[{"name":"c","ports":[{"containerPort":80.0,"name":"x"},{"containerPort":80}]}]}}""" },
        { "$retainKeys clears the volume source being replaced", "Pod", """{"spec":{"volumes":[{"name":"v","emptyDir":{}}]}}""", """{"spec":{"volumes":[{"name":"v","hostPath":{"path":"/x"},"$retainKeys":["hostPath","name"]}]}}""", """{"spec":{"volumes":[{"name":"v","hostPath":{"path":"/x"}}]}}""" },
        { "$retainKeys switches a Deployment to Recreate", "apps/Deployment", """{"spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%"}}}}""", """{"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"}}}""", """{"spec":{"strategy":{"type":"Recreate"}}}""" },
        { "$retainKeys allows deleting fields not listed", "apps/Deployment", """{"spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{}}}}""", """{"spec":{"strategy":{"$retainKeys":["type"],"rollingUpdate":null}}}""", """{"spec":{"strategy":{"type":"RollingUpdate"}}}""" },
        { "$patch replace on a list item keeps the other patch items", "Pod", WithEnv("""[{"name":"a"},{"name":"b"}]"""), WithEnv("""[{"name":"c"},{"$patch":"replace"}]"""), WithEnv("""[{"name":"c"}]""") },
        { "$patch delete on a missing item is fine", "Pod", WithEnv("""[{"name":"a"}]"""), WithEnv("""[{"name":"z","$patch":"delete"}]"""), WithEnv("""[{"name":"a"}]""") },
        { "$patch delete on a map leaves an empty map", "apps/Deployment", """{"spec":{"template":{"metadata":{"labels":{"a":"b"}}}}}""", """{"spec":{"template":{"$patch":"delete"}}}""", """{"spec":{"template":{}}}""" },
        { "null patch is an empty patch", "Pod", """{"spec":{"hostname":"a"}}""", "null", """{"spec":{"hostname":"a"}}""" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Apply_Patch_MatchesUpstream(string name, string kind, string original, string patch, string expected)
    {
        var result = StrategicMergePatch.Apply(Obj(original), Utf8(patch), Kind(kind));

        result.Succeeded.ShouldBeTrue($"{name}: {result}");
        result.Document.ShouldBeJson(expected, name);
    }

    public static TheoryData<string, string, string, string, int, string> ErrorCases => new()
    {
        { "order in patch list does not match $setElementOrder", "Pod", WithEnv("""[{"name":"1"},{"name":"3"},{"name":"2"}]"""),
            """{"spec":{"containers":[{"name":"c","$setElementOrder/env":[{"name":"1"},{"name":"2"},{"name":"3"}],"env":[{"name":"3","value":"3"},{"name":"1","value":"1"}]}]}}""",
            500, "the order in patch list:\n[map[name:3 value:3] map[name:1 value:1]]\n doesn't match $setElementOrder list:\n[map[name:1] map[name:2] map[name:3]]" },
        { "order in primitive patch list does not match $setElementOrder", "Pod", """{"metadata":{"finalizers":["1","3","2"]}}""", """{"metadata":{"$setElementOrder/finalizers":["1","2","3"],"finalizers":["3","1"]}}""",
            500, "the order in patch list:\n[3 1]\n doesn't match $setElementOrder list:\n[1 2 3]" },
        { "missing merge key", "Pod", WithEnv("""[{"name":"1","value":"a"}]"""), WithEnv("""[{"value":"b"}]"""), 500, "map: map[value:b] does not contain declared merge key: name" },
        { "$patch delete without merge key", "Pod", WithEnv("""[{"name":"1"}]"""), WithEnv("""[{"$patch":"delete","value":"b"}]"""), 500, "map: map[$patch:delete value:b] does not contain declared merge key: name" },
        { "$patch merge in a list", "Pod", WithEnv("""[{"name":"1"}]"""), WithEnv("""[{"$patch":"merge"}]"""), 500, "merging lists cannot yet be specified in the patch" },
        { "unknown $patch in a list", "Pod", WithEnv("""[{"name":"1"}]"""), WithEnv("""[{"$patch":"frob","name":"1"}]"""), 500, "unknown patch type: frob in map: map[$patch:frob name:1]" },
        { "unknown $patch in a map", "Pod", """{"spec":{}}""", """{"spec":{"$patch":"merge","a":1}}""", 500, "unknown patch type: merge in map: map[$patch:merge a:1]" },
        { "non-string $patch in a map", "Pod", """{"spec":{}}""", """{"spec":{"$patch":1}}""", 500, "unknown patch type: %!s(int64=1) in map: map[$patch:1]" },
        { "$retainKeys that is not a list", "apps/Deployment", """{"spec":{"strategy":{}}}""", """{"spec":{"strategy":{"$retainKeys":"type"}}}""", 400, "invalid patch format of retainKeys" },
        { "patch field missing from $retainKeys", "apps/Deployment", """{"spec":{"strategy":{}}}""", """{"spec":{"strategy":{"$retainKeys":["type"],"rollingUpdate":{}}}}""", 400, "invalid patch format of retainKeys" },
        { "$setElementOrder without a list name", "Pod", """{"metadata":{}}""", """{"metadata":{"$setElementOrder":["a"]}}""", 400, "invalid patch format of setElementOrder list" },
        { "$deleteFromPrimitiveList without a list name", "Pod", """{"metadata":{}}""", """{"metadata":{"$deleteFromPrimitiveListX":["a"]}}""", 400, "invalid patch format of primitive list" },
        { "$setElementOrder that is not a list", "Pod", """{"metadata":{}}""", """{"metadata":{"$setElementOrder/finalizers":"a"}}""", 500, "expected a []interface {}, but received a string" },
        { "list element types differ", "Pod", """{"metadata":{"finalizers":["a"]}}""", """{"metadata":{"finalizers":[1]}}""", 500, "list element types are not identical: [[a] [1]]" },
        { "lists of lists", "Pod", """{"metadata":{"finalizers":[]}}""", """{"metadata":{"finalizers":[["x"]]}}""", 422, "lists of lists are not supported" },
        { "merge of a list of maps without merge key", "Pod", """{"metadata":{"finalizers":[{"a":1}]}}""", """{"metadata":{"finalizers":[{"b":1}]}}""", 500, "cannot merge lists without merge key for string" },
        { "unknown struct field holding maps", "Pod", """{"spec":{"foo":{"a":1}}}""", """{"spec":{"foo":{"b":2}}}""", 500, "unable to find api field in struct PodSpec for the json field \"foo\"" },
        { "maps inside a RawExtension", "apps/ControllerRevision", """{"data":{"spec":{}}}""", """{"data":{"spec":{"x":1}}}""", 500, "unable to find api field in struct RawExtension for the json field \"spec\"" },
        { "patch that is not an object", "Pod", "{}", "[1]", 400, "json: cannot unmarshal array into Go value of type map[string]interface {}" },
        { "patch that is not JSON", "Pod", "{}", "{\"a\":", 400, "unexpected end of JSON input" },
    };

    [Theory]
    [MemberData(nameof(ErrorCases))]
    public void Apply_BadPatch_FailsAsUpstream(string name, string kind, string original, string patch, int code, string detail)
    {
        var result = StrategicMergePatch.Apply(Obj(original), Utf8(patch), Kind(kind));

        result.Succeeded.ShouldBeFalse(name);
        result.Error.Code.ShouldBe(code, name);
        result.Error.Detail.ShouldBe(detail, name);
        if (code == 500)
        {
            result.Error.Reason.ShouldBe("");
            result.Error.Message.ShouldBe(detail);
        }
    }

    [Fact]
    public void Apply_CustomResource_IsUnsupported()
    {
        var result = StrategicMergePatch.Apply(Obj("{}"), Utf8("{}"), kind: null);

        result.Error!.Code.ShouldBe(400);
        result.Error.Message.ShouldBe("strategic merge patch format is not supported");
    }

    [Fact]
    public void Apply_DoesNotModifyInputs()
    {
        var original = Obj("""{"metadata":{"labels":{"a":"1"}}}""");
        var patch = Obj("""{"metadata":{"labels":{"a":null,"b":"2"}}}""");

        StrategicMergePatch.Apply(original, patch, Kind("Pod")).Succeeded.ShouldBeTrue();

        original.ToJsonString().ShouldBe("""{"metadata":{"labels":{"a":"1"}}}""");
        patch.ToJsonString().ShouldBe("""{"metadata":{"labels":{"a":null,"b":"2"}}}""");
    }
}
