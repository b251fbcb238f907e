namespace KubeSharp.Api.Labels;

/// <summary>
/// A <c>metav1.LabelSelector</c> (<c>matchLabels</c> and <c>matchExpressions</c>), decoupled from the
/// generated API types. A present-but-empty selector (<c>{}</c>) selects everything; use
/// <see langword="null"/> for an absent selector, which selects nothing.
/// </summary>
/// <param name="MatchLabels">Labels that must be present with exactly these values.</param>
/// <param name="MatchExpressions">Set-based requirements.</param>
public readonly record struct LabelSelectorInput(
    IReadOnlyDictionary<string, string>? MatchLabels,
    IReadOnlyList<LabelSelectorRequirementInput>? MatchExpressions);
