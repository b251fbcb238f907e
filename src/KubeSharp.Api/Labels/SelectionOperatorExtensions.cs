using System.Globalization;

namespace KubeSharp.Api.Labels;

/// <summary>Upstream string forms of <see cref="SelectionOperator"/>.</summary>
public static class SelectionOperatorExtensions
{
    /// <summary>
    /// The binary operators in upstream's order, as listed in parse errors
    /// (<c>in, notin, =, ==, !=, gt, lt</c>).
    /// </summary>
    public static IReadOnlyList<string> BinaryOperators { get; } = ["in", "notin", "=", "==", "!=", "gt", "lt"];

    /// <summary>All operators in upstream's order, as listed in "Unsupported value" errors.</summary>
    public static IReadOnlyList<string> ValidOperators { get; } = ["in", "notin", "=", "==", "!=", "gt", "lt", "exists", "!"];

    /// <summary>
    /// Upstream's <c>selection.Operator</c> string: <c>in</c>, <c>notin</c>, <c>=</c>, <c>==</c>, <c>!=</c>,
    /// <c>gt</c>, <c>lt</c>, <c>exists</c>, <c>!</c>. An undefined value prints as its number.
    /// </summary>
    public static string ToUpstreamString(this SelectionOperator op) => op switch
    {
        SelectionOperator.In => "in",
        SelectionOperator.NotIn => "notin",
        SelectionOperator.Equal => "=",
        SelectionOperator.DoubleEqual => "==",
        SelectionOperator.NotEqual => "!=",
        SelectionOperator.GreaterThan => "gt",
        SelectionOperator.LessThan => "lt",
        SelectionOperator.Exists => "exists",
        SelectionOperator.DoesNotExist => "!",
        _ => ((int)op).ToString(CultureInfo.InvariantCulture),
    };
}
