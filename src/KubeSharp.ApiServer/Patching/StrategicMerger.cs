using GoMap = System.Collections.Generic.OrderedDictionary<string, object?>;

namespace KubeSharp.ApiServer.Patching;

/// <summary>
/// The server side of upstream's strategic merge patch (<c>mergeMap</c> with MergeParallelList and
/// IgnoreUnmatchedNulls), on <see cref="GoJson"/> values. Both inputs are consumed (mutated) as upstream's are.
/// Errors are raised as <see cref="SmpFailure"/>.
/// </summary>
internal static partial class StrategicMerger
{
    public const string DirectiveMarker = "$patch";
    public const string DeleteDirective = "delete";
    public const string ReplaceDirective = "replace";
    public const string MergeDirective = "merge";
    public const string RetainKeysStrategy = "retainKeys";
    public const string RetainKeysDirective = "$retainKeys";
    public const string DeleteFromPrimitiveListPrefix = "$deleteFromPrimitiveList";
    public const string SetElementOrderPrefix = "$setElementOrder";

    /// <summary>Merges <paramref name="patch"/> into <paramref name="original"/> and returns the result.</summary>
    public static GoMap MergeMap(GoMap? original, GoMap patch, SmpSchema schema)
    {
        if (patch.TryGetValue(DirectiveMarker, out var directive))
        {
            return HandleDirectiveInMergeMap(directive, patch);
        }

        original ??= new GoMap(StringComparer.Ordinal);
        ApplyRetainKeysDirective(original, patch);
        MergePatchIntoOriginal(original, patch, schema);

        foreach (var patchKey in patch.Keys.ToList())
        {
            if (!patch.TryGetValue(patchKey, out var patchV))
            {
                continue;
            }

            var key = patchKey;
            var isDeleteList = false;
            if (key.StartsWith(DeleteFromPrimitiveListPrefix, StringComparison.Ordinal))
            {
                isDeleteList = true;
                var listKey = ExtractKey(key, DeleteFromPrimitiveListPrefix);
                if (listKey.Length > 0)
                {
                    key = listKey;
                }
            }

            if (patchV is null)
            {
                original.Remove(key);
                continue;
            }

            if (!original.TryGetValue(key, out var originalV) || !SameGoType(originalV, patchV))
            {
                if (!isDeleteList)
                {
                    DiscardNullValues(patchV);
                    SetOrRemove(original, key, RemoveDirectives(patchV, out var keep), keep);
                }
                continue;
            }

            switch (originalV)
            {
                case GoMap originalMap:
                    var mapSchema = schema.LookupForStruct(key, out var mapMeta);
                    var mapStrategy = ExtractRetainKeysPatchStrategy(mapMeta.Strategies).Strategy;
                    original[key] = mapStrategy != ReplaceDirective
                        ? MergeMap(originalMap, (GoMap)patchV, mapSchema)
                        : patchV;
                    break;
                case List<object?> originalList:
                    var elementSchema = schema.LookupForSlice(key, out var listMeta);
                    var listStrategy = ExtractRetainKeysPatchStrategy(listMeta.Strategies).Strategy;
                    original[key] = MergeSliceHandler(originalList, (List<object?>)patchV, elementSchema, listStrategy, listMeta.MergeKey, isDeleteList);
                    break;
                default:
                    SetOrRemove(original, key, RemoveDirectives(patchV, out var keepScalar), keepScalar);
                    break;
            }
        }
        return original;
    }

    private static void SetOrRemove(GoMap map, string key, object? value, bool keep)
    {
        if (keep)
        {
            map[key] = value;
        }
        else
        {
            map.Remove(key);
        }
    }

    /// <summary>Go's <c>reflect.TypeOf(a) == reflect.TypeOf(b)</c> for JSON values.</summary>
    private static bool SameGoType(object? a, object? b) => a is null ? b is null : b is not null && a.GetType() == b.GetType();

    private static GoMap HandleDirectiveInMergeMap(object? directive, GoMap patch)
    {
        if (directive is ReplaceDirective)
        {
            patch.Remove(DirectiveMarker);
            return patch;
        }
        if (directive is DeleteDirective)
        {
            return new GoMap(StringComparer.Ordinal);
        }
        throw SmpFailure.BadPatchType(directive, patch);
    }

    /// <summary>Upstream's <c>extractRetainKeysPatchStrategy</c>.</summary>
    private static (bool RetainKeys, string Strategy) ExtractRetainKeysPatchStrategy(IReadOnlyList<string> strategies)
    {
        switch (strategies.Count)
        {
            case 0:
                return (false, "");
            case 1:
                return strategies[0] == RetainKeysStrategy ? (true, "") : (false, strategies[0]);
            case 2 when strategies[0] == RetainKeysStrategy:
                return (true, strategies[1]);
            case 2 when strategies[1] == RetainKeysStrategy:
                return (true, strategies[0]);
            default:
                throw new SmpFailure($"unexpected patch strategy: {GoFmt.Value(strategies.Cast<object?>().ToList())}");
        }
    }

    /// <summary>Upstream's <c>extractKey</c>: the list name after <c>prefix/</c>.</summary>
    private static string ExtractKey(string s, string prefix)
    {
        var slash = s.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || s[..slash] != prefix)
        {
            throw prefix == DeleteFromPrimitiveListPrefix
                ? SmpFailure.BadPatchFormatForPrimitiveList()
                : SmpFailure.BadPatchFormatForSetElementOrderList();
        }
        return s[(slash + 1)..];
    }

    /// <summary>
    /// Upstream's <c>applyRetainKeysDirective</c>: every non-null patch field must be listed, and original fields
    /// that are not listed are cleared.
    /// </summary>
    private static void ApplyRetainKeysDirective(GoMap original, GoMap patch)
    {
        if (!patch.Remove(RetainKeysDirective, out var retainKeys))
        {
            return;
        }
        if (retainKeys is not List<object?> list)
        {
            throw SmpFailure.BadPatchFormatForRetainKeys();
        }

        var retained = new HashSet<object>(list.Select(GoJson.Key));
        foreach (var (key, value) in patch)
        {
            if (value is null
                || key.StartsWith(DeleteFromPrimitiveListPrefix, StringComparison.Ordinal)
                || key.StartsWith(SetElementOrderPrefix, StringComparison.Ordinal))
            {
                continue;
            }
            if (!retained.Contains(key))
            {
                throw SmpFailure.BadPatchFormatForRetainKeys();
            }
        }

        foreach (var key in original.Keys.ToList())
        {
            if (!retained.Contains(key))
            {
                original.Remove(key);
            }
        }
    }

    /// <summary>Upstream's <c>discardNullValuesFromPatch</c>: drops null members at any depth (not null list items).</summary>
    private static void DiscardNullValues(object? value)
    {
        switch (value)
        {
            case GoMap map:
                foreach (var key in map.Keys.ToList())
                {
                    if (map[key] is null)
                    {
                        map.Remove(key);
                    }
                    else
                    {
                        DiscardNullValues(map[key]);
                    }
                }
                break;
            case List<object?> list:
                foreach (var item in list)
                {
                    DiscardNullValues(item);
                }
                break;
        }
    }

    /// <summary>
    /// Upstream's <c>removeDirectives</c>: a map carrying <c>$patch</c> disappears (from its parent map or list);
    /// <paramref name="keep"/> is false when <paramref name="value"/> itself is such a map.
    /// </summary>
    private static object? RemoveDirectives(object? value, out bool keep)
    {
        keep = true;
        switch (value)
        {
            case GoMap map:
                if (map.ContainsKey(DirectiveMarker))
                {
                    keep = false;
                    return null;
                }
                foreach (var key in map.Keys.ToList())
                {
                    var cleaned = RemoveDirectives(map[key], out var keepChild);
                    SetOrRemove(map, key, cleaned, keepChild);
                }
                return map;
            case List<object?> list:
                var result = new List<object?>(list.Count);
                foreach (var item in list)
                {
                    var cleaned = RemoveDirectives(item, out var keepItem);
                    if (keepItem)
                    {
                        result.Add(cleaned);
                    }
                }
                return result;
            default:
                return value;
        }
    }
}
