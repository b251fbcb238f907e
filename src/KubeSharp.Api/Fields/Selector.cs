using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using KubeSharp.Api.Labels;

namespace KubeSharp.Api.Fields;

/// <summary>
/// An immutable field selector (<c>metadata.name=foo,status.phase!=Running</c>), mirroring upstream's
/// <c>fields.Selector</c>: an AND of <c>=</c>/<c>==</c>/<c>!=</c> terms, with values escaped as
/// <c>\,</c> <c>\=</c> <c>\\</c>.
/// </summary>
/// <remarks>
/// Parsed terms are sorted by their raw text, so <see cref="ToString"/> is canonical. A missing field
/// reads as the empty string (upstream's <c>Fields.Get</c>). Instances are thread-safe;
/// <see cref="Matches(IReadOnlyDictionary{string, string}?)"/> does not allocate.
/// </remarks>
public abstract class Selector
{
    private protected Selector()
    {
    }

    /// <summary>The selector matching every object (an empty AND); prints as "".</summary>
    public static Selector Everything { get; } = new AndTerm([]);

    /// <summary>True when the selector does not restrict anything.</summary>
    public abstract bool IsEmpty { get; }

    /// <summary>The terms as requirements, in order (nested ANDs flattened).</summary>
    public abstract IReadOnlyList<Requirement> Requirements { get; }

    /// <summary>Whether the fields satisfy every term; a missing field (or null map) reads as "".</summary>
    public bool Matches(IReadOnlyDictionary<string, string>? fields) => MatchesCore(fields);

    /// <summary>Whether the fields returned by <paramref name="getField"/> satisfy every term; null reads as "".</summary>
    public bool Matches(Func<string, string?> getField)
    {
        ArgumentNullException.ThrowIfNull(getField);
        return MatchesCore(getField);
    }

    /// <summary>
    /// Whether the selector requires <paramref name="field"/> to equal one value (a <c>=</c> term on
    /// it; the first such term wins), and that value.
    /// </summary>
    public abstract bool RequiresExactMatch(string field, [NotNullWhen(true)] out string? value);

    /// <summary>
    /// A copy with <paramref name="fn"/> applied to every term (upstream's <c>Transform</c>, used for
    /// field label conversion). A term transformed to an empty field and value is dropped. The first
    /// failure aborts and its message is returned in <paramref name="error"/>.
    /// </summary>
    public bool TryTransform(Func<string, string, TransformResult> fn, [NotNullWhen(true)] out Selector? result, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(fn);
        result = TransformCore(fn, out error);
        if (result is null)
        {
            error ??= string.Empty;
            return false;
        }

        return true;
    }

    /// <summary>Upstream's canonical text: terms joined by ',', values escaped.</summary>
    public abstract override string ToString();

    internal abstract bool MatchesCore(IReadOnlyDictionary<string, string>? fields);

    internal abstract bool MatchesCore(Func<string, string?> getField);

    internal abstract Selector? TransformCore(Func<string, string, TransformResult> fn, out string? error);

    private protected static string Get(IReadOnlyDictionary<string, string>? fields, string field) =>
        fields is not null && fields.TryGetValue(field, out var value) ? value : string.Empty;

    /// <summary>
    /// Parses a field selector. Terms are split on unescaped commas; each must contain <c>!=</c>,
    /// <c>==</c> or <c>=</c> (the first occurrence splits). Failures carry upstream's messages, such as
    /// <c>invalid selector: 'x'; can't understand 'x'</c>.
    /// </summary>
    public static bool TryParse(string selector, [NotNullWhen(true)] out Selector? result, [NotNullWhen(false)] out string? error) =>
        TryParseAndTransform(selector, static (field, value) => TransformResult.Success(field, value), out result, out error);

    /// <summary>Parses a field selector or throws.</summary>
    /// <exception cref="FormatException">The text is not a valid field selector; the message is upstream's.</exception>
    public static Selector Parse(string selector) =>
        TryParse(selector, out var result, out var error) ? result : throw new FormatException(error);

    /// <summary>Parses, then applies <paramref name="fn"/> as <see cref="TryTransform"/> does.</summary>
    public static bool TryParseAndTransform(string selector, Func<string, string, TransformResult> fn, [NotNullWhen(true)] out Selector? result, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(selector);
        ArgumentNullException.ThrowIfNull(fn);
        var parts = SplitTerms(selector);
        parts.Sort(GoStrings.Compare);
        var items = new List<Selector>(parts.Count);
        foreach (var part in parts)
        {
            if (part.Length == 0)
            {
                continue;
            }

            if (!SplitTerm(part, out var lhs, out var op, out var rhs))
            {
                result = null;
                error = "invalid selector: '" + selector + "'; can't understand '" + part + "'";
                return false;
            }

            if (!TryUnescapeValue(rhs, out var value, out error))
            {
                result = null;
                return false;
            }

            items.Add(op == "!=" ? new NotHasTerm(lhs, value) : new HasTerm(lhs, value));
        }

        var parsed = items.Count == 1 ? items[0] : new AndTerm([.. items]);
        return parsed.TryTransform(fn, out result, out error);
    }

    /// <summary>
    /// A selector requiring each field to equal its value (upstream's <c>SelectorFromSet</c>); null gives
    /// <see cref="Everything"/>. Terms are ordered by field name.
    /// </summary>
    public static Selector FromSet(IReadOnlyDictionary<string, string>? fields)
    {
        if (fields is null)
        {
            return Everything;
        }

        var keys = fields.Keys.ToArray();
        Array.Sort(keys, GoStrings.Compare);
        var items = new Selector[keys.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            items[i] = new HasTerm(keys[i], fields[keys[i]]);
        }

        return items.Length == 1 ? items[0] : new AndTerm(items);
    }

    /// <summary>A single <c>field=value</c> selector (upstream's <c>OneTermEqualSelector</c>).</summary>
    public static Selector OneTermEqual(string field, string value)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(value);
        return new HasTerm(field, value);
    }

    /// <summary>A single <c>field!=value</c> selector (upstream's <c>OneTermNotEqualSelector</c>).</summary>
    public static Selector OneTermNotEqual(string field, string value)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(value);
        return new NotHasTerm(field, value);
    }

    /// <summary>The AND of <paramref name="selectors"/> (upstream's <c>AndSelectors</c>).</summary>
    public static Selector And(params ReadOnlySpan<Selector> selectors)
    {
        foreach (var selector in selectors)
        {
            ArgumentNullException.ThrowIfNull(selector, nameof(selectors));
        }

        return new AndTerm(selectors.ToArray());
    }

    /// <summary>Escapes a literal value for use in a field selector: <c>\</c>, <c>,</c>, <c>=</c> get a backslash.</summary>
    public static string EscapeValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.AsSpan().IndexOfAny('\\', ',', '=') < 0)
        {
            return value;
        }

        var sb = new StringBuilder(value.Length + 4);
        foreach (var c in value)
        {
            if (c is '\\' or ',' or '=')
            {
                sb.Append('\\');
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    /// <summary>
    /// Reverses <see cref="EscapeValue"/>. Fails with upstream's messages on an unknown escape
    /// (<c>invalid field selector: invalid escape sequence: \x</c>) or an unescaped <c>,</c>/<c>=</c>
    /// (<c>invalid field selector: unescaped character in value: 61</c>, the code point as Go prints a rune).
    /// </summary>
    public static bool TryUnescapeValue(string escaped, [NotNullWhen(true)] out string? value, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(escaped);
        if (escaped.AsSpan().IndexOfAny('\\', ',', '=') < 0)
        {
            value = escaped;
            error = null;
            return true;
        }

        var sb = new StringBuilder(escaped.Length);
        var inSlash = false;
        for (var i = 0; i < escaped.Length; i++)
        {
            var c = escaped[i];
            if (inSlash)
            {
                if (c is '\\' or ',' or '=')
                {
                    sb.Append(c);
                    inSlash = false;
                    continue;
                }

                var rune = char.IsHighSurrogate(c) && i + 1 < escaped.Length && char.IsLowSurrogate(escaped[i + 1])
                    ? escaped.Substring(i, 2)
                    : c.ToString();
                value = null;
                error = "invalid field selector: invalid escape sequence: \\" + rune;
                return false;
            }

            switch (c)
            {
                case '\\':
                    inSlash = true;
                    break;
                case ',':
                case '=':
                    value = null;
                    error = "invalid field selector: unescaped character in value: " + ((int)c).ToString(CultureInfo.InvariantCulture);
                    return false;
                default:
                    sb.Append(c);
                    break;
            }
        }

        if (inSlash)
        {
            value = null;
            error = "invalid field selector: invalid escape sequence: \\";
            return false;
        }

        value = sb.ToString();
        error = null;
        return true;
    }

    private static List<string> SplitTerms(string selector)
    {
        var terms = new List<string>();
        if (selector.Length == 0)
        {
            return terms;
        }

        var start = 0;
        var inSlash = false;
        for (var i = 0; i < selector.Length; i++)
        {
            var c = selector[i];
            if (inSlash)
            {
                inSlash = false;
            }
            else if (c == '\\')
            {
                inSlash = true;
            }
            else if (c == ',')
            {
                terms.Add(selector[start..i]);
                start = i + 1;
            }
        }

        terms.Add(selector[start..]);
        return terms;
    }

    private static bool SplitTerm(string term, out string lhs, out string op, out string rhs)
    {
        for (var i = 0; i < term.Length; i++)
        {
            var remaining = term.AsSpan(i);
            foreach (var candidate in (ReadOnlySpan<string>)["!=", "==", "="])
            {
                if (remaining.StartsWith(candidate, StringComparison.Ordinal))
                {
                    lhs = term[..i];
                    op = candidate;
                    rhs = term[(i + candidate.Length)..];
                    return true;
                }
            }
        }

        lhs = op = rhs = string.Empty;
        return false;
    }
}
