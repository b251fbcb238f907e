using System.Globalization;
using System.Text;

namespace KubeSharp.Api.Validation;

/// <summary>
/// An immutable path from a root to a field, mirroring upstream's <c>field.Path</c>:
/// <c>FieldPath.Root("spec").Child("containers").Index(0).Key("foo")</c> prints
/// <c>spec.containers[0][foo]</c>.
/// </summary>
/// <remarks>
/// Every builder method returns a new path and shares the parent, so paths are cheap to extend and
/// safe to share between threads. Where upstream would print a nil path, use <see cref="Format"/>,
/// which prints <c>&lt;nil&gt;</c> for <see langword="null"/>.
/// </remarks>
public sealed class FieldPath
{
    private readonly string? _name;
    private readonly string? _index;

    private FieldPath(FieldPath? parent, string? name, string? index)
    {
        Parent = parent;
        _name = name;
        _index = index;
    }

    /// <summary>The enclosing path, or <see langword="null"/> for a root.</summary>
    public FieldPath? Parent { get; }

    /// <summary>Creates a root path, optionally followed by more child names.</summary>
    public static FieldPath Root(string name, params ReadOnlySpan<string> moreNames)
    {
        ArgumentNullException.ThrowIfNull(name);
        var path = new FieldPath(null, name, null);
        foreach (var more in moreNames)
        {
            path = new FieldPath(path, more, null);
        }

        return path;
    }

    /// <summary>A child field of this path (one or more names).</summary>
    public FieldPath Child(string name, params ReadOnlySpan<string> moreNames)
    {
        ArgumentNullException.ThrowIfNull(name);
        var path = new FieldPath(this, name, null);
        foreach (var more in moreNames)
        {
            path = new FieldPath(path, more, null);
        }

        return path;
    }

    /// <summary>This path subscripted by a list index: <c>[3]</c>.</summary>
    public FieldPath Index(int index) => new(this, null, index.ToString(CultureInfo.InvariantCulture));

    /// <summary>This path subscripted by a map key: <c>[key]</c> (the key is printed verbatim).</summary>
    public FieldPath Key(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new FieldPath(this, null, key);
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
            if (!string.IsNullOrEmpty(element._name))
            {
                if (element.Parent is not null)
                {
                    sb.Append('.');
                }

                sb.Append(element._name);
            }
            else
            {
                sb.Append('[').Append(element._index).Append(']');
            }
        }

        return sb.ToString();
    }
}
