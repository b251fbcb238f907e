using System.Text.Json;
using KubeSharp.Api.Serialization;

namespace KubeSharp.Api;

/// <summary>
/// meta/v1 FieldsV1: the managedFields field set of server-side apply, kept as its JSON object text.
/// decoded on demand with <see cref="As{T}"/>. The zero value has no content and prints <c>null</c>.
/// </summary>
public readonly struct FieldsV1 : IJsonModel<FieldsV1>, KubeSharp.Api.Protobuf.IProtoModel<FieldsV1>, IEquatable<FieldsV1>
{
    public FieldsV1(byte[]? raw) => Raw = raw;

    /// <summary>The field set as UTF-8 JSON, or null.</summary>
    public byte[]? Raw { get; }

    public bool IsZero => Raw is null;

    /// <summary>Wraps a typed object.</summary>
    public static FieldsV1 FromObject<T>(T value) where T : IJsonModel<T> => new(KubeJson.SerializeToUtf8Bytes(value));

    /// <summary>Decodes the embedded JSON as <typeparamref name="T"/>.</summary>
    public T As<T>() where T : IJsonModel<T>
        => Raw is null ? throw new InvalidOperationException("the field set is empty") : KubeJson.Deserialize<T>(Raw);

    public static FieldsV1 ReadJson(ref Utf8JsonReader reader, JsonDecodeContext context) => new(RawJsonCodec.Read(ref reader, context));

    public void WriteJson(Utf8JsonWriter writer) => RawJsonCodec.Write(writer, Raw);

    public bool Equals(FieldsV1 other) => Raw.AsSpan().SequenceEqual(other.Raw) && (Raw is null) == (other.Raw is null);

    public override bool Equals(object? obj) => obj is FieldsV1 other && Equals(other);

    public override int GetHashCode() => Raw is null ? 0 : Raw.Length;

    public static bool operator ==(FieldsV1 left, FieldsV1 right) => left.Equals(right);

    public static bool operator !=(FieldsV1 left, FieldsV1 right) => !left.Equals(right);

    public override string ToString() => Raw is null ? "null" : System.Text.Encoding.UTF8.GetString(Raw);

    public static FieldsV1 ReadProto(ref KubeSharp.Api.Protobuf.ProtoReader reader)
    {
        byte[]? raw = null;
        while (reader.TryReadTag(out var field, out var wireType))
        {
            if (field == 1)
            {
                raw = reader.ReadBytes();
            }
            else
            {
                reader.Skip(wireType);
            }
        }
        return new(raw);
    }

    public void WriteProto(KubeSharp.Api.Protobuf.ProtoWriter writer)
    {
        if (Raw is { Length: > 0 })
        {
            writer.WriteBytes(1, Raw);
        }
    }
}
