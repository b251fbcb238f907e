using System.Text;

namespace KubeSharp.Api.Manifests;

/// <summary>
/// Splits a YAML stream into documents as upstream's <c>k8s.io/apimachinery/pkg/util/yaml.YAMLReader</c> does: a
/// line starting with <c>---</c> ends the current document, and may only be followed by spaces or a comment
/// (otherwise: <c>invalid Yaml document separator: ...</c>). A separator before any content stays in the next
/// document, as upstream keeps it. Line ends are normalized to <c>\n</c>, as Go's <c>bufio.Reader.ReadLine</c> does.
/// </summary>
internal static class YamlDocumentSplitter
{
    public static IEnumerable<YamlChunk> Split(string text, string? source)
    {
        var buffer = new StringBuilder();
        var firstLine = 1;
        var lineNumber = 0;
        var position = 0;
        while (position < text.Length)
        {
            var end = text.IndexOf('\n', position);
            var next = end < 0 ? text.Length : end + 1;
            var lineEnd = end < 0 ? text.Length : end;
            if (lineEnd > position && text[lineEnd - 1] == '\r')
            {
                lineEnd--;
            }
            var line = text.AsSpan(position, lineEnd - position);
            position = next;
            lineNumber++;
            if (line.StartsWith("---", StringComparison.Ordinal))
            {
                var rest = line[3..].Trim();
                if (rest.Length > 0 && rest[0] != '#')
                {
                    var problem = $"invalid Yaml document separator: {rest}";
                    var prefix = source is null ? "" : $"error parsing {source}: ";
                    throw new ManifestException(prefix + problem, problem, null, lineNumber, 4 + (line.Length - 3 - line[3..].TrimStart().Length), source);
                }
                if (buffer.Length > 0)
                {
                    yield return new YamlChunk(buffer.ToString(), firstLine);
                    buffer.Clear();
                    continue;
                }
            }
            if (buffer.Length == 0)
            {
                firstLine = lineNumber;
            }
            buffer.Append(line).Append('\n');
        }
        if (buffer.Length > 0)
        {
            yield return new YamlChunk(buffer.ToString(), firstLine);
        }
    }
}
