using System.Text.Json;

namespace KubeSharp.Api.Serialization;

/// <summary>
/// A type with a generated JSON codec that follows Go's <c>encoding/json</c> rules for the
/// Kubernetes API: upstream field names and order, <c>omitempty</c>, and strict-decoding findings.
/// </summary>
/// <typeparam name="TSelf">The implementing type.</typeparam>
public interface IJsonModel<TSelf> : IJsonWritable where TSelf : IJsonModel<TSelf>
{
    /// <summary>Decodes a value starting at the reader's current token. On return the reader is on the
    /// value's last token. Unknown and duplicate fields are reported to <paramref name="context"/>.</summary>
    static abstract TSelf ReadJson(ref Utf8JsonReader reader, JsonDecodeContext context);
}
