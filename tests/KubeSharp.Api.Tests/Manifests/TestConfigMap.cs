using System.Text.Json;
using KubeSharp.Api.Serialization;

namespace KubeSharp.Api.Tests.Manifests;

/// <summary>A hand-written stand-in for a generated type: <c>v1 ConfigMap</c> with a few fields.</summary>
public sealed class TestConfigMap : IJsonModel<TestConfigMap>
{
    public string ApiVersion { get; set; } = "";

    public string Kind { get; set; } = "";

    public TestObjectMeta? Metadata { get; set; }

    public Dictionary<string, string>? Data { get; set; }

    public bool? Immutable { get; set; }

    public static TestConfigMap ReadJson(ref Utf8JsonReader reader, JsonDecodeContext context)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            context.ThrowTypeMismatch(ref reader, "ConfigMap", "v1.ConfigMap");
        }
        var result = new TestConfigMap();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            if (name is "apiVersion" or "kind" or "metadata" or "data" or "immutable" && !seen.Add(name))
            {
                context.ReportDuplicate(name);
            }
            switch (name)
            {
                case "apiVersion":
                    reader.Read();
                    result.ApiVersion = JsonCodec.ReadString(ref reader, context, "ConfigMap");
                    break;
                case "kind":
                    reader.Read();
                    result.Kind = JsonCodec.ReadString(ref reader, context, "ConfigMap");
                    break;
                case "metadata":
                    reader.Read();
                    context.Push("metadata");
                    result.Metadata = reader.TokenType == JsonTokenType.Null ? null : TestObjectMeta.ReadJson(ref reader, context);
                    context.Pop();
                    break;
                case "data":
                    reader.Read();
                    context.Push("data");
                    result.Data = JsonCodec.ReadStringMap(ref reader, context, "ConfigMap");
                    context.Pop();
                    break;
                case "immutable":
                    reader.Read();
                    context.Push("immutable");
                    result.Immutable = reader.TokenType == JsonTokenType.Null ? null : JsonCodec.ReadBool(ref reader, context, "ConfigMap");
                    context.Pop();
                    break;
                default:
                    JsonCodec.SkipUnknown(ref reader, context);
                    break;
            }
        }
        return result;
    }

    public void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("kind", Kind);
        writer.WriteString("apiVersion", ApiVersion);
        if (Metadata is not null)
        {
            writer.WritePropertyName("metadata");
            Metadata.WriteJson(writer);
        }
        if (Data is not null)
        {
            writer.WritePropertyName("data");
            JsonCodec.WriteStringMap(writer, Data);
        }
        writer.WriteEndObject();
    }
}
