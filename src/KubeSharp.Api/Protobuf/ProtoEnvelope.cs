namespace KubeSharp.Api.Protobuf;

/// <summary>A decoded runtime.Unknown envelope: the object's type and its raw message.</summary>
public sealed record ProtoEnvelope(string ApiVersion, string Kind, byte[] Raw, string ContentEncoding, string ContentType);
