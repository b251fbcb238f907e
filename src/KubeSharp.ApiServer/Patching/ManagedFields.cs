using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Runtime.CompilerServices;
using KubeSharp.Api.Schema;
using KubeSharp.Api.Serialization;
using TypedEntry = KubeSharp.Api.Meta.V1.ManagedFieldsEntry;

namespace KubeSharp.ApiServer.Patching;

/// <summary>
/// Managed-fields tracking for ordinary writes (create, update, JSON/merge/strategic patches): upstream's
/// <c>FieldManager.UpdateNoErrors</c>. The writing manager's Update entry gains the fields it changed or added and
/// other managers lose them; fields that disappeared are dropped from every entry.
/// </summary>
public static class ManagedFields
{
    private static readonly ConditionalWeakTable<SchemaDefinition, byte[]> s_zeroObjects = [];

    /// <summary>
    /// The <c>metadata.managedFields</c> of <paramref name="newObj"/> (encoded JSON) after an Update by
    /// <see cref="ManagedFieldsContext.Manager"/>, in upstream's order; null when there are none.
    /// <paramref name="oldObj"/> is the live object's JSON, or null on create (the kind's zero value is then the live
    /// object, as upstream compares against it). Managed fields sent in the request replace the live ones (an empty
    /// list, or one empty entry, resets them), except on subresources; on an internal failure the object gets no
    /// managed fields, as upstream does.
    /// </summary>
    /// <remarks><paramref name="previous"/>, the typed entries the object had, lends its FieldsV1 arrays to entries that
    /// come out the same.</remarks>
    public static List<TypedEntry>? Update(ReadOnlyMemory<byte>? oldObj, ReadOnlyMemory<byte> newObj, ManagedFieldsContext context, SchemaDefinition kind,
        ApiSchema? schema = null, IReadOnlyList<TypedEntry>? previous = null)
        => Update(oldObj, newObj, context, kind, schema, previous, shared: true);

    /// <summary>
    /// <see cref="Update(ReadOnlyMemory{byte}?, ReadOnlyMemory{byte}, ManagedFieldsContext, SchemaDefinition, ApiSchema?, IReadOnlyList{TypedEntry}?)"/>;
    /// <paramref name="shared"/> false decodes and writes every field set afresh instead of going through
    /// <see cref="FieldSetCache"/>, and walks without shared paths or pooled list matching (the reference the shared
    /// path is tested against).
    /// </summary>
    internal static List<TypedEntry>? Update(ReadOnlyMemory<byte>? oldObj, ReadOnlyMemory<byte> newObj, ManagedFieldsContext context, SchemaDefinition kind,
        ApiSchema? schema, IReadOnlyList<TypedEntry>? previous, bool shared)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(kind);
        schema ??= ApiSchema.Default;
        var liveJson = oldObj ?? ZeroObject(schema, kind);
        using var live = JsonDocument.Parse(liveJson, SsaElementWalker.DocumentOptions);
        using var result = JsonDocument.Parse(newObj, SsaElementWalker.DocumentOptions);
        var entries = DecodeLiveOrNew(oldObj is null ? null : live.RootElement, result.RootElement, context.Subresource.Length > 0, shared);
        var type = SsaType.ForDefinition(schema, kind);
        try
        {
            // Upstream: changed = (modified ∪ added) without the reset fields; every other manager loses changed and
            // removed; the writer gains changed without the stripped metadata (own). The walk records them so.
            var (own, strippedChanged, gone) = SsaElementWalker.Compare(live.RootElement, result.RootElement, type,
                context.EffectiveResetPaths, ManagedFieldsTracker.Stripped, shared);
            ManagedFieldsTracker.TakeOwnership(entries, context.Manager, context.ApiVersion, context.Subresource, own, strippedChanged, gone);

            ManagedFieldsEntry? updater = null;
            foreach (var entry in entries)
            {
                if (entry.Is(context.Manager, ManagedFieldsEntry.Update, context.ApiVersion, context.Subresource))
                {
                    updater = entry;
                    break;
                }
            }
            if (updater is not null)
            {
                updater.Set = updater.Set.Difference(gone).Union(own);
            }
            else if (!own.IsEmpty)
            {
                updater = new ManagedFieldsEntry
                {
                    Manager = context.Manager,
                    Operation = ManagedFieldsEntry.Update,
                    ApiVersion = context.ApiVersion,
                    Subresource = context.Subresource,
                    Set = own,
                };
                entries.Add(updater);
            }
            if (updater is not null && !own.IsEmpty)
            {
                updater.Time = ManagedFieldsEntry.FormatTime(context.Now);
            }
            entries.RemoveAll(e => e.Set.IsEmpty);
            return entries.Count == 0 ? null : ManagedFieldsEntry.ToTyped(entries, previous, shared);
        }
        catch (SsaFailure)
        {
            return null;
        }
    }

    /// <summary>
    /// <see cref="Update"/> on JSON trees: returns a copy of <paramref name="newObj"/> with <c>metadata.managedFields</c>
    /// set to the result (removed when there is none).
    /// </summary>
    public static JsonObject UpdateForUpdate(JsonObject? oldObj, JsonObject newObj, ManagedFieldsContext context, SchemaDefinition kind, ApiSchema? schema = null)
    {
        ArgumentNullException.ThrowIfNull(newObj);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(kind);
        var entries = Update(oldObj is null ? (ReadOnlyMemory<byte>?)null : Encode(oldObj), Encode(newObj), context, kind, schema);
        var result = (JsonObject)newObj.DeepClone();
        var metadata = result["metadata"] as JsonObject;
        if (entries is null)
        {
            metadata?.Remove("managedFields");
            return result;
        }
        if (metadata is null)
        {
            metadata = [];
            result["metadata"] = metadata;
        }
        var array = new JsonArray();
        foreach (var entry in entries)
        {
            array.Add(JsonNode.Parse(KubeJson.SerializeToUtf8Bytes(entry)));
        }
        metadata["managedFields"] = array;
        return result;
    }

    private static byte[] Encode(JsonObject obj)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer, KubeJson.WriterOptions))
        {
            obj.WriteTo(writer);
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The JSON of the kind's zero value, encoded once per kind.</summary>
    private static byte[] ZeroObject(ApiSchema schema, SchemaDefinition kind)
        => ReferenceEquals(schema, ApiSchema.Default)
            ? s_zeroObjects.GetValue(kind, k => Encode(SsaZeroObject.Of(ApiSchema.Default, k)))
            : Encode(SsaZeroObject.Of(schema, kind));

    /// <summary>Upstream's <c>decodeLiveOrNew</c>.</summary>
    private static List<ManagedFieldsEntry> DecodeLiveOrNew(JsonElement? oldObj, JsonElement newObj, bool subresource, bool shared)
    {
        if (subresource)
        {
            return Live(oldObj, shared);
        }
        if (ManagedFieldsEntry.RequestedEntries(newObj) is { } requested
            && (requested.GetArrayLength() == 0
                || (requested.GetArrayLength() == 1 && requested[0] is { ValueKind: JsonValueKind.Object } only && only.GetPropertyCount() == 0)))
        {
            return [];
        }
        var fromRequest = ManagedFieldsEntry.DecodeAll(newObj, shared);
        if (fromRequest is null || fromRequest.Count == 0)
        {
            return Live(oldObj, shared);
        }
        return fromRequest;
    }

    private static List<ManagedFieldsEntry> Live(JsonElement? oldObj, bool shared)
        => oldObj is { } live ? ManagedFieldsEntry.DecodeAll(live, shared) ?? [] : [];
}
