namespace KubeSharp.Api.Scheduling;

/// <summary>
/// A node's labels as one flat array of pairs, for the scheduler's per-node filter loop: a lookup scans a few
/// contiguous pairs (label keys decoded through the JSON string pool are shared instances, so the wanted key usually
/// matches by reference) instead of walking a dictionary's buckets and entries, which for thousands of nodes per pod
/// are cache misses each. Same answers as a dictionary lookup (keys are unique, compared ordinally).
/// </summary>
public static class NodeLabels
{
    /// <summary>The labels as pairs; null when there are none.</summary>
    public static KeyValuePair<string, string>[]? ToPairs(IReadOnlyDictionary<string, string>? labels)
    {
        if (labels is null || labels.Count == 0)
        {
            return null;
        }

        var pairs = new KeyValuePair<string, string>[labels.Count];
        var i = 0;
        foreach (var pair in labels)
        {
            pairs[i++] = pair;
        }

        return pairs;
    }

    /// <summary>The value of <paramref name="key"/>, as <see cref="Dictionary{TKey,TValue}.TryGetValue"/> answers it.</summary>
    public static bool TryGetValue(KeyValuePair<string, string>[]? pairs, string key, out string? value)
    {
        if (pairs is not null)
        {
            foreach (var pair in pairs)
            {
                if (ReferenceEquals(pair.Key, key) || string.Equals(pair.Key, key, StringComparison.Ordinal))
                {
                    value = pair.Value;
                    return true;
                }
            }
        }

        value = null;
        return false;
    }
}
