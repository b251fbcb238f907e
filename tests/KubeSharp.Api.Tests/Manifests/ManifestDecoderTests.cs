using KubeSharp.Api.Manifests;
using KubeSharp.Api.Registry;

namespace KubeSharp.Api.Tests.Manifests;

public class ManifestDecoderTests
{
    private static readonly ApiTypeTable Types = new([ApiTypeHandle.For<TestConfigMap>("v1", "ConfigMap")]);

    [Fact]
    public void DecodeStream_KnownKind_DecodesTypedObjects()
    {
        const string yaml = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: a, namespace: web, labels: {app: web}}
            data: {mode: "on", count: "3"}
            immutable: yes
            ---
            apiVersion: v1
            kind: ConfigMapList
            items:
            - metadata: {name: b}
            """;

        var decoded = new ManifestDecoder(Types).DecodeStream(yaml);

        decoded.Count.ShouldBe(2);
        var first = decoded[0].Object.ShouldBeOfType<TestConfigMap>();
        first.Metadata!.Name.ShouldBe("a");
        first.Metadata.Labels.ShouldBe(new Dictionary<string, string> { ["app"] = "web" });
        first.Data!["mode"].ShouldBe("on");
        first.Immutable.ShouldBe(true);
        decoded[0].Findings.ShouldBeEmpty();
        var second = decoded[1].Object.ShouldBeOfType<TestConfigMap>();
        (second.Kind, second.Metadata!.Name).ShouldBe(("ConfigMap", "b"));
        (decoded[1].Document.Index, decoded[1].Document.ItemIndex).ShouldBe((1, 0));
    }

    [Fact]
    public void Decode_UnknownKind_FailsWithNoKindMatch()
    {
        var document = ManifestReader.Read("apiVersion: v1\nkind: ConfigMap\n---\napiVersion: bar/v1\nkind: Foo\nmetadata: {name: x, namespace: prod}\n",
            new ManifestReaderOptions { SourceName = "crs.yaml" })[1];

        var ex = Should.Throw<ManifestException>(() => new ManifestDecoder(Types).Decode(document));

        ex.Problem.ShouldBe("no matches for kind \"Foo\" in version \"bar/v1\"");
        ex.Message.ShouldBe("resource mapping not found for name: \"x\" namespace: \"prod\" from \"crs.yaml\": no matches for kind \"Foo\" in version \"bar/v1\" (document 1, line 4)");
        (ex.DocumentIndex, ex.Line).ShouldBe((1, 4));
    }

    [Fact]
    public void Decode_UnknownAndDuplicateFields_CollectedWithDocumentIndex()
    {
        const string json = """
            {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}}
            {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "b", "nmae": "typo"}, "data": {}, "data": {"k": "v"}, "spec": {}}
            """;

        var decoded = new ManifestDecoder(Types).DecodeStream(json);

        decoded[0].Findings.ShouldBeEmpty();
        decoded[1].Findings.ShouldBe([
            new ManifestFieldFinding(1, null, ManifestFindingKind.UnknownField, "metadata.nmae"),
            new ManifestFieldFinding(1, null, ManifestFindingKind.UnknownField, "spec"),
            new ManifestFieldFinding(1, null, ManifestFindingKind.DuplicateField, "data"),
        ]);
        decoded[1].Findings.Select(f => f.ToString()).ShouldBe(["unknown field \"metadata.nmae\"", "unknown field \"spec\"", "duplicate field \"data\""]);
        ((TestConfigMap)decoded[1].Object).Data!["k"].ShouldBe("v");
    }

    [Fact]
    public void Decode_ListItemFindings_CarryItemIndex()
    {
        var decoded = new ManifestDecoder(Types).DecodeStream("apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: ConfigMap}\n- {apiVersion: v1, kind: ConfigMap, extra: 1}\n");

        decoded[1].Findings.ShouldBe([new ManifestFieldFinding(0, 1, ManifestFindingKind.UnknownField, "extra")]);
    }

    [Fact]
    public void Decode_StrictMode_FailsOnFindings()
    {
        var decoder = new ManifestDecoder(Types, FieldValidationMode.Strict);

        var ex = Should.Throw<ManifestException>(() => decoder.DecodeStream("apiVersion: v1\nkind: ConfigMap\nfoo: 1\nmetadata: {bar: 2}\n"));

        ex.Problem.ShouldBe("strict decoding error: unknown field \"foo\", unknown field \"metadata.bar\"");
        ex.DocumentIndex.ShouldBe(0);
    }

    [Fact]
    public void Decode_IgnoreMode_ReportsNothing()
        => new ManifestDecoder(Types, FieldValidationMode.Ignore).DecodeStream("apiVersion: v1\nkind: ConfigMap\nfoo: 1\n")
            .Single().Findings.ShouldBeEmpty();

    [Fact]
    public void Decode_WrongFieldType_FailsAsApiServer()
    {
        var ex = Should.Throw<ManifestException>(() => new ManifestDecoder(Types).DecodeStream("apiVersion: v1\nkind: ConfigMap\nimmutable: 3\n"));

        ex.Problem.ShouldBe("json: cannot unmarshal number into Go struct field ConfigMap.immutable of type bool");
        ex.Message.ShouldStartWith("ConfigMap in version \"v1\" cannot be handled as a ConfigMap: json: cannot unmarshal number into");
        ex.InnerException.ShouldBeOfType<KubeSharp.Api.Serialization.JsonDecodeException>();
    }

    [Fact]
    public void ApiTypeTable_ResolvesByApiVersionAndKind()
    {
        Types.TryResolve("v1", "ConfigMap", out var handle).ShouldBeTrue();
        handle.Kind.ShouldBe(new GroupVersionKind("", "v1", "ConfigMap"));
        Types.TryResolve("v1", "configmap", out _).ShouldBeFalse();
        Types.TryResolve("a/b/c", "ConfigMap", out _).ShouldBeFalse();
        Types.Kinds.ShouldBe([new GroupVersionKind("", "v1", "ConfigMap")]);
    }
}
