namespace KubeSharp.Api.Labels;

/// <summary>
/// One <c>matchExpressions</c> entry of a <c>metav1.LabelSelector</c>, decoupled from the generated API
/// types: <c>Operator</c> is the API's string (<c>In</c>, <c>NotIn</c>, <c>Exists</c>, <c>DoesNotExist</c>).
/// </summary>
/// <param name="Key">The label key.</param>
/// <param name="Operator">The operator as written in the API object.</param>
/// <param name="Values">The values; null and empty are the same (a nil list upstream).</param>
public readonly record struct LabelSelectorRequirementInput(string Key, string Operator, IReadOnlyList<string>? Values);
