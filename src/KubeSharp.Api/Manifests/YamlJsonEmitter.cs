using System.Buffers;
using System.Globalization;
using System.Text;

namespace KubeSharp.Api.Manifests;

/// <summary>
/// Writes a parsed YAML document as JSON the way <c>sigs.k8s.io/yaml.YAMLToJSON</c> does: goyaml v2 decodes into
/// <c>interface{}</c>, non-string keys become strings, and <c>encoding/json</c> writes objects with their keys sorted.
/// </summary>
/// <remarks>
/// Merge keys (<c>&lt;&lt;</c>) follow the YAML merge spec: keys written in the mapping win over merged ones wherever
/// the <c>&lt;&lt;</c> appears, and earlier merge sources win over later ones. (goyaml v2 applies merges in place,
/// so a <c>&lt;&lt;</c> after a key overrides it, and its strict mode rejects any override: go-yaml issue #410.)
/// </remarks>
internal sealed class YamlJsonEmitter
{
    private readonly GoJsonWriter _writer;
    private readonly HashSet<YamlNode> _activeAliases = new(ReferenceEqualityComparer.Instance);
    private readonly List<(YamlNode Key, string Display)> _duplicates = [];
    private YamlConversionError? _jsonError;
    private int _decodeCount;
    private int _aliasCount;
    private int _aliasDepth;

    private YamlJsonEmitter(GoJsonWriter writer) => _writer = writer;

    /// <summary>Converts a document tree (null for an empty document, written as <c>null</c>).</summary>
    public static byte[] ToJson(YamlNode? root, bool strict)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        var writer = new GoJsonWriter(buffer);
        var emitter = new YamlJsonEmitter(writer);
        if (root is null)
        {
            writer.WriteNull();
        }
        else
        {
            if (strict)
            {
                emitter.FindDuplicates(root);
            }
            emitter.Emit(root, 0);
        }
        emitter.ThrowCollectedErrors();
        return buffer.WrittenSpan.ToArray();
    }

    private void ThrowCollectedErrors()
    {
        if (_duplicates.Count > 0)
        {
            // goyaml v2 strict mode: TypeError{Errors} prints as "yaml: unmarshal errors:\n  line N: ...".
            var sb = new StringBuilder("yaml: unmarshal errors:");
            foreach (var (key, display) in _duplicates)
            {
                sb.Append("\n  line ").Append(key.Line.ToString(CultureInfo.InvariantCulture)).Append(": key ").Append(display).Append(" already set in map");
            }
            var first = _duplicates[0].Key;
            throw new YamlConversionError(sb.ToString(), first.Line, first.Column);
        }
        if (_jsonError is not null)
        {
            throw _jsonError;
        }
    }

    /// <summary>goyaml v2's strict mode: every mapping of the document (also ones a later key replaces) is checked
    /// for keys that decode to the same Go value, reported in goyaml's order (a value's own findings before the
    /// duplicate of its key).</summary>
    private void FindDuplicates(YamlNode node)
    {
        if (node.Kind is YamlNodeKind.Scalar or YamlNodeKind.Alias)
        {
            return;
        }
        var children = node.Children!;
        if (node.Kind == YamlNodeKind.Sequence)
        {
            foreach (var child in children)
            {
                FindDuplicates(child);
            }
            return;
        }
        var seen = new HashSet<(ResolvedScalarKind, string)>();
        for (var i = 0; i + 1 < children.Count; i += 2)
        {
            FindDuplicates(children[i]);
            FindDuplicates(children[i + 1]);
            if (YamlScalarResolver.IsMergeKey(children[i]))
            {
                continue;
            }
            var (_, typed, display) = ResolveKey(children[i], children[i + 1]);
            if (!seen.Add(typed))
            {
                _duplicates.Add((children[i], display));
            }
        }
    }

    private void Emit(YamlNode node, int depth)
    {
        if (depth > YamlTreeReader.MaxDepth)
        {
            throw new YamlConversionError($"yaml: line {node.Line}: exceeded max depth of {YamlTreeReader.MaxDepth}", node.Line, node.Column);
        }
        Count(node);
        switch (node.Kind)
        {
            case YamlNodeKind.Alias:
                EnterAlias(node);
                Emit(node.Target!, depth);
                ExitAlias(node);
                break;
            case YamlNodeKind.Scalar:
                WriteScalar(node);
                break;
            case YamlNodeKind.Sequence:
                _writer.WriteStartArray();
                foreach (var child in node.Children!)
                {
                    Emit(child, depth + 1);
                }
                _writer.WriteEndArray();
                break;
            case YamlNodeKind.Mapping:
                var entries = CollectEntries(node);
                entries.Sort((x, y) => GoText.CompareCodePoints(x.Key, y.Key));
                _writer.WriteStartObject();
                foreach (var (key, (value, viaAlias)) in entries)
                {
                    _writer.WritePropertyName(key);
                    // Members merged from an alias count as alias expansion, as goyaml decodes them through the alias.
                    _aliasDepth += viaAlias ? 1 : 0;
                    Emit(value, depth + 1);
                    _aliasDepth -= viaAlias ? 1 : 0;
                }
                _writer.WriteEndObject();
                break;
        }
    }

    private void WriteScalar(YamlNode node)
    {
        var value = YamlScalarResolver.Resolve(node);
        switch (value.Kind)
        {
            case ResolvedScalarKind.Null:
                _writer.WriteNull();
                break;
            case ResolvedScalarKind.Bool:
                _writer.WriteBool(value.Bool);
                break;
            case ResolvedScalarKind.Int:
                _writer.WriteRaw(value.Int.ToString(CultureInfo.InvariantCulture));
                break;
            case ResolvedScalarKind.UInt:
                _writer.WriteRaw(value.UInt.ToString(CultureInfo.InvariantCulture));
                break;
            case ResolvedScalarKind.BigInt:
                _writer.WriteRaw(value.Big.ToString(CultureInfo.InvariantCulture));
                break;
            case ResolvedScalarKind.Float:
                if (double.IsNaN(value.Float) || double.IsInfinity(value.Float))
                {
                    // encoding/json: UnsupportedValueError{Str: strconv.FormatFloat(f, 'g', -1, 64)}.
                    _jsonError ??= new YamlConversionError($"json: unsupported value: {GoText.FormatFloatG(value.Float)}", node.Line, node.Column);
                    _writer.WriteNull();
                }
                else
                {
                    _writer.WriteRaw(GoText.FormatJsonFloat(value.Float));
                }
                break;
            default:
                _writer.WriteString(value.String);
                break;
        }
    }

    /// <summary>The members of a mapping after merges, keyed by their JSON names.</summary>
    private List<KeyValuePair<string, (YamlNode Value, bool ViaAlias)>> CollectEntries(YamlNode mapping)
    {
        var children = mapping.Children!;
        var result = new Dictionary<string, (YamlNode, bool)>(children.Count / 2, StringComparer.Ordinal);
        List<YamlNode>? merges = null;
        for (var i = 0; i + 1 < children.Count; i += 2)
        {
            var keyNode = children[i];
            var valueNode = children[i + 1];
            if (YamlScalarResolver.IsMergeKey(keyNode))
            {
                (merges ??= []).Add(valueNode);
                continue;
            }
            Count(keyNode);
            var (jsonKey, _, _) = ResolveKey(keyNode, valueNode);
            result[jsonKey] = (valueNode, false);
        }
        if (merges is not null)
        {
            foreach (var merge in merges)
            {
                foreach (var (key, value) in MergeSources(merge))
                {
                    result.TryAdd(key, value);
                }
            }
        }
        return [.. result];
    }

    /// <summary>goyaml's <c>merge</c>: a mapping, an alias of a mapping, or a sequence of those (earlier first).</summary>
    private List<KeyValuePair<string, (YamlNode Value, bool ViaAlias)>> MergeSources(YamlNode value)
    {
        Count(value);
        switch (value.Kind)
        {
            case YamlNodeKind.Mapping:
                return CollectEntries(value);
            case YamlNodeKind.Alias when value.Target!.Kind == YamlNodeKind.Mapping:
                EnterAlias(value);
                var aliased = CollectEntries(value.Target);
                ExitAlias(value);
                return [.. aliased.Select(e => KeyValuePair.Create(e.Key, (e.Value.Value, true)))];
            case YamlNodeKind.Sequence:
                var combined = new List<KeyValuePair<string, (YamlNode Value, bool ViaAlias)>>();
                foreach (var item in value.Children!)
                {
                    if (item.Kind != YamlNodeKind.Mapping && !(item.Kind == YamlNodeKind.Alias && item.Target!.Kind == YamlNodeKind.Mapping))
                    {
                        throw MergeError(item);
                    }
                    combined.AddRange(MergeSources(item));
                }
                return combined;
            default:
                throw MergeError(value);
        }
    }

    private static YamlConversionError MergeError(YamlNode node)
        => new($"yaml: line {node.Line}: map merge requires map or sequence of maps as the value", node.Line, node.Column);

    /// <summary>A mapping key as a JSON name, as <c>convertToJSONableObject</c> turns goyaml's key types into strings.
    /// Also returns the typed key goyaml compares for duplicates and its <c>%#v</c> form.</summary>
    private (string Json, (ResolvedScalarKind, string) Typed, string Display) ResolveKey(YamlNode key, YamlNode value)
    {
        switch (key.Kind)
        {
            case YamlNodeKind.Alias:
                EnterAlias(key);
                var resolved = ResolveKey(key.Target!, value);
                ExitAlias(key);
                return resolved;
            case YamlNodeKind.Mapping:
            case YamlNodeKind.Sequence:
                throw new YamlConversionError($"yaml: line {key.Line}: invalid map key: {GoSyntax(key)}", key.Line, key.Column);
        }
        var scalar = YamlScalarResolver.Resolve(key);
        switch (scalar.Kind)
        {
            case ResolvedScalarKind.String:
                return (scalar.String, (scalar.Kind, scalar.String), GoText.Quote(scalar.String));
            case ResolvedScalarKind.Bool:
                var b = scalar.Bool ? "true" : "false";
                return (b, (scalar.Kind, b), b);
            case ResolvedScalarKind.Int:
                var i = scalar.Int.ToString(CultureInfo.InvariantCulture);
                return (i, (scalar.Kind, i), i);
            case ResolvedScalarKind.Float:
                var g = GoText.FormatFloatG(scalar.Float);
                var text = g switch
                {
                    "+Inf" => ".inf",
                    "-Inf" => "-.inf",
                    "NaN" => ".nan",
                    _ => g,
                };
                return (text, (scalar.Kind, g), g);
            default:
                var (type, shown) = scalar.Kind switch
                {
                    ResolvedScalarKind.Null => ("%!s(<nil>)", "<nil>"),
                    ResolvedScalarKind.UInt => ("uint64", "0x" + scalar.UInt.ToString("x", CultureInfo.InvariantCulture)),
                    _ => ("*big.Int", scalar.Big.ToString(CultureInfo.InvariantCulture)),
                };
                throw new YamlConversionError(
                    $"unsupported map key of type: {type}, key: {shown}, value: {GoSyntax(value)}", key.Line, key.Column);
        }
    }

    /// <summary>An approximation of Go's <c>%#v</c> of a decoded value, for error messages.</summary>
    private string GoSyntax(YamlNode node)
    {
        switch (node.Kind)
        {
            case YamlNodeKind.Alias:
                if (!_activeAliases.Add(node))
                {
                    return "...";
                }
                var aliased = GoSyntax(node.Target!);
                _activeAliases.Remove(node);
                return aliased;
            case YamlNodeKind.Sequence:
                return "[]interface {}{" + string.Join(", ", node.Children!.Select(GoSyntax)) + "}";
            case YamlNodeKind.Mapping:
                var pairs = new List<string>();
                for (var i = 0; i + 1 < node.Children!.Count; i += 2)
                {
                    pairs.Add(GoSyntax(node.Children[i]) + ":" + GoSyntax(node.Children[i + 1]));
                }
                return "map[interface {}]interface {}{" + string.Join(", ", pairs) + "}";
        }
        var scalar = YamlScalarResolver.Resolve(node);
        return scalar.Kind switch
        {
            ResolvedScalarKind.Null => "interface {}(nil)",
            ResolvedScalarKind.Bool => scalar.Bool ? "true" : "false",
            ResolvedScalarKind.Int => scalar.Int.ToString(CultureInfo.InvariantCulture),
            ResolvedScalarKind.UInt => "0x" + scalar.UInt.ToString("x", CultureInfo.InvariantCulture),
            ResolvedScalarKind.BigInt => scalar.Big.ToString(CultureInfo.InvariantCulture),
            ResolvedScalarKind.Float => GoText.FormatFloatG(scalar.Float),
            _ => GoText.Quote(scalar.String),
        };
    }

    private void EnterAlias(YamlNode alias)
    {
        if (!_activeAliases.Add(alias))
        {
            throw new YamlConversionError($"yaml: line {alias.Line}: anchor '{alias.Value}' value contains itself", alias.Line, alias.Column);
        }
        _aliasDepth++;
    }

    private void ExitAlias(YamlNode alias)
    {
        _aliasDepth--;
        _activeAliases.Remove(alias);
    }

    /// <summary>goyaml v2's protection against alias expansion bombs ("billion laughs").</summary>
    private void Count(YamlNode node)
    {
        _decodeCount++;
        if (_aliasDepth > 0)
        {
            _aliasCount++;
        }
        if (_aliasCount > 100 && _decodeCount > 1000 && (double)_aliasCount / _decodeCount > AllowedAliasRatio(_decodeCount))
        {
            throw new YamlConversionError($"yaml: line {node.Line}: document contains excessive aliasing", node.Line, node.Column);
        }
    }

    private static double AllowedAliasRatio(int decodeCount)
    {
        const int low = 400_000;
        const int high = 4_000_000;
        if (decodeCount <= low)
        {
            return 0.99;
        }
        if (decodeCount >= high)
        {
            return 0.10;
        }
        return 0.99 - (0.89 * ((double)(decodeCount - low) / (high - low)));
    }
}
