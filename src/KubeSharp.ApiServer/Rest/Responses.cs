using System.Buffers;
using System.Text.Json;
using KubeSharp.Api.Meta.V1;
using KubeSharp.Api.Serialization;
using KubeSharp.ApiServer.Discovery;
using KubeSharp.ApiServer.Registry;
using Microsoft.AspNetCore.Http;

namespace KubeSharp.ApiServer.Rest;

/// <summary>Writes replies: JSON objects, Status errors, pre-encoded bytes, and lists (JSON or protobuf, gzipped when
/// the client accepts it).</summary>
public static class Responses
{
    public const string Json = "application/json";

    public static Task WriteBytesAsync(HttpContext context, int status, ReadOnlyMemory<byte> json, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = Json;
        context.Response.ContentLength = json.Length;
        // Headers and body go to Kestrel's output in one write (one HEADERS + DATA flush); no Task when it completes at once.
        var written = context.Response.Body.WriteAsync(json, cancellationToken);
        return written.IsCompletedSuccessfully ? Task.CompletedTask : written.AsTask();
    }

    /// <summary>
    /// Writes a JSON reply, gzipped at upstream's level when the client accepts gzip and it is over upstream's 128 KiB
    /// threshold (APIResponseCompression).
    /// </summary>
    public static Task WriteCompressibleAsync(HttpContext context, int status, byte[] json, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(json);
        if (json.Length <= GzipThresholdBytes || !AcceptsGzip(context))
        {
            return WriteBytesAsync(context, status, json, cancellationToken);
        }
        var piece = GzipPieces.Compress(json);
        var body = new byte[GzipPieces.Header.Length + piece.Deflate.Length + GzipPieces.FinalBlock.Length + 8];
        GzipPieces.Header.CopyTo(body);
        piece.Deflate.CopyTo(body.AsSpan(GzipPieces.Header.Length));
        GzipPieces.FinalBlock.CopyTo(body.AsSpan(GzipPieces.Header.Length + piece.Deflate.Length));
        GzipPieces.Trailer(piece.Crc, piece.Length).CopyTo(body.AsSpan(body.Length - 8));
        context.Response.Headers.ContentEncoding = "gzip";
        context.Response.Headers.Append("Vary", "Accept-Encoding");
        return WriteBytesAsync(context, status, body, cancellationToken);
    }

    /// <summary>Writes <paramref name="value"/> as JSON, encoded into a pooled buffer (a Status, a Table, a Scale):
    /// only the response's own bytes are copied, no array per reply.</summary>
    public static Task WriteAsync(HttpContext context, int status, IJsonWritable value, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(value);
        var buffer = EncodeBuffer.Rent();
        try
        {
            using (var writer = new Utf8JsonWriter(buffer, KubeJson.WriterOptions))
            {
                value.WriteJson(writer);
            }
            context.Response.StatusCode = status;
            context.Response.ContentType = Json;
            context.Response.ContentLength = buffer.WrittenCount;
            // The bytes are copied into Kestrel's output pipe here; the flush that follows no longer needs the buffer.
            context.Response.BodyWriter.Write(buffer.WrittenSpan);
        }
        finally
        {
            EncodeBuffer.Return(buffer);
        }
        var flushed = context.Response.BodyWriter.FlushAsync(cancellationToken);
        return flushed.IsCompletedSuccessfully ? Task.CompletedTask : flushed.AsTask();
    }

    /// <summary>One encode buffer per thread, kept while it stays small (a reply encoded into it is copied out at once).</summary>
    private static class EncodeBuffer
    {
        private const int KeepBytes = 64 * 1024;

        [ThreadStatic]
        private static ArrayBufferWriter<byte>? t_buffer;

        public static ArrayBufferWriter<byte> Rent()
        {
            var buffer = t_buffer ?? new ArrayBufferWriter<byte>(4096);
            t_buffer = null;
            return buffer;
        }

        public static void Return(ArrayBufferWriter<byte> buffer)
        {
            if (buffer.Capacity <= KeepBytes)
            {
                buffer.ResetWrittenCount();
                t_buffer = buffer;
            }
        }
    }

    public static Task WriteStatusAsync(HttpContext context, Status status, CancellationToken cancellationToken)
    {
        if (status.Details?.RetryAfterSeconds is > 0 and var seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return WriteAsync(context, status.Code == 0 ? 200 : status.Code, status, cancellationToken);
    }

    /// <summary>
    /// Writes a list reply without buffering it whole (10k pods are ~60 MB of JSON): <paramref name="head"/>, the
    /// items' pre-encoded bytes (<paramref name="encode"/>, cached per object) joined by <paramref name="separator"/>,
    /// then <paramref name="tail"/>; Content-Length is their sum, so the bytes are exactly those of one encoding of
    /// the whole list. When the client accepts gzip and the body is over upstream's 128 KiB threshold it goes out
    /// gzipped (Content-Encoding: gzip, Vary: Accept-Encoding): the items' compressed bytes then come from
    /// <paramref name="chunks"/> (the watch cache's compressed runs, <paramref name="variant"/> naming the encoding),
    /// or, for objects read from the store, are compressed here.
    /// </summary>
    public static async Task WriteListAsync(HttpContext context, string contentType, ReadOnlyMemory<byte> head, IReadOnlyList<CachedObject> items,
        Func<CachedObject, byte[]> encode, ReadOnlyMemory<byte> separator, ReadOnlyMemory<byte> tail, CompressedChunks? chunks, int variant,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(encode);
        long length = head.Length + tail.Length + (long)separator.Length * Math.Max(0, items.Count - 1);
        foreach (var item in items)
        {
            length += encode(item).Length;
        }
        context.Response.StatusCode = 200;
        context.Response.ContentType = contentType;
        if (length > GzipThresholdBytes && AcceptsGzip(context))
        {
            await WriteGzipListAsync(context, head, items, encode, separator, tail, chunks, variant, cancellationToken);
            return;
        }
        context.Response.ContentLength = length;
        var body = context.Response.BodyWriter;
        body.Write(head.Span);
        var unflushed = head.Length;
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0)
            {
                body.Write(separator.Span);
            }
            var bytes = encode(items[i]);
            body.Write(bytes);
            unflushed += bytes.Length + separator.Length;
            if (unflushed >= FlushThreshold)
            {
                await body.FlushAsync(cancellationToken);
                unflushed = 0;
            }
        }
        body.Write(tail.Span);
        await body.FlushAsync(cancellationToken);
    }

    private static async Task WriteGzipListAsync(HttpContext context, ReadOnlyMemory<byte> head, IReadOnlyList<CachedObject> items,
        Func<CachedObject, byte[]> encode, ReadOnlyMemory<byte> separator, ReadOnlyMemory<byte> tail, CompressedChunks? chunks, int variant,
        CancellationToken cancellationToken)
    {
        var pieces = new List<DeflatePiece>(items.Count / CompressedChunks.AverageItems + 4) { GzipPieces.Compress(head) };
        if (chunks is not null)
        {
            pieces.AddRange(chunks.Pieces(items, variant, encode, separator, CachedChunkLevel));
        }
        else if (items.Count > 0)
        {
            var parts = new List<ReadOnlyMemory<byte>>(items.Count * 2);
            for (var i = 0; i < items.Count; i++)
            {
                if (i > 0)
                {
                    parts.Add(separator);
                }
                parts.Add(encode(items[i]));
            }
            pieces.Add(GzipPieces.Compress(parts));
        }
        pieces.Add(GzipPieces.Compress(tail));
        uint crc = 0;
        long length = 0;
        long compressed = GzipPieces.Header.Length + GzipPieces.FinalBlock.Length + 8;
        foreach (var piece in pieces)
        {
            crc = GzipPieces.Combine(crc, piece.Crc, piece.Length);
            length += piece.Length;
            compressed += piece.Deflate.Length;
        }
        context.Response.Headers.ContentEncoding = "gzip";
        context.Response.Headers.Append("Vary", "Accept-Encoding");
        context.Response.ContentLength = compressed;
        var body = context.Response.BodyWriter;
        body.Write(GzipPieces.Header);
        var unflushed = 0;
        foreach (var piece in pieces)
        {
            body.Write(piece.Deflate);
            unflushed += piece.Deflate.Length;
            if (unflushed >= FlushThreshold)
            {
                await body.FlushAsync(cancellationToken);
                unflushed = 0;
            }
        }
        body.Write(GzipPieces.FinalBlock);
        body.Write(GzipPieces.Trailer(crc, length));
        await body.FlushAsync(cancellationToken);
    }

    /// <summary>Upstream's defaultGzipThresholdBytes: smaller replies go out uncompressed.</summary>
    public const int GzipThresholdBytes = 128 * 1024;

    /// <summary>The level of the watch cache's compressed runs: compressed once and sent many times, so a higher level than
    /// upstream's 1 for streamed replies (here less than half the bytes, and the client inflates them twice as fast).</summary>
    public const int CachedChunkLevel = 6;

    /// <summary>
    /// Whether the request's Accept-Encoding names gzip, as upstream's negotiateContentEncoding reads it: the
    /// comma-separated tokens, trimmed, one of them exactly "gzip" (parameters such as q are not parsed).
    /// </summary>
    public static bool AcceptsGzip(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var value in context.Request.Headers.AcceptEncoding)
        {
            foreach (var token in (value ?? "").Split(','))
            {
                if (token.Trim() == "gzip")
                {
                    return true;
                }
            }
        }
        return false;
    }

    /// <summary>
    /// Whether the client prefers Kubernetes protobuf for a plain (non-Table) reply: its first acceptable Accept clause
    /// is <c>application/vnd.kubernetes.protobuf</c>, as client-go's typed clients ask
    /// (<c>application/vnd.kubernetes.protobuf,application/json</c>), and <paramref name="served"/> has a protobuf
    /// encoding (custom resources do not: they get JSON).
    /// </summary>
    public static bool PrefersProtobuf(HttpContext context, ResourceDefinition served)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var clause in AcceptHeader.Parse(context.Request.Headers.Accept.ToString()))
        {
            if (clause.Quality <= 0 || clause.GetParameter("as") is not null)
            {
                continue;
            }
            if (clause.Type == "application" && clause.SubType == "vnd.kubernetes.protobuf")
            {
                if (CachedObject.HasProtobuf(served))
                {
                    return true;
                }
                continue;
            }
            if (clause.Matches("application", "json"))
            {
                return false;
            }
        }
        return false;
    }

    private const int FlushThreshold = 256 * 1024;

    public static byte[] Encode(IJsonWritable value)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, KubeJson.WriterOptions))
        {
            value.WriteJson(writer);
        }
        return buffer.WrittenSpan.ToArray();
    }
}
