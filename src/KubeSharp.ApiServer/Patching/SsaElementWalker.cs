using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubeSharp.ApiServer.Patching;

/// <summary>
/// Structured-merge-diff's <c>Compare</c> over encoded JSON (<see cref="JsonElement"/>s of pooled documents): the
/// leaves (scalars, atomic values, nulls) that were added, removed or changed, plus every map, struct field and list
/// item that appeared or disappeared as a whole. <c>metadata.managedFields</c> is not part of the comparison.
/// </summary>
/// <remarks>
/// A subtree whose raw UTF-8 is the same on both sides has nothing added, removed or modified below it, so it is not
/// walked; it is only checked for what would make the walk fail (a list-map item without its key), which upstream
/// reports for the whole object, changed or not. Path elements are built only where the sides differ.
/// </remarks>
internal sealed class SsaElementWalker
{
    /// <summary>How objects are parsed for the walk: as deep as the API's decoder allows.</summary>
    public static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 1000 };

    private readonly List<FieldPathElement> _path = [];

    /// <summary>
    /// Whether paths are shared (<see cref="FieldPath.Child"/>: the path of <c>_path[..d]</c> kept in
    /// <see cref="_prefixes"/> as long as it stays on the path) and list items are matched without a dictionary when
    /// the lists are short. Off, every recorded path is built afresh and every list indexed by a dictionary (the
    /// reference the shared walk is tested against).
    /// </summary>
    private readonly bool _shared;

    /// <summary><c>_prefixes[d]</c> is the shared path of <c>_path[..d]</c>, for <c>d &lt; _built</c>.</summary>
    private readonly List<FieldPath> _prefixes = [FieldPath.Root];
    private int _built = 1;

    /// <summary>Added and modified paths: every caller works with their union.</summary>
    private readonly List<FieldPath> _changed = [];
    private readonly List<FieldPath> _removed = [];

    /// <summary>Paths not recorded at all: those under these prefixes (null: none).</summary>
    private IReadOnlyList<FieldPath>? _ignored;

    /// <summary>Changed paths recorded apart, in <see cref="_changedApart"/> (null: none).</summary>
    private FieldSet? _apart;
    private int _apartMaxLength;
    private readonly List<FieldPath> _changedApart = [];

    /// <summary>This thread's shared walker, reused by its next walk (a walk is never re-entered).</summary>
    [ThreadStatic]
    private static SsaElementWalker? t_walker;

    private SsaElementWalker(bool shared) => _shared = shared;

    /// <summary>A walker ready for a walk: this thread's shared one, reset, or a fresh reference one.</summary>
    private static SsaElementWalker Start(bool shared, IReadOnlyList<FieldPath>? ignored, FieldSet? apart)
    {
        var walker = shared ? t_walker ??= new SsaElementWalker(true) : new SsaElementWalker(false);
        walker._path.Clear();
        walker._lazyItems.Clear();
        walker._built = 1;
        walker._changed.Clear();
        walker._removed.Clear();
        walker._changedApart.Clear();
        walker._ignored = ignored is { Count: > 0 } ? ignored : null;
        walker._apart = apart;
        walker._apartMaxLength = 0;
        foreach (var path in apart?.Paths ?? [])
        {
            walker._apartMaxLength = Math.Max(walker._apartMaxLength, path.Length);
        }
        return walker;
    }

    /// <summary>The paths added or modified (one set: upstream's <c>Modified.Union(Added)</c>, which is all its callers
    /// use) and those removed.</summary>
    public static (FieldSet Changed, FieldSet Removed) Compare(JsonElement lhs, JsonElement rhs, SsaType type)
    {
        var walker = Start(shared: true, null, null);
        walker.CompareNode(lhs, true, rhs, true, type);
        return (FieldSetCache.Of(walker._changed), FieldSetCache.Of(walker._removed));
    }

    /// <summary>
    /// <see cref="Compare(JsonElement, JsonElement, SsaType)"/> with the results filtered as they are recorded: nothing
    /// under <paramref name="ignored"/> (the reset fields), and the changed members of <paramref name="apart"/> (the
    /// stripped metadata) in a set of their own. The same as filtering the sets afterwards, without copying them.
    /// </summary>
    /// <remarks><paramref name="shared"/> false walks as the reference does (see <see cref="_shared"/>).</remarks>
    public static (FieldSet Changed, FieldSet ChangedApart, FieldSet Removed) Compare(JsonElement lhs, JsonElement rhs, SsaType type,
        IReadOnlyList<FieldPath> ignored, FieldSet apart, bool shared = true)
    {
        var walker = Start(shared, ignored, apart);
        walker.CompareNode(lhs, true, rhs, true, type);
        return shared
            ? (FieldSetCache.Of(walker._changed), FieldSetCache.Of(walker._changedApart), FieldSetCache.Of(walker._removed))
            : (FieldSet.Of(walker._changed), FieldSet.Of(walker._changedApart), FieldSet.Of(walker._removed));
    }

    /// <summary>Whether the current path lies under one of <see cref="_ignored"/>.</summary>
    private bool Ignored()
    {
        if (_ignored is not { } ignored)
        {
            return false;
        }
        for (var i = 0; i < ignored.Count; i++)
        {
            var prefix = ignored[i].Span;
            if (prefix.Length > _path.Count)
            {
                continue;
            }
            var j = 0;
            while (j < prefix.Length && (ReferenceEquals(prefix[j], _path[j]) || prefix[j].Equals(_path[j])))
            {
                j++;
            }
            if (j == prefix.Length)
            {
                return true;
            }
        }
        return false;
    }

    private void RecordChanged()
    {
        if (Ignored())
        {
            return;
        }
        var path = RecordedPath();
        if (_apart is not null && _path.Count <= _apartMaxLength && _apart.Contains(path))
        {
            _changedApart.Add(path);
        }
        else
        {
            _changed.Add(path);
        }
    }

    private void RecordRemoved()
    {
        if (!Ignored())
        {
            _removed.Add(RecordedPath());
        }
    }

    /// <summary>The current path as recorded: shared (<see cref="FieldPath.Child"/>) in a shared walk.</summary>
    private FieldPath RecordedPath()
    {
        if (!_shared || _lazyItems.Count > 0)
        {
            return CurrentPath;
        }
        var count = _path.Count;
        while (_built <= count)
        {
            var child = _prefixes[_built - 1].Child(_path[_built - 1]);
            if (_built < _prefixes.Count)
            {
                _prefixes[_built] = child;
            }
            else
            {
                _prefixes.Add(child);
            }
            _built++;
        }
        return _prefixes[count];
    }

    private void Push(FieldPathElement element) => _path.Add(element);

    private void Pop() => Truncate(_path.Count - 1);

    /// <summary>Back to the first <paramref name="depth"/> elements (the shared paths of longer ones are dropped).</summary>
    private void Truncate(int depth)
    {
        _path.RemoveRange(depth, _path.Count - depth);
        if (_built > depth + 1)
        {
            _built = depth + 1;
        }
    }

    /// <summary>List items on <see cref="_path"/> whose element is only worked out when a path is printed.</summary>
    private readonly List<(int Depth, JsonElement Item, SsaType ListType, SsaType ItemType, int Index)> _lazyItems = [];

    private static readonly FieldPathElement s_lazyItem = FieldPathElement.Index(-1);

    private FieldPath CurrentPath
    {
        get
        {
            var elements = _path.ToArray();
            foreach (var (depth, item, listType, itemType, index) in _lazyItems)
            {
                elements[depth] = ItemElement(listType, itemType, item, index);
            }
            return new(elements);
        }
    }

    private void CompareNode(JsonElement lhs, bool hasLhs, JsonElement rhs, bool hasRhs, SsaType type)
    {
        if (hasLhs && hasRhs && RawEquals(lhs, rhs))
        {
            Validate(lhs, type);
            return;
        }
        // A null on one side compares as an empty container, as upstream's walker reads a null list or map.
        var lhsContainer = hasLhs && IsContainer(lhs, type);
        var rhsContainer = hasRhs && IsContainer(rhs, type);
        var container = type.Shape != SsaShape.Scalar && !type.Atomic
            && (!hasLhs || lhs.ValueKind == JsonValueKind.Null || lhsContainer)
            && (!hasRhs || rhs.ValueKind == JsonValueKind.Null || rhsContainer)
            && (lhsContainer || rhsContainer);
        if (!container)
        {
            if (_path.Count == 0)
            {
                return;
            }
            if (!hasLhs)
            {
                RecordChanged();
            }
            else if (!hasRhs)
            {
                RecordRemoved();
            }
            else if (!JsonElement.DeepEquals(lhs, rhs))
            {
                RecordChanged();
            }
            return;
        }

        if ((lhsContainer ? lhs : rhs).ValueKind == JsonValueKind.Object)
        {
            CompareObjects(lhs, lhsContainer, rhs, rhsContainer, type);
        }
        else
        {
            CompareLists(lhs, lhsContainer, rhs, rhsContainer, type);
        }

        if (_path.Count > 0)
        {
            if (!hasLhs)
            {
                RecordChanged();
            }
            else if (!hasRhs)
            {
                RecordRemoved();
            }
        }
    }

    private void CompareObjects(JsonElement lhs, bool hasLhs, JsonElement rhs, bool hasRhs, SsaType type)
    {
        var right = hasRhs ? Properties(rhs) : ([], 0);
        var matched = right.Count == 0 ? null : ArrayPool<bool>.Shared.Rent(right.Count);
        try
        {
            if (matched is not null)
            {
                Array.Clear(matched, 0, right.Count);
            }
            var cursor = 0;
            if (hasLhs)
            {
                foreach (var property in lhs.EnumerateObject())
                {
                    if (IsManagedFields(property))
                    {
                        continue;
                    }
                    var match = Find(right, matched, ref cursor, property);
                    if (match >= 0 && RawEquals(property.Value, right.Items[match].Value))
                    {
                        if (ChildTypeIfFallible(type, property) is { } fallible)
                        {
                            Validate(property.Value, fallible);
                        }
                        continue;
                    }
                    var element = FieldElement(property);
                    Push(element);
                    CompareNode(property.Value, true, match >= 0 ? right.Items[match].Value : default, match >= 0, type.Field(element.Text));
                    Pop();
                }
            }
            for (var i = 0; i < right.Count; i++)
            {
                if (matched![i] || IsManagedFields(right.Items[i]))
                {
                    continue;
                }
                var element = FieldElement(right.Items[i]);
                Push(element);
                CompareNode(default, false, right.Items[i].Value, true, type.Field(element.Text));
                Pop();
            }
        }
        finally
        {
            if (matched is not null)
            {
                ArrayPool<bool>.Shared.Return(matched);
            }
            if (right.Count > 0)
            {
                ArrayPool<JsonProperty>.Shared.Return(right.Items, clearArray: true);
            }
        }
    }

    /// <summary>The path element of a member: shared by name unless the name is escaped in the JSON.</summary>
    private static FieldPathElement FieldElement(JsonProperty property)
    {
        var raw = JsonMarshal.GetRawUtf8PropertyName(property);
        return raw.Contains((byte)'\\') ? FieldPathElement.Field(property.Name) : FieldPathElement.Field(raw);
    }

    private static (JsonProperty[] Items, int Count) Properties(JsonElement obj)
    {
        var count = obj.GetPropertyCount();
        if (count == 0)
        {
            return ([], 0);
        }
        var items = ArrayPool<JsonProperty>.Shared.Rent(count);
        var i = 0;
        foreach (var property in obj.EnumerateObject())
        {
            items[i++] = property;
        }
        return (items, i);
    }

    /// <summary>The unmatched right-hand property named as <paramref name="property"/>: first where the last match
    /// left off (both sides come from the same encoder, so their members are usually in the same order).</summary>
    private static int Find((JsonProperty[] Items, int Count) right, bool[]? matched, ref int cursor, JsonProperty property)
    {
        for (var n = 0; n < right.Count; n++)
        {
            var i = (cursor + n) % right.Count;
            if (!matched![i] && NameEquals(right.Items[i], property))
            {
                matched[i] = true;
                cursor = i + 1;
                return i;
            }
        }
        return -1;
    }

    private static bool NameEquals(JsonProperty a, JsonProperty b)
    {
        var rawA = JsonMarshal.GetRawUtf8PropertyName(a);
        var rawB = JsonMarshal.GetRawUtf8PropertyName(b);
        if (rawA.SequenceEqual(rawB))
        {
            return true;
        }
        return (rawA.Contains((byte)'\\') || rawB.Contains((byte)'\\')) && a.NameEquals(b.Name);
    }

    /// <summary><c>metadata.managedFields</c> of the object itself, which the comparison leaves out.</summary>
    private bool IsManagedFields(JsonProperty property)
        => _path.Count == 1 && _path[0].Kind == FieldPathElementKind.Field && _path[0].Text == "metadata" && property.NameEquals("managedFields"u8);

    private void CompareLists(JsonElement lhs, bool hasLhs, JsonElement rhs, bool hasRhs, SsaType type)
    {
        var itemType = type.Item();
        if (_shared)
        {
            CompareItemLists(lhs, hasLhs, rhs, hasRhs, type, itemType);
            return;
        }
        var left = hasLhs ? Items(lhs, type, itemType) : [];
        var right = hasRhs ? Items(rhs, type, itemType) : [];
        foreach (var (pe, item) in left)
        {
            var hasItem = right.TryGetValue(pe, out var r);
            Push(pe);
            CompareNode(item, true, r, hasItem, itemType);
            Pop();
        }
        foreach (var (pe, item) in right)
        {
            if (!left.ContainsKey(pe))
            {
                Push(pe);
                CompareNode(default, false, item, true, itemType);
                Pop();
            }
        }
    }

    /// <summary>
    /// <see cref="CompareLists"/> on pooled arrays: the items of each side in order, the first of each path element
    /// only (as the dictionary keeps them), looked up by a linear scan in short lists and a dictionary in long ones.
    /// </summary>
    private void CompareItemLists(JsonElement lhs, bool hasLhs, JsonElement rhs, bool hasRhs, SsaType type, SsaType itemType)
    {
        var left = hasLhs ? ItemList.Of(this, lhs, type, itemType) : default;
        try
        {
            var right = hasRhs ? ItemList.Of(this, rhs, type, itemType) : default;
            try
            {
                for (var i = 0; i < left.Count; i++)
                {
                    var (pe, item) = left.Items![i];
                    var match = right.IndexOf(pe);
                    Push(pe);
                    CompareNode(item, true, match >= 0 ? right.Items![match].Item : default, match >= 0, itemType);
                    Pop();
                }
                for (var i = 0; i < right.Count; i++)
                {
                    var (pe, item) = right.Items![i];
                    if (left.IndexOf(pe) < 0)
                    {
                        Push(pe);
                        CompareNode(default, false, item, true, itemType);
                        Pop();
                    }
                }
            }
            finally
            {
                right.Return();
            }
        }
        finally
        {
            left.Return();
        }
    }

    /// <summary>A list's items by path element, without repeats, in a pooled array.</summary>
    private readonly struct ItemList
    {
        /// <summary>Longer lists get a dictionary of their elements.</summary>
        private const int ScanLimit = 16;

        private readonly Dictionary<FieldPathElement, int>? _index;

        private ItemList((FieldPathElement Pe, JsonElement Item)[] items, int count, Dictionary<FieldPathElement, int>? index)
        {
            Items = items;
            Count = count;
            _index = index;
        }

        public (FieldPathElement Pe, JsonElement Item)[]? Items { get; }

        public int Count { get; }

        public static ItemList Of(SsaElementWalker walker, JsonElement list, SsaType type, SsaType itemType)
        {
            var length = list.GetArrayLength();
            if (length == 0)
            {
                return default;
            }
            var items = ArrayPool<(FieldPathElement, JsonElement)>.Shared.Rent(length);
            var index = length > ScanLimit ? new Dictionary<FieldPathElement, int>(length) : null;
            var count = 0;
            var i = 0;
            // A failure (a list-map item without its key) leaves the array to the collector.
            foreach (var item in list.EnumerateArray())
            {
                var pe = walker.ItemElement(type, itemType, item, i++);
                if (index is not null ? index.TryAdd(pe, count) : Scan(items, count, pe) < 0)
                {
                    items[count++] = (pe, item);
                }
            }
            return new(items, count, index);
        }

        public int IndexOf(FieldPathElement pe)
            => Items is null ? -1 : _index is not null ? (_index.TryGetValue(pe, out var i) ? i : -1) : Scan(Items, Count, pe);

        private static int Scan((FieldPathElement Pe, JsonElement Item)[] items, int count, FieldPathElement pe)
        {
            for (var i = 0; i < count; i++)
            {
                if (ReferenceEquals(items[i].Pe, pe) || items[i].Pe.Equals(pe))
                {
                    return i;
                }
            }
            return -1;
        }

        public void Return()
        {
            if (Items is not null)
            {
                Array.Clear(Items, 0, Count);
                ArrayPool<(FieldPathElement, JsonElement)>.Shared.Return(Items);
            }
        }
    }

    private Dictionary<FieldPathElement, JsonElement> Items(JsonElement list, SsaType type, SsaType itemType)
    {
        var items = new Dictionary<FieldPathElement, JsonElement>(list.GetArrayLength());
        var i = 0;
        foreach (var item in list.EnumerateArray())
        {
            items.TryAdd(ItemElement(type, itemType, item, i), item);
            i++;
        }
        return items;
    }

    /// <summary>The path element of a list item: its keys (list maps, with schema defaults) or its value (sets).</summary>
    private FieldPathElement ItemElement(SsaType listType, SsaType itemType, JsonElement item, int index)
    {
        switch (listType.ListKind)
        {
            case SsaListKind.Set:
                return FieldPathElement.Item(null, JsonMarshal.GetRawUtf8Value(item));
            case SsaListKind.Map:
                CheckKeys(listType, itemType, item, index);
                if (listType.ListMapKeys.Count == 1 && item.TryGetProperty(listType.ListMapKeys[0], out var only) && only.ValueKind != JsonValueKind.Null)
                {
                    return FieldPathElement.Item(listType.ListMapKeys[0], JsonMarshal.GetRawUtf8Value(only));
                }
                var keys = new List<(string, JsonNode?)>(listType.ListMapKeys.Count);
                foreach (var key in listType.ListMapKeys)
                {
                    keys.Add(item.TryGetProperty(key, out var v) && v.ValueKind != JsonValueKind.Null
                        ? (key, JsonNode.Parse(JsonMarshal.GetRawUtf8Value(v)))
                        : (key, itemType.Default(key)));
                }
                return FieldPathElement.Owned(keys);
            default:
                return FieldPathElement.Index(index);
        }
    }

    /// <summary>Fails as upstream does when a list-map item is not a map or omits a key that has no default.</summary>
    private void CheckKeys(SsaType listType, SsaType itemType, JsonElement item, int index)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw new SsaFailure(SsaWalker.NotAMap(CurrentPath, index));
        }
        var keys = listType.ListMapKeys;
        for (var i = 0; i < keys.Count; i++)
        {
            var key = keys[i];
            if ((!item.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null) && !itemType.HasDefault(key))
            {
                throw new SsaFailure(SsaWalker.MissingKey(CurrentPath, index, key));
            }
        }
    }

    /// <summary>
    /// What the walk of an unchanged subtree would do besides finding nothing: fail on a list-map item without its
    /// key. Only parts whose type can hold a granular list map are looked at.
    /// </summary>
    private void Validate(JsonElement value, SsaType type)
    {
        if (!type.MayFail || !IsContainer(value, type))
        {
            return;
        }
        if (value.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in value.EnumerateObject())
            {
                if (IsManagedFields(property) || ChildTypeIfFallible(type, property) is not { } childType)
                {
                    continue;
                }
                Push(FieldElement(property));
                Validate(property.Value, childType);
                Pop();
            }
            return;
        }

        var itemType = type.Item();
        if (type.ListKind == SsaListKind.Map)
        {
            var i = 0;
            foreach (var item in value.EnumerateArray())
            {
                CheckKeys(type, itemType, item, i++);
            }
        }
        if (!itemType.MayFail)
        {
            return;
        }
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            var depth = _path.Count;
            var lazy = _lazyItems.Count;
            Push(s_lazyItem);
            _lazyItems.Add((depth, item, type, itemType, index));
            try
            {
                Validate(item, itemType);
            }
            catch (SsaFailure) when (IsDuplicate(value, type, itemType, index))
            {
                // The walk visits the first item of each key only.
            }
            finally
            {
                // Back to this level, also when a failure below left deeper elements on the path.
                _lazyItems.RemoveRange(lazy, _lazyItems.Count - lazy);
                Truncate(depth);
            }
            index++;
        }
    }

    /// <summary>Whether item <paramref name="index"/> has the path element of an earlier item (only worked out when it failed).</summary>
    private bool IsDuplicate(JsonElement list, SsaType type, SsaType itemType, int index)
    {
        var seen = new HashSet<FieldPathElement>();
        var i = 0;
        foreach (var item in list.EnumerateArray())
        {
            var pe = ItemElement(type, itemType, item, i);
            if (i == index)
            {
                return seen.Contains(pe);
            }
            seen.Add(pe);
            i++;
        }
        return false;
    }

    /// <summary>The type of an object member when its value can fail the walk (else null, without looking it up by name).</summary>
    private static SsaType? ChildTypeIfFallible(SsaType type, JsonProperty property)
    {
        if (!type.MayFail)
        {
            return null;
        }
        switch (type.Shape)
        {
            case SsaShape.Struct:
                var fallible = type.FallibleFieldsUtf8;
                for (var i = 0; i < fallible.Count; i++)
                {
                    if (property.NameEquals(fallible[i].Name))
                    {
                        return fallible[i].Type;
                    }
                }
                return null;
            case SsaShape.Map:
                var valueType = type.Field("");
                return valueType.MayFail ? valueType : null;
            default:
                return null;
        }
    }

    private static bool IsContainer(JsonElement value, SsaType type) => value.ValueKind switch
    {
        JsonValueKind.Object => type.Shape is SsaShape.Struct or SsaShape.Map or SsaShape.Deduced,
        JsonValueKind.Array => type.Shape == SsaShape.List,
        _ => false,
    };

    private static bool RawEquals(JsonElement a, JsonElement b)
        => JsonMarshal.GetRawUtf8Value(a).SequenceEqual(JsonMarshal.GetRawUtf8Value(b));
}
