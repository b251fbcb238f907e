using KubeSharp.Api.Registry;
using KubeSharp.Api.Serialization;

namespace KubeSharp.Api.Manifests;

/// <summary>A decodable API type: its group, version and kind, and the decoder of its generated JSON codec.</summary>
public sealed class ApiTypeHandle
{
    /// <summary>Creates a handle from a decoder delegate.</summary>
    public ApiTypeHandle(GroupVersionKind kind, ApiObjectDecoder decode)
    {
        ArgumentNullException.ThrowIfNull(decode);
        Kind = kind;
        Decode = decode;
    }

    /// <summary>The group, version and kind this handle decodes.</summary>
    public GroupVersionKind Kind { get; }

    /// <summary>Decodes a JSON object into an instance of the type.</summary>
    public ApiObjectDecoder Decode { get; }

    /// <summary>A handle for a type with a generated codec (no reflection: the static <c>ReadJson</c> is bound at
    /// compile time).</summary>
    public static ApiTypeHandle For<T>(GroupVersionKind kind) where T : IJsonModel<T>
        => new(kind, static (json, context) => KubeJson.Deserialize<T>(json, context)!);

    /// <summary>A handle for a type with a generated codec, from <c>apiVersion</c> and <c>kind</c>.</summary>
    public static ApiTypeHandle For<T>(string apiVersion, string kind) where T : IJsonModel<T>
        => For<T>(GroupVersionKind.FromApiVersion(apiVersion, kind));

    /// <inheritdoc/>
    public override string ToString() => Kind.ToString();
}
