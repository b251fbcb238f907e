using System.Globalization;
using KubeSharp.Api.Core.V1;

namespace KubeSharp.Api.Scheduling;

using Node = KubeSharp.Api.Core.V1.Node;

/// <summary>
/// A compiled v1.NodeSelector (upstream's <c>nodeaffinity.NodeSelector</c> / <c>LazyErrorNodeSelector</c>): terms
/// are ORed, a term's requirements ANDed; an empty term or one with an invalid requirement matches nothing; matchFields
/// supports metadata.name with In/NotIn.
/// </summary>
public sealed class CompiledNodeSelector
{
    private readonly CompiledTerm[] _terms;

    /// <summary>Compiles the terms.</summary>
    public CompiledNodeSelector(IEnumerable<NodeSelectorTerm>? terms)
    {
        var list = new List<CompiledTerm>();
        if (terms is not null)
        {
            foreach (var t in terms)
            {
                if (CompiledTerm.Create(t) is { } c)
                {
                    list.Add(c);
                }
            }
        }

        _terms = [.. list];
    }

    /// <summary>Whether the node matches any term.</summary>
    public bool Match(Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return Match(node.Metadata.Labels, node.Metadata.Name);
    }

    /// <summary>Whether a node with these labels and this name matches any term.</summary>
    public bool Match(IReadOnlyDictionary<string, string>? labels, string nodeName)
    {
        foreach (var t in _terms)
        {
            if (t.Match(labels, nodeName))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a node with these labels (<see cref="NodeLabels.ToPairs"/>) and this name matches any term.</summary>
    public bool Match(KeyValuePair<string, string>[]? labels, string nodeName)
    {
        foreach (var t in _terms)
        {
            if (t.Match(labels, nodeName))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether one term (a preferred term's preference) matches; invalid or empty terms never match.</summary>
    public static bool MatchTerm(NodeSelectorTerm term, Node node) =>
        CompiledTerm.Create(term) is { } c && c.Match(node.Metadata.Labels, node.Metadata.Name);

    /// <summary>One compiled term: its label requirements and its metadata.name field requirements, ANDed.</summary>
    public sealed class CompiledTerm
    {
        private readonly Req[] _labels;
        private readonly Req[] _fields;

        private CompiledTerm(Req[] labels, Req[] fields)
        {
            _labels = labels;
            _fields = fields;
        }

        /// <summary>Compiles a term; null for an empty term or one with an invalid requirement (it matches nothing).</summary>
        public static CompiledTerm? Create(NodeSelectorTerm term)
        {
            ArgumentNullException.ThrowIfNull(term);
            var exprs = term.MatchExpressions;
            var fields = term.MatchFields;
            if ((exprs is null || exprs.Count == 0) && (fields is null || fields.Count == 0))
            {
                return null;
            }

            var labelReqs = new List<Req>();
            if (exprs is not null)
            {
                foreach (var r in exprs)
                {
                    if (Req.Create(r, isField: false) is not { } req)
                    {
                        return null;
                    }

                    labelReqs.Add(req);
                }
            }

            var fieldReqs = new List<Req>();
            if (fields is not null)
            {
                foreach (var r in fields)
                {
                    if (Req.Create(r, isField: true) is not { } req)
                    {
                        return null;
                    }

                    fieldReqs.Add(req);
                }
            }

            return new CompiledTerm([.. labelReqs], [.. fieldReqs]);
        }

        /// <summary>Whether a node with these labels and this name matches every requirement.</summary>
        public bool Match(IReadOnlyDictionary<string, string>? labels, string nodeName)
        {
            foreach (var r in _labels)
            {
                string? value = null;
                var has = labels is not null && labels.TryGetValue(r.Key, out value);
                if (!r.Matches(has, value))
                {
                    return false;
                }
            }

            return MatchFields(nodeName);
        }

        /// <summary>Whether a node with these labels (<see cref="NodeLabels.ToPairs"/>) and this name matches every requirement.</summary>
        public bool Match(KeyValuePair<string, string>[]? labels, string nodeName)
        {
            foreach (var r in _labels)
            {
                var has = NodeLabels.TryGetValue(labels, r.Key, out var value);
                if (!r.Matches(has, value))
                {
                    return false;
                }
            }

            return MatchFields(nodeName);
        }

        private bool MatchFields(string nodeName)
        {
            foreach (var r in _fields)
            {
                if (!r.Matches(true, nodeName))
                {
                    return false;
                }
            }

            return true;
        }
    }

    private sealed class Req
    {
        private Req(string key, string op, string[] values, long number)
        {
            Key = key;
            Op = op;
            Values = values;
            Number = number;
        }

        public string Key { get; }

        public string Op { get; }

        public string[] Values { get; }

        public long Number { get; }

        public static Req? Create(NodeSelectorRequirement r, bool isField)
        {
            var values = r.Values?.ToArray() ?? [];
            if (isField)
            {
                // Only metadata.name with In/NotIn and exactly one value is valid for fields.
                if (r.Key != "metadata.name" || r.Operator is not ("In" or "NotIn") || values.Length != 1)
                {
                    return null;
                }

                return new Req(r.Key, r.Operator, values, 0);
            }

            switch (r.Operator)
            {
                case "In":
                case "NotIn":
                    return values.Length == 0 ? null : new Req(r.Key, r.Operator, values, 0);
                case "Exists":
                case "DoesNotExist":
                    return values.Length != 0 ? null : new Req(r.Key, r.Operator, values, 0);
                case "Gt":
                case "Lt":
                    return values.Length == 1 && long.TryParse(values[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
                        ? new Req(r.Key, r.Operator, values, n)
                        : null;
                default:
                    return null;
            }
        }

        public bool Matches(bool has, string? value)
        {
            switch (Op)
            {
                case "In":
                    return has && Array.IndexOf(Values, value) >= 0;
                case "NotIn":
                    return !has || Array.IndexOf(Values, value) < 0;
                case "Exists":
                    return has;
                case "DoesNotExist":
                    return !has;
                case "Gt":
                    return has && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var g) && g > Number;
                case "Lt":
                    return has && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) && l < Number;
                default:
                    return false;
            }
        }
    }
}
