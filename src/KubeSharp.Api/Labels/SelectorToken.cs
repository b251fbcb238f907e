namespace KubeSharp.Api.Labels;

/// <summary>Lexer tokens of the label selector grammar (upstream's <c>labels.Token</c>).</summary>
internal enum SelectorToken
{
    Error,
    EndOfString,
    ClosedPar,
    Comma,
    DoesNotExist,
    DoubleEquals,
    Equals,
    GreaterThan,
    Identifier,
    In,
    LessThan,
    NotEquals,
    NotIn,
    OpenPar,
}
