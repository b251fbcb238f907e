using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Scheduling;
using Shouldly;

namespace KubeSharp.Api.Tests.Scheduling;

public class NodeLabelsTests
{
    [Fact]
    public void TryGetValue_AnswersAsTheDictionary_ForEqualKeysThatAreOtherInstances()
    {
        var labels = new Dictionary<string, string> { ["topology.kubernetes.io/zone"] = "a", ["kubernetes.io/hostname"] = "n1" };
        var pairs = NodeLabels.ToPairs(labels);
        var key = new string("topology.kubernetes.io/zone".AsSpan()); // equal, not the same instance
        NodeLabels.TryGetValue(pairs, key, out var value).ShouldBeTrue();
        value.ShouldBe("a");
        NodeLabels.TryGetValue(pairs, "Topology.kubernetes.io/zone", out _).ShouldBeFalse(); // ordinal, as the dictionary
        NodeLabels.TryGetValue(pairs, "missing", out var none).ShouldBeFalse();
        none.ShouldBeNull();
        NodeLabels.ToPairs(new Dictionary<string, string>()).ShouldBeNull();
        NodeLabels.TryGetValue(null, "a", out _).ShouldBeFalse();
    }

    [Fact]
    public void Match_OnPairs_AgreesWithMatch_OnTheDictionary_ForRandomLabelsAndSelectors()
    {
        // Every operator, nodeSelector, matchFields, missing and extra labels: the flat-pairs path the scheduler's
        // filter loop uses must answer exactly as the dictionary path.
        var random = new Random(6);
        string[] keys = ["zone", "region", "arch", "gpu", "n"];
        string[] values = ["a", "b", "c", "1", "5", "10"];
        string[] ops = ["In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt", "Bogus"];
        for (var round = 0; round < 2000; round++)
        {
            var labels = new Dictionary<string, string>();
            foreach (var key in keys)
            {
                if (random.Next(3) > 0)
                {
                    labels[key] = values[random.Next(values.Length)];
                }
            }
            var terms = new List<NodeSelectorTerm>();
            for (var t = random.Next(3); t >= 0; t--)
            {
                var term = new NodeSelectorTerm { MatchExpressions = [] };
                for (var r = random.Next(3); r >= 0; r--)
                {
                    var op = ops[random.Next(ops.Length)];
                    List<string> vals = op switch
                    {
                        "Exists" or "DoesNotExist" => [],
                        "Gt" or "Lt" => [values[random.Next(3, values.Length)]],
                        _ => [.. values.Where(_ => random.Next(2) == 0)],
                    };
                    term.MatchExpressions.Add(new NodeSelectorRequirement { Key = keys[random.Next(keys.Length)], Operator = op, Values = vals });
                }
                if (random.Next(4) == 0)
                {
                    term.MatchFields = [new NodeSelectorRequirement { Key = "metadata.name", Operator = random.Next(2) == 0 ? "In" : "NotIn", Values = [random.Next(2) == 0 ? "n1" : "n2"] }];
                }
                terms.Add(term);
            }
            var pod = new Pod();
            if (random.Next(2) == 0)
            {
                pod.Spec.NodeSelector = new() { [keys[random.Next(keys.Length)]] = values[random.Next(values.Length)] };
            }
            pod.Spec.Affinity = new Affinity { NodeAffinity = new NodeAffinity { RequiredDuringSchedulingIgnoredDuringExecution = new NodeSelector { NodeSelectorTerms = terms } } };

            var pairs = NodeLabels.ToPairs(labels);
            var dictionary = labels.Count == 0 ? null : labels;
            var selector = new CompiledNodeSelector(terms);
            selector.Match(pairs, "n1").ShouldBe(selector.Match(dictionary, "n1"), $"round {round}");
            var required = new RequiredNodeAffinity(pod);
            required.Match(pairs, "n1").ShouldBe(required.Match(dictionary, "n1"), $"round {round}");
            foreach (var term in terms)
            {
                if (CompiledNodeSelector.CompiledTerm.Create(term) is { } compiled)
                {
                    compiled.Match(pairs, "n2").ShouldBe(compiled.Match(dictionary, "n2"), $"round {round}");
                }
            }
        }
    }
}
