using System.Diagnostics.CodeAnalysis;
using KubeSharp.Api.Validation;

namespace KubeSharp.Api.Labels;

/// <summary>
/// Upstream's label selector lexer and recursive-descent parser, reproduced step for step so that
/// accepted inputs and error messages are identical (including upstream's quirks, such as
/// <c>x in ()</c> meaning the empty-string value and a NUL character acting as end of input at a
/// token start).
/// </summary>
internal sealed class SelectorParser
{
    private readonly string _input;
    private readonly FieldPath? _path;
    private readonly List<(SelectorToken Token, string Literal)> _items = [];
    private int _lexPos;
    private int _position;

    private SelectorParser(string input, FieldPath? path)
    {
        _input = input;
        _path = path;
    }

    private enum Context
    {
        KeyAndOperator,
        Values,
    }

    public static bool TryParse(string input, FieldPath? path, [NotNullWhen(true)] out List<Requirement>? requirements, [NotNullWhen(false)] out string? error)
    {
        var parser = new SelectorParser(input, path);
        parser.Scan();
        return parser.Parse(out requirements, out error);
    }

    // ---- lexer ----
    private char Read()
    {
        if (_lexPos < _input.Length)
        {
            return _input[_lexPos++];
        }

        return '\0';
    }

    private void Unread() => _lexPos--;

    private static bool IsWhitespace(char c) => c is ' ' or '\t' or '\r' or '\n';

    private static bool IsSpecialSymbol(char c) => c is '=' or '!' or '(' or ')' or ',' or '>' or '<';

    private static SelectorToken? Keyword(ReadOnlySpan<char> s) => s switch
    {
        ")" => SelectorToken.ClosedPar,
        "," => SelectorToken.Comma,
        "!" => SelectorToken.DoesNotExist,
        "==" => SelectorToken.DoubleEquals,
        "=" => SelectorToken.Equals,
        ">" => SelectorToken.GreaterThan,
        "in" => SelectorToken.In,
        "<" => SelectorToken.LessThan,
        "!=" => SelectorToken.NotEquals,
        "notin" => SelectorToken.NotIn,
        "(" => SelectorToken.OpenPar,
        _ => null,
    };

    private (SelectorToken, string) Lex()
    {
        var c = Read();
        while (IsWhitespace(c))
        {
            c = Read();
        }

        if (c == '\0')
        {
            return (SelectorToken.EndOfString, string.Empty);
        }

        Unread();
        return IsSpecialSymbol(c) ? ScanSpecialSymbol() : ScanIdOrKeyword();
    }

    private (SelectorToken, string) ScanIdOrKeyword()
    {
        var start = _lexPos;
        var end = start;
        while (true)
        {
            var c = Read();
            if (c == '\0')
            {
                break;
            }

            if (IsSpecialSymbol(c) || IsWhitespace(c))
            {
                Unread();
                break;
            }

            end = _lexPos;
        }

        var literal = _input[start..end];
        return (Keyword(literal) ?? SelectorToken.Identifier, literal);
    }

    private (SelectorToken, string) ScanSpecialSymbol()
    {
        var start = _lexPos;
        SelectorToken? last = null;
        var lastLength = 0;
        var length = 0;
        while (true)
        {
            var c = Read();
            if (c == '\0')
            {
                break;
            }

            if (!IsSpecialSymbol(c))
            {
                Unread();
                break;
            }

            length++;
            var token = Keyword(_input.AsSpan(start, length));
            if (token is not null)
            {
                last = token;
                lastLength = length;
            }
            else if (last is not null)
            {
                Unread();
                break;
            }
        }

        return last is null
            ? (SelectorToken.Error, string.Concat("error expected: keyword found '", _input.AsSpan(start, length), "'"))
            : (last.Value, _input.Substring(start, lastLength));
    }

    private void Scan()
    {
        while (true)
        {
            var item = Lex();
            _items.Add(item);
            if (item.Item1 == SelectorToken.EndOfString)
            {
                break;
            }
        }
    }

    // ---- parser ----
    private (SelectorToken Token, string Literal) Lookahead(Context context) => Adjust(_items[_position], context);

    private (SelectorToken Token, string Literal) Consume(Context context) => Adjust(_items[_position++], context);

    private static (SelectorToken Token, string Literal) Adjust((SelectorToken Token, string Literal) item, Context context) =>
        context == Context.Values && item.Token is SelectorToken.In or SelectorToken.NotIn
            ? (SelectorToken.Identifier, item.Literal)
            : item;

    private bool Parse([NotNullWhen(true)] out List<Requirement>? requirements, [NotNullWhen(false)] out string? error)
    {
        requirements = [];
        while (true)
        {
            var (token, literal) = Lookahead(Context.Values);
            switch (token)
            {
                case SelectorToken.Identifier:
                case SelectorToken.DoesNotExist:
                    if (!TryParseRequirement(out var requirement, out var requirementError))
                    {
                        requirements = null;
                        error = "unable to parse requirement: " + requirementError;
                        return false;
                    }

                    requirements.Add(requirement);
                    var (next, nextLiteral) = Consume(Context.Values);
                    switch (next)
                    {
                        case SelectorToken.EndOfString:
                            error = null;
                            return true;
                        case SelectorToken.Comma:
                            var (afterComma, afterCommaLiteral) = Lookahead(Context.Values);
                            if (afterComma is not SelectorToken.Identifier and not SelectorToken.DoesNotExist)
                            {
                                requirements = null;
                                error = "found '" + afterCommaLiteral + "', expected: identifier after ','";
                                return false;
                            }

                            break;
                        default:
                            requirements = null;
                            error = "found '" + nextLiteral + "', expected: ',' or 'end of string'";
                            return false;
                    }

                    break;
                case SelectorToken.EndOfString:
                    error = null;
                    return true;
                default:
                    requirements = null;
                    error = "found '" + literal + "', expected: !, identifier, or 'end of string'";
                    return false;
            }
        }
    }

    private bool TryParseRequirement([NotNullWhen(true)] out Requirement? requirement, [NotNullWhen(false)] out string? error)
    {
        requirement = null;
        if (!TryParseKeyAndInferOperator(out var key, out var op, out error))
        {
            return false;
        }

        if (op is SelectionOperator.Exists or SelectionOperator.DoesNotExist)
        {
            return Build(key, op.Value, [], out requirement, out error);
        }

        if (!TryParseOperator(out var binary, out error))
        {
            return false;
        }

        SortedSet<string>? values;
        switch (binary)
        {
            case SelectionOperator.In:
            case SelectionOperator.NotIn:
                values = ParseValues(out error);
                break;
            default:
                values = ParseExactValue(out error);
                break;
        }

        if (values is null)
        {
            error ??= string.Empty;
            return false;
        }

        var list = new List<string>(values);
        list.Sort(GoStrings.Compare);
        return Build(key, binary, [.. list], out requirement, out error);
    }

    private bool Build(string key, SelectionOperator op, string[] values, [NotNullWhen(true)] out Requirement? requirement, [NotNullWhen(false)] out string? error)
    {
        var errors = Requirement.Validate(key, op, values, _path);
        if (!errors.IsEmpty)
        {
            requirement = null;
            error = errors.ToAggregateMessage();
            return false;
        }

        requirement = Requirement.CreateValidated(key, op, values);
        error = null;
        return true;
    }

    private bool TryParseKeyAndInferOperator(out string key, out SelectionOperator? op, [NotNullWhen(false)] out string? error)
    {
        op = null;
        key = string.Empty;
        var (token, literal) = Consume(Context.Values);
        if (token == SelectorToken.DoesNotExist)
        {
            op = SelectionOperator.DoesNotExist;
            (token, literal) = Consume(Context.Values);
        }

        if (token != SelectorToken.Identifier)
        {
            error = "found '" + literal + "', expected: identifier";
            return false;
        }

        var keyErrors = ValueValidation.IsQualifiedName(literal);
        if (keyErrors.Count != 0)
        {
            error = FieldError.Invalid(_path, literal, string.Join("; ", keyErrors)).ToString();
            return false;
        }

        var (next, _) = Lookahead(Context.Values);
        if (next is SelectorToken.EndOfString or SelectorToken.Comma && op != SelectionOperator.DoesNotExist)
        {
            op = SelectionOperator.Exists;
        }

        key = literal;
        error = null;
        return true;
    }

    private bool TryParseOperator(out SelectionOperator op, [NotNullWhen(false)] out string? error)
    {
        var (token, literal) = Consume(Context.KeyAndOperator);
        SelectionOperator? parsed = token switch
        {
            SelectorToken.In => SelectionOperator.In,
            SelectorToken.Equals => SelectionOperator.Equal,
            SelectorToken.DoubleEquals => SelectionOperator.DoubleEqual,
            SelectorToken.GreaterThan => SelectionOperator.GreaterThan,
            SelectorToken.LessThan => SelectionOperator.LessThan,
            SelectorToken.NotIn => SelectionOperator.NotIn,
            SelectorToken.NotEquals => SelectionOperator.NotEqual,
            _ => null,
        };
        if (parsed is null)
        {
            op = default;
            error = "found '" + literal + "', expected: " + string.Join(", ", SelectionOperatorExtensions.BinaryOperators);
            return false;
        }

        op = parsed.Value;
        error = null;
        return true;
    }

    private SortedSet<string>? ParseValues(out string? error)
    {
        var (token, literal) = Consume(Context.Values);
        if (token != SelectorToken.OpenPar)
        {
            error = "found '" + literal + "' expected: '('";
            return null;
        }

        (token, literal) = Lookahead(Context.Values);
        switch (token)
        {
            case SelectorToken.Identifier:
            case SelectorToken.Comma:
                var set = ParseIdentifiersList(out error);
                if (set is null)
                {
                    return null;
                }

                if (Consume(Context.Values).Token != SelectorToken.ClosedPar)
                {
                    error = "found '" + literal + "', expected: ')'";
                    return null;
                }

                return set;
            case SelectorToken.ClosedPar:
                Consume(Context.Values);
                error = null;
                return NewSet(string.Empty);
            default:
                error = "found '" + literal + "', expected: ',', ')' or identifier";
                return null;
        }
    }

    private SortedSet<string>? ParseIdentifiersList(out string? error)
    {
        var set = NewSet();
        while (true)
        {
            var (token, literal) = Consume(Context.Values);
            switch (token)
            {
                case SelectorToken.Identifier:
                    set.Add(literal);
                    var (next, nextLiteral) = Lookahead(Context.Values);
                    switch (next)
                    {
                        case SelectorToken.Comma:
                            continue;
                        case SelectorToken.ClosedPar:
                            error = null;
                            return set;
                        default:
                            error = "found '" + nextLiteral + "', expected: ',' or ')'";
                            return null;
                    }

                case SelectorToken.Comma:
                    if (set.Count == 0)
                    {
                        set.Add(string.Empty); // "(,"
                    }

                    var (afterComma, _) = Lookahead(Context.Values);
                    if (afterComma == SelectorToken.ClosedPar)
                    {
                        set.Add(string.Empty); // ",)"
                        error = null;
                        return set;
                    }

                    if (afterComma == SelectorToken.Comma)
                    {
                        Consume(Context.Values);
                        set.Add(string.Empty); // ",,"
                    }

                    break;
                default:
                    error = "found '" + literal + "', expected: ',', or identifier";
                    return null;
            }
        }
    }

    private SortedSet<string>? ParseExactValue(out string? error)
    {
        var (token, _) = Lookahead(Context.Values);
        if (token is SelectorToken.EndOfString or SelectorToken.Comma)
        {
            error = null;
            return NewSet(string.Empty);
        }

        var (consumed, literal) = Consume(Context.Values);
        if (consumed == SelectorToken.Identifier)
        {
            error = null;
            return NewSet(literal);
        }

        error = "found '" + literal + "', expected: identifier";
        return null;
    }

    private static SortedSet<string> NewSet(params ReadOnlySpan<string> values)
    {
        var set = new SortedSet<string>(Comparer<string>.Create(GoStrings.Compare));
        foreach (var value in values)
        {
            set.Add(value);
        }

        return set;
    }
}
