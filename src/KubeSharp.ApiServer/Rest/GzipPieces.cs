using System.Buffers.Binary;
using System.IO.Compression;

namespace KubeSharp.ApiServer.Rest;

/// <summary>
/// One piece of a gzip body: raw deflate data that starts a fresh block (it refers to nothing before it) and ends
/// byte-aligned on a sync flush (not final), with the CRC-32 and length of the bytes it inflates to. Pieces
/// concatenate into one deflate stream, so a list's items can be compressed once, cached, and joined for every
/// list that sends them.
/// </summary>
public sealed record DeflatePiece(byte[] Deflate, uint Crc, long Length);

/// <summary>Builds gzip bodies (RFC 1952, one member) out of <see cref="DeflatePiece"/>s.</summary>
public static class GzipPieces
{
    /// <summary>Upstream's level (defaultGzipContentEncodingLevel = 1: least CPU, ratio within 1.1-1.3x of higher levels).</summary>
    public const int DefaultLevel = 1;

    /// <summary>The member header: magic, CM=deflate, no flags, no mtime, XFL 0, OS unknown (255, as Go writes it).</summary>
    public static ReadOnlySpan<byte> Header => [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255];

    /// <summary>An empty final block (fixed Huffman: BFINAL=1, BTYPE=01, end-of-block).</summary>
    public static ReadOnlySpan<byte> FinalBlock => [0x03, 0x00];

    /// <summary>The piece of no bytes: no deflate data at all (CRC-32 of nothing is 0).</summary>
    public static DeflatePiece Empty { get; } = new([], 0, 0);

    /// <summary>Compresses the concatenation of <paramref name="parts"/> into one piece.</summary>
    public static DeflatePiece Compress(IEnumerable<ReadOnlyMemory<byte>> parts, int level = DefaultLevel)
    {
        ArgumentNullException.ThrowIfNull(parts);
        long length = 0;
        foreach (var part in parts)
        {
            length += part.Length;
        }
        if (length == 0)
        {
            return Empty;
        }
        using var buffer = new MemoryStream();
        long flushed;
        // GZipStream (zlib) computes the CRC at native speed: its trailer is read back below.
        using (var gzip = new GZipStream(buffer, new ZLibCompressionOptions { CompressionLevel = level }, leaveOpen: true))
        {
            foreach (var part in parts)
            {
                gzip.Write(part.Span);
            }
            // A sync flush: the data so far ends at a byte boundary with an empty stored block, not a final one.
            gzip.Flush();
            flushed = buffer.Length;
        }
        var all = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        if (all.Length < Header.Length + 8 || all[3] != 0)
        {
            throw new InvalidOperationException("unexpected gzip header from zlib");
        }
        var crc = BinaryPrimitives.ReadUInt32LittleEndian(all[^8..]);
        return new DeflatePiece(all[Header.Length..(int)flushed].ToArray(), crc, length);
    }

    /// <summary>Compresses one buffer into a piece.</summary>
    public static DeflatePiece Compress(ReadOnlyMemory<byte> data, int level = DefaultLevel) => Compress([data], level);

    /// <summary>The gzip trailer: CRC-32 and the length modulo 2^32, little-endian.</summary>
    public static byte[] Trailer(uint crc, long length)
    {
        var trailer = new byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(trailer, crc);
        BinaryPrimitives.WriteUInt32LittleEndian(trailer.AsSpan(4), unchecked((uint)length));
        return trailer;
    }

    // ---- CRC-32 (IEEE, reflected) of a concatenation from the CRCs of its parts ----

    private const uint Polynomial = 0xEDB88320;

    /// <summary>x^(2^k) mod P for k = 0..31.</summary>
    private static readonly uint[] PowersOfX = BuildPowers();

    private static uint[] BuildPowers()
    {
        var table = new uint[32];
        var p = 1u << 30; // x^1
        table[0] = p;
        for (var k = 1; k < table.Length; k++)
        {
            table[k] = p = MultiplyModP(p, p);
        }
        return table;
    }

    /// <summary>a(x) * b(x) mod P(x) in the reflected bit order CRC-32 uses.</summary>
    private static uint MultiplyModP(uint a, uint b)
    {
        var m = 1u << 31;
        var product = 0u;
        while (true)
        {
            if ((a & m) != 0)
            {
                product ^= b;
                if ((a & (m - 1)) == 0)
                {
                    break;
                }
            }
            m >>= 1;
            b = (b & 1) != 0 ? (b >> 1) ^ Polynomial : b >> 1;
        }
        return product;
    }

    /// <summary>x^(8 * <paramref name="bytes"/>) mod P: the operator that shifts a CRC past that many bytes.</summary>
    public static uint ShiftOperator(long bytes)
    {
        var p = 1u << 31; // x^0
        var k = 3;
        for (var n = bytes; n != 0; n >>= 1, k++)
        {
            if ((n & 1) != 0)
            {
                p = MultiplyModP(PowersOfX[k & 31], p);
            }
        }
        return p;
    }

    /// <summary>The CRC-32 of A followed by B, from crc(A), crc(B) and B's length.</summary>
    public static uint Combine(uint crcA, uint crcB, long lengthB) => MultiplyModP(ShiftOperator(lengthB), crcA) ^ crcB;
}
