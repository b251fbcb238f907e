using KubeSharp.Api.Labels;

namespace KubeSharp.Api.Fields;

/// <summary>
/// One field selector term, mirroring upstream's <c>fields.Requirement</c>: <see cref="Operator"/> is
/// <see cref="SelectionOperator.Equal"/> or <see cref="SelectionOperator.NotEqual"/>, and
/// <see cref="Value"/> is the unescaped value.
/// </summary>
/// <param name="Field">The field path, for example <c>metadata.name</c>.</param>
/// <param name="Operator">Equality or inequality.</param>
/// <param name="Value">The literal value.</param>
public readonly record struct Requirement(string Field, SelectionOperator Operator, string Value);
