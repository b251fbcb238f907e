using System.Text.Json;
using Affinity = KubeSharp.Api.Core.V1.Affinity;
using KubeSharp.Scheduler.Framework;
using KubeSharp.Scheduler.Plugins;
using static KubeSharp.Scheduler.Tests.PluginHarness;

namespace KubeSharp.Scheduler.Tests;

public class NodeAffinityTests
{
    private const string Mismatch = "UnschedulableAndUnresolvable: node(s) didn't match Pod's node affinity/selector";

    private static PodWrapper Required(string termsYaml) =>
        St.MakePod().Affinity(St.FromYaml<Affinity>("nodeAffinity:\n  requiredDuringSchedulingIgnoredDuringExecution:\n    nodeSelectorTerms:\n" + termsYaml));

    private static NodeWrapper Node(string name, params (string Key, string Value)[] labels)
    {
        var node = St.MakeNode(name);
        foreach (var (k, v) in labels)
        {
            node.Label(k, v);
        }

        return node;
    }

    public static TheoryData<string, PodWrapper, NodeWrapper, string> FilterCases => new()
    {
        { "no selector", St.MakePod(), Node("n"), "Success" },
        { "missing labels", St.MakePod().NodeSelector("foo", "bar"), Node("n"), Mismatch },
        { "same labels", St.MakePod().NodeSelector("foo", "bar"), Node("n", ("foo", "bar")), "Success" },
        { "node labels are superset", St.MakePod().NodeSelector("foo", "bar"), Node("n", ("foo", "bar"), ("baz", "blah")), "Success" },
        { "node labels are subset", St.MakePod().NodeSelector("foo", "bar").NodeSelector("baz", "blah"), Node("n", ("foo", "bar")), Mismatch },
        { "In matches", Required("    - matchExpressions: [{key: foo, operator: In, values: [bar, value2]}]\n"), Node("n", ("foo", "bar")), "Success" },
        { "Gt matches", Required("    - matchExpressions: [{key: kernel-version, operator: Gt, values: ['0204']}]\n"), Node("n", ("kernel-version", "0206")), "Success" },
        { "Lt does not match", Required("    - matchExpressions: [{key: kernel-version, operator: Lt, values: ['0204']}]\n"), Node("n", ("kernel-version", "0206")), Mismatch },
        { "Gt with a non-integer label", Required("    - matchExpressions: [{key: kernel-version, operator: Gt, values: ['1']}]\n"), Node("n", ("kernel-version", "v2")), Mismatch },
        { "Gt with a non-integer value is invalid", Required("    - matchExpressions: [{key: kernel-version, operator: Gt, values: [abc]}]\n"), Node("n", ("kernel-version", "2")), Mismatch },
        { "NotIn matches", Required("    - matchExpressions: [{key: mem-type, operator: NotIn, values: [DDR, DDR2]}]\n"), Node("n", ("mem-type", "DDR3")), "Success" },
        { "NotIn matches a missing label", Required("    - matchExpressions: [{key: mem-type, operator: NotIn, values: [DDR]}]\n"), Node("n"), "Success" },
        { "Exists matches", Required("    - matchExpressions: [{key: GPU, operator: Exists}]\n"), Node("n", ("GPU", "NVIDIA-GRID-K1")), "Success" },
        { "DoesNotExist", Required("    - matchExpressions: [{key: GPU, operator: DoesNotExist}]\n"), Node("n", ("GPU", "x")), Mismatch },
        { "In does not match", Required("    - matchExpressions: [{key: foo, operator: In, values: [value1, value2]}]\n"), Node("n", ("foo", "bar")), Mismatch },
        { "empty nodeSelectorTerms", St.MakePod().Affinity(St.FromYaml<Affinity>("nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: []}}")), Node("n", ("foo", "bar")), Mismatch },
        { "empty matchExpressions", Required("    - matchExpressions: []\n"), Node("n", ("foo", "bar")), Mismatch },
        {
            "expressions are ANDed",
            Required("    - matchExpressions: [{key: GPU, operator: Exists}, {key: GPU, operator: NotIn, values: [AMD, INTER]}]\n"),
            Node("n", ("GPU", "AMD")),
            Mismatch
        },
        {
            "terms are ORed",
            Required("    - matchExpressions: [{key: foo, operator: In, values: [bar]}]\n    - matchExpressions: [{key: diffkey, operator: In, values: [wrong, value2]}]\n"),
            Node("n", ("diffkey", "value2")),
            "Success"
        },
        {
            "an invalid term does not hide a valid one",
            Required("    - matchExpressions: [{key: foo, operator: In}]\n    - matchExpressions: [{key: foo, operator: Exists}]\n"),
            Node("n", ("foo", "bar")),
            "Success"
        },
        {
            "nodeSelector and affinity both satisfied",
            Required("    - matchExpressions: [{key: foo, operator: Exists}]\n").NodeSelector("foo", "bar"),
            Node("n", ("foo", "bar")),
            "Success"
        },
        {
            "nodeSelector not satisfied",
            Required("    - matchExpressions: [{key: foo, operator: Exists}]\n").NodeSelector("foo", "bar"),
            Node("n", ("foo", "barrrrrr")),
            Mismatch
        },
        { "matchFields metadata.name matches", Required("    - matchFields: [{key: metadata.name, operator: In, values: [node1]}]\n"), Node("node1"), "Success" },
        { "matchFields metadata.name excludes", Required("    - matchFields: [{key: metadata.name, operator: In, values: [node1]}]\n"), Node("node2"), "UnschedulableAndUnresolvable: excluded by PreFilterResult" },
        { "matchFields NotIn", Required("    - matchFields: [{key: metadata.name, operator: NotIn, values: [node1]}]\n"), Node("node1"), Mismatch },
        {
            "matchFields and matchExpressions ANDed",
            Required("    - matchFields: [{key: metadata.name, operator: In, values: [node1]}]\n      matchExpressions: [{key: foo, operator: In, values: [bar]}]\n"),
            Node("node1", ("foo", "baz")),
            Mismatch
        },
        {
            "terms with conflicting metadata.name",
            Required("    - matchFields: [{key: metadata.name, operator: In, values: [node1]}, {key: metadata.name, operator: In, values: [node2]}]\n"),
            Node("node1"),
            "UnschedulableAndUnresolvable: pod affinity terms conflict"
        },
    };

    [Theory]
    [MemberData(nameof(FilterCases))]
    public void Filter(string name, PodWrapper pod, NodeWrapper node, string expected)
    {
        _ = name;
        Describe(RunFilter(new NodeAffinity(), pod, new NodeInfo(node))).ShouldBe(expected);
    }

    [Fact]
    public void PreFilter_MatchFieldsAcrossTerms_UnionOfNames()
    {
        var pod = Required("    - matchFields: [{key: metadata.name, operator: In, values: [node1]}]\n    - matchFields: [{key: metadata.name, operator: In, values: [node2, node3]}]\n").Obj();
        var (result, status) = new NodeAffinity().PreFilter(new CycleState(), pod, []);
        status.IsSuccess.ShouldBeTrue();
        result!.NodeNames!.Order(StringComparer.Ordinal).ShouldBe(["node1", "node2", "node3"]);
    }

    [Fact]
    public void PreFilter_NoSelectorOrAffinity_Skips()
    {
        var (_, status) = new NodeAffinity().PreFilter(new CycleState(), St.MakePod(), []);
        status.IsSkip.ShouldBeTrue();
    }

    [Fact]
    public void Filter_AddedAffinity_IsEnforced()
    {
        var plugin = NodeAffinity.FromArgs(JsonDocument.Parse("""
            {"addedAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[{"matchExpressions":[{"key":"zone","operator":"In","values":["foo"]}]}]}}}
            """).RootElement);
        Describe(RunFilter(plugin, St.MakePod(), new NodeInfo(Node("n", ("zone", "bar")))))
            .ShouldBe("UnschedulableAndUnresolvable: node(s) didn't match scheduler-enforced node affinity");
        RunFilter(plugin, St.MakePod(), new NodeInfo(Node("n", ("zone", "foo")))).IsSuccess.ShouldBeTrue();
        Describe(RunFilter(plugin, St.MakePod().NodeSelector("x", "y"), new NodeInfo(Node("n", ("zone", "foo"))))).ShouldBe(Mismatch);
    }

    [Fact]
    public void Score_PreferredTermsWeighted()
    {
        var pod = St.MakePod().Affinity(St.FromYaml<Affinity>("""
            nodeAffinity:
              preferredDuringSchedulingIgnoredDuringExecution:
              - weight: 2
                preference: {matchExpressions: [{key: foo, operator: In, values: [bar]}]}
              - weight: 4
                preference: {matchExpressions: [{key: key, operator: In, values: [value]}]}
              - weight: 5
                preference: {matchExpressions: [{key: foo, operator: In, values: [bar]}, {key: key, operator: In, values: [value]}, {key: az, operator: In, values: [az1]}]}
            """));
        var snapshot = Snapshot.Create([], [
            Node("n1", ("foo", "bar")),
            Node("n5", ("key", "value")),
            Node("n2", ("foo", "bar"), ("key", "value"), ("az", "az1")),
            Node("n0"),
        ]);
        // Raw 2, 4, 11, 0 normalised by 11.
        RunScore(new NodeAffinity(), pod, snapshot).ShouldBe([18, 36, 100, 0]);
    }

    [Fact]
    public void Score_AddedPreferredAffinity()
    {
        var plugin = NodeAffinity.FromArgs(JsonDocument.Parse("""
            {"addedAffinity":{"preferredDuringSchedulingIgnoredDuringExecution":[{"weight":3,"preference":{"matchExpressions":[{"key":"zone","operator":"In","values":["a"]}]}}]}}
            """).RootElement);
        var snapshot = Snapshot.Create([], [Node("n1", ("zone", "a")), Node("n2", ("zone", "b"))]);
        RunScore(plugin, St.MakePod(), snapshot).ShouldBe([100, 0]);
        RunScore(new NodeAffinity(), St.MakePod(), snapshot).ShouldBeNull();
    }
}
