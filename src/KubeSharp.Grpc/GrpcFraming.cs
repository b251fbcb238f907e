using System.Buffers.Binary;
using Google.Protobuf;

namespace KubeSharp.Grpc;

/// <summary>gRPC's length-prefixed message framing: 1 byte compressed flag, 4 bytes big-endian length,
/// then the protobuf message.</summary>
internal static class GrpcFraming
{
    public const int HeaderLength = 5;

    /// <summary>One uncompressed frame holding <paramref name="message"/>.</summary>
    public static byte[] Frame(IMessage message, int maxMessageBytes)
    {
        var size = message.CalculateSize();
        if (size > maxMessageBytes)
        {
            throw new GrpcCallException(new GrpcStatus(GrpcStatusCode.ResourceExhausted,
                $"the request message of {size} bytes is larger than the limit of {maxMessageBytes} bytes"));
        }
        var frame = new byte[HeaderLength + size];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)size);
        message.WriteTo(frame.AsSpan(HeaderLength));
        return frame;
    }
}
