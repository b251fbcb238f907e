namespace KubeSharp.Api.Protobuf;

/// <summary>Protobuf input could not be decoded.</summary>
public sealed class ProtoDecodeException : Exception
{
    public ProtoDecodeException() { }

    public ProtoDecodeException(string message) : base(message) { }

    public ProtoDecodeException(string message, Exception inner) : base(message, inner) { }
}
