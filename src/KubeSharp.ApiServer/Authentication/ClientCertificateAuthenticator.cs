using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Http;

namespace KubeSharp.ApiServer.Authentication;

/// <summary>
/// x509 client certificates signed by the cluster CA: the user is the subject's CN and the groups its O values,
/// as upstream does. Chain checks are cached per certificate (by thumbprint) until the certificate expires, so a
/// connection's many requests cost one chain build; the connection's certificate object also keeps its validity window
/// and verdict (a weak table), so a request on a known connection reads neither the thumbprint nor the dates again.
/// </summary>
public sealed class ClientCertificateAuthenticator(X509Certificate2 clientCa, TimeProvider time) : IAuthenticator
{
    private readonly ConcurrentDictionary<string, AuthenticationResult> _cache = new(StringComparer.Ordinal);
    private readonly ConditionalWeakTable<X509Certificate2, Checked> _byCertificate = new();

    public ValueTask<AuthenticationResult> AuthenticateAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var certificate = context.Connection.ClientCertificate;
        if (certificate is null)
        {
            return ValueTask.FromResult(AuthenticationResult.NotApplicable);
        }
        if (!_byCertificate.TryGetValue(certificate, out var known))
        {
            known = new Checked(certificate.NotBefore.ToUniversalTime(), certificate.NotAfter.ToUniversalTime());
            _byCertificate.AddOrUpdate(certificate, known);
        }
        var now = time.GetUtcNow();
        if (now < known.NotBefore || now > known.NotAfter)
        {
            return ValueTask.FromResult(AuthenticationResult.Failed("x509: certificate has expired or is not yet valid"));
        }
        if (known.Result is { } result)
        {
            return ValueTask.FromResult(result);
        }
        if (_cache.Count > 10_000)
        {
            _cache.Clear();
        }
        result = _cache.GetOrAdd(certificate.Thumbprint, static (_, state) => state.Self.Verify(state.Certificate), (Self: this, Certificate: certificate));
        known.Result = result;
        return ValueTask.FromResult(result);
    }

    /// <summary>What is known of one certificate object: its validity window (checked on every request) and, once
    /// verified, the verdict (which depends only on the certificate and the CA).</summary>
    private sealed class Checked(DateTime notBefore, DateTime notAfter)
    {
        public DateTime NotBefore { get; } = notBefore;

        public DateTime NotAfter { get; } = notAfter;

        public AuthenticationResult? Result { get; set; }
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
