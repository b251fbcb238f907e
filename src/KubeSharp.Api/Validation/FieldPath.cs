using System.Globalization;
using System.Text;

namespace KubeSharp.Api.Validation;

/// <summary>
/// An immutable path from a root to a field, mirroring upstream's <c>field.Path</c>:
/// <c>FieldPath.Root("spec").Child("containers").Index(0).Key("foo")</c> prints
/// <c>spec.containers[0][foo]</c>.
/// </summary>
/// <remarks>
/// <para>Every builder method returns a path that shares the parent, so paths are cheap to extend and
/// safe to share between threads. Where upstream would print a nil path, use <see cref="Format"/>,
/// which prints <c>&lt;nil&gt;</c> for <see langword="null"/>.</para>
/// <para>Validation builds a path for every field it visits, error or not, so the paths are interned: a root, and
/// the child, index or key of an interned path, is built once and then found again (a short scan of the
/// parent's children by reference, then ordinal, equality), so validating a valid object allocates no path.
/// The intern table is bounded (<see cref="MaxChildrenPerPath"/> children per path, names and keys of at most
/// <see cref="MaxInternedNameLength"/> characters, indexes below <see cref="MaxInternedIndex"/>,
/// <see cref="MaxInternedPaths"/> paths in all): past a bound, or under a path that is not interned itself, a
/// new path is built as before, so user-supplied names cannot grow it without limit. Interning changes no
/// printed path.</para>
/// </remarks>
public sealed class FieldPath
{
    /// <summary>At most this many interned children (names, indexes and keys together) under one path.</summary>
    public const int MaxChildrenPerPath = 32;

    /// <summary>Names and keys longer than this are never interned.</summary>
    public const int MaxInternedNameLength = 64;

    /// <summary>Indexes at or above this are never interned.</summary>
    public const int MaxInternedIndex = 16;

    /// <summary>At most this many paths are interned in the whole process.</summary>
    public const int MaxInternedPaths = 16_384;

    private const byte NameKind = 0;
    private const byte IndexKind = 1;
    private const byte KeyKind = 2;

    private static FieldPath[]? s_roots;
    private static int s_internedPaths;

    private readonly string? _text;
    private readonly int _index;
    private readonly byte _kind;
    private bool _interned;
    private FieldPath[]? _children;

    private FieldPath(FieldPath? parent, byte kind, string? text, int index)
    {
        Parent = parent;
        _kind = kind;
        _text = text;
        _index = index;
    }

    /// <summary>The enclosing path, or <see langword="null"/> for a root.</summary>
    public FieldPath? Parent { get; }

    /// <summary>How many paths are interned now (for tests and diagnostics).</summary>
    public static int InternedPaths => Volatile.Read(ref s_internedPaths);

    /// <summary>Creates a root path, optionally followed by more child names.</summary>
    public static FieldPath Root(string name, params ReadOnlySpan<string> moreNames)
    {
        ArgumentNullException.ThrowIfNull(name);
        var path = Find(Volatile.Read(ref s_roots), NameKind, name, 0)
            ?? Intern(ref s_roots, new FieldPath(null, NameKind, name, 0));
        foreach (var more in moreNames)
        {
            path = path.Child(more);
        }

        return path;
    }

    /// <summary>A child field of this path (one or more names).</summary>
    public FieldPath Child(string name, params ReadOnlySpan<string> moreNames)
    {
        ArgumentNullException.ThrowIfNull(name);
        var path = GetOrAdd(NameKind, name, 0);
        foreach (var more in moreNames)
        {
            ArgumentNullException.ThrowIfNull(more);
            path = path.GetOrAdd(NameKind, more, 0);
        }

        return path;
    }

    /// <summary>This path subscripted by a list index: <c>[3]</c>.</summary>
    public FieldPath Index(int index) => GetOrAdd(IndexKind, null, index);

    /// <summary>This path subscripted by a map key: <c>[key]</c> (the key is printed verbatim).</summary>
    public FieldPath Key(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return GetOrAdd(KeyKind, key, 0);
    }

    /// <summary>
    /// Formats <paramref name="path"/> like upstream's <c>(*field.Path).String()</c>:
    /// <c>&lt;nil&gt;</c> for <see langword="null"/>.
    /// </summary>
    public static string Format(FieldPath? path) => path is null ? "<nil>" : path.ToString();

    /// <summary>Child of a possibly-null path: upstream treats a nil parent as no parent.</summary>
    internal static FieldPath ChildOf(FieldPath? parent, string name) =>
        parent is null ? Root(name) : parent.Child(name);

    /// <summary>The dotted/bracketed form, for example <c>spec.containers[0].image</c>.</summary>
    public override string ToString()
    {
        var depth = 0;
        for (var p = this; p is not null; p = p.Parent)
        {
            depth++;
        }

        var elements = new FieldPath[depth];
        var i = depth;
        for (var p = this; p is not null; p = p.Parent)
        {
            elements[--i] = p;
        }

        var sb = new StringBuilder();
        foreach (var element in elements)
        {
            // upstream prints a name when it is non-empty, otherwise the subscript (an empty name prints "[]").
            if (element._kind == NameKind && !string.IsNullOrEmpty(element._text))
            {
                if (element.Parent is not null)
                {
                    sb.Append('.');
                }

                sb.Append(element._text);
            }
            else if (element._kind == IndexKind)
            {
                sb.Append('[').Append(element._index.ToString(CultureInfo.InvariantCulture)).Append(']');
            }
            else
            {
                sb.Append('[').Append(element._kind == KeyKind ? element._text : null).Append(']');
            }
        }

        return sb.ToString();
    }

    private FieldPath GetOrAdd(byte kind, string? text, int index)
    {
        if (!_interned)
        {
            return new FieldPath(this, kind, text, index);
        }

        return Find(Volatile.Read(ref _children), kind, text, index)
            ?? Intern(ref _children, new FieldPath(this, kind, text, index));
    }

    private static FieldPath? Find(FieldPath[]? paths, byte kind, string? text, int index)
    {
        if (paths is null)
        {
            return null;
        }

        foreach (var path in paths)
        {
            if (path._kind == kind && (kind == IndexKind ? path._index == index : ReferenceEquals(path._text, text) || string.Equals(path._text, text, StringComparison.Ordinal)))
            {
                return path;
            }
        }

        return null;
    }

    /// <summary>Adds <paramref name="created"/> to <paramref name="slot"/> (copy on write) when within the bounds,
    /// or returns the equal path another thread added first.</summary>
    private static FieldPath Intern(ref FieldPath[]? slot, FieldPath created)
    {
        if (created._kind == IndexKind ? (uint)created._index >= MaxInternedIndex : created._text!.Length > MaxInternedNameLength)
        {
            return created;
        }

        while (true)
        {
            var current = Volatile.Read(ref slot);
            if (Find(current, created._kind, created._text, created._index) is { } raced)
            {
                return raced;
            }

            if ((current?.Length ?? 0) >= MaxChildrenPerPath || Volatile.Read(ref s_internedPaths) >= MaxInternedPaths)
            {
                return created;
            }

            FieldPath[] next;
            if (current is null)
            {
                next = [created];
            }
            else
            {
                next = new FieldPath[current.Length + 1];
                current.CopyTo(next, 0);
                next[^1] = created;
            }

            created._interned = true;
            if (ReferenceEquals(Interlocked.CompareExchange(ref slot, next, current), current))
            {
                Interlocked.Increment(ref s_internedPaths);
                return created;
            }

            created._interned = false;
        }
    }
}
