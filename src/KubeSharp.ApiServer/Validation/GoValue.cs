namespace KubeSharp.ApiServer.Validation;

/// <summary>
/// A bad value already rendered the way Go's <c>%#v</c> prints it (for example
/// <c>intstr.IntOrString{Type:0, IntVal:0, StrVal:""}</c>). <see cref="KubeSharp.Api.Validation.FieldError"/>
/// prints it verbatim through <see cref="ToString"/>.
/// </summary>
/// <param name="Text">The rendered value.</param>
public sealed record GoValue(string Text)
{
    /// <inheritdoc/>
    public override string ToString() => Text;
}
