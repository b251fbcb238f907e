namespace KubeSharp.Api;

/// <summary>Collection copies used by the generated <c>DeepCopy</c> methods.</summary>
public static class DeepCopy
{
    public static List<T>? Objects<T>(List<T>? list) where T : class, IDeepCopyable<T>
    {
        if (list is null)
        {
            return null;
        }
        var copy = new List<T>(list.Count);
        foreach (var item in list)
        {
            copy.Add(item?.DeepCopy()!);
        }
        return copy;
    }

    /// <summary>A list of immutable values (strings, numbers, special structs).</summary>
    public static List<T>? Values<T>(List<T>? list) => list is null ? null : new List<T>(list);

    public static Dictionary<string, T>? Objects<T>(Dictionary<string, T>? map) where T : class, IDeepCopyable<T>
    {
        if (map is null)
        {
            return null;
        }
        var copy = new Dictionary<string, T>(map.Count, StringComparer.Ordinal);
        foreach (var (key, value) in map)
        {
            copy[key] = value?.DeepCopy()!;
        }
        return copy;
    }

    /// <summary>A map of immutable values.</summary>
    public static Dictionary<string, T>? Values<T>(Dictionary<string, T>? map)
        => map is null ? null : new Dictionary<string, T>(map, StringComparer.Ordinal);

    public static Dictionary<string, List<string>?>? StringLists(Dictionary<string, List<string>?>? map)
    {
        if (map is null)
        {
            return null;
        }
        var copy = new Dictionary<string, List<string>?>(map.Count, StringComparer.Ordinal);
        foreach (var (key, value) in map)
        {
            copy[key] = Values(value);
        }
        return copy;
    }

    public static Dictionary<string, byte[]?>? Bytes(Dictionary<string, byte[]?>? map)
    {
        if (map is null)
        {
            return null;
        }
        var copy = new Dictionary<string, byte[]?>(map.Count, StringComparer.Ordinal);
        foreach (var (key, value) in map)
        {
            copy[key] = (byte[]?)value?.Clone();
        }
        return copy;
    }
}
