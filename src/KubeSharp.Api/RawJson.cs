using System.Text.Json;
using KubeSharp.Api.Serialization;

namespace KubeSharp.Api;

/// <summary>
/// Any JSON value kept as its text: apiextensions.k8s.io/v1 JSON (default, example values) and Table cells.
/// decoded on demand with <see cref="As{T}"/>. The zero value has no content and prints <c>null</c>.
/// </summary>
public readonly struct RawJson : IJsonModel<RawJson>, KubeSharp.Api.Protobuf.IProtoModel<RawJson>, IEquatable<RawJson>
{
    public RawJson(byte[]? raw) => Raw = raw;

    /// <summary>The value as UTF-8 JSON, or null.</summary>
    public byte[]? Raw { get; }

    public bool IsZero => Raw is null;

    /// <summary>Wraps a typed object.</summary>
    public static RawJson FromObject<T>(T value) where T : IJsonModel<T> => new(KubeJson.SerializeToUtf8Bytes(value));

    /// <summary>Decodes the embedded JSON as <typeparamref name="T"/>.</summary>
    public T As<T>() where T : IJsonModel<T>
        => Raw is null ? throw new InvalidOperationException("the value is empty") : KubeJson.Deserialize<T>(Raw);

    public static RawJson ReadJson(ref Utf8JsonReader reader, JsonDecodeContext context) => new(RawJsonCodec.Read(ref reader, context));

    public void WriteJson(Utf8JsonWriter writer) => RawJsonCodec.Write(writer, Raw);

    public bool Equals(RawJson other) => Raw.AsSpan().SequenceEqual(other.Raw) && (Raw is null) == (other.Raw is null);

    public override bool Equals(object? obj) => obj is RawJson other && Equals(other);

    public override int GetHashCode() => Raw is null ? 0 : Raw.Length;

    public static bool operator ==(RawJson left, RawJson right) => left.Equals(right);

    public static bool operator !=(RawJson left, RawJson right) => !left.Equals(right);

    public override string ToString() => Raw is null ? "null" : System.Text.Encoding.UTF8.GetString(Raw);

    public static RawJson ReadProto(ref KubeSharp.Api.Protobuf.ProtoReader reader)
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
        if (Raw is not null)
        {
            writer.WriteBytes(1, Raw);
        }
    }
}
