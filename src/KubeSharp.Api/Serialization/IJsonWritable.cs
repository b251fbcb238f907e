using System.Text.Json;

namespace KubeSharp.Api.Serialization;

/// <summary>Anything the generated codecs can write as JSON, without knowing its type statically.</summary>
public interface IJsonWritable
{
    /// <summary>Writes this value as upstream would.</summary>
    void WriteJson(Utf8JsonWriter writer);
}
