using System.Buffers;

namespace KubeSharp.Api.Protobuf;

/// <summary>Helpers shared by the generated protobuf codecs.</summary>
public static class ProtoCodec
{
    /// <summary>Reads a length-delimited nested message as <typeparamref name="T"/>.</summary>
    public static T ReadMessage<T>(ref ProtoReader reader) where T : IProtoModel<T>
    {
        var nested = reader.ReadMessage();
        return T.ReadProto(ref nested);
    }

    /// <summary>Returns an array rented by <see cref="Serialization.JsonCodec.SortedKeys{TValue}"/>.</summary>
    public static void Return(string[]? rented)
    {
        if (rented is not null)
        {
            ArrayPool<string>.Shared.Return(rented, clearArray: true);
        }
    }
}
