using System.Text;
using System.Text.Json.Nodes;
using KubeSharp.ApiServer.Patching;

namespace KubeSharp.ApiServer.Tests.Patching;

public class JsonMergePatchTests
{
    public static TheoryData<string, string, string, string> Cases => new()
    {
        // RFC 7386 appendix A.
        { "replace member", """{"a":"b"}""", """{"a":"c"}""", """{"a":"c"}""" },
        { "add member", """{"a":"b"}""", """{"b":"c"}""", """{"a":"b","b":"c"}""" },
        { "null deletes", """{"a":"b"}""", """{"a":null}""", """{}""" },
        { "null deletes one of two", """{"a":"b","b":"c"}""", """{"a":null}""", """{"b":"c"}""" },
        { "array replaces array", """{"a":["b"]}""", """{"a":"c"}""", """{"a":"c"}""" },
        { "scalar replaces array", """{"a":"c"}""", """{"a":["b"]}""", """{"a":["b"]}""" },
        { "nested merge with delete", """{"a":{"b":"c"}}""", """{"a":{"b":"d","c":null}}""", """{"a":{"b":"d"}}""" },
        { "array of objects replaces", """{"a":[{"b":"c"}]}""", """{"a":[1]}""", """{"a":[1]}""" },
        { "nested nulls pruned from new members", """{}""", """{"a":{"bb":{"ccc":null}}}""", """{"a":{"bb":{}}}""" },
        { "empty patch", """{"a":"foo"}""", """{}""", """{"a":"foo"}""" },
        // Kubernetes usage (kubectl label/annotate/scale).
        { "kubectl label", """{"metadata":{"name":"x","labels":{"app":"web"}}}""", """{"metadata":{"labels":{"env":"prod"}}}""", """{"metadata":{"name":"x","labels":{"app":"web","env":"prod"}}}""" },
        { "kubectl label removal", """{"metadata":{"labels":{"app":"web","env":"prod"}}}""", """{"metadata":{"labels":{"app":null}}}""", """{"metadata":{"labels":{"env":"prod"}}}""" },
        { "kubectl scale", """{"spec":{"replicas":1,"selector":{}}}""", """{"spec":{"replicas":3}}""", """{"spec":{"replicas":3,"selector":{}}}""" },
        { "lists of containers replace whole", """{"spec":{"containers":[{"name":"a"},{"name":"b"}]}}""", """{"spec":{"containers":[{"name":"c"}]}}""", """{"spec":{"containers":[{"name":"c"}]}}""" },
        // evanphx v4 details.
        { "nulls pruned from arrays replacing a scalar", """{"a":1}""", """{"a":[1,null,{"b":null}]}""", """{"a":[1,{}]}""" },
        { "array replacing an object keeps its nulls", """{"a":{"x":1}}""", """{"a":[null]}""", """{"a":[null]}""" },
        { "member with null value is replaced, not merged", """{"a":null}""", """{"a":{"b":null,"c":1}}""", """{"a":{"c":1}}""" },
        { "deleting a missing member is fine", """{"a":1}""", """{"b":null}""", """{"a":1}""" },
        { "array patch becomes the document", """{"a":1}""", """[1,null,2]""", """[1,2]""" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Apply_Patch_MatchesUpstream(string name, string document, string patch, string expected)
    {
        var result = JsonMergePatch.Apply(JsonNode.Parse(document), Encoding.UTF8.GetBytes(patch));

        result.Succeeded.ShouldBeTrue($"{name}: {result}");
        JsonNode.DeepEquals(result.Document, JsonNode.Parse(expected)).ShouldBeTrue($"{name}: got {result.Document?.ToJsonString()}");
    }

    [Theory]
    [InlineData("null patch", "null")]
    [InlineData("scalar patch", "\"x\"")]
    [InlineData("syntax error", "{\"a\":")]
    public void Apply_InvalidPatch_IsBadRequest(string name, string patch)
    {
        var result = JsonMergePatch.Apply(JsonNode.Parse("{}"), Encoding.UTF8.GetBytes(patch));

        result.Succeeded.ShouldBeFalse(name);
        result.Error.Code.ShouldBe(400);
        result.Error.Message.ShouldBe("Invalid JSON Patch");
    }

    [Fact]
    public void Apply_DoesNotModifyInput()
    {
        var document = JsonNode.Parse("""{"a":{"b":1}}""")!;

        JsonMergePatch.Apply(document, Encoding.UTF8.GetBytes("""{"a":{"b":null}}""")).Succeeded.ShouldBeTrue();

        document.ToJsonString().ShouldBe("""{"a":{"b":1}}""");
    }
}
