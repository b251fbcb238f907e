using KubeSharp.ApiServer.Patching;
using static KubeSharp.ApiServer.Tests.Patching.PatchTestSupport;

namespace KubeSharp.ApiServer.Tests.Patching;

public class ServerSideApplyYamlTests
{
    private static readonly ManagedFieldsContext Context = new("kubectl", "v1", new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));

    [Theory]
    [InlineData("json body (what kubectl sends)", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm1"},"data":{"a":"1"}}""")]
    [InlineData("yaml body", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm1\ndata:\n  a: \"1\"\n")]
    public void Apply_Body_IsDecodedAsYaml(string name, string body)
    {
        var result = ServerSideApply.Apply(null, Utf8(body), Context, Kind("ConfigMap"));

        result.Succeeded.ShouldBeTrue($"{name}: {result}");
        result.Document!["data"].ShouldBeJson("""{"a":"1"}""", name);
    }

    [Theory]
    [InlineData("a list", "- a\n- b\n", "error decoding YAML: json: cannot unmarshal array into Go value of type map[string]interface {}")]
    [InlineData("broken yaml", "a: [\n", "error decoding YAML: error converting YAML to JSON: yaml: line 2: did not find expected node content")]
    public void Apply_UndecodableBody_IsBadRequest(string name, string body, string message)
    {
        var result = ServerSideApply.Apply(null, Utf8(body), Context, Kind("ConfigMap"));

        result.Error!.Code.ShouldBe(400, name);
        result.Error.Message.ShouldBe(message, name);
    }
}
