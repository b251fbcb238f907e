using System.Text.Json.Nodes;

namespace KubeSharp.ApiServer.Patching;

/// <summary>
/// Structured-merge-diff's <c>Merge</c>: the applied configuration laid over the live object. Scalars and atomic
/// values are replaced, structs and granular maps merge field by field, list maps merge items by key and sets by
/// value, in upstream's interleaved order (live-only items keep their places; applied items keep their order).
/// </summary>
internal static class SsaMerge
{
    public static JsonNode? Merge(JsonNode? live, JsonNode? config, SsaType type, FieldPath path)
    {
        if (config is null || live is null || type.Shape == SsaShape.Scalar || type.Atomic)
        {
            return config?.DeepClone();
        }
        if (live is JsonObject liveObject && config is JsonObject configObject)
        {
            var result = (JsonObject)liveObject.DeepClone();
            foreach (var (key, value) in configObject)
            {
                result.TryGetPropertyValue(key, out var existing);
                result[key] = Merge(existing, value, type.Field(key), path.Append(FieldPathElement.Field(key)));
            }
            return result;
        }
        if (live is JsonArray liveList && config is JsonArray configList && type.Shape == SsaShape.List)
        {
            return MergeList(liveList, configList, type, path);
        }
        return config.DeepClone();
    }

    private static JsonArray MergeList(JsonArray lhs, JsonArray rhs, SsaType type, FieldPath path)
    {
        var itemType = type.Item();
        var lhsPEs = Index(lhs, type, itemType, path);
        var rhsPEs = Index(rhs, type, itemType, path);
        var observedLhs = new Dictionary<FieldPathElement, JsonNode?>();
        foreach (var (pe, item) in lhsPEs)
        {
            observedLhs.TryAdd(pe, item);
        }
        var observedRhs = new Dictionary<FieldPathElement, JsonNode?>();
        foreach (var (pe, item) in rhsPEs)
        {
            observedRhs.TryAdd(pe, item);
        }

        var sharedOrder = new Queue<FieldPathElement>(rhsPEs.Select(p => p.Element).Where(observedLhs.ContainsKey));
        FieldPathElement? nextShared = sharedOrder.Count > 0 ? sharedOrder.Dequeue() : null;
        var mergedRhs = new HashSet<FieldPathElement>();
        var output = new JsonArray();

        int lI = 0, rI = 0;
        while (lI < lhsPEs.Count || rI < rhsPEs.Count)
        {
            if (lI < lhsPEs.Count && rI < rhsPEs.Count)
            {
                var pe = lhsPEs[lI].Element;
                if (pe.Equals(rhsPEs[rI].Element))
                {
                    mergedRhs.Add(pe);
                    output.Add(MergeItem(observedLhs[pe], observedRhs[pe], itemType, path.Append(pe)));
                    lI++;
                    rI++;
                    nextShared = sharedOrder.Count > 0 ? sharedOrder.Dequeue() : null;
                    continue;
                }
                if (observedRhs.ContainsKey(pe) && nextShared is not null && !nextShared.Equals(pe))
                {
                    lI++;
                    continue;
                }
            }
            if (lI < lhsPEs.Count)
            {
                var pe = lhsPEs[lI].Element;
                if (!observedRhs.ContainsKey(pe))
                {
                    output.Add(lhsPEs[lI].Item?.DeepClone());
                    lI++;
                    continue;
                }
                if (mergedRhs.Contains(pe))
                {
                    lI++;
                    continue;
                }
            }
            if (rI < rhsPEs.Count)
            {
                var pe = rhsPEs[rI].Element;
                mergedRhs.Add(pe);
                observedLhs.TryGetValue(pe, out var lChild);
                output.Add(MergeItem(lChild, observedRhs[pe], itemType, path.Append(pe)));
                rI++;
                if (nextShared is not null && nextShared.Equals(pe))
                {
                    nextShared = sharedOrder.Count > 0 ? sharedOrder.Dequeue() : null;
                }
            }
        }
        return output;
    }

    private static JsonNode? MergeItem(JsonNode? lhs, JsonNode? rhs, SsaType itemType, FieldPath path)
        => lhs is null ? rhs?.DeepClone() : Merge(lhs, rhs, itemType, path);

    private static List<(FieldPathElement Element, JsonNode? Item)> Index(JsonArray list, SsaType type, SsaType itemType, FieldPath path)
    {
        var result = new List<(FieldPathElement, JsonNode?)>(list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            result.Add((SsaWalker.ItemElement(type, itemType, list[i], i, path), list[i]));
        }
        return result;
    }
}
