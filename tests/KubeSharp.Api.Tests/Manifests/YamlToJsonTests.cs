using System.Text.Json.Nodes;
using KubeSharp.Api.Manifests;

namespace KubeSharp.Api.Tests.Manifests;

public class YamlToJsonTests
{
    private static string Json(string yaml, bool strict = true) => YamlToJson.ConvertToString(yaml, strict);

    /// <summary>goyaml v2's resolve.go (sigs.k8s.io/yaml/goyaml.v2) decoding into interface{}, then encoding/json.</summary>
    [Theory]
    // nulls
    [InlineData("~", "null")]
    [InlineData("null", "null")]
    [InlineData("Null", "null")]
    [InlineData("NULL", "null")]
    [InlineData("", "null")]
    [InlineData("nULL", "\"nULL\"")]
    // YAML 1.1 booleans
    [InlineData("true", "true")]
    [InlineData("True", "true")]
    [InlineData("TRUE", "true")]
    [InlineData("false", "false")]
    [InlineData("FALSE", "false")]
    [InlineData("yes", "true")]
    [InlineData("Yes", "true")]
    [InlineData("NO", "false")]
    [InlineData("on", "true")]
    [InlineData("Off", "false")]
    [InlineData("y", "true")]
    [InlineData("N", "false")]
    [InlineData("yES", "\"yES\"")]
    [InlineData("tRUE", "\"tRUE\"")]
    // integers: strconv.ParseInt(s, 0, 64) after removing underscores
    [InlineData("0", "0")]
    [InlineData("123", "123")]
    [InlineData("-17", "-17")]
    [InlineData("+12", "12")]
    [InlineData("-0", "0")]
    [InlineData("0x1F", "31")]
    [InlineData("0X1f", "31")]
    [InlineData("-0x10", "-16")]
    [InlineData("0o17", "15")]
    [InlineData("0755", "493")]
    [InlineData("0b1010", "10")]
    [InlineData("-0b101", "-5")]
    [InlineData("1_000", "1000")]
    [InlineData("0x_FF", "255")]
    [InlineData("9223372036854775807", "9223372036854775807")]
    [InlineData("-9223372036854775808", "-9223372036854775808")]
    [InlineData("9223372036854775808", "9223372036854775808")]
    [InlineData("18446744073709551615", "18446744073709551615")]
    [InlineData("0x10000000000000000", "18446744073709551616")]
    // not octal, so it falls through to the float pattern
    [InlineData("09", "9")]
    [InlineData("0x", "\"0x\"")]
    [InlineData("0b2", "\"0b2\"")]
    // floats, written as encoding/json writes float64
    [InlineData("1.5", "1.5")]
    [InlineData("-1.25", "-1.25")]
    [InlineData("1.0", "1")]
    [InlineData("1.", "1")]
    [InlineData("-0.0", "-0")]
    [InlineData("1e3", "1000")]
    [InlineData("1E3", "1000")]
    [InlineData(".5", "0.5")]
    [InlineData("+.5", "0.5")]
    [InlineData(".5e-3", "0.0005")]
    [InlineData("1e21", "1e+21")]
    [InlineData("1e20", "100000000000000000000")]
    [InlineData("1e-7", "1e-7")]
    [InlineData("0.000001", "0.000001")]
    [InlineData("1_000.5", "1000.5")]
    [InlineData("18446744073709551616", "18446744073709552000")]
    [InlineData("-99999999999999999999", "-100000000000000000000")]
    [InlineData("1e400", "\"1e400\"")]
    // strings
    [InlineData("hello", "\"hello\"")]
    [InlineData("1:30", "\"1:30\"")]
    [InlineData("1.2.3", "\"1.2.3\"")]
    [InlineData("3.14abc", "\"3.14abc\"")]
    [InlineData("2001-12-14", "\"2001-12-14\"")]
    [InlineData("2001-12-14T21:59:43.10Z", "\"2001-12-14T21:59:43.10Z\"")]
    [InlineData("<<", "\"\\u003c\\u003c\"")]
    [InlineData("-x", "\"-x\"")]
    [InlineData("- -", "[[null]]")]
    [InlineData("Infinity", "\"Infinity\"")]
    [InlineData("NaN", "\"NaN\"")]
    [InlineData(".foo", "\".foo\"")]
    [InlineData("inf", "\"inf\"")]
    // quoted and block scalars are never resolved
    [InlineData("\"123\"", "\"123\"")]
    [InlineData("'true'", "\"true\"")]
    [InlineData("'~'", "\"~\"")]
    [InlineData("\"\"", "\"\"")]
    [InlineData("\"null\"", "\"null\"")]
    [InlineData("|\n  42\n", "\"42\\n\"")]
    [InlineData(">-\n  yes\n", "\"yes\"")]
    // explicit tags
    [InlineData("!!str 123", "\"123\"")]
    [InlineData("!!str true", "\"true\"")]
    [InlineData("!!int \"42\"", "42")]
    [InlineData("!!bool \"yes\"", "true")]
    [InlineData("!!float 1", "1")]
    [InlineData("!!float \"2.5\"", "2.5")]
    [InlineData("!!null ''", "null")]
    [InlineData("!!timestamp 2001-12-14", "\"2001-12-14\"")]
    [InlineData("!!binary aGVsbG8=", "\"hello\"")]
    [InlineData("!!binary |\n  aGVs\n  bG8=\n", "\"hello\"")]
    [InlineData("!custom 12", "\"12\"")]
    [InlineData("! 12", "\"12\"")]
    public void Convert_Scalar_ResolvesAsGoyamlV2(string yaml, string json) => Json(yaml).ShouldBe(json);

    [Theory]
    [InlineData(".inf", "json: unsupported value: +Inf")]
    [InlineData("-.Inf", "json: unsupported value: -Inf")]
    [InlineData("+.INF", "json: unsupported value: +Inf")]
    [InlineData(".NaN", "json: unsupported value: NaN")]
    [InlineData("a: [1, .nan]", "json: unsupported value: NaN")]
    public void Convert_InfinityOrNaN_FailsAsEncodingJson(string yaml, string problem)
    {
        var ex = Should.Throw<ManifestException>(() => Json(yaml));
        ex.Message.ShouldBe("error converting YAML to JSON: " + problem);
        ex.Problem.ShouldBe(problem);
    }

    [Theory]
    [InlineData("!!int abc", "yaml: line 1: cannot decode !!str `abc` as a !!int")]
    [InlineData("!!bool 1", "yaml: line 1: cannot decode !!int `1` as a !!bool")]
    [InlineData("!!null foo", "yaml: line 1: cannot decode !!str `foo` as a !!null")]
    [InlineData("!!float 18446744073709551615", "yaml: line 1: cannot decode !!int `18446744073709551615` as a !!float")]
    [InlineData("!!timestamp 2001-13-01", "yaml: line 1: cannot decode !!str `2001-13-01` as a !!timestamp")]
    [InlineData("a: 1\nb: !!binary 'not base64!'", "yaml: line 2: !!binary value contains invalid base64 data")]
    public void Convert_TagDisagreesWithValue_FailsAsGoyaml(string yaml, string problem)
        => Should.Throw<ManifestException>(() => Json(yaml)).Problem.ShouldBe(problem);

    [Theory]
    [InlineData("1: a", "{\"1\":\"a\"}")]
    [InlineData("0x1F: a", "{\"31\":\"a\"}")]
    [InlineData("true: x", "{\"true\":\"x\"}")]
    [InlineData("yes: x", "{\"true\":\"x\"}")]
    [InlineData("off: x", "{\"false\":\"x\"}")]
    [InlineData("1.5: x", "{\"1.5\":\"x\"}")]
    [InlineData("1.0: x", "{\"1\":\"x\"}")]
    [InlineData("1e6: x", "{\"1e+06\":\"x\"}")]
    [InlineData(".inf: x", "{\".inf\":\"x\"}")]
    [InlineData("-.inf: x", "{\"-.inf\":\"x\"}")]
    [InlineData("'1': x", "{\"1\":\"x\"}")]
    [InlineData("2001-12-14: x", "{\"2001-12-14\":\"x\"}")]
    [InlineData("y: 1\nn: 2", "{\"false\":2,\"true\":1}")]
    public void Convert_NonStringKey_BecomesString(string yaml, string json) => Json(yaml).ShouldBe(json);

    [Theory]
    [InlineData("~: x", "unsupported map key of type: %!s(<nil>), key: <nil>, value: \"x\"")]
    [InlineData("? [a, b]\n: c", "yaml: line 1: invalid map key: []interface {}{\"a\", \"b\"}")]
    public void Convert_UnsupportedKey_Fails(string yaml, string problem)
        => Should.Throw<ManifestException>(() => Json(yaml)).Problem.ShouldBe(problem);

    [Fact]
    public void Convert_Keys_SortedAsEncodingJson()
        => Json("b: 1\na: 2\nB: 3\n_: 4\nä: 5\n\"\U0001F600\": 6\n\uFFFD: 7\n").ShouldBe(
            "{\"B\":3,\"_\":4,\"a\":2,\"b\":1,\"ä\":5,\"\uFFFD\":7,\"\U0001F600\":6}");

    [Theory]
    [InlineData("'<a & b>'", "\"\\u003ca \\u0026 b\\u003e\"")]
    [InlineData("\"tab\\there\\nline\\b\\f\\x01\"", "\"tab\\there\\nline\\b\\f\\u0001\"")]
    [InlineData("\"\\u2028\\u2029\"", "\"\\u2028\\u2029\"")]
    [InlineData("\"quote\\\" and \\\\\"", "\"quote\\\" and \\\\\"")]
    [InlineData("ünïcödé 😀", "\"ünïcödé 😀\"")]
    public void Convert_String_EscapedAsEncodingJson(string yaml, string json) => Json(yaml).ShouldBe(json);

    [Fact]
    public void Convert_NestedDocument_MatchesUpstream()
    {
        const string yaml = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: settings   # trailing comment
              labels: {app: web, tier: "1"}
            data:
              enabled: "true"
              ports: |
                80
                443
            list:
            - 1
            - two
            - [3, {four: 4}]
            - ~
            """;

        Json(yaml).ShouldBe(
            """{"apiVersion":"v1","data":{"enabled":"true","ports":"80\n443\n"},"kind":"ConfigMap","list":[1,"two",[3,{"four":4}],null],"metadata":{"labels":{"app":"web","tier":"1"},"name":"settings"}}""");
    }

    [Fact]
    public void Convert_AnchorsAndAliases_AreExpanded()
        => Json("base: &b {x: 1, z: [a, b]}\ncopy: *b\nlist: [*b, &s scalar, *s]\n")
            .ShouldBe("""{"base":{"x":1,"z":["a","b"]},"copy":{"x":1,"z":["a","b"]},"list":[{"x":1,"z":["a","b"]},"scalar","scalar"]}""");

    [Theory]
    [InlineData("a: &x {k: 1, j: 2}\nb:\n  <<: *x\n  k: 3\n", """{"a":{"j":2,"k":1},"b":{"j":2,"k":3}}""")]
    [InlineData("a: &x {k: 1}\nb:\n  k: 3\n  <<: *x\n", """{"a":{"k":1},"b":{"k":3}}""")]
    [InlineData("a: &x {k: 1, j: 1}\nc: &y {k: 2, z: 2}\nb:\n  <<: [*x, *y]\n", """{"a":{"j":1,"k":1},"b":{"j":1,"k":1,"z":2},"c":{"k":2,"z":2}}""")]
    [InlineData("b:\n  <<: {k: 1}\n  x: 2\n", """{"b":{"k":1,"x":2}}""")]
    [InlineData("a: &x {k: 1}\nb:\n  \"<<\": *x\n", """{"a":{"k":1},"b":{"\u003c\u003c":{"k":1}}}""")]
    [InlineData("a: &x {k: &z {p: 1}}\nb: {<<: *x}\nc: {<<: *z, m: 2}\n", """{"a":{"k":{"p":1}},"b":{"k":{"p":1}},"c":{"m":2,"p":1}}""")]
    public void Convert_MergeKey_MergesMappings(string yaml, string json) => Json(yaml).ShouldBe(json);

    [Theory]
    [InlineData("a: &x 1\nb:\n  <<: *x\n", 3)]
    [InlineData("b:\n  <<: [{a: 1}, 2]\n", 2)]
    [InlineData("b:\n  <<: scalar\n", 2)]
    public void Convert_MergeOfNonMapping_Fails(string yaml, int line)
    {
        var ex = Should.Throw<ManifestException>(() => Json(yaml));
        ex.Problem.ShouldBe($"yaml: line {line}: map merge requires map or sequence of maps as the value");
        ex.Line.ShouldBe(line);
    }

    [Fact]
    public void Convert_UnknownAnchor_FailsAsGoyaml()
    {
        var ex = Should.Throw<ManifestException>(() => Json("a: 1\nb: *nope\n"));
        ex.Message.ShouldBe("error converting YAML to JSON: yaml: line 2: unknown anchor 'nope' referenced");
        (ex.Line, ex.Column).ShouldBe((2, 4));
    }

    [Fact]
    public void Convert_RecursiveAlias_FailsAsGoyaml()
        => Should.Throw<ManifestException>(() => Json("a: &x [1, *x]\n")).Problem.ShouldBe("yaml: line 1: anchor 'x' value contains itself");

    [Fact]
    public void Convert_BillionLaughs_FailsWithExcessiveAliasing()
    {
        var yaml = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
        for (var i = 1; i < 10; i++)
        {
            var prev = (char)('a' + i - 1);
            var name = (char)('a' + i);
            yaml += $"{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n";
        }
        Should.Throw<ManifestException>(() => Json(yaml)).Problem.ShouldEndWith("document contains excessive aliasing");
    }

    [Fact]
    public void Convert_DuplicateKey_StrictFailsWithGoyamlV2Text()
    {
        var ex = Should.Throw<ManifestException>(() => Json("a: 1\nb:\n  c: 1\n  c: 2\nb: 3\n1: x\n0x1: y\n"));

        ex.Message.ShouldBe("""
            error converting YAML to JSON: yaml: unmarshal errors:
              line 4: key "c" already set in map
              line 5: key "b" already set in map
              line 7: key 1 already set in map
            """.ReplaceLineEndings("\n"));
        (ex.Line, ex.Column).ShouldBe((4, 3));
    }

    [Fact]
    public void Convert_DuplicateKey_NonStrictLastWins()
        => Json("a: 1\nb: 2\na: 3\n", strict: false).ShouldBe("""{"a":3,"b":2}""");

    [Fact]
    public void Convert_DistinctTypedKeysWithSameText_AreNotDuplicates()
        => Json("1: int\n'1': str\n").ShouldBe("""{"1":"str"}""");

    [Theory]
    [InlineData("a: 1\nb:\n\tc: 2\n", 3, 1, "found character that cannot start any token")]
    [InlineData("a: 1\n\tb: 2\n", 2, 1, "found a tab character that violate indentation")]
    [InlineData("a: @x\n", 1, 4, "found character that cannot start any token")]
    [InlineData("a: b: c\n", 1, 5, "mapping values are not allowed in this context")]
    [InlineData("a: 'x\n", 1, 4, "found unexpected end of stream")]
    [InlineData("a:\n  b: 1\n c: 2\n", 3, 2, "did not find expected key")]
    [InlineData("- a\nb: 1\n", 2, 1, "did not find expected '-' indicator")]
    [InlineData("a: [1, 2\nb: 3\n", 1, 4, "did not find expected ',' or ']'")]
    public void Convert_Malformed_ReportsLineAndColumnWithLibyamlText(string yaml, int line, int column, string problem)
    {
        var ex = Should.Throw<ManifestException>(() => Json(yaml));

        ex.Message.ShouldBe($"error converting YAML to JSON: yaml: line {line}: {problem}");
        (ex.Line, ex.Column).ShouldBe((line, column));
        ex.DocumentIndex.ShouldBeNull();
    }

    [Fact]
    public void Convert_OnlyFirstDocument_AsUpstream()
        => Json("a: 1\n...\nb: 2\n").ShouldBe("""{"a":1}""");

    [Theory]
    [InlineData("")]
    [InlineData("# just a comment\n")]
    [InlineData("---\n")]
    [InlineData("~\n")]
    public void Convert_EmptyDocument_IsNull(string yaml) => Json(yaml).ShouldBe("null");

    [Fact]
    public void Convert_Utf8BytesWithBom_Decodes()
        => System.Text.Encoding.UTF8.GetString(YamlToJson.Convert([0xEF, 0xBB, 0xBF, .. "a: ü"u8])).ShouldBe("""{"a":"ü"}""");

    [Fact]
    public void Convert_InvalidUtf8_Fails()
        => Should.Throw<ManifestException>(() => YamlToJson.Convert("a: "u8.ToArray().Append((byte)0xFF).ToArray()))
            .Problem.ShouldBe("yaml: invalid leading UTF-8 octet");

    [Fact]
    public void Convert_TooDeep_Fails()
    {
        var yaml = new string('[', 1500) + new string(']', 1500);
        Should.Throw<ManifestException>(() => Json(yaml)).Problem.ShouldContain("exceeded max depth of 1000");
    }

    public static TheoryData<string> Fixtures() =>
        [.. Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures"), "*.yaml").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    /// <summary>The upstream round-trip fixtures: the YAML form converts to the same JSON as the JSON form.</summary>
    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Convert_UpstreamFixture_MatchesJsonFixture(string file)
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "Fixtures");
        var yaml = File.ReadAllBytes(Path.Combine(dir, file));
        var expected = JsonNode.Parse(File.ReadAllBytes(Path.Combine(dir, Path.ChangeExtension(file, ".json"))));

        var actual = JsonNode.Parse(YamlToJson.Convert(yaml));

        JsonNode.DeepEquals(actual, expected).ShouldBeTrue(file);
    }
}
