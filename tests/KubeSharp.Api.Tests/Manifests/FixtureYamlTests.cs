using System.Text.Json.Nodes;
using KubeSharp.Api.Manifests;
using KubeSharp.Api.Serialization;
using KubeSharp.Api.Tests.Serialization;

namespace KubeSharp.Api.Tests.Manifests;

public class FixtureYamlTests
{
    [Theory]
    [MemberData(nameof(FixtureFiles.Names), MemberType = typeof(FixtureFiles))]
    public void YamlFixture_DecodesToTheSameObjectAsItsJsonTwin(string name)
    {
        var info = FixtureJsonRoundTripTests.KindOf(name);
        var fromJson = KubeJson.Deserialize(info, FixtureFiles.Json(name));

        var json = YamlToJson.Convert(FixtureFiles.Yaml(name));
        var context = new JsonDecodeContext();
        var fromYaml = KubeJson.Deserialize(info, json, context);

        context.UnknownFields.ShouldBeEmpty();
        var expected = JsonNode.Parse(FixtureJsonRoundTripTests.Encode(info, fromJson));
        var actual = JsonNode.Parse(FixtureJsonRoundTripTests.Encode(info, fromYaml));
        JsonDiff.First(expected, actual, "").ShouldBeNull();
    }

    [Fact]
    public void ManifestDecoder_WithGeneratedTypes_DecodesMultiDocumentStream()
    {
        const string yaml = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              replicas: 2
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers:
                  - name: web
                    image: nginx
                    resources: {limits: {cpu: 500m}}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: web}
            spec:
              ports: [{port: 80, targetPort: 8080}]
              bogus: 1
            """;
        var decoder = new ManifestDecoder(ApiTypeTable.Generated);

        var decoded = decoder.DecodeAll(ManifestReader.Read(yaml)).ToList();

        decoded.Count.ShouldBe(2);
        var deployment = decoded[0].Object.ShouldBeOfType<Apps.V1.Deployment>();
        deployment.Spec.Replicas.ShouldBe(2);
        deployment.Spec.Template.Spec.Containers![0].Image.ShouldBe("nginx");
        var service = decoded[1].Object.ShouldBeOfType<Core.V1.Service>();
        service.Spec.Ports![0].TargetPort.ShouldBe(IntOrString.FromInt32(8080));
        decoded[1].Findings.Select(f => f.Path).ShouldBe(["spec.bogus"]);
    }
}
