using System.Net;
using System.Security.Cryptography.X509Certificates;
using KubeSharp.ApiServer.Authentication;
using KubeSharp.ApiServer.Certificates;
using Microsoft.AspNetCore.Http;

namespace KubeSharp.ApiServer.Tests.Authentication;

public sealed class ClientCertificateAuthenticatorTests : IDisposable
{
    // The chain check runs on the real clock, so the certificates are issued now.
    private static readonly DateTimeOffset Issued = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
    private readonly string _dir = Directory.CreateTempSubdirectory("kubesharp-certauth-").FullName;
    private readonly Clock _clock = new(Issued);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task KnownCertificate_IsTheSubjectsUserAndGroups_AndIsRecheckedForValidityOnEveryRequest()
    {
        var pki = ClusterPki.LoadOrCreate(_dir, IPAddress.Parse("10.0.0.1"), [], _clock);
        using var cert = pki.IssueClientCertificate("alice", ["devs", "ops"], _clock);
        var authenticator = new ClientCertificateAuthenticator(pki.CaCertificate, _clock);

        var first = await authenticator.AuthenticateAsync(Context(cert), CancellationToken.None);
        first.User.ShouldNotBeNull();
        first.User.Name.ShouldBe("alice");
        first.User.Groups.ShouldBe(["devs", "ops", UserInfo.AuthenticatedGroup]);
        // The same connection's next request: the same answer.
        (await authenticator.AuthenticateAsync(Context(cert), CancellationToken.None)).User.ShouldBeSameAs(first.User);

        // The certificate runs out (one year): the next request on the same connection is refused ...
        _clock.Now = Issued.AddYears(1).AddMinutes(1);
        var expired = await authenticator.AuthenticateAsync(Context(cert), CancellationToken.None);
        expired.User.ShouldBeNull();
        expired.Failure.ShouldBe("x509: certificate has expired or is not yet valid");
        // ... and so is a new connection with the same certificate.
        using var copy = X509CertificateLoader.LoadCertificate(cert.RawData);
        (await authenticator.AuthenticateAsync(Context(copy), CancellationToken.None)).Failure.ShouldBe("x509: certificate has expired or is not yet valid");

        // Before its start (issued five minutes back-dated) it is refused too.
        _clock.Now = Issued.AddMinutes(-6);
        (await authenticator.AuthenticateAsync(Context(cert), CancellationToken.None)).Failure.ShouldBe("x509: certificate has expired or is not yet valid");
        _clock.Now = Issued;
        (await authenticator.AuthenticateAsync(Context(copy), CancellationToken.None)).User!.Name.ShouldBe("alice");
    }

    [Fact]
    public async Task CertificateOfAnotherCa_IsRefusedEveryTime_AndNoCertificateIsNotApplicable()
    {
        var pki = ClusterPki.LoadOrCreate(Path.Combine(_dir, "cluster"), IPAddress.Parse("10.0.0.1"), [], _clock);
        var other = ClusterPki.LoadOrCreate(Path.Combine(_dir, "other"), IPAddress.Parse("10.0.0.1"), [], _clock);
        using var stranger = other.IssueClientCertificate("mallory", ["system:masters"], _clock);
        var authenticator = new ClientCertificateAuthenticator(pki.CaCertificate, _clock);
        for (var i = 0; i < 2; i++)
        {
            var result = await authenticator.AuthenticateAsync(Context(stranger), CancellationToken.None);
            result.User.ShouldBeNull();
            result.Failure.ShouldBe("x509: certificate signed by unknown authority");
        }

        (await authenticator.AuthenticateAsync(new DefaultHttpContext(), CancellationToken.None)).ShouldBeSameAs(AuthenticationResult.NotApplicable);
    }

    private static DefaultHttpContext Context(X509Certificate2 certificate)
    {
        var context = new DefaultHttpContext();
        context.Connection.ClientCertificate = certificate;
        return context;
    }

    private sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
