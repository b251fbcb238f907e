using KubeSharp.Api.Protobuf;

namespace KubeSharp.Api;

/// <summary>Protobuf form of IntOrString: {1 type, 2 intVal, 3 strVal}, all three always written.</summary>
public readonly partial struct IntOrString : IProtoModel<IntOrString>
{
    public static IntOrString ReadProto(ref ProtoReader reader)
    {
        long type = 0;
        var intValue = 0;
        string? stringValue = null;
        while (reader.TryReadTag(out var field, out var wireType))
        {
            switch (field)
            {
                case 1:
                    type = reader.ReadInt64();
                    break;
                case 2:
                    intValue = reader.ReadInt32();
                    break;
                case 3:
                    stringValue = reader.ReadString();
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }
        return new IntOrString(type == 1 ? IntOrStringType.String : IntOrStringType.Int, intValue, stringValue);
    }

    public void WriteProto(ProtoWriter writer)
    {
        writer.WriteString(3, StringValue);
        writer.WriteInt64(2, IntValue);
        writer.WriteInt64(1, Type == IntOrStringType.String ? 1 : 0);
    }
}
