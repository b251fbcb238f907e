using KubeSharp.Scheduler.Config;
using KubeSharp.Scheduler.Framework;
using KubeSharp.Scheduler.Plugins;

namespace KubeSharp.Scheduler.Tests;

public class ConfigTests
{
    private static SchedulerFramework Build(KubeSchedulerConfiguration config, int profile = 0) =>
        SchedulerFramework.Create(config.Profiles[profile], PluginRegistry.InTree(), config.Parallelism, config.PercentageOfNodesToScore);

    private static string[] Names(IEnumerable<IPlugin> plugins) => [.. plugins.Select(p => p.Name)];

    [Fact]
    public void Default_HasUpstreamDefaults()
    {
        var config = SchedulerConfigLoader.Default();
        config.Parallelism.ShouldBe(16);
        config.PercentageOfNodesToScore.ShouldBe(0);
        config.PodInitialBackoffSeconds.ShouldBe(1);
        config.PodMaxBackoffSeconds.ShouldBe(10);
        config.LeaderElection.LeaderElect.ShouldBeTrue();
        config.LeaderElection.LeaseDuration.ShouldBe(TimeSpan.FromSeconds(15));
        config.LeaderElection.ResourceName.ShouldBe("kube-scheduler");
        config.Profiles.Select(p => p.SchedulerName).ShouldBe(["default-scheduler"]);
    }

    [Fact]
    public void Default_ExpandsMultiPointIntoExtensionPointsInOrder()
    {
        var fw = Build(SchedulerConfigLoader.Default());
        fw.QueueSort!.Name.ShouldBe("PrioritySort");
        Names(fw.PreEnqueuePlugins).ShouldBe(["SchedulingGates"]);
        Names(fw.PreFilterPlugins).ShouldBe(["NodeAffinity", "NodePorts", "NodeResourcesFit", "VolumeRestrictions", "NodeVolumeLimits", "VolumeBinding", "VolumeZone", "PodTopologySpread", "InterPodAffinity"]);
        Names(fw.FilterPlugins).ShouldBe(["NodeUnschedulable", "NodeName", "TaintToleration", "NodeAffinity", "NodePorts", "NodeResourcesFit", "VolumeRestrictions", "NodeVolumeLimits", "VolumeBinding", "VolumeZone", "PodTopologySpread", "InterPodAffinity"]);
        Names(fw.PostFilterPlugins).ShouldBe(["DefaultPreemption"]);
        Names(fw.PreScorePlugins).ShouldBe(["TaintToleration", "NodeAffinity", "NodeResourcesFit", "PodTopologySpread", "InterPodAffinity", "NodeResourcesBalancedAllocation"]);
        Names(fw.ScorePlugins).ShouldBe(["TaintToleration", "NodeAffinity", "NodeResourcesFit", "PodTopologySpread", "InterPodAffinity", "NodeResourcesBalancedAllocation", "ImageLocality"]);
        fw.ScoreWeights.ShouldBe([3L, 2, 1, 2, 2, 1, 1]);
        Names(fw.BindPlugins).ShouldBe(["DefaultBinder"]);
    }

    [Fact]
    public void Parse_ProfilesWeightsDisablesAndArgs()
    {
        var config = SchedulerConfigLoader.Parse("""
            apiVersion: kubescheduler.config.k8s.io/v1
            kind: KubeSchedulerConfiguration
            parallelism: 4
            percentageOfNodesToScore: 30
            leaderElection:
              leaderElect: false
              leaseDuration: 30s
            clientConnection:
              kubeconfig: /etc/kubeconfig
            profiles:
            - schedulerName: default-scheduler
            - schedulerName: bin-packing
              percentageOfNodesToScore: 100
              plugins:
                score:
                  disabled:
                  - name: NodeResourcesBalancedAllocation
                  - name: ImageLocality
                  enabled:
                  - name: NodeResourcesFit
                    weight: 5
              pluginConfig:
              - name: NodeResourcesFit
                args:
                  scoringStrategy:
                    type: MostAllocated
                    resources:
                    - {name: cpu, weight: 1}
                    - {name: nvidia.com/gpu, weight: 3}
            """);
        config.Parallelism.ShouldBe(4);
        config.PercentageOfNodesToScore.ShouldBe(30);
        config.LeaderElection.LeaderElect.ShouldBeFalse();
        config.LeaderElection.LeaseDuration.ShouldBe(TimeSpan.FromSeconds(30));
        config.ClientConnection.Kubeconfig.ShouldBe("/etc/kubeconfig");
        config.Profiles.Select(p => p.SchedulerName).ShouldBe(["default-scheduler", "bin-packing"]);

        var binPacking = Build(config, 1);
        binPacking.PercentageOfNodesToScore.ShouldBe(100);
        // The explicitly enabled score plugin comes first, then the multiPoint ones.
        Names(binPacking.ScorePlugins).ShouldBe(["NodeResourcesFit", "TaintToleration", "NodeAffinity", "PodTopologySpread", "InterPodAffinity"]);
        binPacking.ScoreWeights.ShouldBe([5L, 3, 2, 2, 2]);
        // Disabling at score keeps the plugin's other extension points.
        Names(binPacking.PreScorePlugins).ShouldContain("NodeResourcesBalancedAllocation");
        var fit = (NodeResourcesFit)binPacking.Plugins["NodeResourcesFit"];
        fit.Scorer.Name.ShouldBe("MostAllocated");
        fit.Scorer.Resources.Select(r => (r.Name, r.Weight)).ShouldBe([("cpu", 1L), ("nvidia.com/gpu", 3L)]);
        Build(config, 0).PercentageOfNodesToScore.ShouldBe(30);
    }

    [Fact]
    public void Parse_MultiPointDisableAllAndCustomSet()
    {
        var config = SchedulerConfigLoader.Parse("""
            {"apiVersion":"kubescheduler.config.k8s.io/v1","kind":"KubeSchedulerConfiguration",
             "profiles":[{"schedulerName":"minimal","plugins":{"multiPoint":{"disabled":[{"name":"*"}],
               "enabled":[{"name":"PrioritySort"},{"name":"NodeName"},{"name":"NodeResourcesFit","weight":7},{"name":"DefaultBinder"}]}}}]}
            """);
        var fw = Build(config);
        Names(fw.FilterPlugins).ShouldBe(["NodeName", "NodeResourcesFit"]);
        Names(fw.ScorePlugins).ShouldBe(["NodeResourcesFit"]);
        fw.ScoreWeights.ShouldBe([7L]);
        fw.PostFilterPlugins.ShouldBeEmpty();
    }

    [Fact]
    public void Parse_FilterDisabledAtOnePoint()
    {
        var config = SchedulerConfigLoader.Parse("""
            apiVersion: kubescheduler.config.k8s.io/v1
            kind: KubeSchedulerConfiguration
            profiles:
            - plugins:
                filter:
                  disabled: [{name: TaintToleration}]
            """);
        var fw = Build(config);
        Names(fw.FilterPlugins).ShouldNotContain("TaintToleration");
        Names(fw.ScorePlugins).ShouldContain("TaintToleration");
        config.Profiles[0].SchedulerName.ShouldBe("default-scheduler");
    }

    [Theory]
    [InlineData("apiVersion: kubescheduler.config.k8s.io/v1beta3\nkind: KubeSchedulerConfiguration", "no kind \"KubeSchedulerConfiguration\" is registered for version \"kubescheduler.config.k8s.io/v1beta3\"")]
    [InlineData("apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\nbogus: 1", "strict decoding error: unknown field \"bogus\"")]
    [InlineData("apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\nparallelism: 0", "parallelism: Invalid value: 0: should be an integer value greater than zero")]
    [InlineData("apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\npercentageOfNodesToScore: 101", "not in valid range [0-100]")]
    [InlineData("apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\nprofiles: [{schedulerName: a}, {schedulerName: a}]", "Duplicate value: \"a\"")]
    [InlineData("apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\npodInitialBackoffSeconds: 5\npodMaxBackoffSeconds: 2", "must be greater than or equal to PodInitialBackoffSeconds")]
    public void Parse_Invalid(string yaml, string message) =>
        Should.Throw<SchedulerConfigException>(() => SchedulerConfigLoader.Parse(yaml)).Message.ShouldContain(message);

    [Fact]
    public void Create_UnknownPluginOrBadArgs_Fails()
    {
        var unknown = SchedulerConfigLoader.Parse("apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\nprofiles: [{plugins: {filter: {enabled: [{name: Nope}]}}}]");
        Should.Throw<SchedulerConfigException>(() => Build(unknown)).Message.ShouldBe("plugin \"Nope\" does not exist");
        var badArgs = SchedulerConfigLoader.Parse("apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\nprofiles: [{pluginConfig: [{name: NodeResourcesFit, args: {scoringStrategy: {type: Nope}}}]}]");
        Should.Throw<SchedulerConfigException>(() => Build(badArgs)).Message.ShouldContain("initializing plugin \"NodeResourcesFit\"");
        var wrongPoint = SchedulerConfigLoader.Parse("apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\nprofiles: [{plugins: {filter: {enabled: [{name: ImageLocality}]}}}]");
        Should.Throw<SchedulerConfigException>(() => Build(wrongPoint)).Message.ShouldBe("plugin \"ImageLocality\" does not extend FilterPlugin plugin");
    }

    [Fact]
    public void MergeSet_ReplacesADefaultInPlaceAndAppendsOthers()
    {
        var merged = SchedulerConfigLoader.MergeSet(
            new PluginSet { Enabled = [new("A"), new("B", 1), new("C")] },
            new PluginSet { Enabled = [new("D"), new("B", 9)], Disabled = [new("C")] });
        merged.Enabled.ShouldBe([new PluginRef("A"), new PluginRef("B", 9), new PluginRef("D")]);
        merged.Disabled.ShouldBe([new PluginRef("C")]);
    }
}
