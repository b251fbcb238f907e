using System.Text;
using System.Text.Json.Nodes;
using KubeSharp.Api.Schema;

namespace KubeSharp.ApiServer.Tests.Patching;

/// <summary>Helpers shared by the patching tests.</summary>
internal static class PatchTestSupport
{
    public static JsonObject Obj(string json) => JsonNode.Parse(json)!.AsObject();

    public static byte[] Utf8(string json) => Encoding.UTF8.GetBytes(json);

    /// <summary>The schema definition of a built-in kind, e.g. <c>("apps", "v1", "Deployment")</c>.</summary>
    public static SchemaDefinition Kind(string group, string version, string kind)
        => ApiSchema.Default.TryGetByKind(group, version, kind, out var definition)
            ? definition
            : throw new InvalidOperationException($"no kind {group}/{version} {kind}");

    /// <summary>"Pod" or "apps/Deployment" style names used in test tables.</summary>
    public static SchemaDefinition Kind(string name)
    {
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? Kind("", "v1", name) : Kind(name[..slash], "v1", name[(slash + 1)..]);
    }

    /// <summary>Asserts JSON equality (object members unordered, arrays ordered).</summary>
    public static void ShouldBeJson(this JsonNode? actual, string expected, string? because = null)
        => JsonNode.DeepEquals(actual, JsonNode.Parse(expected)).ShouldBeTrue($"{because}: expected {expected} but got {actual?.ToJsonString()}");
}
