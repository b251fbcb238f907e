using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace KubeSharp.Api.Serialization;

/// <summary>
/// A process-wide, bounded cache of short decoded strings, looked up by their UTF-8 bytes without allocating: the JSON
/// readers return the same <see cref="string"/> instance for the values every object repeats (namespaces, label keys
/// and values, image names, <c>"True"</c>, condition types and reasons, node names) and for the ones a client decodes
/// several times (each informer and the API server decode the same pod's name, uid and resourceVersion).
/// </summary>
/// <remarks>
/// Like Roslyn's shared string table: a fixed array of buckets of <see cref="Ways"/> entries indexed by a hash of all
/// the bytes. Each entry keeps, beside the string reference, a tag (the length and 24 other bits of the hash), so a
/// lookup compares the string's characters only when the tag matches: a miss touches the bucket's cache line and
/// no string, a hit the bucket and the one string it returns (the table and most strings are not in the CPU cache
/// when an object arrives). A miss allocates the string (as decoding did anyway) and puts it at the front of its
/// bucket, moving the others one place back and dropping the last. Only ASCII values of at most
/// <see cref="MaxLength"/> bytes are pooled. Entries are written without a lock by concurrent decoders: a reader may
/// see a tag and a reference from different writes, which only costs a compare, because the characters of the string
/// are always compared before it is returned; a lost or duplicated insertion only costs a later miss. Strings are
/// immutable, so sharing an instance between objects is invisible to callers. The table holds at most
/// <see cref="Capacity"/> strings (about 1 MB for typical 20-character values).
/// </remarks>
public static class JsonStringPool
{
    /// <summary>The longest value (in bytes) that is pooled; longer values are always allocated.</summary>
    public const int MaxLength = 128;

    /// <summary>The number of entries.</summary>
    public const int Capacity = 1 << 14;

    /// <summary>The entries per bucket.</summary>
    /// <remarks>Two: a bucket is 32 bytes, within one cache line when the array happens to be aligned and across two at
    /// worst; four-entry buckets (64 bytes, always across two lines unless aligned) measured slower.</remarks>
    private const int Ways = 2;

    private const int BucketBits = 13;

    private static readonly Entry[] Entries = new Entry[Capacity];

    /// <summary>The string the reader's current string token (or property name) holds, unescaped.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static string GetString(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped || reader.HasValueSequence)
        {
            return reader.GetString()!;
        }
        return Get(reader.ValueSpan);
    }

    /// <summary>The string for <paramref name="utf8"/>: the pooled instance when there is one.</summary>
    public static string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxLength)
        {
            return Encoding.UTF8.GetString(utf8);
        }
        if (utf8.IsEmpty)
        {
            return "";
        }
        var hash = Hash(utf8, out var ascii);
        if (!ascii)
        {
            return Encoding.UTF8.GetString(utf8);
        }
        // The tag: the length (1 to 128) in the low byte, never 0 for a used entry, and hash bits the index does not use.
        var tag = ((uint)hash & 0xFFFFFF00u) | (uint)utf8.Length;
        var start = (int)(hash >> (64 - BucketBits)) * Ways;
        ref var entry = ref MemoryMarshal.GetArrayDataReference(Entries);
        entry = ref Unsafe.Add(ref entry, start);
        for (var i = 0; i < Ways; i++)
        {
            ref var candidate = ref Unsafe.Add(ref entry, i);
            if (candidate.Tag == tag && candidate.Value is { } value && Ascii.Equals(utf8, value))
            {
                return value;
            }
        }
        var created = Encoding.Latin1.GetString(utf8);
        for (var i = Ways - 1; i > 0; i--)
        {
            ref var to = ref Unsafe.Add(ref entry, i);
            ref var from = ref Unsafe.Add(ref entry, i - 1);
            to.Value = from.Value;
            to.Tag = from.Tag;
        }
        entry.Value = created;
        entry.Tag = tag;
        return created;
    }

    /// <summary>The string for the ASCII or UTF-16 text <paramref name="chars"/>: the pooled instance when there is one.</summary>
    public static string Get(ReadOnlySpan<char> chars)
    {
        if (chars.Length > MaxLength || !Ascii.IsValid(chars))
        {
            return chars.ToString();
        }
        Span<byte> bytes = stackalloc byte[chars.Length];
        Ascii.FromUtf16(chars, bytes, out _);
        return Get(bytes);
    }

    /// <summary>A 64-bit hash of all of <paramref name="utf8"/> (1 to <see cref="MaxLength"/> bytes), computed 8 bytes
    /// at a time, and whether every byte is ASCII (the same pass).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong Hash(ReadOnlySpan<byte> utf8, out bool ascii)
    {
        const ulong K1 = 0x9E3779B97F4A7C15UL;
        const ulong K2 = 0xC2B2AE3D27D4EB4FUL;
        ref var start = ref MemoryMarshal.GetReference(utf8);
        var length = utf8.Length;
        ulong h = (ulong)length * K2;
        ulong bits;
        if (length >= 8)
        {
            bits = 0;
            var i = 0;
            for (; i + 8 < length; i += 8)
            {
                var word = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, i));
                bits |= word;
                h = BitOperations.RotateLeft((h ^ word) * K1, 29);
            }
            var last = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, length - 8));
            bits |= last;
            h = (h ^ last) * K1;
        }
        else if (length >= 4)
        {
            bits = ((ulong)Unsafe.ReadUnaligned<uint>(ref start) << 32) | Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref start, length - 4));
            h = (h ^ bits) * K1;
        }
        else
        {
            bits = start | ((ulong)Unsafe.Add(ref start, length >> 1) << 8) | ((ulong)Unsafe.Add(ref start, length - 1) << 16);
            h = (h ^ bits) * K1;
        }
        ascii = (bits & 0x8080808080808080UL) == 0;
        h ^= h >> 32;
        h *= K2;
        h ^= h >> 29;
        return h;
    }

    private struct Entry
    {
        public string? Value;
        public uint Tag;
    }
}
