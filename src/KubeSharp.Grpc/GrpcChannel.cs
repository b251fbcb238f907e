using System.Collections.Concurrent;
using System.Net;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.Grpc;

/// <summary>
/// A gRPC client over <see cref="HttpMessageInvoker"/>'s HTTP/2: unary, server-streaming and duplex calls to
/// one or more equivalent endpoints (h2c, TLS or Unix domain socket; see <see cref="GrpcChannelOptions"/>).
/// </summary>
/// <remarks>
/// <para><b>Endpoints.</b> Calls go to the preferred endpoint (initially the first). When a connection to it
/// cannot be made (refused, unreachable, TLS handshake failed, connect timeout) the next endpoint becomes
/// preferred. Unary and server-streaming calls then move on to the next endpoint at once, each endpoint tried
/// at most once per call: the request was never sent, so this is safe for every method. A failure after the
/// request was sent is the call's failure (<see cref="GrpcStatusCode.Unavailable"/>); it is never retried.
/// Duplex calls are not moved: they fail, and the caller's next call goes to the next endpoint.</para>
/// <para><b>Errors.</b> A status other than OK throws <see cref="GrpcCallException"/>; caller cancellation
/// throws <see cref="OperationCanceledException"/> and resets the HTTP/2 stream.</para>
/// <para><b>Threading.</b> Safe for concurrent calls; all calls to one endpoint share its HTTP/2
/// connections (more are opened when the server's concurrent stream limit is reached).</para>
/// </remarks>
public sealed class GrpcChannel : IDisposable
{
    private readonly GrpcChannelOptions _options;
    private readonly GrpcEndpoint[] _endpoints;
    private readonly ConcurrentDictionary<(int, string), Uri> _uris = new();
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private int _preferred;
    private int _disposed;

    /// <summary>A channel to <see cref="GrpcChannelOptions.Endpoints"/>. Connections are made on first use.</summary>
    public GrpcChannel(GrpcChannelOptions options, TimeProvider? timeProvider = null, ILogger<GrpcChannel>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Endpoints is not { Count: > 0 })
        {
            throw new ArgumentException("a gRPC channel needs at least one endpoint", nameof(options));
        }
        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        var endpoints = new List<GrpcEndpoint>();
        try
        {
            foreach (var uri in options.Endpoints)
            {
                endpoints.Add(GrpcEndpoint.Create(uri, options));
            }
        }
        catch
        {
            endpoints.ForEach(e => e.Dispose());
            throw;
        }
        _endpoints = [.. endpoints];
        Endpoints = [.. options.Endpoints];
    }

    /// <summary>The endpoints, as configured.</summary>
    public IReadOnlyList<Uri> Endpoints { get; }

    /// <summary>The endpoint the next call goes to.</summary>
    public Uri PreferredEndpoint => _endpoints[Volatile.Read(ref _preferred)].Uri;

    /// <summary>Sends one request and returns the one response.</summary>
    /// <exception cref="GrpcCallException">The call ended with a status other than OK.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<TResponse> UnaryAsync<TRequest, TResponse>(GrpcMethod<TRequest, TResponse> method, TRequest request,
        GrpcCallOptions? options, CancellationToken cancellationToken)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(request);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        options ??= GrpcCallOptions.Default;
        var frame = GrpcFraming.Frame(request, _options.MaxSendMessageBytes);
        var timeout = options.Timeout ?? _options.DefaultTimeout;
        using var call = new GrpcCall(_timeProvider, timeout, _options.MaxReceiveMessageBytes, cancellationToken);
        call.ThrowIfAborted();
        call.Start(SendAsync(method.Path, () => new FrameContent(frame), call, options, timeout, failover: true));
        var response = await call.ReadMessageAsync(method.ResponseParser, CancellationToken.None)
            ?? throw new GrpcCallException(new GrpcStatus(GrpcStatusCode.Internal, $"{method.Path} ended OK without a response message"));
        if (await call.ReadMessageAsync(method.ResponseParser, CancellationToken.None) is not null)
        {
            throw new GrpcCallException(new GrpcStatus(GrpcStatusCode.Internal, $"{method.Path} sent more than one response message"));
        }
        return response;
    }

    /// <summary>Starts a call with one request and a stream of responses. The request is sent at once; errors
    /// (including failing to connect) surface from the returned call's reads. Dispose the call to end it.</summary>
    public GrpcServerStreamingCall<TResponse> ServerStreaming<TRequest, TResponse>(GrpcMethod<TRequest, TResponse> method, TRequest request,
        GrpcCallOptions? options, CancellationToken cancellationToken)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(request);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        options ??= GrpcCallOptions.Default;
        var frame = GrpcFraming.Frame(request, _options.MaxSendMessageBytes);
        var timeout = options.Timeout ?? _options.DefaultTimeout;
        var call = new GrpcCall(_timeProvider, timeout, _options.MaxReceiveMessageBytes, cancellationToken);
        try
        {
            call.ThrowIfAborted();
            call.Start(SendAsync(method.Path, () => new FrameContent(frame), call, options, timeout, failover: true));
            return new GrpcServerStreamingCall<TResponse>(call, method.ResponseParser);
        }
        catch
        {
            call.Dispose();
            throw;
        }
    }

    /// <summary>Starts a call with a stream of requests and a stream of responses, both open at once, on the
    /// preferred endpoint. Only <see cref="GrpcCallOptions.Timeout"/> limits it. Dispose the call to end it.</summary>
    public GrpcDuplexCall<TRequest, TResponse> StartDuplex<TRequest, TResponse>(GrpcMethod<TRequest, TResponse> method,
        GrpcCallOptions? options, CancellationToken cancellationToken)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(method);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        options ??= GrpcCallOptions.Default;
        var call = new GrpcCall(_timeProvider, options.Timeout, _options.MaxReceiveMessageBytes, cancellationToken);
#pragma warning disable CA2000 // the content is owned by the duplex call, which completes it on dispose.
        var content = new StreamingRequestContent();
#pragma warning restore CA2000
        try
        {
            call.ThrowIfAborted();
            call.Start(SendAsync(method.Path, () => content, call, options, options.Timeout, failover: false));
            return new GrpcDuplexCall<TRequest, TResponse>(call, content, method.ResponseParser, _options.MaxSendMessageBytes);
        }
        catch
        {
            content.Dispose();
            call.Dispose();
            throw;
        }
    }

    /// <summary>Closes every connection; calls in flight fail.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        foreach (var endpoint in _endpoints)
        {
            endpoint.Dispose();
        }
    }

    private async Task<HttpResponseMessage> SendAsync(string path, Func<HttpContent> content, GrpcCall call,
        GrpcCallOptions options, TimeSpan? timeout, bool failover)
    {
        var attempts = failover ? _endpoints.Length : 1;
        var first = Volatile.Read(ref _preferred);
        List<string>? failures = null;
        Exception? last = null;
        for (var i = 0; i < attempts; i++)
        {
            var index = (first + i) % _endpoints.Length;
            var endpoint = _endpoints[index];
            var request = CreateRequest(index, endpoint, path, content(), options, timeout);
            try
            {
                return await endpoint.Invoker.SendAsync(request, call.Token);
            }
            catch (HttpRequestException e) when (IsConnectFailure(e) && !call.Token.IsCancellationRequested)
            {
                request.Dispose();
                GrpcLog.EndpointUnreachable(_logger, endpoint.Uri, path, e.Message);
                if (_endpoints.Length > 1 && Interlocked.CompareExchange(ref _preferred, (index + 1) % _endpoints.Length, index) == index)
                {
                    GrpcLog.EndpointSelected(_logger, _endpoints[(index + 1) % _endpoints.Length].Uri);
                }
                (failures ??= []).Add($"{endpoint.Uri}: {e.Message}");
                last = e;
            }
            catch
            {
                request.Dispose();
                throw;
            }
        }
        throw new GrpcCallException(new GrpcStatus(GrpcStatusCode.Unavailable, "no endpoint could be reached: " + string.Join("; ", failures!)), last);
    }

    private HttpRequestMessage CreateRequest(int index, GrpcEndpoint endpoint, string path, HttpContent content,
        GrpcCallOptions options, TimeSpan? timeout)
    {
        var uri = _uris.GetOrAdd((index, path), static (key, baseUri) => new Uri(baseUri, key.Item2), endpoint.BaseUri);
        var request = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        var headers = request.Headers;
        headers.TryAddWithoutValidation("te", "trailers");
        headers.TryAddWithoutValidation("user-agent", _options.UserAgent);
        headers.TryAddWithoutValidation("grpc-accept-encoding", "identity");
        if (timeout is { } t)
        {
            headers.TryAddWithoutValidation(GrpcProtocol.TimeoutHeader, GrpcTimeout.Encode(t));
        }
        if (options.Headers is { } extra)
        {
            foreach (var (name, value) in extra)
            {
                headers.TryAddWithoutValidation(name, value);
            }
        }
        return request;
    }

    private static bool IsConnectFailure(HttpRequestException e) => e.HttpRequestError
        is HttpRequestError.ConnectionError
        or HttpRequestError.NameResolutionError
        or HttpRequestError.SecureConnectionError;
}
