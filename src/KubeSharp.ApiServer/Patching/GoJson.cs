using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using GoMap = System.Collections.Generic.OrderedDictionary<string, object?>;

namespace KubeSharp.ApiServer.Patching;

/// <summary>
/// The value model upstream's patch code works on (Go's <c>interface{}</c> from
/// <c>UnmarshalCaseSensitivePreserveInts</c>): objects are <see cref="GoMap"/>s, arrays <see cref="List{T}"/>s of
/// objects, integers that fit 64 bits <see cref="long"/>, other numbers <see cref="double"/>, plus
/// <see cref="string"/>, <see cref="bool"/> and null. Comparisons follow Go's interface <c>==</c>.
/// </summary>
internal static class GoJson
{
    public static object? FromNode(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonObject obj:
                var map = new GoMap(obj.Count, StringComparer.Ordinal);
                foreach (var (key, value) in obj)
                {
                    map[key] = FromNode(value);
                }
                return map;
            case JsonArray array:
                var list = new List<object?>(array.Count);
                foreach (var item in array)
                {
                    list.Add(FromNode(item));
                }
                return list;
            default:
                var v = (JsonValue)node;
                return v.GetValueKind() switch
                {
                    JsonValueKind.String => v.GetValue<string>(),
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    JsonValueKind.Number => Number(v.ToJsonString()),
                    _ => null,
                };
        }
    }

    /// <summary>Go's preserve-ints rule: a literal <c>strconv.ParseInt</c> accepts is an int64, otherwise a float64.</summary>
    public static object Number(string text)
        => long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)
            ? l
            : (object)double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    public static JsonNode? ToNode(object? value) => value switch
    {
        null => null,
        GoMap map => ToObject(map),
        List<object?> list => new JsonArray(list.Select(ToNode).ToArray()),
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        long l => JsonValue.Create(l),
        double d => JsonValue.Create(d),
        _ => throw new ArgumentException($"not a JSON value: {value.GetType()}", nameof(value)),
    };

    public static JsonObject ToObject(GoMap map)
    {
        var obj = new JsonObject();
        foreach (var (key, item) in map)
        {
            obj[key] = ToNode(item);
        }
        return obj;
    }

    /// <summary>Go's <c>==</c> on two interface values holding JSON scalars (maps and slices are never equal).</summary>
    public static bool ScalarEquals(object? left, object? right) => left switch
    {
        null => right is null,
        GoMap or List<object?> => false,
        _ => left.Equals(right),
    };

    /// <summary>A hashable key with Go's interface equality, for sets of scalars.</summary>
    public static object Key(object? value) => value ?? NullKey.Instance;

    /// <summary>Deep equality (Go's <c>reflect.DeepEqual</c> on these values).</summary>
    public static bool DeepEquals(object? left, object? right)
    {
        switch (left)
        {
            case GoMap lm:
                if (right is not GoMap rm || lm.Count != rm.Count)
                {
                    return false;
                }
                foreach (var (key, value) in lm)
                {
                    if (!rm.TryGetValue(key, out var other) || !DeepEquals(value, other))
                    {
                        return false;
                    }
                }
                return true;
            case List<object?> ll:
                if (right is not List<object?> rl || ll.Count != rl.Count)
                {
                    return false;
                }
                for (var i = 0; i < ll.Count; i++)
                {
                    if (!DeepEquals(ll[i], rl[i]))
                    {
                        return false;
                    }
                }
                return true;
            default:
                return ScalarEquals(left, right);
        }
    }

    public static object? DeepCopy(object? value) => value switch
    {
        GoMap map => CopyMap(map),
        List<object?> list => list.Select(DeepCopy).ToList(),
        _ => value,
    };

    private static GoMap CopyMap(GoMap map)
    {
        var copy = new GoMap(map.Count, StringComparer.Ordinal);
        foreach (var (key, value) in map)
        {
            copy[key] = DeepCopy(value);
        }
        return copy;
    }

    private sealed class NullKey
    {
        public static readonly NullKey Instance = new();
    }
}
