using System.Text.Json;
using KubeSharp.Api;
using KubeSharp.Api.Manifests;

namespace KubeSharp.Scheduler.Config;

/// <summary>A KubeSchedulerConfiguration that cannot be decoded or is invalid.</summary>
public sealed class SchedulerConfigException : Exception
{
    /// <summary>Creates the error.</summary>
    public SchedulerConfigException()
    {
    }

    /// <summary>Creates the error.</summary>
    public SchedulerConfigException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error.</summary>
    public SchedulerConfigException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <summary>
/// Reads kubescheduler.config.k8s.io/v1 KubeSchedulerConfiguration from YAML or JSON (strictly: unknown fields are
/// errors, as in kube-scheduler's strict decoding), applies upstream's defaults (merging each profile's plugins with
/// the default multiPoint set as <c>mergePlugins</c> does) and validates.
/// </summary>
public static class SchedulerConfigLoader
{
    /// <summary>The defaulted configuration used when no file is given.</summary>
    public static KubeSchedulerConfiguration Default()
    {
        var config = new KubeSchedulerConfiguration();
        ApplyDefaults(config);
        return config;
    }

    /// <summary>Parses YAML or JSON text.</summary>
    public static KubeSchedulerConfiguration Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        byte[] json;
        try
        {
            json = YamlToJson.Convert(text);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new SchedulerConfigException("couldn't decode as KubeSchedulerConfiguration: " + e.Message, e);
        }

        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new SchedulerConfigException("couldn't decode as KubeSchedulerConfiguration: not an object");
        }

        var config = new KubeSchedulerConfiguration();
        var apiVersion = "";
        var kind = "";
        foreach (var p in root.EnumerateObject())
        {
            switch (p.Name)
            {
                case "apiVersion":
                    apiVersion = Str(p);
                    break;
                case "kind":
                    kind = Str(p);
                    break;
                case "parallelism":
                    config.Parallelism = Int(p);
                    break;
                case "percentageOfNodesToScore":
                    config.PercentageOfNodesToScore = p.Value.ValueKind == JsonValueKind.Null ? 0 : Int(p);
                    break;
                case "podInitialBackoffSeconds":
                    config.PodInitialBackoffSeconds = Long(p);
                    break;
                case "podMaxBackoffSeconds":
                    config.PodMaxBackoffSeconds = Long(p);
                    break;
                case "leaderElection":
                    ReadLeaderElection(p.Value, config.LeaderElection);
                    break;
                case "clientConnection":
                    ReadClientConnection(p.Value, config.ClientConnection);
                    break;
                case "profiles":
                    foreach (var item in Array(p))
                    {
                        config.Profiles.Add(ReadProfile(item));
                    }

                    break;
                case "enableProfiling":
                case "enableContentionProfiling":
                case "healthzBindAddress":
                case "metricsBindAddress":
                case "extenders":
                case "delayCacheUntilActive":
                    break;
                default:
                    throw Unknown(p.Name);
            }
        }

        if (kind != KubeSchedulerConfiguration.Kind)
        {
            throw new SchedulerConfigException($"no kind \"{kind}\" is registered for version \"{apiVersion}\" in scheme");
        }

        if (apiVersion != KubeSchedulerConfiguration.ApiVersion)
        {
            throw new SchedulerConfigException($"no kind \"{kind}\" is registered for version \"{apiVersion}\" in scheme");
        }

        ApplyDefaults(config);
        Validate(config);
        return config;
    }

    private static SchedulerConfigException Unknown(string field) => new($"strict decoding error: unknown field \"{field}\"");

    private static string Str(JsonProperty p) =>
        p.Value.ValueKind switch
        {
            JsonValueKind.String => p.Value.GetString()!,
            JsonValueKind.Null => "",
            _ => throw new SchedulerConfigException($"{p.Name}: expected a string"),
        };

    private static int Int(JsonProperty p) =>
        p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetInt32(out var v) ? v : throw new SchedulerConfigException($"{p.Name}: expected an integer");

    private static long Long(JsonProperty p) =>
        p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetInt64(out var v) ? v : throw new SchedulerConfigException($"{p.Name}: expected an integer");

    private static JsonElement.ArrayEnumerator Array(JsonProperty p) =>
        p.Value.ValueKind == JsonValueKind.Array ? p.Value.EnumerateArray() :
        p.Value.ValueKind == JsonValueKind.Null ? default : throw new SchedulerConfigException($"{p.Name}: expected a list");

    private static TimeSpan DurationOf(JsonProperty p)
    {
        var s = Str(p);
        if (!Duration.TryParse(s, out var d, out var error))
        {
            throw new SchedulerConfigException($"{p.Name}: {error}");
        }

        return (TimeSpan)d;
    }

    private static void ReadLeaderElection(JsonElement e, LeaderElectionSettings le)
    {
        foreach (var p in Object(e, "leaderElection"))
        {
            switch (p.Name)
            {
                case "leaderElect":
                    le.LeaderElect = p.Value.ValueKind == JsonValueKind.True;
                    break;
                case "leaseDuration":
                    le.LeaseDuration = DurationOf(p);
                    break;
                case "renewDeadline":
                    le.RenewDeadline = DurationOf(p);
                    break;
                case "retryPeriod":
                    le.RetryPeriod = DurationOf(p);
                    break;
                case "resourceLock":
                    le.ResourceLock = Str(p);
                    break;
                case "resourceName":
                    le.ResourceName = Str(p);
                    break;
                case "resourceNamespace":
                    le.ResourceNamespace = Str(p);
                    break;
                default:
                    throw Unknown(p.Name);
            }
        }
    }

    private static void ReadClientConnection(JsonElement e, ClientConnectionSettings cc)
    {
        foreach (var p in Object(e, "clientConnection"))
        {
            switch (p.Name)
            {
                case "kubeconfig":
                    cc.Kubeconfig = Str(p);
                    break;
                case "acceptContentTypes":
                    cc.AcceptContentTypes = Str(p);
                    break;
                case "contentType":
                    cc.ContentType = Str(p);
                    break;
                case "qps":
                    cc.Qps = p.Value.ValueKind == JsonValueKind.Number ? p.Value.GetSingle() : throw new SchedulerConfigException("qps: expected a number");
                    break;
                case "burst":
                    cc.Burst = Int(p);
                    break;
                default:
                    throw Unknown(p.Name);
            }
        }
    }

    private static JsonElement.ObjectEnumerator Object(JsonElement e, string field) =>
        e.ValueKind == JsonValueKind.Object ? e.EnumerateObject() :
        e.ValueKind == JsonValueKind.Null ? default : throw new SchedulerConfigException($"{field}: expected an object");

    private static KubeSchedulerProfile ReadProfile(JsonElement e)
    {
        var profile = new KubeSchedulerProfile { SchedulerName = "" };
        foreach (var p in Object(e, "profiles"))
        {
            switch (p.Name)
            {
                case "schedulerName":
                    profile.SchedulerName = Str(p);
                    break;
                case "percentageOfNodesToScore":
                    profile.PercentageOfNodesToScore = p.Value.ValueKind == JsonValueKind.Null ? null : Int(p);
                    break;
                case "plugins":
                    profile.Plugins = ReadPlugins(p.Value);
                    break;
                case "pluginConfig":
                    foreach (var item in Array(p))
                    {
                        string? name = null;
                        JsonElement? args = null;
                        foreach (var q in Object(item, "pluginConfig"))
                        {
                            switch (q.Name)
                            {
                                case "name":
                                    name = Str(q);
                                    break;
                                case "args":
                                    args = q.Value.Clone();
                                    break;
                                default:
                                    throw Unknown(q.Name);
                            }
                        }

                        profile.PluginConfig.Add(new PluginConfig(name ?? "", args));
                    }

                    break;
                default:
                    throw Unknown(p.Name);
            }
        }

        return profile;
    }

    private static PluginsSettings ReadPlugins(JsonElement e)
    {
        var plugins = new PluginsSettings();
        foreach (var p in Object(e, "plugins"))
        {
            var set = p.Name switch
            {
                "preEnqueue" => plugins.PreEnqueue,
                "queueSort" => plugins.QueueSort,
                "preFilter" => plugins.PreFilter,
                "filter" => plugins.Filter,
                "postFilter" => plugins.PostFilter,
                "preScore" => plugins.PreScore,
                "score" => plugins.Score,
                "reserve" => plugins.Reserve,
                "permit" => plugins.Permit,
                "preBind" => plugins.PreBind,
                "bind" => plugins.Bind,
                "postBind" => plugins.PostBind,
                "multiPoint" => plugins.MultiPoint,
                _ => throw Unknown(p.Name),
            };
            foreach (var q in Object(p.Value, p.Name))
            {
                var list = q.Name switch
                {
                    "enabled" => set.Enabled,
                    "disabled" => set.Disabled,
                    _ => throw Unknown(q.Name),
                };
                foreach (var item in Array(q))
                {
                    var name = "";
                    int? weight = null;
                    foreach (var r in Object(item, q.Name))
                    {
                        switch (r.Name)
                        {
                            case "name":
                                name = Str(r);
                                break;
                            case "weight":
                                weight = r.Value.ValueKind == JsonValueKind.Null ? null : Int(r);
                                break;
                            default:
                                throw Unknown(r.Name);
                        }
                    }

                    list.Add(new PluginRef(name, weight));
                }
            }
        }

        return plugins;
    }

    /// <summary>Upstream's v1 defaulting: one default profile, profile names, and plugins merged with the defaults.</summary>
    public static void ApplyDefaults(KubeSchedulerConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.Profiles.Count == 0)
        {
            config.Profiles.Add(new KubeSchedulerProfile());
        }

        foreach (var profile in config.Profiles)
        {
            if (profile.SchedulerName.Length == 0)
            {
                profile.SchedulerName = KubeSchedulerConfiguration.DefaultSchedulerName;
            }

            profile.Plugins = MergePlugins(PluginsSettings.Defaults(), profile.Plugins);
        }
    }

    /// <summary>Upstream's <c>mergePlugins</c> for every extension point.</summary>
    public static PluginsSettings MergePlugins(PluginsSettings defaults, PluginsSettings custom)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        ArgumentNullException.ThrowIfNull(custom);
        var merged = new PluginsSettings { MultiPoint = MergeSet(defaults.MultiPoint, custom.MultiPoint) };
        using var d = defaults.ExtensionPoints().GetEnumerator();
        using var c = custom.ExtensionPoints().GetEnumerator();
        using var m = merged.ExtensionPoints().GetEnumerator();
        while (d.MoveNext() && c.MoveNext() && m.MoveNext())
        {
            var set = MergeSet(d.Current.Set, c.Current.Set);
            m.Current.Set.Enabled = set.Enabled;
            m.Current.Set.Disabled = set.Disabled;
        }

        return merged;
    }

    /// <summary>
    /// Upstream's <c>mergePluginSet</c>: defaults minus disabled ones ("*" drops them all), a default re-listed in
    /// enabled is replaced in place (keeping its position), other custom plugins are appended.
    /// </summary>
    public static PluginSet MergeSet(PluginSet defaults, PluginSet custom)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        ArgumentNullException.ThrowIfNull(custom);
        var disabled = new List<PluginRef>();
        var disabledNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in custom.Disabled.Concat(defaults.Disabled))
        {
            disabled.Add(new PluginRef(p.Name));
            disabledNames.Add(p.Name);
        }

        var customIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < custom.Enabled.Count; i++)
        {
            customIndex[custom.Enabled[i].Name] = i;
        }

        var replaced = new HashSet<int>();
        var enabled = new List<PluginRef>();
        if (!disabledNames.Contains("*"))
        {
            foreach (var p in defaults.Enabled)
            {
                if (disabledNames.Contains(p.Name))
                {
                    continue;
                }

                if (customIndex.TryGetValue(p.Name, out var index))
                {
                    enabled.Add(custom.Enabled[index]);
                    replaced.Add(index);
                }
                else
                {
                    enabled.Add(p);
                }
            }
        }

        for (var i = 0; i < custom.Enabled.Count; i++)
        {
            if (!replaced.Contains(i))
            {
                enabled.Add(custom.Enabled[i]);
            }
        }

        return new PluginSet { Enabled = enabled, Disabled = disabled };
    }

    /// <summary>Upstream's <c>ValidateKubeSchedulerConfiguration</c> (the checks that do not need plugin args).</summary>
    public static void Validate(KubeSchedulerConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var errors = new List<string>();
        if (config.Parallelism <= 0)
        {
            errors.Add($"parallelism: Invalid value: {config.Parallelism}: should be an integer value greater than zero");
        }

        if (config.PercentageOfNodesToScore is < 0 or > 100)
        {
            errors.Add($"percentageOfNodesToScore: Invalid value: {config.PercentageOfNodesToScore}: not in valid range [0-100]");
        }

        if (config.PodInitialBackoffSeconds <= 0)
        {
            errors.Add($"podInitialBackoffSeconds: Invalid value: {config.PodInitialBackoffSeconds}: must be greater than 0");
        }

        if (config.PodMaxBackoffSeconds < config.PodInitialBackoffSeconds)
        {
            errors.Add($"podMaxBackoffSeconds: Invalid value: {config.PodMaxBackoffSeconds}: must be greater than or equal to PodInitialBackoffSeconds");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        string? firstQueueSort = null;
        for (var i = 0; i < config.Profiles.Count; i++)
        {
            var profile = config.Profiles[i];
            if (!names.Add(profile.SchedulerName))
            {
                errors.Add($"profiles[{i}].schedulerName: Duplicate value: \"{profile.SchedulerName}\"");
            }

            if (profile.PercentageOfNodesToScore is < 0 or > 100)
            {
                errors.Add($"profiles[{i}].percentageOfNodesToScore: Invalid value: {profile.PercentageOfNodesToScore}: not in valid range [0-100]");
            }

            var queueSort = string.Join(",", profile.Plugins.QueueSort.Enabled.Select(p => p.Name)) + "|" +
                            string.Join(",", profile.Plugins.MultiPoint.Enabled.Select(p => p.Name).Where(n => n == "PrioritySort"));
            if (firstQueueSort is null)
            {
                firstQueueSort = queueSort;
            }
            else if (firstQueueSort != queueSort)
            {
                errors.Add($"profiles[{i}].plugins.queueSort: Invalid value: {{}}: queueSort must be the same for all profiles");
            }

            var pcNames = new HashSet<string>(StringComparer.Ordinal);
            for (var j = 0; j < profile.PluginConfig.Count; j++)
            {
                if (!pcNames.Add(profile.PluginConfig[j].Name))
                {
                    errors.Add($"profiles[{i}].pluginConfig[{j}]: Duplicate value: \"{profile.PluginConfig[j].Name}\"");
                }
            }
        }

        if (errors.Count > 0)
        {
            throw new SchedulerConfigException(errors.Count == 1 ? errors[0] : "[" + string.Join(", ", errors) + "]");
        }
    }
}
