using System.Buffers;
using System.Text.Json;
using KubeSharp.Api;
using KubeSharp.Api.Serialization;

namespace KubeSharp.ApiServer.Tables;

/// <summary>Encodes <c>rows[].object</c> through one reused buffer and writer per conversion.</summary>
internal sealed class RowObjectEncoder : IDisposable
{
    private readonly ArrayBufferWriter<byte> _buffer = new(2048);
    private readonly Utf8JsonWriter _writer;
    private readonly TableIncludeObject _mode;
    private readonly string _metaApiVersion;

    public RowObjectEncoder(TableIncludeObject mode, string metaApiVersion)
    {
        _mode = mode;
        _metaApiVersion = metaApiVersion;
        _writer = new Utf8JsonWriter(_buffer, KubeJson.WriterOptions);
    }

    public RawExtension Encode(object obj) => _mode switch
    {
        TableIncludeObject.None => default,
        TableIncludeObject.Object => EncodeObject(obj),
        _ => EncodePartialMetadata(obj),
    };

    public void Dispose() => _writer.Dispose();

    /// <summary><c>{"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1","metadata":{...}}</c>.</summary>
    private RawExtension EncodePartialMetadata(object obj)
    {
        if (obj is not IKubeMetaObject meta)
        {
            throw new ArgumentException($"a {obj.GetType().Name} has no object metadata", nameof(obj));
        }
        Restart();
        _writer.WriteStartObject();
        _writer.WriteString("kind"u8, "PartialObjectMetadata"u8);
        _writer.WriteString("apiVersion"u8, _metaApiVersion);
        _writer.WritePropertyName("metadata"u8);
        meta.Metadata.WriteJson(_writer);
        _writer.WriteEndObject();
        return Finish();
    }

    /// <summary>The object as the API writes it, with its kind and apiVersion even when the instance has none.</summary>
    private RawExtension EncodeObject(object obj)
    {
        var types = ApiTypes.ForType(obj.GetType());
        if (types.Count == 0)
        {
            throw new ArgumentException($"{obj.GetType().Name} is not an API type", nameof(obj));
        }
        var info = types[0];
        Restart();
        info.WriteJson(_writer, obj);
        _writer.Flush();
        var written = _buffer.WrittenSpan;
        if (obj is not IKubeObject { Kind.Length: 0, ApiVersion.Length: 0 } || written.Length < 2 || written[0] != (byte)'{')
        {
            return new RawExtension(written.ToArray());
        }
        // Go's TypeMeta comes first: {"kind":"Pod","apiVersion":"v1",...}.
        var output = new ArrayBufferWriter<byte>(written.Length + 64);
        output.Write("{\"kind\":\""u8);
        output.Write(JsonEncodedText.Encode(info.Kind).EncodedUtf8Bytes);
        output.Write("\",\"apiVersion\":\""u8);
        output.Write(JsonEncodedText.Encode(info.ApiVersion).EncodedUtf8Bytes);
        output.Write("\""u8);
        var rest = written[1..];
        if (rest.Length > 0 && rest[0] != (byte)'}')
        {
            output.Write(","u8);
        }
        output.Write(rest);
        return new RawExtension(output.WrittenSpan.ToArray());
    }

    private void Restart()
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
    }

    private RawExtension Finish()
    {
        _writer.Flush();
        return new RawExtension(_buffer.WrittenSpan.ToArray());
    }
}
