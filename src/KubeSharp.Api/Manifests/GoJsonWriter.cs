using System.Buffers;
using System.Text;

namespace KubeSharp.Api.Manifests;

/// <summary>
/// A minimal JSON writer producing the bytes Go's <c>json.Marshal</c> produces: no whitespace, and strings escaped
/// as <c>encoding/json</c> escapes them (<c>&lt;</c>, <c>&gt;</c>, <c>&amp;</c>, U+2028 and U+2029 as <c>\u</c>
/// escapes, control characters as <c>\n</c>, <c>\r</c>, <c>\t</c>, <c>\b</c>, <c>\f</c> or <c>\u00xx</c>, everything
/// else as UTF-8).
/// </summary>
internal sealed class GoJsonWriter
{
    private static ReadOnlySpan<byte> Hex => "0123456789abcdef"u8;

    private readonly ArrayBufferWriter<byte> _output;
    private readonly Stack<bool> _needsComma = new();
    private bool _afterName;

    public GoJsonWriter(ArrayBufferWriter<byte> output) => _output = output;

    public void WriteStartObject()
    {
        BeforeValue();
        Write((byte)'{');
        _needsComma.Push(false);
    }

    public void WriteEndObject()
    {
        _needsComma.Pop();
        Write((byte)'}');
    }

    public void WriteStartArray()
    {
        BeforeValue();
        Write((byte)'[');
        _needsComma.Push(false);
    }

    public void WriteEndArray()
    {
        _needsComma.Pop();
        Write((byte)']');
    }

    public void WritePropertyName(string name)
    {
        BeforeValue();
        WriteQuoted(name);
        Write((byte)':');
        _afterName = true;
    }

    public void WriteNull() => WriteRaw("null");

    public void WriteBool(bool value) => WriteRaw(value ? "true" : "false");

    public void WriteString(string value)
    {
        BeforeValue();
        WriteQuoted(value);
    }

    /// <summary>Writes an already formatted number.</summary>
    public void WriteRaw(string ascii)
    {
        BeforeValue();
        var span = _output.GetSpan(ascii.Length);
        var written = Encoding.ASCII.GetBytes(ascii, span);
        _output.Advance(written);
    }

    private void BeforeValue()
    {
        if (_afterName)
        {
            _afterName = false;
            return;
        }
        if (_needsComma.Count > 0)
        {
            if (_needsComma.Peek())
            {
                Write((byte)',');
            }
            else
            {
                _needsComma.Pop();
                _needsComma.Push(true);
            }
        }
    }

    private void WriteQuoted(string value)
    {
        Write((byte)'"');
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in value.EnumerateRunes())
        {
            var c = rune.Value;
            if (c < 0x80)
            {
                switch (c)
                {
                    case '"':
                        WriteAscii("\\\"");
                        continue;
                    case '\\':
                        WriteAscii("\\\\");
                        continue;
                    case '\n':
                        WriteAscii("\\n");
                        continue;
                    case '\r':
                        WriteAscii("\\r");
                        continue;
                    case '\t':
                        WriteAscii("\\t");
                        continue;
                    case '\b':
                        WriteAscii("\\b");
                        continue;
                    case '\f':
                        WriteAscii("\\f");
                        continue;
                }
                if (c < 0x20 || c == '<' || c == '>' || c == '&')
                {
                    WriteAscii("\\u00");
                    Write(Hex[c >> 4]);
                    Write(Hex[c & 0xF]);
                    continue;
                }
                Write((byte)c);
                continue;
            }
            if (c == 0x2028 || c == 0x2029)
            {
                WriteAscii(c == 0x2028 ? "\\u2028" : "\\u2029");
                continue;
            }
            var length = rune.EncodeToUtf8(utf8);
            _output.Write(utf8[..length]);
        }
        Write((byte)'"');
    }

    private void WriteAscii(string text)
    {
        foreach (var c in text)
        {
            Write((byte)c);
        }
    }

    private void Write(byte b)
    {
        _output.GetSpan(1)[0] = b;
        _output.Advance(1);
    }
}
