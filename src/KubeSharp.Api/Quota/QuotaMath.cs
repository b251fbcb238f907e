namespace KubeSharp.Api.Quota;

/// <summary>Upstream's quota helpers over resource lists (k8s.io/apiserver/pkg/quota/v1/resources.go).</summary>
public static class QuotaMath
{
    public static Dictionary<string, Quantity> Empty() => new(StringComparer.Ordinal);

    /// <summary>Every key of both; values summed where both have one.</summary>
    public static Dictionary<string, Quantity> Add(IReadOnlyDictionary<string, Quantity>? a, IReadOnlyDictionary<string, Quantity>? b)
    {
        var result = Empty();
        foreach (var (key, value) in a ?? Empty())
        {
            result[key] = b is not null && b.TryGetValue(key, out var other) ? value.Add(other) : value;
        }
        foreach (var (key, value) in b ?? Empty())
        {
            result.TryAdd(key, value);
        }
        return result;
    }

    /// <summary>a - b per key of a, never below zero; keys only in b are zero.</summary>
    public static Dictionary<string, Quantity> SubtractWithNonNegativeResult(IReadOnlyDictionary<string, Quantity> a, IReadOnlyDictionary<string, Quantity> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var result = Empty();
        foreach (var (key, value) in a)
        {
            var quantity = b.TryGetValue(key, out var other) ? value.Sub(other) : value;
            result[key] = quantity.Sign > 0 ? quantity : Quantity.Zero;
        }
        foreach (var key in b.Keys)
        {
            result.TryAdd(key, Quantity.Zero);
        }
        return result;
    }

    /// <summary>Only the entries named in <paramref name="names"/>.</summary>
    public static Dictionary<string, Quantity> Mask(IReadOnlyDictionary<string, Quantity>? list, IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var result = Empty();
        if (list is null)
        {
            return result;
        }
        foreach (var name in names)
        {
            if (list.TryGetValue(name, out var value))
            {
                result[name] = value;
            }
        }
        return result;
    }

    /// <summary>Whether every value of <paramref name="a"/> that <paramref name="b"/> also names is at most b's; the
    /// names that are not.</summary>
    public static bool LessThanOrEqual(IReadOnlyDictionary<string, Quantity> a, IReadOnlyDictionary<string, Quantity>? b, out List<string> exceeded)
    {
        ArgumentNullException.ThrowIfNull(a);
        exceeded = [];
        foreach (var (key, limit) in b ?? Empty())
        {
            if (a.TryGetValue(key, out var value) && value.Cmp(limit) > 0)
            {
                exceeded.Add(key);
            }
        }
        exceeded.Sort(StringComparer.Ordinal);
        return exceeded.Count == 0;
    }

    /// <summary>The names whose value is below zero, sorted.</summary>
    public static List<string> IsNegative(IReadOnlyDictionary<string, Quantity> list)
    {
        ArgumentNullException.ThrowIfNull(list);
        return [.. list.Where(e => e.Value.Sign < 0).Select(e => e.Key).Order(StringComparer.Ordinal)];
    }

    /// <summary>The list without zero values.</summary>
    public static Dictionary<string, Quantity> RemoveZeros(IReadOnlyDictionary<string, Quantity> list)
    {
        ArgumentNullException.ThrowIfNull(list);
        var result = Empty();
        foreach (var (key, value) in list)
        {
            if (!value.IsZero)
            {
                result[key] = value;
            }
        }
        return result;
    }

    /// <summary>Same names with equal values.</summary>
    public static bool Equal(IReadOnlyDictionary<string, Quantity>? a, IReadOnlyDictionary<string, Quantity>? b)
    {
        a ??= Empty();
        b ??= Empty();
        return a.Count == b.Count && a.All(e => b.TryGetValue(e.Key, out var other) && other.Cmp(e.Value) == 0);
    }

    /// <summary>Upstream's prettyPrint: name=value pairs sorted by name, joined by commas.</summary>
    public static string PrettyPrint(IReadOnlyDictionary<string, Quantity> list)
    {
        ArgumentNullException.ThrowIfNull(list);
        return string.Join(",", list.Keys.Order(StringComparer.Ordinal).Select(k => k + "=" + list[k].ToString()));
    }
}
