using KubeSharp.Api;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Meta.V1;
using KubeSharp.Scheduler.Framework;
using KubeSharp.Scheduler.Plugins;
using static KubeSharp.Scheduler.Tests.PluginHarness;

namespace KubeSharp.Scheduler.Tests;

/// <summary>
/// The snapshot's incrementally kept topology counts (used by PodTopologySpread's and InterPodAffinity's PreFilter and
/// PreScore) against the full recount over every node, on a random cluster changed by the cache's operations: pods
/// added, assumed, forgotten, confirmed, relabelled, deleted (some terminating), nodes relabelled, tainted, added and
/// removed. Fixed seeds, so a failure reproduces.
/// </summary>
public class TopologyIndexesTests
{
    private const string Zone = "topology.kubernetes.io/zone";
    private const string Host = "kubernetes.io/hostname";
    private const string Rack = "rack";
    private static readonly string[] Keys = [Zone, Host, Rack];
    private static readonly string[] Namespaces = ["ns-a", "ns-b"];
    private static readonly string[] Apps = ["a", "b", "c"];

    private static Dictionary<string, string>? NsLabels(string ns) => ns switch
    {
        "ns-a" => new() { ["team"] = "x" },
        "ns-b" => new() { ["team"] = "y" },
        _ => null,
    };

    private static Node MakeNode(Random r, string name)
    {
        var node = St.MakeNode(name).Capacity("cpu=4", "memory=8Gi", "pods=110").Label(Host, name).Obj();
        Relabel(r, node);
        return node;
    }

    private static void Relabel(Random r, Node node)
    {
        var labels = node.Metadata.Labels!;
        labels.Remove(Zone);
        labels.Remove(Rack);
        if (r.Next(8) != 0)
        {
            labels[Zone] = "z" + r.Next(3);
        }

        if (r.Next(3) != 0)
        {
            labels[Rack] = "r" + r.Next(4);
        }

        node.Spec.Taints = r.Next(5) == 0 ? [new Taint { Key = "dedicated", Value = "x", Effect = r.Next(2) == 0 ? "NoSchedule" : "PreferNoSchedule" }] : null;
    }

    private static LabelSelector AppSelector(Random r) => r.Next(4) switch
    {
        0 => new LabelSelector { MatchLabels = new() { ["app"] = Apps[r.Next(Apps.Length)] } },
        1 => new LabelSelector { MatchExpressions = [new LabelSelectorRequirement { Key = "app", Operator = "In", Values = [Apps[r.Next(3)], Apps[r.Next(3)]] }] },
        2 => new LabelSelector { MatchExpressions = [new LabelSelectorRequirement { Key = "tier", Operator = "Exists" }] },
        _ => new LabelSelector { MatchLabels = new() { ["app"] = Apps[r.Next(Apps.Length)], ["tier"] = "t" + r.Next(2) } },
    };

    private static PodAffinityTerm Term(Random r)
    {
        var term = new PodAffinityTerm { LabelSelector = AppSelector(r), TopologyKey = Keys[r.Next(Keys.Length)] };
        switch (r.Next(5))
        {
            case 0:
                term.Namespaces = [Namespaces[r.Next(2)]];
                break;
            case 1:
                term.NamespaceSelector = new LabelSelector { MatchLabels = new() { ["team"] = "x" } };
                break;
            case 2:
                term.NamespaceSelector = new LabelSelector();
                break;
        }

        return term;
    }

    private static Pod RandomPod(Random r, int i, bool withTerms)
    {
        var pod = St.MakePod("p" + i, Namespaces[r.Next(2)]).Label("app", Apps[r.Next(Apps.Length)]).Req("cpu=10m").Obj();
        if (r.Next(2) == 0)
        {
            pod.Metadata.Labels!["tier"] = "t" + r.Next(2);
        }

        if (withTerms && r.Next(3) == 0)
        {
            pod.Spec.Affinity = new Affinity { PodAntiAffinity = new PodAntiAffinity { RequiredDuringSchedulingIgnoredDuringExecution = [Term(r)] } };
            if (r.Next(3) == 0)
            {
                pod.Spec.Affinity.PodAntiAffinity.RequiredDuringSchedulingIgnoredDuringExecution.Add(Term(r));
            }
        }

        if (withTerms && r.Next(4) == 0)
        {
            pod.Spec.Affinity ??= new Affinity();
            pod.Spec.Affinity.PodAffinity = new PodAffinity { RequiredDuringSchedulingIgnoredDuringExecution = [Term(r)] };
        }

        if (withTerms && r.Next(4) == 0)
        {
            pod.Spec.Affinity ??= new Affinity();
            pod.Spec.Affinity.PodAntiAffinity ??= new PodAntiAffinity();
            pod.Spec.Affinity.PodAntiAffinity.PreferredDuringSchedulingIgnoredDuringExecution = [new WeightedPodAffinityTerm { Weight = 1 + r.Next(3), PodAffinityTerm = Term(r) }];
        }

        return pod;
    }

    private static Pod Incoming(Random r, int i)
    {
        var pod = RandomPod(r, 100_000 + i, withTerms: true);
        var constraints = new List<TopologySpreadConstraint>();
        for (var c = r.Next(3); c > 0; c--)
        {
            constraints.Add(new TopologySpreadConstraint
            {
                MaxSkew = 1 + r.Next(2),
                TopologyKey = Keys[r.Next(Keys.Length)],
                WhenUnsatisfiable = r.Next(2) == 0 ? "DoNotSchedule" : "ScheduleAnyway",
                LabelSelector = AppSelector(r),
                MinDomains = r.Next(3) == 0 ? 1 + r.Next(5) : null,
                NodeAffinityPolicy = r.Next(3) switch { 0 => "Ignore", 1 => "Honor", _ => null },
                NodeTaintsPolicy = r.Next(3) switch { 0 => "Ignore", 1 => "Honor", _ => null },
            });
        }

        pod.Spec.TopologySpreadConstraints = constraints.Count > 0 ? constraints : null;
        if (r.Next(5) == 0)
        {
            pod.Spec.NodeSelector = new() { [Zone] = "z" + r.Next(3) };
        }

        if (r.Next(4) == 0)
        {
            pod.Spec.Tolerations = [new Toleration { Key = "dedicated", Operator = "Exists" }];
        }

        if (r.Next(3) == 0)
        {
            pod.Spec.Affinity ??= new Affinity();
            pod.Spec.Affinity.PodAffinity ??= new PodAffinity();
            pod.Spec.Affinity.PodAffinity.PreferredDuringSchedulingIgnoredDuringExecution = [new WeightedPodAffinityTerm { Weight = 5, PodAffinityTerm = Term(r) }];
        }

        return pod;
    }

    private static KubeSharp.Api.Labels.Selector OwnerSelector(Pod pod) => pod.Metadata.Labels?.GetValueOrDefault("app") is { } app
        ? KubeSharp.Api.Labels.Selector.FromSet(new Dictionary<string, string> { ["app"] = app })
        : KubeSharp.Api.Labels.Selector.Everything;

    private static void ShouldBeSame<TKey, TValue>(IReadOnlyDictionary<TKey, TValue> actual, IReadOnlyDictionary<TKey, TValue> expected, string what)
        where TKey : notnull
    {
        actual.OrderBy(kv => kv.Key.ToString(), StringComparer.Ordinal).ToList()
            .ShouldBe(expected.OrderBy(kv => kv.Key.ToString(), StringComparer.Ordinal).ToList(), what);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void IncrementalCounts_EqualFullRecount_OnRandomClusters(int seed)
    {
        var r = new Random(seed);
        var cache = new SchedulerCache();
        var nodes = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            nodes.Add("n" + i);
            cache.AddOrUpdateNode(MakeNode(r, "n" + i));
        }

        var snapshot = new Snapshot { NamespaceLabels = NsLabels };
        var handle = new TestHandle(snapshot, OwnerSelector);
        var spread = new PodTopologySpread(handle);
        var spreadFull = new PodTopologySpread(handle) { DisableIndexes = true };
        var affinity = new InterPodAffinity(handle);
        var affinityFull = new InterPodAffinity(handle) { DisableIndexes = true };
        var bound = new List<Pod>();
        var assumed = new List<Pod>();
        var compared = 0;
        for (var step = 0; step < 300; step++)
        {
            switch (r.Next(12))
            {
                case 0 or 1 or 2:
                    {
                        var pod = RandomPod(r, step, withTerms: true);
                        pod.Spec.NodeName = nodes[r.Next(nodes.Count)];
                        if (r.Next(10) == 0)
                        {
                            pod.Metadata.DeletionTimestamp = Time.FromUnix(1_700_000_000);
                        }

                        cache.AddOrUpdatePod(pod);
                        bound.Add(pod);
                        break;
                    }

                case 3 or 4:
                    {
                        var pod = RandomPod(r, step, withTerms: true);
                        pod.Spec.NodeName = nodes[r.Next(nodes.Count)];
                        cache.AssumePod(pod);
                        assumed.Add(pod);
                        break;
                    }

                case 5 when assumed.Count > 0:
                    {
                        // The binding failed.
                        var pod = assumed[r.Next(assumed.Count)];
                        assumed.Remove(pod);
                        cache.ForgetPod(pod);
                        break;
                    }

                case 6 when assumed.Count > 0:
                    {
                        // The informer confirms the binding.
                        var pod = assumed[r.Next(assumed.Count)];
                        assumed.Remove(pod);
                        cache.AddOrUpdatePod(pod);
                        bound.Add(pod);
                        break;
                    }

                case 7 when bound.Count > 0:
                    {
                        var pod = bound[r.Next(bound.Count)];
                        bound.Remove(pod);
                        cache.RemovePod(pod);
                        break;
                    }

                case 8 when bound.Count > 0:
                    {
                        // A label update of a bound pod (same UID).
                        var index = r.Next(bound.Count);
                        var pod = bound[index].DeepCopy();
                        pod.Metadata.Labels!["app"] = Apps[r.Next(Apps.Length)];
                        cache.AddOrUpdatePod(pod);
                        bound[index] = pod;
                        break;
                    }

                case 9:
                    {
                        var name = nodes[r.Next(nodes.Count)];
                        var node = snapshot.Get(name)?.Node?.DeepCopy() ?? MakeNode(r, name);
                        Relabel(r, node);
                        cache.AddOrUpdateNode(node);
                        break;
                    }

                case 10 when r.Next(4) == 0:
                    {
                        var name = "n" + (100 + step);
                        nodes.Add(name);
                        cache.AddOrUpdateNode(MakeNode(r, name));
                        break;
                    }

                case 11 when r.Next(4) == 0 && nodes.Count > 4:
                    {
                        var name = nodes[r.Next(nodes.Count)];
                        nodes.Remove(name);
                        cache.RemoveNode(name);
                        break;
                    }
            }

            cache.UpdateSnapshot(snapshot);
            for (var q = 0; q < 4; q++)
            {
                var incoming = Incoming(r, step * 10 + q);
                Compare(snapshot, spread, spreadFull, affinity, affinityFull, incoming);
                compared++;
            }
        }

        compared.ShouldBe(1200);
        snapshot.TopologyIndexes.Count.ShouldBeGreaterThan(0);
    }

    private static void Compare(Snapshot snapshot, PodTopologySpread spread, PodTopologySpread spreadFull, InterPodAffinity affinity, InterPodAffinity affinityFull, Pod pod)
    {
        var all = snapshot.NodeInfos;

        // PodTopologySpread PreFilter + Filter.
        var (state, fullState) = (new CycleState(), new CycleState());
        var (_, s1) = spread.PreFilter(state, pod, all);
        var (_, s2) = spreadFull.PreFilter(fullState, pod, all);
        Describe(s1).ShouldBe(Describe(s2));
        var counts = PodTopologySpread.PreFilterCounts(state);
        var fullCounts = PodTopologySpread.PreFilterCounts(fullState);
        (counts is null).ShouldBe(fullCounts is null);
        if (counts is { } c && fullCounts is { } f)
        {
            c.Counts.Count.ShouldBe(f.Counts.Count);
            for (var i = 0; i < c.Counts.Count; i++)
            {
                ShouldBeSame(c.Counts[i], f.Counts[i], "spread domain counts");
            }

            c.MinMatchNums.ShouldBe(f.MinMatchNums);
            foreach (var n in all)
            {
                Describe(spread.Filter(state, pod, n)).ShouldBe(Describe(spreadFull.Filter(fullState, pod, n)));
            }
        }

        // PodTopologySpread PreScore (own ScheduleAnyway constraints or the defaults with the owner selector), on a
        // subset of the nodes as after filtering.
        var feasible = all.Where((_, i) => i % 3 != 1).ToList();
        var (scoreState, fullScoreState) = (new CycleState(), new CycleState());
        Describe(spread.PreScore(scoreState, pod, feasible)).ShouldBe(Describe(spreadFull.PreScore(fullScoreState, pod, feasible)));
        var scoreCounts = PodTopologySpread.PreScoreCounts(scoreState);
        var fullScoreCounts = PodTopologySpread.PreScoreCounts(fullScoreState);
        (scoreCounts is null).ShouldBe(fullScoreCounts is null);
        if (scoreCounts is not null && fullScoreCounts is not null)
        {
            for (var i = 0; i < scoreCounts.Count; i++)
            {
                ShouldBeSame(scoreCounts[i], fullScoreCounts[i], "spread score counts");
            }

            foreach (var n in feasible)
            {
                spread.Score(scoreState, pod, n).Score.ShouldBe(spreadFull.Score(fullScoreState, pod, n).Score);
            }
        }

        // InterPodAffinity PreFilter + Filter, and the copy-on-write of shared counts under AddPod / RemovePod.
        (state, fullState) = (new CycleState(), new CycleState());
        var (_, a1) = affinity.PreFilter(state, pod, all);
        var (_, a2) = affinityFull.PreFilter(fullState, pod, all);
        Describe(a1).ShouldBe(Describe(a2));
        var ac = InterPodAffinity.PreFilterCounts(state);
        var af = InterPodAffinity.PreFilterCounts(fullState);
        (ac is null).ShouldBe(af is null);
        if (ac is { } x && af is { } y)
        {
            ShouldBeSameAffinityCounts(state, fullState, "after PreFilter");
            foreach (var n in all)
            {
                Describe(affinity.Filter(state, pod, n)).ShouldBe(Describe(affinityFull.Filter(fullState, pod, n)));
            }

            if (all.FirstOrDefault(n => n.Pods.Count > 0) is { } victimNode)
            {
                // A preemption-style dry run changes the cycle state only, never the snapshot's counts.
                var victim = victimNode.Pods[0];
                affinity.RemovePod(state, pod, victim, victimNode);
                affinityFull.RemovePod(fullState, pod, victim, victimNode);
                ShouldBeSameAffinityCounts(state, fullState, "after RemovePod");
                var (again, fullAgain) = (new CycleState(), new CycleState());
                affinity.PreFilter(again, pod, all);
                affinityFull.PreFilter(fullAgain, pod, all);
                ShouldBeSameAffinityCounts(again, fullAgain, "of a fresh PreFilter after a dry run");
            }
        }

        var preScore = new CycleState();
        var fullPreScore = new CycleState();
        Describe(affinity.PreScore(preScore, pod, feasible)).ShouldBe(Describe(affinityFull.PreScore(fullPreScore, pod, feasible)));
        var scores = InterPodAffinity.PreScoreScores(preScore);
        var fullScores = InterPodAffinity.PreScoreScores(fullPreScore);
        (scores is null).ShouldBe(fullScores is null);
        if (scores is not null && fullScores is not null)
        {
            scores.Keys.Order(StringComparer.Ordinal).ShouldBe(fullScores.Keys.Order(StringComparer.Ordinal));
            foreach (var (key, values) in fullScores)
            {
                ShouldBeSame(scores[key], values, "affinity scores of " + key);
            }

            foreach (var n in feasible)
            {
                affinity.Score(preScore, pod, n).Score.ShouldBe(affinityFull.Score(fullPreScore, pod, n).Score);
            }
        }
    }

    private static void ShouldBeSameAffinityCounts(CycleState state, CycleState fullState, string when)
    {
        var x = InterPodAffinity.PreFilterCounts(state)!.Value;
        var y = InterPodAffinity.PreFilterCounts(fullState)!.Value;
        ShouldBeSame(x.Existing, y.Existing, "existing anti-affinity counts " + when);
        ShouldBeSame(x.Affinity, y.Affinity, "affinity counts " + when);
        ShouldBeSame(x.Anti, y.Anti, "anti-affinity counts " + when);
    }
}
