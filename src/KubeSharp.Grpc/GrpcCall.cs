using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;

namespace KubeSharp.Grpc;

/// <summary>
/// One in-flight gRPC exchange on one HTTP/2 stream: cancellation and deadline, response header checks,
/// message reads, request writes (duplex), and the final status from the trailers.
/// </summary>
/// <remarks>One reader at a time; writes are serialized by the caller; <see cref="Abort"/> and
/// <see cref="Dispose"/> may come from any thread. Aborting cancels the pending HTTP operations and disposes
/// the response, which resets the HTTP/2 stream (RST_STREAM CANCEL) when it has not ended.</remarks>
internal sealed class GrpcCall : IDisposable
{
    private const int NotAborted = 0;
    private const int AbortedByCaller = 1;
    private const int AbortedByDeadline = 2;
    private const int AbortedByDispose = 3;

    private readonly CancellationTokenSource _cts = new();
    private readonly CancellationToken _callerToken;
    private readonly CancellationTokenRegistration _callerRegistration;
    private readonly ITimer? _deadline;
    private readonly TimeProvider _timeProvider;
    private readonly DateTimeOffset? _deadlineAt;
    private readonly int _maxReceiveBytes;
    private readonly byte[] _header = new byte[GrpcFraming.HeaderLength];
    private Task<HttpResponseMessage>? _responseTask;
    private HttpResponseMessage? _response;
    private Stream? _body;
    private int _abort;
    private int _disposed;

    public GrpcCall(TimeProvider timeProvider, TimeSpan? timeout, int maxReceiveBytes, CancellationToken callerToken)
    {
        _callerToken = callerToken;
        _maxReceiveBytes = maxReceiveBytes;
        _timeProvider = timeProvider;
        if (callerToken.CanBeCanceled)
        {
            _callerRegistration = callerToken.UnsafeRegister(static s => ((GrpcCall)s!).Abort(AbortedByCaller), this);
        }
        if (timeout is { } t)
        {
            _deadlineAt = timeProvider.GetUtcNow() + t;
            if (t <= TimeSpan.Zero)
            {
                Abort(AbortedByDeadline);
            }
            else
            {
                _deadline = timeProvider.CreateTimer(static s => ((GrpcCall)s!).Abort(AbortedByDeadline), this, t, Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <summary>Cancelled when the call is aborted (caller, deadline, dispose).</summary>
    public CancellationToken Token => _cts.Token;

    /// <summary>The final status, once known.</summary>
    public GrpcStatus? Status { get; private set; }

    /// <summary>The trailers (or trailers-only headers), once the call has ended.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Trailers { get; private set; } = [];

    /// <summary>Throws when the call is already aborted (cancelled token, expired deadline) before sending.</summary>
    public void ThrowIfAborted()
    {
        if (Volatile.Read(ref _abort) != NotAborted)
        {
            throw Map(new OperationCanceledException(_cts.Token));
        }
    }

    public void Start(Task<HttpResponseMessage> responseTask) => _responseTask = responseTask;

    /// <summary>Waits for the response headers and checks them (HTTP status, content-type, trailers-only).</summary>
    public async ValueTask EnsureResponseAsync(CancellationToken cancellationToken)
    {
        if (_response is not null)
        {
            return;
        }
        using var registration = Link(cancellationToken);
        HttpResponseMessage response;
        try
        {
            response = await _responseTask!.WaitAsync(_cts.Token);
        }
        catch (Exception e) when (e is not GrpcCallException)
        {
            throw Fail(Map(e));
        }
        catch (GrpcCallException e)
        {
            throw Fail(e);
        }
        _response = response;
        if (Volatile.Read(ref _abort) != NotAborted)
        {
            response.Dispose();
            throw Fail(Map(new OperationCanceledException(_cts.Token)));
        }
        if (ReadStatus(response.Headers) is { } trailersOnly)
        {
            Trailers = Collect(response.Headers);
            Status = AfterDeadline(trailersOnly);
            return;
        }
        if (response.StatusCode != HttpStatusCode.OK)
        {
            var code = (int)response.StatusCode;
            throw Fail(new GrpcCallException(new GrpcStatus(GrpcProtocol.FromHttpStatus(code), $"bad gRPC response: HTTP status {code}")));
        }
        var contentType = response.Content.Headers.NonValidated.TryGetValues("content-type", out var values) ? values.ToString() : "";
        if (!contentType.StartsWith(GrpcProtocol.ContentType, StringComparison.OrdinalIgnoreCase))
        {
            throw Fail(new GrpcCallException(new GrpcStatus(GrpcStatusCode.Internal, $"bad gRPC response: content-type '{contentType}'")));
        }
    }

    /// <summary>The next response message, or null at the end of a call that ended OK; throws
    /// <see cref="GrpcCallException"/> for any other status.</summary>
    public async ValueTask<T?> ReadMessageAsync<T>(MessageParser<T> parser, CancellationToken cancellationToken)
        where T : class, IMessage<T>
    {
        await EnsureResponseAsync(cancellationToken);
        if (Status is { } ended)
        {
            ThrowIfFailed(ended);
            return null;
        }
        using var registration = Link(cancellationToken);
        try
        {
            var body = _body ??= await _response!.Content.ReadAsStreamAsync(_cts.Token);
            var read = await body.ReadAtLeastAsync(_header, GrpcFraming.HeaderLength, throwOnEndOfStream: false, _cts.Token);
            if (read == 0)
            {
                var trailers = _response!.TrailingHeaders;
                Trailers = Collect(trailers);
                var status = AfterDeadline(ReadStatus(trailers) ?? new GrpcStatus(GrpcStatusCode.Internal, "the response ended without grpc-status"));
                Status = status;
                ThrowIfFailed(status);
                return null;
            }
            if (read < GrpcFraming.HeaderLength)
            {
                throw Fail(GrpcStatusCode.Internal, "the response ended inside a message header");
            }
            if (_header[0] != 0)
            {
                throw Fail(GrpcStatusCode.Internal, "received a compressed message, but no compression was negotiated");
            }
            var length = BinaryPrimitives.ReadUInt32BigEndian(_header.AsSpan(1));
            if (length > (uint)_maxReceiveBytes)
            {
                throw Fail(GrpcStatusCode.ResourceExhausted, $"received a message of {length} bytes, larger than the limit of {_maxReceiveBytes} bytes");
            }
            var size = (int)length;
            var buffer = ArrayPool<byte>.Shared.Rent(size);
            try
            {
                if (await body.ReadAtLeastAsync(buffer.AsMemory(0, size), size, throwOnEndOfStream: false, _cts.Token) < size)
                {
                    throw Fail(GrpcStatusCode.Internal, "the response ended inside a message");
                }
                return parser.ParseFrom(buffer.AsSpan(0, size));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        catch (Exception e) when (e is not GrpcCallException)
        {
            throw Fail(Map(e));
        }
    }

    /// <summary>Writes one framed request message to a streaming request body and flushes it.</summary>
    public async ValueTask WriteAsync(StreamingRequestContent content, byte[] frame, CancellationToken cancellationToken)
    {
        using var registration = Link(cancellationToken);
        try
        {
            var streamTask = content.RequestStream;
            if (!streamTask.IsCompleted)
            {
                await Task.WhenAny(streamTask, _responseTask!).WaitAsync(_cts.Token);
                if (!streamTask.IsCompleted)
                {
                    // The response came (or failed) before the request body started: report its status.
                    await EnsureResponseAsync(CancellationToken.None);
                    throw new GrpcCallException(Status is { Code: not GrpcStatusCode.OK } s ? s
                        : new GrpcStatus(GrpcStatusCode.Internal, "the server ended the call before the request stream opened"));
                }
            }
            var stream = await streamTask;
            await stream.WriteAsync(frame, _cts.Token);
            await stream.FlushAsync(_cts.Token);
        }
        catch (Exception e) when (e is not GrpcCallException)
        {
            throw Map(e);
        }
    }

    /// <summary>Cancels the call for <paramref name="reason"/> (first reason wins) and resets the stream.</summary>
    private void Abort(int reason)
    {
        if (Interlocked.CompareExchange(ref _abort, reason, NotAborted) != NotAborted)
        {
            return;
        }
        try
        {
            _cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
        Volatile.Read(ref _response)?.Dispose();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        if (Status is null)
        {
            Abort(AbortedByDispose);
        }
        _callerRegistration.Dispose();
        _deadline?.Dispose();
        _response?.Dispose();
        if (_response is null && _responseTask is { } pending)
        {
            // Dispose a response that arrives after the call was abandoned; observe a failure.
            _ = pending.ContinueWith(static t =>
            {
                if (t.IsCompletedSuccessfully)
                {
                    t.Result.Dispose();
                }
                else
                {
                    _ = t.Exception;
                }
            }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        _cts.Dispose();
    }

    private CancellationTokenRegistration Link(CancellationToken cancellationToken)
        => cancellationToken.CanBeCanceled && cancellationToken != _callerToken
            ? cancellationToken.UnsafeRegister(static s => ((GrpcCall)s!).Abort(AbortedByCaller), this)
            : default;

    private GrpcCallException Fail(GrpcStatusCode code, string detail) => Fail(new GrpcCallException(new GrpcStatus(code, detail)));

    private Exception Fail(Exception e)
    {
        if (e is GrpcCallException g)
        {
            Status ??= g.Status;
        }
        return e;
    }

    private GrpcCallException Fail(GrpcCallException e)
    {
        Status ??= e.Status;
        return e;
    }

    private void ThrowIfFailed(GrpcStatus status)
    {
        if (status.Code != GrpcStatusCode.OK)
        {
            throw new GrpcCallException(status, null, Trailers);
        }
    }

    /// <summary>The exception a failure of the HTTP layer surfaces as.</summary>
    private Exception Map(Exception e)
    {
        switch (Volatile.Read(ref _abort))
        {
            case AbortedByCaller:
                return new OperationCanceledException("The gRPC call was cancelled.", e, _callerToken.IsCancellationRequested ? _callerToken : _cts.Token);
            case AbortedByDeadline:
                return new GrpcCallException(new GrpcStatus(GrpcStatusCode.DeadlineExceeded, "the deadline expired"), e);
            case AbortedByDispose:
                return new GrpcCallException(new GrpcStatus(GrpcStatusCode.Cancelled, "the call was disposed"), e);
        }
        return e switch
        {
            GrpcCallException g => g,
            HttpProtocolException p => new GrpcCallException(new GrpcStatus(GrpcProtocol.FromHttp2Error(p.ErrorCode), p.Message), e),
            InvalidProtocolBufferException => new GrpcCallException(new GrpcStatus(GrpcStatusCode.Internal, "failed to parse a response message: " + e.Message), e),
            HttpRequestException or IOException or ObjectDisposedException or OperationCanceledException
                => new GrpcCallException(new GrpcStatus(GrpcStatusCode.Unavailable, e.Message), e),
            _ => e,
        };
    }

    /// <summary>
    /// A failure the server reports once the call's deadline has passed is the deadline's: the server got the same
    /// deadline (grpc-timeout) and may end the call first, and servers built on older grpc-go report their own expiry
    /// as Unknown ("context deadline exceeded"); the caller sees DeadlineExceeded either way, as when the local timer
    /// wins the race.
    /// </summary>
    private GrpcStatus AfterDeadline(GrpcStatus status)
        => status.Code is not GrpcStatusCode.OK and not GrpcStatusCode.DeadlineExceeded && _deadlineAt is { } at && _timeProvider.GetUtcNow() >= at
            ? new GrpcStatus(GrpcStatusCode.DeadlineExceeded, $"the deadline expired (the server reported {status})")
            : status;

    private static GrpcStatus? ReadStatus(HttpHeaders headers)
    {
        if (!headers.NonValidated.TryGetValues(GrpcProtocol.StatusHeader, out var statusValues))
        {
            return null;
        }
        var text = statusValues.ToString();
        var code = int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
            ? (GrpcStatusCode)n
            : GrpcStatusCode.Unknown;
        var message = headers.NonValidated.TryGetValues(GrpcProtocol.MessageHeader, out var messageValues)
            ? GrpcPercentEncoding.Decode(messageValues.ToString())
            : "";
        return new GrpcStatus(code, message);
    }

    private static KeyValuePair<string, string>[] Collect(HttpHeaders headers)
    {
        var list = new List<KeyValuePair<string, string>>();
        foreach (var header in headers.NonValidated)
        {
            foreach (var value in header.Value)
            {
                list.Add(new(header.Key, value));
            }
        }
        return [.. list];
    }
}
