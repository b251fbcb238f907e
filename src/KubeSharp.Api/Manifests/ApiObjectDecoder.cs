using KubeSharp.Api.Serialization;

namespace KubeSharp.Api.Manifests;

/// <summary>Decodes one JSON object into a typed API object, reporting unknown and duplicate fields to
/// <paramref name="context"/>. Throws <see cref="JsonDecodeException"/> when the JSON does not fit the type.</summary>
public delegate object ApiObjectDecoder(ReadOnlySpan<byte> json, JsonDecodeContext context);
