using KubeSharp.Api.Apps.V1;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Serialization;

namespace KubeSharp.Api.Tests.Serialization;

public class StrictDecodingTests
{
    [Fact]
    public void Deserialize_UnknownFields_ReportedWithJsonPaths()
    {
        const string json = """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","nmae":"x"},
             "spec":{"containers":[{"name":"a","image":"busybox"},{"name":"b","image":"busybox","imagePullPolicyy":"Always"}],"foo":1},
             "bar":{"nested":true}}
            """;
        var context = new JsonDecodeContext();

        var pod = KubeJson.Deserialize<Pod>(json, context);

        pod.Metadata.Name.ShouldBe("p");
        pod.Spec.Containers!.Count.ShouldBe(2);
        context.UnknownFields.ShouldBe(["metadata.nmae", "spec.containers[1].imagePullPolicyy", "spec.foo", "bar"]);
        context.DuplicateFields.ShouldBeEmpty();
    }

    [Fact]
    public void Deserialize_DuplicateFields_ReportedAndLastWins()
    {
        const string json = """{"metadata":{"name":"a","name":"b"},"spec":{"replicas":1,"replicas":3}}""";
        var context = new JsonDecodeContext();

        var deployment = KubeJson.Deserialize<Deployment>(json, context);

        deployment.Metadata.Name.ShouldBe("b");
        deployment.Spec.Replicas.ShouldBe(3);
        context.DuplicateFields.ShouldBe(["metadata.name", "spec.replicas"]);
    }

    [Fact]
    public void Deserialize_FieldNamesAreCaseSensitive()
    {
        var context = new JsonDecodeContext();
        var pod = KubeJson.Deserialize<Pod>("""{"Metadata":{"name":"x"}}""", context);
        pod.Metadata.Name.ShouldBe("");
        context.UnknownFields.ShouldBe(["Metadata"]);
    }

    [Fact]
    public void Deserialize_EscapedFieldName_MatchesKnownField()
    {
        var pod = KubeJson.Deserialize<Pod>("""{"metadata":{"n\u0061me":"x"}}""");
        pod.Metadata.Name.ShouldBe("x");
    }

    [Fact]
    public void Deserialize_WrongValueType_ThrowsUpstreamMessage()
    {
        const string json = """{"spec":{"containers":[{"name":"a","env":[{"name":"X","value":123}]}]}}""";
        var e = Should.Throw<JsonDecodeException>(() => KubeJson.Deserialize<Pod>(json));
        e.Message.ShouldBe("json: cannot unmarshal number into Go struct field EnvVar.spec.containers.env.value of type string");
        e.Path.ShouldBe("spec.containers[0].env[0].value");
    }

    [Fact]
    public void Deserialize_NumberTooLargeForInt32_NamesTheLiteral()
    {
        var e = Should.Throw<JsonDecodeException>(() => KubeJson.Deserialize<Apps.V1.Deployment>("""{"spec":{"replicas":3000000000}}"""));
        e.Message.ShouldBe("json: cannot unmarshal number 3000000000 into Go struct field DeploymentSpec.spec.replicas of type int32");
    }

    [Fact]
    public void Deserialize_ObjectWhereListExpected_ThrowsUpstreamMessage()
    {
        var e = Should.Throw<JsonDecodeException>(() => KubeJson.Deserialize<Pod>("""{"spec":{"containers":{"name":"a"}}}"""));
        e.Message.ShouldBe("json: cannot unmarshal object into Go struct field PodSpec.spec.containers of type []v1.Container");
    }

    [Fact]
    public void Deserialize_MalformedJson_ThrowsWithPosition()
    {
        var e = Should.Throw<JsonDecodeException>(() => KubeJson.Deserialize<Pod>("{\"metadata\": {\"name\": }}"));
        e.Message.ShouldStartWith("invalid JSON at line 1");
    }

    [Fact]
    public void Deserialize_TrailingContent_Throws()
    {
        Should.Throw<JsonDecodeException>(() => KubeJson.Deserialize<Pod>("{} {}"));
    }

    [Fact]
    public void Serialize_UnsetPod_WritesGoZeroValues()
    {
        var json = KubeJson.Serialize(new Pod());
        // Non-pointer structs are always written; the required containers list is written as null like Go.
        json.ShouldBe("""{"metadata":{},"spec":{"containers":null},"status":{}}""");
    }

    [Fact]
    public void Serialize_Maps_SortKeysOrdinally()
    {
        var pod = new Pod();
        pod.Metadata.Labels = new() { ["b"] = "2", ["a"] = "1", ["B"] = "0" };
        KubeJson.Serialize(pod).ShouldStartWith("""{"metadata":{"labels":{"B":"0","a":"1","b":"2"}}""");
    }
}
