using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using KubeSharp.Api.Validation;

namespace KubeSharp.Api.Labels;

/// <summary>
/// One label selector requirement (a key, an operator and values), mirroring upstream's
/// <c>labels.Requirement</c>. Immutable; instances are always valid (built by <see cref="TryCreate(string, SelectionOperator, IEnumerable{string}?, out Requirement?, out string?)"/>
/// or by the parser), except those from <see cref="Selector.FromValidatedSet"/>, which trusts its input.
/// </summary>
public sealed class Requirement : IEquatable<Requirement>
{
    private readonly string[] _values;
    private readonly long _bound;

    private Requirement(string key, SelectionOperator op, string[] values)
    {
        Key = key;
        Operator = op;
        _values = values;
        Values = new ReadOnlyCollection<string>(values);
        if (op is SelectionOperator.GreaterThan or SelectionOperator.LessThan && values.Length == 1)
        {
            _bound = GoStrings.TryParseInt64(values[0], out var bound) ? bound : 0;
        }
    }

    /// <summary>The label key.</summary>
    public string Key { get; }

    /// <summary>The operator.</summary>
    public SelectionOperator Operator { get; }

    /// <summary>The values in the order given (the parser gives them sorted and de-duplicated).</summary>
    public IReadOnlyList<string> Values { get; }

    /// <summary>
    /// Validates and creates a requirement like upstream's <c>NewRequirement</c>: the key must be a
    /// qualified name; <c>in</c>/<c>notin</c> need at least one value; <c>=</c>, <c>==</c>, <c>!=</c>
    /// exactly one; exists/does-not-exist none; <c>gt</c>/<c>lt</c> exactly one integer; every value
    /// must be a valid label value. On failure <paramref name="error"/> is upstream's aggregated message.
    /// </summary>
    public static bool TryCreate(
        string key,
        SelectionOperator op,
        IEnumerable<string>? values,
        [NotNullWhen(true)] out Requirement? requirement,
        [NotNullWhen(false)] out string? error)
    {
        if (TryCreate(key, op, values, null, out requirement, out var errors))
        {
            error = null;
            return true;
        }

        error = errors.ToAggregateMessage();
        return false;
    }

    /// <summary>
    /// As <see cref="TryCreate(string, SelectionOperator, IEnumerable{string}?, out Requirement?, out string?)"/>,
    /// reporting each failure as a <see cref="FieldError"/> under <paramref name="path"/>
    /// (<c>key</c>, <c>values[i]</c>, <c>operator</c> children). A <see langword="null"/>
    /// <paramref name="values"/> is reported as Go's nil slice.
    /// </summary>
    public static bool TryCreate(
        string key,
        SelectionOperator op,
        IEnumerable<string>? values,
        FieldPath? path,
        [NotNullWhen(true)] out Requirement? requirement,
        out FieldErrorList errors)
    {
        ArgumentNullException.ThrowIfNull(key);
        var vals = values?.ToArray();
        errors = Validate(key, op, vals, path);
        requirement = errors.IsEmpty ? new Requirement(key, op, vals ?? []) : null;
        return requirement is not null;
    }

    /// <summary>Creates a requirement or throws.</summary>
    /// <exception cref="ArgumentException">The requirement is invalid; the message is upstream's.</exception>
    public static Requirement Create(string key, SelectionOperator op, params IEnumerable<string> values) =>
        TryCreate(key, op, values, out var requirement, out var error)
            ? requirement
            : throw new ArgumentException(error, nameof(values));

    /// <summary>Creates an <c>=</c> requirement without validation (upstream's pre-validated sets).</summary>
    internal static Requirement CreateUnvalidatedEquals(string key, string value) =>
        new(key, SelectionOperator.Equal, [value]);

    /// <summary>Creates a requirement from values the parser has already checked.</summary>
    internal static Requirement CreateValidated(string key, SelectionOperator op, string[] values) =>
        new(key, op, values);

    internal static FieldErrorList Validate(string key, SelectionOperator op, string[]? values, FieldPath? path)
    {
        var errors = new FieldErrorList();
        var keyErrors = ValueValidation.IsQualifiedName(key);
        if (keyErrors.Count != 0)
        {
            errors.Add(FieldError.Invalid(FieldPath.ChildOf(path, "key"), key, string.Join("; ", keyErrors)));
        }

        var valuePath = FieldPath.ChildOf(path, "values");
        var count = values?.Length ?? 0;
        var badValue = new GoStringSlice(values);
        switch (op)
        {
            case SelectionOperator.In:
            case SelectionOperator.NotIn:
                if (count == 0)
                {
                    errors.Add(FieldError.Invalid(valuePath, badValue, "for 'in', 'notin' operators, values set can't be empty"));
                }

                break;
            case SelectionOperator.Equal:
            case SelectionOperator.DoubleEqual:
            case SelectionOperator.NotEqual:
                if (count != 1)
                {
                    errors.Add(FieldError.Invalid(valuePath, badValue, "exact-match compatibility requires one single value"));
                }

                break;
            case SelectionOperator.Exists:
            case SelectionOperator.DoesNotExist:
                if (count != 0)
                {
                    errors.Add(FieldError.Invalid(valuePath, badValue, "values set must be empty for exists and does not exist"));
                }

                break;
            case SelectionOperator.GreaterThan:
            case SelectionOperator.LessThan:
                if (count != 1)
                {
                    errors.Add(FieldError.Invalid(valuePath, badValue, "for 'Gt', 'Lt' operators, exactly one value is required"));
                }

                for (var i = 0; i < count; i++)
                {
                    if (!GoStrings.TryParseInt64(values![i], out _))
                    {
                        errors.Add(FieldError.Invalid(valuePath.Index(i), values[i], "for 'Gt', 'Lt' operators, the value must be an integer"));
                    }
                }

                break;
            default:
                errors.Add(FieldError.NotSupported(FieldPath.ChildOf(path, "operator"), op.ToUpstreamString(), SelectionOperatorExtensions.ValidOperators));
                break;
        }

        for (var i = 0; i < count; i++)
        {
            var value = values![i];
            ArgumentNullException.ThrowIfNull(value, nameof(values));
            var valueErrors = ValueValidation.IsValidLabelValue(value);
            if (valueErrors.Count != 0)
            {
                errors.Add(FieldError.Invalid(valuePath.Index(i).Key(key), value, string.Join("; ", valueErrors)));
            }
        }

        return errors;
    }

    /// <summary>
    /// Whether <paramref name="labels"/> satisfy this requirement (a <see langword="null"/> map has no
    /// labels). <c>in</c>/<c>=</c>/<c>==</c> need the key with one of the values; <c>notin</c>/<c>!=</c>
    /// match an absent key or another value; <c>gt</c>/<c>lt</c> need the key with an integer value
    /// compared strictly. Allocation-free.
    /// </summary>
    public bool Matches(IReadOnlyDictionary<string, string>? labels)
    {
        string? value = null;
        var has = labels is not null && labels.TryGetValue(Key, out value);
        switch (Operator)
        {
            case SelectionOperator.In:
            case SelectionOperator.Equal:
            case SelectionOperator.DoubleEqual:
                return has && HasValue(value!);
            case SelectionOperator.NotIn:
            case SelectionOperator.NotEqual:
                return !has || !HasValue(value!);
            case SelectionOperator.Exists:
                return has;
            case SelectionOperator.DoesNotExist:
                return !has;
            case SelectionOperator.GreaterThan:
            case SelectionOperator.LessThan:
                if (!has || _values.Length != 1 || !GoStrings.TryParseInt64(value, out var actual))
                {
                    return false;
                }

                return Operator == SelectionOperator.GreaterThan ? actual > _bound : actual < _bound;
            default:
                return false;
        }
    }

    private bool HasValue(string value)
    {
        foreach (var candidate in _values)
        {
            if (string.Equals(candidate, value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Upstream's canonical text: <c>!key</c>, <c>key</c>, <c>key=v</c>, <c>key==v</c>, <c>key!=v</c>,
    /// <c>key&gt;n</c>, <c>key&lt;n</c>, <c>key in (a,b)</c>, <c>key notin (a,b)</c>; values sorted.
    /// </summary>
    public override string ToString()
    {
        var sb = new StringBuilder(Key.Length + 8 + (5 * _values.Length));
        AppendTo(sb);
        return sb.ToString();
    }

    internal void AppendTo(StringBuilder sb)
    {
        if (Operator == SelectionOperator.DoesNotExist)
        {
            sb.Append('!');
        }

        sb.Append(Key);
        switch (Operator)
        {
            case SelectionOperator.Equal: sb.Append('='); break;
            case SelectionOperator.DoubleEqual: sb.Append("=="); break;
            case SelectionOperator.NotEqual: sb.Append("!="); break;
            case SelectionOperator.In: sb.Append(" in "); break;
            case SelectionOperator.NotIn: sb.Append(" notin "); break;
            case SelectionOperator.GreaterThan: sb.Append('>'); break;
            case SelectionOperator.LessThan: sb.Append('<'); break;
            case SelectionOperator.Exists:
            case SelectionOperator.DoesNotExist:
                return;
        }

        var set = Operator is SelectionOperator.In or SelectionOperator.NotIn;
        if (set)
        {
            sb.Append('(');
        }

        if (_values.Length == 1)
        {
            sb.Append(_values[0]);
        }
        else
        {
            var sorted = (string[])_values.Clone();
            Array.Sort(sorted, GoStrings.Compare);
            sb.AppendJoin(',', sorted);
        }

        if (set)
        {
            sb.Append(')');
        }
    }

    /// <summary>Same key, operator and values in the same order (upstream's <c>Equal</c>).</summary>
    public bool Equals(Requirement? other) =>
        other is not null
        && string.Equals(Key, other.Key, StringComparison.Ordinal)
        && Operator == other.Operator
        && _values.AsSpan().SequenceEqual(other._values);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as Requirement);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Key, StringComparer.Ordinal);
        hash.Add(Operator);
        foreach (var value in _values)
        {
            hash.Add(value, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }
}
