using System.Globalization;
using System.Text.Json.Nodes;

namespace KubeSharp.ApiServer.Patching;

/// <summary>
/// The container a JSON pointer's last token addresses (evanphx's <c>findObject</c> result): an object member or an
/// array slot, with the container operations and their error texts. A JSON <c>null</c> member reads as absent.
/// </summary>
internal readonly struct JsonPatchContainer
{
    private const string InvalidIndex = "invalid index referenced";
    private readonly JsonObject? _object;
    private readonly JsonArray? _array;

    private JsonPatchContainer(JsonObject? obj, JsonArray? array, string key)
    {
        _object = obj;
        _array = array;
        Key = key;
    }

    /// <summary>The decoded last token.</summary>
    public string Key { get; }

    /// <summary>Walks every token but the last; null when a step is missing, null, out of range or a scalar.
    /// The first segment of the path is skipped whatever it holds, as upstream does.</summary>
    public static JsonPatchContainer? Find(JsonPatchRoot root, string path)
    {
        var parts = path.Split('/');
        if (parts.Length < 2)
        {
            return null;
        }

        var current = root.Value;
        for (var i = 1; i < parts.Length - 1; i++)
        {
            var step = Of(current, "");
            if (step is null || step.Value.Get(JsonPointerToken.Decode(parts[i]), out var next) is not null || next is not (JsonObject or JsonArray))
            {
                return null;
            }
            current = next;
        }

        return Of(current, JsonPointerToken.Decode(parts[^1]));
    }

    private static JsonPatchContainer? Of(JsonNode? node, string key) => node switch
    {
        JsonObject o => new JsonPatchContainer(o, null, key),
        JsonArray a => new JsonPatchContainer(null, a, key),
        _ => null,
    };

    public string? Get(out JsonNode? value) => Get(Key, out value);

    private string? Get(string key, out JsonNode? value)
    {
        value = null;
        if (_object is not null)
        {
            _object.TryGetPropertyValue(key, out value);
            return null;
        }

        if (GoAtoi(key, out var idx) is { } error)
        {
            return error;
        }
        var count = _array!.Count;
        if (idx < 0)
        {
            if (idx < -count)
            {
                return $"Unable to access invalid index: {idx}: {InvalidIndex}";
            }
            idx += count;
        }
        if (idx >= count)
        {
            return $"Unable to access invalid index: {idx}: {InvalidIndex}";
        }
        value = _array[(int)idx];
        return null;
    }

    /// <summary>Replaces an existing slot (the caller has checked it with <see cref="Get(out JsonNode?)"/>).</summary>
    public string? Set(JsonNode? value)
    {
        if (_object is not null)
        {
            _object[Key] = value;
            return null;
        }

        if (GoAtoi(Key, out var idx) is { } error)
        {
            return error;
        }
        if (idx < 0)
        {
            if (idx < -_array!.Count)
            {
                return $"Unable to access invalid index: {idx}: {InvalidIndex}";
            }
            idx += _array.Count;
        }
        _array![(int)idx] = value;
        return null;
    }

    public string? Add(JsonNode? value)
    {
        if (_object is not null)
        {
            _object[Key] = value;
            return null;
        }

        if (Key == "-")
        {
            _array!.Add(value);
            return null;
        }
        if (GoAtoi(Key, out var idx) is { } error)
        {
            return $"value was not a proper array index: '{Key}': {error}";
        }
        var size = _array!.Count + 1;
        if (idx >= size)
        {
            return $"Unable to access invalid index: {idx}: {InvalidIndex}";
        }
        if (idx < 0)
        {
            if (idx < -size)
            {
                return $"Unable to access invalid index: {idx}: {InvalidIndex}";
            }
            idx += size;
        }
        _array.Insert((int)idx, value);
        return null;
    }

    public string? Remove()
    {
        if (_object is not null)
        {
            return _object.Remove(Key) ? null : $"Unable to remove nonexistent key: {Key}: missing value";
        }

        if (GoAtoi(Key, out var idx) is { } error)
        {
            return error;
        }
        var count = _array!.Count;
        if (idx >= count)
        {
            return $"Unable to access invalid index: {idx}: {InvalidIndex}";
        }
        if (idx < 0)
        {
            if (idx < -count)
            {
                return $"Unable to access invalid index: {idx}: {InvalidIndex}";
            }
            idx += count;
        }
        _array.RemoveAt((int)idx);
        return null;
    }

    /// <summary>Go's <c>strconv.Atoi</c> (64-bit): optional sign, decimal digits; returns its error text.</summary>
    internal static string? GoAtoi(string s, out long value)
    {
        value = 0;
        var digits = s.AsSpan();
        if (digits.Length > 0 && (digits[0] == '+' || digits[0] == '-'))
        {
            digits = digits[1..];
        }
        if (digits.Length == 0)
        {
            return Syntax(s);
        }
        foreach (var c in digits)
        {
            if (c is < '0' or > '9')
            {
                return Syntax(s);
            }
        }
        return long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value)
            ? null
            : $"strconv.Atoi: parsing {GoFmt.Quote(s)}: value out of range";
    }

    private static string Syntax(string s) => $"strconv.Atoi: parsing {GoFmt.Quote(s)}: invalid syntax";
}
