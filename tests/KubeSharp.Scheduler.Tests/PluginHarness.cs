using KubeSharp.Api.Core.V1;
using KubeSharp.Scheduler.Framework;

namespace KubeSharp.Scheduler.Tests;

/// <summary>A handle over a fixed snapshot.</summary>
internal sealed class TestHandle(Snapshot snapshot, Func<Pod, KubeSharp.Api.Labels.Selector>? defaultSpreadSelector = null) : IFrameworkHandle
{
    public Snapshot Snapshot => snapshot;

    public int Parallelism => 1;

    public Func<Pod, KubeSharp.Api.Labels.Selector>? DefaultSpreadSelector => defaultSpreadSelector;
}

/// <summary>Runs a plugin the way the framework does: PreFilter (Skip skips Filter), Filter; PreScore, Score, NormalizeScore.</summary>
internal static class PluginHarness
{
    public static Status RunFilter(IPlugin plugin, Pod pod, NodeInfo nodeInfo, Snapshot? snapshot = null)
    {
        var state = new CycleState();
        if (plugin is IPreFilterPlugin pre)
        {
            var (result, s) = pre.PreFilter(state, pod, snapshot?.NodeInfos ?? [nodeInfo]);
            if (s.IsSkip)
            {
                return Status.Success;
            }

            if (!s.IsSuccess)
            {
                return s;
            }

            if (result is { AllNodes: false } && !result.NodeNames!.Contains(nodeInfo.Name))
            {
                return Status.Unresolvable("excluded by PreFilterResult");
            }
        }

        return ((IFilterPlugin)plugin).Filter(state, pod, nodeInfo);
    }

    /// <summary>The normalised scores of every node of the snapshot, or null when PreScore skipped the plugin.</summary>
    public static long[]? RunScore(IScorePlugin plugin, Pod pod, Snapshot snapshot, CycleState? state = null)
    {
        state ??= new CycleState();
        if (plugin is IPreScorePlugin pre)
        {
            var s = pre.PreScore(state, pod, snapshot.NodeInfos);
            if (s.IsSkip)
            {
                return null;
            }

            s.IsSuccess.ShouldBeTrue(s.Message);
        }

        var scores = new NodeScore[snapshot.NumNodes];
        for (var i = 0; i < scores.Length; i++)
        {
            var (score, status) = plugin.Score(state, pod, snapshot.NodeInfos[i]);
            status.IsSuccess.ShouldBeTrue(status.Message);
            scores[i] = new NodeScore(snapshot.NodeInfos[i].Name, score);
        }

        if (plugin.HasNormalizeScore)
        {
            plugin.NormalizeScore(state, pod, scores).IsSuccess.ShouldBeTrue();
        }

        return [.. scores.Select(s => s.Score)];
    }

    public static string Describe(Status s) => s.IsSuccess ? "Success" : $"{s.Code}: {string.Join(" | ", s.Reasons)}";
}
