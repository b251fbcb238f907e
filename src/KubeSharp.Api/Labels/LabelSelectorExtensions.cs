using System.Diagnostics.CodeAnalysis;
using KubeSharp.Api.Meta.V1;

namespace KubeSharp.Api.Labels;

/// <summary>Converts the API's meta/v1 LabelSelector into a <see cref="Selector"/> (upstream's LabelSelectorAsSelector).</summary>
public static class LabelSelectorExtensions
{
    /// <summary>A null selector matches nothing; an empty one matches everything.</summary>
    public static bool TryToSelector(this LabelSelector? labelSelector, [NotNullWhen(true)] out Selector? selector, [NotNullWhen(false)] out string? error)
        => LabelSelectorConverter.TryToSelector(ToInput(labelSelector), out selector, out error);

    /// <summary>Like <see cref="TryToSelector"/>; throws <see cref="FormatException"/> on an invalid selector.</summary>
    public static Selector ToSelector(this LabelSelector? labelSelector) => LabelSelectorConverter.ToSelector(ToInput(labelSelector));

    private static LabelSelectorInput? ToInput(LabelSelector? labelSelector)
    {
        if (labelSelector is null)
        {
            return null;
        }
        List<LabelSelectorRequirementInput>? expressions = null;
        if (labelSelector.MatchExpressions is { } list)
        {
            expressions = new List<LabelSelectorRequirementInput>(list.Count);
            foreach (var e in list)
            {
                expressions.Add(new LabelSelectorRequirementInput(e.Key, e.Operator, e.Values));
            }
        }
        return new LabelSelectorInput(labelSelector.MatchLabels, expressions);
    }
}
