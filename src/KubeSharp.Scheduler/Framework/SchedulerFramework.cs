using System.Text.Json;
using KubeSharp.Api.Core.V1;
using KubeSharp.Scheduler.Config;

namespace KubeSharp.Scheduler.Framework;

/// <summary>Runs a pod before it enters the active queue (SchedulingGates).</summary>
public interface IPreEnqueuePlugin : IPlugin
{
    /// <summary>Success lets the pod into the active queue.</summary>
    Status PreEnqueue(Pod pod);
}

/// <summary>
/// One profile's plugins per extension point and the code that runs them (upstream's <c>frameworkImpl</c>), also the
/// handle plugins see.
/// </summary>
public sealed class SchedulerFramework : IFrameworkHandle
{
    private readonly Dictionary<string, IPlugin> _plugins;
    private long[] _scoreWeights;
    private IFilterPlugin[]? _allFilterPlugins;

    private SchedulerFramework(string profileName, Dictionary<string, IPlugin> plugins, int parallelism, int? percentageOfNodesToScore)
    {
        ProfileName = profileName;
        _plugins = plugins;
        Parallelizer = new Parallelizer(parallelism);
        Parallelism = parallelism;
        PercentageOfNodesToScore = percentageOfNodesToScore;
        _scoreWeights = [];
    }

    /// <summary>The profile's schedulerName.</summary>
    public string ProfileName { get; }

    /// <inheritdoc/>
    public Snapshot Snapshot { get; private set; } = Snapshot.Empty;

    /// <inheritdoc/>
    public int Parallelism { get; }

    /// <summary>The parallelizer for filtering and scoring.</summary>
    public Parallelizer Parallelizer { get; }

    /// <summary>The profile's percentageOfNodesToScore (null: the global one).</summary>
    public int? PercentageOfNodesToScore { get; }

    /// <summary>Binds pods (the API client's pods/binding call); used by DefaultBinder.</summary>
    public Func<Pod, string, CancellationToken, Task>? Binder { get; set; }

    /// <inheritdoc/>
    public Func<Pod, Api.Labels.Selector>? DefaultSpreadSelector { get; set; }

    /// <summary>Pods nominated to nodes by preemption; the filters account for them (null: none).</summary>
    public PodNominator? Nominator { get; set; }

    /// <inheritdoc/>
    public IReadOnlyList<Api.Policy.V1.PodDisruptionBudget> PodDisruptionBudgets { get; set; } = [];

    /// <summary>The plugin instances by name.</summary>
    public IReadOnlyDictionary<string, IPlugin> Plugins => _plugins;

    /// <summary>The queue sort plugin.</summary>
    public IQueueSortPlugin? QueueSort { get; private set; }

    /// <summary>PreEnqueue plugins.</summary>
    public IReadOnlyList<IPreEnqueuePlugin> PreEnqueuePlugins { get; private set; } = [];

    /// <summary>PreFilter plugins.</summary>
    public IReadOnlyList<IPreFilterPlugin> PreFilterPlugins { get; private set; } = [];

    /// <summary>Filter plugins.</summary>
    public IReadOnlyList<IFilterPlugin> FilterPlugins { get; private set; } = [];

    /// <summary>PostFilter plugins.</summary>
    public IReadOnlyList<IPostFilterPlugin> PostFilterPlugins { get; private set; } = [];

    /// <summary>PreScore plugins.</summary>
    public IReadOnlyList<IPreScorePlugin> PreScorePlugins { get; private set; } = [];

    /// <summary>Score plugins.</summary>
    public IReadOnlyList<IScorePlugin> ScorePlugins { get; private set; } = [];

    /// <summary>Reserve plugins.</summary>
    public IReadOnlyList<IReservePlugin> ReservePlugins { get; private set; } = [];

    /// <summary>Permit plugins.</summary>
    public IReadOnlyList<IPermitPlugin> PermitPlugins { get; private set; } = [];

    /// <summary>PreBind plugins.</summary>
    public IReadOnlyList<IPreBindPlugin> PreBindPlugins { get; private set; } = [];

    /// <summary>Bind plugins.</summary>
    public IReadOnlyList<IBindPlugin> BindPlugins { get; private set; } = [];

    /// <summary>PostBind plugins.</summary>
    public IReadOnlyList<IPostBindPlugin> PostBindPlugins { get; private set; } = [];

    /// <summary>The weight of each score plugin, in <see cref="ScorePlugins"/> order.</summary>
    public IReadOnlyList<long> ScoreWeights => _scoreWeights;

    /// <summary>Sets the snapshot of the coming cycle.</summary>
    public void SetSnapshot(Snapshot snapshot) => Snapshot = snapshot ?? throw new ArgumentNullException(nameof(snapshot));

    /// <summary>
    /// Builds the framework of a (defaulted) profile (upstream's <c>NewFramework</c>): instantiates every plugin
    /// named anywhere once with its args, expands multiPoint into the extension points the plugin implements
    /// (explicit entries first, then multiPoint order, then the rest), and takes score weights from score entries,
    /// else multiPoint entries, else 1.
    /// </summary>
    public static SchedulerFramework Create(KubeSchedulerProfile profile, PluginRegistry registry, int parallelism = 16, int? percentageOfNodesToScore = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(registry);
        var plugins = new Dictionary<string, IPlugin>(StringComparer.Ordinal);
        var bare = new SchedulerFramework(profile.SchedulerName, plugins, parallelism, profile.PercentageOfNodesToScore ?? percentageOfNodesToScore);
        var settings = profile.Plugins;
        var needed = new List<string>();
        foreach (var p in settings.MultiPoint.Enabled)
        {
            needed.Add(p.Name);
        }

        foreach (var (_, set) in settings.ExtensionPoints())
        {
            foreach (var p in set.Enabled)
            {
                needed.Add(p.Name);
            }
        }

        foreach (var pc in profile.PluginConfig)
        {
            if (!registry.TryGet(pc.Name, out _))
            {
                throw new SchedulerConfigException($"plugin config for plugin \"{pc.Name}\" which is not registered");
            }
        }

        foreach (var name in needed)
        {
            if (plugins.ContainsKey(name))
            {
                continue;
            }

            if (!registry.TryGet(name, out var factory))
            {
                throw new SchedulerConfigException($"plugin \"{name}\" does not exist");
            }

            JsonElement? args = profile.ArgsFor(name);
            try
            {
                plugins[name] = factory(args, bare);
            }
            catch (Exception e) when (e is SchedulerConfigException or JsonException or FormatException or InvalidOperationException or ArgumentException)
            {
                throw new SchedulerConfigException($"initializing plugin \"{name}\": {e.Message}", e);
            }
        }

        var scorePlugins = Expand<IScorePlugin>(settings.Score, settings, plugins, "ScorePlugin");
        var weights = new long[scorePlugins.Count];
        for (var i = 0; i < scorePlugins.Count; i++)
        {
            var name = scorePlugins[i].Name;
            int? weight = settings.Score.Enabled.FirstOrDefault(p => p.Name == name)?.Weight;
            weight ??= settings.MultiPoint.Enabled.FirstOrDefault(p => p.Name == name)?.Weight;
            weights[i] = weight is null or 0 ? 1 : weight.Value;
            if (weights[i] < 0)
            {
                throw new SchedulerConfigException($"score plugin \"{name}\" has a negative weight {weights[i]}");
            }
        }

        var queueSort = Expand<IQueueSortPlugin>(settings.QueueSort, settings, plugins, "QueueSortPlugin");
        if (queueSort.Count > 1)
        {
            throw new SchedulerConfigException("only one queue sort plugin can be enabled");
        }

        var framework = bare;
        framework._scoreWeights = weights;
        framework.QueueSort = queueSort.Count == 1 ? queueSort[0] : null;
        framework.PreEnqueuePlugins = Expand<IPreEnqueuePlugin>(settings.PreEnqueue, settings, plugins, "PreEnqueuePlugin");
        framework.PreFilterPlugins = Expand<IPreFilterPlugin>(settings.PreFilter, settings, plugins, "PreFilterPlugin");
        framework.FilterPlugins = Expand<IFilterPlugin>(settings.Filter, settings, plugins, "FilterPlugin");
        framework.PostFilterPlugins = Expand<IPostFilterPlugin>(settings.PostFilter, settings, plugins, "PostFilterPlugin");
        framework.PreScorePlugins = Expand<IPreScorePlugin>(settings.PreScore, settings, plugins, "PreScorePlugin");
        framework.ScorePlugins = scorePlugins;
        framework.ReservePlugins = Expand<IReservePlugin>(settings.Reserve, settings, plugins, "ReservePlugin");
        framework.PermitPlugins = Expand<IPermitPlugin>(settings.Permit, settings, plugins, "PermitPlugin");
        framework.PreBindPlugins = Expand<IPreBindPlugin>(settings.PreBind, settings, plugins, "PreBindPlugin");
        framework.BindPlugins = Expand<IBindPlugin>(settings.Bind, settings, plugins, "BindPlugin");
        framework.PostBindPlugins = Expand<IPostBindPlugin>(settings.PostBind, settings, plugins, "PostBindPlugin");
        return framework;
    }

    private static List<T> Expand<T>(PluginSet set, PluginsSettings settings, Dictionary<string, IPlugin> plugins, string typeName) where T : class, IPlugin
    {
        var enabled = new List<string>();
        foreach (var p in set.Enabled)
        {
            if (plugins[p.Name] is not T)
            {
                throw new SchedulerConfigException($"plugin \"{p.Name}\" does not extend {typeName} plugin");
            }

            if (!enabled.Contains(p.Name))
            {
                enabled.Add(p.Name);
            }
        }

        var disabled = new HashSet<string>(set.Disabled.Select(p => p.Name), StringComparer.Ordinal);
        var result = new List<T>();
        if (disabled.Contains("*"))
        {
            foreach (var name in enabled)
            {
                result.Add((T)plugins[name]);
            }

            return result;
        }

        var overrides = new List<string>();
        var multi = new List<string>();
        foreach (var p in settings.MultiPoint.Enabled)
        {
            if (plugins[p.Name] is not T || disabled.Contains(p.Name))
            {
                continue;
            }

            if (enabled.Contains(p.Name))
            {
                overrides.Add(p.Name);
                continue;
            }

            if (multi.Contains(p.Name))
            {
                throw new SchedulerConfigException($"plugin \"{p.Name}\" already registered as \"{typeName}\"");
            }

            multi.Add(p.Name);
        }

        foreach (var name in overrides)
        {
            result.Add((T)plugins[name]);
        }

        foreach (var name in multi)
        {
            result.Add((T)plugins[name]);
        }

        foreach (var name in enabled)
        {
            if (!overrides.Contains(name))
            {
                result.Add((T)plugins[name]);
            }
        }

        return result;
    }

    /// <summary>Runs PreEnqueue plugins; the first rejection wins.</summary>
    public Status RunPreEnqueuePlugins(Pod pod)
    {
        foreach (var pl in PreEnqueuePlugins)
        {
            var s = pl.PreEnqueue(pod);
            if (!s.IsSuccess)
            {
                return s.WithPlugin(pl.Name);
            }
        }

        return Status.Success;
    }

    /// <summary>
    /// Runs PreFilter plugins (upstream's <c>RunPreFilterPlugins</c>): Skip marks the plugin's Filter skipped,
    /// a rejection stops the cycle, the node sets of the results are intersected (an empty intersection is
    /// UnschedulableAndUnresolvable "node(s) didn't satisfy plugin(s) [A B] simultaneously").
    /// </summary>
    public (PreFilterResult? Result, Status Status, List<string> ResultPlugins) RunPreFilterPlugins(CycleState state, Pod pod)
    {
        ArgumentNullException.ThrowIfNull(state);
        PreFilterResult? result = null;
        var resultPlugins = new List<string>();
        var nodes = Snapshot.NodeInfos;
        foreach (var pl in PreFilterPlugins)
        {
            var (r, s) = pl.PreFilter(state, pod, nodes);
            if (s.IsSkip)
            {
                state.SkipFilterPlugins.Add(pl.Name);
                continue;
            }

            if (!s.IsSuccess)
            {
                s = s.WithPlugin(pl.Name);
                if (s.IsRejected)
                {
                    return (null, s, resultPlugins);
                }

                return (null, Status.AsError($"running PreFilter plugin \"{pl.Name}\": {s.Message}").WithPlugin(pl.Name), resultPlugins);
            }

            if (r is { AllNodes: false })
            {
                resultPlugins.Add(pl.Name);
            }

            result = PreFilterResult.Merge(result, r);
            if (result is { AllNodes: false, NodeNames.Count: 0 })
            {
                var msg = $"node(s) didn't satisfy plugin(s) [{string.Join(" ", resultPlugins)}] simultaneously";
                if (resultPlugins.Count == 1)
                {
                    msg = $"node(s) didn't satisfy plugin {resultPlugins[0]}";
                }

                return (null, Status.Unresolvable(msg).WithPlugin(resultPlugins[^1]), resultPlugins);
            }
        }

        return (result, Status.Success, resultPlugins);
    }

    /// <summary>The Filter plugins not skipped in this cycle (computed once per cycle for the filter loop).</summary>
    public IFilterPlugin[] ActiveFilterPlugins(CycleState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.SkipFilterPlugins.Count == 0)
        {
            // Shared by every cycle without skipped filters; callers only read it.
            return _allFilterPlugins ??= [.. FilterPlugins];
        }

        var active = new List<IFilterPlugin>(FilterPlugins.Count);
        foreach (var pl in FilterPlugins)
        {
            if (!state.SkipFilterPlugins.Contains(pl.Name))
            {
                active.Add(pl);
            }
        }

        return [.. active];
    }

    /// <summary>Runs Filter plugins on one node; the first failure is returned with its plugin (upstream's <c>RunFilterPlugins</c>).</summary>
    public Status RunFilterPlugins(CycleState state, Pod pod, NodeInfo nodeInfo) =>
        RunFilterPlugins(state, pod, nodeInfo, ActiveFilterPlugins(state));

    /// <summary>Runs the given (active) Filter plugins on one node.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static Status RunFilterPlugins(CycleState state, Pod pod, NodeInfo nodeInfo, IFilterPlugin[] active)
    {
        ArgumentNullException.ThrowIfNull(active);
        for (var i = 0; i < active.Length; i++)
        {
            var pl = active[i];
            var s = pl.Filter(state, pod, nodeInfo);
            if (!s.IsSuccess)
            {
                if (!s.IsRejected)
                {
                    return Status.AsError($"running \"{pl.Name}\" filter plugin: {s.Message}").WithPlugin(pl.Name);
                }

                return s.WithPlugin(pl.Name);
            }
        }

        return Status.Success;
    }

    /// <summary>
    /// Runs the filters with the node's nominated pods of equal or higher priority added, and, if that passes, again
    /// without them (upstream's <c>RunFilterPluginsWithNominatedPods</c>): the pod must fit both ways.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public Status RunFilterPluginsWithNominatedPods(CycleState state, Pod pod, NodeInfo nodeInfo, IFilterPlugin[] active)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(nodeInfo);
        var nominated = Nominator is { IsEmpty: false } nominator ? nominator.NominatedPodsForNode(nodeInfo.Name) : [];
        if (nominated.Count == 0)
        {
            return RunFilterPlugins(state, pod, nodeInfo, active);
        }

        var priority = KubeSharp.Scheduler.Plugins.PrioritySort.PodPriority(pod);
        var key = PodInfo.PodKey(pod);
        NodeInfo? nodeWith = null;
        CycleState? stateWith = null;
        foreach (var pi in nominated)
        {
            if (KubeSharp.Scheduler.Plugins.PrioritySort.PodPriority(pi.Pod) >= priority && pi.Key != key)
            {
                nodeWith ??= nodeInfo.Clone();
                stateWith ??= state.Clone();
                nodeWith.AddPodInfo(pi);
                var s = RunPreFilterExtensionAddPod(stateWith, pod, pi, nodeWith);
                if (!s.IsSuccess)
                {
                    return s;
                }
            }
        }

        if (nodeWith is null)
        {
            return RunFilterPlugins(state, pod, nodeInfo, active);
        }

        var first = RunFilterPlugins(stateWith!, pod, nodeWith, active);
        return first.IsSuccess ? RunFilterPlugins(state, pod, nodeInfo, active) : first;
    }

    /// <summary>Runs the PreFilter extensions' AddPod (upstream's <c>RunPreFilterExtensionAddPod</c>).</summary>
    public Status RunPreFilterExtensionAddPod(CycleState state, Pod podToSchedule, PodInfo podToAdd, NodeInfo nodeInfo)
    {
        ArgumentNullException.ThrowIfNull(state);
        foreach (var pl in PreFilterPlugins)
        {
            if (pl.Extensions is not { } ext || state.SkipFilterPlugins.Contains(pl.Name))
            {
                continue;
            }

            var s = ext.AddPod(state, podToSchedule, podToAdd, nodeInfo);
            if (!s.IsSuccess)
            {
                return Status.AsError($"running AddPod on PreFilter plugin \"{pl.Name}\": {s.Message}").WithPlugin(pl.Name);
            }
        }

        return Status.Success;
    }

    /// <summary>Runs the PreFilter extensions' RemovePod (upstream's <c>RunPreFilterExtensionRemovePod</c>).</summary>
    public Status RunPreFilterExtensionRemovePod(CycleState state, Pod podToSchedule, PodInfo podToRemove, NodeInfo nodeInfo)
    {
        ArgumentNullException.ThrowIfNull(state);
        foreach (var pl in PreFilterPlugins)
        {
            if (pl.Extensions is not { } ext || state.SkipFilterPlugins.Contains(pl.Name))
            {
                continue;
            }

            var s = ext.RemovePod(state, podToSchedule, podToRemove, nodeInfo);
            if (!s.IsSuccess)
            {
                return Status.AsError($"running RemovePod on PreFilter plugin \"{pl.Name}\": {s.Message}").WithPlugin(pl.Name);
            }
        }

        return Status.Success;
    }

    /// <summary>Runs PostFilter plugins until one succeeds (upstream's <c>RunPostFilterPlugins</c>).</summary>
    public (PostFilterResult? Result, Status Status) RunPostFilterPlugins(CycleState state, Pod pod, NodeToStatus filtered)
    {
        var reasons = new List<string>();
        string? rejector = null;
        PostFilterResult? result = null;
        foreach (var pl in PostFilterPlugins)
        {
            var (r, s) = pl.PostFilter(state, pod, filtered);
            if (s.IsSuccess)
            {
                return (r, s);
            }

            if (s.Code == StatusCode.UnschedulableAndUnresolvable)
            {
                return (r, s.WithPlugin(pl.Name));
            }

            if (!s.IsRejected)
            {
                return (null, s.WithPlugin(pl.Name));
            }

            if (r is not null)
            {
                // A result that clears the nomination ("") is meaningful too.
                result = r;
            }

            reasons.AddRange(s.Reasons);
            rejector ??= pl.Name;
        }

        var status = Status.Unschedulable([.. reasons]);
        return (result, rejector is null ? status : status.WithPlugin(rejector));
    }

    /// <summary>Runs PreScore plugins; Skip marks the plugin's Score skipped.</summary>
    public Status RunPreScorePlugins(CycleState state, Pod pod, IReadOnlyList<NodeInfo> nodes)
    {
        ArgumentNullException.ThrowIfNull(state);
        foreach (var pl in PreScorePlugins)
        {
            var s = pl.PreScore(state, pod, nodes);
            if (s.IsSkip)
            {
                state.SkipScorePlugins.Add(pl.Name);
                continue;
            }

            if (!s.IsSuccess)
            {
                return Status.AsError($"running PreScore plugin \"{pl.Name}\": {s.Message}").WithPlugin(pl.Name);
            }
        }

        return Status.Success;
    }

    /// <summary>
    /// Runs Score plugins over the nodes in parallel, normalises each plugin's scores, checks they are in
    /// [0, 100] and returns each node's weighted total (upstream's <c>RunScorePlugins</c>).
    /// </summary>
    public (long[] Totals, Status Status) RunScorePlugins(CycleState state, Pod pod, IReadOnlyList<NodeInfo> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var totals = new long[nodes.Count];
        return (totals, RunScorePlugins(state, pod, nodes, totals, new ScoreBuffers()));
    }

    /// <summary>
    /// <see cref="RunScorePlugins(CycleState, Pod, IReadOnlyList{NodeInfo})"/> into a zeroed <paramref name="totals"/>
    /// (at least as long as <paramref name="nodes"/>) with reused per-plugin rows.
    /// </summary>
    internal Status RunScorePlugins(CycleState state, Pod pod, IReadOnlyList<NodeInfo> nodes, long[] totals, ScoreBuffers buffers)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(nodes);
        var count = nodes.Count;
        Span<int> activeBuffer = stackalloc int[ScorePlugins.Count];
        var activeCount = 0;
        for (var i = 0; i < ScorePlugins.Count; i++)
        {
            if (state.SkipScorePlugins.Count == 0 || !state.SkipScorePlugins.Contains(ScorePlugins[i].Name))
            {
                activeBuffer[activeCount++] = i;
            }
        }

        if (activeCount == 0)
        {
            return Status.Success;
        }

        var active = buffers.Active(activeBuffer[..activeCount]);
        var scores = buffers.Rows(activeCount, count);
        var pass = buffers.Pass;
        pass.Begin(this, state, pod, nodes, active, activeCount, scores);
        Status? failure;
        try
        {
            Parallelizer.Until(count, pass.Work, pass.Stop);
            failure = pass.Failure;
        }
        finally
        {
            pass.End();
        }

        if (failure is not null)
        {
            return failure;
        }

        for (var k = 0; k < activeCount; k++)
        {
            var pl = ScorePlugins[active[k]];
            var row = scores[k].AsSpan(0, count);
            if (pl.HasNormalizeScore)
            {
                var s = pl.NormalizeScore(state, pod, row);
                if (!s.IsSuccess)
                {
                    return Status.AsError($"running Normalize on Score plugin \"{pl.Name}\": {s.Message}").WithPlugin(pl.Name);
                }
            }

            var weight = _scoreWeights[active[k]];
            for (var i = 0; i < row.Length; i++)
            {
                var score = row[i].Score;
                if (score is > Scores.MaxNodeScore or < Scores.MinNodeScore)
                {
                    return Status.AsError($"plugin \"{pl.Name}\" returns an invalid score {score}, it should in the range of [{Scores.MinNodeScore}, {Scores.MaxNodeScore}] after normalizing");
                }

                totals[i] += score * weight;
            }
        }

        return Status.Success;
    }

    /// <summary>Runs Reserve plugins; on failure the caller runs <see cref="RunReservePluginsUnreserve"/>.</summary>
    public Status RunReservePluginsReserve(CycleState state, Pod pod, string nodeName)
    {
        foreach (var pl in ReservePlugins)
        {
            var s = pl.Reserve(state, pod, nodeName);
            if (!s.IsSuccess)
            {
                return s.IsRejected ? s.WithPlugin(pl.Name) : Status.AsError($"running Reserve plugin \"{pl.Name}\": {s.Message}").WithPlugin(pl.Name);
            }
        }

        return Status.Success;
    }

    /// <summary>Runs Unreserve in reverse order.</summary>
    public void RunReservePluginsUnreserve(CycleState state, Pod pod, string nodeName)
    {
        for (var i = ReservePlugins.Count - 1; i >= 0; i--)
        {
            ReservePlugins[i].Unreserve(state, pod, nodeName);
        }
    }

    /// <summary>Runs Permit plugins: a rejection wins, else Wait with the longest timeout, else Success.</summary>
    public (Status Status, TimeSpan Timeout) RunPermitPlugins(CycleState state, Pod pod, string nodeName)
    {
        var timeout = TimeSpan.Zero;
        var wait = false;
        foreach (var pl in PermitPlugins)
        {
            var (s, t) = pl.Permit(state, pod, nodeName);
            if (s.IsSuccess)
            {
                continue;
            }

            if (s.Code == StatusCode.Wait)
            {
                wait = true;
                timeout = t > timeout ? t : timeout;
                continue;
            }

            return (s.IsRejected ? s.WithPlugin(pl.Name) : Status.AsError($"running Permit plugin \"{pl.Name}\": {s.Message}").WithPlugin(pl.Name), TimeSpan.Zero);
        }

        return wait ? (Status.Create(StatusCode.Wait, "one or more plugins asked to wait and no plugin rejected pod"), timeout) : (Status.Success, TimeSpan.Zero);
    }

    /// <summary>Runs PreBind plugins.</summary>
    public async Task<Status> RunPreBindPluginsAsync(CycleState state, Pod pod, string nodeName, CancellationToken cancellationToken)
    {
        foreach (var pl in PreBindPlugins)
        {
            var s = await pl.PreBindAsync(state, pod, nodeName, cancellationToken);
            if (!s.IsSuccess && !s.IsSkip)
            {
                return s.IsRejected ? s.WithPlugin(pl.Name) : Status.AsError($"running PreBind plugin \"{pl.Name}\": {s.Message}").WithPlugin(pl.Name);
            }
        }

        return Status.Success;
    }

    /// <summary>Runs Bind plugins until one does not skip.</summary>
    public async Task<Status> RunBindPluginsAsync(CycleState state, Pod pod, string nodeName, CancellationToken cancellationToken)
    {
        if (BindPlugins.Count == 0)
        {
            return Status.SkipStatus;
        }

        foreach (var pl in BindPlugins)
        {
            var s = await pl.BindAsync(state, pod, nodeName, cancellationToken);
            if (s.IsSkip)
            {
                continue;
            }

            return s.IsSuccess ? s : s.IsRejected ? s.WithPlugin(pl.Name) : Status.AsError($"running Bind plugin \"{pl.Name}\": {s.Message}").WithPlugin(pl.Name);
        }

        return Status.SkipStatus;
    }

    /// <summary>Runs PostBind plugins.</summary>
    public void RunPostBindPlugins(CycleState state, Pod pod, string nodeName)
    {
        foreach (var pl in PostBindPlugins)
        {
            pl.PostBind(state, pod, nodeName);
        }
    }
}
