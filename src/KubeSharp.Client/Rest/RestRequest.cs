using System.Text;

namespace KubeSharp.Client;

/// <summary>One API request: method, path (no query), query parameters, optional body.</summary>
public sealed class RestRequest
{
    /// <summary>Creates a request.</summary>
    public RestRequest(HttpMethod method, string path)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentException.ThrowIfNullOrEmpty(path);
        Method = method;
        Path = path;
    }

    /// <summary>The HTTP method.</summary>
    public HttpMethod Method { get; }

    /// <summary>The URL path, for example <c>/api/v1/namespaces/default/pods</c>.</summary>
    public string Path { get; }

    /// <summary>Query parameters in order (a name may repeat); values are escaped when the URL is built.</summary>
    public List<KeyValuePair<string, string>> Query { get; } = [];

    /// <summary>The body (JSON unless <see cref="ContentType"/> says otherwise), or null.</summary>
    public ReadOnlyMemory<byte>? Body
    {
        get => _body;
        set
        {
            _body = value;
            _pooledBody = null;
        }
    }

    private ReadOnlyMemory<byte>? _body;

    // A body rented from the shared pool (SetPooledBody), handed back once the request is over.
    private byte[]? _pooledBody;

    /// <summary>Sets the body to the first <paramref name="length"/> bytes of an array rented from
    /// <see cref="System.Buffers.ArrayPool{T}.Shared"/>: the request owns it and returns it once sent (it is sent once).</summary>
    internal void SetPooledBody(byte[] array, int length)
    {
        _body = array.AsMemory(0, length);
        _pooledBody = array;
    }

    /// <summary>Returns the pooled body (if any) to the pool; the request has no body afterwards.</summary>
    internal void ReturnPooledBody()
    {
        if (_pooledBody is { } array)
        {
            _pooledBody = null;
            _body = null;
            // Cleared: a request body may carry a Secret's data.
            System.Buffers.ArrayPool<byte>.Shared.Return(array, clearArray: true);
        }
    }

    /// <summary>The body's content type (default application/json).</summary>
    public string ContentType { get; set; } = "application/json";

    /// <summary>The Accept header (default application/json).</summary>
    public string Accept { get; set; } = "application/json";

    /// <summary>
    /// Whether a connection failure or a 5xx answer may be retried (the request is safe to send twice). Null: GET
    /// and HEAD are. A 429 with Retry-After and a refused connection are retried for every method (the server did
    /// not act on the request).
    /// </summary>
    public bool? Retryable { get; set; }

    /// <summary>Adds a query parameter when <paramref name="value"/> is not null or empty.</summary>
    public RestRequest AddQuery(string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            Query.Add(new(name, value));
        }
        return this;
    }

    /// <summary>Path plus escaped query string.</summary>
    public string PathAndQuery() => PathAndQuery(null);

    /// <summary><paramref name="prefix"/> (a base URL), path and escaped query string, built as one string.</summary>
    internal string PathAndQuery(string? prefix)
    {
        if (Query.Count == 0)
        {
            return string.IsNullOrEmpty(prefix) ? Path : string.Concat(prefix, Path);
        }
        var builder = new StringBuilder(prefix, (prefix?.Length ?? 0) + Path.Length + 64).Append(Path).Append('?');
        for (var i = 0; i < Query.Count; i++)
        {
            if (i > 0)
            {
                builder.Append('&');
            }
            builder.Append(Uri.EscapeDataString(Query[i].Key)).Append('=').Append(Uri.EscapeDataString(Query[i].Value));
        }
        return builder.ToString();
    }

    internal bool IsRetryable => Retryable ?? (Method == HttpMethod.Get || Method == HttpMethod.Head);

    /// <inheritdoc/>
    public override string ToString() => Method + " " + PathAndQuery();
}

/// <summary>Options of the REST layer.</summary>
public sealed class RestClientOptions
{
    /// <summary>The User-Agent header; default <c>kubesharp/&lt;version&gt;</c>.</summary>
    public string UserAgent { get; init; } = RestClient.DefaultUserAgent;

    /// <summary>How many times a failed request is retried (0: never). Default 5.</summary>
    public int MaxRetries { get; init; } = 5;

    /// <summary>The first backoff delay; doubled per retry (with jitter) up to <see cref="MaxBackoff"/>. Default 200 ms.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest backoff delay (also caps Retry-After). Default 10 s.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The time limit of one non-streaming request attempt. Default 60 s; streams (watches) have none.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The clock used for backoff delays.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
