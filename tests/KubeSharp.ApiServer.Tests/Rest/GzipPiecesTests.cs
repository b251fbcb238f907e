using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using KubeSharp.ApiServer.Rest;

namespace KubeSharp.ApiServer.Tests.Rest;

public sealed class GzipPiecesTests
{
    private static byte[] Join(IEnumerable<DeflatePiece> pieces)
    {
        var output = new MemoryStream();
        output.Write(GzipPieces.Header);
        uint crc = 0;
        long length = 0;
        foreach (var piece in pieces)
        {
            output.Write(piece.Deflate);
            crc = GzipPieces.Combine(crc, piece.Crc, piece.Length);
            length += piece.Length;
        }
        output.Write(GzipPieces.FinalBlock);
        output.Write(GzipPieces.Trailer(crc, length));
        return output.ToArray();
    }

    private static byte[] Gunzip(byte[] body)
    {
        using var input = new GZipStream(new MemoryStream(body), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    /// <summary>The CRC-32 zlib writes into a gzip trailer for <paramref name="data"/>.</summary>
    private static uint ZlibCrc(byte[] data)
    {
        if (data.Length == 0)
        {
            return 0;
        }
        var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data);
        }
        return BinaryPrimitives.ReadUInt32LittleEndian(buffer.ToArray().AsSpan((int)buffer.Length - 8));
    }

    [Fact]
    public void PiecesCompressedSeparately_JoinIntoOneGzipMember()
    {
        var parts = Enumerable.Range(0, 40).Select(i => Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat($"{{\"item\":{i},\"pad\":\"abc\"}},", 100 + i * 7)))).ToList();
        parts.Add([]);
        parts.Add("]}"u8.ToArray());
        var pieces = parts.Select((p, i) => GzipPieces.Compress(p, level: i % 2 == 0 ? 1 : 6)).ToList();

        var joined = Join(pieces);
        var expected = parts.SelectMany(p => p).ToArray();
        // GZipStream checks the trailer's CRC-32 and length.
        Gunzip(joined).ShouldBe(expected);
        BinaryPrimitives.ReadUInt32LittleEndian(joined.AsSpan(joined.Length - 8)).ShouldBe(ZlibCrc(expected));
    }

    [Fact]
    public void Compress_OfSeveralParts_IsTheirConcatenation()
    {
        ReadOnlyMemory<byte>[] parts = ["{\"a\":1}"u8.ToArray(), ","u8.ToArray(), "{\"b\":2}"u8.ToArray()];
        var piece = GzipPieces.Compress(parts);
        piece.Length.ShouldBe(15);
        piece.Crc.ShouldBe(ZlibCrc("{\"a\":1},{\"b\":2}"u8.ToArray()));
        Encoding.UTF8.GetString(Gunzip(Join([piece]))).ShouldBe("{\"a\":1},{\"b\":2}");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4095)]
    [InlineData(100_003)]
    public void Combine_MatchesTheCrcOfTheConcatenation(int lengthB)
    {
        var random = new Random(lengthB);
        var a = new byte[777];
        var b = new byte[lengthB];
        random.NextBytes(a);
        random.NextBytes(b);
        GzipPieces.Combine(ZlibCrc(a), ZlibCrc(b), b.Length).ShouldBe(ZlibCrc([.. a, .. b]));
    }
}
