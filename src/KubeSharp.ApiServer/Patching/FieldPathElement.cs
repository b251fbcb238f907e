using System.Buffers;
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

    [ThreadStatic]
    private static (ArrayBufferWriter<byte> Buffer, Utf8JsonWriter Writer)? t_writer;

    private readonly int _index;
    private int _hash;

    /// <summary>For values and keys: the sort keys of the value(s), worked out once.</summary>
    private readonly JsonValueOrder.Key[]? _order;

    private FieldPathElement(FieldPathElementKind kind, string text, JsonNode? value, IReadOnlyList<(string Name, JsonNode? Value)> keys, int index = 0)
    {
        Kind = kind;
        Text = text;
        ValueNode = value;
        Keys = keys;
        _index = index;
        _order = kind switch
        {
            FieldPathElementKind.Value => [JsonValueOrder.KeyOf(value)],
            FieldPathElementKind.Key => [.. keys.Select(k => JsonValueOrder.KeyOf(k.Value))],
            _ => null,
        };
    }

    public FieldPathElementKind Kind { get; }

    /// <summary>The part after the FieldsV1 prefix: field name, key object JSON, value JSON, or index.</summary>
    public string Text { get; }

    /// <summary>For <see cref="FieldPathElementKind.Value"/>: the value.</summary>
    public JsonNode? ValueNode { get; }

    /// <summary>For <see cref="FieldPathElementKind.Key"/>: the key fields, sorted by name.</summary>
    public IReadOnlyList<(string Name, JsonNode? Value)> Keys { get; }

    /// <summary>False when the element holds a JSON object or array (a key or set item of that kind).</summary>
    public bool HoldsScalarsOnly
    {
        get
        {
            if (Kind is FieldPathElementKind.Field or FieldPathElementKind.Index)
            {
                return true;
            }
            if (Kind == FieldPathElementKind.Value)
            {
                return ValueNode is not (JsonObject or JsonArray);
            }
            for (var i = 0; i < Keys.Count; i++)
            {
                if (Keys[i].Value is JsonObject or JsonArray)
                {
                    return false;
                }
            }
            return true;
        }
    }

    public static FieldPathElement Field(string name) => new(FieldPathElementKind.Field, name, null, []);

    private const int FieldSlots = 2048;

    /// <summary>Field elements by UTF-8 name (a direct-mapped table: a colliding name replaces the slot's entry).</summary>
    private static readonly InternedField?[] s_fields = new InternedField?[FieldSlots];

    /// <summary>A table entry: a reference, so that a slot is read and replaced as a whole.</summary>
    private sealed record InternedField(byte[] Name, FieldPathElement Element);

    /// <summary>
    /// The field element of an unescaped UTF-8 name, shared: field and map key names (<c>spec</c>, <c>containers</c>,
    /// <c>app</c>, <c>cpu</c>, ...) repeat in every object, and an element is immutable.
    /// </summary>
    public static FieldPathElement Field(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > 64)
        {
            return Field(Encoding.UTF8.GetString(utf8));
        }
        var hash = new HashCode();
        hash.AddBytes(utf8);
        // Two ways: a name is looked for in a pair of slots, so that two names used together that hash alike do not
        // keep taking each other's place.
        var first = hash.ToHashCode() & (FieldSlots - 2);
        ref var slot = ref s_fields[first];
        if (Volatile.Read(ref slot) is { } cached && cached.Name.AsSpan().SequenceEqual(utf8))
        {
            return cached.Element;
        }
        ref var other = ref s_fields[first + 1];
        if (Volatile.Read(ref other) is { } second && second.Name.AsSpan().SequenceEqual(utf8))
        {
            return second.Element;
        }
        var element = Field(Encoding.UTF8.GetString(utf8));
        // The first slot keeps the name that took it; the second takes the newest.
        Volatile.Write(ref Volatile.Read(ref slot) is null ? ref slot : ref other, new InternedField(utf8.ToArray(), element));
        return element;
    }

    public static FieldPathElement Index(int index) => new(FieldPathElementKind.Index, index.ToString(CultureInfo.InvariantCulture), null, [], index);

    public static FieldPathElement Value(JsonNode? value) => Owned(value?.DeepClone());

    /// <summary>A set item's element that takes <paramref name="value"/> (a node no one else holds or changes).</summary>
    internal static FieldPathElement Owned(JsonNode? value) => new(FieldPathElementKind.Value, Json(value), value, []);

    public static FieldPathElement Key(IEnumerable<(string Name, JsonNode? Value)> keys)
        => Owned(keys.Select(k => (k.Name, k.Value?.DeepClone())).ToList());

    /// <summary>A list-map item's element that takes the key values (nodes no one else holds or changes).</summary>
    internal static FieldPathElement Owned(List<(string Name, JsonNode? Value)> keys)
    {
        if (keys.Count > 1)
        {
            keys.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        }
        var text = Write(writer =>
        {
            writer.WriteStartObject();
            foreach (var (name, value) in keys)
            {
                writer.WritePropertyName(name);
                WriteValue(writer, value);
            }
            writer.WriteEndObject();
        });
        return new(FieldPathElementKind.Key, text, null, keys);
    }

    private const int ItemSlots = 1024;

    private static readonly InternedItem?[] s_items = new InternedItem?[ItemSlots];

    /// <summary>A table entry of <see cref="Item"/>: the key name (null for a set value), the raw JSON and the element.</summary>
    private sealed record InternedItem(string? KeyName, byte[] Raw, FieldPathElement Element);

    /// <summary>
    /// The element of a list item identified by one scalar: a set item's value (<paramref name="keyName"/> null) or a
    /// list-map item's single key, from the raw JSON of the value. Shared through a direct-mapped table (the same
    /// condition types, container names and IPs come back in every write of an object); other values are built as
    /// <see cref="Owned(JsonNode?)"/> and <see cref="Owned(List{ValueTuple{string, JsonNode}})"/> build them.
    /// </summary>
    internal static FieldPathElement Item(string? keyName, ReadOnlySpan<byte> raw)
    {
        var scalar = raw.Length is > 0 and <= 256 && raw[0] is not ((byte)'{' or (byte)'[');
        if (!scalar)
        {
            return Build(keyName, raw);
        }
        var hash = new HashCode();
        hash.Add(keyName);
        hash.AddBytes(raw);
        ref var slot = ref s_items[hash.ToHashCode() & (ItemSlots - 1)];
        if (Volatile.Read(ref slot) is { } cached && cached.KeyName == keyName && cached.Raw.AsSpan().SequenceEqual(raw))
        {
            return cached.Element;
        }
        var element = Build(keyName, raw);
        Volatile.Write(ref slot, new InternedItem(keyName, raw.ToArray(), element));
        return element;

        static FieldPathElement Build(string? keyName, ReadOnlySpan<byte> raw)
            => keyName is null ? Owned(JsonNode.Parse(raw)) : Owned([(keyName, JsonNode.Parse(raw))]);
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
                    return Owned(JsonNode.Parse(rest));
                case 'k':
                    if (JsonNode.Parse(rest) is not JsonObject obj)
                    {
                        return null;
                    }
                    // The parsed nodes belong to nothing else: the element takes them as they are.
                    return Owned(obj.Select(p => (p.Key, p.Value)).ToList());
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

    public override int GetHashCode() => _hash != 0 ? _hash : _hash = HashCode.Combine(Kind, Text) | 1;

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
                return _index.CompareTo(other._index);
            case FieldPathElementKind.Value:
                return JsonValueOrder.Compare(_order![0], other._order![0]);
            default:
                for (var i = 0; i < Math.Min(Keys.Count, other.Keys.Count); i++)
                {
                    var byName = string.CompareOrdinal(Keys[i].Name, other.Keys[i].Name);
                    if (byName != 0)
                    {
                        return byName;
                    }
                    var byValue = JsonValueOrder.Compare(_order![i], other._order![i]);
                    if (byValue != 0)
                    {
                        return byValue;
                    }
                }
                return Keys.Count.CompareTo(other.Keys.Count);
        }
    }

    /// <summary>Compact JSON as Go writes it (no HTML-unsafe escaping of non-ASCII).</summary>
    public static string Json(JsonNode? value) => value is null ? "null" : Write(writer => WriteValue(writer, value));

    private static void WriteValue(Utf8JsonWriter writer, JsonNode? value)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            value.WriteTo(writer);
        }
    }

    /// <summary>Runs <paramref name="write"/> on this thread's compact writer and returns the text it wrote.</summary>
    private static string Write(Action<Utf8JsonWriter> write)
    {
        var (buffer, writer) = t_writer ??= NewWriter();
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        write(writer);
        writer.Flush();
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static (ArrayBufferWriter<byte>, Utf8JsonWriter) NewWriter()
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        return (buffer, new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = s_json.Encoder }));
    }
}

/// <summary>A total order on JSON values for sorting path elements: null, booleans, numbers, strings, lists, maps.</summary>
internal static class JsonValueOrder
{
    /// <summary>What <see cref="Compare(JsonNode?, JsonNode?)"/> looks at in a value.</summary>
    public readonly record struct Key(int Rank, bool Bool, double Number, string? Text);

    public static Key KeyOf(JsonNode? node)
    {
        var rank = Rank(node);
        return node switch
        {
            JsonValue v when rank == 1 => new(rank, v.GetValue<bool>(), 0, null),
            JsonValue v when rank == 2 => new(rank, false, Number(v), null),
            JsonValue v when rank == 3 => new(rank, false, 0, v.GetValue<string>()),
            null => new(rank, false, 0, null),
            _ => new(rank, false, 0, FieldPathElement.Json(node)),
        };
    }

    /// <summary><see cref="Compare(JsonNode?, JsonNode?)"/> on the values' keys.</summary>
    public static int Compare(in Key a, in Key b)
    {
        if (a.Rank != b.Rank)
        {
            return a.Rank.CompareTo(b.Rank);
        }
        return a.Rank switch
        {
            1 => a.Bool.CompareTo(b.Bool),
            2 => a.Number.CompareTo(b.Number),
            _ when a.Text is null || b.Text is null => 0,
            _ => string.CompareOrdinal(a.Text, b.Text),
        };
    }

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
internal sealed class FieldPath : IEquatable<FieldPath>, IComparable<FieldPath>
{
    public static readonly FieldPath Root = new([]);

    private readonly FieldPathElement[] _elements;
    private int _hash;

    /// <summary>A path of <paramref name="elements"/> (the path takes the array: it is not changed afterwards).</summary>
    public FieldPath(FieldPathElement[] elements) => _elements = elements;

    public IReadOnlyList<FieldPathElement> Elements => _elements;

    /// <summary>The elements, without an interface in between.</summary>
    public ReadOnlySpan<FieldPathElement> Span => _elements;

    public int Length => _elements.Length;

    /// <summary>Element by element, a path before the paths under it: the depth-first order of a sorted trie.</summary>
    public int CompareTo(FieldPath? other)
    {
        if (other is null)
        {
            return 1;
        }
        var (x, y) = (_elements, other._elements);
        var common = Math.Min(x.Length, y.Length);
        for (var i = 0; i < common; i++)
        {
            if (ReferenceEquals(x[i], y[i]))
            {
                continue;
            }
            var byElement = x[i].CompareTo(y[i]);
            if (byElement != 0)
            {
                return byElement;
            }
        }
        return x.Length.CompareTo(y.Length);
    }

    public FieldPath Append(FieldPathElement element)
    {
        var elements = new FieldPathElement[_elements.Length + 1];
        _elements.CopyTo(elements, 0);
        elements[^1] = element;
        return new(elements);
    }

    private const int ChildSlots = 8192;

    /// <summary>The longest element text <see cref="Child"/> shares through its table.</summary>
    private const int MaxInternedText = 256;

    /// <summary>Paths one element longer than another, by parent path and element (a direct-mapped table: a colliding
    /// pair replaces the slot's entry).</summary>
    private static readonly InternedChild?[] s_children = new InternedChild?[ChildSlots];

    /// <summary>A table entry of <see cref="Child"/>.</summary>
    private sealed record InternedChild(FieldPath Parent, FieldPathElement Element, FieldPath Path);

    /// <summary>
    /// <see cref="Append"/>, shared: the same parent path and element give the same path object (the
    /// paths a write records, <c>.status.conditions[type="Ready"].status</c> and the like, come back in every write of
    /// the same kind, and a path is immutable). Only for elements that hold scalars, which may be shared between
    /// threads (see <see cref="FieldSet.Shareable"/>); others are appended afresh.
    /// </summary>
    public FieldPath Child(FieldPathElement element)
    {
        // Long elements (a request's own map keys and values, up to megabytes: the walk runs before validation) are
        // not kept in the process-wide table.
        if (!element.HoldsScalarsOnly || element.Text.Length > MaxInternedText)
        {
            return Append(element);
        }
        // By value (hashes cached in the objects), so that a parent path made afresh after its slot was taken still
        // finds its children; usually the same objects, compared by reference.
        var hash = HashCode.Combine(GetHashCode(), element.GetHashCode());
        ref var slot = ref s_children[hash & (ChildSlots - 1)];
        if (Volatile.Read(ref slot) is { } cached
            && (ReferenceEquals(cached.Element, element) || cached.Element.Equals(element))
            && (ReferenceEquals(cached.Parent, this) || cached.Parent.Equals(this)))
        {
            return cached.Path;
        }
        var path = Append(element);
        Volatile.Write(ref slot, new InternedChild(this, element, path));
        return path;
    }

    public static FieldPath Of(params string[] fields) => new(fields.Select(FieldPathElement.Field).ToArray());

    public bool StartsWith(FieldPath prefix)
    {
        var (elements, start) = (_elements, prefix._elements);
        if (start.Length > elements.Length)
        {
            return false;
        }
        for (var i = 0; i < start.Length; i++)
        {
            if (!ReferenceEquals(elements[i], start[i]) && !elements[i].Equals(start[i]))
            {
                return false;
            }
        }
        return true;
    }

    public bool Equals(FieldPath? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }
        if (other is null || other._elements.Length != _elements.Length || other.GetHashCode() != GetHashCode())
        {
            return false;
        }
        var (x, y) = (_elements, other._elements);
        for (var i = x.Length - 1; i >= 0; i--)
        {
            if (!ReferenceEquals(x[i], y[i]) && !x[i].Equals(y[i]))
            {
                return false;
            }
        }
        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as FieldPath);

    public override int GetHashCode()
    {
        if (_hash != 0)
        {
            return _hash;
        }
        var hash = new HashCode();
        foreach (var element in _elements)
        {
            hash.Add(element.GetHashCode());
        }
        return _hash = hash.ToHashCode() | 1;
    }

    /// <summary><c>.spec.containers[name="web"].image</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        foreach (var e in _elements)
        {
            sb.Append(e);
        }
        return sb.ToString();
    }
}
