using System.Text;
using System.Text.Json.Nodes;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Serialization;

namespace KubeSharp.Client.Tests.Unit;

public class WatchDecoderTests
{
    /// <summary>A stream that hands out at most <paramref name="chunk"/> bytes per read (events split anywhere).</summary>
    private sealed class TricklingStream(byte[] data, int chunk) : Stream
    {
        private int _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => data.Length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(count, chunk), data.Length - _position);
            Array.Copy(data, _position, buffer, offset, n);
            _position += n;
            return n;
        }
    }

    private static async Task<List<WatchEvent<T>>> ReadAllAsync<T>(string body, ObjectAdapter<T> adapter, int chunk = 3)
        where T : class
    {
        var events = new List<WatchEvent<T>>();
        await foreach (var evt in WatchDecoder.ReadAsync(new TricklingStream(Encoding.UTF8.GetBytes(body), chunk), adapter))
        {
            events.Add(evt);
        }
        return events;
    }

    private const string Events = """
        {"type":"ADDED","object":{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"a","namespace":"ns","resourceVersion":"5"},"data":{"k":"has } and { and \" inside"}}}
        {"type":"MODIFIED","object":{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"a","namespace":"ns","resourceVersion":"6"},"data":{"k":"[\\\"]"}}}
        {"type":"BOOKMARK","object":{"kind":"ConfigMap","apiVersion":"v1","metadata":{"resourceVersion":"9","annotations":{"k8s.io/initial-events-end":"true"}}}}{"object":{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"a","namespace":"ns","resourceVersion":"10"}},"type":"DELETED"}
        """;

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4096)]
    public async Task TypedEvents_SplitAnywhere_AreDecodedInOrder(int chunk)
    {
        var events = await ReadAllAsync(Events, ObjectAdapter.For<ConfigMap>(), chunk);

        events.Select(e => e.Type).ShouldBe([WatchEventType.Added, WatchEventType.Modified, WatchEventType.Bookmark, WatchEventType.Deleted]);
        events[0].Object.Data!["k"].ShouldBe("has } and { and \" inside");
        events[1].Object.Data!["k"].ShouldBe("[\\\"]");
        events[2].Object.Metadata.ResourceVersion.ShouldBe("9");
        events[2].Object.Metadata.Annotations!["k8s.io/initial-events-end"].ShouldBe("true");
        events[3].Object.Metadata.ResourceVersion.ShouldBe("10");
    }

    [Fact]
    public async Task JsonObjects_ForTheDynamicClient()
    {
        var events = await ReadAllAsync(Events, ObjectAdapter.Json);

        events.Count.ShouldBe(4);
        ObjectAdapter.Json.GetName(events[0].Object).ShouldBe("a");
        ObjectAdapter.Json.GetResourceVersion(events[3].Object).ShouldBe("10");
    }

    [Fact]
    public async Task EventWithoutANewline_IsDeliveredWithoutWaitingForTheNextOne()
    {
        // A server or proxy that does not end events with a newline: the stream stays open after the event.
        var pipe = new System.IO.Pipelines.Pipe();
        await pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes("""{"type":"ADDED","object":{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"a","resourceVersion":"5"}}}"""));
        await using var events = WatchDecoder.ReadAsync(pipe.Reader.AsStream(), ObjectAdapter.For<ConfigMap>()).GetAsyncEnumerator();

        var first = events.MoveNextAsync().AsTask();
        (await Task.WhenAny(first, Task.Delay(TimeSpan.FromSeconds(30)))).ShouldBe(first, "the event was held back until more data");
        (await first).ShouldBeTrue();
        events.Current.Object.Metadata.ResourceVersion.ShouldBe("5");

        await pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes("""{"type":"MODIFIED","object":{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"a","resourceVersion":"6"}}}"""));
        (await events.MoveNextAsync()).ShouldBeTrue();
        events.Current.Object.Metadata.ResourceVersion.ShouldBe("6");
        await pipe.Writer.CompleteAsync();
        (await events.MoveNextAsync()).ShouldBeFalse();
    }

    [Fact]
    public async Task ErrorEvent_WithGoneStatus_ThrowsAfterTheEarlierEvents()
    {
        var body = """
            {"type":"ADDED","object":{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"a","resourceVersion":"5"}}}
            {"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: 1 (5)","reason":"Expired","code":410}}
            """;
        var seen = new List<WatchEvent<ConfigMap>>();

        var error = await Should.ThrowAsync<KubeApiException>(async () =>
        {
            await foreach (var evt in WatchDecoder.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(body)), ObjectAdapter.For<ConfigMap>()))
            {
                seen.Add(evt);
            }
        });

        seen.Count.ShouldBe(1);
        error.IsGone.ShouldBeTrue();
        error.Reason.ShouldBe("Expired");
        error.Message.ShouldBe("too old resource version: 1 (5)");
    }

    [Fact]
    public async Task StreamEndingInsideAnEvent_IsAnError_ButTrailingWhitespaceIsNot()
    {
        await Should.ThrowAsync<JsonDecodeException>(() => ReadAllAsync("""{"type":"ADDED","object":{"metadata":""", ObjectAdapter.Json));
        (await ReadAllAsync("\n  \n", ObjectAdapter.Json)).ShouldBeEmpty();
    }

    [Fact]
    public async Task UnknownEventType_IsAnError()
        => await Should.ThrowAsync<JsonDecodeException>(() => ReadAllAsync("""{"type":"SURPRISE","object":{}}""", ObjectAdapter.Json));

    [Fact]
    public async Task EventLargerThanTheBuffer_IsDecoded()
    {
        var big = new string('x', 300_000);
        var body = "{\"type\":\"ADDED\",\"object\":{\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"big\"},\"data\":{\"k\":\"" + big + "\"}}}{\"type\":\"DELETED\",\"object\":{\"metadata\":{\"name\":\"small\"}}}";

        var events = await ReadAllAsync(body, ObjectAdapter.For<ConfigMap>(), chunk: 70_000);

        events[0].Object.Data!["k"].Length.ShouldBe(300_000);
        events[1].Object.Metadata.Name.ShouldBe("small");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public async Task IndentedEvents_AfterOnePerLine_AreDecoded(int chunk)
    {
        // One event per line (what API servers write), CRLF and blank lines, then an event spread over several lines
        // (its first line is not a whole event), then one per line again.
        var body = "{\"type\":\"ADDED\",\"object\":{\"metadata\":{\"name\":\"a\",\"resourceVersion\":\"1\"}}}\r\n\r\n"
            + "{\"type\":\"MODIFIED\",\"object\":{\"metadata\":{\"name\":\"a\",\"resourceVersion\":\"2\"},\"data\":{\"k\":\"line\\nbreak }\"}}}\n"
            + "{\n  \"type\": \"MODIFIED\",\n  \"object\": {\n    \"metadata\": {\"name\": \"a\", \"resourceVersion\": \"3\"}\n  }\n}\n"
            + "{\"type\":\"DELETED\",\"object\":{\"metadata\":{\"name\":\"a\",\"resourceVersion\":\"4\"}}}\n";

        var events = await ReadAllAsync(body, ObjectAdapter.For<ConfigMap>(), chunk);

        events.Select(e => e.Type).ShouldBe([WatchEventType.Added, WatchEventType.Modified, WatchEventType.Modified, WatchEventType.Deleted]);
        events.Select(e => e.Object.Metadata.ResourceVersion).ShouldBe(["1", "2", "3", "4"]);
        events[1].Object.Data!["k"].ShouldBe("line\nbreak }");
    }

    [Fact]
    public async Task MalformedEventOnItsOwnLine_IsAnError_AfterTheEarlierEvents()
    {
        var body = "{\"type\":\"ADDED\",\"object\":{\"metadata\":{\"name\":\"a\"}}}\n{\"type\":\"ADDED\",\"object\":{\"metadata\":{\"name\":}}}\n";
        var seen = new List<WatchEvent<ConfigMap>>();

        await Should.ThrowAsync<JsonDecodeException>(async () =>
        {
            await foreach (var evt in WatchDecoder.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(body)), ObjectAdapter.For<ConfigMap>()))
            {
                seen.Add(evt);
            }
        });

        seen.Count.ShouldBe(1);
        await Should.ThrowAsync<JsonDecodeException>(() => ReadAllAsync("not json\n", ObjectAdapter.Json));
    }

    [Fact]
    public void JsonAdapter_ReadsMetadata_AndCopiesDeeply()
    {
        var obj = JsonNode.Parse("""{"metadata":{"name":"n","namespace":"ns","uid":"u","resourceVersion":"3","labels":{"a":"b"}}}""")!.AsObject();
        var adapter = ObjectAdapter.Json;

        adapter.KeyOf(obj).ShouldBe("ns/n");
        adapter.GetUid(obj).ShouldBe("u");
        adapter.GetLabels(obj)!["a"].ShouldBe("b");
        var copy = adapter.DeepCopy(obj);
        copy["metadata"]!["name"] = "changed";
        adapter.GetName(obj).ShouldBe("n");
    }
}
