using KubeSharp.Api.Protobuf;

namespace KubeSharp.Api;

/// <summary>Protobuf form of Quantity: a message {1: string}, always the canonical string.</summary>
public readonly partial struct Quantity : IProtoModel<Quantity>
{
    public static Quantity ReadProto(ref ProtoReader reader)
    {
        var text = "";
        while (reader.TryReadTag(out var field, out var wireType))
        {
            if (field == 1)
            {
                text = reader.ReadString();
            }
            else
            {
                reader.Skip(wireType);
            }
        }
        if (text.Length == 0)
        {
            return default;
        }
        return TryParse(text, out var value, out var error) ? value : throw new ProtoDecodeException(error ?? "invalid quantity");
    }

    public void WriteProto(ProtoWriter writer) => writer.WriteString(1, ToString());
}
