using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;

namespace KubeSharp.Api.Serialization;

/// <summary>
/// State for decoding one JSON document into typed objects: the current field path and the
/// strict-decoding findings (unknown and duplicate fields) that upstream's field validation reports.
/// </summary>
/// <remarks>
/// Not thread-safe: one context per document. Paths are kept as a stack of segments and only
/// formatted when a finding is reported, so decoding clean input costs a push and a pop per field.
/// Path format follows upstream's strict decoder: <c>spec.containers[0].imagePullPolicyy</c>.
/// </remarks>
public sealed class JsonDecodeContext
{
    private const int IndexSegment = -1;
    private string?[] _names = new string?[16];
    private int[] _indexes = new int[16];
    private int _depth;
    private List<string>? _unknown;
    private List<string>? _duplicates;

    /// <summary>Creates a context. When <paramref name="collectFindings"/> is false, unknown and
    /// duplicate fields are skipped silently (fieldValidation=Ignore) and cost nothing.</summary>
    public JsonDecodeContext(bool collectFindings = true) => CollectFindings = collectFindings;

    /// <summary>The whole document being decoded, when known; raw values (RawExtension, FieldsV1) slice it
    /// instead of re-parsing. Positions are the reader's <c>TokenStartIndex</c>/<c>BytesConsumed</c>.</summary>
    public ReadOnlyMemory<byte> Source { get; set; }

    /// <summary>Whether unknown and duplicate fields are recorded.</summary>
    public bool CollectFindings { get; }

    /// <summary>
    /// When true, <c>metadata.managedFields</c> is skipped while reading (left null, never allocated): what upstream's
    /// kube-scheduler and kube-controller-manager get from their informers' transform that drops managedFields. For
    /// clients that never read it; a PUT of such an object keeps the live managedFields on the server (a request
    /// without managedFields means "keep").
    /// </summary>
    public bool SkipManagedFields { get => _skipManagedFields; init => _skipManagedFields = value; }

    private bool _skipManagedFields;

    [ThreadStatic]
    private static JsonDecodeContext? t_lenient;

    /// <summary>
    /// A context for one decode that ignores unknown and duplicate fields (as <c>new JsonDecodeContext(false)</c>), reused
    /// per thread: decoders that run one document at a time (the client's watch and list decoding) take it here and give
    /// it back with <see cref="ReturnLenient"/> when the synchronous decode is over, so that a decode allocates no
    /// context. A nested rent on the same thread gets a fresh one.
    /// </summary>
    public static JsonDecodeContext RentLenient(ReadOnlyMemory<byte> source, bool skipManagedFields)
    {
        var context = t_lenient ?? new JsonDecodeContext(collectFindings: false);
        t_lenient = null;
        context._depth = 0;
        context.Source = source;
        context._skipManagedFields = skipManagedFields;
        return context;
    }

    /// <summary>Gives back a context from <see cref="RentLenient"/> (it must no longer be used).</summary>
    public static void ReturnLenient(JsonDecodeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.CollectFindings)
        {
            return;
        }
        context.Source = default;
        t_lenient = context;
    }

    /// <summary>Paths of unknown fields, in document order (for example <c>spec.foo</c>).</summary>
    public IReadOnlyList<string> UnknownFields => (IReadOnlyList<string>?)_unknown ?? [];

    /// <summary>Paths of fields given more than once in the same object, in document order.</summary>
    public IReadOnlyList<string> DuplicateFields => (IReadOnlyList<string>?)_duplicates ?? [];

    /// <summary>True when any unknown or duplicate field was seen.</summary>
    public bool HasFindings => _unknown is { Count: > 0 } || _duplicates is { Count: > 0 };

    /// <summary>Enters an object field.</summary>
    public void Push(string field)
    {
        EnsureCapacity();
        _names[_depth] = field;
        _indexes[_depth] = 0;
        _depth++;
    }

    /// <summary>Enters a list element.</summary>
    public void PushIndex(int index)
    {
        EnsureCapacity();
        _names[_depth] = null;
        _indexes[_depth] = index;
        _depth++;
    }

    /// <summary>Leaves the innermost field or element.</summary>
    public void Pop() => _depth--;

    /// <summary>Records an unknown field name in the current object.</summary>
    public void ReportUnknown(string field)
    {
        if (CollectFindings)
        {
            (_unknown ??= []).Add(FormatPath(field, withIndexes: true));
        }
    }

    /// <summary>Records a field that occurs twice in the current object.</summary>
    public void ReportDuplicate(string field)
    {
        if (CollectFindings)
        {
            (_duplicates ??= []).Add(FormatPath(field, withIndexes: true));
        }
    }

    /// <summary>
    /// Throws the error upstream's decoder gives when a JSON value has the wrong type, e.g.
    /// <c>json: cannot unmarshal number into Go struct field EnvVar.spec.containers.env.value of type string</c>.
    /// </summary>
    [DoesNotReturn]
    public void ThrowTypeMismatch(ref Utf8JsonReader reader, string goStruct, string goType)
    {
        var found = reader.TokenType switch
        {
            JsonTokenType.String => "string",
            JsonTokenType.Number => "number",
            JsonTokenType.True or JsonTokenType.False => "bool",
            JsonTokenType.StartArray => "array",
            JsonTokenType.StartObject => "object",
            _ => "value",
        };
        if (reader.TokenType == JsonTokenType.Number && IsNumericGoType(goType))
        {
            // Go names the literal only when a number does not fit a numeric field: "number 1.5", "number 3000000000".
            found = "number " + Encoding.UTF8.GetString(reader.ValueSpan);
        }
        var path = FormatPath(null, withIndexes: false);
        throw new JsonDecodeException(
            path.Length == 0
                ? $"json: cannot unmarshal {found} into Go value of type {goType}"
                : $"json: cannot unmarshal {found} into Go struct field {goStruct}.{path} of type {goType}",
            FormatPath(null, withIndexes: true));
    }

    private static bool IsNumericGoType(string goType)
        => goType is "int" or "int32" or "int64" or "uint" or "uint32" or "uint64" or "float32" or "float64";

    /// <summary>The current path, for error messages raised by special types.</summary>
    public string CurrentPath => FormatPath(null, withIndexes: true);

    private string FormatPath(string? leaf, bool withIndexes)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < _depth; i++)
        {
            if (_names[i] is { } name)
            {
                if (sb.Length > 0)
                {
                    sb.Append('.');
                }
                sb.Append(name);
            }
            else if (withIndexes)
            {
                sb.Append('[').Append(_indexes[i]).Append(']');
            }
        }
        if (leaf is not null)
        {
            if (sb.Length > 0)
            {
                sb.Append('.');
            }
            sb.Append(leaf);
        }
        return sb.ToString();
    }

    private void EnsureCapacity()
    {
        if (_depth == _names.Length)
        {
            Array.Resize(ref _names, _depth * 2);
            Array.Resize(ref _indexes, _depth * 2);
        }
    }
}
