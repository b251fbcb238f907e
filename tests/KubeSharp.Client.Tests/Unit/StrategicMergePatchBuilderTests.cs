using System.Text.Json.Nodes;
using KubeSharp.Api.Schema;

namespace KubeSharp.Client.Tests.Unit;

/// <summary>Two-way strategic merge patches as client-go's CreateTwoWayMergePatch builds them.</summary>
public class StrategicMergePatchBuilderTests
{
    private static JsonObject Patch(string original, string modified)
    {
        ApiSchema.Default.TryGetByKind("", "v1", "Pod", out var pod).ShouldBeTrue();
        return StrategicMergePatchBuilder.CreateTwoWay(JsonNode.Parse(original)!.AsObject(), JsonNode.Parse(modified)!.AsObject(), pod);
    }

    private static void ShouldBeJson(JsonObject actual, string expected)
        => JsonNode.DeepEquals(actual, JsonNode.Parse(expected)).ShouldBeTrue(actual.ToJsonString());

    [Fact]
    public void PodStatus_PendingToRunning_AsTheKubeletPatchesIt()
    {
        var patch = Patch(
            """{"status":{"phase":"Pending","conditions":[{"type":"PodScheduled","status":"True","lastProbeTime":null,"lastTransitionTime":"T0"}],"qosClass":"BestEffort"}}""",
            """
            {"metadata":{"uid":"u1"},"status":{"phase":"Running","conditions":[
              {"type":"Ready","status":"True","lastProbeTime":null,"lastTransitionTime":"T1"},
              {"type":"PodScheduled","status":"True","lastProbeTime":null,"lastTransitionTime":"T0"}],
              "podIPs":[{"ip":"10.0.0.1"}],"qosClass":"BestEffort",
              "containerStatuses":[{"name":"c","ready":true}]}}
            """);

        // Added fields whole, the merged list by its key (only the new condition, plus the element order), the
        // unchanged qosClass left out.
        ShouldBeJson(patch, """
            {"metadata":{"uid":"u1"},"status":{"phase":"Running",
              "$setElementOrder/conditions":[{"type":"Ready"},{"type":"PodScheduled"}],
              "conditions":[{"type":"Ready","status":"True","lastProbeTime":null,"lastTransitionTime":"T1"}],
              "podIPs":[{"ip":"10.0.0.1"}],"containerStatuses":[{"name":"c","ready":true}]}}
            """);
    }

    [Fact]
    public void ChangedAndRemovedElements_CarryTheirKey_AtomicListsAreReplaced_RemovedFieldsAreNull()
    {
        var patch = Patch(
            """
            {"status":{"message":"m","conditions":[{"type":"Ready","status":"False","reason":"NotYet"},{"type":"Gone","status":"True"}],
              "containerStatuses":[{"name":"c","ready":false},{"name":"d","ready":true}]}}
            """,
            """
            {"status":{"conditions":[{"type":"Ready","status":"True","reason":"NotYet"}],
              "containerStatuses":[{"name":"c","ready":true},{"name":"d","ready":true}]}}
            """);

        ShouldBeJson(patch, """
            {"status":{"message":null,
              "$setElementOrder/conditions":[{"type":"Ready"}],
              "conditions":[{"type":"Ready","status":"True"},{"type":"Gone","$patch":"delete"}],
              "containerStatuses":[{"name":"c","ready":true},{"name":"d","ready":true}]}}
            """);
    }

    [Fact]
    public void MergedPrimitiveLists_AddAndDeleteValues_UnchangedObjectsGiveAnEmptyPatch()
    {
        var patch = Patch("""{"metadata":{"finalizers":["a","b"],"labels":{"x":"1","y":"2"}}}""", """{"metadata":{"finalizers":["b","c"],"labels":{"x":"1","y":"3"}}}""");

        ShouldBeJson(patch, """
            {"metadata":{"$setElementOrder/finalizers":["b","c"],"finalizers":["c"],"$deleteFromPrimitiveList/finalizers":["a"],"labels":{"y":"3"}}}
            """);
        Patch("""{"status":{"phase":"Running"}}""", """{"status":{"phase":"Running"}}""").Count.ShouldBe(0);
    }
}
