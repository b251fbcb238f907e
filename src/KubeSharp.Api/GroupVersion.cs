using System.Text.Json;
using KubeSharp.Api.Serialization;

namespace KubeSharp.Api;

/// <summary>meta/v1 GroupVersion. JSON is the string "group/version" ("version" for the core group).</summary>
public readonly record struct GroupVersion(string Group, string Version) : IJsonModel<GroupVersion>, KubeSharp.Api.Protobuf.IProtoModel<GroupVersion>
{
    public bool IsZero => string.IsNullOrEmpty(Group) && string.IsNullOrEmpty(Version);

    /// <summary>Parses "apps/v1" or "v1"; an empty string is the zero value.</summary>
    public static bool TryParse(string? text, out GroupVersion value, out string? error)
    {
        value = default;
        error = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }
        var parts = text.Split('/');
        switch (parts.Length)
        {
            case 1:
                value = new GroupVersion("", parts[0]);
                return true;
            case 2:
                value = new GroupVersion(parts[0], parts[1]);
                return true;
            default:
                error = $"unexpected GroupVersion string: {text}";
                return false;
        }
    }

    public override string ToString() => string.IsNullOrEmpty(Group) ? Version ?? "" : $"{Group}/{Version}";

    public static GroupVersion ReadJson(ref Utf8JsonReader reader, JsonDecodeContext context)
    {
        var text = JsonCodec.ReadString(ref reader, context, "GroupVersion");
        if (!TryParse(text, out var value, out var error))
        {
            throw new JsonDecodeException(error!, context.CurrentPath);
        }
        return value;
    }

    public void WriteJson(Utf8JsonWriter writer) => writer.WriteStringValue(ToString());

    public static GroupVersion ReadProto(ref KubeSharp.Api.Protobuf.ProtoReader reader)
    {
        string group = "", version = "";
        while (reader.TryReadTag(out var field, out var wireType))
        {
            switch (field)
            {
                case 1:
                    group = reader.ReadString();
                    break;
                case 2:
                    version = reader.ReadString();
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }
        return new GroupVersion(group, version);
    }

    public void WriteProto(KubeSharp.Api.Protobuf.ProtoWriter writer)
    {
        writer.WriteString(2, Version);
        writer.WriteString(1, Group);
    }
}
