using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubeSharp.ApiServer.Patching;

/// <summary>The kinds of structured-merge-diff path elements, in their sort order.</summary>
internal enum FieldPathElementKind
{
    /// <summary>A struct field or map key: <c>f:name</c>, printed <c>.name</c>.</summary>
    Field,

    /// <summary>A list-map item by its keys: <c>k:{"name":"web"}</c>, printed <c>[name="web"]</c>.</summary>
    Key,

    /// <summary>A set item by its value: <c>v:"x"</c>, printed <c>[="x"]</c>.</summary>
    Value,

    /// <summary>A list item by position: <c>i:0</c>, printed <c>[0]</c>.</summary>
    Index,
}

/// <summary>One step of a structured-merge-diff field path (sigs.k8s.io/structured-merge-diff fieldpath.PathElement).</summary>
internal sealed class FieldPathElement : IEquatable<FieldPathElement>, IComparable<FieldPathElement>
{
    private static readonly JsonSerializerOptions s_json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private FieldPathElement(FieldPathElementKind kind, string text, JsonNode? value, IReadOnlyList<(string Name, JsonNode? Value)> keys)
    {
        Kind = kind;
        Text = text;
        ValueNode = value;
        Keys = keys;
    }

    public FieldPathElementKind Kind { get; }

    /// <summary>The part after the FieldsV1 prefix: field name, key object JSON, value JSON, or index.</summary>
    public string Text { get; }

    /// <summary>For <see cref="FieldPathElementKind.Value"/>: the value.</summary>
    public JsonNode? ValueNode { get; }

    /// <summary>For <see cref="FieldPathElementKind.Key"/>: the key fields, sorted by name.</summary>
    public IReadOnlyList<(string Name, JsonNode? Value)> Keys { get; }

    public static FieldPathElement Field(string name) => new(FieldPathElementKind.Field, name, null, []);

    public static FieldPathElement Index(int index) => new(FieldPathElementKind.Index, index.ToString(CultureInfo.InvariantCulture), null, []);

    public static FieldPathElement Value(JsonNode? value) => new(FieldPathElementKind.Value, Json(value), value?.DeepClone(), []);

    public static FieldPathElement Key(IEnumerable<(string Name, JsonNode? Value)> keys)
    {
        var sorted = keys.OrderBy(k => k.Name, StringComparer.Ordinal).Select(k => (k.Name, k.Value?.DeepClone())).ToList();
        var obj = new JsonObject();
        foreach (var (name, value) in sorted)
        {
            obj[name] = value?.DeepClone();
        }
        return new(FieldPathElementKind.Key, Json(obj), null, sorted);
    }

    /// <summary>Parses a FieldsV1 member name (<c>f:</c>, <c>k:</c>, <c>v:</c>, <c>i:</c>); null when malformed.</summary>
    public static FieldPathElement? Parse(string text)
    {
        if (text.Length < 2 || text[1] != ':')
        {
            return null;
        }
        var rest = text[2..];
        try
        {
            switch (text[0])
            {
                case 'f':
                    return Field(rest);
                case 'i':
                    return int.TryParse(rest, NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? Index(i) : null;
                case 'v':
                    return Value(JsonNode.Parse(rest));
                case 'k':
                    if (JsonNode.Parse(rest) is not JsonObject obj)
                    {
                        return null;
                    }
                    return Key(obj.Select(p => (p.Key, p.Value)));
                default:
                    return null;
            }
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The FieldsV1 member name.</summary>
    public string Encoded => Kind switch
    {
        FieldPathElementKind.Field => "f:" + Text,
        FieldPathElementKind.Key => "k:" + Text,
        FieldPathElementKind.Value => "v:" + Text,
        _ => "i:" + Text,
    };

    /// <summary>The printed form used in conflict messages (<c>fieldpath.Path.String</c>).</summary>
    public override string ToString() => Kind switch
    {
        FieldPathElementKind.Field => "." + Text,
        FieldPathElementKind.Key => "[" + string.Join(",", Keys.Select(k => k.Name + "=" + Json(k.Value))) + "]",
        FieldPathElementKind.Value => "[=" + Text + "]",
        _ => "[" + Text + "]",
    };

    public bool Equals(FieldPathElement? other) => other is not null && Kind == other.Kind && Text == other.Text;

    public override bool Equals(object? obj) => Equals(obj as FieldPathElement);

    public override int GetHashCode() => HashCode.Combine(Kind, Text);

    public int CompareTo(FieldPathElement? other)
    {
        if (other is null)
        {
            return 1;
        }
        if (Kind != other.Kind)
        {
            return Kind.CompareTo(other.Kind);
        }
        switch (Kind)
        {
            case FieldPathElementKind.Field:
                return string.CompareOrdinal(Text, other.Text);
            case FieldPathElementKind.Index:
                return int.Parse(Text, CultureInfo.InvariantCulture).CompareTo(int.Parse(other.Text, CultureInfo.InvariantCulture));
            case FieldPathElementKind.Value:
                return JsonValueOrder.Compare(ValueNode, other.ValueNode);
            default:
                for (var i = 0; i < Math.Min(Keys.Count, other.Keys.Count); i++)
                {
                    var byName = string.CompareOrdinal(Keys[i].Name, other.Keys[i].Name);
                    if (byName != 0)
                    {
                        return byName;
                    }
                    var byValue = JsonValueOrder.Compare(Keys[i].Value, other.Keys[i].Value);
                    if (byValue != 0)
                    {
                        return byValue;
                    }
                }
                return Keys.Count.CompareTo(other.Keys.Count);
        }
    }

    /// <summary>Compact JSON as Go writes it (no HTML-unsafe escaping of non-ASCII).</summary>
    public static string Json(JsonNode? value) => value is null ? "null" : value.ToJsonString(s_json);
}

/// <summary>A total order on JSON values for sorting path elements: null, booleans, numbers, strings, lists, maps.</summary>
internal static class JsonValueOrder
{
    public static int Compare(JsonNode? a, JsonNode? b)
    {
        var (ra, rb) = (Rank(a), Rank(b));
        if (ra != rb)
        {
            return ra.CompareTo(rb);
        }
        return a switch
        {
            null => 0,
            JsonValue va when va.GetValueKind() is JsonValueKind.True or JsonValueKind.False =>
                va.GetValue<bool>().CompareTo(b!.GetValue<bool>()),
            JsonValue va when va.GetValueKind() == JsonValueKind.Number =>
                Number(va).CompareTo(Number(b!)),
            JsonValue va when va.GetValueKind() == JsonValueKind.String =>
                string.CompareOrdinal(va.GetValue<string>(), b!.GetValue<string>()),
            _ => string.CompareOrdinal(FieldPathElement.Json(a), FieldPathElement.Json(b)),
        };
    }

    private static double Number(JsonNode node) => double.Parse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    private static int Rank(JsonNode? node) => node switch
    {
        null => 0,
        JsonArray => 5,
        JsonObject => 6,
        _ => node.GetValueKind() switch
        {
            JsonValueKind.True or JsonValueKind.False => 1,
            JsonValueKind.Number => 2,
            JsonValueKind.String => 3,
            _ => 0,
        },
    };
}

/// <summary>A field path: a sequence of path elements, with value equality.</summary>
internal sealed class FieldPath : IEquatable<FieldPath>
{
    public static readonly FieldPath Root = new([]);

    public FieldPath(IReadOnlyList<FieldPathElement> elements) => Elements = elements;

    public IReadOnlyList<FieldPathElement> Elements { get; }

    public FieldPath Append(FieldPathElement element) => new([.. Elements, element]);

    public static FieldPath Of(params string[] fields) => new(fields.Select(FieldPathElement.Field).ToArray());

    public bool StartsWith(FieldPath prefix)
    {
        if (prefix.Elements.Count > Elements.Count)
        {
            return false;
        }
        for (var i = 0; i < prefix.Elements.Count; i++)
        {
            if (!Elements[i].Equals(prefix.Elements[i]))
            {
                return false;
            }
        }
        return true;
    }

    public bool Equals(FieldPath? other) => other is not null && Elements.SequenceEqual(other.Elements);

    public override bool Equals(object? obj) => Equals(obj as FieldPath);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var e in Elements)
        {
            hash.Add(e);
        }
        return hash.ToHashCode();
    }

    /// <summary><c>.spec.containers[name="web"].image</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        foreach (var e in Elements)
        {
            sb.Append(e);
        }
        return sb.ToString();
    }
}
