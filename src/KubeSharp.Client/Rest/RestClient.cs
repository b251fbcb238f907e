using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Reflection;
using System.Runtime.InteropServices;
using KubeSharp.Api.Meta.V1;
using KubeSharp.Api.Serialization;

namespace KubeSharp.Client;

/// <summary>
/// The REST layer (client-go's rest.RESTClient): sends <see cref="RestRequest"/>s over an <see cref="HttpClient"/>
/// (see <see cref="ClientConfiguration.CreateHttpClient"/>), decodes error answers into <see cref="KubeApiException"/>
/// and retries with exponential backoff and jitter: a 429 (honouring Retry-After) and a refused connection for every
/// method, other connection failures and 5xx answers for retryable requests only. Thread-safe.
/// </summary>
public sealed class RestClient : IDisposable
{
    private readonly bool _ownsHttpClient;
    private BasePrefix? _basePrefix;

    /// <summary>Wraps an HTTP client whose BaseAddress is the API server.</summary>
    /// <param name="httpClient">The client; its Timeout is set to infinite (watches stream; attempts are timed by <see cref="RestClientOptions.RequestTimeout"/>).</param>
    /// <param name="options">Retry and header options.</param>
    /// <param name="ownsHttpClient">Whether <see cref="Dispose"/> disposes the client.</param>
    public RestClient(HttpClient httpClient, RestClientOptions? options = null, bool ownsHttpClient = true)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        HttpClient = httpClient;
        try
        {
            HttpClient.Timeout = Timeout.InfiniteTimeSpan;
        }
        catch (InvalidOperationException)
        {
            // The client has sent requests already: its timeout stays (it then also limits watches).
        }
        Options = options ?? new RestClientOptions();
        _ownsHttpClient = ownsHttpClient;
        if (httpClient is ClientConfiguration.ConfiguredHttpClient configured)
        {
            _direct = new HttpMessageInvoker(configured.Handler, disposeHandler: false);
        }
    }

    // The handler of a client made by ClientConfiguration.CreateHttpClient, called without HttpClient's layer (see Invoke).
    private readonly HttpMessageInvoker? _direct;

    /// <summary>"kubesharp/&lt;version&gt;" (the assembly's version).</summary>
    public static string DefaultUserAgent { get; } = "kubesharp/v" + VersionOf(typeof(RestClient).Assembly);

    /// <summary>The underlying HTTP client.</summary>
    public HttpClient HttpClient { get; }

    /// <summary>The options.</summary>
    public RestClientOptions Options { get; }

    /// <summary>Sends the request and returns the response body of a 2xx answer.</summary>
    /// <exception cref="KubeApiException">The server answered with an error (after retries).</exception>
    /// <exception cref="HttpRequestException">The server could not be reached (after retries).</exception>
    public Task<byte[]> SendAsync(RestRequest request, CancellationToken cancellationToken = default)
        => SendCoreAsync(request, pooled: false, 0, static (_, body) => MemoryMarshal.TryGetArray(body, out var whole) && whole.Offset == 0 && whole.Count == whole.Array!.Length
            ? whole.Array
            : body.ToArray(), cancellationToken);

    /// <summary>Sends the request and decodes the 2xx answer as <typeparamref name="T"/>.</summary>
    public Task<T> SendAsync<T>(RestRequest request, CancellationToken cancellationToken = default) where T : IJsonModel<T>
        => SendAsync(request, 0, static (_, body) => KubeJson.Deserialize<T>(body), cancellationToken);

    /// <summary>
    /// Sends the request and hands the 2xx answer's body to <paramref name="decode"/>, which must not keep a reference
    /// to it: the body is read into a pooled buffer that is reused once <paramref name="decode"/> returns (decoded
    /// objects copy what they keep). Saves the body's array per call.
    /// </summary>
    public Task<TResult> SendAsync<TState, TResult>(RestRequest request, TState state, Func<TState, ReadOnlyMemory<byte>, TResult> decode, CancellationToken cancellationToken = default)
        => SendCoreAsync(request, pooled: true, state, decode, cancellationToken);

    /// <summary>Sends the request; a 2xx answer's body is read and dropped (into a pooled buffer, never decoded).</summary>
    public Task SendIgnoringBodyAsync(RestRequest request, CancellationToken cancellationToken = default)
        => SendCoreAsync(request, pooled: true, 0, static (_, _) => 0, cancellationToken);

    /// <summary>The retry loop; a 2xx answer's body goes to <paramref name="decode"/> (one async method per request).</summary>
    private async Task<TResult> SendCoreAsync<TState, TResult>(RestRequest request, bool pooled, TState state, Func<TState, ReadOnlyMemory<byte>, TResult> decode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(decode);
        // Whether an attempt's content may still be reading a pooled request body (then it is left to the GC).
        var bodyInUse = false;
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                TimeSpan? delay;
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(Options.RequestTimeout);
                using var message = Build(request);
                try
                {
                    using var response = await Invoke(message, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
                    var body = await ReadBodyAsync(request.Method, response, pooled, timeout.Token).ConfigureAwait(false);
                    if (response.IsSuccessStatusCode)
                    {
                        try
                        {
                            return decode(state, body.Array.AsMemory(0, body.Length));
                        }
                        finally
                        {
                            body.Return();
                        }
                    }
                    KubeApiException error;
                    try
                    {
                        error = ToException(response.StatusCode, body.Array.AsSpan(0, body.Length));
                    }
                    finally
                    {
                        body.Return();
                    }
                    delay = RetryDelay(request, response, attempt);
                    if (delay is null)
                    {
                        throw error;
                    }
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // The attempt timed out.
                    if (!request.IsRetryable || attempt >= Options.MaxRetries)
                    {
                        throw new KubeApiException(KubeApiException.StatusFor(HttpStatusCode.GatewayTimeout,
                            $"the request {request.Method} {request.Path} did not finish within {Options.RequestTimeout.TotalSeconds:0.#}s"));
                    }
                    delay = Backoff(attempt);
                }
                catch (HttpRequestException e) when (e.StatusCode is null && attempt < Options.MaxRetries && (request.IsRetryable || IsConnectionRefused(e)))
                {
                    delay = Backoff(attempt);
                }
                finally
                {
                    if (message.Content is BodyContent content && !content.TrySeal())
                    {
                        bodyInUse = true;
                    }
                }
                await Task.Delay(delay.Value, Options.TimeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            if (!bodyInUse)
            {
                request.ReturnPooledBody();
            }
        }
    }

    /// <summary>A response body: the first <see cref="Length"/> bytes of <see cref="Array"/>, rented from the shared pool when <see cref="Pooled"/>.</summary>
    private readonly record struct Body(byte[] Array, int Length, bool Pooled)
    {
        public static readonly Body Empty = new([], 0, false);

        public void Return()
        {
            if (Pooled)
            {
                ArrayPool<byte>.Shared.Return(Array);
            }
        }
    }

    /// <summary>
    /// Sends a streaming request (a watch): returns the response once its headers arrived with a 2xx status; the caller
    /// reads and disposes it. Connection failures before the answer are retried with backoff; error answers throw.
    /// </summary>
    public async Task<HttpResponseMessage> OpenStreamAsync(RestRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        for (var attempt = 0; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            TimeSpan? delay;
            HttpResponseMessage? response = null;
            try
            {
                using var message = Build(request);
                response = await Invoke(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    var ok = response;
                    response = null;
                    return ok;
                }
                var body = await ReadBodyAsync(request.Method, response, pooled: false, cancellationToken);
                var error = ToException(response.StatusCode, body.Array.AsSpan(0, body.Length));
                delay = RetryDelay(request, response, attempt);
                if (delay is null)
                {
                    throw error;
                }
            }
            catch (HttpRequestException e) when (e.StatusCode is null && attempt < Options.MaxRetries && (request.IsRetryable || IsConnectionRefused(e)))
            {
                delay = Backoff(attempt);
            }
            finally
            {
                response?.Dispose();
            }
            await Task.Delay(delay.Value, Options.TimeProvider, cancellationToken);
        }
    }

    /// <summary>The exception for an error answer: its Status when the body is one, else a Status built from the code.</summary>
    public static KubeApiException ToException(HttpStatusCode code, ReadOnlySpan<byte> body)
    {
        try
        {
            var status = KubeJson.Deserialize<Status>(body);
            if (status.Kind == "Status")
            {
                if (status.Code == 0)
                {
                    status.Code = (int)code;
                }
                return new KubeApiException(status);
            }
        }
        catch (JsonDecodeException)
        {
            // Not JSON: the body becomes the message.
        }
        return new KubeApiException(KubeApiException.StatusFor(code, System.Text.Encoding.UTF8.GetString(body)));
    }

    /// <summary>The delay before retry <paramref name="attempt"/> (0-based): exponential from the initial backoff, capped,
    /// with up to 50% jitter added (never below the un-jittered value, never above the cap).</summary>
    public TimeSpan Backoff(int attempt)
    {
        var baseTicks = Options.InitialBackoff.Ticks * Math.Pow(2, Math.Min(attempt, 30));
        var capped = Math.Min(baseTicks, Options.MaxBackoff.Ticks);
        var jittered = capped * (1 + (Random.Shared.NextDouble() * 0.5));
        return TimeSpan.FromTicks((long)Math.Min(jittered, Options.MaxBackoff.Ticks));
    }

    private TimeSpan? RetryDelay(RestRequest request, HttpResponseMessage response, int attempt)
    {
        if (attempt >= Options.MaxRetries)
        {
            return null;
        }
        var code = (int)response.StatusCode;
        var retryAfter = RetryAfter(response);
        if (code == 429 || (retryAfter is not null && code >= 500 && request.IsRetryable) || (request.IsRetryable && code is 500 or 502 or 503 or 504))
        {
            var delay = retryAfter ?? Backoff(attempt);
            return delay > Options.MaxBackoff ? Options.MaxBackoff : delay < TimeSpan.Zero ? TimeSpan.Zero : delay;
        }
        return null;
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }
        if (header?.Date is { } date)
        {
            return date - Options.TimeProvider.GetUtcNow();
        }
        return null;
    }

    private static bool IsConnectionRefused(HttpRequestException e)
        => e.HttpRequestError == HttpRequestError.ConnectionError && e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused };

    /// <summary>
    /// Sends one message. A client made by <see cref="ClientConfiguration.CreateHttpClient"/> is called through its
    /// handler directly when nothing on the HttpClient would change the request (no default headers, no timeout: the
    /// attempt's own timeout applies): HttpClient's layer adds per request a linked CancellationTokenSource, its own
    /// async state machine and, for a buffered answer, a copy of the body through a growing pooled buffer, none of
    /// which this class needs (it builds absolute URLs, sets the version in the handler and reads bodies itself).
    /// </summary>
    private Task<HttpResponseMessage> Invoke(HttpRequestMessage message, HttpCompletionOption completion, CancellationToken cancellationToken)
        => _direct is { } direct && HttpClient.DefaultRequestHeaders.NonValidated.Count == 0 && HttpClient.Timeout == Timeout.InfiniteTimeSpan
            && message.RequestUri is { IsAbsoluteUri: true }
            ? direct.SendAsync(message, cancellationToken)
            : HttpClient.SendAsync(message, completion, cancellationToken);

    /// <summary>The largest response body read into a pooled array.</summary>
    private const int MaxPooledBody = 1024 * 1024;

    /// <summary>
    /// The whole body: read straight into an array of the declared Content-Length (the API server declares it for
    /// every non-streamed answer; <paramref name="pooled"/>: a rented one), else buffered by HttpContent. A body
    /// shorter than declared is an error, as HttpClient reports it (an HttpRequestException without a status code).
    /// </summary>
    private async Task<Body> ReadBodyAsync(HttpMethod method, HttpResponseMessage response, bool pooled, CancellationToken cancellationToken)
    {
        var content = response.Content;
        if (method == HttpMethod.Head)
        {
            // A HEAD answer declares the length of the body it does not send.
            return Body.Empty;
        }
        if (content.Headers.ContentLength is not { } length || length > HttpClient.MaxResponseContentBufferSize || length > Array.MaxLength)
        {
            var whole = await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            return new Body(whole, whole.Length, false);
        }
        if (length == 0)
        {
            return Body.Empty;
        }
        // Only small bodies come from the shared pool: it keeps arrays up to 1 GiB per thread, and a large LIST's
        // buffer would stay parked there until the pool trims it.
        var body = pooled && length <= MaxPooledBody
            ? new Body(ArrayPool<byte>.Shared.Rent((int)length), (int)length, true)
            : new Body(new byte[length], (int)length, false);
        try
        {
            var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                int read;
                try
                {
                    read = await stream.ReadAtLeastAsync(body.Array.AsMemory(0, body.Length), body.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                }
                catch (IOException e)
                {
                    // As HttpContent's buffering reports a connection broken mid-body (so it is retried as one).
                    throw new HttpRequestException((e as HttpIOException)?.HttpRequestError ?? HttpRequestError.Unknown, "Error while copying content to a stream.", e);
                }
                if (read < body.Length)
                {
                    // No status code on it: a broken answer is retried like a broken connection, as HttpClient's own
                    // buffering failure was.
                    throw new HttpRequestException(HttpRequestError.ResponseEnded, $"the response ended after {read} of its {length} bytes");
                }
            }
            return body;
        }
        catch
        {
            body.Return();
            throw;
        }
    }

    private HttpRequestMessage Build(RestRequest request)
    {
        // Headers are added unparsed (nothing reads them back before they are written to the wire): no header-value
        // objects per request. The URL is made absolute here (prefix, path and query in one string) so HttpClient does
        // not combine (and re-parse) it again.
        var message = new HttpRequestMessage(request.Method, HttpClient.BaseAddress is { } baseAddress
            ? new Uri(request.PathAndQuery(BaseText(baseAddress)), UriKind.Absolute)
            : new Uri(request.PathAndQuery(), UriKind.Relative));
        message.Headers.TryAddWithoutValidation("User-Agent", Options.UserAgent);
        message.Headers.TryAddWithoutValidation("Accept", request.Accept);
        if (request.Body is { } body)
        {
            var content = new BodyContent(body);
            content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
            message.Content = content;
        }
        return message;
    }

    private string BaseText(Uri baseAddress)
    {
        var prefix = _basePrefix;
        if (prefix is null || !ReferenceEquals(prefix.Base, baseAddress))
        {
            // The base's path (a server URL may have one, e.g. https://host/prefix) without its trailing slash.
            var text = baseAddress.GetLeftPart(UriPartial.Path).TrimEnd('/');
            _basePrefix = prefix = new BasePrefix(baseAddress, text);
        }
        return prefix.Text;
    }

    private sealed record BasePrefix(Uri Base, string Text);

    /// <summary>
    /// Request content over memory (as ReadOnlyMemoryContent) that knows whether a write of it is running, so a pooled
    /// body goes back to the pool only when nothing can still read it: HttpClient may return the answer while an
    /// abandoned attempt, or a server that answered early, still has the body being written.
    /// </summary>
    private sealed class BodyContent(ReadOnlyMemory<byte> body) : HttpContent
    {
        private const int Idle = 0, Writing = 1, Sealed = 2;
        private int _state;

        /// <summary>Stops later writes; true when no write is running (the body's memory is no longer read).</summary>
        public bool TrySeal() => Interlocked.CompareExchange(ref _state, Sealed, Idle) != Writing;

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            if (Interlocked.CompareExchange(ref _state, Writing, Idle) != Idle)
            {
                throw new ObjectDisposedException(nameof(BodyContent), "the request is over");
            }
            try
            {
                await stream.WriteAsync(body, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Interlocked.CompareExchange(ref _state, Idle, Writing);
            }
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override void SerializeToStream(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            if (Interlocked.CompareExchange(ref _state, Writing, Idle) != Idle)
            {
                throw new ObjectDisposedException(nameof(BodyContent), "the request is over");
            }
            try
            {
                stream.Write(body.Span);
            }
            finally
            {
                Interlocked.CompareExchange(ref _state, Idle, Writing);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = body.Length;
            return true;
        }
    }

    private static string VersionOf(Assembly assembly)
    {
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (!string.IsNullOrEmpty(informational))
        {
            var plus = informational.IndexOf('+', StringComparison.Ordinal);
            return plus < 0 ? informational : informational[..plus];
        }
        return assembly.GetName().Version?.ToString(3) ?? "0.0.0";
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _direct?.Dispose();
        if (_ownsHttpClient)
        {
            HttpClient.Dispose();
        }
    }
}
