using System.Text;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Serialization;

namespace KubeSharp.Api.Tests.Serialization;

public class JsonStringPoolTests
{
    [Fact]
    public void Get_SameBytesTwice_ReturnsTheSameInstance()
    {
        var first = JsonStringPool.Get("pool-test-namespace-1"u8);
        var second = JsonStringPool.Get("pool-test-namespace-1"u8);

        first.ShouldBe("pool-test-namespace-1");
        second.ShouldBeSameAs(first);
    }

    [Fact]
    public void Get_CharsAndBytes_ShareTheEntry()
    {
        var fromBytes = JsonStringPool.Get("pool-test-250m"u8);

        JsonStringPool.Get("pool-test-250m".AsSpan()).ShouldBeSameAs(fromBytes);
    }

    [Fact]
    public void Get_ValuesDifferingOnlyInTheMiddle_StayDistinct()
    {
        // Same length, first and last 8 bytes: the same bucket; the byte compare tells them apart.
        var a = JsonStringPool.Get("aaaaaaaa-1-bbbbbbbb"u8);
        var b = JsonStringPool.Get("aaaaaaaa-2-bbbbbbbb"u8);
        var c = JsonStringPool.Get("aaaaaaaa-3-bbbbbbbb"u8);

        a.ShouldBe("aaaaaaaa-1-bbbbbbbb");
        b.ShouldBe("aaaaaaaa-2-bbbbbbbb");
        c.ShouldBe("aaaaaaaa-3-bbbbbbbb");
        JsonStringPool.Get("aaaaaaaa-3-bbbbbbbb"u8).ShouldBe("aaaaaaaa-3-bbbbbbbb");
        JsonStringPool.Get("aaaaaaaa-1-bbbbbbbb"u8).ShouldBe("aaaaaaaa-1-bbbbbbbb");
    }

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("True")]
    [InlineData("exactly8")]
    [InlineData("nine char")]
    [InlineData("h\u00e9llo w\u00f6rld")]
    [InlineData("\u65e5\u672c\u8a9e\u306e\u30e9\u30d9\u30eb")]
    public void Get_DecodesAnyUtf8(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);

        JsonStringPool.Get(bytes).ShouldBe(text);
        JsonStringPool.Get(bytes).ShouldBe(text);
        JsonStringPool.Get(text.AsSpan()).ShouldBe(text);
    }

    [Fact]
    public void Get_LongValue_IsDecodedButNotPooled()
    {
        var text = new string('x', JsonStringPool.MaxLength + 1);
        var bytes = Encoding.UTF8.GetBytes(text);

        var first = JsonStringPool.Get(bytes);
        var second = JsonStringPool.Get(bytes);

        first.ShouldBe(text);
        second.ShouldBe(text);
        second.ShouldNotBeSameAs(first);
    }

    [Fact]
    public void Get_ConcurrentDecoders_AlwaysGetTheirOwnValue()
    {
        // Many threads fill the same buckets with different values at once: every answer must still be right.
        var failures = 0;
        Parallel.For(0, 8, worker =>
        {
            Span<byte> buffer = stackalloc byte[32];
            for (var i = 0; i < 20_000; i++)
            {
                var text = "node-" + ((i * 7 + worker) % 3000).ToString(System.Globalization.CultureInfo.InvariantCulture);
                var length = Encoding.ASCII.GetBytes(text, buffer);
                if (JsonStringPool.Get(buffer[..length]) != text)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        });

        failures.ShouldBe(0);
    }

    [Fact]
    public void Decode_RepeatedValuesAcrossObjects_ShareInstancesAndKeepEscapes()
    {
        var json = """
            {"metadata":{"name":"p1","namespace":"pool-test-ns","labels":{"app":"w\u0065b","tier":"pool-test-frontend"}},
             "status":{"conditions":[{"type":"Ready","status":"True"},{"type":"PodScheduled","status":"True"}]}}
            """u8.ToArray();

        var first = KubeJson.Deserialize<Pod>(json);
        var second = KubeJson.Deserialize<Pod>(json);

        second.Metadata.Namespace.ShouldBe("pool-test-ns");
        second.Metadata.Namespace.ShouldBeSameAs(first.Metadata.Namespace);
        second.Metadata.Labels!["tier"].ShouldBeSameAs(first.Metadata.Labels!["tier"]);
        second.Metadata.Labels.Keys.Single(k => k == "tier").ShouldBeSameAs(first.Metadata.Labels.Keys.Single(k => k == "tier"));
        second.Metadata.Labels["app"].ShouldBe("web");
        second.Status.Conditions![0].Status.ShouldBeSameAs(second.Status.Conditions[1].Status);
    }
}
