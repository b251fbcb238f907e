namespace KubeSharp.ApiServer;

/// <summary>Settings of the API server, with upstream's (and k3s's) defaults in one place.</summary>
public sealed record ApiServerOptions
{
    /// <summary>Where the store, certificates and keys live.</summary>
    public string DataDir { get; init; } = "/var/lib/kubesharp";

    /// <summary>Address to listen on.</summary>
    public string BindAddress { get; init; } = "0.0.0.0";

    /// <summary>The IP other cluster members reach this server at (upstream --advertise-address; the kubernetes
    /// Service's endpoint). Empty: the bind address, or for a wildcard bind the host's primary IPv4 address.</summary>
    public string AdvertiseAddress { get; init; } = "";

    /// <summary>HTTPS port (HTTPS only; no insecure port).</summary>
    public int HttpsPort { get; init; } = 6443;

    /// <summary>"sqlite" (default, embedded, under <see cref="DataDir"/>) or "etcd://host:2379[,host:2379...]".</summary>
    public string DatastoreEndpoint { get; init; } = "sqlite";

    /// <summary>ClusterIP range for Services; the first address is the <c>kubernetes</c> Service.</summary>
    public string ServiceClusterIpRange { get; init; } = "10.43.0.0/16";

    /// <summary>NodePort range.</summary>
    public string ServiceNodePortRange { get; init; } = "30000-32767";

    /// <summary>Where the admin kubeconfig is written (mode 0600).</summary>
    public string KubeconfigOut { get; init; } = "/etc/kubesharp/admin.kubeconfig";

    /// <summary>Concurrent non-mutating requests before 429 (upstream --max-requests-inflight).</summary>
    public int MaxRequestsInflight { get; init; } = 400;

    /// <summary>Concurrent mutating requests before 429 (upstream --max-mutating-requests-inflight).</summary>
    public int MaxMutatingRequestsInflight { get; init; } = 200;

    /// <summary>How long Events are kept (upstream --event-ttl).</summary>
    public TimeSpan EventTtl { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The Kubernetes version reported by /version (kubectl picks its version from the minor).</summary>
    public string KubernetesMajor { get; init; } = "1";

    /// <summary>See <see cref="KubernetesMajor"/>.</summary>
    public string KubernetesMinor { get; init; } = "32";

    /// <summary>gitVersion in /version, e.g. v1.32.0+kubesharp.0.1.0.</summary>
    public string GitVersion { get; init; } = "v1.32.0+kubesharp";

    /// <summary>gitCommit in /version.</summary>
    public string GitCommit { get; init; } = "";

    /// <summary>How often watchers that allow bookmarks get one (upstream's cacher: about once a minute).</summary>
    public TimeSpan WatchBookmarkInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the kubernetes Service, its Endpoints and EndpointSlice are put right (upstream: 10 s).</summary>
    public TimeSpan KubernetesServiceReconcileInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Largest request body accepted (413 beyond).</summary>
    public long MaxRequestBodyBytes { get; init; } = 3 * 1024 * 1024;

    /// <summary>tolerationSeconds of the not-ready:NoExecute toleration the DefaultTolerationSeconds admission plugin
    /// adds to pods (upstream --default-not-ready-toleration-seconds).</summary>
    public long DefaultNotReadyTolerationSeconds { get; init; } = 300;

    /// <summary>The same for unreachable:NoExecute (upstream --default-unreachable-toleration-seconds).</summary>
    public long DefaultUnreachableTolerationSeconds { get; init; } = 300;

    /// <summary>Whether the ServiceAccount admission plugin refuses pods whose ServiceAccount does not exist, as
    /// upstream does; off until the serviceaccount controller creates each namespace's <c>default</c> one.</summary>
    public bool RequireServiceAccounts { get; init; }

    /// <summary>Admission plugins run after the built-in ones (upstream's webhooks and policies take this place).</summary>
    public IReadOnlyList<Admission.IAdmissionPlugin> AdditionalAdmissionPlugins { get; init; } = [];
}
