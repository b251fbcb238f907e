using System.Diagnostics.CodeAnalysis;
using KubeSharp.Api.Labels;

namespace KubeSharp.Api.Fields;

/// <summary><c>field=value</c> (upstream's <c>hasTerm</c>).</summary>
internal sealed class HasTerm(string field, string value) : Selector
{
    public string Field { get; } = field;

    public string Value { get; } = value;

    public override bool IsEmpty => false;

    public override IReadOnlyList<Requirement> Requirements => [new Requirement(Field, SelectionOperator.Equal, Value)];

    internal override bool MatchesCore(IReadOnlyDictionary<string, string>? fields) =>
        string.Equals(Get(fields, Field), Value, StringComparison.Ordinal);

    internal override bool MatchesCore(Func<string, string?> getField) =>
        string.Equals(getField(Field) ?? string.Empty, Value, StringComparison.Ordinal);

    public override bool RequiresExactMatch(string field, [NotNullWhen(true)] out string? value)
    {
        if (string.Equals(Field, field, StringComparison.Ordinal))
        {
            value = Value;
            return true;
        }

        value = null;
        return false;
    }

    internal override Selector? TransformCore(Func<string, string, TransformResult> fn, out string? error)
    {
        var result = fn(Field, Value);
        if (result.IsError)
        {
            error = result.Error;
            return null;
        }

        error = null;
        return result.Field.Length == 0 && result.Value.Length == 0 ? Everything : new HasTerm(result.Field, result.Value);
    }

    public override string ToString() => Field + "=" + EscapeValue(Value);
}
