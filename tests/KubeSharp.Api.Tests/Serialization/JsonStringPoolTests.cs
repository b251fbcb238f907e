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
        // Same length, first and last 8 bytes: only the middle tells them apart (hash, tag and byte compare).
        var a = JsonStringPool.Get("aaaaaaaa-1-bbbbbbbb"u8);
        var b = JsonStringPool.Get("aaaaaaaa-2-bbbbbbbb"u8);
        var c = JsonStringPool.Get("aaaaaaaa-3-bbbbbbbb"u8);

        a.ShouldBe("aaaaaaaa-1-bbbbbbbb");
        b.ShouldBe("aaaaaaaa-2-bbbbbbbb");
        c.ShouldBe("aaaaaaaa-3-bbbbbbbb");
        JsonStringPool.Get("aaaaaaaa-3-bbbbbbbb"u8).ShouldBe("aaaaaaaa-3-bbbbbbbb");
        JsonStringPool.Get("aaaaaaaa-1-bbbbbbbb"u8).ShouldBe("aaaaaaaa-1-bbbbbbbb");
    }

    [Fact]
    public void Get_ManyValuesWithTheSameHeadAndTail_ArePooledApart()
    {
        // Same length, first and last 8 bytes, differing in the middle (host-like names): the hash covers every byte,
        // so these spread over the table instead of evicting one another from a single bucket.
        var values = Enumerable.Range(0, 64)
            .Select(i => "pool-test-" + i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture) + ".nodes.example")
            .ToArray();
        var first = values.Select(v => JsonStringPool.Get(Encoding.ASCII.GetBytes(v))).ToArray();

        var again = values.Select(v => JsonStringPool.Get(Encoding.ASCII.GetBytes(v))).ToArray();

        first.ShouldBe(values);
        // A hash of the head and tail alone would leave 2 of the 64 in the pool; a few may still share a bucket by
        // chance or be evicted by tests decoding in parallel.
        again.Count(v => first.Any(f => ReferenceEquals(f, v))).ShouldBeGreaterThanOrEqualTo(60);
    }

    [Fact]
    public void Get_PrefixesOfOneAnother_StayDistinct()
    {
        // The tag holds the length: a value and its prefixes never match one another's entries.
        var text = "pool-test-prefix-0123456789abcdef";
        var bytes = Encoding.ASCII.GetBytes(text);

        for (var round = 0; round < 2; round++)
        {
            for (var length = 1; length <= bytes.Length; length++)
            {
                JsonStringPool.Get(bytes.AsSpan(0, length)).ShouldBe(text[..length]);
            }
        }
    }

    [Fact]
    public void Get_NonAsciiByteAtAnyPosition_IsDecodedAsUtf8()
    {
        // The hash pass also detects non-ASCII bytes (which are never pooled): try a 2-byte character at every
        // position of values of every pooled length, after the ASCII version of the same value went into the pool.
        for (var length = 2; length <= JsonStringPool.MaxLength; length++)
        {
            for (var position = 0; position + 2 <= length; position++)
            {
                var ascii = new byte[length];
                ascii.AsSpan().Fill((byte)'q');
                JsonStringPool.Get(ascii);
                var utf8 = (byte[])ascii.Clone();
                utf8[position] = 0xC3;
                utf8[position + 1] = 0xA9;

                JsonStringPool.Get(utf8).ShouldBe(Encoding.UTF8.GetString(utf8));
            }
        }
    }

    [Fact]
    public void Hash_EveryByteCounts()
    {
        // Changing any single byte of a value of any pooled length changes the hash (and so, almost always, the bucket
        // or the tag): values differing anywhere do not compete for one bucket.
        for (var length = 1; length <= JsonStringPool.MaxLength; length++)
        {
            var bytes = new byte[length];
            for (var i = 0; i < length; i++)
            {
                bytes[i] = (byte)('a' + (i % 26));
            }
            var hash = JsonStringPool.Hash(bytes, out var ascii);
            ascii.ShouldBeTrue();
            for (var position = 0; position < length; position++)
            {
                var changed = (byte[])bytes.Clone();
                changed[position] = (byte)'0';
                JsonStringPool.Hash(changed, out _).ShouldNotBe(hash, $"length {length}, byte {position}");
                changed[position] = 0x80;
                JsonStringPool.Hash(changed, out ascii);
                ascii.ShouldBeFalse($"length {length}, byte {position}");
            }
        }
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
