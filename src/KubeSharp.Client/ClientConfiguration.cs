using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace KubeSharp.Client;

/// <summary>
/// A resolved client configuration (client-go's rest.Config): where the server is, the default namespace, and the
/// credentials and trust to reach it. <see cref="CreateHandler"/> builds the configured HTTP handler. Its
/// <see cref="object.ToString"/> never shows secrets.
/// </summary>
public sealed class ClientConfiguration
{
    public required Uri Server { get; init; }

    /// <summary>The default namespace: the override, else the context's namespace, else "default".</summary>
    public string Namespace { get; init; } = "default";

    /// <summary>The context used ("" in-cluster).</summary>
    public string ContextName { get; init; } = "";

    public bool IsInCluster { get; init; }

    public string TlsServerName { get; init; } = "";

    public bool InsecureSkipTlsVerify { get; init; }

    /// <summary>PEM certificates of the trusted roots (null: the system's roots).</summary>
    public byte[]? CertificateAuthorityPem { get; init; }

    /// <summary>Where the CA came from (for errors).</summary>
    public string CertificateAuthoritySource { get; init; } = "";

    public byte[]? ClientCertificatePem { get; init; }

    public byte[]? ClientKeyPem { get; init; }

    /// <summary>Where the client certificate and key came from (for errors).</summary>
    public string ClientCertificateSource { get; init; } = "";

    public string Token { get; init; } = "";

    /// <summary>A file holding the bearer token, re-read at most once a minute (service account tokens rotate).</summary>
    public string TokenFile { get; init; } = "";

    public string Username { get; init; } = "";

    public string Password { get; init; } = "";

    public override string ToString() => $"ClientConfiguration {{ Server = {Server}, Namespace = {Namespace}, Context = {ContextName} }}";

    /// <summary>Resolves the context (clientcmd's DirectClientConfig) and validates what it uses: the referenced
    /// cluster and user must exist, the cluster needs a server, files must be readable, conflicting fields are errors.</summary>
    public static ClientConfiguration FromKubeconfig(Kubeconfig config, ConfigOverrides? overrides = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        overrides ??= new ConfigOverrides();
        if (config.IsEmpty && string.IsNullOrEmpty(overrides.Context) && string.IsNullOrEmpty(overrides.Cluster))
        {
            throw new KubeconfigException("invalid configuration: no configuration has been provided");
        }
        var contextName = string.IsNullOrEmpty(overrides.Context) ? config.CurrentContext : overrides.Context;
        var context = new ContextInfo();
        if (contextName.Length > 0 && !config.Contexts.TryGetValue(contextName, out context!))
        {
            throw new KubeconfigException($"invalid configuration: context was not found for specified context: {contextName}");
        }
        var clusterName = string.IsNullOrEmpty(overrides.Cluster) ? context.Cluster : overrides.Cluster;
        var userName = string.IsNullOrEmpty(overrides.User) ? context.User : overrides.User;
        if (!config.Clusters.TryGetValue(clusterName, out var cluster))
        {
            throw new KubeconfigException(clusterName.Length == 0
                ? $"invalid configuration: context \"{contextName}\" names no cluster"
                : $"invalid configuration: cluster \"{clusterName}\" was not found for context \"{contextName}\"");
        }
        var user = new AuthInfo();
        if (userName.Length > 0 && !config.Users.TryGetValue(userName, out user!))
        {
            throw new KubeconfigException($"invalid configuration: user \"{userName}\" was not found for context \"{contextName}\"");
        }
        var where = $"cluster \"{clusterName}\" in {cluster.Origin}";
        if (cluster.Server.Length == 0)
        {
            throw new KubeconfigException($"invalid configuration: no server found for {where}");
        }
        if (!Uri.TryCreate(cluster.Server, UriKind.Absolute, out var server) || (server.Scheme != "https" && server.Scheme != "http"))
        {
            // A scheme-less host:port is read as https, as client-go's DefaultServerURL does.
            if (!Uri.TryCreate("https://" + cluster.Server, UriKind.Absolute, out server))
            {
                throw new KubeconfigException($"invalid configuration: field \"server\" of {where} is not a URL");
            }
        }
        if (cluster.CertificateAuthority.Length > 0 && cluster.CertificateAuthorityData is not null)
        {
            throw new KubeconfigException($"invalid configuration: certificate-authority-data and certificate-authority are both specified for {where}");
        }
        if (cluster.InsecureSkipTlsVerify && (cluster.CertificateAuthority.Length > 0 || cluster.CertificateAuthorityData is not null))
        {
            throw new KubeconfigException($"invalid configuration: specifying a root certificates file with the insecure flag is not allowed ({where})");
        }
        var ca = cluster.CertificateAuthorityData ?? ReadFile(cluster.CertificateAuthority, "certificate-authority", where);
        var userWhere = $"user \"{userName}\" in {user.Origin}";
        if (user.ClientCertificate.Length > 0 && user.ClientCertificateData is not null)
        {
            throw new KubeconfigException($"invalid configuration: client-cert-data and client-cert are both specified for {userWhere}");
        }
        if (user.ClientKey.Length > 0 && user.ClientKeyData is not null)
        {
            throw new KubeconfigException($"invalid configuration: client-key-data and client-key are both specified for {userWhere}");
        }
        var cert = user.ClientCertificateData ?? ReadFile(user.ClientCertificate, "client-certificate", userWhere);
        var key = user.ClientKeyData ?? ReadFile(user.ClientKey, "client-key", userWhere);
        if (cert is not null && key is null)
        {
            throw new KubeconfigException($"invalid configuration: client-key-data or client-key must be specified for {userWhere} to use the clientCert authentication method");
        }
        if (key is not null && cert is null)
        {
            throw new KubeconfigException($"invalid configuration: client-cert-data or client-cert must be specified for {userWhere} to use the clientCert authentication method");
        }
        var hasToken = user.Token.Length > 0 || user.TokenFile.Length > 0;
        var hasBasic = user.Username.Length > 0 || user.Password.Length > 0;
        if (hasToken && hasBasic)
        {
            throw new KubeconfigException($"invalid configuration: more than one authentication method found for {userWhere}; found [token basicAuth], only one is allowed");
        }
        if (user.TokenFile.Length > 0)
        {
            // Read once now so a missing or unreadable file is reported here, naming the file and field.
            ReadFile(user.TokenFile, "tokenFile", userWhere);
        }
        var ns = !string.IsNullOrEmpty(overrides.Namespace) ? overrides.Namespace : context.Namespace.Length > 0 ? context.Namespace : "default";
        return new ClientConfiguration
        {
            Server = server,
            Namespace = ns,
            ContextName = contextName,
            TlsServerName = cluster.TlsServerName,
            InsecureSkipTlsVerify = cluster.InsecureSkipTlsVerify,
            CertificateAuthorityPem = ca,
            CertificateAuthoritySource = (cluster.CertificateAuthorityData is not null ? "certificate-authority-data" : "certificate-authority " + cluster.CertificateAuthority) + " of " + where,
            ClientCertificatePem = cert,
            ClientKeyPem = key,
            ClientCertificateSource = "client certificate and key of " + userWhere,
            Token = user.Token,
            TokenFile = user.TokenFile,
            Username = user.Username,
            Password = user.Password,
        };
    }

    private static byte[]? ReadFile(string path, string field, string where)
    {
        if (path.Length == 0)
        {
            return null;
        }
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KubeconfigException($"invalid configuration: unable to read {field} {path} for {where}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Builds the HTTP handler for this configuration: a <see cref="SocketsHttpHandler"/> presenting the client
    /// certificate, trusting only the configured CA (nothing is checked with insecure-skip-tls-verify), checking the
    /// server certificate's name against tls-server-name when set (SNI still carries the URL's host), with HTTP/2
    /// multiplexing; wrapped in a handler that adds the bearer token or basic credentials (unless the request already
    /// carries Authorization) and asks for HTTP/2 (falling back to HTTP/1.1) on requests left at the default version.
    /// </summary>
    /// <remarks>
    /// Handlers of configurations with the same TLS settings (CA, client certificate and key, insecure flag,
    /// tls-server-name) share one <see cref="SocketsHttpHandler"/>, and so its connections, as client-go's transport
    /// cache (tlsTransportCache) makes every client of one rest.Config share one HTTP/2 connection: in-process clients
    /// (controllers, scheduler, informers) multiplex their requests on one connection instead of each holding its
    /// own; on loopback this cuts the thread wake-ups and frame writes per request (see
    /// bench/KubeSharp.Scheduler.Benchmarks/RESULTS.md, session 6). Credentials (token, basic) stay per handler. The
    /// shared handler is disposed when the last handler using it is.
    /// </remarks>
    /// <exception cref="KubeconfigException">A certificate or key is not valid PEM.</exception>
    public HttpMessageHandler CreateHandler() => new AuthenticationHandler(this, SharedSockets.Acquire(this));

    /// <summary>The TLS identity two configurations must share to share a connection pool.</summary>
    private string TransportKey()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(byte[]? bytes)
        {
            Span<byte> length = stackalloc byte[sizeof(int)];
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(length, bytes?.Length ?? -1);
            hash.AppendData(length);
            if (bytes is not null)
            {
                hash.AppendData(bytes);
            }
        }
        Add(CertificateAuthorityPem);
        Add(ClientCertificatePem);
        Add(ClientKeyPem);
        Add(Encoding.UTF8.GetBytes(TlsServerName));
        Add(InsecureSkipTlsVerify ? [1] : [0]);
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    /// <summary>The process's socket handlers by TLS identity, counted by the handlers using them.</summary>
    private sealed class SharedSockets
    {
        private static readonly Dictionary<string, SharedSockets> s_byKey = new(StringComparer.Ordinal);
        private static readonly Lock s_lock = new();
        private readonly string _key;
        private int _users;

        private SharedSockets(string key, SocketsHttpHandler handler)
        {
            _key = key;
            Handler = handler;
        }

        public SocketsHttpHandler Handler { get; }

        public static SharedSockets Acquire(ClientConfiguration config)
        {
            var key = config.TransportKey();
            lock (s_lock)
            {
                if (!s_byKey.TryGetValue(key, out var shared))
                {
                    // Built (and its PEM checked) only for a new identity; the same bytes were valid before otherwise.
                    shared = new SharedSockets(key, config.CreateSocketsHandler());
                    s_byKey[key] = shared;
                }
                shared._users++;
                return shared;
            }
        }

        public void Release()
        {
            lock (s_lock)
            {
                if (--_users > 0)
                {
                    return;
                }
                s_byKey.Remove(_key);
            }
            Handler.Dispose();
        }
    }

    private SocketsHttpHandler CreateSocketsHandler()
    {
        var ssl = new SslClientAuthenticationOptions();
        if (ClientCertificatePem is not null && ClientKeyPem is not null)
        {
            X509Certificate2 certificate;
            try
            {
                certificate = X509Certificate2.CreateFromPem(Encoding.ASCII.GetString(ClientCertificatePem), Encoding.ASCII.GetString(ClientKeyPem));
            }
            catch (CryptographicException e)
            {
                // The message names the source, never the key material.
                throw new KubeconfigException($"invalid {ClientCertificateSource}: not a PEM certificate and matching private key ({e.Message})", e);
            }
            ssl.ClientCertificates = [certificate];
        }
        if (InsecureSkipTlsVerify)
        {
            // insecure-skip-tls-verify: the user asked for no server verification, as kubectl honours it.
#pragma warning disable CA5359
            ssl.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
#pragma warning restore CA5359
        }
        else if (CertificateAuthorityPem is not null)
        {
            var roots = new X509Certificate2Collection();
            try
            {
                roots.ImportFromPem(Encoding.ASCII.GetString(CertificateAuthorityPem));
            }
            catch (CryptographicException e)
            {
                throw new KubeconfigException($"invalid {CertificateAuthoritySource}: not PEM certificates ({e.Message})", e);
            }
            if (roots.Count == 0)
            {
                throw new KubeconfigException($"invalid {CertificateAuthoritySource}: no PEM certificate found");
            }
            var policy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
            };
            policy.CustomTrustStore.AddRange(roots);
            ssl.CertificateChainPolicy = policy;
        }
        if (TlsServerName.Length > 0 && !InsecureSkipTlsVerify)
        {
            // SocketsHttpHandler names the request's host as the TLS target, so the chain is still checked (against
            // the policy above) and the name check is redone against tls-server-name instead of the URL's host.
            var serverName = TlsServerName;
            ssl.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                (errors & ~SslPolicyErrors.RemoteCertificateNameMismatch) == SslPolicyErrors.None
                && certificate is X509Certificate2 presented
                && presented.MatchesHostname(serverName);
        }
        return new SocketsHttpHandler
        {
            SslOptions = ssl,
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90),
            AutomaticDecompression = DecompressionMethods.None,
            // Go's HTTP/2 transport (client-go's) opens each stream with a 4 MiB window; SocketsHttpHandler's 64 KiB one
            // sends a WINDOW_UPDATE every 8 KiB a watch delivers (one frame write, TLS record and send per ~2 pod events).
            InitialHttp2StreamWindowSize = 4 * 1024 * 1024,
        };
    }

    /// <summary>An <see cref="HttpClient"/> over <see cref="CreateHandler"/> whose base address is the server.</summary>
    public HttpClient CreateHttpClient()
    {
        var handler = CreateHandler();
        return new ConfiguredHttpClient(handler)
        {
            BaseAddress = Server,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
    }

    /// <summary>An HttpClient that keeps its handler, so <see cref="RestClient"/> can send through the handler directly.</summary>
    internal sealed class ConfiguredHttpClient(HttpMessageHandler handler) : HttpClient(handler, disposeHandler: true)
    {
        public HttpMessageHandler Handler { get; } = handler;
    }

    /// <summary>Credentials and the HTTP/2 default over the shared socket handler (which it releases, not disposes).</summary>
    private sealed class AuthenticationHandler(ClientConfiguration config, SharedSockets sockets) : HttpMessageHandler
    {
        private readonly HttpMessageInvoker _inner = new(sockets.Handler, disposeHandler: false);
        private int _disposed;
        private readonly Lock _lock = new();
        private string _fileToken = "";
        private DateTime _readAt = DateTime.MinValue;
        private CachedHeader? _bearer;
        private string? _basic;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Prepare(request);
            return _inner.SendAsync(request, cancellationToken);
        }

        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Prepare(request);
            return _inner.Send(request, cancellationToken);
        }

        private void Prepare(HttpRequestMessage request)
        {
            if (request.Version == HttpVersion.Version11 && request.VersionPolicy == HttpVersionPolicy.RequestVersionOrLower)
            {
                request.Version = HttpVersion.Version20;
            }
            if (!request.Headers.Contains("Authorization"))
            {
                // The header value is built once per token (not per request) and added unparsed.
                var value = Credentials();
                if (value.Length > 0)
                {
                    request.Headers.TryAddWithoutValidation("Authorization", value);
                }
            }
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                _inner.Dispose();
                sockets.Release();
            }
            base.Dispose(disposing);
        }

        private string Credentials()
        {
            var token = config.TokenFile.Length > 0 ? FileToken() : config.Token;
            if (token.Length > 0)
            {
                var cached = _bearer;
                if (cached is null || !ReferenceEquals(cached.Token, token))
                {
                    _bearer = cached = new CachedHeader(token, "Bearer " + token);
                }
                return cached.Value;
            }
            if (config.Username.Length > 0 || config.Password.Length > 0)
            {
                return _basic ??= "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(config.Username + ":" + config.Password));
            }
            return "";
        }

        private sealed record CachedHeader(string Token, string Value);

        private string FileToken()
        {
            lock (_lock)
            {
                var now = DateTime.UtcNow;
                if (now - _readAt >= TimeSpan.FromMinutes(1))
                {
                    try
                    {
                        _fileToken = File.ReadAllText(config.TokenFile).Trim();
                        _readAt = now;
                    }
                    catch (IOException) when (_fileToken.Length > 0)
                    {
                        // Keep the last token while the file is being rotated, as client-go's cached token source does.
                    }
                }
                return _fileToken;
            }
        }
    }
}
