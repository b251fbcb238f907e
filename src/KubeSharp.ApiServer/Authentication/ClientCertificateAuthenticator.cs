using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Http;

namespace KubeSharp.ApiServer.Authentication;

/// <summary>
/// x509 client certificates signed by the cluster CA: the user is the subject's CN and the groups its O values,
/// as upstream does. Chain checks are cached per certificate (by thumbprint) until the certificate expires, so a
/// connection's many requests cost one chain build.
/// </summary>
public sealed class ClientCertificateAuthenticator(X509Certificate2 clientCa, TimeProvider time) : IAuthenticator
{
    private readonly ConcurrentDictionary<string, AuthenticationResult> _cache = new(StringComparer.Ordinal);

    public ValueTask<AuthenticationResult> AuthenticateAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var certificate = context.Connection.ClientCertificate;
        if (certificate is null)
        {
            return ValueTask.FromResult(AuthenticationResult.NotApplicable);
        }
        var now = time.GetUtcNow();
        if (now < certificate.NotBefore.ToUniversalTime() || now > certificate.NotAfter.ToUniversalTime())
        {
            return ValueTask.FromResult(AuthenticationResult.Failed("x509: certificate has expired or is not yet valid"));
        }
        if (_cache.Count > 10_000)
        {
            _cache.Clear();
        }
        return ValueTask.FromResult(_cache.GetOrAdd(certificate.Thumbprint, _ => Verify(certificate)));
    }

    private AuthenticationResult Verify(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(clientCa);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.2"));
        if (!chain.Build(certificate))
        {
            return AuthenticationResult.Failed("x509: certificate signed by unknown authority");
        }
        var name = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        var groups = new List<string>();
        foreach (var rdn in certificate.SubjectName.EnumerateRelativeDistinguishedNames())
        {
            if (rdn.GetSingleElementType().Value == "2.5.4.10" && rdn.GetSingleElementValue() is { } org)
            {
                groups.Add(org);
            }
        }
        if (string.IsNullOrEmpty(name))
        {
            return AuthenticationResult.Failed("x509: certificate has no common name");
        }
        groups.Add(UserInfo.AuthenticatedGroup);
        return AuthenticationResult.Success(new UserInfo(name, "", groups, new Dictionary<string, IReadOnlyList<string>>()));
    }
}
