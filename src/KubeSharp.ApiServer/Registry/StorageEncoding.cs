using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using KubeSharp.Api;
using KubeSharp.Api.Serialization;

namespace KubeSharp.ApiServer.Registry;

/// <summary>
/// Encodes an object ONCE for both the store and the reply/watch cache. The stored form has no resourceVersion (the
/// store's revision supplies it); the JSON sent to clients is the same bytes with <c>,"resourceVersion":"N"</c> in
/// metadata. The object is encoded with a random per-process placeholder resourceVersion; the placeholder's segment is
/// cut out for the store, and the real revision is spliced in at the same offset once the store has assigned it. The
/// result is byte for byte what encoding the object with its resourceVersion set gives.
/// </summary>
internal static class StorageEncoding
{
    private const string Prefix = ",\"resourceVersion\":\"";

    private static readonly byte[] PrefixBytes = Encoding.UTF8.GetBytes(Prefix);

    /// <summary>The placeholder: random, so no client-written value can be mistaken for it.</summary>
    private static readonly string Placeholder = "kubesharp-rv-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    private static readonly byte[] PlaceholderSegment = Encoding.UTF8.GetBytes(Prefix + Placeholder + "\"");

    /// <summary>
    /// Encodes <paramref name="obj"/> for the store. <paramref name="slot"/> is the offset in the returned bytes where
    /// the resourceVersion segment belongs, or -1 when the encoding has no such place (then use
    /// <see cref="CachedObject.Encode"/> for the JSON). The object's resourceVersion is restored before returning;
    /// the object must not be shared with other threads while this runs.
    /// </summary>
    public static byte[] Encode(ResourceDefinition resource, IKubeMetaObject obj, out int slot)
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
            return Cut(resource, obj, buffer.WrittenSpan, out slot);
        }
        finally
        {
            Scratch.Return(buffer, writer);
        }
    }

    private static byte[] Cut(ResourceDefinition resource, IKubeMetaObject obj, ReadOnlySpan<byte> written, out int slot)
    {
        var at = written.IndexOf(PlaceholderSegment);
        if (at < 0)
        {
            slot = -1;
            return CachedObject.EncodeForStorage(resource, obj);
        }
        var storage = new byte[written.Length - PlaceholderSegment.Length];
        written[..at].CopyTo(storage);
        written[(at + PlaceholderSegment.Length)..].CopyTo(storage.AsSpan(at));
        slot = at;
        return storage;
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

    /// <summary>The stored bytes with <c>,"resourceVersion":"N"</c> inserted at <paramref name="slot"/>.</summary>
    public static byte[] WithResourceVersion(ReadOnlySpan<byte> storage, int slot, long revision)
    {
        var segment = SegmentLength(revision);
        var json = new byte[storage.Length + segment];
        storage[..slot].CopyTo(json);
        var at = slot;
        PrefixBytes.CopyTo(json.AsSpan(at));
        at += PrefixBytes.Length;
        revision.TryFormat(json.AsSpan(at), out var digits, default, CultureInfo.InvariantCulture);
        at += digits;
        json[at++] = (byte)'"';
        storage[slot..].CopyTo(json.AsSpan(at));
        return json;
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
