using System.Diagnostics.CodeAnalysis;
using KubeSharp.Api.Validation;

namespace KubeSharp.Api.Labels;

/// <summary>
/// Converts the API's <c>LabelSelector</c> into a <see cref="Selector"/>, mirroring upstream's
/// <c>metav1.LabelSelectorAsSelector</c>: an absent selector selects nothing, an empty one everything,
/// <c>matchLabels</c> become <c>=</c> requirements and <c>matchExpressions</c> use
/// <c>In</c>/<c>NotIn</c>/<c>Exists</c>/<c>DoesNotExist</c>.
/// </summary>
/// <remarks>
/// Failures carry upstream's messages: <c>"Foo" is not a valid label selector operator</c>, or the
/// requirement errors such as <c>values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty</c>.
/// The first failure is reported; <c>matchLabels</c> are checked in key order (upstream's map order is random).
/// </remarks>
public static class LabelSelectorConverter
{
    /// <summary>Converts a possibly absent selector: <see langword="null"/> gives <see cref="Selector.Nothing"/>.</summary>
    public static bool TryToSelector(LabelSelectorInput? labelSelector, [NotNullWhen(true)] out Selector? selector, [NotNullWhen(false)] out string? error)
    {
        if (labelSelector is not { } present)
        {
            selector = Selector.Nothing;
            error = null;
            return true;
        }

        return TryToSelector(present.MatchLabels, present.MatchExpressions, out selector, out error);
    }

    /// <summary>Converts a present selector; with no labels and no expressions it gives <see cref="Selector.Everything"/>.</summary>
    public static bool TryToSelector(
        IReadOnlyDictionary<string, string>? matchLabels,
        IEnumerable<LabelSelectorRequirementInput>? matchExpressions,
        [NotNullWhen(true)] out Selector? selector,
        [NotNullWhen(false)] out string? error)
    {
        var expressions = matchExpressions as IReadOnlyCollection<LabelSelectorRequirementInput> ?? matchExpressions?.ToList();
        if ((matchLabels?.Count ?? 0) + (expressions?.Count ?? 0) == 0)
        {
            selector = Selector.Everything;
            error = null;
            return true;
        }

        var requirements = new List<Requirement>();
        if (matchLabels is not null)
        {
            var keys = matchLabels.Keys.ToArray();
            Array.Sort(keys, GoStrings.Compare);
            foreach (var key in keys)
            {
                if (!Requirement.TryCreate(key, SelectionOperator.Equal, [matchLabels[key]], out var requirement, out error))
                {
                    selector = null;
                    return false;
                }

                requirements.Add(requirement);
            }
        }

        foreach (var expression in expressions ?? [])
        {
            SelectionOperator op;
            switch (expression.Operator)
            {
                case "In": op = SelectionOperator.In; break;
                case "NotIn": op = SelectionOperator.NotIn; break;
                case "Exists": op = SelectionOperator.Exists; break;
                case "DoesNotExist": op = SelectionOperator.DoesNotExist; break;
                default:
                    selector = null;
                    error = GoFormat.Quote(expression.Operator ?? string.Empty) + " is not a valid label selector operator";
                    return false;
            }

            // Upstream copies the values with append([]string(nil), ...): an empty list becomes nil.
            var values = expression.Values is { Count: > 0 } list ? list : null;
            if (!Requirement.TryCreate(expression.Key ?? string.Empty, op, values, null, out var requirement, out var errors))
            {
                selector = null;
                error = errors.ToAggregateMessage();
                return false;
            }

            requirements.Add(requirement);
        }

        selector = Selector.Everything.Add(requirements);
        error = null;
        return true;
    }

    /// <summary>Converts a present selector or throws.</summary>
    /// <exception cref="FormatException">The selector is invalid; the message is upstream's.</exception>
    public static Selector ToSelector(IReadOnlyDictionary<string, string>? matchLabels, IEnumerable<LabelSelectorRequirementInput>? matchExpressions) =>
        TryToSelector(matchLabels, matchExpressions, out var selector, out var error) ? selector : throw new FormatException(error);

    /// <summary>Converts a possibly absent selector or throws; <see langword="null"/> gives <see cref="Selector.Nothing"/>.</summary>
    /// <exception cref="FormatException">The selector is invalid; the message is upstream's.</exception>
    public static Selector ToSelector(LabelSelectorInput? labelSelector) =>
        TryToSelector(labelSelector, out var selector, out var error) ? selector : throw new FormatException(error);
}
