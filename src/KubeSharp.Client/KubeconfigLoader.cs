namespace KubeSharp.Client;

/// <summary>Overrides applied on top of the loaded kubeconfig, as kubectl's <c>--context</c>, <c>--cluster</c>,
/// <c>--user</c> and <c>--namespace</c> flags (clientcmd's ConfigOverrides).</summary>
public sealed class ConfigOverrides
{
    public string? Context { get; init; }

    public string? Cluster { get; init; }

    public string? User { get; init; }

    public string? Namespace { get; init; }
}

/// <summary>
/// clientcmd's loading rules plus the deferred in-cluster fallback: an explicit path (which must exist) alone; else
/// the files of <c>KUBECONFIG</c> (':'-separated, missing files skipped, duplicates read once) merged so the first
/// file to set a map key wins and <c>current-context</c> comes from the first file that sets it; else
/// <c>~/.kube/config</c>. When the merged configuration is empty and the process runs in a pod
/// (<c>KUBERNETES_SERVICE_HOST</c>/<c>PORT</c> set and the service account token present) the in-cluster
/// configuration is used.
/// </summary>
public sealed class KubeconfigLoader
{
    /// <summary>Where a pod's service account is mounted.</summary>
    public const string DefaultServiceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";

    /// <summary>A kubeconfig path given explicitly (kubectl's --kubeconfig); only this file is read.</summary>
    public string? ExplicitPath { get; init; }

    public ConfigOverrides Overrides { get; init; } = new();

    /// <summary>Reads environment variables (tests substitute it).</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    /// <summary>The home directory holding <c>.kube/config</c>; defaults to HOME (or the user profile).</summary>
    public string? HomeDirectory { get; init; }

    /// <summary>The service account mount read in-cluster (tests use a temp directory).</summary>
    public string ServiceAccountDirectory { get; init; } = DefaultServiceAccountDirectory;

    /// <summary>The files that are read, in precedence order.</summary>
    public IReadOnlyList<string> Precedence()
    {
        if (!string.IsNullOrEmpty(ExplicitPath))
        {
            return [Path.GetFullPath(ExplicitPath)];
        }
        var env = Environment("KUBECONFIG");
        if (!string.IsNullOrEmpty(env))
        {
            var files = new List<string>();
            foreach (var part in env.Split(Path.PathSeparator))
            {
                if (part.Length == 0)
                {
                    continue;
                }
                var full = Path.GetFullPath(part);
                if (!files.Contains(full, StringComparer.Ordinal))
                {
                    files.Add(full);
                }
            }
            return files;
        }
        return [Path.Combine(Home(), ".kube", "config")];
    }

    /// <summary>Reads and merges the kubeconfig files (no overrides, no validation).</summary>
    public Kubeconfig LoadMerged()
    {
        if (!string.IsNullOrEmpty(ExplicitPath))
        {
            var path = Path.GetFullPath(ExplicitPath);
            if (!File.Exists(path))
            {
                throw new KubeconfigException($"stat {path}: no such file or directory (the explicitly given kubeconfig)");
            }
            return KubeconfigParser.LoadFile(path);
        }
        var merged = new Kubeconfig();
        foreach (var file in Precedence())
        {
            if (!File.Exists(file))
            {
                continue;
            }
            Merge(merged, KubeconfigParser.LoadFile(file));
        }
        return merged;
    }

    /// <summary>Merges <paramref name="later"/> under <paramref name="into"/>: existing keys and a set current-context
    /// are kept (the first file to set a value wins).</summary>
    public static void Merge(Kubeconfig into, Kubeconfig later)
    {
        ArgumentNullException.ThrowIfNull(into);
        ArgumentNullException.ThrowIfNull(later);
        foreach (var (name, value) in later.Clusters)
        {
            into.Clusters.TryAdd(name, value);
        }
        foreach (var (name, value) in later.Users)
        {
            into.Users.TryAdd(name, value);
        }
        foreach (var (name, value) in later.Contexts)
        {
            into.Contexts.TryAdd(name, value);
        }
        if (into.CurrentContext.Length == 0)
        {
            into.CurrentContext = later.CurrentContext;
        }
    }

    /// <summary>Loads the client configuration: the merged kubeconfig with the overrides applied, or in-cluster.</summary>
    /// <exception cref="KubeconfigException">Nothing is configured, or an entry is missing or invalid.</exception>
    public ClientConfiguration Load()
    {
        var merged = LoadMerged();
        if (merged.IsEmpty && InClusterPossible())
        {
            return LoadInCluster();
        }
        return ClientConfiguration.FromKubeconfig(merged, Overrides);
    }

    /// <summary>True when the in-cluster configuration can be used (clientcmd's inClusterClientConfig.Possible).</summary>
    public bool InClusterPossible()
        => !string.IsNullOrEmpty(Environment("KUBERNETES_SERVICE_HOST"))
            && !string.IsNullOrEmpty(Environment("KUBERNETES_SERVICE_PORT"))
            && File.Exists(Path.Combine(ServiceAccountDirectory, "token"));

    /// <summary>The in-cluster configuration (rest.InClusterConfig): https://host:port from the service environment,
    /// the service account token (re-read as it rotates) and CA; the namespace from the overrides, POD_NAMESPACE, the
    /// mounted namespace file, else "default".</summary>
    public ClientConfiguration LoadInCluster()
    {
        var host = Environment("KUBERNETES_SERVICE_HOST");
        var port = Environment("KUBERNETES_SERVICE_PORT");
        if (string.IsNullOrEmpty(host) || string.IsNullOrEmpty(port))
        {
            throw new KubeconfigException("unable to load in-cluster configuration, KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be defined");
        }
        var tokenFile = Path.Combine(ServiceAccountDirectory, "token");
        if (!File.Exists(tokenFile))
        {
            throw new KubeconfigException($"unable to load in-cluster configuration: open {tokenFile}: no such file or directory");
        }
        var caFile = Path.Combine(ServiceAccountDirectory, "ca.crt");
        byte[]? ca = null;
        if (File.Exists(caFile))
        {
            ca = File.ReadAllBytes(caFile);
        }
        var ns = Overrides.Namespace;
        if (string.IsNullOrEmpty(ns))
        {
            ns = Environment("POD_NAMESPACE");
        }
        var nsFile = Path.Combine(ServiceAccountDirectory, "namespace");
        if (string.IsNullOrEmpty(ns) && File.Exists(nsFile))
        {
            ns = File.ReadAllText(nsFile).Trim();
        }
        var hostPart = host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[') ? "[" + host + "]" : host;
        if (!Uri.TryCreate($"https://{hostPart}:{port}", UriKind.Absolute, out var server))
        {
            throw new KubeconfigException($"unable to load in-cluster configuration: KUBERNETES_SERVICE_HOST/PORT do not form a URL (host \"{host}\", port \"{port}\")");
        }
        return new ClientConfiguration
        {
            Server = server,
            Namespace = string.IsNullOrEmpty(ns) ? "default" : ns,
            CertificateAuthorityPem = ca,
            CertificateAuthoritySource = caFile,
            TokenFile = tokenFile,
            IsInCluster = true,
        };
    }

    private string Home()
    {
        if (!string.IsNullOrEmpty(HomeDirectory))
        {
            return HomeDirectory;
        }
        var home = Environment("HOME");
        return string.IsNullOrEmpty(home) ? System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile) : home;
    }
}
