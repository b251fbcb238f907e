using GoMap = System.Collections.Generic.OrderedDictionary<string, object?>;

namespace KubeSharp.ApiServer.Patching;

internal static partial class StrategicMerger
{
    /// <summary>
    /// Upstream's <c>mergePatchIntoOriginal</c>: for each <c>$setElementOrder/&lt;list&gt;</c>, merges the list and
    /// orders the result: listed items in the directive's order, server-only items kept in their live order.
    /// </summary>
    private static void MergePatchIntoOriginal(GoMap original, GoMap patch, SmpSchema schema)
    {
        foreach (var key in patch.Keys.ToList())
        {
            if (!key.StartsWith(SetElementOrderPrefix, StringComparison.Ordinal) || !patch.Remove(key, out var directive))
            {
                continue;
            }
            if (directive is not List<object?> setOrder)
            {
                throw SmpFailure.BadArgType(SliceType, directive);
            }
            var listKey = ExtractKey(key, SetElementOrderPrefix);
            var foundOriginal = original.TryGetValue(listKey, out var originalValue);
            var foundPatch = patch.TryGetValue(listKey, out var patchValue);
            List<object?> originalList = [], patchList = [];
            if (foundOriginal)
            {
                originalList = originalValue as List<object?> ?? throw SmpFailure.BadArgType(SliceType, originalValue);
            }
            if (foundPatch)
            {
                patchList = patchValue as List<object?> ?? throw SmpFailure.BadArgType(SliceType, patchValue);
            }
            var elementSchema = schema.LookupForSlice(listKey, out var meta);
            var strategy = ExtractRetainKeysPatchStrategy(meta.Strategies).Strategy;
            ValidatePatchWithSetOrderList(patchList, setOrder, meta.MergeKey);

            List<object?> merged;
            if (foundOriginal && !foundPatch)
            {
                merged = originalList;
            }
            else if (!foundOriginal && foundPatch)
            {
                merged = (List<object?>)RemoveDirectives(patchList, out _)!;
            }
            else if (foundOriginal && foundPatch)
            {
                merged = MergeSliceHandler([.. originalList], patchList, elementSchema, strategy, meta.MergeKey, isDeleteList: false);
            }
            else
            {
                continue;
            }

            var (patchItems, serverOnlyItems) = meta.MergeKey.Length == 0
                ? PartitionPrimitivesByPresentInList(merged, setOrder)
                : PartitionMapsByPresentInList(merged, setOrder, meta.MergeKey);
            var isMap = SliceElementIsMap(originalList, patchList);
            original[listKey] = NormalizeElementOrder(patchItems, serverOnlyItems, setOrder, originalList, meta.MergeKey, isMap);
            patch.Remove(listKey);
        }
    }

    /// <summary>
    /// Upstream's <c>validatePatchWithSetOrderList</c>: the patch items (deletions aside) must appear in the
    /// directive's list, in the same relative order.
    /// </summary>
    private static void ValidatePatchWithSetOrderList(List<object?> patchList, List<object?> setOrder, string mergeKey)
    {
        if (setOrder.Count == 0 || patchList.Count == 0)
        {
            return;
        }
        var nonDelete = mergeKey.Length > 0 ? ExtractToDeleteItems(patchList).NonDelete : patchList;
        int patchIndex = 0, setOrderIndex = 0;
        while (patchIndex < nonDelete.Count && setOrderIndex < setOrder.Count)
        {
            if (nonDelete[patchIndex] is GoMap m && m.ContainsKey(DirectiveMarker))
            {
                patchIndex++;
                continue;
            }
            if (MergeKeyValueEqual(nonDelete[patchIndex], setOrder[setOrderIndex], mergeKey))
            {
                patchIndex++;
            }
            setOrderIndex++;
        }
        if (patchIndex < nonDelete.Count && setOrderIndex >= setOrder.Count)
        {
            throw new SmpFailure($"the order in patch list:\n{GoFmt.Value(patchList)}\n doesn't match {SetElementOrderPrefix} list:\n{GoFmt.Value(setOrder)}");
        }
    }

    private static bool MergeKeyValueEqual(object? left, object? right, string mergeKey)
    {
        if (mergeKey.Length == 0)
        {
            return GoJson.ScalarEquals(left, right);
        }
        var l = left as GoMap ?? throw SmpFailure.BadArgType(MapType, left);
        var r = right as GoMap ?? throw SmpFailure.BadArgType(MapType, right);
        if (!l.TryGetValue(mergeKey, out var lv))
        {
            throw SmpFailure.NoMergeKey(l, mergeKey);
        }
        if (!r.TryGetValue(mergeKey, out var rv))
        {
            throw SmpFailure.NoMergeKey(r, mergeKey);
        }
        return GoJson.ScalarEquals(lv, rv);
    }

    private static (List<object?> PatchItems, List<object?> ServerOnly) PartitionPrimitivesByPresentInList(List<object?> original, List<object?> partitionBy)
    {
        var inPatch = new HashSet<object>(partitionBy.Select(GoJson.Key));
        var patch = new List<object?>();
        var serverOnly = new List<object?>();
        foreach (var v in original)
        {
            (inPatch.Contains(GoJson.Key(v)) ? patch : serverOnly).Add(v);
        }
        return (patch, serverOnly);
    }

    private static (List<object?> PatchItems, List<object?> ServerOnly) PartitionMapsByPresentInList(List<object?> original, List<object?> partitionBy, string mergeKey)
    {
        var patch = new List<object?>();
        var serverOnly = new List<object?>();
        foreach (var v in original)
        {
            var map = v as GoMap ?? throw SmpFailure.BadArgType(MapType, v);
            if (!map.TryGetValue(mergeKey, out var mergeValue))
            {
                throw SmpFailure.NoMergeKey(map, mergeKey);
            }
            (FindMapInSliceBasedOnKeyValue(partitionBy, mergeKey, mergeValue, out _) >= 0 ? patch : serverOnly).Add(v);
        }
        return (patch, serverOnly);
    }

    /// <summary>
    /// Sorts the patch items by <paramref name="patchOrder"/> and the server-only items by <paramref name="serverOrder"/>,
    /// then interleaves them by their live positions (<c>normalizeElementOrder</c>).
    /// </summary>
    private static List<object?> NormalizeElementOrder(List<object?> patch, List<object?> serverOnly, List<object?> patchOrder,
        List<object?> serverOrder, string mergeKey, bool isMap)
    {
        patch = NormalizeSliceOrder(patch, patchOrder, mergeKey, isMap);
        serverOnly = NormalizeSliceOrder(serverOnly, serverOrder, mergeKey, isMap);
        return MergeSortedSlice(serverOnly, patch, serverOrder, mergeKey, isMap);
    }

    private static List<object?> NormalizeSliceOrder(List<object?> toSort, List<object?> order, string mergeKey, bool isMap)
    {
        List<object?> toDelete = [];
        if (isMap)
        {
            ValidateMergeKeyInLists(mergeKey, toSort, order);
            (toSort, toDelete) = ExtractToDeleteItems(toSort);
        }
        else
        {
            toSort = [.. toSort];
        }

        GoSort.Stable(toSort, (a, b) =>
        {
            var ia = Index(order, a, mergeKey, isMap);
            if (ia >= 0)
            {
                var ib = Index(order, b, mergeKey, isMap);
                if (ib >= 0)
                {
                    return ia < ib;
                }
            }
            return true;
        });
        toSort.AddRange(toDelete);
        return toSort;
    }

    /// <summary>Inserts the server-only items (left) among the patch items (right) by their live positions.</summary>
    private static List<object?> MergeSortedSlice(List<object?> left, List<object?> right, List<object?> serverOrder, string mergeKey, bool isMap)
    {
        var result = new List<object?>(left.Count + right.Count);
        int i = 0, j = 0;
        while (i < left.Count && j < right.Count)
        {
            var li = Index(serverOrder, left[i], mergeKey, isMap);
            var ri = Index(serverOrder, right[j], mergeKey, isMap);
            if (li >= 0 && ri >= 0 && li < ri)
            {
                result.Add(left[i++]);
            }
            else
            {
                result.Add(right[j++]);
            }
        }
        result.AddRange(left.Skip(i));
        result.AddRange(right.Skip(j));
        return result;
    }

    /// <summary>The position of an item (by merge key value for maps) in a list, or -1.</summary>
    private static int Index(List<object?> list, object? item, string mergeKey, bool isMap)
    {
        var value = isMap ? (item is GoMap m ? m.GetValueOrDefault(mergeKey) : null) : item;
        for (var i = 0; i < list.Count; i++)
        {
            var candidate = isMap ? (list[i] is GoMap cm ? cm.GetValueOrDefault(mergeKey) : null) : list[i];
            if (GoJson.ScalarEquals(value, candidate))
            {
                return i;
            }
        }
        return -1;
    }

    private static void ValidateMergeKeyInLists(string mergeKey, params List<object?>[] lists)
    {
        foreach (var list in lists)
        {
            foreach (var item in list)
            {
                var map = item as GoMap ?? throw SmpFailure.BadArgType(MapType, item);
                if (!map.ContainsKey(mergeKey))
                {
                    throw SmpFailure.NoMergeKey(map, mergeKey);
                }
            }
        }
    }

    /// <summary>Splits off the items carrying <c>$patch: delete</c>.</summary>
    private static (List<object?> NonDelete, List<object?> ToDelete) ExtractToDeleteItems(List<object?> list)
    {
        var nonDelete = new List<object?>();
        var toDelete = new List<object?>();
        foreach (var v in list)
        {
            var map = v as GoMap ?? throw SmpFailure.BadArgType(MapType, v);
            (map.TryGetValue(DirectiveMarker, out var directive) && directive is DeleteDirective ? toDelete : nonDelete).Add(v);
        }
        return (nonDelete, toDelete);
    }
}
