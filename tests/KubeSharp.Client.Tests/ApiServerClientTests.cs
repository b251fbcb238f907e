using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using KubeSharp.Api.Core.V1;
using KubeSharp.ApiServer.Tests.Integration;

namespace KubeSharp.Client.Tests;

/// <summary>The client configuration against the real API server: the admin kubeconfig it writes, loaded by the
/// client-go rules, gives a handler that authenticates with the client certificate over verified TLS and HTTP/2.</summary>
public class ApiServerClientTests(ApiServerFixture server) : IClassFixture<ApiServerFixture>
{
    private ClientConfiguration Admin() => new KubeconfigLoader { ExplicitPath = server.KubeconfigPath }.Load();

    private static async Task<(HttpStatusCode Status, Version Version, string Body)> GetAsync(ClientConfiguration config, string path)
    {
        using var client = new HttpClient(config.CreateHandler()) { BaseAddress = config.Server };
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        return (response.StatusCode, response.Version, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A kubeconfig for the same server with the given cluster fields and no user.</summary>
    private string WriteAnonymous(string name, string clusterFields)
    {
        var path = Path.Combine(server.Root, name);
        File.WriteAllText(path, $"""
            current-context: anon
            clusters:
            - name: c
              cluster:
                server: {Admin().Server}
            {clusterFields}
            contexts:
            - name: anon
              context: {"{"}cluster: c{"}"}
            """);
        return path;
    }

    private string CaData() => Convert.ToBase64String(Admin().CertificateAuthorityPem!);

    [Fact]
    public async Task AdminKubeconfig_GetsVersionAndNamespaces_OverHttp2()
    {
        var config = Admin();
        config.Namespace.ShouldBe("default");

        var version = await GetAsync(config, "/version");
        version.Status.ShouldBe(HttpStatusCode.OK);
        version.Version.ShouldBe(HttpVersion.Version20);
        using (var doc = JsonDocument.Parse(version.Body))
        {
            doc.RootElement.GetProperty("gitVersion").GetString().ShouldBe(ApiServerFixture.GitVersion);
        }

        var namespaces = await GetAsync(config, "/api/v1/namespaces");
        namespaces.Status.ShouldBe(HttpStatusCode.OK);
        using (var doc = JsonDocument.Parse(namespaces.Body))
        {
            doc.RootElement.GetProperty("kind").GetString().ShouldBe("NamespaceList");
            doc.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("metadata").GetProperty("name").GetString())
                .ShouldContain("default");
        }
    }

    /// <summary>Clients of one configuration share one connection pool, as client-go's transport cache makes them: five
    /// clients' concurrent requests open at most one new connection to the server, and a disposed client leaves the
    /// others working.</summary>
    [Fact]
    public async Task ClientsOfOneConfiguration_ShareConnections_AndOutliveEachOther()
    {
        var port = Admin().Server.Port;
        int Connections() => IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpConnections()
            .Count(c => c.State == TcpState.Established && c.RemoteEndPoint.Port == port);
        var before = Connections();
        var clients = Enumerable.Range(0, 5).Select(_ => new KubernetesClient(Admin())).ToList();
        try
        {
            var answers = await Task.WhenAll(clients.Select(c => c.Resource<Namespace>().GetAsync("default")));
            answers.ShouldAllBe(n => n.Metadata.Name == "default");
            (Connections() - before).ShouldBeLessThanOrEqualTo(1);

            clients[0].Dispose();
            (await clients[1].Resource<Namespace>().GetAsync("default")).Metadata.Name.ShouldBe("default");
            await Should.ThrowAsync<ObjectDisposedException>(() => clients[0].Resource<Namespace>().GetAsync("default"));
            using var later = new KubernetesClient(Admin());
            (await later.Resource<Namespace>().GetAsync("kube-system")).Metadata.Name.ShouldBe("kube-system");
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    [Fact]
    public async Task KubeconfigEnv_LoadsTheAdminKubeconfigToo()
    {
        var config = new KubeconfigLoader { Environment = n => n == "KUBECONFIG" ? "/nonexistent/kc:" + server.KubeconfigPath : null }.Load();

        (await GetAsync(config, "/api/v1/namespaces")).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task WithoutClientCertificate_TheServerAnswers401()
    {
        var config = new KubeconfigLoader { ExplicitPath = WriteAnonymous("anon.kubeconfig", $"    certificate-authority-data: {CaData()}") }.Load();

        var response = await GetAsync(config, "/api/v1/namespaces");

        response.Status.ShouldBe(HttpStatusCode.Unauthorized);
        using var doc = JsonDocument.Parse(response.Body);
        doc.RootElement.GetProperty("kind").GetString().ShouldBe("Status");
        doc.RootElement.GetProperty("code").GetInt32().ShouldBe(401);
    }

    [Fact]
    public async Task CaFile_RelativeToTheKubeconfig_IsTrusted()
    {
        File.WriteAllBytes(Path.Combine(server.Root, "server-ca.crt"), Admin().CertificateAuthorityPem!);
        var config = new KubeconfigLoader { ExplicitPath = WriteAnonymous("ca-file.kubeconfig", "    certificate-authority: server-ca.crt") }.Load();

        (await GetAsync(config, "/version")).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task UntrustedServer_FailsTls_UnlessInsecureSkipVerify()
    {
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var otherCa = new CertificateRequest("CN=other-ca", otherKey, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1));
        var otherPem = Convert.ToBase64String(Encoding.ASCII.GetBytes(otherCa.ExportCertificatePem()));
        var wrongCa = new KubeconfigLoader { ExplicitPath = WriteAnonymous("wrong-ca.kubeconfig", $"    certificate-authority-data: {otherPem}") }.Load();

        var error = await Should.ThrowAsync<HttpRequestException>(() => GetAsync(wrongCa, "/version"));
        error.InnerException.ShouldBeOfType<AuthenticationException>();

        var insecure = new KubeconfigLoader { ExplicitPath = WriteAnonymous("insecure.kubeconfig", "    insecure-skip-tls-verify: true") }.Load();
        (await GetAsync(insecure, "/version")).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task TlsServerName_IsTheNameTheServerCertificateIsCheckedAgainst()
    {
        var good = new KubeconfigLoader
        {
            ExplicitPath = WriteAnonymous("sni-good.kubeconfig", $"    certificate-authority-data: {CaData()}\n    tls-server-name: kubernetes.default.svc"),
        }.Load();
        (await GetAsync(good, "/version")).Status.ShouldBe(HttpStatusCode.OK);

        var bad = new KubeconfigLoader
        {
            ExplicitPath = WriteAnonymous("sni-bad.kubeconfig", $"    certificate-authority-data: {CaData()}\n    tls-server-name: not-the-server.example"),
        }.Load();
        var error = await Should.ThrowAsync<HttpRequestException>(() => GetAsync(bad, "/version"));
        error.InnerException.ShouldBeOfType<AuthenticationException>();
    }

    [Fact]
    public void InvalidClientKey_IsAnErrorNamingTheUser_WithoutTheKey()
    {
        var path = Path.Combine(server.Root, "bad-key.kubeconfig");
        var key = Convert.ToBase64String(Encoding.ASCII.GetBytes("-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n"));
        File.WriteAllText(path, $"""
            current-context: x
            clusters:
            - name: c
              cluster: {"{"}server: "https://127.0.0.1:1"{"}"}
            users:
            - name: u
              user: {"{"}client-certificate-data: "{Convert.ToBase64String(Admin().ClientCertificatePem!)}", client-key-data: "{key}"{"}"}
            contexts:
            - name: x
              context: {"{"}cluster: c, user: u{"}"}
            """);
        var config = new KubeconfigLoader { ExplicitPath = path }.Load();

        var error = Should.Throw<KubeconfigException>(config.CreateHandler);

        error.Message.ShouldContain($"user \"u\" in {path}");
        error.Message.ShouldNotContain("AAAA");
    }
}

/// <summary>The credentials the handler sends, seen by a plain HTTP listener.</summary>
public sealed class AuthorizationHeaderTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

    public AuthorizationHeaderTests() => _listener.Start();

    /// <summary>Serves one request, answering 200, and returns its Authorization header ("" when absent).</summary>
    private async Task<string> CaptureAsync(ClientConfiguration config, string? presetAuthorization = null)
    {
        var accept = _listener.AcceptTcpClientAsync();
        using var client = new HttpClient(config.CreateHandler()) { BaseAddress = config.Server };
        if (presetAuthorization is not null)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", presetAuthorization);
        }
        var send = client.GetAsync(new Uri("/api", UriKind.Relative));
        using var connection = await accept;
        using var stream = connection.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
        var authorization = "";
        string? line;
        while (!string.IsNullOrEmpty(line = await reader.ReadLineAsync()))
        {
            if (line.StartsWith("Authorization:", StringComparison.OrdinalIgnoreCase))
            {
                authorization = line["Authorization:".Length..].Trim();
            }
        }
        await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
        using var response = await send;
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return authorization;
    }

    private ClientConfiguration Load(string user)
    {
        var port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        var path = _dir.Write("kc", $"""
            current-context: x
            clusters:
            - name: c
              cluster: {"{"}server: "http://127.0.0.1:{port}"{"}"}
            users:
            - name: u
              user: {user}
            contexts:
            - name: x
              context: {"{"}cluster: c, user: u{"}"}
            """);
        return new KubeconfigLoader { ExplicitPath = path }.Load();
    }

    [Fact]
    public async Task Token_IsSentAsBearer()
        => (await CaptureAsync(Load("{token: abc.def}"))).ShouldBe("Bearer abc.def");

    [Fact]
    public async Task TokenFile_RelativeToTheKubeconfig_IsSentAsBearer()
    {
        _dir.Write("tokens/t", "from-file\n");

        (await CaptureAsync(Load("{tokenFile: tokens/t}"))).ShouldBe("Bearer from-file");
    }

    [Fact]
    public async Task UsernamePassword_AreSentAsBasic()
        => (await CaptureAsync(Load("{username: admin, password: \"p:w\"}"))).ShouldBe("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:p:w")));

    [Fact]
    public async Task AnAuthorizationTheCallerSet_IsKept()
        => (await CaptureAsync(Load("{token: abc.def}"), "Bearer caller")).ShouldBe("Bearer caller");

    [Fact]
    public async Task NoCredentials_SendNoAuthorization()
        => (await CaptureAsync(Load("{}"))).ShouldBe("");

    public void Dispose()
    {
        _listener.Stop();
        _listener.Dispose();
        _dir.Dispose();
    }
}
