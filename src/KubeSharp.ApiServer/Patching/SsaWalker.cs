using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using KubeSharp.Api.Serialization;

namespace KubeSharp.ApiServer.Patching;

/// <summary>
/// Structured-merge-diff's typed-value operations on JSON: the field set of a value (<c>ToFieldSet</c>), the
/// comparison of two values (added, removed, modified fields) and the removal of fields (<c>RemoveItems</c>).
/// </summary>
internal static class SsaWalker
{
    /// <summary>The fields a value sets: every scalar, atomic value, empty or null map field, map entry and list item.</summary>
    public static FieldSet ToFieldSet(JsonNode? value, SsaType type) => Collect(value, type).Set;

    /// <summary>The field set plus the value of every leaf member (scalars, atomic values, nulls and empty maps).</summary>
    public static (FieldSet Set, Dictionary<FieldPath, JsonNode?> Leaves) Collect(JsonNode? value, SsaType type)
    {
        var set = new FieldSet();
        var leaves = new Dictionary<FieldPath, JsonNode?>();
        Visit(value, type, FieldPath.Root, set, leaves);
        return (set, leaves);
    }

    private static void Visit(JsonNode? value, SsaType type, FieldPath path, FieldSet set, Dictionary<FieldPath, JsonNode?> leaves)
    {
        if (type.Shape == SsaShape.Scalar || type.Atomic || value is null
            || (type.Shape == SsaShape.Deduced && value is JsonArray)
            || (value is not JsonObject && value is not JsonArray))
        {
            if (path.Elements.Count > 0)
            {
                set.Insert(path);
                leaves[path] = value;
            }
            return;
        }

        if (value is JsonObject obj)
        {
            foreach (var (key, child) in obj)
            {
                var childType = type.Field(key);
                var childPath = path.Append(FieldPathElement.Field(key));
                Visit(child, childType, childPath, set, leaves);
                var declared = type.Shape == SsaShape.Struct;
                if (child is null || (child is JsonObject { Count: 0 }) || !declared)
                {
                    set.Insert(childPath);
                    if (child is null or JsonObject { Count: 0 })
                    {
                        leaves[childPath] = child;
                    }
                }
            }
            return;
        }

        var list = (JsonArray)value;
        if (type.Shape != SsaShape.List)
        {
            set.Insert(path);
            leaves[path] = value;
            return;
        }
        var itemType = type.Item();
        for (var i = 0; i < list.Count; i++)
        {
            var itemPath = path.Append(ItemElement(type, itemType, list[i], i, path));
            Visit(list[i], itemType, itemPath, set, leaves);
            set.Insert(itemPath);
        }
    }

    /// <summary>The path element of a list item: its keys (list maps, with schema defaults) or its value (sets).</summary>
    public static FieldPathElement ItemElement(SsaType listType, SsaType itemType, JsonNode? item, int index, FieldPath listPath)
    {
        switch (listType.ListKind)
        {
            case SsaListKind.Set:
                return FieldPathElement.Value(item);
            case SsaListKind.Map:
                var obj = item as JsonObject ?? throw new SsaFailure(NotAMap(listPath, index));
                var keys = new List<(string, JsonNode?)>();
                foreach (var key in listType.ListMapKeys)
                {
                    if (obj.TryGetPropertyValue(key, out var v) && v is not null)
                    {
                        keys.Add((key, v));
                    }
                    else if (itemType.Default(key) is { } defaulted)
                    {
                        keys.Add((key, defaulted));
                    }
                    else
                    {
                        throw new SsaFailure(MissingKey(listPath, index, key));
                    }
                }
                return FieldPathElement.Key(keys);
            default:
                return FieldPathElement.Index(index);
        }
    }

    /// <summary>
    /// Structured-merge-diff's <c>Compare</c> of two JSON trees (server-side apply's live and merged objects): the
    /// encoded walk of <see cref="SsaElementWalker"/> over their JSON. Added and modified paths come as one set.
    /// </summary>
    public static (FieldSet Changed, FieldSet Removed) Compare(JsonNode? oldValue, JsonNode? newValue, SsaType type)
    {
        using var lhs = JsonDocument.Parse(Encode(oldValue), SsaElementWalker.DocumentOptions);
        using var rhs = JsonDocument.Parse(Encode(newValue), SsaElementWalker.DocumentOptions);
        return SsaElementWalker.Compare(lhs.RootElement, rhs.RootElement, type);
    }

    private static byte[] Encode(JsonNode? value)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer, KubeJson.WriterOptions))
        {
            if (value is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                value.WriteTo(writer);
            }
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Upstream's failure for a list-map item that is not a map.</summary>
    public static string NotAMap(FieldPath listPath, int index)
        => $"{listPath}: element {index}: associative list with keys has an element that is not a map";

    /// <summary>Upstream's failure for a list-map item without one of its keys.</summary>
    public static string MissingKey(FieldPath listPath, int index, string key)
        => $"{listPath}: element {index}: associative list with keys has an element that omits key field {GoFmt.Quote(key)} (and doesn't have default value)";

    /// <summary>Removes the fields and items of <paramref name="paths"/> (with everything under them) from <paramref name="root"/>.</summary>
    public static void Remove(JsonObject root, IEnumerable<FieldPath> paths, SsaType type)
    {
        foreach (var path in paths.OrderBy(p => p.Elements.Count))
        {
            RemoveAt(root, type, path);
        }
    }

    private static void RemoveAt(JsonNode container, SsaType type, FieldPath path)
    {
        JsonNode? node = container;
        var nodeType = type;
        for (var i = 0; i < path.Elements.Count - 1; i++)
        {
            if (!TryStep(node, nodeType, path.Elements[i], out node, out nodeType, out _))
            {
                return;
            }
        }
        var last = path.Elements[^1];
        if (node is JsonObject obj && last.Kind == FieldPathElementKind.Field)
        {
            obj.Remove(last.Text);
        }
        else if (node is JsonArray && TryStep(node, nodeType, last, out _, out _, out var index))
        {
            ((JsonArray)node).RemoveAt(index);
        }
    }

    /// <summary>Descends one path element.</summary>
    public static bool TryStep(JsonNode? node, SsaType type, FieldPathElement element, out JsonNode? child, out SsaType childType, out int index)
    {
        child = null;
        childType = type;
        index = -1;
        switch (node)
        {
            case JsonObject obj when element.Kind == FieldPathElementKind.Field:
                childType = type.Field(element.Text);
                return obj.TryGetPropertyValue(element.Text, out child);
            case JsonArray list when type.Shape == SsaShape.List:
                childType = type.Item();
                for (var i = 0; i < list.Count; i++)
                {
                    var pe = element.Kind == FieldPathElementKind.Index ? FieldPathElement.Index(i) : ItemElement(type, childType, list[i], i, FieldPath.Root);
                    if (pe.Equals(element))
                    {
                        child = list[i];
                        index = i;
                        return true;
                    }
                }
                return false;
            default:
                return false;
        }
    }

    /// <summary>
    /// Upstream's <c>EnsureNamedFieldsAreMembers</c>: adds every struct field that a path passes through as a member,
    /// so that removing a set also removes the struct fields left empty.
    /// </summary>
    public static FieldSet EnsureNamedFieldsAreMembers(FieldSet set, SsaType root)
    {
        var result = new FieldSet(set.Paths);
        foreach (var path in set.Paths)
        {
            var type = root;
            var prefix = FieldPath.Root;
            for (var i = 0; i < path.Elements.Count - 1; i++)
            {
                var element = path.Elements[i];
                var isStructField = type.Shape == SsaShape.Struct && element.Kind == FieldPathElementKind.Field;
                prefix = prefix.Append(element);
                if (isStructField)
                {
                    result.Insert(prefix);
                }
                type = element.Kind == FieldPathElementKind.Field ? type.Field(element.Text) : type.Item();
            }
        }
        return result;
    }
}
