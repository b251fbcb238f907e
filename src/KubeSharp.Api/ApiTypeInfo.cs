using System.Text.Json;
using KubeSharp.Api.Serialization;

namespace KubeSharp.Api;

/// <summary>Decodes one JSON value into a typed API object.</summary>
public delegate object ApiJsonReader(ref Utf8JsonReader reader, JsonDecodeContext context);

/// <summary>One group/version/kind of the API model with its CLR type and codecs.</summary>
public sealed class ApiTypeInfo(
    string group, string version, string kind, string modelName, Type clrType,
    ApiJsonReader readJson, Action<Utf8JsonWriter, object> writeJson)
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

    public override string ToString() => $"{ApiVersion}, Kind={Kind}";
}
