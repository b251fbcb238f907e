using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace KubeSharp.ApiServer.Certificates;

/// <summary>Writes kubeconfig files with embedded certificate data (mode 0600), as kubectl reads them.</summary>
public static class KubeconfigWriter
{
    /// <summary>The kubeconfig text for a client certificate identity.</summary>
    public static string Render(string server, X509Certificate2 ca, X509Certificate2 client, string name = "default")
    {
        var sb = new StringBuilder();
        sb.Append("apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n");
        sb.Append("    certificate-authority-data: ").Append(Base64(ca.ExportCertificatePem())).Append('\n');
        sb.Append("    server: ").Append(server).Append('\n');
        sb.Append("  name: ").Append(name).Append('\n');
        sb.Append("contexts:\n- context:\n    cluster: ").Append(name).Append("\n    user: ").Append(name).Append('\n');
        sb.Append("  name: ").Append(name).Append('\n');
        sb.Append("current-context: ").Append(name).Append('\n');
        sb.Append("preferences: {}\nusers:\n- name: ").Append(name).Append("\n  user:\n");
        sb.Append("    client-certificate-data: ").Append(Base64(client.ExportCertificatePem())).Append('\n');
        sb.Append("    client-key-data: ").Append(Base64(client.GetECDsaPrivateKey()!.ExportECPrivateKeyPem())).Append('\n');
        return sb.ToString();
    }

    /// <summary>Writes the kubeconfig to <paramref name="path"/> with mode 0600, creating its folder.</summary>
    public static void Write(string path, string server, X509Certificate2 ca, X509Certificate2 client)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }
        ClusterPki.WritePrivate(path, Render(server, ca, client));
    }

    private static string Base64(string pem) => Convert.ToBase64String(Encoding.ASCII.GetBytes(pem + "\n"));
}
