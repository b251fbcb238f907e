using KubeSharp.Api.Protobuf;

namespace KubeSharp.Api;

/// <summary>Protobuf form of meta/v1 Time: a Timestamp {1 seconds, 2 nanos}. The zero time is an empty
/// message; otherwise nanos is written as 0 (second precision) and ignored on decode, as upstream does.</summary>
public readonly partial struct Time : IProtoModel<Time>
{
    public static Time ReadProto(ref ProtoReader reader)
    {
        long seconds = 0;
        var any = false;
        while (reader.TryReadTag(out var field, out var wireType))
        {
            any = true;
            if (field == 1)
            {
                seconds = reader.ReadInt64();
            }
            else
            {
                reader.Skip(wireType);
            }
        }
        return any ? FromUnix(seconds) : default;
    }

    public void WriteProto(ProtoWriter writer)
    {
        if (IsZero)
        {
            return;
        }
        writer.WriteInt64(2, 0);
        writer.WriteInt64(1, UnixSeconds);
    }
}
