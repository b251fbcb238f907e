using System.Buffers;
using System.Text.Json;
using KubeSharp.Api.Meta.V1;
using KubeSharp.Api.Serialization;
using Microsoft.AspNetCore.Http;

namespace KubeSharp.ApiServer.Rest;

/// <summary>Writes JSON replies: objects, Status errors and pre-encoded bytes.</summary>
public static class Responses
{
    public const string Json = "application/json";

    public static Task WriteBytesAsync(HttpContext context, int status, ReadOnlyMemory<byte> json, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = Json;
        context.Response.ContentLength = json.Length;
        return context.Response.Body.WriteAsync(json, cancellationToken).AsTask();
    }

    public static Task WriteAsync(HttpContext context, int status, IJsonWritable value, CancellationToken cancellationToken)
        => WriteBytesAsync(context, status, Encode(value), cancellationToken);

    public static Task WriteStatusAsync(HttpContext context, Status status, CancellationToken cancellationToken)
    {
        if (status.Details?.RetryAfterSeconds is > 0 and var seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return WriteAsync(context, status.Code == 0 ? 200 : status.Code, status, cancellationToken);
    }

    /// <summary>
    /// Writes a list reply without buffering it whole (10k pods are ~35 MB): <paramref name="head"/> (the JSON up to
    /// and including <c>"items":[</c>), the items' pre-encoded JSON comma-separated, then <c>]}</c>; Content-Length
    /// is their sum, so the bytes are exactly those of one encoding of the whole list.
    /// </summary>
    public static async Task WriteListAsync(HttpContext context, ReadOnlyMemory<byte> head, IReadOnlyList<byte[]> items, CancellationToken cancellationToken)
    {
        long length = head.Length + ListTail.Length + Math.Max(0, items.Count - 1);
        foreach (var item in items)
        {
            length += item.Length;
        }
        context.Response.StatusCode = 200;
        context.Response.ContentType = Json;
        context.Response.ContentLength = length;
        var body = context.Response.BodyWriter;
        body.Write(head.Span);
        var unflushed = head.Length;
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0)
            {
                body.Write(","u8);
            }
            body.Write(items[i]);
            unflushed += items[i].Length + 1;
            if (unflushed >= FlushThreshold)
            {
                await body.FlushAsync(cancellationToken);
                unflushed = 0;
            }
        }
        body.Write(ListTail);
        await body.FlushAsync(cancellationToken);
    }

    private const int FlushThreshold = 256 * 1024;

    private static ReadOnlySpan<byte> ListTail => "]}"u8;

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
