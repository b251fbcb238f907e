using System.Text.Json;
using System.Text.Json.Nodes;
using KubeSharp.Api.Serialization;

namespace KubeSharp.Api.Tests.Serialization;

public class FixtureJsonRoundTripTests
{
    [Theory]
    [MemberData(nameof(FixtureFiles.Names), MemberType = typeof(FixtureFiles))]
    public void JsonFixture_DecodeThenEncode_IsSemanticallyEqual(string name)
    {
        var input = FixtureFiles.Json(name);
        var info = KindOf(name);
        var context = new JsonDecodeContext();
        context.Source = input;

        var obj = Decode(info, input, context);
        context.UnknownFields.ShouldBeEmpty();
        context.DuplicateFields.ShouldBeEmpty();

        var output = Encode(info, obj);
        var expected = JsonNode.Parse(input);
        var actual = JsonNode.Parse(output);
        if (!JsonNode.DeepEquals(expected, actual))
        {
            // Show the first difference, not two 10 KB documents.
            JsonDiff.First(expected, actual, "").ShouldBeNull();
        }
    }

    /// <summary>The kind a fixture holds, from its name: group.version.Kind ("core" is the core group).</summary>
    internal static ApiTypeInfo KindOf(string fixtureName)
    {
        var parts = fixtureName.Split('.');
        var kind = parts[^1];
        var version = parts[^2];
        var group = string.Join('.', parts[..^2]);
        var apiVersion = group == "core" ? version : $"{group}/{version}";
        ApiTypes.TryGet(apiVersion, kind, out var info).ShouldBeTrue($"{apiVersion}/{kind} is in the registry");
        return info!;
    }

    internal static object Decode(ApiTypeInfo info, byte[] json, JsonDecodeContext context)
    {
        var reader = new Utf8JsonReader(json, KubeJson.ReaderOptions);
        reader.Read();
        return info.ReadJson(ref reader, context);
    }

    internal static byte[] Encode(ApiTypeInfo info, object obj)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, KubeJson.WriterOptions))
        {
            info.WriteJson(writer, obj);
        }
        return buffer.WrittenSpan.ToArray();
    }
}
