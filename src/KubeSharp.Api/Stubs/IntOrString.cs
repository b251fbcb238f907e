using System.Text.Json;
using KubeSharp.Api.Serialization;

namespace KubeSharp.Api;

/// <summary>TEMPORARY stand-in kept only until the real type lands (branch special-types).</summary>
public readonly record struct IntOrString(string? Text) : IJsonModel<IntOrString>, KubeSharp.Api.Protobuf.IProtoModel<IntOrString>
{
    public bool IsZero => Text is null;

    public static IntOrString ReadJson(ref Utf8JsonReader reader, JsonDecodeContext context)
        => reader.TokenType == JsonTokenType.Null ? default : new IntOrString(reader.TokenType == JsonTokenType.String ? "\"" + reader.GetString() : System.Text.Encoding.UTF8.GetString(reader.ValueSpan));

    public void WriteJson(Utf8JsonWriter writer)
    {
        if (Text is null) { writer.WriteNumberValue(0); } else if (Text.StartsWith('"')) { writer.WriteStringValue(Text[1..]); } else { writer.WriteRawValue(Text); }
    }

    public static IntOrString ReadProto(ref KubeSharp.Api.Protobuf.ProtoReader reader)
    {
        long type = 0; int i = 0; var str = "";
        while (reader.TryReadTag(out var field, out var wireType)) { if (field == 1) type = reader.ReadInt64(); else if (field == 2) i = reader.ReadInt32(); else if (field == 3) str = reader.ReadString(); else reader.Skip(wireType); }
        return new(type == 0 ? i.ToString(System.Globalization.CultureInfo.InvariantCulture) : "\"" + str);
    }

    public void WriteProto(KubeSharp.Api.Protobuf.ProtoWriter writer)
    {
        var isString = Text is not null && Text.StartsWith('"');
        writer.WriteString(3, isString ? Text![1..] : "");
        writer.WriteInt64(2, isString || Text is null ? 0 : int.Parse(Text, System.Globalization.CultureInfo.InvariantCulture));
        writer.WriteInt64(1, isString ? 1 : 0);
    }
}
