using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KubeSharp.Api.Schema;

namespace KubeSharp.ApiServer.Patching;

/// <summary>The shape of a value for server-side apply (structured-merge-diff's schema atoms).</summary>
internal enum SsaShape
{
    Scalar,
    Struct,
    Map,
    List,

    /// <summary>Untyped content (RawExtension, JSON): maps granular, lists atomic, as SMD's deduced type.</summary>
    Deduced,
}

/// <summary>How list items are identified (<c>x-kubernetes-list-type</c>, or the patch strategy as kube-openapi's converter reads it).</summary>
internal enum SsaListKind
{
    Atomic,
    Set,
    Map,
}

/// <summary>
/// The structured-merge-diff type of a point in an object, read from <see cref="ApiSchema"/> as kube-openapi's
/// schema converter reads OpenAPI: <c>listType</c> map/set/atomic (lists with <c>patchStrategy: merge</c> and no
/// list type are keyed by their merge key, or sets without one; other lists are atomic), <c>mapType</c> and
/// <c>structType</c> atomic, and untyped content for RawExtension and JSON. Types are immutable and memoized: a kind's
/// type and every child type reached from it are built once and shared by all requests.
/// </summary>
internal sealed class SsaType
{
    private static readonly ConditionalWeakTable<SchemaDefinition, SsaType> s_byDefinition = [];
    private static readonly ConditionalWeakTable<ApiSchema, SsaType> s_deduced = [];

    private readonly ApiSchema _schema;
    private readonly ConcurrentDictionary<string, SsaType> _children = new(StringComparer.Ordinal);
    private SsaType? _item;
    private int _mayFail = -1;
    private (byte[] Name, SsaType Type)[]? _fallibleFields;
    private readonly SchemaDefinition? _definition;
    private readonly JsonElement _element;

    private SsaType(ApiSchema schema, SsaShape shape, bool atomic, SchemaDefinition? definition, JsonElement element)
    {
        _schema = schema;
        Shape = shape;
        Atomic = atomic;
        _definition = definition;
        _element = element;
    }

    public SsaShape Shape { get; }

    /// <summary>True when the value is owned as a whole (atomic struct, map or list).</summary>
    public bool Atomic { get; }

    /// <summary>For lists: how items are identified.</summary>
    public SsaListKind ListKind { get; private init; }

    /// <summary>For list maps: the key fields.</summary>
    public IReadOnlyList<string> ListMapKeys { get; private init; } = [];

    public static SsaType ForDefinition(ApiSchema schema, SchemaDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (s_byDefinition.TryGetValue(definition, out var cached) && ReferenceEquals(cached._schema, schema))
        {
            return cached;
        }
        var type = Create(schema, definition);
        s_byDefinition.AddOrUpdate(definition, type);
        return type;
    }

    private static SsaType Create(ApiSchema schema, SchemaDefinition definition)
    {
        switch (definition.SpecialKind)
        {
            case null:
                var atomic = definition.Raw.TryGetProperty("structType", out var st) && st.GetString() == "atomic";
                return new SsaType(schema, SsaShape.Struct, atomic, definition, default);
            case "raw-extension" or "json" or "fields-v1" or "json-schema-props-or-array" or "json-schema-props-or-bool" or "json-schema-props-or-string-array":
                return Deduced(schema);
            default:
                return new SsaType(schema, SsaShape.Scalar, false, null, default);
        }
    }

    private static SsaType Deduced(ApiSchema schema) => s_deduced.GetValue(schema, s => new(s, SsaShape.Deduced, false, null, default));

    /// <summary>The type of a struct field or map value; null when a struct has no such field.</summary>
    public SsaType? Child(string name)
    {
        switch (Shape)
        {
            case SsaShape.Struct:
                return _definition!.PropertiesByName.TryGetValue(name, out var property) ? FromNode(property.Raw) : null;
            case SsaShape.Map:
                return FromNode(_element);
            default:
                return Deduced(_schema);
        }
    }

    /// <summary>The type of a field or map value, untyped content for fields the schema does not declare.</summary>
    public SsaType Field(string name)
    {
        switch (Shape)
        {
            case SsaShape.Struct:
                if (_children.TryGetValue(name, out var cached))
                {
                    return cached;
                }
                // Only declared fields are memoized: undeclared names (any number of them) are untyped content.
                return _definition!.PropertiesByName.ContainsKey(name) ? _children.GetOrAdd(name, n => Child(n) ?? Deduced(_schema)) : Deduced(_schema);
            case SsaShape.Map:
                return _item ??= FromNode(_element);
            default:
                return Deduced(_schema);
        }
    }

    /// <summary>The item type of a list.</summary>
    public SsaType Item() => Shape == SsaShape.List ? _item ??= FromNode(_element) : Deduced(_schema);

    /// <summary>
    /// Whether a value of this type can hold a list map in a part that is walked granularly (so that an item without
    /// its key fails the walk). Values of other types need no check when they are skipped unchanged.
    /// </summary>
    public bool MayFail
    {
        get
        {
            if (_mayFail < 0)
            {
                _mayFail = ComputeMayFail(new HashSet<SsaType>(ReferenceEqualityComparer.Instance)) ? 1 : 0;
            }
            return _mayFail == 1;
        }
    }

    /// <summary>For granular structs: the declared fields (UTF-8 names) whose values <see cref="MayFail"/>.</summary>
    public IReadOnlyList<(byte[] Name, SsaType Type)> FallibleFieldsUtf8
        => _fallibleFields ??= Shape == SsaShape.Struct && !Atomic
            ? [.. _definition!.Properties.Select(p => (Encoding.UTF8.GetBytes(p.Name), Field(p.Name))).Where(f => f.Item2.MayFail)]
            : [];

    private bool ComputeMayFail(HashSet<SsaType> visiting)
    {
        if (_mayFail >= 0)
        {
            return _mayFail == 1;
        }
        if (Atomic || Shape is SsaShape.Scalar or SsaShape.Deduced || !visiting.Add(this))
        {
            return false;
        }
        return Shape switch
        {
            SsaShape.List => ListKind == SsaListKind.Map || Item().ComputeMayFail(visiting),
            SsaShape.Map => Field("").ComputeMayFail(visiting),
            _ => _definition!.Properties.Any(p => Field(p.Name).ComputeMayFail(visiting)),
        };
    }

    /// <summary>The schema default of a struct field (list-map keys such as <c>protocol</c> default to <c>TCP</c>).</summary>
    public JsonNode? Default(string name)
        => Shape == SsaShape.Struct && _definition!.PropertiesByName.TryGetValue(name, out var p) && p.Raw.TryGetProperty("default", out var d)
            ? JsonNode.Parse(d.GetRawText())
            : null;

    /// <summary>Whether <see cref="Default"/> has a value for the field (a JSON null default counts as none).</summary>
    public bool HasDefault(string name)
        => Shape == SsaShape.Struct && _definition!.PropertiesByName.TryGetValue(name, out var p) && p.Raw.TryGetProperty("default", out var d)
            && d.ValueKind != JsonValueKind.Null;

    private SsaType FromNode(JsonElement node)
    {
        if (node.ValueKind != JsonValueKind.Object)
        {
            return Deduced(_schema);
        }
        if (node.TryGetProperty("$ref", out var reference) && reference.GetString() is { } modelName)
        {
            return _schema.TryGetDefinition(modelName, out var definition) ? ForDefinition(_schema, definition) : Deduced(_schema);
        }
        if (node.TryGetProperty("additionalProperties", out var values))
        {
            var atomicMap = Str(node, "mapType") == "atomic";
            return new SsaType(_schema, SsaShape.Map, atomicMap, null, values);
        }
        if (node.TryGetProperty("items", out var items))
        {
            var (kind, keys) = ListSemantics(node);
            return new SsaType(_schema, SsaShape.List, kind == SsaListKind.Atomic, null, items) { ListKind = kind, ListMapKeys = keys };
        }
        return Str(node, "type") == "object" ? Deduced(_schema) : new SsaType(_schema, SsaShape.Scalar, false, null, default);
    }

    private static (SsaListKind Kind, IReadOnlyList<string> Keys) ListSemantics(JsonElement node)
    {
        switch (Str(node, "listType"))
        {
            case "atomic":
                return (SsaListKind.Atomic, []);
            case "set":
                return (SsaListKind.Set, []);
            case "map":
                var keys = node.TryGetProperty("listMapKeys", out var k) ? k.EnumerateArray().Select(e => e.GetString()!).ToArray() : [];
                return (SsaListKind.Map, keys);
        }
        var strategy = Str(node, "patchStrategy");
        if (strategy is "merge" or "merge,retainKeys" or "retainKeys,merge")
        {
            return Str(node, "patchMergeKey") is { Length: > 0 } mergeKey ? (SsaListKind.Map, [mergeKey]) : (SsaListKind.Set, []);
        }
        return (SsaListKind.Atomic, []);
    }

    private static string? Str(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
