using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Protobuf;
using KubeSharp.Api.Serialization;

namespace KubeSharp.ApiServer.Tests.Integration;

/// <summary>
/// How list replies are encoded for real clients: gzip when the client sends <c>Accept-Encoding: gzip</c> and the body
/// is over upstream's 128 KiB threshold (kubectl and client-go always send it), and Kubernetes protobuf when the
/// client prefers it (client-go's typed clients). Every encoding must carry exactly the JSON list's content.
/// </summary>
public sealed class ListEncodingTests(ApiServerFixture server) : IClassFixture<ApiServerFixture>, IDisposable
{
    private const string ProtobufAccept = "application/vnd.kubernetes.protobuf,application/json";

    private readonly HttpClient _http = server.CreateAdminHttpClient();

    public void Dispose() => _http.Dispose();

    private async Task CreateAsync(string path, string json)
    {
        using var response = await _http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A namespace with <paramref name="count"/> ConfigMaps of ~3 KB each (so 50 of them pass 128 KiB).</summary>
    private async Task<string> NamespaceWithConfigMapsAsync(string ns, int count)
    {
        await CreateAsync("/api/v1/namespaces", $$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{ns}}}"}}""");
        for (var i = 0; i < count; i++)
        {
            var payload = string.Concat(Enumerable.Repeat($"line {i} of a config file that is much like the others\n", 50));
            await CreateAsync($"/api/v1/namespaces/{ns}/configmaps", new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "ConfigMap",
                ["metadata"] = new JsonObject { ["name"] = $"cm-{i:D3}", ["labels"] = new JsonObject { ["n"] = (i % 3).ToString(System.Globalization.CultureInfo.InvariantCulture) } },
                ["data"] = new JsonObject { ["config"] = payload },
            }.ToJsonString());
        }
        return $"/api/v1/namespaces/{ns}/configmaps";
    }

    private sealed record Reply(HttpStatusCode Code, string? ContentType, string? ContentEncoding, string Vary, long? ContentLength, byte[] Body);

    private async Task<Reply> GetAsync(string path, string? accept = null, string? acceptEncoding = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }
        if (acceptEncoding is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        }
        using var response = await _http.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        return new Reply(response.StatusCode, response.Content.Headers.ContentType?.MediaType, string.Join(",", response.Content.Headers.ContentEncoding),
            string.Join(",", response.Headers.Vary), response.Content.Headers.ContentLength, body);
    }

    private static byte[] Gunzip(byte[] body)
    {
        using var input = new GZipStream(new MemoryStream(body), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    [Fact]
    public async Task BigList_WithAcceptEncodingGzip_IsGzippedAndInflatesToTheSameBytes()
    {
        var path = await NamespaceWithConfigMapsAsync("gzip-list", 60);
        var plain = await GetAsync(path);
        plain.Code.ShouldBe(HttpStatusCode.OK);
        plain.ContentEncoding.ShouldBeEmpty();
        plain.Body.Length.ShouldBeGreaterThan(128 * 1024);
        var rv = JsonNode.Parse(plain.Body)!["metadata"]!["resourceVersion"]!.GetValue<string>();

        // The same state (resourceVersion=rv is served from the cache at least that new; nothing changed since).
        var gzipped = await GetAsync(path, acceptEncoding: "gzip, deflate");
        gzipped.Code.ShouldBe(HttpStatusCode.OK);
        gzipped.ContentType.ShouldBe("application/json");
        gzipped.ContentEncoding.ShouldBe("gzip");
        gzipped.Vary.ShouldContain("Accept-Encoding");
        gzipped.ContentLength.ShouldBe(gzipped.Body.Length);
        gzipped.Body.Length.ShouldBeLessThan(plain.Body.Length / 4);
        Encoding.UTF8.GetString(Gunzip(gzipped.Body)).ShouldBe(Encoding.UTF8.GetString(plain.Body));

        // Again (now from the compressed chunks cached by the first), and after one item changed.
        Gunzip((await GetAsync(path, acceptEncoding: "gzip")).Body).ShouldBe(plain.Body);
        using (var patch = new HttpRequestMessage(HttpMethod.Patch, path + "/cm-031")
        {
            Content = new StringContent("""{"data":{"extra":"changed"}}""", Encoding.UTF8, "application/merge-patch+json"),
        })
        using (var patched = await _http.SendAsync(patch))
        {
            patched.StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        var after = await GetAsync(path);
        var afterGzip = await GetAsync(path, acceptEncoding: "gzip");
        afterGzip.ContentEncoding.ShouldBe("gzip");
        var inflated = JsonNode.Parse(Gunzip(afterGzip.Body))!;
        var expected = JsonNode.Parse(after.Body)!;
        // Only list metadata.resourceVersion may differ between the two reads (it is the cache's revision).
        inflated["items"]!.ToJsonString().ShouldBe(expected["items"]!.ToJsonString());
        inflated["items"]![31]!["data"]!["extra"]!.GetValue<string>().ShouldBe("changed");
        rv.ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task Lists_WithoutGzipOrUnderTheThreshold_AreNotCompressed()
    {
        var path = await NamespaceWithConfigMapsAsync("gzip-small", 3);
        var small = await GetAsync(path, acceptEncoding: "gzip");
        small.ContentEncoding.ShouldBeEmpty();
        small.Vary.ShouldNotContain("Accept-Encoding");
        JsonNode.Parse(small.Body)!["items"]!.AsArray().Count.ShouldBe(3);

        var bigPath = await NamespaceWithConfigMapsAsync("gzip-other", 60);
        // Upstream matches the exact token "gzip": "identity" or "br" alone do not compress.
        (await GetAsync(bigPath, acceptEncoding: "identity")).ContentEncoding.ShouldBeEmpty();
        (await GetAsync(bigPath, acceptEncoding: "br")).ContentEncoding.ShouldBeEmpty();
        (await GetAsync(bigPath)).ContentEncoding.ShouldBeEmpty();
    }

    [Fact]
    public async Task PagedAndSelectedLists_GzipToTheSameBytesAsPlain()
    {
        var path = await NamespaceWithConfigMapsAsync("gzip-paged", 150);
        foreach (var query in new[] { "?limit=55", "?labelSelector=n%3D1", "?resourceVersion=0&labelSelector=n%21%3D2" })
        {
            var plain = await GetAsync(path + query);
            plain.Code.ShouldBe(HttpStatusCode.OK);
            var zipped = await GetAsync(path + query, acceptEncoding: "gzip");
            zipped.ContentEncoding.ShouldBe("gzip", query);
            var inflated = JsonNode.Parse(Gunzip(zipped.Body))!;
            var expected = JsonNode.Parse(plain.Body)!;
            inflated["items"]!.ToJsonString().ShouldBe(expected["items"]!.ToJsonString(), query);
            inflated["metadata"]!["continue"]?.GetValue<string>().ShouldBe(expected["metadata"]!["continue"]?.GetValue<string>(), query);
        }
    }

    [Fact]
    public async Task ProtobufList_DecodesToTheJsonListsObjects()
    {
        var path = await NamespaceWithConfigMapsAsync("proto-list", 20);
        var json = await GetAsync(path);
        var proto = await GetAsync(path, accept: ProtobufAccept);
        proto.Code.ShouldBe(HttpStatusCode.OK);
        proto.ContentType.ShouldBe(KubeProtobuf.ContentType);
        proto.Body.AsSpan(0, 4).ToArray().ShouldBe("k8s\0"u8.ToArray());
        var envelope = KubeProtobuf.ReadEnvelope(proto.Body);
        envelope.ApiVersion.ShouldBe("v1");
        envelope.Kind.ShouldBe("ConfigMapList");

        var list = KubeProtobuf.Decode<ConfigMapList>(proto.Body);
        var expected = JsonNode.Parse(json.Body)!;
        list.Metadata.ResourceVersion.ShouldNotBeNullOrEmpty();
        list.Items!.Count.ShouldBe(20);
        for (var i = 0; i < list.Items.Count; i++)
        {
            // Protobuf list items carry no TypeMeta; the JSON list's do.
            var item = list.Items[i];
            item.ApiVersion = "v1";
            item.Kind = "ConfigMap";
            JsonNode.Parse(KubeJson.Serialize(item))!.ToJsonString().ShouldBe(expected["items"]![i]!.ToJsonString());
        }
    }

    [Fact]
    public async Task ProtobufPodList_PagedAndGzipped_DecodesToTheJsonListsPods()
    {
        await CreateAsync("/api/v1/namespaces", """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"proto-pods"}}""");
        for (var i = 0; i < 40; i++)
        {
            await CreateAsync("/api/v1/namespaces/proto-pods/pods", $$$$"""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p-{{{{i:D2}}}}","labels":{"app":"web"},"annotations":{"note":"{{{{new string('a', 4000)}}}}"}},
                 "spec":{"containers":[{"name":"c","image":"nginx:1.27","ports":[{"containerPort":80}],"env":[{"name":"A","value":"b"}],
                 "resources":{"requests":{"cpu":"100m","memory":"64Mi"}}}],"tolerations":[{"key":"k","operator":"Exists","effect":"NoSchedule"}]}}
                """);
        }
        foreach (var query in new[] { "", "?limit=38" })
        {
            var json = JsonNode.Parse((await GetAsync("/api/v1/namespaces/proto-pods/pods" + query)).Body)!;
            var zipped = await GetAsync("/api/v1/namespaces/proto-pods/pods" + query, accept: ProtobufAccept, acceptEncoding: "gzip");
            zipped.ContentType.ShouldBe(KubeProtobuf.ContentType);
            zipped.ContentEncoding.ShouldBe("gzip", query);
            var list = KubeProtobuf.Decode<PodList>(Gunzip(zipped.Body));
            list.Items!.Count.ShouldBe(json["items"]!.AsArray().Count);
            list.Metadata.Continue.ShouldBe(json["metadata"]!["continue"]?.GetValue<string>() ?? "");
            list.Metadata.RemainingItemCount.ShouldBe(json["metadata"]!["remainingItemCount"]?.GetValue<long>());
            for (var i = 0; i < list.Items.Count; i++)
            {
                var pod = list.Items[i];
                pod.ApiVersion = "v1";
                pod.Kind = "Pod";
                JsonNode.Parse(KubeJson.Serialize(pod))!.ToJsonString().ShouldBe(json["items"]![i]!.ToJsonString());
            }
        }
    }

    [Fact]
    public async Task BigTable_IsGzippedToo()
    {
        var path = await NamespaceWithConfigMapsAsync("gzip-table", 60);
        const string table = "application/json;as=Table;v=v1;g=meta.k8s.io";
        var plain = await GetAsync(path + "?includeObject=Object", accept: table);
        plain.Body.Length.ShouldBeGreaterThan(128 * 1024);
        var zipped = await GetAsync(path + "?includeObject=Object", accept: table, acceptEncoding: "gzip");
        zipped.ContentEncoding.ShouldBe("gzip");
        zipped.Vary.ShouldContain("Accept-Encoding");
        var inflated = JsonNode.Parse(Gunzip(zipped.Body))!;
        inflated["kind"]!.GetValue<string>().ShouldBe("Table");
        // The rows' objects (their AGE cells may tick between the two reads).
        inflated["rows"]!.AsArray().Select(r => r!["object"]!.ToJsonString())
            .ShouldBe(JsonNode.Parse(plain.Body)!["rows"]!.AsArray().Select(r => r!["object"]!.ToJsonString()));
        // Without includeObject the 60 rows are small: not compressed.
        (await GetAsync(path, accept: table, acceptEncoding: "gzip")).ContentEncoding.ShouldBeEmpty();
    }

    [Fact]
    public async Task TableAndJsonAccepts_StayJson()
    {
        var path = await NamespaceWithConfigMapsAsync("proto-accepts", 2);
        (await GetAsync(path, accept: "application/json, */*")).ContentType.ShouldBe("application/json");
        (await GetAsync(path, accept: "application/json;q=0.9,application/vnd.kubernetes.protobuf;q=0.5")).ContentType.ShouldBe("application/json");
        (await GetAsync(path, accept: "application/vnd.kubernetes.protobuf;q=0.9,application/json;q=0.5")).ContentType.ShouldBe(KubeProtobuf.ContentType);
        var table = await GetAsync(path, accept: "application/json;as=Table;v=v1;g=meta.k8s.io,application/vnd.kubernetes.protobuf");
        JsonNode.Parse(table.Body)!["kind"]!.GetValue<string>().ShouldBe("Table");
    }

    [Fact]
    public async Task Kubectl_DescribeListsEventsAsProtobuf()
    {
        var path = await NamespaceWithConfigMapsAsync("proto-kubectl", 1);
        var uid = JsonNode.Parse((await GetAsync(path + "/cm-000")).Body)!["metadata"]!["uid"]!.GetValue<string>();
        await CreateAsync("/api/v1/namespaces/proto-kubectl/events", $$$"""
            {"apiVersion":"v1","kind":"Event","metadata":{"name":"cm-000.1"},"type":"Normal","reason":"Checked","message":"looked at the config",
             "involvedObject":{"apiVersion":"v1","kind":"ConfigMap","name":"cm-000","namespace":"proto-kubectl","uid":"{{{uid}}}"},
             "source":{"component":"tester"},"count":1,"firstTimestamp":"2026-01-01T00:00:00Z","lastTimestamp":"2026-01-01T00:00:00Z"}
            """);
        var (code, stdout, stderr) = await server.KubectlAsync("describe configmap cm-000 -n proto-kubectl -v=8");
        code.ShouldBe(0, stderr);
        // kubectl's typed client asked for protobuf and read the EventList from it.
        stderr.ShouldContain("Accept: application/vnd.kubernetes.protobuf,application/json");
        stderr.ShouldContain("Content-Type: application/vnd.kubernetes.protobuf");
        stdout.ShouldContain("Checked");
        stdout.ShouldContain("looked at the config");
    }
}
