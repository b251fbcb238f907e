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
