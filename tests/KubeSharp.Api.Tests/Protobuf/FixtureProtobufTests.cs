using System.Text.Json.Nodes;
using KubeSharp.Api.Protobuf;
using KubeSharp.Api.Tests.Serialization;

namespace KubeSharp.Api.Tests.Protobuf;

public class FixtureProtobufTests
{
    [Theory]
    [MemberData(nameof(FixtureFiles.Names), MemberType = typeof(FixtureFiles))]
    public void ProtobufFixture_Decode_EqualsJsonTwin(string name)
    {
        var info = FixtureJsonRoundTripTests.KindOf(name);

        var obj = KubeProtobuf.Decode(FixtureFiles.Protobuf(name), info);

        var expected = JsonNode.Parse(FixtureFiles.Json(name));
        var actual = JsonNode.Parse(FixtureJsonRoundTripTests.Encode(info, obj));
        JsonDiff.First(expected, actual, "").ShouldBeNull();
    }

    [Theory]
    [MemberData(nameof(FixtureFiles.Names), MemberType = typeof(FixtureFiles))]
    public void ProtobufFixture_DecodeThenEncode_GivesIdenticalBytes(string name)
    {
        var info = FixtureJsonRoundTripTests.KindOf(name);
        var input = FixtureFiles.Protobuf(name);

        var output = KubeProtobuf.Encode(KubeProtobuf.Decode(input, info), info);

        if (!output.AsSpan().SequenceEqual(input))
        {
            var at = output.AsSpan().CommonPrefixLength(input);
            Convert.ToHexString(output.AsSpan(at, Math.Min(24, output.Length - at)))
                .ShouldBe(Convert.ToHexString(input.AsSpan(at, Math.Min(24, input.Length - at))), $"first difference at byte {at} of {input.Length}");
        }
    }

    [Fact]
    public void KubectlCreateConfigMapBody_DecodesAndReencodesExactly()
    {
        // kubectl 1.32.4 `create configmap x --from-literal=a=b` (shared/docs/kubectl-wire-protocol.md).
        var body = Convert.FromHexString(
            "6b3873000a0f0a0276311209436f6e6669674d6170121b0a110a0178120" +
            "01a00220 02a0032003800420012060a016112016 21a002200".Replace(" ", "", StringComparison.Ordinal));

        var configMap = KubeProtobuf.Decode<Core.V1.ConfigMap>(body);

        configMap.Kind.ShouldBe("ConfigMap");
        configMap.ApiVersion.ShouldBe("v1");
        configMap.Metadata.Name.ShouldBe("x");
        configMap.Data.ShouldBe(new Dictionary<string, string> { ["a"] = "b" });
        KubeProtobuf.Encode(configMap).ShouldBe(body);
    }

    [Fact]
    public void Decode_WithoutPrefix_Throws()
    {
        Should.Throw<ProtoDecodeException>(() => KubeProtobuf.Decode("{}"u8)).Message.ShouldContain("expected prefix");
        Should.Throw<ProtoDecodeException>(() => KubeProtobuf.Decode("k8s\0"u8));
    }
}
