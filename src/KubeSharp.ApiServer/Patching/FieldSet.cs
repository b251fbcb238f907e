using System.Text.Json.Nodes;

namespace KubeSharp.ApiServer.Patching;

/// <summary>
/// A structured-merge-diff field set: the set of field paths a manager owns, with the set algebra server-side apply
/// needs and the FieldsV1 JSON form (<c>{"f:spec":{"f:replicas":{}}}</c>, with <c>"."</c> marking a node that is
/// itself a member and also has children).
/// </summary>
internal sealed class FieldSet
{
    private readonly HashSet<FieldPath> _paths;

    public FieldSet() => _paths = [];

    public FieldSet(IEnumerable<FieldPath> paths) => _paths = [.. paths];

    public int Count => _paths.Count;

    public bool IsEmpty => _paths.Count == 0;

    public IEnumerable<FieldPath> Paths => _paths;

    public void Insert(FieldPath path) => _paths.Add(path);

    public bool Contains(FieldPath path) => _paths.Contains(path);

    public FieldSet Union(FieldSet other) => new(_paths.Concat(other._paths));

    public FieldSet Difference(FieldSet other) => new(_paths.Where(p => !other._paths.Contains(p)));

    public FieldSet Intersection(FieldSet other) => new(_paths.Where(other._paths.Contains));

    /// <summary>Removes every path that equals or lies under one of <paramref name="prefixes"/>.</summary>
    public FieldSet WithoutPrefixes(IEnumerable<FieldPath> prefixes)
    {
        var list = prefixes.ToList();
        return new(_paths.Where(p => !list.Any(p.StartsWith)));
    }

    /// <summary>The members in upstream's iteration order: at each level the leaves, then the subtrees, both sorted.</summary>
    public IReadOnlyList<FieldPath> Ordered()
    {
        var result = new List<FieldPath>();
        Walk(Tree.Build(_paths), FieldPath.Root, result);
        return result;
    }

    private static void Walk(Tree node, FieldPath prefix, List<FieldPath> result)
    {
        foreach (var (element, child) in node.Children)
        {
            if (child.Member)
            {
                result.Add(prefix.Append(element));
            }
        }
        foreach (var (element, child) in node.Children)
        {
            if (child.Children.Count > 0)
            {
                Walk(child, prefix.Append(element), result);
            }
        }
    }

    /// <summary>The FieldsV1 JSON object of this set.</summary>
    public JsonObject ToFieldsV1() => Encode(Tree.Build(_paths));

    private static JsonObject Encode(Tree node)
    {
        var obj = new JsonObject();
        foreach (var (element, child) in node.Children)
        {
            var encoded = Encode(child);
            if (child.Member && child.Children.Count > 0)
            {
                var withSelf = new JsonObject { ["."] = new JsonObject() };
                foreach (var (k, v) in encoded.ToList())
                {
                    encoded.Remove(k);
                    withSelf[k] = v;
                }
                encoded = withSelf;
            }
            obj[element.Encoded] = encoded;
        }
        return obj;
    }

    /// <summary>Decodes FieldsV1 JSON; null when malformed (upstream then fails to decode the managed fields).</summary>
    public static FieldSet? FromFieldsV1(JsonNode? node)
    {
        var set = new FieldSet();
        return node is JsonObject obj && Decode(obj, FieldPath.Root, set) ? set : null;
    }

    private static bool Decode(JsonObject obj, FieldPath prefix, FieldSet set)
    {
        foreach (var (name, value) in obj)
        {
            if (name == ".")
            {
                set.Insert(prefix);
                continue;
            }
            var element = FieldPathElement.Parse(name);
            if (element is null || value is not JsonObject child)
            {
                return false;
            }
            var path = prefix.Append(element);
            if (child.Count == 0)
            {
                set.Insert(path);
            }
            else if (!Decode(child, path, set))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>A sorted trie of the paths, for encoding and ordered iteration.</summary>
    private sealed class Tree
    {
        public bool Member { get; set; }

        public SortedDictionary<FieldPathElement, Tree> Children { get; } = new();

        public static Tree Build(IEnumerable<FieldPath> paths)
        {
            var root = new Tree();
            foreach (var path in paths)
            {
                var node = root;
                foreach (var element in path.Elements)
                {
                    if (!node.Children.TryGetValue(element, out var next))
                    {
                        next = new Tree();
                        node.Children[element] = next;
                    }
                    node = next;
                }
                node.Member = true;
            }
            return root;
        }
    }
}
