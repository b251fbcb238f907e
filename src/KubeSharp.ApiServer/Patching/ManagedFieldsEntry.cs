using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using KubeSharp.Api.Serialization;

namespace KubeSharp.ApiServer.Patching;

/// <summary>One decoded <c>metadata.managedFields</c> entry.</summary>
internal sealed class ManagedFieldsEntry
{
    public const string Apply = "Apply";
    public const string Update = "Update";

    public required string Manager { get; init; }

    public required string Operation { get; init; }

    private string _apiVersion = "";
    private string? _identity;

    public required string ApiVersion
    {
        get => _apiVersion;
        set
        {
            _apiVersion = value;
            _identity = null;
        }
    }

    public string? Time { get; set; }

    public string Subresource { get; init; } = "";

    public required FieldSet Set { get; set; }

    /// <summary>Upstream's manager identifier: Apply entries ignore the API version, Update entries include it.</summary>
    public string Identity => _identity ??= IdentityOf(Manager, Operation, ApiVersion, Subresource);

    /// <summary>Whether the entry has the identity <see cref="IdentityOf"/> gives these (compared field by field).</summary>
    public bool Is(string manager, string operation, string apiVersion, string subresource)
        => Manager == manager && Operation == operation && Subresource == subresource && (operation == Apply || ApiVersion == apiVersion);

    public static string IdentityOf(string manager, string operation, string apiVersion, string subresource)
        => $"{manager}\u0000{operation}\u0000{(operation == Apply ? "" : apiVersion)}\u0000{subresource}";

    /// <summary>Upstream's <c>printManager</c>: <c>"name"</c>, plus <c>with subresource "s"</c>, plus <c>using v1</c> for Update entries.</summary>
    public string Printed
    {
        get
        {
            var text = GoFmt.Quote(Manager);
            if (Subresource.Length > 0)
            {
                text += " with subresource " + GoFmt.Quote(Subresource);
            }
            return Operation == Update ? $"{text} using {ApiVersion}" : text;
        }
    }

    /// <summary>Decodes <c>metadata.managedFields</c>; null when an entry is malformed.</summary>
    public static List<ManagedFieldsEntry>? DecodeAll(JsonObject? obj)
    {
        if (obj?["metadata"]?["managedFields"] is not JsonArray entries)
        {
            return [];
        }
        using var document = JsonDocument.Parse(entries.ToJsonString(), SsaElementWalker.DocumentOptions);
        return DecodeEntries(document.RootElement);
    }

    /// <summary>Decodes the <c>metadata.managedFields</c> of an encoded object; null when an entry is malformed.</summary>
    /// <param name="obj">The object.</param>
    /// <param name="shared">Whether field sets come from (and go to) <see cref="FieldSetCache"/>; false decodes every
    /// FieldsV1 afresh (the reference the shared path is tested against).</param>
    public static List<ManagedFieldsEntry>? DecodeAll(JsonElement obj, bool shared = true)
        => RequestedEntries(obj) is { } entries ? DecodeEntries(entries, shared) : [];

    /// <summary>The object's <c>metadata.managedFields</c> when it is a list.</summary>
    public static JsonElement? RequestedEntries(JsonElement obj)
        => obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty("metadata"u8, out var metadata) && metadata.ValueKind == JsonValueKind.Object
            && metadata.TryGetProperty("managedFields"u8, out var entries) && entries.ValueKind == JsonValueKind.Array
            ? entries
            : null;

    private static List<ManagedFieldsEntry>? DecodeEntries(JsonElement entries, bool shared = true)
    {
        var result = new List<ManagedFieldsEntry>(entries.GetArrayLength());
        foreach (var entry in entries.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.Object)
            {
                return null;
            }
            var set = entry.TryGetProperty("fieldsV1"u8, out var fields) && fields.ValueKind != JsonValueKind.Null
                ? shared ? FieldSetCache.Decode(JsonMarshal.GetRawUtf8Value(fields)) : FieldSet.FromFieldsV1(JsonMarshal.GetRawUtf8Value(fields))
                : new FieldSet();
            if (set is null || Str(entry, "fieldsType"u8) is not (null or "FieldsV1"))
            {
                return null;
            }
            result.Add(new ManagedFieldsEntry
            {
                Manager = Str(entry, "manager"u8) ?? "",
                Operation = Str(entry, "operation"u8) ?? "",
                ApiVersion = Str(entry, "apiVersion"u8) ?? "",
                Time = Str(entry, "time"u8),
                Subresource = Str(entry, "subresource"u8) ?? "",
                Set = set,
            });
        }
        return result;
    }

    /// <summary>The entries in upstream's order (operation, time, manager, apiVersion, subresource); a stable sort.</summary>
    public static List<ManagedFieldsEntry> Sorted(IEnumerable<ManagedFieldsEntry> entries)
    {
        var sorted = new List<ManagedFieldsEntry>(entries);
        // Insertion sort: a handful of entries, and equal ones keep their order.
        for (var i = 1; i < sorted.Count; i++)
        {
            var entry = sorted[i];
            var j = i - 1;
            while (j >= 0 && Order(sorted[j], entry) > 0)
            {
                sorted[j + 1] = sorted[j];
                j--;
            }
            sorted[j + 1] = entry;
        }
        return sorted;
    }

    private static int Order(ManagedFieldsEntry a, ManagedFieldsEntry b)
    {
        var order = string.CompareOrdinal(a.Operation, b.Operation);
        if (order == 0)
        {
            order = string.CompareOrdinal(a.Time ?? "", b.Time ?? "");
        }
        if (order == 0)
        {
            order = string.CompareOrdinal(a.Manager, b.Manager);
        }
        if (order == 0)
        {
            order = string.CompareOrdinal(a.ApiVersion, b.ApiVersion);
        }
        return order == 0 ? string.CompareOrdinal(a.Subresource, b.Subresource) : order;
    }

    [ThreadStatic]
    private static (ArrayBufferWriter<byte> Buffer, Utf8JsonWriter Writer)? t_fieldsWriter;

    /// <summary>
    /// Writes the entries in upstream's order, as the typed API objects. A FieldsV1 that comes out byte-for-byte as one
    /// of <paramref name="previous"/> (the entries the object had) shares its array (FieldsV1 is never changed in place).
    /// </summary>
    /// <param name="entries">The entries.</param>
    /// <param name="previous">The entries the object had.</param>
    /// <param name="shared">Whether a set that knows its FieldsV1 text (<see cref="FieldSet.KnownFieldsV1"/>) answers
    /// with it, and a newly written one is kept in <see cref="FieldSetCache"/>; false writes every set.</param>
    public static List<Api.Meta.V1.ManagedFieldsEntry> ToTyped(IEnumerable<ManagedFieldsEntry> entries, IReadOnlyList<Api.Meta.V1.ManagedFieldsEntry>? previous = null,
        bool shared = true)
    {
        var sorted = Sorted(entries);
        var result = new List<Api.Meta.V1.ManagedFieldsEntry>(sorted.Count);
        foreach (var e in sorted)
        {
            result.Add(new Api.Meta.V1.ManagedFieldsEntry
            {
                Manager = e.Manager,
                Operation = e.Operation,
                ApiVersion = e.ApiVersion,
                Time = e.Time is null ? null : Api.Time.Parse(e.Time),
                FieldsType = "FieldsV1",
                FieldsV1 = FieldsV1Of(e.Set, previous, shared),
                Subresource = e.Subresource,
            });
        }
        return result;
    }

    private static Api.FieldsV1 FieldsV1Of(FieldSet set, IReadOnlyList<Api.Meta.V1.ManagedFieldsEntry>? previous, bool shared)
    {
        if (shared && set.KnownFieldsV1 is { } known)
        {
            return new Api.FieldsV1(known);
        }
        var (buffer, writer) = t_fieldsWriter ??= (new ArrayBufferWriter<byte>(1024), new Utf8JsonWriter(Stream.Null, KubeJson.WriterOptions));
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        set.WriteFieldsV1(writer);
        writer.Flush();
        var fields = Same(buffer.WrittenSpan, previous) ?? new Api.FieldsV1(buffer.WrittenSpan.ToArray());
        if (shared)
        {
            set.KnowFieldsV1(fields.Raw!);
            FieldSetCache.Remember(fields.Raw!, set);
        }
        return fields;
    }

    private static Api.FieldsV1? Same(ReadOnlySpan<byte> fields, IReadOnlyList<Api.Meta.V1.ManagedFieldsEntry>? previous)
    {
        if (previous is null)
        {
            return null;
        }
        foreach (var entry in previous)
        {
            if (entry.FieldsV1 is { Raw: { } raw } existing && raw.AsSpan().SequenceEqual(fields))
            {
                return existing;
            }
        }
        return null;
    }

    /// <summary>Writes the entries in upstream's order (operation, time, manager, apiVersion, subresource).</summary>
    public static JsonArray EncodeAll(IEnumerable<ManagedFieldsEntry> entries)
    {
        var typed = ToTyped(entries);
        var array = new JsonArray();
        foreach (var e in typed)
        {
            array.Add(JsonNode.Parse(KubeJson.SerializeToUtf8Bytes(e)));
        }
        return array;
    }

    /// <summary>RFC 3339 at second precision in UTC, as metav1.Time marshals.</summary>
    public static string FormatTime(DateTimeOffset time)
    {
        // Every write in the same second stamps the same text: the last second's is kept.
        var seconds = time.ToUnixTimeSeconds();
        if (Volatile.Read(ref s_lastSecond) is { } last && last.Seconds == seconds)
        {
            return last.Text;
        }
        var text = time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        Volatile.Write(ref s_lastSecond, new FormattedSecond(seconds, text));
        return text;
    }

    /// <summary>A second since the Unix epoch and its <see cref="FormatTime"/> text.</summary>
    private sealed record FormattedSecond(long Seconds, string Text);

    private static FormattedSecond? s_lastSecond;

    private static string? Str(JsonElement obj, ReadOnlySpan<byte> name)
        => obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? Interned(v) : null;

    private const int StringSlots = 256;

    /// <summary>Strings of entries by their raw JSON (a direct-mapped table: a colliding text replaces the slot's entry).</summary>
    private static readonly InternedString?[] s_strings = new InternedString?[StringSlots];

    /// <summary>A table entry of <see cref="Interned"/>.</summary>
    private sealed record InternedString(byte[] Raw, string Value);

    /// <summary>
    /// A string value, shared when it has no escapes and is short: the managers, operations, API versions and times
    /// of managedFields entries come back in every write.
    /// </summary>
    private static string Interned(JsonElement value)
    {
        var raw = JsonMarshal.GetRawUtf8Value(value);
        if (raw.Length > 64 || raw.Contains((byte)'\\'))
        {
            return value.GetString()!;
        }
        var hash = new HashCode();
        hash.AddBytes(raw);
        ref var slot = ref s_strings[hash.ToHashCode() & (StringSlots - 1)];
        if (Volatile.Read(ref slot) is { } cached && cached.Raw.AsSpan().SequenceEqual(raw))
        {
            return cached.Value;
        }
        var text = value.GetString()!;
        Volatile.Write(ref slot, new InternedString(raw.ToArray(), text));
        return text;
    }
}
