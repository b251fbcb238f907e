using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using KubeSharp.Api.Validation;

namespace KubeSharp.Api.Labels;

/// <summary>
/// An immutable label selector: the AND of its <see cref="Requirements"/>, mirroring upstream's
/// <c>labels.Selector</c>. Requirements are kept sorted by key (stable for equal keys), so
/// <see cref="ToString"/> is canonical: <c>a=b,c in (x,y),!d</c>.
/// </summary>
/// <remarks>
/// Two special selectors exist: <see cref="Everything"/> (no requirements; matches every label set) and
/// <see cref="Nothing"/> (matches nothing, and ignores <see cref="Add(ReadOnlySpan{Requirement})"/>).
/// Instances are safe to share between threads. <see cref="Matches"/> does not allocate.
/// </remarks>
public sealed class Selector
{
    private readonly Requirement[] _requirements;
    private readonly bool _nothing;

    private Selector(Requirement[] requirements, bool nothing)
    {
        _requirements = requirements;
        _nothing = nothing;
        Requirements = new ReadOnlyCollection<Requirement>(requirements);
    }

    /// <summary>The selector that matches every label set (upstream's <c>Everything()</c>); prints as "".</summary>
    public static Selector Everything { get; } = new([], false);

    /// <summary>The selector that matches nothing (upstream's <c>Nothing()</c>); prints as "".</summary>
    public static Selector Nothing { get; } = new([], true);

    /// <summary>The requirements, sorted by key; empty for <see cref="Everything"/> and <see cref="Nothing"/>.</summary>
    public IReadOnlyList<Requirement> Requirements { get; }

    /// <summary>True when the selector does not restrict anything (no requirements and not <see cref="Nothing"/>).</summary>
    public bool IsEmpty => !_nothing && _requirements.Length == 0;

    /// <summary>True only for <see cref="Nothing"/> (upstream's <c>MatchesNothing</c>).</summary>
    public bool MatchesNothing => _nothing;

    /// <summary>
    /// Whether <paramref name="labels"/> satisfy every requirement. A <see langword="null"/> map is an
    /// empty label set. Always false for <see cref="Nothing"/>. Allocation-free.
    /// </summary>
    public bool Matches(IReadOnlyDictionary<string, string>? labels)
    {
        if (_nothing)
        {
            return false;
        }

        foreach (var requirement in _requirements)
        {
            if (!requirement.Matches(labels))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// A new selector with <paramref name="requirements"/> added, re-sorted by key. <see cref="Nothing"/>
    /// returns itself.
    /// </summary>
    public Selector Add(params ReadOnlySpan<Requirement> requirements)
    {
        if (_nothing)
        {
            return this;
        }

        var combined = new Requirement[_requirements.Length + requirements.Length];
        _requirements.CopyTo(combined, 0);
        for (var i = 0; i < requirements.Length; i++)
        {
            combined[_requirements.Length + i] = requirements[i] ?? throw new ArgumentNullException(nameof(requirements));
        }

        return new Selector(SortByKey(combined), false);
    }

    /// <summary>A new selector with <paramref name="requirements"/> added; see <see cref="Add(ReadOnlySpan{Requirement})"/>.</summary>
    public Selector Add(IEnumerable<Requirement> requirements)
    {
        ArgumentNullException.ThrowIfNull(requirements);
        return Add([.. requirements]);
    }

    /// <summary>
    /// Whether the selector requires <paramref name="label"/> to have one specific value: the first
    /// requirement on that key decides, and must be <c>=</c>, <c>==</c> or <c>in</c> with a single value.
    /// </summary>
    public bool RequiresExactMatch(string label, [NotNullWhen(true)] out string? value)
    {
        foreach (var requirement in _requirements)
        {
            if (!string.Equals(requirement.Key, label, StringComparison.Ordinal))
            {
                continue;
            }

            if (requirement.Operator is SelectionOperator.Equal or SelectionOperator.DoubleEqual or SelectionOperator.In
                && requirement.Values.Count == 1)
            {
                value = requirement.Values[0];
                return true;
            }

            break;
        }

        value = null;
        return false;
    }

    /// <summary>Upstream's canonical text: the requirements' texts joined by ','; "" when empty or <see cref="Nothing"/>.</summary>
    public override string ToString()
    {
        if (_requirements.Length == 0)
        {
            return string.Empty;
        }

        var sb = new StringBuilder();
        for (var i = 0; i < _requirements.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            _requirements[i].AppendTo(sb);
        }

        return sb.ToString();
    }

    /// <summary>
    /// Parses upstream's label selector syntax, for example <c>x in (a,b),y!=c,!z,w&gt;3</c>. The empty
    /// string gives an empty selector (matching everything). On failure <paramref name="error"/> holds
    /// upstream's message, such as <c>unable to parse requirement: found '', expected: identifier</c>.
    /// </summary>
    public static bool TryParse(string selector, [NotNullWhen(true)] out Selector? result, [NotNullWhen(false)] out string? error) =>
        TryParse(selector, null, out result, out error);

    /// <summary>
    /// As <see cref="TryParse(string, out Selector?, out string?)"/>, with field errors reported under
    /// <paramref name="path"/> (upstream's <c>field.WithPath</c> option; <see langword="null"/> prints
    /// <c>&lt;nil&gt;</c> for key errors).
    /// </summary>
    public static bool TryParse(string selector, FieldPath? path, [NotNullWhen(true)] out Selector? result, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(selector);
        if (!SelectorParser.TryParse(selector, path, out var requirements, out error))
        {
            result = null;
            return false;
        }

        result = new Selector(SortByKey([.. requirements]), false);
        return true;
    }

    /// <summary>Parses a selector or throws.</summary>
    /// <exception cref="FormatException">The text is not a valid selector; the message is upstream's.</exception>
    public static Selector Parse(string selector) =>
        TryParse(selector, out var result, out var error) ? result : throw new FormatException(error);

    /// <summary>
    /// A selector requiring every label in <paramref name="labels"/> with its value (<c>k=v</c>), without
    /// validation (upstream's <c>SelectorFromSet</c>). A null or empty map gives an empty selector.
    /// </summary>
    public static Selector FromSet(IReadOnlyDictionary<string, string>? labels) => FromValidatedSet(labels);

    /// <summary>
    /// As <see cref="FromSet"/>; the caller asserts the labels are valid (upstream's
    /// <c>SelectorFromValidatedSet</c>).
    /// </summary>
    public static Selector FromValidatedSet(IReadOnlyDictionary<string, string>? labels)
    {
        if (labels is null || labels.Count == 0)
        {
            return new Selector([], false);
        }

        var requirements = new Requirement[labels.Count];
        var i = 0;
        foreach (var (key, value) in labels)
        {
            requirements[i++] = Requirement.CreateUnvalidatedEquals(key, value);
        }

        return new Selector(SortByKey(requirements), false);
    }

    /// <summary>
    /// As <see cref="FromSet"/>, validating every key and value first (upstream's
    /// <c>ValidatedSelectorFromSet</c>); keys are checked in sorted order and the first failure is reported.
    /// </summary>
    public static bool TryFromSetValidated(IReadOnlyDictionary<string, string>? labels, [NotNullWhen(true)] out Selector? result, [NotNullWhen(false)] out string? error)
    {
        if (labels is null || labels.Count == 0)
        {
            result = new Selector([], false);
            error = null;
            return true;
        }

        var keys = labels.Keys.ToArray();
        Array.Sort(keys, GoStrings.Compare);
        var requirements = new Requirement[keys.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            if (!Requirement.TryCreate(keys[i], SelectionOperator.Equal, [labels[keys[i]]], out var requirement, out error))
            {
                result = null;
                return false;
            }

            requirements[i] = requirement;
        }

        result = new Selector(requirements, false);
        error = null;
        return true;
    }

    private static Requirement[] SortByKey(Requirement[] requirements)
    {
        // Stable, Go byte order: matches upstream's sort.Sort(ByKey) for the small inputs it sees.
        var keys = new int[requirements.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = i;
        }

        Array.Sort(keys, (a, b) =>
        {
            var c = GoStrings.Compare(requirements[a].Key, requirements[b].Key);
            return c != 0 ? c : a.CompareTo(b);
        });
        var sorted = new Requirement[requirements.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            sorted[i] = requirements[keys[i]];
        }

        return sorted;
    }
}
