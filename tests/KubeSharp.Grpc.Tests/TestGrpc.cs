using System.Buffers.Binary;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;

namespace KubeSharp.Grpc.Tests;

/// <summary>The server side of gRPC framing for test handlers.</summary>
public static class TestGrpc
{
    /// <summary>Starts a normal response: 200, content-type application/grpc.</summary>
    public static void Begin(HttpContext context)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/grpc";
    }

    /// <summary>Reads request messages until the request ends.</summary>
    public static async IAsyncEnumerable<T> ReadAllAsync<T>(HttpContext context, MessageParser<T> parser)
        where T : IMessage<T>
    {
        var body = context.Request.Body;
        var header = new byte[5];
        while (true)
        {
            var read = await body.ReadAtLeastAsync(header, 5, throwOnEndOfStream: false, context.RequestAborted);
            if (read == 0)
            {
                yield break;
            }
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(1));
            var buffer = new byte[length];
            await body.ReadExactlyAsync(buffer, context.RequestAborted);
            yield return parser.ParseFrom(buffer);
        }
    }

    /// <summary>Reads the one request message of a unary or server-streaming call.</summary>
    public static async Task<T> ReadOneAsync<T>(HttpContext context, MessageParser<T> parser) where T : IMessage<T>
    {
        await foreach (var message in ReadAllAsync(context, parser))
        {
            return message;
        }
        throw new InvalidOperationException("no request message");
    }

    /// <summary>Writes one message frame and flushes it.</summary>
    public static async Task WriteAsync(HttpContext context, IMessage message, bool compressedFlag = false)
    {
        var bytes = message.ToByteArray();
        var frame = new byte[5 + bytes.Length];
        frame[0] = compressedFlag ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)bytes.Length);
        bytes.CopyTo(frame, 5);
        await context.Response.Body.WriteAsync(frame, context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    /// <summary>Ends the call with a status in the trailers.</summary>
    public static void End(HttpContext context, GrpcStatusCode code = GrpcStatusCode.OK, string? message = null)
    {
        context.Response.AppendTrailer("grpc-status", ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (message is not null)
        {
            context.Response.AppendTrailer("grpc-message", GrpcPercentEncoding.Encode(message));
        }
    }

    /// <summary>A trailers-only response: the status in the only HEADERS frame, no body.</summary>
    public static void TrailersOnly(HttpContext context, GrpcStatusCode code, string? message = null)
    {
        Begin(context);
        context.Response.Headers["grpc-status"] = ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (message is not null)
        {
            context.Response.Headers["grpc-message"] = GrpcPercentEncoding.Encode(message);
        }
    }
}
