using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;

namespace KubeSharp.Storage;

/// <summary>
/// A value to write whose bytes lie in one array around a gap: <c>Array[..GapStart]</c> followed by
/// <c>Array[(GapStart + GapLength)..]</c>. The gap is not part of the value: its owner may fill it at any time (the
/// value's own bytes never change), so one array can hold the stored form of some data and, once the gap is filled,
/// another form of it. The API server stores an object without its resourceVersion and writes the revision the store
/// assigned into the gap, which makes the same array the object's JSON: one array per write instead of two.
/// </summary>
/// <remarks>Pass <see cref="Value"/> to a write. Engines that know this type copy the two parts straight from the
/// array; anything else that reads the memory (its <see cref="ReadOnlyMemory{T}.Span"/>) gets a contiguous copy, made
/// on first use and then kept, so the value reads the same everywhere.</remarks>
public sealed class GappedValue : MemoryManager<byte>
{
    private byte[]? _contiguous;

    public GappedValue(byte[] array, int gapStart, int gapLength)
    {
        ArgumentNullException.ThrowIfNull(array);
        ArgumentOutOfRangeException.ThrowIfNegative(gapStart);
        ArgumentOutOfRangeException.ThrowIfNegative(gapLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan((long)gapStart + gapLength, array.Length);
        Array = array;
        GapStart = gapStart;
        GapLength = gapLength;
    }

    /// <summary>The array holding the value around the gap.</summary>
    public byte[] Array { get; }

    /// <summary>Where the gap starts (the length of <see cref="Head"/>).</summary>
    public int GapStart { get; }

    public int GapLength { get; }

    /// <summary>The value's length (the array without the gap).</summary>
    public int Length => Array.Length - GapLength;

    /// <summary>The value's bytes before the gap.</summary>
    public ReadOnlySpan<byte> Head => Array.AsSpan(0, GapStart);

    /// <summary>The value's bytes after the gap.</summary>
    public ReadOnlySpan<byte> Tail => Array.AsSpan(GapStart + GapLength);

    /// <summary>The value as memory to hand to a write.</summary>
    public ReadOnlyMemory<byte> Value => CreateMemory(Length);

    /// <summary>The gapped value <paramref name="memory"/> is, whole; false for any other memory.</summary>
    public static bool TryGet(ReadOnlyMemory<byte> memory, [NotNullWhen(true)] out GappedValue? value)
    {
        if (MemoryMarshal.TryGetMemoryManager(memory, out value, out var start, out var length) && start == 0 && length == value.Length)
        {
            return true;
        }
        value = null;
        return false;
    }

    /// <summary>Copies the value (head then tail) to <paramref name="destination"/>.</summary>
    public void CopyTo(Span<byte> destination)
    {
        Head.CopyTo(destination);
        Tail.CopyTo(destination[GapStart..]);
    }

    /// <summary>Whether <paramref name="other"/> holds exactly the value's bytes.</summary>
    public bool ValueEquals(ReadOnlySpan<byte> other)
        => other.Length == Length && other[..GapStart].SequenceEqual(Head) && other[GapStart..].SequenceEqual(Tail);

    /// <summary>A contiguous copy of the value, made once.</summary>
    public override Span<byte> GetSpan() => Contiguous();

    public override MemoryHandle Pin(int elementIndex = 0) => Contiguous().AsMemory(elementIndex).Pin();

    private byte[] Contiguous()
    {
        var contiguous = Volatile.Read(ref _contiguous);
        if (contiguous is null)
        {
            contiguous = new byte[Length];
            CopyTo(contiguous);
            contiguous = Interlocked.CompareExchange(ref _contiguous, contiguous, null) ?? contiguous;
        }
        return contiguous;
    }

    public override void Unpin()
    {
        // The pinned array's handle is released by the MemoryHandle Pin returned.
    }

    protected override void Dispose(bool disposing)
    {
        // Nothing to release: the arrays are managed.
    }
}
