using System.Runtime.CompilerServices;
using Google.Protobuf;

namespace KubeSharp.Grpc;

/// <summary>A call with one request and a stream of responses (<see cref="GrpcChannel.ServerStreaming"/>).</summary>
/// <remarks>One reader at a time. Cancelling a read's token cancels the whole call. Disposing before the
/// stream ended resets it.</remarks>
/// <typeparam name="TResponse">The response message type.</typeparam>
public sealed class GrpcServerStreamingCall<TResponse> : IAsyncDisposable, IDisposable
    where TResponse : class, IMessage<TResponse>
{
    private readonly GrpcCall _call;
    private readonly MessageParser<TResponse> _parser;
    private TResponse? _current;

    internal GrpcServerStreamingCall(GrpcCall call, MessageParser<TResponse> parser)
    {
        _call = call;
        _parser = parser;
    }

    /// <summary>The message the last successful <see cref="MoveNextAsync"/> read.</summary>
    public TResponse Current => _current ?? throw new InvalidOperationException("no message has been read");

    /// <summary>The final status, once the stream has ended.</summary>
    public GrpcStatus? Status => _call.Status;

    /// <summary>The trailers, once the stream has ended.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Trailers => _call.Trailers;

    /// <summary>Reads the next message: false when the call ended OK.</summary>
    /// <exception cref="GrpcCallException">The call ended with another status.</exception>
    public async ValueTask<bool> MoveNextAsync(CancellationToken cancellationToken)
    {
        var message = await _call.ReadMessageAsync(_parser, cancellationToken);
        if (message is null)
        {
            return false;
        }
        _current = message;
        return true;
    }

    /// <summary>Every remaining message.</summary>
    public async IAsyncEnumerable<TResponse> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (await MoveNextAsync(cancellationToken))
        {
            yield return Current;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _call.Dispose();

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _call.Dispose();
        return ValueTask.CompletedTask;
    }
}
