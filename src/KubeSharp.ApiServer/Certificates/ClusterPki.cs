using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace KubeSharp.ApiServer.Certificates;

/// <summary>
/// The cluster's certificates: a CA, the API server's serving certificate and the admin client certificate,
/// created on first start under <c>&lt;data-dir&gt;/tls</c> and loaded on later starts. Keys are ECDSA P-256 and
/// written with mode 0600. Nothing here logs key material.
/// </summary>
public sealed class ClusterPki
{
    private ClusterPki(X509Certificate2 ca, X509Certificate2 serving, X509Certificate2 admin, string directory)
    {
        CaCertificate = ca;
        ServingCertificate = serving;
        AdminCertificate = admin;
        Directory = directory;
    }

    /// <summary>The cluster CA (with its private key).</summary>
    public X509Certificate2 CaCertificate { get; }

    /// <summary>The API server's serving certificate (with its private key).</summary>
    public X509Certificate2 ServingCertificate { get; }

    /// <summary>The admin client certificate: CN=system:admin, O=system:masters (with its private key).</summary>
    public X509Certificate2 AdminCertificate { get; }

    /// <summary>Where the PEM files live.</summary>
    public string Directory { get; }

    public string CaCertificatePath => Path.Combine(Directory, "ca.crt");

    /// <summary>Loads the certificates from <paramref name="directory"/>, creating whatever is missing.</summary>
    /// <param name="directory">The tls folder.</param>
    /// <param name="serviceIp">The first address of the service range (the kubernetes Service).</param>
    /// <param name="extraSans">More names or addresses for the serving certificate.</param>
    /// <param name="time">Clock for validity periods.</param>
    public static ClusterPki LoadOrCreate(string directory, IPAddress serviceIp, IReadOnlyList<string> extraSans, TimeProvider time)
    {
        System.IO.Directory.CreateDirectory(directory);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var now = time.GetUtcNow();
        var ca = LoadOrCreate(directory, "ca", () => CreateCa(now));
        var serving = LoadOrCreate(directory, "serving", () => CreateServing(ca, serviceIp, extraSans, now));
        var admin = LoadOrCreate(directory, "admin", () => CreateClient(ca, "system:admin", ["system:masters"], now));
        return new ClusterPki(ca, serving, admin, directory);
    }

    /// <summary>Issues a client certificate (CN = user, O = groups) signed by the cluster CA.</summary>
    public X509Certificate2 IssueClientCertificate(string user, IReadOnlyList<string> groups, TimeProvider time)
        => CreateClient(CaCertificate, user, groups, time.GetUtcNow());

    private static X509Certificate2 LoadOrCreate(string directory, string name, Func<X509Certificate2> create)
    {
        var certPath = Path.Combine(directory, name + ".crt");
        var keyPath = Path.Combine(directory, name + ".key");
        if (File.Exists(certPath) && File.Exists(keyPath))
        {
            return X509Certificate2.CreateFromPemFile(certPath, keyPath);
        }
        var cert = create();
        File.WriteAllText(certPath, cert.ExportCertificatePem() + "\n");
        WritePrivate(keyPath, cert.GetECDsaPrivateKey()!.ExportECPrivateKeyPem() + "\n");
        return cert;
    }

    /// <summary>Writes a file readable only by its owner (0600), creating it with that mode.</summary>
    public static void WritePrivate(string path, string content)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var stream = new FileStream(path, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(content);
        }
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    private static X509Certificate2 CreateCa(DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN=kubesharp-ca@{now.ToUnixTimeSeconds()}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var cert = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(10));
        return cert;
    }

    private static X509Certificate2 CreateServing(X509Certificate2 ca, IPAddress serviceIp, IReadOnlyList<string> extraSans, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=kube-apiserver", key, HashAlgorithmName.SHA256);
        var sans = new SubjectAlternativeNameBuilder();
        var names = new SortedSet<string>(StringComparer.Ordinal)
        {
            "localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local",
        };
        var hostname = Dns.GetHostName();
        if (!string.IsNullOrEmpty(hostname))
        {
            names.Add(hostname);
        }
        var addresses = new HashSet<IPAddress> { IPAddress.Loopback, IPAddress.IPv6Loopback, serviceIp };
        foreach (var address in LocalAddresses())
        {
            addresses.Add(address);
        }
        foreach (var extra in extraSans)
        {
            if (IPAddress.TryParse(extra, out var ip))
            {
                addresses.Add(ip);
            }
            else if (extra.Length > 0)
            {
                names.Add(extra);
            }
        }
        foreach (var name in names)
        {
            sans.AddDnsName(name);
        }
        foreach (var address in addresses)
        {
            sans.AddIpAddress(address);
        }
        request.CertificateExtensions.Add(sans.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        return Sign(request, ca, key, now);
    }

    private static X509Certificate2 CreateClient(X509Certificate2 ca, string user, IReadOnlyList<string> groups, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedNameBuilder();
        foreach (var group in groups)
        {
            subject.AddOrganizationName(group);
        }
        subject.AddCommonName(user);
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        return Sign(request, ca, key, now);
    }

    private static X509Certificate2 Sign(CertificateRequest request, X509Certificate2 ca, ECDsa key, DateTimeOffset now)
    {
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        var serial = new byte[16];
        RandomNumberGenerator.Fill(serial);
        serial[0] &= 0x7F;
        using var signed = request.Create(ca, now.AddMinutes(-5), now.AddYears(1), serial);
        return signed.CopyWithPrivateKey(key);
    }

    private static IEnumerable<IPAddress> LocalAddresses()
    {
        foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
        {
            if (nic.OperationalStatus != OperationalStatus.Up)
            {
                continue;
            }
            foreach (var unicast in nic.GetIPProperties().UnicastAddresses)
            {
                var address = unicast.Address;
                if (address.AddressFamily == AddressFamily.InterNetwork || (address.AddressFamily == AddressFamily.InterNetworkV6 && !address.IsIPv6LinkLocal))
                {
                    yield return address;
                }
            }
        }
    }
}
