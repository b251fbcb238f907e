using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KubeSharp.Api;
using KubeSharp.Api.Serialization;
using KubeSharp.ApiServer.Defaulting;

namespace KubeSharp.ApiServer.Tests.Defaulting;

/// <summary>Decodes a JSON object by its apiVersion/kind, defaults it and compares the JSON written with
/// the expected JSON (structurally, so that key order and spacing in the tables do not matter).</summary>
internal static class DefaultingHarness
{
    /// <summary>Decodes <paramref name="json"/> as the kind it names.</summary>
    public static object Decode(string json)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        var apiVersion = (string)node["apiVersion"]!;
        var kind = (string)node["kind"]!;
        ApiTypes.TryGet(apiVersion, kind, out var info).ShouldBeTrue($"{apiVersion} {kind} is a known kind");
        return KubeJson.Deserialize(info!, Encoding.UTF8.GetBytes(json));
    }

    /// <summary>Writes <paramref name="obj"/> as the generated codec does.</summary>
    public static string Encode(object obj)
    {
        var info = ApiTypes.ForType(obj.GetType())[0];
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, KubeJson.WriterOptions))
        {
            info.WriteJson(writer, obj);
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Decodes, defaults (with <paramref name="features"/> or the v1.32 gates) and encodes.</summary>
    public static string Defaulted(string json, DefaultingFeatures? features = null)
    {
        var obj = Decode(json);
        ObjectDefaulter.Apply(obj, features ?? DefaultingFeatures.Kubernetes132);
        return Encode(obj);
    }

    /// <summary>Asserts that defaulting <paramref name="input"/> gives exactly <paramref name="expected"/>, and that
    /// defaulting the result again changes nothing.</summary>
    public static void AssertDefaults(string input, string expected, DefaultingFeatures? features = null)
    {
        var actual = Defaulted(input, features);
        AssertJsonEqual(actual, expected);
        AssertJsonEqual(Defaulted(actual, features), expected);
    }

    /// <summary>Structural JSON equality with both documents in the failure message.</summary>
    public static void AssertJsonEqual(string actual, string expected)
    {
        var equal = JsonNode.DeepEquals(JsonNode.Parse(actual), JsonNode.Parse(expected));
        equal.ShouldBeTrue($"\nexpected: {Normalize(expected)}\nactual:   {Normalize(actual)}");
    }

    private static string Normalize(string json) => JsonNode.Parse(json)!.ToJsonString();
}
