using System.Text;
using System.Text.Json.Nodes;

namespace KubeSharp.ApiServer.Patching;

/// <summary>
/// Parses request bodies into <see cref="JsonNode"/>s with the syntax errors Go's <c>encoding/json</c> reports
/// (<c>invalid character 'x' looking for beginning of value</c>, <c>unexpected end of JSON input</c>, …), since
/// upstream copies those texts into 400 responses. Duplicate object keys keep the last value, as Go does.
/// </summary>
internal static class GoJsonDecoder
{
    private const string UnexpectedEnd = "unexpected end of JSON input";

    /// <summary>Parses one JSON value; on failure <paramref name="error"/> holds Go's error text.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out JsonNode? node, out string error)
    {
        var parser = new Parser(utf8);
        try
        {
            parser.SkipSpace();
            node = parser.ParseValue("looking for beginning of value");
            parser.SkipSpace();
            if (!parser.AtEnd)
            {
                throw new SyntaxException(InvalidCharacter(parser.Current, "after top-level value"));
            }
            error = "";
            return true;
        }
        catch (SyntaxException e)
        {
            node = null;
            error = e.Message;
            return false;
        }
    }

    /// <summary>Go's name of a JSON value's kind in an <c>UnmarshalTypeError</c>.</summary>
    public static string KindName(JsonNode? node) => node switch
    {
        JsonObject => "object",
        JsonArray => "array",
        null => "null",
        _ => node.GetValueKind() switch
        {
            System.Text.Json.JsonValueKind.String => "string",
            System.Text.Json.JsonValueKind.Number => "number",
            _ => "bool",
        },
    };

    private static string InvalidCharacter(byte c, string context) => $"invalid character {QuoteChar(c)} {context}";

    /// <summary>Go's <c>quoteChar</c>.</summary>
    private static string QuoteChar(byte c)
    {
        if (c == '\'')
        {
            return "'\\''";
        }
        if (c == '"')
        {
            return "'\"'";
        }
        var quoted = GoFmt.Quote(((char)c).ToString());
        return "'" + quoted[1..^1] + "'";
    }

    private sealed class SyntaxException(string message) : Exception(message);

    private ref struct Parser(ReadOnlySpan<byte> input)
    {
        private readonly ReadOnlySpan<byte> _input = input;
        private int _pos;

        public readonly bool AtEnd => _pos >= _input.Length;

        public readonly byte Current => _input[_pos];

        public void SkipSpace()
        {
            while (_pos < _input.Length && _input[_pos] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
            {
                _pos++;
            }
        }

        private readonly byte Peek()
            => _pos < _input.Length ? _input[_pos] : throw new SyntaxException(UnexpectedEnd);

        public JsonNode? ParseValue(string context)
        {
            var c = Peek();
            switch (c)
            {
                case (byte)'{': return ParseObject();
                case (byte)'[': return ParseArray();
                case (byte)'"': return JsonValue.Create(ParseString());
                case (byte)'t': Literal("true"); return JsonValue.Create(true);
                case (byte)'f': Literal("false"); return JsonValue.Create(false);
                case (byte)'n': Literal("null"); return null;
                default:
                    if (c == '-' || (c >= '0' && c <= '9'))
                    {
                        return ParseNumber();
                    }
                    throw new SyntaxException(InvalidCharacter(c, context));
            }
        }

        private JsonObject ParseObject()
        {
            _pos++;
            var obj = new JsonObject();
            SkipSpace();
            if (Peek() == '}')
            {
                _pos++;
                return obj;
            }
            while (true)
            {
                SkipSpace();
                var c = Peek();
                if (c != '"')
                {
                    throw new SyntaxException(InvalidCharacter(c, "looking for beginning of object key string"));
                }
                var key = ParseString();
                SkipSpace();
                c = Peek();
                if (c != ':')
                {
                    throw new SyntaxException(InvalidCharacter(c, "after object key"));
                }
                _pos++;
                SkipSpace();
                var value = ParseValue("looking for beginning of value");
                obj.Remove(key);
                obj[key] = value;
                SkipSpace();
                c = Peek();
                _pos++;
                if (c == '}')
                {
                    return obj;
                }
                if (c != ',')
                {
                    throw new SyntaxException(InvalidCharacter(c, "after object key:value pair"));
                }
            }
        }

        private JsonArray ParseArray()
        {
            _pos++;
            var array = new JsonArray();
            SkipSpace();
            if (Peek() == ']')
            {
                _pos++;
                return array;
            }
            while (true)
            {
                SkipSpace();
                array.Add(ParseValue("looking for beginning of value"));
                SkipSpace();
                var c = Peek();
                _pos++;
                if (c == ']')
                {
                    return array;
                }
                if (c != ',')
                {
                    throw new SyntaxException(InvalidCharacter(c, "after array element"));
                }
            }
        }

        private void Literal(string word)
        {
            for (var i = 0; i < word.Length; i++)
            {
                var c = Peek();
                if (c != word[i])
                {
                    throw new SyntaxException(InvalidCharacter(c, $"in literal {word} (expecting {QuoteChar((byte)word[i])})"));
                }
                _pos++;
            }
        }

        private JsonNode ParseNumber()
        {
            var start = _pos;
            if (_input[_pos] == '-')
            {
                _pos++;
                var c = Peek();
                if (c is < (byte)'0' or > (byte)'9')
                {
                    throw new SyntaxException(InvalidCharacter(c, "in numeric literal"));
                }
            }
            if (_input[_pos] == '0')
            {
                _pos++;
            }
            else
            {
                Digits();
            }
            if (_pos < _input.Length && _input[_pos] == '.')
            {
                _pos++;
                var c = Peek();
                if (c is < (byte)'0' or > (byte)'9')
                {
                    throw new SyntaxException(InvalidCharacter(c, "after decimal point in numeric literal"));
                }
                Digits();
            }
            if (_pos < _input.Length && _input[_pos] is (byte)'e' or (byte)'E')
            {
                _pos++;
                if (Peek() is (byte)'+' or (byte)'-')
                {
                    _pos++;
                }
                var c = Peek();
                if (c is < (byte)'0' or > (byte)'9')
                {
                    throw new SyntaxException(InvalidCharacter(c, "in exponent of numeric literal"));
                }
                Digits();
            }
            var text = Encoding.ASCII.GetString(_input[start.._pos]);
            return JsonNode.Parse(text)!;
        }

        private void Digits()
        {
            while (_pos < _input.Length && _input[_pos] is >= (byte)'0' and <= (byte)'9')
            {
                _pos++;
            }
        }

        private string ParseString()
        {
            _pos++;
            var sb = new StringBuilder();
            var runStart = _pos;
            while (true)
            {
                var c = Peek();
                if (c == '"')
                {
                    sb.Append(Utf8(_input[runStart.._pos]));
                    _pos++;
                    return sb.ToString();
                }
                if (c < 0x20)
                {
                    throw new SyntaxException(InvalidCharacter(c, "in string literal"));
                }
                if (c != '\\')
                {
                    _pos++;
                    continue;
                }
                sb.Append(Utf8(_input[runStart.._pos]));
                _pos++;
                var e = Peek();
                _pos++;
                switch (e)
                {
                    case (byte)'"': sb.Append('"'); break;
                    case (byte)'\\': sb.Append('\\'); break;
                    case (byte)'/': sb.Append('/'); break;
                    case (byte)'b': sb.Append('\b'); break;
                    case (byte)'f': sb.Append('\f'); break;
                    case (byte)'n': sb.Append('\n'); break;
                    case (byte)'r': sb.Append('\r'); break;
                    case (byte)'t': sb.Append('\t'); break;
                    case (byte)'u':
                        var code = 0;
                        for (var i = 0; i < 4; i++)
                        {
                            var h = Peek();
                            var digit = HexValue(h);
                            if (digit < 0)
                            {
                                throw new SyntaxException(InvalidCharacter(h, "in \\u hexadecimal character escape"));
                            }
                            code = (code * 16) + digit;
                            _pos++;
                        }
                        sb.Append((char)code);
                        break;
                    default:
                        throw new SyntaxException(InvalidCharacter(e, "in string escape code"));
                }
                runStart = _pos;
            }
        }

        private static int HexValue(byte h) => h switch
        {
            >= (byte)'0' and <= (byte)'9' => h - '0',
            >= (byte)'a' and <= (byte)'f' => h - 'a' + 10,
            >= (byte)'A' and <= (byte)'F' => h - 'A' + 10,
            _ => -1,
        };

        private static string Utf8(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);
    }
}
