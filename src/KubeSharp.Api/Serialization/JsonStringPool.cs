using System.Buffers.Binary;
using System.Runtime.CompilerServices;
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
/// Like Roslyn's shared string table: a fixed array of 2-entry buckets indexed by a hash of the bytes; a hit is a
/// length check plus a vectorized ASCII compare, a miss allocates the string (as decoding did anyway) and puts it at
/// the front of its bucket, moving the previous front entry to the second place. Only ASCII values of at most
/// <see cref="MaxLength"/> bytes are pooled. Entries are plain string references written atomically, so concurrent
/// decoders need no lock: a lost or duplicated insertion only costs a later miss. Strings are immutable, so sharing an
/// instance between objects is invisible to callers. The table holds at most <see cref="Capacity"/> strings (about
/// 1 MB for typical 20-character values).
/// </remarks>
public static class JsonStringPool
{
    /// <summary>The longest value (in bytes) that is pooled; longer values are always allocated.</summary>
    public const int MaxLength = 128;

    /// <summary>The number of entries.</summary>
    public const int Capacity = 1 << 14;

    private static readonly string?[] Entries = new string?[Capacity];

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
        var bucket = Bucket(utf8);
        var entries = Entries;
        var first = entries[bucket];
        if (first is not null && first.Length == utf8.Length && Ascii.Equals(utf8, first))
        {
            return first;
        }
        var second = entries[bucket + 1];
        if (second is not null && second.Length == utf8.Length && Ascii.Equals(utf8, second))
        {
            return second;
        }
        if (!Ascii.IsValid(utf8))
        {
            return Encoding.UTF8.GetString(utf8);
        }
        var value = Encoding.ASCII.GetString(utf8);
        Volatile.Write(ref entries[bucket + 1], first);
        Volatile.Write(ref entries[bucket], value);
        return value;
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

    /// <summary>The even index of the bucket for <paramref name="utf8"/> (1 to <see cref="MaxLength"/> bytes): a hash of
    /// the length and the first and last 8 bytes, which is where short Kubernetes values differ (name suffixes,
    /// counters, uids).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Bucket(ReadOnlySpan<byte> utf8)
    {
        ulong head;
        ulong tail;
        if (utf8.Length >= 8)
        {
            head = BinaryPrimitives.ReadUInt64LittleEndian(utf8);
            tail = BinaryPrimitives.ReadUInt64LittleEndian(utf8[^8..]);
        }
        else
        {
            head = 0;
            foreach (var b in utf8)
            {
                head = (head << 8) | b;
            }
            tail = 0;
        }
        var h = ((head * 0x9E3779B97F4A7C15UL) ^ (tail * 0xC2B2AE3D27D4EB4FUL) ^ (ulong)utf8.Length) * 0x165667B19E3779F9UL;
        return (int)(h >> (64 - 13)) << 1;
    }
}
