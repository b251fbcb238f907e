using System.Text;
using System.Text.Json.Nodes;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Serialization;

namespace KubeSharp.Client.Tests.Unit;

/// <summary>The decode option that drops metadata.managedFields (upstream's informer transform that trims it).</summary>
public class SkipManagedFieldsTests
{
    // managedFields sits between other metadata fields, with nested objects, escapes and brackets inside strings.
    private const string PodJson = """
        {"kind":"Pod","apiVersion":"v1","metadata":{"name":"p","namespace":"ns","uid":"u-1","resourceVersion":"42",
        "creationTimestamp":"2026-01-02T03:04:05Z",
        "managedFields":[{"manager":"kubectl \"x\" ]}","operation":"Update","apiVersion":"v1","time":"2026-01-02T03:04:05Z","fieldsType":"FieldsV1",
          "fieldsV1":{"f:metadata":{"f:labels":{".":{},"f:app":{}}},"f:spec":{"f:containers":{"k:{\"name\":\"c\"}":{".":{},"f:image":{}}}}}},
          {"manager":"kube-scheduler","operation":"Update","apiVersion":"v1","time":"2026-01-02T03:04:06Z","fieldsType":"FieldsV1","subresource":"status",
          "fieldsV1":{"f:status":{"f:conditions":{".":{},"k:{\"type\":\"PodScheduled\"}":{}}}}}],
        "labels":{"app":"web"},"annotations":{"a":"[{\"b\"}]"},"ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs","uid":"r-1","controller":true}]},
        "spec":{"nodeName":"n1","containers":[{"name":"c","image":"nginx","resources":{"requests":{"cpu":"100m"}}}]},
        "status":{"phase":"Pending","conditions":[{"type":"PodScheduled","status":"True","lastTransitionTime":null}]}}
        """;

    private static byte[] Bytes(string json) => Encoding.UTF8.GetBytes(json);

    [Fact]
    public void Typed_SkipsManagedFields_AndReencodesEverythingElseByteIdentically()
    {
        var full = ObjectAdapter.For<Pod>().Decode(Bytes(PodJson));
        full.Metadata.ManagedFields.ShouldNotBeNull();
        full.Metadata.ManagedFields.Count.ShouldBe(2);

        var trimmedAdapter = ObjectAdapter.For<Pod>(skipManagedFields: true);
        trimmedAdapter.SkipsManagedFields.ShouldBeTrue();
        var trimmed = trimmedAdapter.Decode(Bytes(PodJson));

        trimmed.Metadata.ManagedFields.ShouldBeNull();
        full.Metadata.ManagedFields = null;
        Encoding.UTF8.GetString(trimmedAdapter.Encode(trimmed)).ShouldBe(Encoding.UTF8.GetString(ObjectAdapter.For<Pod>().Encode(full)));
        trimmed.Metadata.Labels!["app"].ShouldBe("web");
        trimmed.Metadata.Annotations!["a"].ShouldBe("[{\"b\"}]");
        trimmed.Spec.Containers![0].Image.ShouldBe("nginx");
    }

    [Fact]
    public void Typed_DecodesOnOneThread_ShareNoStateBetweenThem()
    {
        // The decode state is reused per thread: a trimmed decode, a failed one, a buffer and a span decode must not
        // leak their option, their position or their source into the next.
        var full = ObjectAdapter.For<Pod>();
        var trimmed = ObjectAdapter.For<Pod>(skipManagedFields: true);

        trimmed.Decode(Bytes(PodJson)).Metadata.ManagedFields.ShouldBeNull();
        Should.Throw<JsonDecodeException>(() => full.Decode(Bytes("""{"metadata":{"labels":{"a":1}}}""")))
            .Message.ShouldContain("ObjectMeta.metadata.labels");
        var fromBuffer = full.Decode(Bytes(PodJson));
        var fromSpan = full.Decode(Bytes(PodJson).AsSpan());

        fromBuffer.Metadata.ManagedFields!.Count.ShouldBe(2);
        fromSpan.Metadata.ManagedFields!.Count.ShouldBe(2);
        full.Encode(fromSpan).ShouldBe(full.Encode(fromBuffer));
        Should.Throw<JsonDecodeException>(() => full.Decode(Bytes("""{"spec":{"containers":[{"name":5}]}}""")))
            .Message.ShouldBe("json: cannot unmarshal number into Go struct field Container.spec.containers.name of type string");
    }

    [Fact]
    public void Typed_SpanAndBufferDecodes_KeepTheSameFieldsV1()
    {
        // The buffer overloads slice raw values from the source; the span overload re-parses them: same bytes.
        var adapter = ObjectAdapter.For<Pod>();
        var fromSpan = adapter.Decode(Bytes(PodJson).AsSpan());
        var fromBuffer = adapter.Decode(Bytes(PodJson));

        adapter.Encode(fromBuffer).ShouldBe(adapter.Encode(fromSpan));
        Encoding.UTF8.GetString(fromBuffer.Metadata.ManagedFields![0].FieldsV1!.Value.Raw!).ShouldContain("k:{\\\"name\\\":\\\"c\\\"}");
    }

    [Fact]
    public void Json_RemovesManagedFields_AndKeepsTheRest()
    {
        var full = ObjectAdapter.Json.Decode(Bytes(PodJson));
        var trimmed = ObjectAdapter.JsonWithoutManagedFields.Decode(Bytes(PodJson));

        trimmed["metadata"]!["managedFields"].ShouldBeNull();
        ((JsonObject)full["metadata"]!).Remove("managedFields").ShouldBeTrue();
        trimmed.ToJsonString().ShouldBe(full.ToJsonString());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Watch_TrimmedAdapter_DropsManagedFields_WhateverTheFieldOrder(bool typeFirst)
    {
        var compact = JsonNode.Parse(PodJson)!.ToJsonString();
        var evt = typeFirst ? $$"""{"type":"MODIFIED","object":{{compact}}}""" : $$"""{"object":{{compact}},"type":"MODIFIED"}""";
        var events = new List<WatchEvent<Pod>>();
        await foreach (var e in WatchDecoder.ReadAsync(new MemoryStream(Bytes(evt + "\n" + evt)), ObjectAdapter.For<Pod>(skipManagedFields: true)))
        {
            events.Add(e);
        }

        events.Count.ShouldBe(2);
        events.ShouldAllBe(e => e.Type == WatchEventType.Modified && e.Object.Metadata.ManagedFields == null && e.Object.Metadata.Labels!["app"] == "web");
        var expected = ObjectAdapter.For<Pod>().Decode(Bytes(PodJson));
        expected.Metadata.ManagedFields = null;
        ObjectAdapter.For<Pod>().Encode(events[1].Object).ShouldBe(ObjectAdapter.For<Pod>().Encode(expected));
    }

    [Fact]
    public void Context_WithoutTheFlag_StillReadsManagedFields()
    {
        var pod = KubeJson.Deserialize<Pod>(Bytes(PodJson));

        pod.Metadata.ManagedFields!.Select(m => m.Manager).ShouldBe(["kubectl \"x\" ]}", "kube-scheduler"]);
    }
}
