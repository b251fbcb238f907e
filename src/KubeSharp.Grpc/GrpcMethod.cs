using Google.Protobuf;

namespace KubeSharp.Grpc;

/// <summary>Describes one gRPC method: its path and how its response messages are parsed. Immutable;
/// keep one static instance per method.</summary>
/// <typeparam name="TRequest">The request message type.</typeparam>
/// <typeparam name="TResponse">The response message type.</typeparam>
public sealed class GrpcMethod<TRequest, TResponse>
    where TRequest : IMessage<TRequest>
    where TResponse : IMessage<TResponse>
{
    /// <summary>A method <c>/package.Service/Method</c>.</summary>
    /// <param name="type">Unary, server-streaming or duplex.</param>
    /// <param name="service">The fully qualified service, e.g. <c>etcdserverpb.KV</c>.</param>
    /// <param name="name">The method name, e.g. <c>Range</c>.</param>
    /// <param name="responseParser">Parses response messages (the generated <c>Parser</c>).</param>
    public GrpcMethod(GrpcMethodType type, string service, string name, MessageParser<TResponse> responseParser)
    {
        ArgumentException.ThrowIfNullOrEmpty(service);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(responseParser);
        Type = type;
        Service = service;
        Name = name;
        Path = "/" + service + "/" + name;
        ResponseParser = responseParser;
    }

    /// <summary>Unary, server-streaming or duplex.</summary>
    public GrpcMethodType Type { get; }

    /// <summary>The fully qualified service name.</summary>
    public string Service { get; }

    /// <summary>The method name.</summary>
    public string Name { get; }

    /// <summary>The HTTP/2 <c>:path</c>: <c>/service/method</c>.</summary>
    public string Path { get; }

    /// <summary>The response parser.</summary>
    public MessageParser<TResponse> ResponseParser { get; }

    /// <inheritdoc />
    public override string ToString() => Path;
}
