using KubeSharp.Api.Protobuf;

namespace KubeSharp.Api;

/// <summary>Protobuf form of meta/v1 Duration: {1 duration} in nanoseconds, always written.</summary>
public readonly partial struct Duration : IProtoModel<Duration>
{
    public static Duration ReadProto(ref ProtoReader reader)
    {
        long nanoseconds = 0;
        while (reader.TryReadTag(out var field, out var wireType))
        {
            if (field == 1)
            {
                nanoseconds = reader.ReadInt64();
            }
            else
            {
                reader.Skip(wireType);
            }
        }
        return FromNanoseconds(nanoseconds);
    }

    public void WriteProto(ProtoWriter writer) => writer.WriteInt64(1, Nanoseconds);
}
