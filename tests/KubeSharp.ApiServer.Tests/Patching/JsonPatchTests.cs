using System.Text;
using System.Text.Json.Nodes;
using KubeSharp.ApiServer.Patching;

namespace KubeSharp.ApiServer.Tests.Patching;

public class JsonPatchTests
{
    public static TheoryData<string, string, string, string> SuccessCases => new()
    {
        { "add object member (RFC A.1)", """{"foo":"bar"}""", """[{"op":"add","path":"/baz","value":"qux"}]""", """{"baz":"qux","foo":"bar"}""" },
        { "add array element (RFC A.2)", """{"foo":["bar","baz"]}""", """[{"op":"add","path":"/foo/1","value":"qux"}]""", """{"foo":["bar","qux","baz"]}""" },
        { "remove object member (RFC A.3)", """{"baz":"qux","foo":"bar"}""", """[{"op":"remove","path":"/baz"}]""", """{"foo":"bar"}""" },
        { "remove array element (RFC A.4)", """{"foo":["bar","qux","baz"]}""", """[{"op":"remove","path":"/foo/1"}]""", """{"foo":["bar","baz"]}""" },
        { "replace value (RFC A.5)", """{"baz":"qux","foo":"bar"}""", """[{"op":"replace","path":"/baz","value":"boo"}]""", """{"baz":"boo","foo":"bar"}""" },
        { "move value (RFC A.6)", """{"foo":{"bar":"baz","waldo":"fred"},"qux":{"corge":"grault"}}""", """[{"op":"move","from":"/foo/waldo","path":"/qux/thud"}]""", """{"foo":{"bar":"baz"},"qux":{"corge":"grault","thud":"fred"}}""" },
        { "move array element (RFC A.7)", """{"foo":["all","grass","cows","eat"]}""", """[{"op":"move","from":"/foo/1","path":"/foo/3"}]""", """{"foo":["all","cows","eat","grass"]}""" },
        { "test then add (RFC A.8)", """{"baz":"qux","foo":["a",2,"c"]}""", """[{"op":"test","path":"/baz","value":"qux"},{"op":"test","path":"/foo/1","value":2}]""", """{"baz":"qux","foo":["a",2,"c"]}""" },
        { "add nested object (RFC A.10)", """{"foo":"bar"}""", """[{"op":"add","path":"/child","value":{"grandchild":{}}}]""", """{"foo":"bar","child":{"grandchild":{}}}""" },
        { "add array value (RFC A.16)", """{"foo":["bar"]}""", """[{"op":"add","path":"/foo/-","value":["abc","def"]}]""", """{"foo":["bar",["abc","def"]]}""" },
        { "escaped slash in key", """{"metadata":{"labels":{}}}""", """[{"op":"add","path":"/metadata/labels/app.kubernetes.io~1name","value":"web"}]""", """{"metadata":{"labels":{"app.kubernetes.io/name":"web"}}}""" },
        { "escaped tilde in key", """{}""", """[{"op":"add","path":"/a~0b","value":1}]""", """{"a~b":1}""" },
        { "tilde escapes decode in one pass", """{}""", """[{"op":"add","path":"/~01","value":1}]""", """{"~1":1}""" },
        { "dash appends", """{"a":[1,2]}""", """[{"op":"add","path":"/a/-","value":3}]""", """{"a":[1,2,3]}""" },
        { "add at length appends", """{"a":[1,2]}""", """[{"op":"add","path":"/a/2","value":3}]""", """{"a":[1,2,3]}""" },
        { "negative add index counts from the end of the grown array", """{"a":[1,2]}""", """[{"op":"add","path":"/a/-3","value":0}]""", """{"a":[0,1,2]}""" },
        { "negative remove index", """{"a":[1,2,3]}""", """[{"op":"remove","path":"/a/-1"}]""", """{"a":[1,2]}""" },
        { "replace of a missing member adds it (v4 quirk)", """{"metadata":{"labels":{}}}""", """[{"op":"replace","path":"/metadata/labels/x","value":"y"}]""", """{"metadata":{"labels":{"x":"y"}}}""" },
        { "replace root with an object", """{"a":1}""", """[{"op":"replace","path":"","value":{"b":2}}]""", """{"b":2}""" },
        { "replace root with a scalar is ignored", """{"a":1}""", """[{"op":"replace","path":"","value":3}]""", """{"a":1}""" },
        { "missing value adds null", """{}""", """[{"op":"add","path":"/a"}]""", """{"a":null}""" },
        { "copy deep-copies", """{"a":{"b":1}}""", """[{"op":"copy","from":"/a","path":"/c"},{"op":"add","path":"/c/b","value":2}]""", """{"a":{"b":1},"c":{"b":2}}""" },
        { "test of a missing member against null passes", """{"a":1}""", """[{"op":"test","path":"/b","value":null}]""", """{"a":1}""" },
        { "test whole document", """{"a":[1,{"b":true}]}""", """[{"op":"test","path":"","value":{"a":[1,{"b":true}]}}]""", """{"a":[1,{"b":true}]}""" },
        { "first segment of a path without leading slash is ignored", """{"a":1}""", """[{"op":"add","path":"x/b","value":2}]""", """{"a":1,"b":2}""" },
        { "null patch is no operation", """{"a":1}""", "null", """{"a":1}""" },
        { "rollout undo replaces template and annotations", """{"metadata":{"annotations":{"a":"1"}},"spec":{"template":{"spec":{"containers":[{"name":"c","image":"v2"}]}}}}""",
            """[{"op":"replace","path":"/spec/template","value":{"spec":{"containers":[{"name":"c","image":"v1"}]}}},{"op":"replace","path":"/metadata/annotations","value":{"a":"1","b":"2"}}]""",
            """{"metadata":{"annotations":{"a":"1","b":"2"}},"spec":{"template":{"spec":{"containers":[{"name":"c","image":"v1"}]}}}}""" },
    };

    [Theory]
    [MemberData(nameof(SuccessCases))]
    public void Apply_ValidOperations_MatchesUpstream(string name, string document, string patch, string expected)
    {
        var result = JsonPatch.Apply(JsonNode.Parse(document)!, Encoding.UTF8.GetBytes(patch));

        result.Succeeded.ShouldBeTrue($"{name}: {result}");
        JsonNode.DeepEquals(result.Document, JsonNode.Parse(expected)).ShouldBeTrue($"{name}: got {result.Document?.ToJsonString()}");
    }

    public static TheoryData<string, string, string, string> OperationFailureCases => new()
    {
        { "replace under a missing parent", """{"spec":{}}""", """[{"op":"replace","path":"/spec/foo/bar","value":1}]""", "replace operation does not apply: doc is missing path: /spec/foo/bar: missing value" },
        { "replace past the end of an array", """{"a":[1]}""", """[{"op":"replace","path":"/a/3","value":1}]""", "replace operation does not apply: doc is missing key: /a/3: missing value" },
        { "remove a missing member", """{"metadata":{"labels":{}}}""", """[{"op":"remove","path":"/metadata/labels/app"}]""", "error in remove for path: '/metadata/labels/app': Unable to remove nonexistent key: app: missing value" },
        { "remove under a missing parent", """{}""", """[{"op":"remove","path":"/a/b"}]""", "remove operation does not apply: doc is missing path: \"/a/b\": missing value" },
        { "remove past the end", """{"a":[1]}""", """[{"op":"remove","path":"/a/1"}]""", "error in remove for path: '/a/1': Unable to access invalid index: 1: invalid index referenced" },
        { "test failure", """{"a":"x"}""", """[{"op":"test","path":"/a","value":"y"}]""", "testing value /a failed: test failed" },
        { "test compares numbers by text", """{"a":1}""", """[{"op":"test","path":"/a","value":1.0}]""", "testing value /a failed: test failed" },
        { "add beyond the end", """{"a":[]}""", """[{"op":"add","path":"/a/5","value":1}]""", "error in add for path: '/a/5': Unable to access invalid index: 5: invalid index referenced" },
        { "add with a non-numeric index", """{"a":[]}""", """[{"op":"add","path":"/a/x","value":1}]""", "error in add for path: '/a/x': value was not a proper array index: 'x': strconv.Atoi: parsing \"x\": invalid syntax" },
        { "add under a missing parent", """{}""", """[{"op":"add","path":"/a/b","value":1}]""", "add operation does not apply: doc is missing path: \"/a/b\": missing value" },
        { "add at the root path", """{}""", """[{"op":"add","path":"","value":1}]""", "add operation does not apply: doc is missing path: \"\": missing value" },
        { "missing path", """{}""", """[{"op":"add","value":1}]""", "add operation failed to decode path: missing value" },
        { "replace with a non-string path", """{}""", """[{"op":"replace","path":1,"value":1}]""", "replace operation failed to decode path: json: cannot unmarshal number into Go value of type string" },
        { "unknown operation", """{}""", """[{"op":"frob","path":"/a"}]""", "Unexpected kind: frob" },
        { "missing operation", """{}""", """[{"path":"/a"}]""", "Unexpected kind: unknown" },
        { "move from a missing member", """{"a":{}}""", """[{"op":"move","from":"/a/b","path":"/c"}]""", "error in move for path: 'b': Unable to remove nonexistent key: b: missing value" },
        { "move into its own child", """{"a":{"b":1}}""", """[{"op":"move","from":"/a","path":"/a/c"}]""", "move operation does not apply: doc is missing destination path: /a/c: missing value" },
        { "copy without from", """{}""", """[{"op":"copy","path":"/a"}]""", "copy operation failed to decode from: operation, missing from field: missing value" },
        { "later failure discards earlier operations", """{"a":1}""", """[{"op":"add","path":"/b","value":2},{"op":"test","path":"/a","value":2}]""", "testing value /a failed: test failed" },
    };

    [Theory]
    [MemberData(nameof(OperationFailureCases))]
    public void Apply_FailingOperation_Is422WithGenericMessage(string name, string document, string patch, string detail)
    {
        var result = JsonPatch.Apply(JsonNode.Parse(document)!, Encoding.UTF8.GetBytes(patch));

        result.Succeeded.ShouldBeFalse(name);
        result.Error.Code.ShouldBe(422);
        result.Error.Reason.ShouldBe("Invalid");
        result.Error.Message.ShouldBe("the server rejected our request due to an error in our request");
        result.Error.Detail.ShouldBe(detail, name);
    }

    public static TheoryData<string, string, string> DecodeFailureCases => new()
    {
        { "object instead of array", """{"op":"add"}""", "json: cannot unmarshal object into Go value of type jsonpatch.Patch" },
        { "string operation", """["add"]""", "json: cannot unmarshal string into Go value of type jsonpatch.Operation" },
        { "syntax error", """[{"op":"add",}]""", "invalid character '}' looking for beginning of object key string" },
        { "truncated", """[{"op":""", "unexpected end of JSON input" },
        { "trailing garbage", """[] x""", "invalid character 'x' after top-level value" },
        { "bad literal", """[tru]""", "invalid character ']' in literal true (expecting 'e')" },
    };

    [Theory]
    [MemberData(nameof(DecodeFailureCases))]
    public void Apply_UndecodablePatch_IsBadRequest(string name, string patch, string message)
    {
        var result = JsonPatch.Apply(JsonNode.Parse("{}")!, Encoding.UTF8.GetBytes(patch));

        result.Succeeded.ShouldBeFalse(name);
        result.Error.Code.ShouldBe(400);
        result.Error.Reason.ShouldBe("BadRequest");
        result.Error.Message.ShouldBe(message, name);
    }

    [Fact]
    public void Apply_TooManyOperations_IsRequestEntityTooLarge()
    {
        var ops = new JsonArray();
        for (var i = 0; i <= JsonPatch.MaxOperations; i++)
        {
            ops.Add(new JsonObject { ["op"] = "test", ["path"] = "/a", ["value"] = 1 });
        }

        var result = JsonPatch.Apply(JsonNode.Parse("""{"a":1}""")!, ops);

        result.Error!.Code.ShouldBe(413);
        result.Error.Message.ShouldBe("Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001");
    }

    [Fact]
    public void Apply_CopiesBeyondLimit_Fails()
    {
        var result = JsonPatch.Apply(JsonNode.Parse("""{"a":"0123456789"}""")!, Encoding.UTF8.GetBytes("""[{"op":"copy","from":"/a","path":"/b"},{"op":"copy","from":"/a","path":"/c"}]"""), maxCopyBytes: 20);

        result.Error!.Detail.ShouldBe("Unable to complete the copy, the accumulated size increase of copy is 24, exceeding the limit 20");
    }

    [Fact]
    public void Apply_DoesNotModifyInput()
    {
        var document = JsonNode.Parse("""{"a":{"b":1}}""")!;

        JsonPatch.Apply(document, Encoding.UTF8.GetBytes("""[{"op":"remove","path":"/a/b"}]""")).Succeeded.ShouldBeTrue();

        document.ToJsonString().ShouldBe("""{"a":{"b":1}}""");
    }
}
