using System.Numerics;
using System.Security.Cryptography;

namespace KubeSharp.ApiServer.Services;

/// <summary>
/// Upstream's allocation bitmap: one bit per offset in <c>[0, Size)</c>. Dynamic allocation picks a random free
/// offset, preferring the upper band <c>[Offset, Size)</c> so the lower band stays free for explicitly requested
/// values (upstream's static-subrange rule). Snapshots are upstream's encoding: the big-endian bytes of the integer
/// whose bit <c>i</c> is offset <c>i</c>. Not thread-safe: callers own an instance while they use it.
/// </summary>
public sealed class AllocationBitmap
{
    private readonly ulong[] _words;

    public AllocationBitmap(int size, int offset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        Size = size;
        Offset = offset is > 0 && offset < size ? offset : 0;
        _words = new ulong[(size + 63) / 64];
    }

    /// <summary>How many values the bitmap holds.</summary>
    public int Size { get; }

    /// <summary>Where the dynamic (preferred) band starts.</summary>
    public int Offset { get; }

    /// <summary>How many values are allocated.</summary>
    public int Count { get; private set; }

    public int Free => Size - Count;

    public bool Has(int offset) => offset >= 0 && offset < Size && (_words[offset >> 6] & (1UL << (offset & 63))) != 0;

    /// <summary>Marks <paramref name="offset"/>; false when it was already marked.</summary>
    public bool Allocate(int offset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(offset, Size);
        if (Has(offset))
        {
            return false;
        }
        _words[offset >> 6] |= 1UL << (offset & 63);
        Count++;
        return true;
    }

    /// <summary>Marks a random free offset, from the upper band first; null when full.</summary>
    public int? AllocateNext()
    {
        if (Count >= Size)
        {
            return null;
        }
        var found = RandomFree(Offset, Size) ?? RandomFree(0, Offset);
        if (found is { } offset)
        {
            Allocate(offset);
        }
        return found;
    }

    /// <summary>Clears <paramref name="offset"/> (no-op when not marked or out of range).</summary>
    public void Release(int offset)
    {
        if (Has(offset))
        {
            _words[offset >> 6] &= ~(1UL << (offset & 63));
            Count--;
        }
    }

    /// <summary>Every marked offset, in order.</summary>
    public IEnumerable<int> Allocated()
    {
        for (var i = 0; i < Size; i++)
        {
            if (Has(i))
            {
                yield return i;
            }
        }
    }

    /// <summary>Upstream's snapshot bytes (big-endian, no leading zeros; empty when nothing is marked).</summary>
    public byte[] Snapshot()
    {
        var bytes = new byte[_words.Length * 8];
        for (var i = 0; i < _words.Length; i++)
        {
            BitConverter.TryWriteBytes(bytes.AsSpan(i * 8), _words[i]);
            if (!BitConverter.IsLittleEndian)
            {
                bytes.AsSpan(i * 8, 8).Reverse();
            }
        }
        var value = new BigInteger(bytes, isUnsigned: true, isBigEndian: false);
        return value.IsZero ? [] : value.ToByteArray(isUnsigned: true, isBigEndian: true);
    }

    /// <summary>Replaces the contents with a snapshot; bits beyond <see cref="Size"/> are dropped.</summary>
    public void Restore(ReadOnlySpan<byte> snapshot)
    {
        Array.Clear(_words);
        Count = 0;
        var value = new BigInteger(snapshot, isUnsigned: true, isBigEndian: true);
        var little = value.ToByteArray(isUnsigned: true, isBigEndian: false);
        for (var bit = 0; bit < Math.Min(Size, little.Length * 8); bit++)
        {
            if ((little[bit >> 3] & (1 << (bit & 7))) != 0)
            {
                Allocate(bit);
            }
        }
    }

    private int? RandomFree(int start, int end)
    {
        var length = end - start;
        if (length <= 0)
        {
            return null;
        }
        // Upstream's random scan: start anywhere in the band and walk it once, wrapping around.
        var first = RandomNumberGenerator.GetInt32(length);
        for (var i = 0; i < length; i++)
        {
            var offset = start + ((first + i) % length);
            if (!Has(offset))
            {
                return offset;
            }
        }
        return null;
    }
}
