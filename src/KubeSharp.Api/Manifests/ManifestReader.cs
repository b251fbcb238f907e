using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace KubeSharp.Api.Manifests;

/// <summary>
/// Reads manifest streams as kubectl's resource builder does (<c>kubectl apply -f</c>): a YAML stream of documents
/// separated by <c>---</c> lines, or JSON (one or more concatenated objects) when the first non-space character is
/// <c>{</c>. Empty documents are skipped, every object must have <c>apiVersion</c> and <c>kind</c>, and lists
/// (documents with <c>items</c>, such as <c>kind: List</c>) are expanded into their items.
/// </summary>
/// <remarks>
/// Upstream behaviours kept: a separator line may only carry a comment after <c>---</c>; only the first document of
/// each <c>---</c> section is read (text after a <c>...</c> end marker in the same section is ignored, as goyaml v2
/// ignores it); items of a typed list without <c>kind</c> and <c>apiVersion</c> get the list's version and its kind
/// without the <c>List</c> suffix. Error messages keep kubectl's wording and add the document's location.
/// </remarks>
public static class ManifestReader
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = YamlTreeReader.MaxDepth + 8 };

    /// <summary>Reads every object of a UTF-8 (or UTF-16 with a byte order mark) stream.</summary>
    /// <exception cref="ManifestException">The stream is malformed or an object lacks <c>apiVersion</c> or <c>kind</c>.</exception>
    public static IReadOnlyList<ManifestDocument> Read(ReadOnlySpan<byte> data, ManifestReaderOptions? options = null)
        => [.. Enumerate(data.ToArray(), options)];

    /// <summary>Reads every object of a text stream.</summary>
    /// <exception cref="ManifestException">The stream is malformed or an object lacks <c>apiVersion</c> or <c>kind</c>.</exception>
    public static IReadOnlyList<ManifestDocument> Read(string text, ManifestReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return [.. Enumerate(Encoding.UTF8.GetBytes(text), options)];
    }

    /// <summary>Reads every object of a stream (buffered in memory first).</summary>
    /// <exception cref="ManifestException">The stream is malformed or an object lacks <c>apiVersion</c> or <c>kind</c>.</exception>
    public static async Task<IReadOnlyList<ManifestDocument>> ReadAsync(Stream stream, ManifestReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return [.. Enumerate(buffer.ToArray(), options)];
    }

    /// <summary>Reads objects lazily; errors are thrown when the enumeration reaches the faulty document.</summary>
    public static IEnumerable<ManifestDocument> Enumerate(ReadOnlyMemory<byte> data, ManifestReaderOptions? options = null)
    {
        options ??= ManifestReaderOptions.Default;
        var utf8 = ManifestText.ToUtf8(data);
        return LooksLikeJson(utf8.Span) ? EnumerateJson(utf8, options) : EnumerateYaml(utf8, options);
    }

    /// <summary>Formats a location as used in messages: <c>document 2, line 14</c>.</summary>
    internal static string DescribeLocation(int index, int? itemIndex, int line)
    {
        var sb = new StringBuilder("document ").Append(index.ToString(CultureInfo.InvariantCulture));
        if (itemIndex is { } item)
        {
            sb.Append(", item ").Append(item.ToString(CultureInfo.InvariantCulture));
        }
        if (line > 0)
        {
            sb.Append(", line ").Append(line.ToString(CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    /// <summary>upstream's <c>hasJSONPrefix</c>: the first non-space character is <c>{</c>.</summary>
    private static bool LooksLikeJson(ReadOnlySpan<byte> utf8)
    {
        foreach (var b in utf8)
        {
            if (b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'\v' or (byte)'\f')
            {
                continue;
            }
            return b == (byte)'{';
        }
        return false;
    }

    private static IEnumerable<ManifestDocument> EnumerateYaml(ReadOnlyMemory<byte> utf8, ManifestReaderOptions options)
    {
        var text = ManifestText.DecodeUtf8(utf8.Span, options.SourceName);
        var index = 0;
        foreach (var chunk in YamlDocumentSplitter.Split(text, options.SourceName))
        {
            byte[] json;
            int line;
            try
            {
                var root = YamlTreeReader.ReadFirstDocument(chunk.Text, chunk.FirstLine);
                json = YamlJsonEmitter.ToJson(root, options.StrictYaml);
                line = root?.Line ?? chunk.FirstLine;
            }
            catch (YamlConversionError e)
            {
                var prefix = options.SourceName is null ? "" : $"error parsing {options.SourceName}: ";
                throw new ManifestException(prefix + YamlToJson.Prefix + e.Problem, e.Problem, index, e.Line, e.Column, options.SourceName, e);
            }
            if (json is [(byte)'n', (byte)'u', (byte)'l', (byte)'l'])
            {
                continue;
            }
            foreach (var document in ToDocuments(json, index, line, options))
            {
                yield return document;
            }
            index++;
        }
    }

    private static IEnumerable<ManifestDocument> EnumerateJson(ReadOnlyMemory<byte> utf8, ManifestReaderOptions options)
    {
        var position = 0;
        var index = 0;
        while (NextJsonValue(utf8.Span, ref position, options.SourceName, out var start, out var end))
        {
            var raw = utf8[start..end];
            if (raw.Span.SequenceEqual("null"u8))
            {
                continue;
            }
            var (line, _) = ManifestText.Locate(utf8.Span, start);
            foreach (var document in ToDocuments(raw, index, line, options))
            {
                yield return document;
            }
            index++;
        }
    }

    /// <summary>Finds the next top-level JSON value at or after <paramref name="position"/>, as Go's
    /// <c>json.Decoder</c> reads a stream of concatenated values.</summary>
    private static bool NextJsonValue(ReadOnlySpan<byte> utf8, ref int position, string? source, out int start, out int end)
    {
        start = end = 0;
        var reader = new Utf8JsonReader(utf8[position..], new JsonReaderOptions
        {
            AllowMultipleValues = true,
            CommentHandling = JsonCommentHandling.Disallow,
            MaxDepth = YamlTreeReader.MaxDepth,
        });
        try
        {
            if (!reader.Read())
            {
                return false;
            }
            start = position + (int)reader.TokenStartIndex;
            reader.Skip();
            end = position + (int)reader.BytesConsumed;
            position = end;
            return true;
        }
        catch (JsonException e)
        {
            // Go: yaml.JSONSyntaxError "json: offset N: <reason>"; the reason is .NET's wording.
            var line = (int)(e.LineNumber ?? 0);
            var lineStart = position;
            for (var i = 0; i < line; i++)
            {
                var newline = utf8[lineStart..].IndexOf((byte)'\n');
                lineStart = newline < 0 ? utf8.Length : lineStart + newline + 1;
            }
            var offset = Math.Min(lineStart + (int)(e.BytePositionInLine ?? 0), utf8.Length);
            var (absoluteLine, column) = ManifestText.Locate(utf8, offset);
            var reason = e.Message;
            var cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
            if (cut > 0)
            {
                reason = reason[..cut].TrimEnd();
            }
            var problem = $"json: offset {offset}: {reason}";
            var prefix = source is null ? "" : $"error parsing {source}: ";
            throw new ManifestException(prefix + problem, problem, null, absoluteLine, column, source, e);
        }
    }

    /// <summary>Validates one document and expands it when it is a list.</summary>
    private static List<ManifestDocument> ToDocuments(ReadOnlyMemory<byte> json, int index, int line, ManifestReaderOptions options)
    {
        using var document = JsonDocument.Parse(json, DocumentOptions);
        var root = document.RootElement;
        var source = options.SourceName;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw ValidationError(["invalid object to validate"], index, null, line, source);
        }
        var fields = ManifestTypeFields.Read(root);
        var errors = fields.Validate();
        if (errors.Count > 0)
        {
            throw ValidationError(errors, index, null, line, source);
        }
        if (fields.Kind.Length == 0)
        {
            throw MissingKind(json.Span, index, null, line, source);
        }
        if (!options.ExpandLists || fields.Items is not { } items)
        {
            return [CreateDocument(json, fields, index, null, line, source)];
        }
        if (items.ValueKind == JsonValueKind.Null)
        {
            return [];
        }
        if (items.ValueKind != JsonValueKind.Array)
        {
            throw Located($"json: cannot unmarshal {GoJsonType(items)} into Go struct field decodeList.Items of type []json.RawMessage",
                "", index, null, line, source);
        }
        // unstructuredJSONScheme.decodeToList: items without kind and apiVersion get the list's.
        var itemKind = fields.Kind.EndsWith("List", StringComparison.Ordinal) ? fields.Kind[..^4] : fields.Kind;
        var result = new List<ManifestDocument>(items.GetArrayLength());
        var position = 0;
        foreach (var item in items.EnumerateArray())
        {
            var itemIndex = position++;
            if (item.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
            {
                throw Located($"json: cannot unmarshal {GoJsonType(item)} into Go value of type map[string]interface {{}}", "", index, itemIndex, line, source);
            }
            var itemFields = ManifestTypeFields.Read(item);
            ReadOnlyMemory<byte> itemJson;
            if (itemFields.Kind.Length == 0 && itemFields.ApiVersion.Length == 0)
            {
                itemJson = WithTypeFields(item, fields.ApiVersion, itemKind);
                itemFields = itemFields.WithType(fields.ApiVersion, itemKind);
            }
            else
            {
                itemJson = JsonMarshal.GetRawUtf8Value(item).ToArray();
            }
            if (itemFields.Kind.Length == 0)
            {
                throw MissingKind(itemJson.Span, index, itemIndex, line, source);
            }
            var itemErrors = itemFields.Validate();
            if (itemErrors.Count > 0)
            {
                throw ValidationError(itemErrors, index, itemIndex, line, source);
            }
            result.Add(CreateDocument(itemJson, itemFields, index, itemIndex, line, source));
        }
        return result;
    }

    private static ManifestDocument CreateDocument(ReadOnlyMemory<byte> json, ManifestTypeFields fields, int index, int? itemIndex, int line, string? source)
        => new(index, itemIndex, json, fields.ApiVersion, fields.Kind, fields.Name, fields.Namespace, line, source);

    /// <summary>The item with <c>apiVersion</c> and <c>kind</c> set (replacing empty or non-string values).</summary>
    private static byte[] WithTypeFields(JsonElement item, string apiVersion, string kind)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("apiVersion", apiVersion);
            writer.WriteString("kind", kind);
            if (item.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in item.EnumerateObject())
                {
                    if (property.NameEquals("apiVersion") || property.NameEquals("kind"))
                    {
                        continue;
                    }
                    property.WriteTo(writer);
                }
            }
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static ManifestException ValidationError(List<string> errors, int index, int? itemIndex, int line, string? source)
    {
        // utilerrors.NewAggregate: one error alone, several as "[a, b]".
        var aggregate = errors.Count == 1 ? errors[0] : "[" + string.Join(", ", errors.Distinct(StringComparer.Ordinal)) + "]";
        var problem = "error validating data: " + aggregate;
        return Located(problem, source is null ? "" : $"error validating {GoText.Quote(source)}: ", index, itemIndex, line, source);
    }

    private static ManifestException MissingKind(ReadOnlySpan<byte> json, int index, int? itemIndex, int line, string? source)
    {
        // runtime.NewMissingKindErr, wrapped by the resource builder as "unable to decode %q: %v".
        var problem = $"Object 'Kind' is missing in '{Encoding.UTF8.GetString(json)}'";
        return Located(problem, source is null ? "" : $"unable to decode {GoText.Quote(source)}: ", index, itemIndex, line, source);
    }

    private static ManifestException Located(string problem, string prefix, int index, int? itemIndex, int line, string? source)
        => new($"{prefix}{problem} ({DescribeLocation(index, itemIndex, line)})", problem, index, line, 0, source) { ItemIndex = itemIndex };

    private static string GoJsonType(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "bool",
        JsonValueKind.Array => "array",
        _ => "object",
    };
}
