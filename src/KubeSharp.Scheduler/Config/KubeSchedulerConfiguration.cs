using System.Text.Json;

namespace KubeSharp.Scheduler.Config;

/// <summary>
/// kubescheduler.config.k8s.io/v1 KubeSchedulerConfiguration after defaulting (upstream's
/// <c>SetDefaults_KubeSchedulerConfiguration</c>). Parse with <see cref="SchedulerConfigLoader"/>.
/// </summary>
public sealed class KubeSchedulerConfiguration
{
    /// <summary>The API version.</summary>
    public const string ApiVersion = "kubescheduler.config.k8s.io/v1";

    /// <summary>The kind.</summary>
    public const string Kind = "KubeSchedulerConfiguration";

    /// <summary>The default scheduler name.</summary>
    public const string DefaultSchedulerName = "default-scheduler";

    /// <summary>Parallelism for filtering and scoring (default 16).</summary>
    public int Parallelism { get; set; } = 16;

    /// <summary>The percentage of nodes to find feasible before scoring; 0 = adaptive (50% - nodes/125, at least 5%).</summary>
    public int PercentageOfNodesToScore { get; set; }

    /// <summary>The initial backoff of an unschedulable pod (default 1 s).</summary>
    public long PodInitialBackoffSeconds { get; set; } = 1;

    /// <summary>The maximal backoff (default 10 s).</summary>
    public long PodMaxBackoffSeconds { get; set; } = 10;

    /// <summary>Leader election.</summary>
    public LeaderElectionSettings LeaderElection { get; set; } = new();

    /// <summary>The API client connection.</summary>
    public ClientConnectionSettings ClientConnection { get; set; } = new();

    /// <summary>The profiles (default: one named default-scheduler with the default plugins).</summary>
    public List<KubeSchedulerProfile> Profiles { get; set; } = [];
}

/// <summary>componentbaseconfig LeaderElectionConfiguration with the scheduler's defaults.</summary>
public sealed class LeaderElectionSettings
{
    /// <summary>Whether to elect a leader (default true).</summary>
    public bool LeaderElect { get; set; } = true;

    /// <summary>Lease duration (default 15 s).</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Renew deadline (default 10 s).</summary>
    public TimeSpan RenewDeadline { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retry period (default 2 s).</summary>
    public TimeSpan RetryPeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The lock type (default leases).</summary>
    public string ResourceLock { get; set; } = "leases";

    /// <summary>The lease name (default kube-scheduler).</summary>
    public string ResourceName { get; set; } = "kube-scheduler";

    /// <summary>The lease namespace (default kube-system).</summary>
    public string ResourceNamespace { get; set; } = "kube-system";
}

/// <summary>componentbaseconfig ClientConnectionConfiguration with the scheduler's defaults.</summary>
public sealed class ClientConnectionSettings
{
    /// <summary>The kubeconfig path.</summary>
    public string Kubeconfig { get; set; } = "";

    /// <summary>Accept content types.</summary>
    public string AcceptContentTypes { get; set; } = "";

    /// <summary>Content type (default application/vnd.kubernetes.protobuf).</summary>
    public string ContentType { get; set; } = "application/vnd.kubernetes.protobuf";

    /// <summary>QPS (default 50).</summary>
    public float Qps { get; set; } = 50;

    /// <summary>Burst (default 100).</summary>
    public int Burst { get; set; } = 100;
}

/// <summary>A scheduling profile.</summary>
public sealed class KubeSchedulerProfile
{
    /// <summary>The schedulerName pods select the profile by.</summary>
    public string SchedulerName { get; set; } = KubeSchedulerConfiguration.DefaultSchedulerName;

    /// <summary>The profile's percentageOfNodesToScore, overriding the global one.</summary>
    public int? PercentageOfNodesToScore { get; set; }

    /// <summary>The plugins per extension point after merging with the defaults.</summary>
    public PluginsSettings Plugins { get; set; } = new();

    /// <summary>Plugin arguments by plugin name (after defaulting, in order).</summary>
    public List<PluginConfig> PluginConfig { get; set; } = [];

    /// <summary>The arguments of a plugin, if configured.</summary>
    public JsonElement? ArgsFor(string plugin)
    {
        foreach (var pc in PluginConfig)
        {
            if (pc.Name == plugin)
            {
                return pc.Args;
            }
        }

        return null;
    }
}

/// <summary>A plugin's arguments (raw JSON; each plugin decodes and defaults its own).</summary>
public sealed record PluginConfig(string Name, JsonElement? Args);

/// <summary>A plugin reference with its optional score weight.</summary>
public sealed record PluginRef(string Name, int? Weight = null);

/// <summary>Enabled and disabled plugins of one extension point.</summary>
public sealed class PluginSet
{
    /// <summary>Enabled plugins, in order.</summary>
    public List<PluginRef> Enabled { get; set; } = [];

    /// <summary>Disabled plugins ("*" disables all defaults).</summary>
    public List<PluginRef> Disabled { get; set; } = [];
}

/// <summary>The plugin sets of all extension points.</summary>
public sealed class PluginsSettings
{
    /// <summary>preEnqueue.</summary>
    public PluginSet PreEnqueue { get; set; } = new();

    /// <summary>queueSort.</summary>
    public PluginSet QueueSort { get; set; } = new();

    /// <summary>preFilter.</summary>
    public PluginSet PreFilter { get; set; } = new();

    /// <summary>filter.</summary>
    public PluginSet Filter { get; set; } = new();

    /// <summary>postFilter.</summary>
    public PluginSet PostFilter { get; set; } = new();

    /// <summary>preScore.</summary>
    public PluginSet PreScore { get; set; } = new();

    /// <summary>score.</summary>
    public PluginSet Score { get; set; } = new();

    /// <summary>reserve.</summary>
    public PluginSet Reserve { get; set; } = new();

    /// <summary>permit.</summary>
    public PluginSet Permit { get; set; } = new();

    /// <summary>preBind.</summary>
    public PluginSet PreBind { get; set; } = new();

    /// <summary>bind.</summary>
    public PluginSet Bind { get; set; } = new();

    /// <summary>postBind.</summary>
    public PluginSet PostBind { get; set; } = new();

    /// <summary>multiPoint: enabled at every extension point the plugin implements.</summary>
    public PluginSet MultiPoint { get; set; } = new();

    /// <summary>The extension points by their JSON names (multiPoint excluded).</summary>
    public IEnumerable<(string Name, PluginSet Set)> ExtensionPoints()
    {
        yield return ("preEnqueue", PreEnqueue);
        yield return ("queueSort", QueueSort);
        yield return ("preFilter", PreFilter);
        yield return ("filter", Filter);
        yield return ("postFilter", PostFilter);
        yield return ("preScore", PreScore);
        yield return ("score", Score);
        yield return ("reserve", Reserve);
        yield return ("permit", Permit);
        yield return ("preBind", PreBind);
        yield return ("bind", Bind);
        yield return ("postBind", PostBind);
    }

    /// <summary>The default plugins of v1 (upstream's <c>getDefaultPlugins</c>), all through multiPoint.</summary>
    public static PluginsSettings Defaults() => new()
    {
        MultiPoint = new PluginSet
        {
            Enabled =
            [
                new("SchedulingGates"),
                new("PrioritySort"),
                new("NodeUnschedulable"),
                new("NodeName"),
                new("TaintToleration", 3),
                new("NodeAffinity", 2),
                new("NodePorts"),
                new("NodeResourcesFit", 1),
                new("VolumeRestrictions"),
                new("NodeVolumeLimits"),
                new("VolumeBinding"),
                new("VolumeZone"),
                new("PodTopologySpread", 2),
                new("InterPodAffinity", 2),
                new("DefaultPreemption"),
                new("NodeResourcesBalancedAllocation", 1),
                new("ImageLocality", 1),
                new("DefaultBinder"),
            ],
        },
    };
}
