using System.Runtime.CompilerServices;
using Google.Protobuf;

namespace KubeSharp.Grpc;

/// <summary>A call with a stream of requests and a stream of responses (<see cref="GrpcChannel.StartDuplex"/>).</summary>
/// <remarks>Writes may come from any thread (they are serialized); one reader at a time, concurrently with
/// writers. Cancelling a read's or write's token cancels the whole call. Disposing before the call ended
/// resets the stream.</remarks>
/// <typeparam name="TRequest">The request message type.</typeparam>
/// <typeparam name="TResponse">The response message type.</typeparam>
public sealed class GrpcDuplexCall<TRequest, TResponse> : IAsyncDisposable, IDisposable
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    private readonly GrpcCall _call;
    private readonly StreamingRequestContent _content;
    private readonly MessageParser<TResponse> _parser;
    private readonly int _maxSendBytes;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private TResponse? _current;
    private bool _requestsCompleted;
    private int _disposed;

    internal GrpcDuplexCall(GrpcCall call, StreamingRequestContent content, MessageParser<TResponse> parser, int maxSendBytes)
    {
        _call = call;
        _content = content;
        _parser = parser;
        _maxSendBytes = maxSendBytes;
    }

    /// <summary>The message the last successful <see cref="MoveNextAsync"/> read.</summary>
    public TResponse Current => _current ?? throw new InvalidOperationException("no message has been read");

    /// <summary>The final status, once the response stream has ended.</summary>
    public GrpcStatus? Status => _call.Status;

    /// <summary>Sends one request message (flushed before the task completes).</summary>
    /// <exception cref="InvalidOperationException">After <see cref="CompleteRequestsAsync"/>.</exception>
    /// <exception cref="GrpcCallException">The call has failed or ended.</exception>
    public async ValueTask WriteAsync(TRequest message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var frame = GrpcFraming.Frame(message, _maxSendBytes);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            if (_requestsCompleted)
            {
                throw new InvalidOperationException("the request stream is already completed");
            }
            await _call.WriteAsync(_content, frame, cancellationToken);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Ends the request stream (HTTP/2 END_STREAM); responses can still be read.</summary>
    public async ValueTask CompleteRequestsAsync(CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            _requestsCompleted = true;
            _content.Complete();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Reads the next response: false when the call ended OK.</summary>
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

    /// <summary>Every remaining response.</summary>
    public async IAsyncEnumerable<TResponse> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (await MoveNextAsync(cancellationToken))
        {
            yield return Current;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        // Abort (not complete) the request body first: a clean END_STREAM could reach the server before the reset.
        _content.Abort();
        _call.Dispose();
        _content.Dispose();
        _writeLock.Dispose();
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
