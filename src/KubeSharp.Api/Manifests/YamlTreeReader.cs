using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace KubeSharp.Api.Manifests;

/// <summary>
/// Builds the node tree of the first document in a YAML text from YamlDotNet's parser events, as goyaml v2's
/// <c>yaml.Unmarshal</c> does (later documents in the same text are not read). Parser errors are reported with
/// libyaml's wording, which is what upstream prints.
/// </summary>
internal static class YamlTreeReader
{
    /// <summary>Nesting limit. goyaml v2 stops at 10000; KubeSharp's JSON reader allows 1000 levels, so deeper
    /// documents could not be decoded anyway.</summary>
    public const int MaxDepth = 1000;

    /// <summary>Parses the first document of <paramref name="text"/>. Returns null for an empty stream (only
    /// comments or whitespace). <paramref name="firstLine"/> is the stream line of the text's first line.</summary>
    public static YamlNode? ReadFirstDocument(string text, int firstLine)
    {
        var parser = new Parser(new StringReader(text));
        var anchors = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        var stack = new Stack<YamlNode>();
        var flowStarts = new Stack<(YamlNode Node, bool Flow)>();
        YamlNode? root = null;
        ParsingEvent? last = null;
        try
        {
            while (parser.MoveNext())
            {
                var current = parser.Current!;
                last = current;
                switch (current)
                {
                    case StreamStart:
                    case DocumentStart:
                        continue;
                    case DocumentEnd:
                    case StreamEnd:
                        return root;
                    case SequenceEnd:
                    case MappingEnd:
                        stack.Pop();
                        flowStarts.Pop();
                        continue;
                }
                var line = firstLine + (int)current.Start.Line - 1;
                var column = (int)current.Start.Column;
                YamlNode node;
                switch (current)
                {
                    case Scalar scalar:
                        node = new YamlNode(YamlNodeKind.Scalar, line, column)
                        {
                            Tag = TagOf(scalar.Tag),
                            Value = scalar.Value,
                            Plain = scalar.Style == ScalarStyle.Plain,
                        };
                        Register(anchors, scalar.Anchor, node);
                        Attach(stack, ref root, node);
                        break;
                    case SequenceStart sequence:
                        node = new YamlNode(YamlNodeKind.Sequence, line, column) { Tag = TagOf(sequence.Tag), Children = [] };
                        Register(anchors, sequence.Anchor, node);
                        Attach(stack, ref root, node);
                        Push(stack, flowStarts, node, sequence.Style == SequenceStyle.Flow);
                        break;
                    case MappingStart mapping:
                        node = new YamlNode(YamlNodeKind.Mapping, line, column) { Tag = TagOf(mapping.Tag), Children = [] };
                        Register(anchors, mapping.Anchor, node);
                        Attach(stack, ref root, node);
                        Push(stack, flowStarts, node, mapping.Style == MappingStyle.Flow);
                        break;
                    case AnchorAlias alias:
                        var name = alias.Value.Value;
                        if (!anchors.TryGetValue(name, out var target))
                        {
                            throw new YamlConversionError($"yaml: line {line}: unknown anchor '{name}' referenced", line, column);
                        }
                        node = new YamlNode(YamlNodeKind.Alias, line, column) { Value = name, Target = target };
                        Attach(stack, ref root, node);
                        break;
                }
            }
            return root;
        }
        catch (YamlException e)
        {
            throw Translate(e, text, firstLine, flowStarts.Count > 0 && flowStarts.Peek().Flow ? flowStarts.Peek().Node : null);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or IndexOutOfRangeException)
        {
            // YamlDotNet fails this way on some malformed flow collections; report what libyaml would.
            if (flowStarts.Count > 0 && flowStarts.Peek().Flow)
            {
                var open = flowStarts.Peek().Node;
                var closer = open.Kind == YamlNodeKind.Sequence ? "']'" : "'}'";
                throw new YamlConversionError($"yaml: line {open.Line}: did not find expected ',' or {closer}", open.Line, open.Column, e);
            }
            var lastLine = last is null ? firstLine : firstLine + (int)last.Start.Line - 1;
            var lastColumn = last is null ? 1 : (int)last.Start.Column;
            throw new YamlConversionError($"yaml: line {lastLine}: unknown problem parsing YAML content", lastLine, lastColumn, e);
        }
    }

    private static string? TagOf(TagName tag) => tag.IsEmpty ? null : tag.Value;

    private static void Register(Dictionary<string, YamlNode> anchors, AnchorName anchor, YamlNode node)
    {
        if (!anchor.IsEmpty)
        {
            anchors[anchor.Value] = node;
        }
    }

    private static void Attach(Stack<YamlNode> stack, ref YamlNode? root, YamlNode node)
    {
        if (stack.Count == 0)
        {
            root = node;
        }
        else
        {
            stack.Peek().Children!.Add(node);
        }
    }

    private static void Push(Stack<YamlNode> stack, Stack<(YamlNode, bool)> flows, YamlNode node, bool flow)
    {
        if (stack.Count >= MaxDepth)
        {
            throw new YamlConversionError($"yaml: line {node.Line}: exceeded max depth of {MaxDepth}", node.Line, node.Column);
        }
        stack.Push(node);
        flows.Push((node, flow));
    }

    /// <summary>Turns YamlDotNet's message into libyaml's problem text (what goyaml prints after <c>yaml: line N: </c>).</summary>
    private static YamlConversionError Translate(YamlException e, string text, int firstLine, YamlNode? openFlow)
    {
        var message = e.Message;
        // YamlDotNet prefixes "(Line: 1, Col: 2, Idx: 3) - (Line: ...): ".
        var marker = message.IndexOf("): ", StringComparison.Ordinal);
        if (message.StartsWith('(') && marker >= 0)
        {
            message = message[(marker + 3)..];
        }
        message = string.Join(' ', message.Split(' ', StringSplitOptions.RemoveEmptyEntries)).TrimEnd('.');
        if (message.StartsWith("While ", StringComparison.Ordinal) || message.StartsWith("while ", StringComparison.Ordinal))
        {
            var comma = message.IndexOf(", ", StringComparison.Ordinal);
            if (comma >= 0)
            {
                message = message[(comma + 2)..];
            }
        }
        if (message.Length > 0 && char.IsUpper(message[0]) && !message.StartsWith("YAML", StringComparison.Ordinal))
        {
            message = char.ToLowerInvariant(message[0]) + message[1..];
        }
        var line = (int)e.Start.Line;
        var column = (int)e.Start.Column;
        switch (message)
        {
            case "found invalid tab as indentation":
            case "found a tab character that violate indentation":
                message = message == "found invalid tab as indentation" ? "found character that cannot start any token" : message;
                // YamlDotNet points at the enclosing node; libyaml points at the tab.
                (line, column) = FindIndentationTab(text, Math.Max(line, 1), (line, column));
                break;
            case "found invalid mapping":
                message = "mapping values are not allowed in this context";
                break;
            case "did not find expected <document end>":
                message = "did not find expected <document start>";
                break;
            case "did not find expected ',' or ']'" or "did not find expected ',' or '}'" when openFlow is not null:
                // libyaml reports the unterminated collection; YamlDotNet where it gave up (often the end).
                return new YamlConversionError($"yaml: line {openFlow.Line}: {message}", openFlow.Line, openFlow.Column, e);
        }
        var absolute = firstLine + Math.Max(line, 1) - 1;
        return new YamlConversionError($"yaml: line {absolute}: {message}", absolute, Math.Max(column, 1), e);
    }

    /// <summary>The first tab used as indentation at or after <paramref name="fromLine"/> (1-based, relative).</summary>
    private static (int Line, int Column) FindIndentationTab(string text, int fromLine, (int Line, int Column) fallback)
    {
        var line = 1;
        var start = 0;
        while (start <= text.Length)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0)
            {
                end = text.Length;
            }
            if (line >= fromLine)
            {
                for (var i = start; i < end; i++)
                {
                    var c = text[i];
                    if (c == '\t')
                    {
                        return (line, i - start + 1);
                    }
                    if (c != ' ')
                    {
                        break;
                    }
                }
            }
            if (end == text.Length)
            {
                break;
            }
            start = end + 1;
            line++;
        }
        return fallback;
    }
}
