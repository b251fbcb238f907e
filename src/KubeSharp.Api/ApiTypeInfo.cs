using System.Text.Json;
using KubeSharp.Api.Serialization;

namespace KubeSharp.Api;

/// <summary>Decodes one JSON value into a typed API object.</summary>
public delegate object ApiJsonReader(ref Utf8JsonReader reader, JsonDecodeContext context);

/// <summary>Decodes one protobuf message body into a typed API object.</summary>
public delegate object ApiProtoReader(ref KubeSharp.Api.Protobuf.ProtoReader reader);

/// <summary>One group/version/kind of the API model with its CLR type and codecs.</summary>
public sealed class ApiTypeInfo(
    string group, string version, string kind, string modelName, Type clrType,
    ApiJsonReader readJson, Action<Utf8JsonWriter, object> writeJson,
    ApiProtoReader? readProto = null, Action<KubeSharp.Api.Protobuf.ProtoWriter, object>? writeProto = null)
{
    public string Group { get; } = group;

    public string Version { get; } = version;

    public string Kind { get; } = kind;

    /// <summary>apiVersion as written in objects: "v1" for core, else "group/version".</summary>
    public string ApiVersion { get; } = group.Length == 0 ? version : group + "/" + version;

    /// <summary>The schema model name (io.k8s.api.core.v1.Pod).</summary>
    public string ModelName { get; } = modelName;

    public Type ClrType { get; } = clrType;

    public ApiJsonReader ReadJson { get; } = readJson;

    public Action<Utf8JsonWriter, object> WriteJson { get; } = writeJson;

    /// <summary>Decodes the protobuf message body; null for kinds that are not protobuf messages (Table).</summary>
    public ApiProtoReader? ReadProto { get; } = readProto;

    /// <summary>Writes the protobuf message body; null for kinds that are not protobuf messages.</summary>
    public Action<KubeSharp.Api.Protobuf.ProtoWriter, object>? WriteProto { get; } = writeProto;

    public override string ToString() => $"{ApiVersion}, Kind={Kind}";
}
