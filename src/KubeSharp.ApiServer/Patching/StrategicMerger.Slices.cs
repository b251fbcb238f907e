using GoMap = System.Collections.Generic.OrderedDictionary<string, object?>;

namespace KubeSharp.ApiServer.Patching;

internal static partial class StrategicMerger
{
    private const string SliceType = "[]interface {}";
    private const string MapType = "map[string]interface {}";

    /// <summary>Upstream's <c>mergeSliceHandler</c>: merge lists and parallel delete lists merge; others replace.</summary>
    private static List<object?> MergeSliceHandler(List<object?> original, List<object?> patch, SmpSchema elementSchema,
        string strategy, string mergeKey, bool isDeleteList)
        => strategy == MergeDirective || isDeleteList
            ? MergeSlice(original, patch, elementSchema, mergeKey, isDeleteList)
            : patch;

    /// <summary>Upstream's <c>mergeSlice</c>.</summary>
    private static List<object?> MergeSlice(List<object?> original, List<object?> patch, SmpSchema elementSchema, string mergeKey, bool isDeleteList)
    {
        if (original.Count == 0 && patch.Count == 0)
        {
            return original;
        }

        var isMap = SliceElementIsMap(original, patch);
        List<object?> merged;
        if (!isMap)
        {
            if (isDeleteList)
            {
                return DeleteFromSlice(original, patch);
            }
            merged = DeduplicateScalars([.. original, .. patch]);
        }
        else
        {
            if (mergeKey.Length == 0)
            {
                throw new SmpFailure($"cannot merge lists without merge key for {elementSchema.GoKind}");
            }
            (original, patch) = MergeSliceWithSpecialElements(original, patch, mergeKey);
            merged = MergeSliceWithoutSpecialElements([.. original], patch, mergeKey, elementSchema);
        }

        var (patchItems, serverOnlyItems) = mergeKey.Length == 0
            ? PartitionPrimitivesByPresentInList(merged, patch)
            : PartitionMapsByPresentInList(merged, patch, mergeKey);
        return NormalizeElementOrder(patchItems, serverOnlyItems, patch, original, mergeKey, isMap);
    }

    /// <summary>
    /// Handles list items carrying <c>$patch</c>: <c>delete</c> removes every original item with the merge key,
    /// <c>replace</c> makes the remaining patch items the whole list, <c>merge</c> and anything else fail.
    /// </summary>
    private static (List<object?> Original, List<object?> Patch) MergeSliceWithSpecialElements(List<object?> original, List<object?> patch, string mergeKey)
    {
        var withoutSpecial = new List<object?>();
        var replace = false;
        foreach (var item in patch)
        {
            var map = (GoMap)item!;
            if (!map.TryGetValue(DirectiveMarker, out var directive))
            {
                withoutSpecial.Add(item);
                continue;
            }
            switch (directive)
            {
                case DeleteDirective:
                    if (!map.TryGetValue(mergeKey, out var mergeValue))
                    {
                        throw SmpFailure.NoMergeKey(map, mergeKey);
                    }
                    original = DeleteMatchingEntries(original, mergeKey, mergeValue);
                    break;
                case ReplaceDirective:
                    replace = true;
                    break;
                case MergeDirective:
                    throw new SmpFailure("merging lists cannot yet be specified in the patch");
                default:
                    throw SmpFailure.BadPatchType(directive, map);
            }
        }
        return replace ? (withoutSpecial, []) : (original, withoutSpecial);
    }

    private static List<object?> DeleteMatchingEntries(List<object?> original, string mergeKey, object? mergeValue)
    {
        var result = new List<object?>(original);
        while (true)
        {
            var index = FindMapInSliceBasedOnKeyValue(result, mergeKey, mergeValue, out _);
            if (index < 0)
            {
                return result;
            }
            result.RemoveAt(index);
        }
    }

    /// <summary>Merges each patch item into the original item with the same merge key value, or appends it.</summary>
    private static List<object?> MergeSliceWithoutSpecialElements(List<object?> original, List<object?> patch, string mergeKey, SmpSchema elementSchema)
    {
        foreach (var item in patch)
        {
            var map = (GoMap)item!;
            if (!map.TryGetValue(mergeKey, out var mergeValue))
            {
                throw SmpFailure.NoMergeKey(map, mergeKey);
            }
            var index = FindMapInSliceBasedOnKeyValue(original, mergeKey, mergeValue, out var originalMap);
            if (index >= 0)
            {
                original[index] = MergeMap(originalMap, map, elementSchema);
            }
            else
            {
                original.Add(item);
            }
        }
        return original;
    }

    /// <summary>Removes the values of a <c>$deleteFromPrimitiveList</c> list.</summary>
    private static List<object?> DeleteFromSlice(List<object?> current, List<object?> toDelete)
    {
        var delete = new HashSet<object>(toDelete.Select(GoJson.Key));
        return current.Where(v => !delete.Contains(GoJson.Key(v))).ToList();
    }

    /// <summary>The index of the first map whose <paramref name="key"/> equals <paramref name="value"/>, or -1.</summary>
    private static int FindMapInSliceBasedOnKeyValue(List<object?> list, string key, object? value, out GoMap? found)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is not GoMap map)
            {
                throw new SmpFailure($"value for key {i} is not a map");
            }
            if (map.TryGetValue(key, out var candidate) && GoJson.ScalarEquals(candidate, value))
            {
                found = map;
                return i;
            }
        }
        found = null;
        return -1;
    }

    /// <summary>
    /// Upstream's <c>sliceElementType</c>: all items of all lists must share one Go type, which must not be a list;
    /// returns whether that type is a map.
    /// </summary>
    private static bool SliceElementIsMap(params List<object?>[] slices)
    {
        Type? previous = null;
        var seen = false;
        foreach (var slice in slices)
        {
            foreach (var item in slice)
            {
                var current = item?.GetType();
                if (!seen)
                {
                    seen = true;
                    previous = current;
                    if (item is List<object?>)
                    {
                        throw SmpFailure.NoListOfLists();
                    }
                }
                else if (previous != current)
                {
                    throw new SmpFailure($"list element types are not identical: {GoFmt.Value(slices)}");
                }
            }
        }
        if (!seen)
        {
            throw new SmpFailure("no elements in any of the given slices");
        }
        return previous == typeof(GoMap);
    }

    /// <summary>Upstream's in-place deduplication (it moves the last item into each duplicate's slot).</summary>
    private static List<object?> DeduplicateScalars(List<object?> s)
    {
        var length = s.Count - 1;
        for (var i = 0; i < length; i++)
        {
            for (var j = i + 1; j <= length; j++)
            {
                if (GoJson.ScalarEquals(s[i], s[j]))
                {
                    s[j] = s[length];
                    s.RemoveAt(length);
                    length--;
                    j--;
                }
            }
        }
        return s;
    }
}
