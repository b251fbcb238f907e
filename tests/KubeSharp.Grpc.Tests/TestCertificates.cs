using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace KubeSharp.Grpc.Tests;

/// <summary>A throw-away CA with a server certificate (127.0.0.1, localhost) and a client certificate.</summary>
public sealed class TestCertificates : IDisposable
{
    private TestCertificates(X509Certificate2 ca, X509Certificate2 server, X509Certificate2 client)
    {
        Authority = ca;
        Server = server;
        Client = client;
    }

    /// <summary>The CA (self-signed, with its key).</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>A server certificate for 127.0.0.1 and localhost, with its key.</summary>
    public X509Certificate2 Server { get; }

    /// <summary>A client certificate (CN=kubesharp-test-client), with its key.</summary>
    public X509Certificate2 Client { get; }

    /// <summary>Makes a new CA and its two leaf certificates.</summary>
    public static TestCertificates Create(string name = "kubesharp-test-ca")
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest($"CN={name}", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
        var server = Issue(ca, caKey, "CN=127.0.0.1", serverAuth: true);
        var client = Issue(ca, caKey, "CN=kubesharp-test-client", serverAuth: false);
        return new TestCertificates(ca, server, client);
    }

    /// <summary>Writes <c>ca.crt</c>, <c>server.crt</c>/<c>server.key</c>, <c>client.crt</c>/<c>client.key</c> (PEM).</summary>
    public void WritePem(string directory)
    {
        File.WriteAllText(Path.Combine(directory, "ca.crt"), Authority.ExportCertificatePem());
        File.WriteAllText(Path.Combine(directory, "server.crt"), Server.ExportCertificatePem());
        File.WriteAllText(Path.Combine(directory, "server.key"), Server.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(Path.Combine(directory, "client.crt"), Client.ExportCertificatePem());
        File.WriteAllText(Path.Combine(directory, "client.key"), Client.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
    }

    public void Dispose()
    {
        Authority.Dispose();
        Server.Dispose();
        Client.Dispose();
    }

    private static X509Certificate2 Issue(X509Certificate2 ca, ECDsa caKey, string subject, bool serverAuth)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid(serverAuth ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], false));
        if (serverAuth)
        {
            var san = new SubjectAlternativeNameBuilder();
            san.AddIpAddress(IPAddress.Loopback);
            san.AddDnsName("localhost");
            request.CertificateExtensions.Add(san.Build());
        }
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        var now = DateTimeOffset.UtcNow;
        using var issued = request.Create(ca.SubjectName, X509SignatureGenerator.CreateForECDsa(caKey), now.AddMinutes(-5), now.AddDays(1), serial);
        // Round-trip through PKCS#12 so the key is usable by SslStream on every platform.
        using var withKey = issued.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }
}
