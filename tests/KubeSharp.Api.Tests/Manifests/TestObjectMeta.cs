using System.Text.Json;
using KubeSharp.Api.Serialization;

namespace KubeSharp.Api.Tests.Manifests;

/// <summary>A hand-written stand-in for <c>ObjectMeta</c> (name, namespace, labels).</summary>
public sealed class TestObjectMeta : IJsonModel<TestObjectMeta>
{
    public string Name { get; set; } = "";

    public string Namespace { get; set; } = "";

    public Dictionary<string, string>? Labels { get; set; }

    public static TestObjectMeta ReadJson(ref Utf8JsonReader reader, JsonDecodeContext context)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            context.ThrowTypeMismatch(ref reader, "ConfigMap", "v1.ObjectMeta");
        }
        var result = new TestObjectMeta();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            switch (reader.GetString())
            {
                case "name":
                    reader.Read();
                    context.Push("name");
                    result.Name = JsonCodec.ReadString(ref reader, context, "ObjectMeta");
                    context.Pop();
                    break;
                case "namespace":
                    reader.Read();
                    result.Namespace = JsonCodec.ReadString(ref reader, context, "ObjectMeta");
                    break;
                case "labels":
                    reader.Read();
                    result.Labels = JsonCodec.ReadStringMap(ref reader, context, "ObjectMeta");
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
        writer.WriteString("name", Name);
        if (Namespace.Length > 0)
        {
            writer.WriteString("namespace", Namespace);
        }
        if (Labels is not null)
        {
            writer.WritePropertyName("labels");
            JsonCodec.WriteStringMap(writer, Labels);
        }
        writer.WriteEndObject();
    }
}
