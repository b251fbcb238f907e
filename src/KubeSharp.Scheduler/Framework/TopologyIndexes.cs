using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Labels;

namespace KubeSharp.Scheduler.Framework;

/// <summary>
/// Pod counts per topology domain that PodTopologySpread's and InterPodAffinity's PreFilter would otherwise recount
/// over every node for every pod. Each count is registered lazily by the first PreFilter that asks for its shape
/// (namespace + selector + topology keys, or a list of affinity terms), built once from the snapshot's nodes, then
/// kept current node by node as <see cref="SchedulerCache.UpdateSnapshot"/> replaces node infos (each node's
/// contribution is remembered so it can be subtracted exactly); shapes not asked for in a while are dropped. A change
/// of the node list (node added, removed, re-zoned) drops everything; the next query rebuilds. The results equal the
/// full recount (the property tests compare both over random clusters).
/// Not thread-safe beyond the scheduling loop's pattern: queries and updates come from one thread at a time.
/// </summary>
internal sealed class TopologyIndexes
{
    private const int MaxIndexes = 64;
    private const long IdleQueries = 10_000;
    private static readonly ConditionalWeakTable<AffinityTerm, string> ShapeKeys = new();

    private readonly Snapshot _snapshot;
    private readonly Dictionary<string, CountIndex> _indexes = new(StringComparer.Ordinal);
    private ExistingTermsIndex? _existingAnti;
    private ExistingTermsIndex? _existingScoring;
    private long _tick;

    public TopologyIndexes(Snapshot snapshot) => _snapshot = snapshot;

    /// <summary>The number of registered shapes (for tests).</summary>
    public int Count => _indexes.Count + (_existingAnti is null ? 0 : 1) + (_existingScoring is null ? 0 : 1);

    /// <summary>Drops everything (the node list changed).</summary>
    public void Invalidate()
    {
        _indexes.Clear();
        _existingAnti = null;
        _existingScoring = null;
    }

    /// <summary>A node info was replaced (or changed in place): its old contribution is replaced by the new one.</summary>
    public void NodeChanged(string nodeName, NodeInfo? updated)
    {
        foreach (var index in _indexes.Values)
        {
            index.Remove(nodeName);
            if (updated is not null)
            {
                index.Add(updated);
            }
        }

        foreach (var existing in (ReadOnlySpan<ExistingTermsIndex?>)[_existingAnti, _existingScoring])
        {
            if (existing is not null)
            {
                existing.Remove(nodeName);
                if (updated is not null)
                {
                    existing.Add(updated);
                }
            }
        }
    }

    /// <summary>Existing pods' required anti-affinity terms, grouped by identical term.</summary>
    public ExistingTermsIndex ExistingAntiAffinity()
    {
        if (_existingAnti is null)
        {
            _existingAnti = new ExistingTermsIndex(scoring: false);
            _existingAnti.Build(_snapshot.HavePodsWithRequiredAntiAffinity);
        }

        return _existingAnti;
    }

    /// <summary>Existing pods' terms that InterPodAffinity's scoring weighs, grouped by identical term, kind and weight.</summary>
    public ExistingTermsIndex ExistingScoringTerms()
    {
        if (_existingScoring is null)
        {
            _existingScoring = new ExistingTermsIndex(scoring: true);
            _existingScoring.Build(_snapshot.HavePodsWithAffinity);
        }

        return _existingScoring;
    }

    /// <summary>Pods of <paramref name="ns"/> matching <paramref name="selector"/> per domain of each key (nodes with all keys when <paramref name="requireAll"/>).</summary>
    public SpreadCounts Spread(string ns, Selector selector, string[] keys, bool requireAll)
    {
        var sb = new StringBuilder("s");
        sb.Append(requireAll ? '1' : '0');
        Append(sb, ns);
        AppendSelector(sb, selector);
        foreach (var k in keys)
        {
            Append(sb, k);
        }

        return (SpreadCounts)Get(sb.ToString(), () => new SpreadCounts(ns, selector, keys, requireAll));
    }

    /// <summary>Pods matching every one of <paramref name="terms"/> (namespace selectors must not depend on namespace labels), counted on each term's (key, value).</summary>
    public TermCounts Terms(IReadOnlyList<AffinityTerm> terms)
    {
        var sb = new StringBuilder("t");
        foreach (var t in terms)
        {
            sb.Append(ShapeKey(t));
        }

        return (TermCounts)Get(sb.ToString(), () => new TermCounts([.. terms]));
    }

    private CountIndex Get(string key, Func<CountIndex> create)
    {
        _tick++;
        if (!_indexes.TryGetValue(key, out var index))
        {
            if (_indexes.Count >= MaxIndexes)
            {
                Evict();
            }

            index = create();
            index.Build(_snapshot.NodeInfos);
            _indexes[key] = index;
        }

        index.LastUsed = _tick;
        if ((_tick & 1023) == 0)
        {
            foreach (var (k, v) in _indexes)
            {
                if (v.LastUsed < _tick - IdleQueries)
                {
                    _indexes.Remove(k);
                }
            }
        }

        return index;
    }

    private void Evict()
    {
        string? oldest = null;
        var min = long.MaxValue;
        foreach (var (k, v) in _indexes)
        {
            if (v.LastUsed < min)
            {
                min = v.LastUsed;
                oldest = k;
            }
        }

        if (oldest is not null)
        {
            _indexes.Remove(oldest);
        }
    }

    /// <summary>Whether a term's namespace matching does not depend on namespace labels (nil or empty namespaceSelector).</summary>
    public static bool NamespaceLabelsIrrelevant(AffinityTerm term) => term.NamespaceSelector.MatchesNothing || term.NamespaceSelector.IsEmpty;

    /// <summary>A key equal for terms that match exactly the same pods on the same topology key (cached per term:
    /// pod infos, and so their terms, are shared by every clone of a node info).</summary>
    public static string ShapeKey(AffinityTerm term) => ShapeKeys.GetValue(term, ComputeShapeKey);

    private static string ComputeShapeKey(AffinityTerm term)
    {
        var sb = new StringBuilder("[");
        Append(sb, term.TopologyKey);
        var namespaces = term.Namespaces.ToArray();
        Array.Sort(namespaces, StringComparer.Ordinal);
        sb.Append(namespaces.Length).Append('n');
        foreach (var ns in namespaces)
        {
            Append(sb, ns);
        }

        AppendSelector(sb, term.Selector);
        AppendSelector(sb, term.NamespaceSelector);
        return sb.Append(']').ToString();
    }

    private static void Append(StringBuilder sb, string s) => sb.Append(s.Length).Append(':').Append(s);

    private static void AppendSelector(StringBuilder sb, Selector selector)
    {
        if (selector.MatchesNothing)
        {
            sb.Append("{N}");
            return;
        }

        sb.Append('{').Append(selector.Requirements.Count).Append('r');
        foreach (var r in selector.Requirements)
        {
            Append(sb, r.Key);
            sb.Append((int)r.Operator).Append('o').Append(r.Values.Count).Append('v');
            foreach (var v in r.Values)
            {
                Append(sb, v);
            }
        }

        sb.Append('}');
    }

    internal static bool HasDoNotScheduleTaint(Node node)
    {
        if (node.Spec.Taints is { } taints)
        {
            foreach (var t in taints)
            {
                if (t.Effect is "NoSchedule" or "NoExecute")
                {
                    return true;
                }
            }
        }

        return false;
    }

    internal static void Add(Dictionary<(string, string), long> counts, (string, string) pair, long delta)
    {
        ref var n = ref CollectionsMarshal.GetValueRefOrAddDefault(counts, pair, out _);
        n += delta;
        if (n == 0)
        {
            counts.Remove(pair);
        }
    }
}

/// <summary>One maintained count: each node's contribution is remembered so it can be taken back.</summary>
internal abstract class CountIndex
{
    public long LastUsed { get; set; }

    public void Build(IReadOnlyList<NodeInfo> nodes)
    {
        foreach (var n in nodes)
        {
            Add(n);
        }
    }

    public abstract void Add(NodeInfo nodeInfo);

    public abstract void Remove(string nodeName);
}

/// <summary>
/// PodTopologySpread's counts for one (namespace, selector, topology keys): for each key, each domain's number of
/// eligible nodes and of matching pods on them (pods being deleted do not count). A node is eligible when it has
/// every key (or always, with "" for a missing key, when not <see cref="RequireAll"/>).
/// </summary>
internal sealed class SpreadCounts : CountIndex
{
    private readonly string _ns;
    private readonly Selector _selector;
    private readonly Dictionary<string, (string[] Values, int Pods, bool Tainted)> _nodes = new(StringComparer.Ordinal);

    public SpreadCounts(string ns, Selector selector, string[] keys, bool requireAll)
    {
        _ns = ns;
        _selector = selector;
        Keys = keys;
        RequireAll = requireAll;
        Domains = new Dictionary<string, (int Nodes, int Pods)>[keys.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            Domains[i] = new(StringComparer.Ordinal);
        }
    }

    public string[] Keys { get; }

    public bool RequireAll { get; }

    /// <summary>Per key: domain value -> (eligible nodes, matching pods).</summary>
    public Dictionary<string, (int Nodes, int Pods)>[] Domains { get; }

    /// <summary>Eligible nodes with a NoSchedule/NoExecute taint.</summary>
    public int TaintedNodes { get; private set; }

    /// <summary>The domains of key <paramref name="keyIndex"/> with their matching pod counts.</summary>
    public Dictionary<string, int> MatchNumbers(int keyIndex)
    {
        var domains = Domains[keyIndex];
        var result = new Dictionary<string, int>(domains.Count, StringComparer.Ordinal);
        foreach (var (value, d) in domains)
        {
            result[value] = d.Pods;
        }

        return result;
    }

    public override void Add(NodeInfo nodeInfo)
    {
        if (nodeInfo.Node is not { } node)
        {
            return;
        }

        var labels = node.Metadata.Labels;
        var values = new string[Keys.Length];
        for (var i = 0; i < Keys.Length; i++)
        {
            if (labels is not null && labels.TryGetValue(Keys[i], out var v))
            {
                values[i] = v;
            }
            else if (RequireAll)
            {
                return;
            }
            else
            {
                values[i] = "";
            }
        }

        var pods = CountPodsMatchSelector(nodeInfo.Pods, _selector, _ns);
        var tainted = TopologyIndexes.HasDoNotScheduleTaint(node);
        for (var i = 0; i < Keys.Length; i++)
        {
            ref var d = ref CollectionsMarshal.GetValueRefOrAddDefault(Domains[i], values[i], out _);
            d.Nodes++;
            d.Pods += pods;
        }

        if (tainted)
        {
            TaintedNodes++;
        }

        _nodes[nodeInfo.Name] = (values, pods, tainted);
    }

    public override void Remove(string nodeName)
    {
        if (!_nodes.Remove(nodeName, out var c))
        {
            return;
        }

        for (var i = 0; i < Keys.Length; i++)
        {
            ref var d = ref CollectionsMarshal.GetValueRefOrNullRef(Domains[i], c.Values[i]);
            d.Nodes--;
            d.Pods -= c.Pods;
            if (d.Nodes == 0)
            {
                Domains[i].Remove(c.Values[i]);
            }
        }

        if (c.Tainted)
        {
            TaintedNodes--;
        }
    }

    /// <summary>Pods of <paramref name="ns"/> matching a non-empty selector, not being deleted (upstream's <c>countPodsMatchSelector</c>).</summary>
    public static int CountPodsMatchSelector(List<PodInfo> pods, Selector selector, string ns)
    {
        if (selector.IsEmpty)
        {
            return 0;
        }

        var count = 0;
        foreach (var p in pods)
        {
            var meta = p.Pod.Metadata;
            if (meta.DeletionTimestamp is not null || meta.Namespace != ns)
            {
                continue;
            }

            if (selector.Matches(meta.Labels))
            {
                count++;
            }
        }

        return count;
    }
}

/// <summary>
/// InterPodAffinity's counts for the incoming pod's own required terms: existing pods that match every term add
/// their number to each term's (topology key, node's value). One term for an anti-affinity term, the whole list for
/// affinity (upstream counts a pod for affinity only when it matches all terms).
/// </summary>
internal sealed class TermCounts(AffinityTerm[] terms) : CountIndex
{
    private readonly Dictionary<string, (string?[] Values, long Pods)> _nodes = new(StringComparer.Ordinal);

    /// <summary>(topology key, value) -> matching pods.</summary>
    public Dictionary<(string, string), long> Counts { get; } = [];

    public override void Add(NodeInfo nodeInfo)
    {
        if (nodeInfo.Node is not { } node)
        {
            return;
        }

        long pods = 0;
        foreach (var p in nodeInfo.Pods)
        {
            var all = true;
            foreach (var t in terms)
            {
                if (!t.Matches(p.Pod, null))
                {
                    all = false;
                    break;
                }
            }

            if (all)
            {
                pods++;
            }
        }

        if (pods == 0)
        {
            return;
        }

        var labels = node.Metadata.Labels;
        var values = new string?[terms.Length];
        for (var i = 0; i < terms.Length; i++)
        {
            if (labels is not null && labels.TryGetValue(terms[i].TopologyKey, out var v))
            {
                values[i] = v;
                TopologyIndexes.Add(Counts, (terms[i].TopologyKey, v), pods);
            }
        }

        _nodes[nodeInfo.Name] = (values, pods);
    }

    public override void Remove(string nodeName)
    {
        if (!_nodes.Remove(nodeName, out var c))
        {
            return;
        }

        for (var i = 0; i < terms.Length; i++)
        {
            if (c.Values[i] is { } v)
            {
                TopologyIndexes.Add(Counts, (terms[i].TopologyKey, v), -c.Pods);
            }
        }
    }
}

/// <summary>
/// Existing pods' terms grouped by identical term (<see cref="TopologyIndexes.ShapeKey"/>), kind and weight: per
/// group, (topology key, value) -> number of such terms on nodes with that value. The incoming pod is matched once
/// per group instead of once per existing pod. Either the required anti-affinity terms (InterPodAffinity's Filter)
/// or the terms its scoring weighs: required affinity, preferred affinity and preferred anti-affinity.
/// </summary>
internal sealed class ExistingTermsIndex(bool scoring) : CountIndex
{
    /// <summary>Required anti-affinity (filter) or required affinity (score: hardPodAffinityWeight).</summary>
    public const int Required = 0;

    /// <summary>Preferred affinity (score, +weight).</summary>
    public const int Preferred = 1;

    /// <summary>Preferred anti-affinity (score, -weight).</summary>
    public const int PreferredAnti = 2;

    private readonly Dictionary<string, List<(Group Group, string Value)>> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Group> _groups = new(StringComparer.Ordinal);

    /// <summary>The groups with at least one term in the snapshot.</summary>
    public IEnumerable<Group> Groups => _groups.Values;

    public override void Add(NodeInfo nodeInfo)
    {
        var pods = scoring ? nodeInfo.PodsWithAffinity : nodeInfo.PodsWithRequiredAntiAffinity;
        if (nodeInfo.Node is not { } node || pods.Count == 0 || node.Metadata.Labels is not { Count: > 0 } labels)
        {
            return;
        }

        var contribution = new List<(Group, string)>();
        foreach (var p in pods)
        {
            if (scoring)
            {
                foreach (var t in p.RequiredAffinityTerms)
                {
                    Count(labels, t, Required, 0, contribution);
                }

                foreach (var t in p.PreferredAffinityTerms)
                {
                    Count(labels, t.Term, Preferred, t.Weight, contribution);
                }

                foreach (var t in p.PreferredAntiAffinityTerms)
                {
                    Count(labels, t.Term, PreferredAnti, t.Weight, contribution);
                }
            }
            else
            {
                foreach (var t in p.RequiredAntiAffinityTerms)
                {
                    Count(labels, t, Required, 0, contribution);
                }
            }
        }

        if (contribution.Count > 0)
        {
            _nodes[nodeInfo.Name] = contribution;
        }
    }

    private void Count(Dictionary<string, string> labels, AffinityTerm t, int kind, int weight, List<(Group, string)> contribution)
    {
        if (!labels.TryGetValue(t.TopologyKey, out var v))
        {
            return;
        }

        var key = kind.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/" + weight.ToString(System.Globalization.CultureInfo.InvariantCulture) + TopologyIndexes.ShapeKey(t);
        if (!_groups.TryGetValue(key, out var g))
        {
            g = new Group(key, t, kind, weight);
            _groups[key] = g;
        }

        TopologyIndexes.Add(g.Counts, (t.TopologyKey, v), 1);
        contribution.Add((g, v));
    }

    public override void Remove(string nodeName)
    {
        if (!_nodes.Remove(nodeName, out var contribution))
        {
            return;
        }

        foreach (var (g, v) in contribution)
        {
            TopologyIndexes.Add(g.Counts, (g.Term.TopologyKey, v), -1);
            if (g.Counts.Count == 0)
            {
                _groups.Remove(g.Key);
            }
        }
    }

    /// <summary>Identical terms of existing pods and where they are.</summary>
    internal sealed class Group(string key, AffinityTerm term, int kind, int weight)
    {
        public string Key => key;

        public AffinityTerm Term => term;

        public int Kind => kind;

        public int Weight => weight;

        public Dictionary<(string, string), long> Counts { get; } = [];
    }
}
