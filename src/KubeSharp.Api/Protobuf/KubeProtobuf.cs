namespace KubeSharp.Api.Protobuf;

/// <summary>
/// Kubernetes' protobuf envelope: the 4-byte prefix <c>k8s\0</c> followed by a runtime.Unknown message
/// {1 typeMeta {1 apiVersion, 2 kind}, 2 raw, 3 contentEncoding, 4 contentType}.
/// </summary>
public static class KubeProtobuf
{
    /// <summary>The media type of Kubernetes protobuf bodies.</summary>
    public const string ContentType = "application/vnd.kubernetes.protobuf";

    /// <summary>The magic prefix of every body.</summary>
    public static ReadOnlySpan<byte> Prefix => "k8s\0"u8;

    /// <summary>Splits a body into its type and raw object message, without decoding the object.</summary>
    /// <exception cref="ProtoDecodeException">No prefix, nothing after it, or a malformed envelope.</exception>
    public static ProtoEnvelope ReadEnvelope(ReadOnlySpan<byte> body)
    {
        if (!body.StartsWith(Prefix))
        {
            throw new ProtoDecodeException("provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]");
        }
        if (body.Length == Prefix.Length)
        {
            throw new ProtoDecodeException("empty protobuf message after the prefix");
        }
        var reader = new ProtoReader(body[Prefix.Length..]);
        string apiVersion = "", kind = "", contentEncoding = "", contentType = "";
        ReadOnlySpan<byte> raw = default;
        while (reader.TryReadTag(out var field, out var wireType))
        {
            switch (field)
            {
                case 1:
                    var typeMeta = reader.ReadMessage();
                    while (typeMeta.TryReadTag(out var f, out var wt))
                    {
                        if (f == 1)
                        {
                            apiVersion = typeMeta.ReadString();
                        }
                        else if (f == 2)
                        {
                            kind = typeMeta.ReadString();
                        }
                        else
                        {
                            typeMeta.Skip(wt);
                        }
                    }
                    break;
                case 2:
                    raw = reader.ReadLengthDelimited();
                    break;
                case 3:
                    contentEncoding = reader.ReadString();
                    break;
                case 4:
                    contentType = reader.ReadString();
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }
        return new ProtoEnvelope(apiVersion, kind, raw.ToArray(), contentEncoding, contentType);
    }

    /// <summary>
    /// Decodes a body into a typed object. When the envelope names no kind or version, <paramref name="expected"/>
    /// (the kind the request's URL implies) fills them in, as upstream's decoder does.
    /// </summary>
    public static object Decode(ReadOnlySpan<byte> body, ApiTypeInfo? expected = null)
    {
        var envelope = ReadEnvelope(body);
        var apiVersion = envelope.ApiVersion.Length > 0 ? envelope.ApiVersion : expected?.ApiVersion ?? "";
        var kind = envelope.Kind.Length > 0 ? envelope.Kind : expected?.Kind ?? "";
        if (!ApiTypes.TryGet(apiVersion, kind, out var info) || info.ReadProto is null)
        {
            throw new ProtoDecodeException($"no kind \"{kind}\" is registered for version \"{apiVersion}\"");
        }
        var reader = new ProtoReader(envelope.Raw);
        var obj = info.ReadProto(ref reader);
        if (obj is IKubeObject typed && info.Kind != "WatchEvent")
        {
            typed.ApiVersion = info.ApiVersion;
            typed.Kind = info.Kind;
        }
        return obj;
    }

    /// <summary>Decodes a body that must hold <typeparamref name="T"/>.</summary>
    public static T Decode<T>(ReadOnlySpan<byte> body) where T : IProtoModel<T>
    {
        var expected = ApiTypes.ForType(typeof(T)) is { Count: > 0 } kinds ? kinds[0] : null;
        return Decode(body, expected) is T value
            ? value
            : throw new ProtoDecodeException($"the body does not hold a {typeof(T).Name}");
    }

    /// <summary>Encodes an object with its envelope, as Go's protobuf serializer writes it.</summary>
    public static byte[] Encode(object obj, ApiTypeInfo info)
    {
        using var writer = new ProtoWriter();
        Encode(writer, obj, info);
        return writer.ToArray();
    }

    /// <summary>Encodes an object with its envelope into <paramref name="writer"/> (which is reset first).</summary>
    public static void Encode(ProtoWriter writer, object obj, ApiTypeInfo info)
    {
        if (info.WriteProto is null)
        {
            throw new InvalidOperationException($"{info} has no protobuf encoding");
        }
        writer.Reset();
        writer.WriteString(4, "");
        writer.WriteString(3, "");
        var mark = writer.BeginMessage();
        info.WriteProto(writer, obj);
        writer.EndMessage(2, mark);
        // The type comes from the object's own TypeMeta, as Go's serializer takes it; kinds without
        // TypeMeta (WatchEvent) travel with an empty one.
        var (apiVersion, kind) = obj is IKubeObject typed
            ? (typed.ApiVersion is { Length: > 0 } v ? v : info.ApiVersion, typed.Kind is { Length: > 0 } k ? k : info.Kind)
            : ("", "");
        mark = writer.BeginMessage();
        writer.WriteString(2, kind);
        writer.WriteString(1, apiVersion);
        writer.EndMessage(1, mark);
        writer.WriteRaw(Prefix);
    }

    /// <summary>Encodes a typed object with its envelope; its kind comes from the registry.</summary>
    public static byte[] Encode<T>(T obj) where T : IProtoModel<T>
    {
        var kinds = ApiTypes.ForType(typeof(T));
        if (kinds.Count == 0)
        {
            throw new InvalidOperationException($"{typeof(T).Name} is not a registered kind");
        }
        return Encode(obj!, kinds[0]);
    }
}
