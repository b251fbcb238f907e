namespace KubeSharp.Client;

/// <summary>A kubeconfig (clientcmd's api.Config): named clusters, users and contexts, and the current context.
/// Map keys are the entries' names; relative file paths are already resolved against the file's directory.</summary>
public sealed class Kubeconfig
{
    public Dictionary<string, ClusterInfo> Clusters { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, AuthInfo> Users { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, ContextInfo> Contexts { get; } = new(StringComparer.Ordinal);

    public string CurrentContext { get; set; } = "";

    /// <summary>True when nothing is set (clientcmd's IsEmptyConfig): the deferred loader then tries in-cluster.</summary>
    public bool IsEmpty => Clusters.Count == 0 && Users.Count == 0 && Contexts.Count == 0 && CurrentContext.Length == 0;
}

/// <summary>A cluster entry (clientcmd's api.Cluster). <see cref="Origin"/> is the file it came from.</summary>
public sealed class ClusterInfo
{
    public string Server { get; set; } = "";

    public string TlsServerName { get; set; } = "";

    public bool InsecureSkipTlsVerify { get; set; }

    public string CertificateAuthority { get; set; } = "";

    public byte[]? CertificateAuthorityData { get; set; }

    public string Origin { get; set; } = "";
}

/// <summary>A user entry (clientcmd's api.AuthInfo). Its <see cref="object.ToString"/> never shows secrets.</summary>
public sealed class AuthInfo
{
    public string ClientCertificate { get; set; } = "";

    public byte[]? ClientCertificateData { get; set; }

    public string ClientKey { get; set; } = "";

    public byte[]? ClientKeyData { get; set; }

    public string Token { get; set; } = "";

    public string TokenFile { get; set; } = "";

    public string Username { get; set; } = "";

    public string Password { get; set; } = "";

    public string Origin { get; set; } = "";

    public override string ToString() => $"AuthInfo from {Origin} (secrets redacted)";
}

/// <summary>A context entry (clientcmd's api.Context).</summary>
public sealed class ContextInfo
{
    public string Cluster { get; set; } = "";

    public string User { get; set; } = "";

    public string Namespace { get; set; } = "";

    public string Origin { get; set; } = "";
}
