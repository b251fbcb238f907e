using System.Diagnostics;
using System.Text;
using KubeSharp.Api.Manifests;
using KubeSharp.Api.Registry;

namespace KubeSharp.Api.Tests.Manifests;

public class ManifestReaderTests
{
    private static IReadOnlyList<ManifestDocument> Read(string text, ManifestReaderOptions? options = null) => ManifestReader.Read(text, options);

    [Fact]
    public void Read_MultiDocumentWithCommentsAndSeparatorVariants_YieldsEachObject()
    {
        const string yaml = """
            # Licensed under the Apache License, Version 2.0
            ---
            apiVersion: v1
            kind: Namespace
            metadata:
              name: web
            --- # the config
            # leading comment inside the document
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: settings
              namespace: web
            data:
              mode: "on"
            ---
            ---
            # only a comment: an empty document
            ---

            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: api, namespace: web}
            ...
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: api
            ---
            """;

        var documents = Read(yaml);

        documents.Select(d => (d.Index, d.ApiVersion, d.Kind, d.Name, d.Namespace, d.Line)).ShouldBe([
            (0, "v1", "Namespace", "web", null, 3),
            (1, "v1", "ConfigMap", "settings", "web", 9),
            (2, "apps/v1", "Deployment", "api", "web", 21),
            (3, "v1", "Service", "api", null, 26),
        ]);
        documents[1].JsonText.ShouldBe("""{"apiVersion":"v1","data":{"mode":"on"},"kind":"ConfigMap","metadata":{"name":"settings","namespace":"web"}}""");
        documents[2].GroupVersionKind.ShouldBe(new GroupVersionKind("apps", "v1", "Deployment"));
        documents[0].ItemIndex.ShouldBeNull();
        documents[2].ToString().ShouldBe("apps/v1, Kind=Deployment web/api (document 2, line 21)");
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n")]
    [InlineData("# nothing here\n")]
    [InlineData("---\n---\n...\n")]
    [InlineData("---\n~\n---\nnull\n")]
    public void Read_OnlyEmptyDocuments_YieldsNothing(string yaml) => Read(yaml).ShouldBeEmpty();

    [Fact]
    public void Read_CrLfLineEnds_SplitsAndCountsLines()
    {
        var documents = Read("apiVersion: v1\r\nkind: A\r\n---\r\napiVersion: v1\r\nkind: B\r\n");

        documents.Select(d => (d.Kind, d.Line)).ShouldBe([("A", 1), ("B", 4)]);
    }

    [Fact]
    public void Read_TextAfterDocumentEndMarker_IgnoredAsUpstream()
        => Read("apiVersion: v1\nkind: A\n...\napiVersion: v1\nkind: B\n").Select(d => d.Kind).ShouldBe(["A"]);

    [Theory]
    [InlineData("apiVersion: v1\nkind: A\n--- kind: B\n", 3, 5, "kind: B")]
    [InlineData("apiVersion: v1\nkind: A\n----\n", 3, 4, "-")]
    public void Read_InvalidSeparator_FailsAsUpstream(string yaml, int line, int column, string rest)
    {
        var ex = Should.Throw<ManifestException>(() => Read(yaml, new ManifestReaderOptions { SourceName = "app.yaml" }));

        ex.Message.ShouldBe($"error parsing app.yaml: invalid Yaml document separator: {rest}");
        (ex.Line, ex.Column).ShouldBe((line, column));
    }

    [Fact]
    public void Read_TabIndentation_ReportsLineAndColumn()
    {
        const string yaml = "apiVersion: v1\nkind: ConfigMap\n---\napiVersion: v1\nkind: ConfigMap\ndata:\n\tkey: value\n";

        var ex = Should.Throw<ManifestException>(() => Read(yaml, new ManifestReaderOptions { SourceName = "cm.yaml" }));

        ex.Message.ShouldBe("error parsing cm.yaml: error converting YAML to JSON: yaml: line 7: found character that cannot start any token");
        ex.Problem.ShouldBe("yaml: line 7: found character that cannot start any token");
        (ex.DocumentIndex, ex.Line, ex.Column).ShouldBe((1, 7, 1));
        ex.SourceName.ShouldBe("cm.yaml");
    }

    [Fact]
    public void Read_SyntaxErrorWithoutSource_HasNoPrefix()
    {
        var ex = Should.Throw<ManifestException>(() => Read("apiVersion: v1\nkind: A\nmetadata: {name: [x\n"));

        ex.Message.ShouldBe("error converting YAML to JSON: yaml: line 3: did not find expected ',' or ']'");
        (ex.DocumentIndex, ex.Line, ex.Column).ShouldBe((0, 3, 18));
    }

    [Fact]
    public void Read_DuplicateKey_StrictByDefault_NonStrictLastWins()
    {
        const string yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n";

        var ex = Should.Throw<ManifestException>(() => Read(yaml));
        ex.Message.ShouldBe("error converting YAML to JSON: yaml: unmarshal errors:\n  line 5: key \"name\" already set in map");
        (ex.Line, ex.Column).ShouldBe((5, 3));

        Read(yaml, new ManifestReaderOptions { StrictYaml = false }).Single().Name.ShouldBe("b");
    }

    [Theory]
    [InlineData("metadata: {name: x}\n", "error validating data: [apiVersion not set, kind not set]")]
    [InlineData("kind: Pod\n", "error validating data: apiVersion not set")]
    [InlineData("apiVersion: v1\n", "error validating data: kind not set")]
    [InlineData("apiVersion: ~\nkind: ~\n", "error validating data: [apiVersion not set, kind not set]")]
    [InlineData("apiVersion: 1\nkind: [Pod]\n", "error validating data: [apiVersion isn't string type, kind isn't string type]")]
    [InlineData("apiVersion: a/b/c\nkind: Pod\n", "error validating data: unexpected GroupVersion string: a/b/c")]
    [InlineData("just a string\n", "error validating data: invalid object to validate")]
    [InlineData("- apiVersion: v1\n  kind: Pod\n", "error validating data: invalid object to validate")]
    [InlineData("apiVersion: v1\nkind: \"\"\n", "Object 'Kind' is missing in '{\"apiVersion\":\"v1\",\"kind\":\"\"}'")]
    public void Read_MissingTypeFields_FailsNamingTheDocument(string second, string problem)
    {
        var yaml = "apiVersion: v1\nkind: Namespace\nmetadata: {name: ok}\n---\n" + second;

        var ex = Should.Throw<ManifestException>(() => Read(yaml));

        ex.Problem.ShouldBe(problem);
        ex.Message.ShouldBe(problem + " (document 1, line 5)");
        (ex.DocumentIndex, ex.Line).ShouldBe((1, 5));
    }

    [Fact]
    public void Read_MissingTypeFieldsWithSource_UsesKubectlPrefix()
    {
        var options = new ManifestReaderOptions { SourceName = "bad.yaml" };

        Should.Throw<ManifestException>(() => Read("metadata: {}\n", options)).Message
            .ShouldBe("error validating \"bad.yaml\": error validating data: [apiVersion not set, kind not set] (document 0, line 1)");
        Should.Throw<ManifestException>(() => Read("apiVersion: v1\nkind: ''\n", options)).Message
            .ShouldBe("unable to decode \"bad.yaml\": Object 'Kind' is missing in '{\"apiVersion\":\"v1\",\"kind\":\"\"}' (document 0, line 1)");
    }

    [Fact]
    public void Read_KindList_ExpandsItemsKeepingListIndex()
    {
        const string yaml = """
            apiVersion: v1
            kind: Namespace
            metadata: {name: first}
            ---
            apiVersion: v1
            kind: List
            items:
            - apiVersion: v1
              kind: ConfigMap
              metadata: {name: a}
            - apiVersion: apps/v1
              kind: Deployment
              metadata: {name: b, namespace: web}
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: last}
            """;

        var documents = Read(yaml);

        documents.Select(d => (d.Index, d.ItemIndex, d.Kind, d.Name, d.Line)).ShouldBe([
            (0, (int?)null, "Namespace", "first", 1),
            (1, 0, "ConfigMap", "a", 5),
            (1, 1, "Deployment", "b", 5),
            (2, null, "Secret", "last", 15),
        ]);
        documents[2].Namespace.ShouldBe("web");
        documents[2].JsonText.ShouldBe("""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"b","namespace":"web"}}""");
        documents[1].Location.ShouldBe("document 1, item 0, line 5");
    }

    [Fact]
    public void Read_TypedList_ItemsWithoutTypeTakeTheListsType()
    {
        const string yaml = """
            apiVersion: v1
            kind: ConfigMapList
            items:
            - metadata: {name: a}
              data: {k: v}
            - apiVersion: v1
              kind: Secret
              metadata: {name: b}
            """;

        var documents = Read(yaml);

        documents.Select(d => (d.ApiVersion, d.Kind, d.Name)).ShouldBe([("v1", "ConfigMap", "a"), ("v1", "Secret", "b")]);
        documents[0].JsonText.ShouldBe("""{"apiVersion":"v1","kind":"ConfigMap","data":{"k":"v"},"metadata":{"name":"a"}}""");
    }

    [Fact]
    public void Read_KindListItemWithoutKind_FailsWithMissingKind()
    {
        var ex = Should.Throw<ManifestException>(() => Read("apiVersion: v1\nkind: List\nitems:\n- metadata: {name: a}\n"));

        ex.Problem.ShouldBe("Object 'Kind' is missing in '{\"apiVersion\":\"v1\",\"kind\":\"\",\"metadata\":{\"name\":\"a\"}}'");
        (ex.DocumentIndex, ex.ItemIndex).ShouldBe((0, 0));
        ex.Message.ShouldEndWith("(document 0, item 0, line 1)");
    }

    [Theory]
    [InlineData("apiVersion: v1\nkind: List\nitems: []\n")]
    [InlineData("apiVersion: v1\nkind: List\nitems: ~\n")]
    public void Read_EmptyList_YieldsNothing(string yaml) => Read(yaml).ShouldBeEmpty();

    [Fact]
    public void Read_AnyKindWithItems_IsAList_AsUnstructuredJsonScheme()
    {
        // unstructuredJSONScheme.decode treats every object with an "items" field (any case) as a list.
        var documents = Read("apiVersion: example.com/v1\nkind: Widget\nItems:\n- {apiVersion: v1, kind: Pod}\n- {metadata: {name: w}}\n");

        documents.Select(d => (d.ApiVersion, d.Kind)).ShouldBe([("v1", "Pod"), ("example.com/v1", "Widget")]);
    }

    [Fact]
    public void Read_ListNotExpanded_WhenDisabled()
    {
        var documents = Read("apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Pod}\n", new ManifestReaderOptions { ExpandLists = false });

        documents.Single().Kind.ShouldBe("List");
    }

    [Fact]
    public void Read_ListItemsNotAnArray_Fails()
        => Should.Throw<ManifestException>(() => Read("apiVersion: v1\nkind: List\nitems: nope\n")).Problem
            .ShouldBe("json: cannot unmarshal string into Go struct field decodeList.Items of type []json.RawMessage");

    [Fact]
    public void Read_JsonObject_KeptByteForByte()
    {
        const string json = """  {"kind": "ConfigMap", "apiVersion": "v1", "metadata": {"name": "c", "name": "d"}}  """;

        var document = Read(json).Single();

        document.JsonText.ShouldBe(json.Trim());
        (document.Kind, document.Name, document.Line).ShouldBe(("ConfigMap", "d", 1));
    }

    [Fact]
    public void Read_ConcatenatedJsonObjects_YieldsEach()
    {
        const string json = """
            {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "a"}}
            {"apiVersion": "v1", "kind": "List", "items": [
              {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "b"}}
            ]}{"apiVersion":"v1","kind":"Secret","metadata":{"name":"c"}}
            null
            {"apiVersion": "apps/v1",
             "kind": "Deployment", "metadata": {"name": "d"}}
            """;

        var documents = Read(json);

        documents.Select(d => (d.Index, d.ItemIndex, d.Kind, d.Name, d.Line)).ShouldBe([
            (0, (int?)null, "Namespace", "a", 1),
            (1, 0, "ConfigMap", "b", 2),
            (2, null, "Secret", "c", 4),
            (3, null, "Deployment", "d", 6),
        ]);
    }

    [Fact]
    public void Read_MalformedJson_ReportsOffsetLineAndColumn()
    {
        var ex = Should.Throw<ManifestException>(() => Read("{\"apiVersion\": \"v1\", \"kind\": \"A\"}\n{\"kind\" \"B\"}\n", new ManifestReaderOptions { SourceName = "STDIN" }));

        ex.Message.ShouldStartWith("error parsing STDIN: json: offset 42: ");
        (ex.Line, ex.Column).ShouldBe((2, 9));
        ex.DocumentIndex.ShouldBeNull();
    }

    [Fact]
    public void Read_JsonArrayInStream_FailsValidation()
        => Should.Throw<ManifestException>(() => Read("{\"apiVersion\":\"v1\",\"kind\":\"A\"} [1]")).Problem
            .ShouldBe("error validating data: invalid object to validate");

    [Fact]
    public void Read_Utf16WithBom_IsTranscoded()
    {
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ü}\n")).ToArray();

        ManifestReader.Read(bytes).Single().Name.ShouldBe("ü");
    }

    [Fact]
    public async Task ReadAsync_Stream_ReadsAll()
    {
        using var stream = new MemoryStream("apiVersion: v1\nkind: A\n---\napiVersion: v1\nkind: B\n"u8.ToArray());

        var documents = await ManifestReader.ReadAsync(stream);

        documents.Select(d => d.Kind).ShouldBe(["A", "B"]);
    }

    [Fact]
    public void Enumerate_IsLazy_ErrorsSurfaceAtTheFaultyDocument()
    {
        var documents = ManifestReader.Enumerate("apiVersion: v1\nkind: A\n---\nkind: [\n"u8.ToArray());
        using var enumerator = documents.GetEnumerator();

        enumerator.MoveNext().ShouldBeTrue();
        enumerator.Current.Kind.ShouldBe("A");
        Should.Throw<ManifestException>(() => enumerator.MoveNext()).DocumentIndex.ShouldBe(1);
    }

    [Fact]
    public void Read_ThousandDocuments_AllReadInOrder()
    {
        var sb = new StringBuilder();
        for (var i = 0; i < 1000; i++)
        {
            sb.Append("# object ").Append(i).Append('\n');
            sb.Append("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-").Append(i).Append("\n  namespace: ns-").Append(i % 7).Append('\n');
            sb.Append("data:\n  index: \"").Append(i).Append("\"\n  enabled: yes\n---\n");
        }
        var stopwatch = Stopwatch.StartNew();

        var documents = ManifestReader.Read(Encoding.UTF8.GetBytes(sb.ToString()));

        stopwatch.Stop();
        documents.Count.ShouldBe(1000);
        for (var i = 0; i < 1000; i++)
        {
            documents[i].Index.ShouldBe(i);
            documents[i].Name.ShouldBe("cm-" + i);
            documents[i].Line.ShouldBe((i * 10) + 2);
        }
        documents[999].JsonText.ShouldBe("""{"apiVersion":"v1","data":{"enabled":true,"index":"999"},"kind":"ConfigMap","metadata":{"name":"cm-999","namespace":"ns-5"}}""");
        stopwatch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
    }
}
