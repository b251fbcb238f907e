using KubeSharp.Api.Protobuf;

namespace KubeSharp.Api;

/// <summary>Protobuf form of meta/v1 MicroTime: a Timestamp {1 seconds, 2 nanos} with nanos truncated to
/// whole microseconds; the zero time is an empty message.</summary>
public readonly partial struct MicroTime : IProtoModel<MicroTime>
{
    public static MicroTime ReadProto(ref ProtoReader reader)
    {
        long seconds = 0;
        long nanos = 0;
        var any = false;
        while (reader.TryReadTag(out var field, out var wireType))
        {
            any = true;
            switch (field)
            {
                case 1:
                    seconds = reader.ReadInt64();
                    break;
                case 2:
                    nanos = reader.ReadInt32();
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }
        return any ? FromUnix(seconds, nanos / 1000 * 1000) : default;
    }

    public void WriteProto(ProtoWriter writer)
    {
        if (IsZero)
        {
            return;
        }
        writer.WriteInt64(2, Nanosecond / 1000 * 1000);
        writer.WriteInt64(1, UnixSeconds);
    }
}
