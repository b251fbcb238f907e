using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using KubeSharp.Api;
using KubeSharp.Api.Serialization;
using KubeSharp.Storage;

namespace KubeSharp.ApiServer.Registry;

/// <summary>
/// Encodes an object ONCE for both the store and the reply/watch cache, into ONE array. The stored form has no
/// resourceVersion (the store's revision supplies it); the JSON sent to clients is the same bytes with
/// <c>,"resourceVersion":"N"</c> in metadata. The object is encoded with a random per-process placeholder
/// resourceVersion; the stored form is written around a gap where the placeholder's segment was, sized for the revision
/// the write is expected to get (<see cref="GappedValue"/>, which the store writes from its two parts). Once the store
/// has assigned the revision, it is written into the gap and the array is the JSON (a revision of other length, rare,
/// takes a copy). The result is byte for byte what encoding the object with its resourceVersion set gives.
/// </summary>
internal static class StorageEncoding
{
    private const string Prefix = ",\"resourceVersion\":\"";

    private static readonly byte[] PrefixBytes = Encoding.UTF8.GetBytes(Prefix);

    /// <summary>The placeholder: random, so no client-written value can be mistaken for it.</summary>
    private static readonly string Placeholder = "kubesharp-rv-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    private static readonly byte[] PlaceholderSegment = Encoding.UTF8.GetBytes(Prefix + Placeholder + "\"");

    /// <summary>The newest revision a write got: the next write's revision has, almost always, as many digits as
    /// the one after it (a guess only: a miss costs a copy).</summary>
    private static long s_lastRevision;

    /// <summary>
    /// Encodes <paramref name="obj"/> for the store: the value to write, and in <paramref name="gapped"/> the same
    /// value as a <see cref="GappedValue"/> whose gap is where the resourceVersion segment belongs, or null when the
    /// encoding has no such place (then use <see cref="CachedObject.Encode"/> for the JSON). The object's
    /// resourceVersion is restored before returning; the object must not be shared with other threads while this runs.
    /// </summary>
    public static ReadOnlyMemory<byte> Encode(ResourceDefinition resource, IKubeMetaObject obj, out GappedValue? gapped)
    {
        var meta = obj.Metadata;
        var resourceVersion = meta.ResourceVersion;
        var buffer = Scratch.Rent();
        var writer = Scratch.Writer(buffer);
        meta.ResourceVersion = Placeholder;
        try
        {
            resource.Type.WriteJson(writer, obj);
            writer.Flush();
        }
        finally
        {
            meta.ResourceVersion = resourceVersion;
        }
        try
        {
            var written = buffer.WrittenSpan;
            var at = written.IndexOf(PlaceholderSegment);
            if (at < 0)
            {
                gapped = null;
                return CachedObject.EncodeForStorage(resource, obj);
            }
            var gap = SegmentLength(Volatile.Read(ref s_lastRevision) + 1);
            var array = new byte[written.Length - PlaceholderSegment.Length + gap];
            written[..at].CopyTo(array);
            written[(at + PlaceholderSegment.Length)..].CopyTo(array.AsSpan(at + gap));
            gapped = new GappedValue(array, at, gap);
            return gapped.Value;
        }
        finally
        {
            Scratch.Return(buffer, writer);
        }
    }

    /// <summary>
    /// The JSON of a value from <see cref="Encode"/> written at <paramref name="revision"/>: its array with the
    /// resourceVersion segment written into the gap, or a new array when the gap does not fit the revision. Call once
    /// per value (the caller serializes), after the store has taken it.
    /// </summary>
    public static byte[] Complete(GappedValue gapped, long revision)
    {
        var last = Volatile.Read(ref s_lastRevision);
        while (revision > last)
        {
            var seen = Interlocked.CompareExchange(ref s_lastRevision, revision, last);
            if (seen == last)
            {
                break;
            }
            last = seen;
        }
        if (SegmentLength(revision) != gapped.GapLength)
        {
            return WithResourceVersion(gapped, revision);
        }
        WriteSegment(gapped.Array.AsSpan(gapped.GapStart, gapped.GapLength), revision);
        return gapped.Array;
    }

    /// <summary>A per-thread scratch buffer and writer for encoding (nothing in an encode awaits or re-enters).</summary>
    internal static class Scratch
    {
        [ThreadStatic]
        private static ArrayBufferWriter<byte>? t_buffer;

        [ThreadStatic]
        private static Utf8JsonWriter? t_writer;

        public static ArrayBufferWriter<byte> Rent()
        {
            var buffer = t_buffer ?? new ArrayBufferWriter<byte>(8192);
            t_buffer = null;
            buffer.ResetWrittenCount();
            return buffer;
        }

        public static Utf8JsonWriter Writer(ArrayBufferWriter<byte> buffer)
        {
            var writer = t_writer;
            t_writer = null;
            if (writer is null)
            {
                return new Utf8JsonWriter(buffer, KubeJson.WriterOptions);
            }
            writer.Reset(buffer);
            return writer;
        }

        /// <summary>Keeps the buffer (unless it grew past 1 MiB) and the writer for the thread's next encode.</summary>
        public static void Return(ArrayBufferWriter<byte> buffer, Utf8JsonWriter? writer = null)
        {
            if (buffer.Capacity <= 1 << 20)
            {
                t_buffer = buffer;
            }
            if (writer is not null)
            {
                writer.Reset();
                t_writer = writer;
            }
        }
    }

    /// <summary>The length of <c>,"resourceVersion":"N"</c> for revision N.</summary>
    public static int SegmentLength(long revision) => PrefixBytes.Length + Digits(revision) + 1;

    /// <summary>A new array: the stored value with <c>,"resourceVersion":"N"</c> where its gap is.</summary>
    public static byte[] WithResourceVersion(GappedValue gapped, long revision)
    {
        var segment = SegmentLength(revision);
        var json = new byte[gapped.Length + segment];
        gapped.Head.CopyTo(json);
        WriteSegment(json.AsSpan(gapped.GapStart, segment), revision);
        gapped.Tail.CopyTo(json.AsSpan(gapped.GapStart + segment));
        return json;
    }

    private static void WriteSegment(Span<byte> destination, long revision)
    {
        PrefixBytes.CopyTo(destination);
        var at = PrefixBytes.Length;
        revision.TryFormat(destination[at..], out var digits, default, CultureInfo.InvariantCulture);
        destination[at + digits] = (byte)'"';
    }

    private static int Digits(long revision)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(revision);
        var digits = 1;
        for (var v = revision; v >= 10; v /= 10)
        {
            digits++;
        }
        return digits;
    }
}
