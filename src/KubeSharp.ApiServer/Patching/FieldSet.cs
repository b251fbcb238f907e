using System.Buffers;
using System.Text;
using System.Text.Json;
using KubeSharp.Api.Serialization;

namespace KubeSharp.ApiServer.Patching;

/// <summary>
/// A structured-merge-diff field set: the set of field paths a manager owns, with the set algebra server-side apply
/// needs and the FieldsV1 JSON form (<c>{"f:spec":{"f:replicas":{}}}</c>, with <c>"."</c> marking a node that is
/// itself a member and also has children).
/// </summary>
/// <remarks>
/// A set is not changed once it has been handed out: the algebra returns an operand itself when the result equals it
/// (a difference with nothing in common, a union with an empty set), so unchanged sets are never copied.
/// </remarks>
internal sealed class FieldSet
{
    public static readonly FieldSet Empty = new();

    private readonly HashSet<FieldPath> _paths;

    /// <summary>The set's FieldsV1 text once written (or known from the text it was decoded from); never changed.</summary>
    private byte[]? _fieldsV1;

    private int _shareable = -1;

    [ThreadStatic]
    private static (ArrayBufferWriter<byte> Buffer, Utf8JsonWriter Writer)? t_writer;

    public FieldSet() => _paths = [];

    public FieldSet(IEnumerable<FieldPath> paths) => _paths = [.. paths];

    private FieldSet(HashSet<FieldPath> paths) => _paths = paths;

    /// <summary>A set of <paramref name="paths"/> (repeats allowed), sized for them at once.</summary>
    public static FieldSet Of(List<FieldPath> paths)
    {
        if (paths.Count == 0)
        {
            return Empty;
        }
        var set = new HashSet<FieldPath>(paths.Count);
        for (var i = 0; i < paths.Count; i++)
        {
            set.Add(paths[i]);
        }
        return new(set);
    }

    public int Count => _paths.Count;

    public bool IsEmpty => _paths.Count == 0;

    public IEnumerable<FieldPath> Paths => _paths;

    /// <summary>Adds a path while the set is being built (never to a set that has been handed out).</summary>
    public void Insert(FieldPath path) => _paths.Add(path);

    public bool Contains(FieldPath path) => _paths.Contains(path);

    public FieldSet Union(FieldSet other)
    {
        if (other.IsEmpty || ReferenceEquals(this, other))
        {
            return this;
        }
        if (IsEmpty)
        {
            return other;
        }
        if (other._paths.IsSubsetOf(_paths))
        {
            return this;
        }
        var union = new HashSet<FieldPath>(_paths);
        union.UnionWith(other._paths);
        return new(union);
    }

    public FieldSet Difference(FieldSet other)
    {
        if (IsEmpty || other.IsEmpty || !Overlaps(other))
        {
            return this;
        }
        var difference = new HashSet<FieldPath>(_paths);
        difference.ExceptWith(other._paths);
        return new(difference);
    }

    public FieldSet Intersection(FieldSet other)
    {
        if (IsEmpty || other.IsEmpty || !Overlaps(other))
        {
            return Empty;
        }
        var (small, large) = Count <= other.Count ? (this, other) : (other, this);
        var intersection = new HashSet<FieldPath>();
        foreach (var path in small._paths)
        {
            if (large._paths.Contains(path))
            {
                intersection.Add(path);
            }
        }
        return new(intersection);
    }

    private bool Overlaps(FieldSet other)
    {
        var (small, large) = Count <= other.Count ? (this, other) : (other, this);
        foreach (var path in small._paths)
        {
            if (large._paths.Contains(path))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Removes every path that equals or lies under one of <paramref name="prefixes"/>.</summary>
    public FieldSet WithoutPrefixes(IReadOnlyList<FieldPath> prefixes)
    {
        if (IsEmpty || prefixes.Count == 0)
        {
            return this;
        }
        HashSet<FieldPath>? kept = null;
        foreach (var path in _paths)
        {
            if (StartsWithAny(path, prefixes))
            {
                kept ??= new HashSet<FieldPath>(_paths);
                kept.Remove(path);
            }
        }
        return kept is null ? this : new(kept);
    }

    private static bool StartsWithAny(FieldPath path, IReadOnlyList<FieldPath> prefixes)
    {
        for (var i = 0; i < prefixes.Count; i++)
        {
            if (path.StartsWith(prefixes[i]))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The members in upstream's iteration order: at each level the leaves, then the subtrees, both sorted.</summary>
    public IReadOnlyList<FieldPath> Ordered()
    {
        var result = new List<FieldPath>();
        Walk(Tree.Build(_paths), FieldPath.Root, result);
        return result;
    }

    private static void Walk(Tree node, FieldPath prefix, List<FieldPath> result)
    {
        foreach (var (element, child) in node.Children)
        {
            if (child.Member)
            {
                result.Add(prefix.Append(element));
            }
        }
        foreach (var (element, child) in node.Children)
        {
            if (child.Children.Count > 0)
            {
                Walk(child, prefix.Append(element), result);
            }
        }
    }

    /// <summary>The FieldsV1 text when it is known (<see cref="KnowFieldsV1"/>), else null.</summary>
    public byte[]? KnownFieldsV1 => Volatile.Read(ref _fieldsV1);

    /// <summary>Records the set's FieldsV1 text (as <see cref="WriteFieldsV1"/> writes it; the array is never changed).</summary>
    public void KnowFieldsV1(byte[] text) => Volatile.Write(ref _fieldsV1, text);

    /// <summary>
    /// Whether the set may be shared between requests (threads): its path elements hold no JSON object or array
    /// values (keys and set items of scalars), whose nodes <see cref="System.Text.Json.Nodes"/> materializes lazily.
    /// </summary>
    public bool Shareable
    {
        get
        {
            if (_shareable < 0)
            {
                _shareable = ComputeShareable() ? 1 : 0;
            }
            return _shareable == 1;
        }
    }

    private bool ComputeShareable()
    {
        foreach (var path in _paths)
        {
            foreach (var element in path.Span)
            {
                if (!element.HoldsScalarsOnly)
                {
                    return false;
                }
            }
        }
        return true;
    }

    /// <summary>Knows <paramref name="text"/> as the FieldsV1 when writing the set gives exactly it, else the written text.</summary>
    public void RememberFieldsV1IfCanonical(byte[] text)
    {
        var (buffer, writer) = t_writer ??= (new ArrayBufferWriter<byte>(1024), new Utf8JsonWriter(Stream.Null, KubeJson.WriterOptions));
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        WriteFieldsV1(writer);
        writer.Flush();
        KnowFieldsV1(buffer.WrittenSpan.SequenceEqual(text) ? text : buffer.WrittenSpan.ToArray());
    }

    /// <summary>Writes the FieldsV1 object: the paths in depth-first sorted order, each opened level a JSON object.</summary>
    public void WriteFieldsV1(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var count = _paths.Count;
        var sorted = ArrayPool<FieldPath>.Shared.Rent(count);
        try
        {
            _paths.CopyTo(sorted);
            Array.Sort(sorted, 0, count);
            WriteSorted(writer, sorted.AsSpan(0, count));
        }
        finally
        {
            ArrayPool<FieldPath>.Shared.Return(sorted, clearArray: true);
        }
    }

    [ThreadStatic]
    private static List<FieldPathElement>? t_open;

    private static void WriteSorted(Utf8JsonWriter writer, ReadOnlySpan<FieldPath> sorted)
    {
        var open = t_open ?? [];
        t_open = null;
        open.Clear();
        writer.WriteStartObject();
        for (var i = 0; i < sorted.Length; i++)
        {
            var elements = sorted[i].Span;
            if (elements.Length == 0)
            {
                continue;
            }
            var common = 0;
            while (common < open.Count && common < elements.Length && open[common].Equals(elements[common]))
            {
                common++;
            }
            for (var j = open.Count; j > common; j--)
            {
                writer.WriteEndObject();
            }
            open.RemoveRange(common, open.Count - common);
            for (var j = common; j < elements.Length; j++)
            {
                WriteName(writer, elements[j]);
                writer.WriteStartObject();
                open.Add(elements[j]);
            }
            if (i + 1 < sorted.Length && sorted[i + 1].StartsWith(sorted[i]))
            {
                writer.WritePropertyName("."u8);
                writer.WriteStartObject();
                writer.WriteEndObject();
            }
        }
        for (var j = open.Count; j > 0; j--)
        {
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
        open.Clear();
        t_open = open;
    }

    private static void WriteName(Utf8JsonWriter writer, FieldPathElement element)
    {
        var prefix = element.Kind switch
        {
            FieldPathElementKind.Field => 'f',
            FieldPathElementKind.Key => 'k',
            FieldPathElementKind.Value => 'v',
            _ => 'i',
        };
        var length = element.Text.Length + 2;
        char[]? rented = null;
        var name = length <= 256 ? stackalloc char[length] : (rented = ArrayPool<char>.Shared.Rent(length)).AsSpan(0, length);
        name[0] = prefix;
        name[1] = ':';
        element.Text.AsSpan().CopyTo(name[2..]);
        writer.WritePropertyName(name);
        if (rented is not null)
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }

    /// <summary>Decodes FieldsV1 JSON text; null when it is not an object of path elements (upstream then fails to
    /// decode the managed fields).</summary>
    public static FieldSet? FromFieldsV1(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, KubeJson.ReaderOptions);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }
            var set = new FieldSet();
            return Decode(ref reader, [], set) >= 0 ? set : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Reads the members of the object whose start the reader is on, up to its end, into <paramref name="set"/>: the
    /// number of members, or -1 when one is malformed (an empty object is a member path; <c>"."</c> marks its parent).
    /// </summary>
    private static int Decode(ref Utf8JsonReader reader, List<FieldPathElement> prefix, FieldSet set)
    {
        var members = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            members++;
            if (reader.ValueTextEquals("."u8))
            {
                set.Insert(new FieldPath(prefix.ToArray()));
                reader.Read();
                reader.Skip();
                continue;
            }
            var element = ParseName(ref reader);
            if (element is null || !reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return -1;
            }
            prefix.Add(element);
            var inner = Decode(ref reader, prefix, set);
            if (inner < 0)
            {
                return -1;
            }
            if (inner == 0)
            {
                set.Insert(new FieldPath(prefix.ToArray()));
            }
            prefix.RemoveAt(prefix.Count - 1);
        }
        return reader.TokenType == JsonTokenType.EndObject ? members : -1;
    }

    private static FieldPathElement? ParseName(ref Utf8JsonReader reader)
    {
        var raw = reader.HasValueSequence ? default : reader.ValueSpan;
        if (!reader.ValueIsEscaped && !reader.HasValueSequence && raw.Length >= 2 && raw[0] == (byte)'f' && raw[1] == (byte)':')
        {
            return FieldPathElement.Field(raw[2..]);
        }
        return FieldPathElement.Parse(reader.GetString()!);
    }

    /// <summary>A sorted trie of the paths, for ordered iteration.</summary>
    private sealed class Tree
    {
        public bool Member { get; set; }

        public SortedDictionary<FieldPathElement, Tree> Children { get; } = new();

        public static Tree Build(IEnumerable<FieldPath> paths)
        {
            var root = new Tree();
            foreach (var path in paths)
            {
                var node = root;
                foreach (var element in path.Span)
                {
                    if (!node.Children.TryGetValue(element, out var next))
                    {
                        next = new Tree();
                        node.Children[element] = next;
                    }
                    node = next;
                }
                node.Member = true;
            }
            return root;
        }
    }
}
